"""Numbered pagination on every paginated listing: the first and last pages, the current one
with its neighbours, gaps between, the current page marked with aria-current, and newer/older
links beside them."""

import datetime
import re

import pytest
from django.utils import timezone

from posts import views
from tests.factories import make_author, make_post, make_tag

pytestmark = pytest.mark.django_db

PAGES = 12


@pytest.fixture
def many_pages(blog):
    """Twelve posts, one per page, sharing a tag, an author, a month and a searchable word."""
    blog.posts_per_page = 1
    blog.save_revision().publish()
    tag, author = make_tag("Housing"), make_author("Ann Example")
    first = datetime.datetime(2021, 3, 1, 12, tzinfo=datetime.UTC)
    for day in range(PAGES):
        make_post(
            blog,
            f"Tenancy post {day}",
            date=first + datetime.timedelta(days=day),
            tags=[tag],
            authors=[author],
        )
    return {"tag": tag, "author": author}


def pager(html):
    match = re.search(r'<nav class="pagination".*?</nav>', html, re.S)
    assert match, "no pager"
    return match.group(0)


def numbers(nav):
    """The pager's items in order: page numbers as ints, gaps as "…"."""
    items = re.findall(r'<span class="visually-hidden">Page </span>(\d+)</a>|(…)', nav)
    return [int(number) if number else gap for number, gap in items]


def current(nav):
    return re.findall(r'aria-current="page"><span class="visually-hidden">Page </span>(\d+)', nav)


def test_the_blog_index_numbers_its_pages(client, many_pages):
    first = pager(client.get("/blog/").content.decode())
    assert numbers(first) == [1, 2, "…", 11, 12]
    assert current(first) == ["1"]
    assert 'rel="prev"' not in first and 'rel="next" href="?page=2">Older posts</a>' in first
    assert '<a href="/blog/" aria-current="page">' in first  # page 1 is the bare address

    middle = pager(client.get("/blog/?page=6").content.decode())
    assert numbers(middle) == [1, 2, "…", 5, 6, 7, "…", 11, 12]
    assert current(middle) == ["6"] and middle.count("aria-current") == 1
    assert 'rel="prev" href="?page=5">Newer posts</a>' in middle
    assert 'rel="next" href="?page=7">Older posts</a>' in middle
    assert 'href="?page=11"><span class="visually-hidden">Page </span>11</a>' in middle
    # The gap is not read out: "Page 2", then "Page 5".
    assert '<span class="pagination__gap" aria-hidden="true">…</span>' in middle

    last = pager(client.get("/blog/?page=12").content.decode())
    assert numbers(last) == [1, 2, "…", 11, 12] and current(last) == ["12"]
    assert 'rel="next"' not in last


@pytest.mark.parametrize(
    "url",
    [
        "/blog/tag/{tag}/?page=6",
        "/blog/2021/?page=6",
        "/blog/2021/03/?page=6",
        "/blog/author/{author}/?page=6",
    ],
)
def test_every_listing_numbers_its_pages(client, many_pages, url):
    url = url.format(tag=many_pages["tag"].slug, author=many_pages["author"].slug)
    response = client.get(url)
    assert response.status_code == 200, url
    nav = pager(response.content.decode())
    assert numbers(nav) == [1, 2, "…", 5, 6, 7, "…", 11, 12]
    assert current(nav) == ["6"]


def test_search_results_are_numbered_and_keep_the_query(client, many_pages, monkeypatch):
    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 1)
    nav = pager(client.get("/search/?q=tenancy&page=3").content.decode())
    assert 'aria-label="Pages of results"' in nav
    assert current(nav) == ["3"]
    assert 'href="?q=tenancy&amp;page=4"><span class="visually-hidden">Page </span>4</a>' in nav
    assert 'rel="prev" href="?q=tenancy&amp;page=2">Previous results</a>' in nav
    assert "More results</a>" in nav


def test_a_single_page_has_no_pager(client, blog):
    make_post(blog, "Alone", date=timezone.now() - datetime.timedelta(days=1))
    assert 'class="pagination"' not in client.get("/blog/").content.decode()
