"""The hub's receivers: one per kind of content event, all reporting to core.invalidation."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import invalidation


def _published(sender, instance, **kwargs):
    invalidation.content_changed(invalidation.PAGE_PUBLISHED, instance)


def _unpublished(sender, instance, **kwargs):
    invalidation.content_changed(invalidation.PAGE_UNPUBLISHED, instance)


def _moved(sender, instance, **kwargs):
    invalidation.content_changed(invalidation.PAGE_MOVED, instance)


def _restriction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # a fixture load (manage.py restore) reports one change for all its rows
    invalidation.content_changed(invalidation.VIEW_RESTRICTION, instance)


def _site_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    invalidation.content_changed(invalidation.SITE, instance)


def _row_saved_or_deleted(sender, instance, raw=False, **kwargs):
    if raw:
        return
    # Deleting a live page unpublishes it first (Wagtail's pre_delete handler), but a draft
    # or a whole subtree goes without that signal, so deletes are reported on their own.
    if isinstance(instance, Page):
        if kwargs.get("signal") is post_delete:
            invalidation.content_changed(invalidation.PAGE_DELETED, instance)
        return
    event = invalidation.watched_event(sender)
    if event is not None:
        invalidation.content_changed(event, instance)


def connect():
    page_published.connect(_published, dispatch_uid="core-hub-published")
    page_unpublished.connect(_unpublished, dispatch_uid="core-hub-unpublished")
    post_page_move.connect(_moved, dispatch_uid="core-hub-moved")
    for signal in (post_save, post_delete):
        name = "saved" if signal is post_save else "deleted"
        signal.connect(
            _restriction_changed, sender=PageViewRestriction, dispatch_uid=f"core-hub-vr-{name}"
        )
        signal.connect(_site_changed, sender=Site, dispatch_uid=f"core-hub-site-{name}")
        # Without a sender: watched models register later, in their own apps' ready().
        signal.connect(_row_saved_or_deleted, dispatch_uid=f"core-hub-rows-{name}")
