"""The sidebar tag cloud: the most used tags with a visible post (DEFAULT_SIZE, or as many as
the site's settings ask for), A–Z, sized on a logarithmic scale of use; "All topics" links the
full index. However many tags the blog has, every page carries the same few.

Building it costs a fixed handful of queries whatever the number of tags or posts, and the result
is kept in Django's cache until the invalidation hub clears it (registered in PostsConfig.ready:
pages published, unpublished, moved or deleted, view restrictions, tags, merges and sites).
"""

import math
from dataclasses import dataclass

from django.core.cache import cache
from wagtail.models import Site

from core import invalidation
from posts.models import BlogIndexPage
from taxonomy.models import name_sort_key

STEPS = 6
# How many tags the cloud shows unless the site's settings say otherwise (home.SiteSettings,
# passed in by the sidebar template), and the most it may show.
DEFAULT_SIZE = 40
MAX_SIZE = 200
CACHE_PREFIX = "posts:tag-cloud:"
# Posts becoming visible or hidden change the counts; tag edits and merges the names and links.
CACHE_EVENTS = invalidation.PAGE_EVENTS | {
    invalidation.SITE,
    invalidation.TAG,
    invalidation.TAGS_MERGED,
}
# A backstop only: every content change that can alter the cloud clears it through the hub.
MAX_AGE = 24 * 60 * 60


@dataclass(frozen=True)
class CloudTag:
    name: str
    slug: str
    count: int
    step: int
    url: str


def size_steps(counts, steps=STEPS):
    """Map usage counts to steps 1..`steps` on a log scale: the smallest count gets 1, the largest
    `steps`. When every count is equal there is no scale, so all get the middle step."""
    if not counts:
        return []
    low, high = math.log(min(counts)), math.log(max(counts))
    if high == low:
        return [(steps + 1) // 2 for _ in counts]
    return [1 + round((math.log(count) - low) / (high - low) * (steps - 1)) for count in counts]


def build_cloud(blog, request=None, size=DEFAULT_SIZE):
    """The blog's `size` most used tags, sized among themselves, in A–Z order."""
    tags = blog.most_used_tags(size)
    steps = size_steps([tag.post_count for tag in tags])
    cloud = [
        CloudTag(
            tag.name, tag.slug, tag.post_count, step, blog.route_url("tag", request, slug=tag.slug)
        )
        for tag, step in zip(tags, steps, strict=True)
    ]
    return sorted(cloud, key=lambda tag: name_sort_key(tag.name))


def cache_key(site_id):
    return f"{CACHE_PREFIX}{site_id}"


def cache_keys():
    """Every site's cloud (for the invalidation hub)."""
    return invalidation.site_keys(cache_key)


def tag_cloud_for_request(request, size=None):
    """{"size": ..., "tags_url": ..., "tags": [CloudTag, ...]} for the request's site, or None
    without a blog. `size` tags at most: DEFAULT_SIZE when not given."""
    size = min(max(size or DEFAULT_SIZE, 1), MAX_SIZE)
    site = Site.find_for_request(request)
    key = cache_key(site.pk if site else None)
    cloud = cache.get(key)
    # One size is kept per site (its setting rarely changes); another size is built afresh.
    if cloud is None or cloud["size"] != size:
        blog = BlogIndexPage.for_site(site)
        cloud = {"size": size}
        if blog is not None:
            cloud["tags_url"] = blog.route_url("tags", request)
            cloud["tags"] = build_cloud(blog, request, size)
        cache.set(key, cloud, MAX_AGE)
    return cloud if "tags" in cloud else None
