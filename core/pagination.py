"""Robust `?page=` handling shared by every listing (index, archives, tags, authors, search),
and pages of long listings found by seeking on an index rather than by OFFSET."""

import hashlib

from django.core.cache import cache
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.functional import cached_property

from core import invalidation

# Longer numbers cannot be a real page; they are read as one past any listing's end, not with
# int() on what may be thousands of digits.
MAX_PAGE_DIGITS = 6
PAST_THE_END = 10**MAX_PAGE_DIGITS

# Up to this many rows a listing is paged by OFFSET, which costs little at that size; longer
# ones seek (SeekPaginator).
SEEK_AFTER = 500
# Page starts are kept until the next content event (registered in CoreConfig.ready); this is
# a backstop only.
STARTS_MAX_AGE = 24 * 60 * 60
STARTS_GENERATION = "page-starts"
# Which posts a listing holds changes when pages come and go, and when a tag or an author is
# deleted or tags are merged (their links go with them).
CACHE_EVENTS = invalidation.PAGE_EVENTS | {
    invalidation.SITE,
    invalidation.TAG,
    invalidation.TAGS_MERGED,
    invalidation.AUTHOR,
}


def cache_keys():
    """The page starts' generation (for the invalidation hub)."""
    return [invalidation.generation_key(STARTS_GENERATION)]


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


def paginate(request, items, per_page, *, seek_on=None):
    """A page of results; a number past the end is a 404, as for any page that does not exist.

    `seek_on` names the field a queryset is listed newest first by (with the pk breaking
    ties): its long listings are then paged by SeekPaginator."""
    # A bad stored setting must not take every listing down (validators guard the editor).
    per_page = max(per_page or 1, 1)
    if seek_on:
        paginator = SeekPaginator(items, per_page, field=seek_on)
    else:
        paginator = Paginator(items, per_page)
    try:
        return paginator.page(page_number(request))
    except EmptyPage:
        if paginator.count == 0:
            return paginator.page(1)
        raise Http404("No such page of results.") from None


class SeekPaginator(Paginator):
    """Pages of a queryset listed newest first on (`field`, pk), with page numbers, that read
    no row before the page served.

    A short listing (up to SEEK_AFTER rows) is Django's Paginator: counting it is bounded by a
    LIMIT, and an OFFSET that small is cheap. For a longer one, the total and each page's
    first (`field`, pk) are read in one pass over those two columns and cached until the next
    content event; a page is then the rows at or after its first, read from the (field, pk)
    index, with no COUNT and no OFFSET, so page 1,000 costs what page 1 does.
    """

    def __init__(self, queryset, per_page, *, field="date"):
        self.field = field
        super().__init__(queryset.order_by(f"-{field}", "-pk"), per_page)

    @cached_property
    def _count_and_starts(self):
        """(count, None) for a short listing, (count, [(value, pk), ...]) for a long one."""
        # Only long listings are cached, and the cache is read first: even counting up to
        # SEEK_AFTER took 17 ms of each deep page's 28 at 10,000 posts (SQLite). A short one
        # is counted every time, so it is never stale.
        key = self._starts_key()
        found = cache.get(key)
        if found is None:
            bounded = self.object_list.order_by()[: SEEK_AFTER + 1].count()
            if bounded <= SEEK_AFTER:
                return bounded, None
            found = self._read_starts()
            cache.set(key, found, STARTS_MAX_AGE)
        return found

    def _starts_key(self):
        # The query's SQL names the listing (blog, tag, author, period, visibility) exactly.
        sql = str(self.object_list.query)
        digest = hashlib.sha256(f"{self.per_page}:{sql}".encode()).hexdigest()
        return f"core:page-starts:{invalidation.generation(STARTS_GENERATION)}:{digest}"

    def _read_starts(self):
        rows = self.object_list.prefetch_related(None).values_list(self.field, "pk")
        starts, count = [], 0
        for count, row in enumerate(rows.iterator(chunk_size=2000), start=1):
            if (count - 1) % self.per_page == 0:
                starts.append(row)
        return count, starts

    @cached_property
    def count(self):
        return self._count_and_starts[0]

    def page(self, number):
        starts = self._count_and_starts[1]
        if starts is None:
            return super().page(number)
        number = self.validate_number(number)
        if number > len(starts):  # the listing shrank since the starts were read
            raise EmptyPage("That page contains no results")
        value, pk = starts[number - 1]
        # The plain bound lets the database start its index scan at the page's first row.
        at_or_after = Q(**{f"{self.field}__lte": value}) & (
            Q(**{f"{self.field}__lt": value}) | Q(pk__lte=pk)
        )
        return self._get_page(self.object_list.filter(at_or_after)[: self.per_page], number, self)
