"""The StreamField blocks an editor can put in a post body (and a standard page).

Each block renders through its own template under templates/blocks/. The importer
(wordpress/) produces exactly these block types and value shapes.
"""

import hashlib
import logging
import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageChooserBlock

from core.body_text import body_text
from core.web_addresses import web_address_or_empty

# What a legal blog needs in running text, and nothing that breaks the house style.
# Headings and quotations too: text pasted from Word, Google Docs or a web page keeps its
# structure instead of being flattened (tests/browser/test_paste.py).
INLINE_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript"]
PARAGRAPH_FEATURES = ["h2", "h3", *INLINE_FEATURES, "blockquote"]

logger = logging.getLogger(__name__)

# An embed provider that failed is not asked again for this long, so one slow or missing
# provider cannot make every view of the post slow.
EMBED_FAILURE_SECONDS = 60 * 60

# Ids the page around the body already uses; a heading called "Main" must not take one.
PAGE_IDS = frozenset(
    [
        "main",
        "site-search",
        "toc-heading",
        "authors-heading",
        "read-more-heading",
        "archive-nav-heading",
    ]
)


class BodyRenderState:
    """What one rendering of a body has seen so far, shared by its blocks via the context.

    Heading anchors must be unique within the page ("comment", "comment-2"), and only the
    first image loads eagerly: both depend on the blocks rendered before. A page puts a fresh
    state in its context as `body_state`; blocks rendered without one fall back to plain slugs
    and lazy images.
    """

    def __init__(self, embeds=None):
        self.anchors = set(PAGE_IDS)
        self.images_seen = 0
        # {url: provider HTML} loaded for the whole body (core.body_links.stored_embeds).
        self.embeds = embeds or {}
        # Footnote numbers referred to so far: the notes link back only to references that
        # exist, and each reference anchor ("fnref-N") is given once.
        self.footnote_refs = set()
        self.body_words = None  # the body's words, for pull quotes (computed on first use)

    def claim_anchor(self, text):
        base = slugify(text) or "section"
        anchor, suffix = base, 2
        while anchor in self.anchors:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        self.anchors.add(anchor)
        return anchor

    def next_image_is_first(self):
        self.images_seen += 1
        return self.images_seen == 1


def body_state(parent_context):
    return (parent_context or {}).get("body_state")


def image_alt_text(value):
    """The text an image block gives readers who cannot see it: the block's own alt text or
    the image's description ("" if neither; a decorative image needs none)."""
    image = value.get("image")
    return (value.get("alt_text") or (image.description if image else "") or "").strip()


def table_of_contents(body):
    """(anchor, text, level) of each heading, with the anchors the rendered headings get."""
    state = BodyRenderState()
    return [
        (state.claim_anchor(block.value["text"]), block.value["text"], block.value["level"])
        for block in body
        if block.block_type == "heading"
    ]


def paragraph_text(body, max_words=None):
    """The running text of the body's paragraphs, without markup: for summaries. With
    `max_words`, only that many words are read, paragraph by paragraph: a 20 MB body is
    never joined or split whole (three million word strings) to keep its first forty."""
    return " ".join(paragraph_words(body, max_words))


def paragraph_words(body, limit=None):
    """The first `limit` words (all when None) of the body's paragraphs, in reading order."""
    words = []
    # Paragraphs only: a summary opening with a heading or a caption would read oddly.
    for block_type, text in body_text(body):
        if block_type != "paragraph":
            continue
        if limit is None:
            words += text.split()
            continue
        # maxsplit bounds the work on one long paragraph; its last piece is the unsplit rest.
        words += text.split(maxsplit=limit - len(words))[: limit - len(words)]
        if len(words) >= limit:
            break
    return words


def stored_image_blocks(body):
    """The value, in its stored form, of each image block whose image is set: read from the
    raw data, so a long body is not built into block objects just to find its pictures."""
    return [
        item["value"]
        for item in body.raw_data
        if item.get("type") == "image"
        and isinstance(item.get("value"), dict)
        and isinstance(item["value"].get("image"), int)
    ]


def word_count(body):
    """Words a reader reads: every text the blocks hold (paragraphs, headings, quotes, ...)."""
    return sum(len(text.split()) for _block_type, text in body_text(body))


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        state = body_state(parent_context)
        context["anchor"] = (
            state.claim_anchor(value["text"]) if state else slugify(value["text"]) or "section"
        )
        return context


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False)
    credit = blocks.CharBlock(required=False, help_text="Photographer or source, if required.")
    alt_text = blocks.CharBlock(
        required=False,
        help_text="Describe the image for people who cannot see it. "
        "Leave empty to use the image's own description.",
    )
    # An ornament says nothing a reader would miss: it gets alt="" so screen readers skip it,
    # and the pre-publish check (posts/publish_checks.py) does not ask for a description.
    decorative = blocks.BooleanBlock(
        required=False,
        help_text="Tick only if the image adds no information (screen readers then skip it).",
    )
    size = blocks.ChoiceBlock(
        choices=[("inline", "Text width"), ("wide", "Wide"), ("full", "Full width")],
        default="inline",
    )
    link = blocks.CharBlock(
        required=False,
        max_length=500,
        help_text="Optional: an address (https://… or /path/) the image links to.",
    )

    class Meta:
        icon = "image"
        template = "blocks/image.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        image = value["image"]
        context["alt"] = (
            ""
            if value.get("decorative")
            else value["alt_text"] or ((image.description or image.title) if image else "")
        )
        context["link"] = image_link(value.get("link"))
        if context["link"] and not context["alt"]:
            # A link needs a name: a linked image cannot be silent, decorative or not.
            context["alt"] = value.get("caption") or (image.title if image else "") or "Image"
        # The first image is likely above the fold; loading it lazily would delay it.
        state = body_state(parent_context)
        context["loading"] = "eager" if state and state.next_image_is_first() else "lazy"
        return context


