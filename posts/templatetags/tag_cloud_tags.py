from django import template

from posts.tag_cloud import tag_cloud_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def tag_cloud(context):
    """The cached cloud for this request's site: {"tags_url", "tags"}, or None (no blog, no
    request). Markup lives in includes/sidebar/tag_cloud.html."""
    request = context.get("request")
    return tag_cloud_for_request(request) if request is not None else None
