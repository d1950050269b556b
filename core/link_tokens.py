"""Signed tokens for the links in e-mails (newsletter, comment replies). A token carries a
record's random key, never an e-mail address; each kind of link has its own salt, so one link
never opens another's page. A timed token (a confirmation) expires; the others work for ever,
since a reader may click a link in an e-mail from years ago."""

from django.core import signing


class TokenExpired(Exception):
    """The token was ours but is too old."""


class TokenInvalid(Exception):
    """The token was not made by this site (forged, mangled or truncated)."""


def make_token(key, salt, timed=False):
    """A token for the UUID `key`: Django's signer output as it is (`<hex>:<signature>`, with a
    timestamp between when `timed`)."""
    signer = signing.TimestampSigner(salt=salt) if timed else signing.Signer(salt=salt)
    return signer.sign(key.hex)


def read_token(token, salt, max_age=None):
    """The key (hex) in `token`; `max_age` (seconds) reads a timed token. Raises TokenExpired or
    TokenInvalid."""
    try:
        if max_age is None:
            return signing.Signer(salt=salt).unsign(token)
        return signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        raise TokenInvalid from None
