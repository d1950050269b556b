"""What happens when a comment arrives, is approved, marked spam or deleted.

Readers see only approved comments, so only a change into or out of `approved` is a content
event: the post's denormalised count (`PostPage.comment_count`) is recomputed and the
invalidation hub is told (`invalidation.COMMENT`), which retires the cached post page, listing
cards and feeds once the change commits. A comment held for moderation changes nothing a
reader sees, and so costs no cache.

Saves and deletes are heard by receivers (connected in `CommentsConfig.ready()`), so the
admin's own edit and delete views, the bulk actions, cascades from a deleted post and the
importer all take the same path. The importer pauses them and recounts once per post.
"""

import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from comments import tasks
from comments.models import Comment
from core import invalidation
from posts.models import PostPage

_state = threading.local()


@contextmanager
def events_paused():
    """Within it, saves and deletes of comments neither recount, notify nor purge: a bulk
    writer (the importer) calls `refresh_counts` itself once it is done."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def paused():
    return getattr(_state, "paused", False)


# The largest id a database column holds: a longer number in an address is no post, and
# SQLite refuses to compare with it at all.
MAX_ID = 2**63 - 1


def visible_post(post_id):
    """The live, public post, or 404: drafts, private and deleted posts take no comments."""
    post = None
    if 0 < post_id <= MAX_ID:
        post = PostPage.objects.live().public().filter(pk=post_id).first()
    if post is None:
        raise Http404("No such post.")
    return post


def shown_comments():
    """Approved comments a reader can see on a post: top-level ones, and replies whose
    parent is approved too (a reply under a comment marked spam goes with it)."""
    return Comment.objects.filter(status=Comment.Status.APPROVED).filter(
        Q(parent__isnull=True) | Q(parent__status=Comment.Status.APPROVED)
    )


def refresh_counts(post_ids):
    """Store each post's number of shown comments on it, in one UPDATE."""
    post_ids = list(post_ids)
    if not post_ids:
        return
    count = (
        shown_comments()
        .filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    PostPage.objects.filter(pk__in=post_ids).update(
        comment_count=Coalesce(Subquery(count, output_field=IntegerField()), 0)
    )


def visibility_changed(post_id):
    refresh_counts([post_id])
    invalidation.content_changed(invalidation.COMMENT, post_id)


def initial_status(email, rules):
    """Held, unless the site lets approved commenters straight through and this address has
    an approved comment already."""
    if rules.hold_all:
        return Comment.Status.HELD
    known = Comment.objects.filter(email__iexact=email, status=Comment.Status.APPROVED).exists()
    return Comment.Status.APPROVED if known else Comment.Status.HELD


def set_status(comments, status):
    """Approve or mark as spam (moderators' actions); each comment's save is heard below."""
    changed = 0
    for comment in comments:
        if comment.status != status:
            comment.status = status
            comment.moderated_at = timezone.now()
            comment.save(update_fields=["status", "moderated_at"])
            changed += 1
    return changed


# --- receivers ---------------------------------------------------------------------------------


def remember_status(sender, instance, **kwargs):
    """post_init: what the row said when loaded, to tell a change of status on save."""
    instance._loaded_status = instance.status if instance.pk else None


def comment_saved(sender, instance, created, raw=False, **kwargs):
    if raw or paused():
        return
    before = getattr(instance, "_loaded_status", None)
    now = instance.status
    instance._loaded_status = now
    approved = Comment.Status.APPROVED
    if (before == approved) != (now == approved):
        visibility_changed(instance.post_id)
        # Only a reply's first approval is news: approved again after being marked spam by
        # mistake, it was told already.
        if now == approved and instance.parent_id and before in (None, Comment.Status.HELD):
            pk = instance.pk
            transaction.on_commit(lambda: tasks.notify_reply.enqueue(pk))
    elif now == approved and not created and not _only_notification_fields(kwargs):
        # Edited by a moderator while visible: the page shows the new text. (A commenter
        # confirming or stopping reply emails changes nothing on the page.)
        visibility_changed(instance.post_id)
    if created and now == Comment.Status.HELD:
        pk = instance.pk
        transaction.on_commit(lambda: tasks.notify_moderators.enqueue(pk))
    if created and instance.notify_replies and instance.notify_confirmed_at is None:
        pk = instance.pk
        transaction.on_commit(lambda: tasks.send_reply_confirmation.enqueue(pk))


def _only_notification_fields(save_kwargs):
    fields = save_kwargs.get("update_fields")
    return fields is not None and set(fields) <= {"notify_replies", "notify_confirmed_at"}


def comment_deleted(sender, instance, **kwargs):
    if paused():
        return
    if getattr(instance, "_loaded_status", instance.status) == Comment.Status.APPROVED:
        visibility_changed(instance.post_id)
