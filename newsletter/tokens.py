"""Signed tokens for the links in emails. They carry a subscriber's random key, never the address.

A confirmation token expires with the pending subscription it confirms; an unsubscribe token
never expires, because a reader may click the link in a digest from years ago.
"""

from django.core import signing

from newsletter.models import PENDING_LIFETIME

_CONFIRM_SALT = "newsletter.confirm"
_UNSUBSCRIBE_SALT = "newsletter.unsubscribe"


# Wagtail serves only [\w-] in a path segment, so the signer's ":" separators become "_".
# The key (hex) and timestamp (base62) hold no "_", so the first separators are always ours;
# the signature, which may contain "_", comes last.
def _to_url(signed, separators):
    return signed.replace(":", "_", separators)


def _from_url(token, separators):
    return token.replace("_", ":", separators)


class TokenExpired(Exception):
    """The token was ours but is too old."""


class TokenInvalid(Exception):
    """The token was not made by this site (forged, mangled or truncated)."""


def confirm_token(subscriber):
    return _to_url(signing.TimestampSigner(salt=_CONFIRM_SALT).sign(subscriber.key.hex), 2)


def unsubscribe_token(subscriber):
    return _to_url(signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(subscriber.key.hex), 1)


def read_confirm_token(token):
    """The subscriber key in a confirmation token; raises TokenExpired or TokenInvalid."""
    try:
        signer = signing.TimestampSigner(salt=_CONFIRM_SALT)
        return signer.unsign(_from_url(token, 2), max_age=PENDING_LIFETIME)
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        raise TokenInvalid from None


def read_unsubscribe_token(token):
    """The subscriber key in an unsubscribe token; raises TokenInvalid."""
    try:
        return signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(_from_url(token, 1))
    except signing.BadSignature:
        raise TokenInvalid from None
