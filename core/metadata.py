"""What search engines and social networks read about a page: title, description, canonical
address, share image, OpenGraph and Twitter card tags, feed autodiscovery and JSON-LD.

Each page type says what it is through one method, `get_metadata(request, context)`, which
returns a `Metadata`; `MetadataMixin` gives every page the default from its promote fields.
A route or a plain view that is not a page of its own (a tag page, search) puts a `metadata`
in its context instead. `{% page_metadata %}` (core/templatetags/metadata_tags.py) renders
templates/includes/head_meta.html from it. This module knows no app above core.
"""

import dataclasses
import datetime
import json
import logging
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.pagination import page_number
from core.renditions import SHARE_IMAGE_SPEC

DESCRIPTION_MAX_CHARS = 200
# The size OpenGraph and Twitter crop to without letterboxing.
WEBSITE, ARTICLE = "website", "article"
# Characters that could end a <script> element or start a comment inside it, as JSON escapes.
JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute: crawlers fetch it without knowing the page's host
    width: int
    height: int
    alt: str = ""


@dataclass(frozen=True)
class FeedLink:
    """One autodiscovery link: <link rel="alternate" type=… title=… href=…>."""

    type: str  # MIME type, e.g. application/rss+xml
    title: str
    url: str  # absolute


@dataclass
class Metadata:
    title: str = ""
    description: str = ""
    canonical: str = ""
    image: ShareImage | None = None
    type: str = WEBSITE
    noindex: bool = False
    feeds: list[FeedLink] = field(default_factory=list)
    # Article fields, printed only when type is ARTICLE.
    published: datetime.datetime | None = None
    modified: datetime.datetime | None = None
    authors: list[str] = field(default_factory=list)  # profile URLs, else names
    tags: list[str] = field(default_factory=list)
    structured_data: dict | None = None  # printed as JSON-LD

    def __post_init__(self):
        # Done here, not by each page type, so no source can skip it. Both steps are
        # idempotent, which `replace()` (it runs this again) relies on.
        self.description = plain_description(self.description)
        self.feeds = unique_feeds(self.feeds)

    def replace(self, **changes):
        """A copy with `changes`: how a page type or route extends a more general default."""
        return dataclasses.replace(self, **changes)

    @property
    def json_ld(self):
        return json_ld_script(self.structured_data) if self.structured_data else ""


class MetadataMixin:
    """The default for any Wagtail page: the promote tab's SEO title and search description.

    Page types override `get_metadata`, calling super() and `replace()`-ing what they know
    better (a fallback description, an image, feeds, article fields).
    """

    def get_metadata(self, request, context=None):
        """`context` is the page's template context, so values its get_context() already
        fetched (a post's authors, the home page's blog) are reused, not queried again."""
        return Metadata(
            title=self.seo_title or self.title,
            description=self.search_description,
            canonical=canonical_url(request),
        )


def plain_description(text):
    """One line of plain text, at most DESCRIPTION_MAX_CHARS long (rich text loses its tags)."""
    text = " ".join(strip_tags(str(text or "")).split())
    return Truncator(text).chars(DESCRIPTION_MAX_CHARS)


def canonical_url(request):
    """This address on the host the reader used, keeping only a meaningful `?page=`: tracking
    parameters and `?page=1` would otherwise split one page into many for search engines."""
    number = page_number(request)
    query = f"?page={number}" if number > 1 else ""
    return request.build_absolute_uri(request.path) + query


def unique_feeds(feeds):
    """`feeds` without repeats of an address already listed (the first title wins)."""
    seen = set()
    unique = []
    for feed in feeds:
        if feed.url not in seen:
            seen.add(feed.url)
            unique.append(feed)
    return unique


def share_image(request, image, spec=SHARE_IMAGE_SPEC):
    """A Wagtail image as a ShareImage, cropped for cards; None for no image."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except OSError:  # the original is missing, or the media volume cannot be written
        logger.exception("No share image from image %s (%s)", image.pk, image.file.name)
        return None
    return ShareImage(
        url=request.build_absolute_uri(rendition.url),
        width=rendition.width,
        height=rendition.height,
        alt=getattr(image, "description", "") or image.title,
    )


def json_ld_script(data):
    """A <script type="application/ld+json"> element that no value in `data` can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
