"""Reader routes: /blog/tag/<slug>/ lists a tag's live posts; /blog/tags/ lists the tags."""

import datetime

import pytest
from django.utils import timezone

from posts.models import BlogIndexPage
from tests.factories import make_post, make_tag
from tests.support import titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy(blog):
    tag = make_tag("Privacy")
    tag.description = "<p>Posts about <b>Article 8</b> of the Convention.</p>"
    tag.save()
    return tag


def test_tag_page_lists_only_live_posts_newest_first(client, blog, privacy):
    make_post(blog, "Older", days_ago=5, tags=[privacy])
    make_post(blog, "Newer", days_ago=1, tags=[privacy])
    make_post(blog, "Untagged", days_ago=2)
    make_post(blog, "Draft", days_ago=1, tags=[privacy], live=False)
    make_post(blog, "Private", days_ago=1, tags=[privacy], private=True)
    make_post(blog, "Scheduled", date=timezone.now() + datetime.timedelta(days=2), tags=[privacy])
    response = client.get("/blog/tag/privacy/")
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    html = response.content.decode()
    assert "<h1>Privacy</h1>" in html
    assert "<b>Article 8</b> of the Convention" in html
    for hidden in ["Draft", "Private", "Scheduled", "Untagged"]:
        assert hidden not in html


def test_tag_page_is_publicly_cacheable(client, blog, privacy):
    make_post(blog, "A post", tags=[privacy])
    response = client.get("/blog/tag/privacy/")
    assert "public" in response["Cache-Control"]
    assert not response.cookies
    assert b"csrfmiddlewaretoken" not in response.content


def test_unknown_tag_is_a_404(client, blog):
    assert client.get("/blog/tag/no-such-tag/").status_code == 404


def test_tag_without_visible_posts_is_a_404(client, blog, privacy):
    assert client.get("/blog/tag/privacy/").status_code == 404
    make_post(blog, "Draft", tags=[privacy], live=False)
    make_post(blog, "Scheduled", date=timezone.now() + datetime.timedelta(days=1), tags=[privacy])
    assert client.get("/blog/tag/privacy/").status_code == 404
    make_post(blog, "Published", tags=[privacy])
    assert client.get("/blog/tag/privacy/").status_code == 200


@pytest.fixture
def paged_blog(blog, privacy):
    BlogIndexPage.objects.filter(pk=blog.pk).update(posts_per_page=2)
    for number in range(5):
        make_post(blog, f"Post {number}", days_ago=10 - number, tags=[privacy])
    return blog


def test_tag_page_is_paginated(client, paged_blog):
    assert titles(client.get("/blog/tag/privacy/")) == ["Post 4", "Post 3"]
    assert titles(client.get("/blog/tag/privacy/?page=2")) == ["Post 2", "Post 1"]
    page3 = client.get("/blog/tag/privacy/?page=3")
    assert titles(page3) == ["Post 0"]
    assert 'rel="prev" href="?page=2"' in page3.content.decode()


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "", "%00", "2%20or%201"])
def test_malformed_page_numbers_show_the_first_page(client, paged_blog, bad):
    response = client.get(f"/blog/tag/privacy/?page={bad}")
    assert response.status_code == 200
    assert titles(response) == ["Post 4", "Post 3"]


@pytest.mark.parametrize("past", ["4", "9" * 50])
def test_a_page_past_the_end_is_a_404(client, paged_blog, past):
    assert client.get(f"/blog/tag/privacy/?page={past}").status_code == 404


def test_tag_route_leaves_the_tag_feed_to_the_feeds(blog):
    blog = BlogIndexPage.objects.get(pk=blog.pk)
    assert blog.resolve_subpage("/tag/privacy/").url_name == "tag"
    assert blog.resolve_subpage("/tag/privacy/feed/").url_name == "tag_feed"


def test_tag_index_lists_tags_with_live_posts_a_to_z_with_counts(client, blog, privacy):
    asylum = make_tag("asylum")
    echr = make_tag("ECHR")
    unused = make_tag("Unused")
    drafts_only = make_tag("Drafts only")
    make_post(blog, "One", tags=[privacy, asylum])
    make_post(blog, "Two", tags=[privacy, echr])
    make_post(blog, "Three", tags=[privacy])
    make_post(blog, "Draft", tags=[drafts_only, privacy], live=False)
    response = client.get("/blog/tags/")
    assert response.status_code == 200
    listed = [(tag.name, tag.post_count) for tag in response.context["tags"]]
    assert listed == [("asylum", 1), ("ECHR", 1), ("Privacy", 3)]
    html = response.content.decode()
    assert '<a href="/blog/tag/privacy/">Privacy</a>' in html
    assert "(3 posts)" in html
    assert unused.name not in html.split("<main")[1].split("</main>")[0]
    assert drafts_only.name not in html
    headings = [heading for heading, _ in response.context["tag_groups"]]
    assert headings == ["A", "E", "P"]


def test_tag_index_files_accented_names_by_letter_and_others_first(client, blog):
    make_post(blog, "One", tags=[make_tag("1998 Act"), make_tag("Évora"), make_tag("Zeal")])
    response = client.get("/blog/tags/")
    assert [heading for heading, _ in response.context["tag_groups"]] == ["#", "E", "Z"]


def test_tag_index_with_no_tags_says_so(client, blog):
    response = client.get("/blog/tags/")
    assert response.status_code == 200
    assert "No posts have been tagged yet." in response.content.decode()
