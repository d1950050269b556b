"""Query budgets of the listings: the blog index, year and month archives and an author page
cost the same with 3 posts in the blog as with 400 (and a full page of cards with feed images,
authors and tags).

Pages are measured on a second request, with the sidebar's cached boxes warm. Recorded counts,
SQLite and PostgreSQL alike (BUDGETS): 13 for the index and archives = site (1), tree walk (3),
serving's alias and restriction checks (2), visible()'s restriction list (1), count (1), page of
posts (1), authors (1), tags (1), feed images (1), their renditions (1); the author page adds
the author, the photo and the photo's renditions (16).
"""

import pytest
from django.utils import timezone

from posts.models import PostPage
from tests.factories import bulk_posts, make_author, make_image, make_tag
from tests.support import assert_same_count, warm_get

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def seed(blog, count, name):
    tags = [make_tag(f"Topic {name} {n}") for n in range(8)]
    authors = [make_author(f"Writer {name} {n}") for n in range(3)]
    for author in authors:
        author.photo = make_image(f"Writer photo {name} {author.pk}", width=64, height=64)
        author.save()
    pks = bulk_posts(blog, count, tags=tags, authors=authors, start_days_ago=2)
    images = [make_image(f"Card {name} {n}", width=80, height=45) for n in range(4)]
    for offset, pk in enumerate(pks):
        PostPage.objects.filter(pk=pk).update(feed_image=images[offset % len(images)])
    return authors[0]


def urls(author):
    newest = timezone.localtime(PostPage.objects.visible().order_by("-date").first().date)
    return {
        "index": "/blog/",
        "year": f"/blog/{newest.year}/",
        "month": f"/blog/{newest.year}/{newest.month:02d}/",
        "author": f"/blog/author/{author.slug}/",
    }


def queries(client, url):
    count, response = warm_get(client, url)  # the first request creates renditions
    return count, len(response.context["posts"])


BUDGETS = {"index": 13, "year": 13, "month": 13, "author": 16}


def test_listing_queries_do_not_grow_with_the_number_of_posts(client, blog):
    small_author = seed(blog, 3, "small")
    small = {name: queries(client, url) for name, url in urls(small_author).items()}
    large_author = seed(blog, 400, "large")
    large = {name: queries(client, url) for name, url in urls(large_author).items()}
    for name in BUDGETS:
        small_count, small_cards = small[name]
        large_count, large_cards = large[name]
        assert large_cards > small_cards, name  # the large case really shows more cards
        assert_same_count(small_count, large_count, at_most=BUDGETS[name], label=name)


def test_later_pages_cost_the_same_as_the_first(client, blog):
    author = seed(blog, 60, "paged")
    first, _ = queries(client, "/blog/")
    later, cards = queries(client, "/blog/?page=4")
    assert cards == 10
    assert_same_count(first, later, label="index")
    author_first, _ = queries(client, f"/blog/author/{author.slug}/")
    author_later, _ = queries(client, f"/blog/author/{author.slug}/?page=2")
    assert_same_count(author_first, author_later, label="author")
