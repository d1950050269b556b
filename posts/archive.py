"""The archive navigation box: years and months with post counts, cached between changes.

Counting is one grouped query; the result is cached until content changes (publish,
unpublish, delete, a view restriction added or removed) or until the next future-dated
post becomes visible, whichever comes first.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

CACHE_KEY = "posts:archive-nav"
# Even without a change, recount now and then so a missed signal cannot stick forever.
MAX_AGE = 24 * 60 * 60


def archive_nav_data(request):
    """{"blog_url": "/blog/", "years": [...]}; each year is
    {"year": 2026, "count": 12, "months": [(date(2026, 11, 1), 3), ...]}, newest first."""
    data = cache.get(CACHE_KEY)
    if data is None:
        from posts.models import BlogIndexPage

        blog = BlogIndexPage.objects.live().first()
        years, timeout = count_posts()
        data = {"blog_url": blog.get_url(request) if blog else None, "years": years}
        cache.set(CACHE_KEY, data, timeout)
    return data


def count_posts():
    """The archive's years and months, and how long that answer stays true."""
    from posts.models import PostPage

    now = timezone.now()
    years = []
    for month_start, count in PostPage.objects.visible().month_counts():
        # Truncated in the site's time zone, so the local date is the month's first day.
        month = timezone.localtime(month_start).date()
        if not years or years[-1]["year"] != month.year:
            years.append({"year": month.year, "count": 0, "months": []})
        years[-1]["count"] += count
        years[-1]["months"].append((month, count))
    next_scheduled = (
        PostPage.objects.live()
        .public()
        .filter(date__gt=now)
        .order_by("date")
        .values_list("date", flat=True)
        .first()
    )
    timeout = MAX_AGE
    if next_scheduled:
        timeout = min(timeout, max(1, int((next_scheduled - now).total_seconds()) + 1))
    return years, timeout


def invalidate(**kwargs):
    cache.delete(CACHE_KEY)


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, **kwargs):
    invalidate()


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def _restriction_changed(sender, **kwargs):
    invalidate()