def image_link(value):
    """An image's link if it is a web address or a path on this site, else ""."""
    value = (value or "").strip()
    if value.startswith("/") and not value.startswith("//"):
        return value
    return web_address_or_empty(value)


class QuotationBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, help_text="Who said or wrote it.")
    source_url = blocks.URLBlock(required=False, help_text="Link to the judgment or source.")

    class Meta:
        icon = "openquote"
        template = "blocks/quotation.html"


class PullQuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="A short line from this post, repeated large for emphasis.")
    attribution = blocks.CharBlock(required=False, help_text="Who said or wrote it.")

    class Meta:
        icon = "openquote"
        template = "blocks/pull_quote.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # Hidden from screen readers only when they have already read the same words in the
        # body; a pull quote whose text is found nowhere else is content and stays readable.
        context["repeats_body"] = pull_quote_repeats_body(value["text"], parent_context)
        return context


def _words(text):
    return " ".join(re.findall(r"\w+", (text or "").lower()))


def pull_quote_repeats_body(text, parent_context):
    """Whether the words of `text` appear, in order, in the rest of the page's body."""
    page = (parent_context or {}).get("page")
    body = getattr(page, "body", None)
    wanted = _words(text)
    if body is None or not wanted or not hasattr(body, "raw_data"):
        return False
    state = body_state(parent_context)
    rest = getattr(state, "body_words", None) if state else None
    if rest is None:
        rest = _words(
            " ".join(text for kind, text in body_text(body) if kind not in ("pull_quote",))
        )
        if state:
            state.body_words = rest
    return f" {wanted} " in f" {rest} "


class CodeBlock(blocks.StructBlock):
    """Text whose spacing and line breaks matter: code, preformatted text, verse."""

    kind = blocks.ChoiceBlock(
        choices=[("code", "Code"), ("preformatted", "Preformatted text"), ("verse", "Verse")],
        default="code",
    )
    text = blocks.TextBlock(help_text="Spaces and line breaks are kept exactly as typed.")

    class Meta:
        icon = "code"
        template = "blocks/code.html"


class MediaBlock(blocks.StructBlock):
    """An audio or video file played by the browser's own player, with its controls."""

    kind = blocks.ChoiceBlock(choices=[("audio", "Audio"), ("video", "Video")], default="audio")
    document = DocumentChooserBlock(
        required=False, help_text="The uploaded file (MP3, MP4, WebM, …)."
    )
    url = blocks.URLBlock(required=False, help_text="Or the file's address, if not uploaded.")
    caption = blocks.CharBlock(required=False)
    transcript = blocks.RichTextBlock(
        features=INLINE_FEATURES, required=False, help_text="A transcript or description."
    )

    class Meta:
        icon = "media"
        template = "blocks/media.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        document = value.get("document")
        context["source"] = document.url if document else web_address_or_empty(value.get("url"))
        return context

    def clean(self, value):
        value = super().clean(value)
        if not value.get("document") and not value.get("url"):
            raise StructBlockValidationError(
                {"document": ValidationError("Choose a file or give its address.")}
            )
        return value


class FootnotesBlock(blocks.StructBlock):
    """Numbered notes, shown where the block is placed (normally at the end).

    In the text, a note is referred to by a superscript link to "#fn-1", "#fn-2"…: the
    paragraph template gives each such link the anchor "fnref-N" the note links back to.
    """

    notes = blocks.ListBlock(
        blocks.RichTextBlock(features=INLINE_FEATURES),
        help_text="Note 1, 2, 3… Link to a note from the text with a superscript link to #fn-1.",
    )

    class Meta:
        icon = "list-ol"
        template = "blocks/footnotes.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        state = body_state(parent_context)
        referenced = getattr(state, "footnote_refs", None) if state else None
        context["notes"] = [
            (number, note, referenced is None or number in referenced)
            for number, note in enumerate(value["notes"], start=1)
        ]
        context["heading_id"] = state.claim_anchor("notes") if state else "notes"
        return context


class EmbedBlock(blocks.StructBlock):
    url = blocks.URLBlock(help_text="A YouTube, Vimeo or other oEmbed address.")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "media"
        template = "blocks/embed.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        state = body_state(parent_context)
        stored = state.embeds.get(value["url"]) if state else None
        context["embed_html"] = stored if stored is not None else embed_html(value["url"])
        return context


def embed_html(url):
    """The provider's embed markup, or "" when it cannot be had (the template then links)."""
    if not url:
        return ""
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    failure_key = f"posts:embed-failed:{digest}"
    if cache.get(failure_key):
        return ""
    try:
        return get_embed(url).html
    except (EmbedException, OSError, ValueError) as error:
        logger.info("Embed for %s unavailable: %s", url, error)
        cache.set(failure_key, True, EMBED_FAILURE_SECONDS)
        return ""


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(required=False, help_text="Link text; the document's title if empty.")

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", "Note"), ("update", "Update"), ("warning", "Warning")], default="note"
    )
    text = blocks.RichTextBlock(features=INLINE_FEATURES)

    class Meta:
        icon = "help"
        template = "blocks/callout.html"


class PostBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, template="blocks/paragraph.html")
    heading = HeadingBlock()
    image = ImageBlock()
    quotation = QuotationBlock()
    pull_quote = PullQuoteBlock()
    embed = EmbedBlock()
    document = DocumentBlock()
    table = TableBlock(template="blocks/table.html")
    callout = CalloutBlock()
    code = CodeBlock()
    media = MediaBlock()
    footnotes = FootnotesBlock()
    divider = blocks.StaticBlock(
        admin_text="A horizontal rule between sections.", template="blocks/divider.html"
    )
