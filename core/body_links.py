"""What a body's blocks link to, loaded for the whole body at once instead of block by block.

Rendered one by one, each rich text resolves its page links with queries of its own, and each
embed looks up its stored provider markup. A page that shows a body (a post, a feed of many
posts) calls these first, so the query count does not grow with the number of blocks.
"""

from django.utils.html import escape
from django.utils.timezone import now
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs


def leaves(value):
    """Every non-container value inside a block value (stream, struct, list), depth first."""
    if isinstance(value, StreamValue):
        for child in value:
            yield from leaves(child.value)
    elif isinstance(value, (StructValue, dict)):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, (ListValue, list, tuple)):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def _page_link_ids(source):
    for match in FIND_A_TAG.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "page" and attrs.get("id", "").isdigit():
            yield int(attrs["id"])


def linked_page_ids(rich_texts):
    """The ids of the pages these RichText values link to."""
    return {pk for text in rich_texts for pk in _page_link_ids(text.source)}


def _with_plain_page_links(source, urls):
    def replace(match):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") != "page":
            return match.group(0)
        url = urls.get(int(attrs["id"])) if attrs.get("id", "").isdigit() else None
        # A link to a deleted or unpublished page keeps its text but no longer points anywhere.
        return f'<a href="{escape(url)}">' if url else "<a>"

    return FIND_A_TAG.sub(replace, source)


def resolve_page_links(rich_texts, request, absolute=False):
    """Rewrite the page links of these RichText values as plain links, in one query for all,
    so expanding them later costs nothing. `absolute` gives full addresses (feeds)."""
    page_ids = {pk for text in rich_texts for pk in _page_link_ids(text.source)}
    if not page_ids:
        return
    # A page that is not live (a draft, or a post scheduled for later) gets no link.
    urls = {}
    for page in Page.objects.filter(pk__in=page_ids).only("pk", "url_path", "live"):
        url = page.get_url(request) if page.live else None
        urls[page.pk] = request.build_absolute_uri(url) if (url and absolute) else url
    for text in rich_texts:
        text.source = _with_plain_page_links(text.source, urls)


def rich_texts_of(body):
    return [leaf for leaf in leaves(body) if isinstance(leaf, RichText)]


def stored_embeds(bodies):
    """{url: provider HTML} of the embeds in these bodies that are stored and still fresh."""
    urls = {
        block.value["url"]
        for body in bodies
        for block in body
        if block.block_type == "embed" and block.value["url"]
    }
    if not urls:
        return {}
    by_hash = {get_embed_hash(url): url for url in urls}
    fresh = Embed.objects.filter(hash__in=by_hash).exclude(cache_until__lte=now())
    return {by_hash[embed.hash]: embed.html for embed in fresh.only("hash", "html")}
