"""The renditions the templates ask for, made ahead of readers; and fetching the renditions of
many images in one query, however many images there are.

Every `{% picture %}` of the templates asks for one of the spec sets below (the same specs in
the same order, or Wagtail makes a second rendition); `tests/core/test_renditions.py` holds the
templates to them. Publishing a post makes its images' renditions then (posts.renditions), so
no reader's first view waits for an AVIF to be encoded.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db.models import prefetch_related_objects
from wagtail.images.models import AbstractImage, Filter

from core.body_links import leaves

logger = logging.getLogger(__name__)

# includes/post_card.html: the feed image of a post in a listing.
CARD_IMAGE_SPECS = tuple(Filter.expand_spec("fill-{400x225,800x450}|format-{avif,webp,jpeg}"))
# Author photos in the "About the authors" box and on author pages.
AUTHOR_PHOTO_SPECS = tuple(Filter.expand_spec("fill-{96x96,192x192}|format-{webp,jpeg}"))
# blocks/image.html, by the block's size.
BODY_IMAGE_SPECS = {
    "full": tuple(Filter.expand_spec("width-{800,1200,1600,2400}|format-{avif,webp,jpeg}")),
    "wide": tuple(Filter.expand_spec("width-{480,800,1200,1600}|format-{avif,webp,jpeg}")),
    "inline": tuple(Filter.expand_spec("width-{480,800,1200}|format-{avif,webp,jpeg}")),
}
# The social card (og:image) of a post's feed image.
SHARE_IMAGE_SPEC = "fill-1200x630"

_paused = ContextVar("renditions_paused", default=False)


@contextmanager
def made_on_first_view():
    """Within this block, publishing makes no renditions (a bulk load of many posts would
    otherwise encode every picture up front); readers' first views make them instead."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def make_renditions(image, specs):
    """Create whichever of these renditions the image lacks, in bulk. A missing or unreadable
    file is logged, not raised: the change that asked has committed and must not fail."""
    if image is None or not specs or _paused.get() or not settings.RENDITIONS_AHEAD:
        return
    try:
        image.get_renditions(*specs)
    except Exception:
        logger.exception("Could not make renditions of image %s", image.pk)


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
