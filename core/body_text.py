"""The words of a StreamField body as a reader reads them: one walk that summaries, reading
time and search excerpts all build on, so they agree on what the body says.

The walk reads the body's raw (stored) data through the block definitions rather than its
loaded values: it asks the database nothing (no image or document lookups), and it can tell
prose from a choice such as a heading level or an address, which are strings too.
"""

import html
import re

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock

# Where rich text starts or ends a block (a paragraph, a list item, a line break): a space put
# before each keeps "</p><p>" from gluing two words together. Inline tags (bold, links,
# superscript) get none, so "<b>Smith</b>, J" stays "Smith, J" and not "Smith , J".
BLOCK_BOUNDARY = re.compile(r"<(?:/?(?:p|li|ul|ol|h[1-6]|div|blockquote|tr|td|th)\b|br)", re.I)


def rich_text_to_plain(source):
    """Rich text HTML as plain text, with the words of adjacent blocks kept apart."""
    return html.unescape(strip_tags(BLOCK_BOUNDARY.sub(r" \g<0>", source)))


def body_text(body):
    """(block type, plain text) of every piece of text in `body` (a StreamValue), in reading
    order. The block type is that of the top-level block the text sits in ("paragraph",
    "heading", "callout", ...), so a caller can keep to the kinds it wants."""
    for item in body.raw_data:
        child = body.stream_block.child_blocks.get(item.get("type"))
        if child is not None:
            for text in _texts(child, item.get("value")):
                if text.strip():
                    yield item["type"], text


# What the search index keeps of a body: about a 250-page book. PostgreSQL refuses a search
# vector over 1 MB, and indexing all of an imported 20 MB post would build every block of it.
SEARCH_TEXT_CHARACTERS = 500_000


def search_text(body):
    """The body's text for the search index (a page's `body_search_text`)."""
    return text_up_to(body, SEARCH_TEXT_CHARACTERS)


def text_up_to(body, limit):
    """The body's text as one string of at most about `limit` characters, read a piece at a
    time, so a very long body is never built into blocks or joined whole."""
    pieces, size = [], 0
    for _block_type, text in body_text(body):
        pieces.append(text[: limit - size])
        size += len(pieces[-1]) + 1
        if size >= limit:
            break
    return " ".join(pieces)


def _texts(block, value):
    """The text inside one raw block value. Choices, addresses and choosers hold no prose a
    reader reads, so they yield nothing."""
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield rich_text_to_plain(str(value))
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield str(value)
    elif isinstance(block, TableBlock) and isinstance(value, dict):
        # Cells are plain text (the template escapes them); the caption is read first.
        yield str(value.get("table_caption") or "")
        for row in value.get("data") or []:
            yield from (str(cell) for cell in row or [] if cell)
    elif isinstance(block, blocks.ListBlock) and isinstance(value, list):
        # Stored either as plain values or as {"type": "item", "value": ...} (Wagtail 5+).
        for item in value:
            inner = item.get("value") if isinstance(item, dict) and "value" in item else item
            yield from _texts(block.child_block, inner)
    elif isinstance(block, blocks.StreamBlock):
        for item in value:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                yield from _texts(child, item.get("value"))
    elif isinstance(block, blocks.StructBlock) and isinstance(value, dict):
        for name, child in block.child_blocks.items():
            yield from _texts(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            # Stored list items are {"type": "item", "value": ..., "id": ...}; older data is bare.
            inner = item["value"] if isinstance(item, dict) and "value" in item else item
            yield from _texts(block.child_block, inner)
