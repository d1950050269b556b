"""Query budgets for the tag cloud, the tag index and a tag page: the same for 5 tags and 20 posts
as for 300 tags and 2,000 posts.

Counts recorded on SQLite and PostgreSQL alike:
  tag cloud built from scratch: 6 = site lookup, blog, site root paths, view restrictions,
                                    tags with counts, next scheduled post
  tag index /blog/tags/:        8 = Wagtail's routing (5), view restrictions (2: serving, and
                                    visible()), tags with counts
  tag page /blog/tag/<slug>/:  12 = routing (5), view restrictions (2), tag, count, page of
                                    posts, authors, tags (no feed images in this data)
Pages are measured on a second request, with the sidebar's cached boxes warm.
"""

import pytest
from django.core.cache import cache

from posts.models import PostPage
from posts.tag_cloud import DEFAULT_SIZE, tag_cloud_for_request
from taxonomy.models import Tag
from tests.factories import bulk_posts, make_author, make_tag
from tests.support import assert_same_count, count_queries, warm_get

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BUDGETS = {"cloud": 6, "index": 8, "tag page": 12}
SMALL = {"tags": 5, "posts": 20}
LARGE = {"tags": 300, "posts": 2000}


def seed(blog, tags, posts, authors):
    tag_objects = [make_tag(f"Topic {number:03d}") for number in range(tags)]
    bulk_posts(blog, posts, tags=tag_objects, authors=authors, tags_per_post=3)
    return tag_objects


def cloud_queries(client, rf, tags):
    cache.clear()
    request = rf.get("/")
    queries, cloud = count_queries(tag_cloud_for_request, request)
    assert len(cloud["tags"]) == min(len(tags), DEFAULT_SIZE)  # the most used, at most
    return queries


def page_queries(client, url):
    # The first request warms caches that are filled once (the tag cloud, site root paths).
    queries, _ = warm_get(client, url)
    return queries


def measure(what, client, rf, blog, size, authors):
    tags = seed(blog, authors=authors, **size)
    if what == "cloud":
        return cloud_queries(client, rf, tags)
    if what == "index":
        return page_queries(client, "/blog/tags/")
    return page_queries(client, f"/blog/tag/{tags[0].slug}/?page=2")


@pytest.mark.parametrize("what", ["cloud", "index", "tag page"])
def test_tag_query_counts_do_not_grow_with_tags_or_posts(what, client, rf, blog):
    authors = [make_author("Ann Example"), make_author("Ben Example")]
    small = measure(what, client, rf, blog, SMALL, authors)
    PostPage.objects.all().delete()
    Tag.objects.all().delete()
    large = measure(what, client, rf, blog, LARGE, authors)
    print(f"{what}: {small} queries with {SMALL}, {large} with {LARGE}")
    assert_same_count(small, large, at_most=BUDGETS[what], label=what)
