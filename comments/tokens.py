"""Signed tokens for a commenter's links, the newsletter's way (newsletter/tokens.py): they
carry the comment's random key, never the address. A confirmation expires after a week; an
unsubscribe link works for ever, since a reader may use it years later."""

from django.core import signing

CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
_CONFIRM_SALT = "comments.confirm-replies"
_UNSUBSCRIBE_SALT = "comments.unsubscribe-replies"


class TokenExpired(Exception):
    pass


class TokenInvalid(Exception):
    pass


def confirm_token(comment):
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(comment.key.hex)


def unsubscribe_token(comment):
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(comment.key.hex)


def read_confirm_token(token):
    try:
        return signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise TokenExpired from None
    except signing.BadSignature:
        raise TokenInvalid from None


def read_unsubscribe_token(token):
    try:
        return signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        raise TokenInvalid from None
