"""The StreamField blocks an editor can put in a post body (and a standard page).

Each block renders through its own template under templates/blocks/. The importer
(posts/wordpress) produces exactly these block types and value shapes.
"""

from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# What a legal blog needs in running text, and nothing that breaks the house style.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript"]


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
        context["anchor"] = slugify(value["text"]) or "section"
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
    size = blocks.ChoiceBlock(
        choices=[("inline", "Text width"), ("wide", "Wide"), ("full", "Full width")],
        default="inline",
    )

    class Meta:
        icon = "image"
        template = "blocks/image.html"


class QuotationBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, help_text="Who said or wrote it.")
    source_url = blocks.URLBlock(required=False, help_text="Link to the judgment or source.")

    class Meta:
        icon = "openquote"
        template = "blocks/quotation.html"


class PullQuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(help_text="A short line from this post, repeated large for emphasis.")

    class Meta:
        icon = "openquote"
        template = "blocks/pull_quote.html"


class EmbedBlock(blocks.StructBlock):
    url = blocks.URLBlock(help_text="A YouTube, Vimeo or other oEmbed address.")
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "media"
        template = "blocks/embed.html"


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
    text = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)

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
    divider = blocks.StaticBlock(
        admin_text="A horizontal rule between sections.", template="blocks/divider.html"
    )
