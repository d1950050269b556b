"""The StreamField blocks an editor can put in a post body."""

from django.utils.text import slugify
from wagtail import blocks
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
    alt_text = blocks.CharBlock(
        required=False,
        help_text="Describe the image for people who cannot see it. "
        "Leave empty to use the image's own description.",
    )

    class Meta:
        icon = "image"
        template = "blocks/image.html"


class QuotationBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "blocks/quotation.html"


class PostBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, template="blocks/paragraph.html")
    heading = HeadingBlock()
    image = ImageBlock()
    quotation = QuotationBlock()
