"""Signed tokens for the links in emails (core/link_tokens.py). They carry a subscriber's random
key, never the address.

A confirmation token expires with the pending subscription it confirms; unsubscribe and
preferences tokens never expire, because a reader may click the link in a digest from years
ago. Each kind has its own salt: one link never opens another's page.

Tokens are Django's signer output as it is (`<key>:<signature>`, with a timestamp between for
confirmations). The links are plain Django URLs with the `str` converter, which takes ":" (and
every other character the signer uses: base64url and hex, never "/").
"""

from core.link_tokens import TokenExpired, TokenInvalid, make_token, read_token
from newsletter.models import PENDING_LIFETIME

__all__ = ["TokenExpired", "TokenInvalid"]

_CONFIRM_SALT = "newsletter.confirm"
_UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
_PREFERENCES_SALT = "newsletter.preferences"


def _from_legacy(token, separators):
    """Links sent before the endpoints became Django views carry ":" swapped for "_" (Wagtail's
    routes took only [\\w-]). The key (hex) and the timestamp (base62) hold no "_", so the first
    `separators` underscores are the swapped ones; the signature, which may hold "_", comes last.
    A token with a ":" is new-style and is left alone."""
    if ":" in token:
        return token
    return token.replace("_", ":", separators)


def confirm_token(subscriber):
    return make_token(subscriber.key, _CONFIRM_SALT, timed=True)


def unsubscribe_token(subscriber):
    return make_token(subscriber.key, _UNSUBSCRIBE_SALT)


def preferences_token(subscriber):
    return make_token(subscriber.key, _PREFERENCES_SALT)


def read_confirm_token(token):
    """The subscriber key in a confirmation token; raises TokenExpired or TokenInvalid."""
    return read_token(_from_legacy(token, 2), _CONFIRM_SALT, max_age=PENDING_LIFETIME)


def read_unsubscribe_token(token):
    """The subscriber key in an unsubscribe token; raises TokenInvalid."""
    return read_token(_from_legacy(token, 1), _UNSUBSCRIBE_SALT)


def read_preferences_token(token):
    """The subscriber key in a preferences token; raises TokenInvalid."""
    return read_token(token, _PREFERENCES_SALT)
