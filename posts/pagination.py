"""Robust `?page=` handling shared by every listing (index, archives, tags, authors, search)."""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

# Longer values cannot be a real page number; treating them as page 1 avoids int() on huge input.
MAX_PAGE_DIGITS = 6


def page_number(request):
    """The `?page=` value as a positive int; anything malformed (0, -1, abc, 1.5) means page 1."""
    raw = request.GET.get("page", "1")
    # isdigit() alone accepts "²", which int() rejects; only ASCII digits are a page number.
    if len(raw) > MAX_PAGE_DIGITS or not (raw.isascii() and raw.isdigit()):
        return 1
    return max(int(raw), 1)


def paginate(request, queryset, per_page):
    """A page of results; a number past the end is a 404, as for any page that does not exist."""
    # A bad stored setting must not take every listing down (validators guard the editor).
    paginator = Paginator(queryset, max(per_page or 1, 1))
    try:
        return paginator.page(page_number(request))
    except EmptyPage:
        if paginator.count == 0:
            return paginator.page(1)
        raise Http404("No such page of results.") from None
