"""A post's first publish starts its email to the readers who asked for each new post.

Wagtail sends `page_published` for an editor's publish and for `publish_scheduled` putting a
scheduled post live; it also sends it when an editor schedules a post, which is not live yet
(`is_first_publish` says no then, and says yes at the go-live time). The task is enqueued once
the publish commits, so the worker finds the post live.
"""

from django.db import transaction
from wagtail.signals import page_published

from newsletter import tasks
from newsletter.post_emails import is_first_publish
from posts.models import PostPage


def _post_published(sender, instance, **kwargs):
    if not (instance.email_subscribers and is_first_publish(instance)):
        return
    post_pk = instance.pk
    transaction.on_commit(lambda: tasks.start_post_email.enqueue(post_pk))


def connect():
    page_published.connect(_post_published, sender=PostPage, dispatch_uid="newsletter-post-email")
