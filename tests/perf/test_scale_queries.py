"""At scale (issue 14): the post page, a deep page of the index, a deep page of a large tag and
a sitemap page cost the same number of queries with a few dozen posts as with a few thousand,
and no query reads the rows before the page it serves (no OFFSET, no COUNT over the listing).

Listings longer than core.pagination.SEEK_AFTER seek to a page's first row on the (date, pk)
index; their page starts are cached until the next content event. Pages are measured on a
second request, as in the other budgets; a sitemap page is measured as it is built (uncached).
"""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagination import SEEK_AFTER
from posts import sitemaps
from posts.models.post import RELATED_CANDIDATES_PER_SIDE
from tests.factories import bulk_posts, make_post, make_tag
from tests.support import assert_same_count

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SMALL, LARGE = 40, 2 * SEEK_AFTER + 600
PER_PAGE = 10


def seed(blog, count, name):
    """`count` posts, every one carrying the first of five tags (a tag as large as the blog),
    and a subject post sharing three of them."""
    tags = [make_tag(f"Scale {name} {number}") for number in range(5)]
    bulk_posts(blog, count, tags=tags, tags_per_post=5)
    subject = make_post(blog, f"Subject {name}", days_ago=0, tags=tags[:3])
    return tags[0], subject


def last_page(count):
    return -(-count // PER_PAGE)


def measure(client, url):
    """(queries, SQL of the second request) of `url`."""
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), [query["sql"] for query in captured]


def reads_no_skipped_rows(statements):
    """No OFFSET anywhere; the only count of a listing is the bounded one (of at most
    SEEK_AFTER + 1 rows), and "Read more" ranks only the posts nearest in date."""
    for sql in statements:
        assert not re.search(r"\bOFFSET\b", sql, re.IGNORECASE), sql
        if re.search(r"\bCOUNT\(\*\)", sql, re.IGNORECASE):
            assert f"LIMIT {SEEK_AFTER + 1}" in sql, sql
        if "shared_tags" in sql:
            assert sql.count(f"LIMIT {RELATED_CANDIDATES_PER_SIDE})") == 2, sql


def surfaces(client, blog, count, name):
    tag, subject = seed(blog, count, name)
    tag_url = blog.route_url("tag", slug=tag.slug)
    deep = last_page(count + 1)  # the subject post too
    found = {
        "post page": measure(client, subject.url),
        "deep index page": measure(client, f"/blog/?page={deep}"),
        "deep tag page": measure(client, f"{tag_url}?page={deep}"),
    }
    cache.clear()  # a sitemap page as it is built
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/sitemap-posts.xml?p=2").status_code == 200
    found["sitemap page"] = (len(captured), [query["sql"] for query in captured])
    return found


def test_pages_cost_the_same_at_a_few_dozen_posts_as_at_thousands(client, blog, monkeypatch):
    assert blog.posts_per_page == PER_PAGE
    # Sitemap pages of 10 and of 500 addresses: two pages of each size.
    monkeypatch.setattr(sitemaps.PagesSitemap, "limit", 10)
    small = surfaces(client, blog, SMALL, "small")
    monkeypatch.setattr(sitemaps.PagesSitemap, "limit", 500)
    large = surfaces(client, blog, LARGE, "large")
    for name, (large_count, statements) in large.items():
        if name.startswith("deep"):
            # A long listing's cached page starts spare it the bounded count a short one makes.
            assert large_count == small[name][0] - 1, (name, small[name][0], large_count)
        else:
            assert_same_count(small[name][0], large_count, label=name)
        # Sitemap pages are paged by Django's Paginator, but built once per content event.
        if name != "sitemap page":
            reads_no_skipped_rows(statements)


def test_a_deep_page_seeks_to_its_first_post(client, blog):
    tag, _ = seed(blog, LARGE, "deep")
    last = last_page(LARGE + 1)
    first = client.get("/blog/")
    deep = client.get(f"/blog/?page={last}")
    assert first.context["posts"].paginator.count == LARGE + 1
    assert deep.context["posts"].number == last
    # The pages together hold every post once, newest first: spot-check the seams.
    before = client.get(f"/blog/?page={last - 1}").context["posts"]
    assert len(before) == PER_PAGE
    assert (before[-1].date, before[-1].pk) > (
        deep.context["posts"][0].date,
        deep.context["posts"][0].pk,
    )
    assert client.get(f"/blog/?page={last + 1}").status_code == 404
