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


# "1 2 … 9 10 11 … 49 50": the first and last two pages, and one each side of the current.
PAGE_LINKS_ON_ENDS = 2
PAGE_LINKS_ON_EACH_SIDE = 1


@register.simple_tag(takes_context=True)
def page_links(context, items):
    """The numbered links of a pager: dicts of `number`, `url` and `current`, with None where
    pages are left out. Worked out from the page count the paginator has already (a bounded
    count, or the cached page starts of a long listing), so it costs no query."""
    paginator = items.paginator
    links = []
    for number in paginator.get_elided_page_range(
        items.number, on_each_side=PAGE_LINKS_ON_EACH_SIDE, on_ends=PAGE_LINKS_ON_ENDS
    ):
        if number == paginator.ELLIPSIS:
            links.append(None)
        else:
            url = page_query(context, number)
            links.append({"number": number, "url": url, "current": number == items.number})
    return links


@register.inclusion_tag("includes/sidebar/archive_years.html", takes_context=True)
def archive_nav(context):
    """Years and months with post counts, linked to the archives; the current one marked."""
    data = archive_nav_data(context.get("request"))
    return {
        **data,
        "current_year": context.get("archive_year"),
        "current_month": context.get("archive_month"),
    }
