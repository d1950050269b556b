"""The sidebar tag cloud: every tag with a visible post, sized on a logarithmic scale of use.

Building it costs a fixed handful of queries whatever the number of tags or posts, and the result
is kept in Django's cache until content changes (see taxonomy/signals.py). Live posts dated in
the future become visible without any event, so an entry also expires when the next of them
comes due.
"""

import datetime
import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Min
from django.utils import timezone
from wagtail.models import Site

from taxonomy.models import Tag, name_sort_key

STEPS = 6
CACHE_PREFIX = "taxonomy:tag-cloud:"
# A backstop only: every content change that can alter the cloud clears it at once.
MAX_AGE = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class CloudTag:
    name: str
    slug: str
    count: int
    step: int


def size_steps(counts, steps=STEPS):
    """Map usage counts to steps 1..`steps` on a log scale: the smallest count gets 1, the largest
    `steps`. When every count is equal there is no scale, so all get the middle step."""
    if not counts:
        return []
    low, high = math.log(min(counts)), math.log(max(counts))
    if high == low:
        return [(steps + 1) // 2 for _ in counts]
    return [1 + round((math.log(count) - low) / (high - low) * (steps - 1)) for count in counts]


def visible_tag_counts(posts):
    """Tags of the given (visible) posts with `post_count`, A–Z: one query plus visible()'s."""
    tags = (
        Tag.objects.filter(posts__in=posts.order_by().values("pk"))
        .only("name", "slug")
        .annotate(post_count=Count("posts", distinct=True))
    )
    return sorted(tags, key=lambda tag: name_sort_key(tag.name))


def build_cloud(blog):
    from posts.models import PostPage

    posts = PostPage.objects.visible().child_of(blog)
    tags = visible_tag_counts(posts)
    steps = size_steps([tag.post_count for tag in tags])
    return [
        CloudTag(tag.name, tag.slug, tag.post_count, step)
        for tag, step in zip(tags, steps, strict=True)
    ]


def _next_visibility_change(blog):
    """When the next live, future-dated post appears to readers, if any is waiting."""
    from posts.models import PostPage

    return (
        PostPage.objects.live()
        .child_of(blog)
        .filter(date__gt=timezone.now())
        .aggregate(next=Min("date"))["next"]
    )


def cache_key(site_id):
    return f"{CACHE_PREFIX}{site_id}"


def tag_cloud_for_request(request):
    """{"blog_url": ..., "tags": [CloudTag, ...]} for the request's site, or None without a blog."""
    site = Site.find_for_request(request)
    key = cache_key(site.pk if site else None)
    cloud = cache.get(key)
    if cloud is not None:
        return cloud or None
    from posts.models import BlogIndexPage

    blog = BlogIndexPage.objects.live().first()
    if blog is None:
        cloud = {}
        timeout = MAX_AGE
    else:
        cloud = {"blog_url": blog.get_url(request), "tags": build_cloud(blog)}
        timeout = MAX_AGE
        upcoming = _next_visibility_change(blog)
        if upcoming:
            timeout = min(timeout, upcoming - timezone.now() + datetime.timedelta(seconds=1))
    cache.set(key, cloud, max(1, int(timeout.total_seconds())))
    return cloud or None


def invalidate():
    """Forget every site's cloud; the next page view rebuilds it."""
    site_ids = [*Site.objects.values_list("pk", flat=True), None]
    cache.delete_many([cache_key(site_id) for site_id in site_ids])
