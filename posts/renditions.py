"""The renditions of a post's pictures, made when it is published or one of them is saved.

Consumers of the invalidation hub, so they run once the change commits (a rolled-back publish
makes nothing); the encoding itself is a task, so the editor's request does not wait for it
(a worker does it in production). A rendition Wagtail makes on a reader's view costs that
reader the encoding of every size and format of the picture; made here, the first view finds
them all.
"""

from django.apps import apps
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from core import invalidation
from core.blocks import stored_image_blocks
from core.renditions import (
    AUTHOR_PHOTO_SPECS,
    BODY_IMAGE_SPECS,
    CARD_IMAGE_SPECS,
    SHARE_IMAGE_SPEC,
    make_renditions,
)
from posts.models import Author, PostPage

EVENTS = frozenset({invalidation.PAGE_PUBLISHED, invalidation.MEDIA})
FEED_IMAGE_SPECS = (*CARD_IMAGE_SPECS, SHARE_IMAGE_SPEC)


def post_pictures(post):
    """(image, specs) for every picture the post's page and card show."""
    pictures = []
    if post.listing_image is not None:
        pictures.append((post.listing_image, FEED_IMAGE_SPECS))
    # The stored form: a long body is not built into block objects for its few pictures.
    values = stored_image_blocks(post.body)
    images = get_image_model().objects.in_bulk([value["image"] for value in values])
    for value in values:
        if value["image"] in images:
            specs = BODY_IMAGE_SPECS.get(value.get("size"), BODY_IMAGE_SPECS["inline"])
            pictures.append((images[value["image"]], specs))
    for link in post.post_authors.select_related("author__photo"):
        if link.author.photo is not None:
            pictures.append((link.author.photo, AUTHOR_PHOTO_SPECS))
    return pictures


def image_roles(image):
    """The specs an image saved anew needs for where it already appears: as a live post's
    feed image or an author's photo. (A picture in a body gets its renditions when the post
    is next published.)"""
    specs = []
    if PostPage.objects.live().filter(listing_image=image).exists():
        specs += FEED_IMAGE_SPECS
    if Author.objects.filter(photo=image).exists():
        specs += AUTHOR_PHOTO_SPECS
    return specs


def make_for_change(change):
    """The hub's consumer: enqueue the making (it already runs after the commit)."""
    if change.event == invalidation.PAGE_PUBLISHED:
        make_renditions_task.enqueue("post", change.pk)
    elif change.model is not None and issubclass(change.model, AbstractImage):
        make_renditions_task.enqueue(change.model._meta.label, change.pk)


@task()
def make_renditions_task(kind, pk):
    """`kind`: "post" for a published page (if it is a post), else an image model's label."""
    if kind == "post":
        post = PostPage.objects.filter(pk=pk).select_related("listing_image").first()
        if post is not None:
            for image, specs in post_pictures(post):
                make_renditions(image, specs)
        return
    image = apps.get_model(kind).objects.filter(pk=pk).first()
    if image is not None:  # not deleted
        make_renditions(image, image_roles(image))
