"""A commenter's personal data: export, and erasure (core/personal_data.py runs both).

Erasing keeps the comments' text, signed "Anonymous": a discussion with its middle cut out
reads wrongly, and the text was published by its writer. What identifies them goes: their
name, their e-mail address and their reply-notification choice. A commenter who wants the
text gone too asks a moderator to delete the comments (the admin's delete, or bulk delete).
Held and spam comments are deleted outright: they were never published.
"""

from django.db import transaction

from comments.models import Comment

ANONYMOUS = "Anonymous"


def _iso(value):
    return value.isoformat() if value else None


def comments_of(email):
    return Comment.objects.filter(email__iexact=email.strip()).select_related("post")


def export(email):
    return [
        {
            "post": comment.post.title,
            "post_id": comment.post_id,
            "name": comment.name,
            "email": comment.email,
            "text": comment.text,
            "status": comment.status,
            "written": _iso(comment.created_at),
            "in_reply_to": comment.parent_id,
            "email_replies": comment.notify_replies,
            "email_replies_confirmed": _iso(comment.notify_confirmed_at),
        }
        for comment in comments_of(email).order_by("created_at")
    ] or None


def erase(email):
    changed = 0
    with transaction.atomic():
        for comment in comments_of(email):
            if comment.status != Comment.Status.APPROVED:
                comment.delete()
            else:
                comment.name = ANONYMOUS
                comment.email = ""
                comment.notify_replies = False
                comment.notify_confirmed_at = None
                comment.erased = True
                # A visible comment changes: saved through the usual path, so the cached
                # page that named the commenter is retired.
                comment.save()
            changed += 1
    return changed
