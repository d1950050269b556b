"""Post bodies as self-contained HTML for feed readers, rendered for many posts in fixed queries.

A feed reader shows a post away from the site, so every link and image address must be absolute.
Rendering each body on its own would cost queries per post and per block (chooser lookups,
renditions, rich-text page links); here the bodies of all posts are converted together:

- `StreamBlock.bulk_to_python` fetches every chosen image and document of every post at once;
- every image's renditions are prefetched in one query;
- every rich-text link to a page is resolved in one query and written as a plain absolute link.
"""

import re
from urllib.parse import urljoin

from django.db.models import prefetch_related_objects
from django.utils.html import escape
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

# Attributes that hold one address, and `srcset`, which holds a list of "address width" pairs.
URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster|cite)=")([^"]*)(")')
SRCSET_ATTRIBUTE = re.compile(r'(\ssrcset=")([^"]*)(")')
# Addresses that are already complete or are not locations (mailto:, tel:, data:).
HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def absolutize(html, base_url):
    """`html` with every relative href/src/srcset address resolved against `base_url`."""

    def resolve(url):
        url = url.strip()
        if not url or HAS_SCHEME.match(url) or url.startswith("//"):
            return url
        # The attribute value is HTML-escaped; join on the real address, then escape it again.
        return escape(urljoin(base_url, url.replace("&amp;", "&")))

    def one(match):
        return match.group(1) + resolve(match.group(2)) + match.group(3)

    def many(match):
        candidates = []
        for candidate in match.group(2).split(","):
            parts = candidate.split()
            if parts:
                candidates.append(" ".join([resolve(parts[0]), *parts[1:]]))
        return match.group(1) + ", ".join(candidates) + match.group(3)

    return SRCSET_ATTRIBUTE.sub(many, URL_ATTRIBUTE.sub(one, html))


def _leaves(value):
    """Every non-container value inside a block value (stream, struct, list), depth first."""
    if isinstance(value, StreamValue):
        for child in value:
            yield from _leaves(child.value)
    elif isinstance(value, (StructValue, dict)):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, (ListValue, list, tuple)):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _page_link_ids(source):
    for match in FIND_A_TAG.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "page" and attrs.get("id", "").isdigit():
            yield int(attrs["id"])


def _resolve_page_links(source, urls):
    """Rich text with its page links written as plain links (expanded later with no query)."""

    def replace(match):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") != "page":
            return match.group(0)
        url = urls.get(int(attrs["id"])) if attrs.get("id", "").isdigit() else None
        # A link to a deleted page keeps its text but no longer points anywhere.
        return f'<a href="{escape(url)}">' if url else "<a>"

    return FIND_A_TAG.sub(replace, source)


def prepare_bodies(posts, request):
    """Convert the bodies of `posts` together, so that rendering them needs no further queries.

    Returns nothing; each post's `body` is replaced by its fully loaded value.
    """
    if not posts:
        return
    stream_block = type(posts[0]).body.field.stream_block
    values = stream_block.bulk_to_python([list(post.body.raw_data) for post in posts])
    images, rich_texts = [], []
    for post, value in zip(posts, values, strict=True):
        post.body = value
        for leaf in _leaves(value):
            if isinstance(leaf, AbstractImage):
                images.append(leaf)
            elif isinstance(leaf, RichText):
                rich_texts.append(leaf)
    # All renditions of each image: the block templates choose the specs, so we prefetch them all.
    prefetch_related_objects(images, "renditions")
    page_ids = {pk for text in rich_texts for pk in _page_link_ids(text.source)}
    urls = {}
    if page_ids:
        for page in Page.objects.filter(pk__in=page_ids).only("pk", "url_path", "live"):
            url = page.get_url(request) if page.live else None
            urls[page.pk] = request.build_absolute_uri(url) if url else None
    for text in rich_texts:
        text.source = _resolve_page_links(text.source, urls)


def render_body(post, request, post_url):
    """The post's body as HTML with absolute addresses (call `prepare_bodies` first)."""
    html = post.body.render_as_block(context={"request": request, "page": post, "in_feed": True})
    return absolutize(str(html), post_url)
