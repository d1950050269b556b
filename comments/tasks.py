"""The comments' emails leave the request for the task queue (the newsletter's `email` queue),
so a comment's answer never waits on a mail server. Tasks are enqueued after the commit."""

import logging

from django_tasks import task

from comments import emails
from comments.models import Comment
from posts.models import PostPage

logger = logging.getLogger(__name__)

EMAIL_QUEUE = "email"


def _send(message, what, pk):
    try:
        message.send()
    except Exception:
        logger.exception("Could not send %s for comment %s", what, pk)
        return "failed"
    return "sent"


@task(queue_name=EMAIL_QUEUE)
def send_reply_confirmation(comment_pk):
    comment = Comment.objects.select_related("post").filter(pk=comment_pk).first()
    if comment is None or not comment.notify_replies or comment.notify_confirmed_at:
        return "nothing due"
    return _send(emails.reply_confirmation_message(comment), "a confirmation", comment_pk)


@task(queue_name=EMAIL_QUEUE)
def notify_reply(reply_pk):
    """Tell the parent's commenter about an approved reply, if they asked and confirmed."""
    reply = Comment.objects.select_related("parent", "parent__post").filter(pk=reply_pk).first()
    if reply is None or reply.status != Comment.Status.APPROVED or reply.parent is None:
        return "nothing due"
    parent = reply.parent
    if not parent.wants_replies or parent.email.lower() == reply.email.lower():
        return "nothing due"
    # Moderation or the post may have changed since this was queued: a reply is news only
    # under a comment still shown, on a post readers can still see.
    if parent.status != Comment.Status.APPROVED or not (
        PostPage.objects.live().public().filter(pk=reply.post_id).exists()
    ):
        return "nothing due"
    return _send(emails.reply_message(parent, reply), "a reply", reply_pk)


@task(queue_name=EMAIL_QUEUE)
def notify_moderators(comment_pk):
    comment = Comment.objects.select_related("post").filter(pk=comment_pk).first()
    if comment is None or comment.status != Comment.Status.HELD:
        return "nothing due"
    recipients = emails.moderators()
    if not recipients:
        return "nobody to tell"
    return _send(emails.held_comment_message(comment, recipients), "a moderation note", comment_pk)
