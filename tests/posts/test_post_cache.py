"""What a post page, a listing, the sidebar and a feed keep between content events: kept for
anonymous readers only, and retired once a change commits (core.generation)."""

import pytest
from django.core.cache import cache, caches

from posts.models import PostPage
from tests.factories import make_author, make_image, make_post, make_tag
from tests.support import count_queries

pytestmark = pytest.mark.django_db


def fragments():
    """Keys of the cached fragments (the local-memory cache keeps them as `:1:key`)."""
    return [key for key in cache._cache if key.startswith(":1:fragment:")]


def test_a_warm_post_view_builds_nothing_and_a_committed_change_retires_it(client, blog, committed):
    tag = make_tag("Privacy")
    older = make_post(blog, "Older", days_ago=3, tags=[tag])
    post = make_post(blog, "Middle", days_ago=2, tags=[tag])
    first = client.get(post.url)
    assert first.context["previous_post"].title == "Older"
    assert first.context["next_post"] is None
    warm, again = count_queries(client.get, post.url)
    assert again.content == first.content
    assert again.context["previous_post"].pk == older.pk
    assert [related.title for related in again.context["related_posts"]] == ["Older"]
    assert warm <= 5, warm  # the site, the page, its view restrictions
    with committed():
        newer = make_post(blog, "Newer", days_ago=1, live=False, tags=[tag])
        newer.save_revision().publish()
    after = client.get(post.url)
    assert after.context["next_post"].title == "Newer"
    assert "Newer" in after.content.decode()


def test_a_change_not_yet_committed_is_not_cached_over(client, blog):
    """Inside the change's transaction nothing is retired: the hub runs after the commit."""
    post = make_post(blog, "Kept", days_ago=2)
    client.get(post.url)
    make_post(blog, "Uncommitted", days_ago=1)
    assert client.get(post.url).context["next_post"] is None


def test_logged_in_editors_and_previews_are_rendered_afresh_and_never_cached(
    admin_client, client, blog
):
    post = make_post(blog, "Published title", days_ago=2)
    assert admin_client.get(post.url).status_code == 200
    assert fragments() == []
    post.title = "Draft title"
    post.save_revision()
    preview = admin_client.get(f"/admin/pages/{post.pk}/edit/preview/?mode=")
    assert preview.status_code == 200
    assert fragments() == []
    assert "Published title" in client.get(post.url).content.decode()
    assert fragments()


def test_an_unpublished_post_is_not_routed_from_the_cache(client, blog, committed):
    post = make_post(blog, "Short-lived", days_ago=2)
    assert client.get(post.url).status_code == 200
    assert client.get(post.url).status_code == 200
    with committed():
        PostPage.objects.get(pk=post.pk).unpublish()
    assert client.get(post.url).status_code == 404


def test_listing_cards_sidebar_and_feed_follow_a_committed_publish(client, blog, committed):
    make_post(blog, "First post", days_ago=3, tags=[make_tag("Courts")])
    for url in ("/blog/", "/blog/feed/", "/blog/tag/courts/"):
        assert "First post" in client.get(url).content.decode()
    tag = make_tag("Tribunals")
    with committed():
        post = make_post(blog, "Second post", days_ago=1, live=False, tags=[tag])
        post.save_revision().publish()
    for url in ("/blog/", "/blog/feed/", "/blog/tag/tribunals/"):
        assert "Second post" in client.get(url).content.decode(), url
    assert "/blog/tag/tribunals/" in client.get("/blog/").content.decode()  # the tag cloud


def test_a_warm_feed_is_served_whole_from_the_cache(client, blog):
    make_post(blog, "In the feed", days_ago=1)
    cold, first = count_queries(client.get, "/blog/feed/")
    warm, second = count_queries(client.get, "/blog/feed/")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Last-Modified"] == first["Last-Modified"]
    assert warm < cold
    assert client.get("/blog/tag/no-such-tag/feed/").status_code == 404


def test_an_anonymous_post_view_writes_nothing_to_the_shared_cache(client, blog, monkeypatch):
    """Wagtail writes every rendition it looks up back to its cache; that must not be the
    shared one (a file per rendition without Redis) on every view."""
    author = make_author("Ada")
    author.photo = make_image("Face", width=64, height=64)
    author.save()
    image = make_image("Figure", width=64, height=36)
    post = make_post(
        blog,
        "Pictured",
        authors=[author],
        feed_image=make_image("Card", width=64, height=36),
        body=[{"type": "image", "value": {"image": image.pk, "caption": "", "size": "wide"}}],
    )
    client.get(post.url)  # the first view makes renditions and fills the page's caches
    shared = caches["default"]
    writes = []
    for name in ("set", "set_many", "add"):
        original = getattr(shared, name)
        monkeypatch.setattr(
            shared,
            name,
            lambda *a, _original=original, _name=name, **k: (
                writes.append(_name),
                _original(*a, **k),
            )[1],
        )
    response = client.get(post.url)
    assert response.status_code == 200
    assert 'property="og:image"' in response.content.decode()
    assert writes == []


def test_query_strings_on_a_post_add_no_cache_entries(client, blog):
    post = make_post(blog, "One page", days_ago=1)
    client.get(post.url)
    kept = sorted(fragments())
    for query in ("?page=7", "?page=8", "?utm_source=mail"):
        assert client.get(post.url + query).status_code == 200
    assert sorted(fragments()) == kept
