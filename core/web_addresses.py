"""Web addresses that may become links: http(s) only.

Forms already refuse other schemes, but rows also arrive from the WordPress importer, data
migrations and the shell. Templates pass every stored address through the `web_address`
filter, so a `javascript:` or `data:` address can never become a link, whatever wrote it.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

WEB_SCHEMES = frozenset({"http", "https"})


def is_web_address(value):
    try:
        parts = urlsplit(str(value).strip())
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def validate_web_address(value):
    if value and not is_web_address(value):
        raise ValidationError("Enter a web address starting with http:// or https://.")


def web_address_or_empty(value):
    return value if value and is_web_address(value) else ""
