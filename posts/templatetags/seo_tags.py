"""`{% page_meta as meta %}`: the search-engine and sharing metadata of the page being rendered."""

from django import template

from posts.seo import page_metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    return page_metadata(context)
