"""Post bodies as self-contained HTML for feed readers, rendered for many posts in fixed queries.

A feed reader shows a post away from the site, so every link and image address must be absolute.
Rendering each body on its own would cost queries per post and per block (chooser lookups,
renditions, rich-text page links); here the bodies of all posts are converted together:

- `StreamBlock.bulk_to_python` fetches every chosen image and document of every post at once;
- every image's renditions are prefetched in one query;
- every rich-text link to a page is resolved in one query and written as a plain absolute link;
- every embed's stored markup is read in one query.
"""

import re
from urllib.parse import urljoin

from django.utils.html import escape
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText

from core.blocks import BodyRenderState
from core.body_links import leaves, resolve_page_links, stored_embeds
from core.renditions import prefetch_renditions

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


def prepare_bodies(posts, request):
    """Convert the bodies of `posts` together, so that rendering them needs no further queries.

    Each post's `body` is replaced by its fully loaded value; returns the stored embeds of all
    bodies for `render_body`.
    """
    if not posts:
        return {}
    stream_block = type(posts[0]).body.field.stream_block
    values = stream_block.bulk_to_python([list(post.body.raw_data) for post in posts])
    images, rich_texts = [], []
    for post, value in zip(posts, values, strict=True):
        post.body = value
        for leaf in leaves(value):
            if isinstance(leaf, AbstractImage):
                images.append(leaf)
            elif isinstance(leaf, RichText):
                rich_texts.append(leaf)
    prefetch_renditions(images)
    resolve_page_links(rich_texts, request, absolute=True)
    return stored_embeds(values)


def render_body(post, request, post_url, embeds=None):
    """The post's body as HTML with absolute addresses (call `prepare_bodies` first and pass
    the embeds it returned)."""
    context = {
        "request": request,
        "page": post,
        "in_feed": True,
        "body_state": BodyRenderState(embeds=embeds),
    }
    html = post.body.render_as_block(context=context)
    return absolutize(str(html), post_url)
