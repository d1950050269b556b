"""The archive navigation box: years and months with post counts, cached between changes.

Counting is one grouped query; the result is kept in Django's cache until the invalidation hub
clears it (registered in PostsConfig.ready: pages published, unpublished, moved or deleted,
view restrictions and sites).
"""

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from core import invalidation
from posts.models import BlogIndexPage

CACHE_PREFIX = "posts:archive-nav:"
# The counts change when posts become visible or hidden; the links when the blog's address does.
CACHE_EVENTS = invalidation.PAGE_EVENTS | {invalidation.SITE}
# A backstop only: every change that can alter the counts clears them through the hub.
MAX_AGE = 24 * 60 * 60


def cache_key(site_id):
    return f"{CACHE_PREFIX}{site_id}"


def cache_keys():
    """Every site's archive box (for the invalidation hub)."""
    return invalidation.site_keys(cache_key)


def archive_nav_data(request):
    """{"years": [...]} for the request's site; each year is {"year": 2026, "count": 12,
    "url": "/blog/2026/", "months": [(date(2026, 11, 1), 3, "/blog/2026/11/"), ...]}, newest
    first. No blog: {"years": []}."""
    site = Site.find_for_request(request) if request is not None else None
    key = cache_key(site.pk if site else None)
    data = cache.get(key)
    if data is None:
        blog = BlogIndexPage.for_site(site)
        data = {"years": count_posts(blog, request) if blog else []}
        cache.set(key, data, MAX_AGE)
    return data


def count_posts(blog, request=None):
    """The blog's years and months with their visible posts counted, newest first."""
    blog_url = blog.get_url(request)
    years = []
    for month_start, count in blog.visible_posts().month_counts():
        # Truncated in the site's time zone, so the local date is the month's first day.
        month = timezone.localtime(month_start).date()
        if not years or years[-1]["year"] != month.year:
            url = blog_url + blog.route_path("archive_year", f"{month.year:04d}")
            years.append({"year": month.year, "count": 0, "url": url, "months": []})
        years[-1]["count"] += count
        route = blog.route_path("archive_month", f"{month.year:04d}", f"{month.month:02d}")
        years[-1]["months"].append((month, count, blog_url + route))
    return years
