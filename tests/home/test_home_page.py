"""The home page: welcome box, featured posts chosen by editors, then the latest posts
(issue 3, HomePage)."""

import datetime
import re

import pytest
from django.utils import timezone

from home.models import HomePageFeaturedPost
from tests.factories import bulk_posts, make_post
from tests.support import assert_same_count, card_titles, warm_get


def section(html, css_class):
    match = re.search(rf'<section class="{css_class}"[^>]*>(.*?)</section>', html, re.S)
    return match.group(1) if match else ""


def feature(home, *posts):
    home.featured_posts = [
        HomePageFeaturedPost(post=post, sort_order=order) for order, post in enumerate(posts)
    ]
    home.save_revision().publish()


@pytest.mark.django_db
def test_featured_posts_come_first_in_the_editors_order(client, site_tree):
    blog, home = site_tree["blog"], site_tree["home"]
    old = make_post(blog, "Old but important", days_ago=300)
    new = make_post(blog, "New and important", days_ago=2)
    make_post(blog, "Newest ordinary post", days_ago=1)
    feature(home, old, new)
    html = client.get("/").content.decode()
    assert card_titles(section(html, "home-featured")) == ["Old but important", "New and important"]
    # The latest posts do not repeat the featured ones.
    assert card_titles(section(html, "home-latest")) == ["Newest ordinary post"]


@pytest.mark.django_db
def test_featured_drafts_private_and_future_posts_are_not_shown(client, site_tree):
    blog, home = site_tree["blog"], site_tree["home"]
    shown = make_post(blog, "Shown")
    draft = make_post(blog, "Draft", live=False)
    private = make_post(blog, "Private", private=True)
    future = make_post(blog, "Future", date=timezone.now() + datetime.timedelta(days=3))
    feature(home, draft, private, future, shown)
    html = client.get("/").content.decode()
    assert card_titles(section(html, "home-featured")) == ["Shown"]
    for hidden in ("Draft", "Private", "Future"):
        assert f">{hidden}</a>" not in html


@pytest.mark.django_db
def test_no_featured_posts_means_no_featured_section(client, site_tree):
    make_post(site_tree["blog"], "Only post")
    html = client.get("/").content.decode()
    assert 'class="home-featured"' not in html
    assert card_titles(section(html, "home-latest")) == ["Only post"]


@pytest.mark.django_db
def test_latest_posts_count_is_an_editor_setting(client, site_tree):
    home = site_tree["home"]
    bulk_posts(site_tree["blog"], 12)
    assert len(card_titles(section(client.get("/").content.decode(), "home-latest"))) == 6
    home.latest_posts_count = 3
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert len(card_titles(section(html, "home-latest"))) == 3
    assert '<a href="/blog/">All posts</a>' in html


@pytest.mark.django_db
def test_home_page_headings_are_in_order(client, site_tree):
    blog = site_tree["blog"]
    feature(site_tree["home"], make_post(blog, "Featured one"))
    make_post(blog, "Latest one")
    html = client.get("/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_featured_or_latest_posts(client, site_tree):
    """Measured when written: 13 queries for 1 featured and 1 latest post, or 8 and 6."""
    blog, home = site_tree["blog"], site_tree["home"]

    def count():
        queries, _ = warm_get(client, "/")  # the first request warms the chrome and caches
        return queries

    feature(home, make_post(blog, "First"))
    make_post(blog, "Second")
    small = count()
    bulk_posts(blog, 20)
    feature(home, *list(blog.get_children().specific())[:8])
    large = count()
    assert_same_count(small, large)
