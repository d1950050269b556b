"""Fetching the renditions of many images in one query, however many images there are."""

from django.db.models import prefetch_related_objects
from wagtail.images.models import AbstractImage

from core.body_links import leaves


def prefetch_renditions(images):
    """Attach every existing rendition of these images to them, in one query.

    Wagtail then looks renditions up in memory (creating any that are missing) instead of
    asking the database once per image. All renditions, not chosen specs: the block templates
    decide the specs. Django also points each rendition back at its loaded image, so reading
    the image (for alt text) costs nothing.
    """
    prefetch_related_objects(images, "renditions")


def body_images(body):
    """The chosen images of a loaded body, wherever they sit in it. The images themselves come
    from the StreamField's own bulk lookup, one query for all image blocks."""
    return [leaf for leaf in leaves(body) if isinstance(leaf, AbstractImage)]


def prefetch_body_renditions(body):
    prefetch_renditions(body_images(body))
