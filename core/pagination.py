"""Robust `?page=` handling shared by every listing (index, archives, tags, authors, search)."""

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

# Longer numbers cannot be a real page; they are read as one past any listing's end, not with
# int() on what may be thousands of digits.
MAX_PAGE_DIGITS = 6
PAST_THE_END = 10**MAX_PAGE_DIGITS


def page_number(request):
    """The `?page=` value as a positive int. Anything that is not a number (abc, 1.5, -1) and
    0 mean page 1; a number past the last page stays one, so that it is a 404 however long."""
    raw = request.GET.get("page", "1")
    # isdigit() alone accepts "²", which int() rejects; only ASCII digits are a page number.
    if not (raw.isascii() and raw.isdigit()):
        return 1
    digits = raw.lstrip("0") or "0"
    if len(digits) > MAX_PAGE_DIGITS:
        return PAST_THE_END
    return max(int(digits), 1)


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
