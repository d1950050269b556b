"""Signed tokens for a commenter's links (core/link_tokens.py): they carry the comment's random
key, never the address. A confirmation expires after a week; an unsubscribe link works for
ever, since a reader may use it years later."""

from core.link_tokens import TokenExpired, TokenInvalid, make_token, read_token

__all__ = ["TokenExpired", "TokenInvalid"]

CONFIRM_MAX_AGE = 7 * 24 * 60 * 60
_CONFIRM_SALT = "comments.confirm-replies"
_UNSUBSCRIBE_SALT = "comments.unsubscribe-replies"


def confirm_token(comment):
    return make_token(comment.key, _CONFIRM_SALT, timed=True)


def unsubscribe_token(comment):
    return make_token(comment.key, _UNSUBSCRIBE_SALT)


def read_confirm_token(token):
    return read_token(token, _CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def read_unsubscribe_token(token):
    return read_token(token, _UNSUBSCRIBE_SALT)
