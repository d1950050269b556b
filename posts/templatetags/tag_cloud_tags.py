from django import template

from posts.tag_cloud import tag_cloud_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def tag_cloud(context, size=None):
    """The cached cloud for this request's site: {"tags_url", "tags"}, or None (no blog, no
    request). `size` is how many tags it shows: the template passes the site's setting, which
    this app cannot read itself (home sits above posts). Markup lives in
    includes/sidebar/tag_cloud.html."""
    request = context.get("request")
    return tag_cloud_for_request(request, size) if request is not None else None
