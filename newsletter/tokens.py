"""Signed tokens for the links in emails. They carry a subscriber's random key, never the address.

A confirmation token expires with the pending subscription it confirms; unsubscribe and
preferences tokens never expire, because a reader may click the link in a digest from years
ago. Each kind has its own salt: one link never opens another's page.

Tokens are Django's signer output as it is (`<key>:<signature>`, with a timestamp between for
confirmations). The links are plain Django URLs with the `str` converter, which takes ":" (and
every other character the signer uses: base64url and hex, never "/").
"""

from django.core import signing

from newsletter.models import PENDING_LIFETIME

_CONFIRM_SALT = "newsletter.confirm"
_UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
_PREFERENCES_SALT = "newsletter.preferences"


class TokenExpired(Exception):
    """The token was ours but is too old."""


class TokenInvalid(Exception):
    """The token was not made by this site (forged, mangled or truncated)."""


def _from_legacy(token, separators):
    """Links sent before the endpoints became Django views carry ":" swapped for "_" (Wagtail's
    routes took only [\\w-]). The key (hex) and the timestamp (base62) hold no "_", so the first
    `separators` underscores are the swapped ones; the signature, which may hold "_", comes last.
    A token with a ":" is new-style and is left alone."""
    if ":" in token:
        return token
    return token.replace("_", ":", separators)


def confirm_token(subscriber):
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(subscriber.key.hex)


def unsubscribe_token(subscriber):
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(subscriber.key.hex)


def preferences_token(subscriber):
    return signing.Signer(salt=_PREFERENCES_SALT).sign(subscriber.key.hex)


def read_confirm_token(token):
    """The subscriber key in a confirmation token; raises TokenExpired or TokenInvalid."""
    try:
        signer = signing.TimestampSigner(salt=_CONFIRM_SALT)
        return signer.unsign(_from_legacy(token, 2), max_age=PENDING_LIFETIME)
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        raise TokenInvalid from None


def read_unsubscribe_token(token):
    """The subscriber key in an unsubscribe token; raises TokenInvalid."""
    try:
        return signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(_from_legacy(token, 1))
    except signing.BadSignature:
        raise TokenInvalid from None


def read_preferences_token(token):
    """The subscriber key in a preferences token; raises TokenInvalid."""
    try:
        return signing.Signer(salt=_PREFERENCES_SALT).unsign(token)
    except signing.BadSignature:
        raise TokenInvalid from None
