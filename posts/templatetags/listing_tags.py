"""Template tags for listings: page links that keep the query string, the archive box."""

from django import template

from posts.archive import archive_nav_data

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """`?…&page=N` for a pagination link, keeping the other parameters (such as a search)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if number > 1:
        params["page"] = number
    query = params.urlencode()
    return f"?{query}" if query else context["request"].path


@register.inclusion_tag("includes/sidebar/archive_years.html", takes_context=True)
def archive_nav(context):
    """Years and months with post counts, linked to the archives; the current one marked."""
    data = archive_nav_data(context.get("request"))
    return {
        **data,
        "current_year": context.get("archive_year"),
        "current_month": context.get("archive_month"),
    }
