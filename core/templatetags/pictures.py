"""`{% picture %}` as Wagtail writes it, except that a picture which cannot be produced leaves
the page without it instead of breaking the page.

Wagtail's own tag already survives a missing original file, but by printing an <img> of a
file called "not-found"; and an error while saving a new rendition (a full or read-only media
volume) becomes a server error on every page that shows the picture. Here either is logged and
the picture left out. Same syntax: `{% load pictures %}` instead of `wagtailimages_tags`.
"""

import logging

from django import template
from wagtail.images.models import Picture
from wagtail.images.templatetags.wagtailimages_tags import PictureNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

logger = logging.getLogger(__name__)
register = template.Library()


class SoftPictureNode(PictureNode):
    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        try:
            renditions = image.get_renditions(*self.get_filters())
        except OSError:  # the original is missing (SourceImageIOError), or media unwritable
            logger.exception("Left out picture of image %s (%s)", image.pk, image.file.name)
            return ""
        attrs = {name: value.resolve(context) for name, value in self.attrs.items()}
        return Picture(renditions, attrs).__html__()


@register.tag
def picture(parser, token):
    node = parse_image_tag(parser, token)
    if node.output_var_name:
        raise template.TemplateSyntaxError("{% picture … as name %} is not supported here.")
    return SoftPictureNode(node.image_expr, node.filter_specs, attrs=node.attrs)
