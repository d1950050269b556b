"""Template access to the site chrome (settings and menus), cached per request."""

from django import template
from django.utils.html import format_html

from home.chrome import chrome_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def site_chrome(context):
    request = context.get("request")
    if request is None:
        return None
    return chrome_for_request(request)


def _matches(link, path):
    """aria-current: "page" for the link's own address, "true" for an address inside it."""
    if not link.internal:
        return ""
    if path == link.url:
        return "page"
    if link.url != "/" and path.startswith(link.url) and link.url.endswith("/"):
        return "true"
    return ""


@register.simple_tag(takes_context=True)
def aria_current(context, link):
    """` aria-current="…"` for the link of the current page or the section it belongs to."""
    request = context.get("request")
    if request is None:
        return ""
    state = _matches(link, request.path)
    if not state and any(_matches(child, request.path) for child in link.children):
        state = "true"
    return format_html(' aria-current="{}"', state) if state else ""
