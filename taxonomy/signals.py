"""Keep the cached tag cloud in step with content: any change readers could see clears it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished

from taxonomy import cloud
from taxonomy.models import Tag


def clear_cloud(**kwargs):
    # Now, so the rest of this transaction sees the change, and again after commit, so a request
    # that rebuilt the cloud from the old data while the transaction ran cannot keep it cached.
    cloud.invalidate()
    transaction.on_commit(cloud.invalidate)


def connect():
    # Deleting a live page unpublishes it first (Wagtail's own pre_delete handler), and scheduled
    # publishing sends page_published, so these two signals cover every post going in or out.
    page_published.connect(clear_cloud, dispatch_uid="taxonomy_cloud_publish")
    page_unpublished.connect(clear_cloud, dispatch_uid="taxonomy_cloud_unpublish")
    for signal, sender in [
        (post_save, Tag),
        (post_delete, Tag),
        (post_save, PageViewRestriction),
        (post_delete, PageViewRestriction),
        # The cloud's links start with the blog's address, which depends on the site.
        (post_save, Site),
        (post_delete, Site),
    ]:
        uid = f"taxonomy_cloud_{sender.__name__}_{id(signal)}"
        signal.connect(clear_cloud, sender=sender, dispatch_uid=uid)
