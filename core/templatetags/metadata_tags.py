"""`{% page_metadata %}` prints the <head> metadata of the page being rendered;
`with_site_name` builds the <title> element."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.metadata import Metadata, MetadataMixin, canonical_url

register = template.Library()


@register.inclusion_tag("includes/head_meta.html", takes_context=True)
def page_metadata(context):
    """Prints `context["metadata"]` when a route or view supplied one, else what the page says
    about itself. Without a request (an e-mail, a test rendering a fragment) nothing."""
    request = context.get("request")
    if request is None:
        return {"meta": None}
    meta = context.get("metadata")
    if meta is None:
        meta = metadata_of(context.get("page"), request, context.flatten())
    return {"meta": meta, "site_name": context.get("site_name", "")}


def metadata_of(page, request, context):
    if page is None:
        # A page of a plain view that said nothing: still an address to share.
        return Metadata(canonical=canonical_url(request))
    if isinstance(page, MetadataMixin):
        return page.get_metadata(request, context)
    # A page class of another app (Wagtail's own root page) gets the default all pages get.
    return MetadataMixin.get_metadata(page, request, context)


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
