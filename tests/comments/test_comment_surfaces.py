"""Must show 3: held and spam comments reach no reader surface (the post page, its comments
feed, the blog's feeds, search, JSON-LD, counts); and the cached page follows moderation
through the invalidation hub."""

import json
import re

import feedparser
import pytest
from django.test import Client

from comments.models import Comment
from core import generation
from posts.models import PostPage
from tests.comments.helpers import approved
from tests.factories import make_post

pytestmark = pytest.mark.django_db

HIDDEN_WORDS = [
    "zanzibarheld",
    "Hidden Holder",
    "cheapspamword",
    "Spammy Sender",
    "orphanreplyword",
    "hidden@example.org",
]


@pytest.fixture
def post(blog):
    post = make_post(blog, "Article 8 and the right to respect", days_ago=1)
    seen = approved(post, name="Seen Reader", text="Visible words.")
    Comment.objects.create(
        post=post,
        name="Hidden Holder",
        email="hidden@example.org",
        text="zanzibarheld text",
        parent=seen,
    )
    spam = Comment.objects.create(
        post=post,
        name="Spammy Sender",
        email="s@example.org",
        text="cheapspamword",
        status=Comment.Status.SPAM,
    )
    # Approved, but under a comment marked spam: it goes with its parent.
    approved(post, name="Orphan", email="o@example.org", text="orphanreplyword", parent=spam)
    return post


def assert_hidden(text):
    for word in HIDDEN_WORDS:
        assert word not in text, word


def test_the_post_page_json_ld_and_counts(post, blog, client, admin_client):
    page = client.get(post.url).content.decode()
    assert "Visible words." in page
    assert_hidden(page)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert data["commentCount"] == 1
    assert '<a href="#comments">1 comment</a>' in page
    assert '<h2 id="comments-heading">1 comment</h2>' in page
    assert PostPage.objects.get(pk=post.pk).comment_count == 1
    assert "1 comment<" in client.get(blog.url).content.decode()
    # Moderators see held comments in the admin only, not on the site.
    assert_hidden(admin_client.get(post.url).content.decode())


def test_feeds_and_search(post, blog, client):
    feed = client.get(f"/comments/{post.pk}/feed/").content.decode()
    assert [entry.title for entry in feedparser.parse(feed).entries] == ["Seen Reader"]
    assert_hidden(feed)
    for url in ("/blog/feed/", "/blog/feed/atom/"):
        assert_hidden(client.get(url).content.decode())
    for word in ("zanzibarheld", "cheapspamword", "orphanreplyword"):
        response = client.get("/search/", {"q": word})
        assert list(response.context["hits"]) == []


def test_a_hidden_posts_comments_feed_is_404(blog, client):
    draft = make_post(blog, "Draft", live=False)
    private = make_post(blog, "Private", private=True)
    for hidden in (draft, private):
        approved(hidden)
        assert client.get(f"/comments/{hidden.pk}/feed/").status_code == 404
    assert client.get("/comments/999999/feed/").status_code == 404


def test_the_cached_page_follows_moderation_through_the_hub(blog, committed):
    post = make_post(blog, "Cached", days_ago=1)
    reader = Client()
    first = reader.get(post.url)
    # Cacheable by a shared cache: public, no cookie, no CSRF token in the form.
    assert "public" in first["Cache-Control"]
    assert "Set-Cookie" not in first
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert 'action="/comments/' in first.content.decode()
    token = generation.current()

    # A held comment is no content event: nothing is purged.
    with committed():
        comment = Comment.objects.create(
            post=post, name="Ada", email="a@example.org", text="Held for now."
        )
    assert generation.current() == token

    with committed():
        comment.status = Comment.Status.APPROVED
        comment.save()
    assert generation.current() != token
    assert "Held for now." in reader.get(post.url).content.decode()
    assert "1 comment<" in reader.get(blog.url).content.decode()

    with committed():
        comment.delete()
    assert "Held for now." not in reader.get(post.url).content.decode()
    assert PostPage.objects.get(pk=post.pk).comment_count == 0
    assert "1 comment<" not in reader.get(blog.url).content.decode()


def test_the_count_survives_a_later_publish(blog, committed):
    post = make_post(blog, "Republished", days_ago=1)
    with committed():
        approved(post)
    revision = PostPage.objects.get(pk=post.pk).save_revision()  # an old count in a revision?
    approved(post, email="second@example.org")
    revision.publish()
    assert PostPage.objects.get(pk=post.pk).comment_count == 2


def test_one_feed_object_serves_two_posts_at_once(blog, rf):
    """The feed view is one object shared by every thread: building one post's feed while
    another's is half built must not give either the other's links."""
    from comments.feeds import PostCommentsFeed

    first, second = make_post(blog, "First", days_ago=2), make_post(blog, "Second", days_ago=1)
    feed = PostCommentsFeed()
    request = rf.get("/")
    first_obj = feed.get_object(request, first.pk)
    second_obj = feed.get_object(request, second.pk)
    assert feed.link(first_obj).endswith(first.url)
    assert feed.link(second_obj).endswith(second.url)
