"""`{% page_meta as meta %}`: the search-engine and sharing metadata of the page being rendered."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from posts.seo import page_metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    return page_metadata(context)


@register.filter
def with_site_name(title, site_name):
    """`Title | Site` for the <title> element, or just the site's name on a page named after it.

    Used with {% filter %}, so `title` is the already-escaped output of the title block.
    """
    title = " ".join(str(title).split())
    site = conditional_escape(site_name or "")
    if not title or title == site:
        return site
    return mark_safe(f"{title} | {site}")  # noqa: S308 (both parts are escaped)
