"""Moderation views (filters, bulk spam and delete, who may moderate) and data requests
(`manage.py personal_data`) for commenters."""

import io
import json

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from comments.models import Comment
from newsletter.models import Subscriber
from posts.models import PostPage
from tests.comments.helpers import approved
from tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_filters_by_status_and_post(blog, moderator):
    first = make_post(blog, "First post", days_ago=1)
    second = make_post(blog, "Second post", days_ago=2)
    make_post(blog, "Post with no comments", days_ago=3)
    approved(first, name="Approved Amy")
    Comment.objects.create(post=first, name="Held Hal", email="h@example.org", text="Hm.")
    Comment.objects.create(
        post=second, name="Spam Sam", email="s@example.org", text="Buy.", status=Comment.Status.SPAM
    )
    cases = {
        "status=held": {"Held Hal"},
        "status=approved": {"Approved Amy"},
        "status=spam": {"Spam Sam"},
        f"post={first.pk}": {"Approved Amy", "Held Hal"},
        f"post={second.pk}&status=spam": {"Spam Sam"},
    }
    names = {"Approved Amy", "Held Hal", "Spam Sam"}
    for query, shown in cases.items():
        page = moderator.get(f"/admin/comments/?{query}").content.decode()
        assert {name for name in names if name in page} == shown, query
    # The post filter offers only posts with comments (not thousands of choices).
    page = moderator.get("/admin/comments/").content.decode()
    assert "Post with no comments" not in page


def test_bulk_spam_and_delete_update_the_post(blog, moderator, committed):
    post = make_post(blog, "Post", days_ago=1)
    one, two = approved(post), approved(post, email="two@example.org")
    assert PostPage.objects.get(pk=post.pk).comment_count == 2
    with committed():
        moderator.post(f"/admin/bulk/comments/comment/spam/?next=/admin/&id={one.pk}")
    assert Comment.objects.get(pk=one.pk).status == Comment.Status.SPAM
    assert PostPage.objects.get(pk=post.pk).comment_count == 1
    with committed():
        response = moderator.post(f"/admin/bulk/comments/comment/delete/?next=/admin/&id={two.pk}")
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=two.pk).exists()
    assert PostPage.objects.get(pk=post.pk).comment_count == 0


def test_contributors_cannot_moderate(blog, django_user_model):
    user = django_user_model.objects.create_user("writer", "w@example.org", "pw")
    user.groups.add(Group.objects.get(name="Contributors"))
    client = Client()
    client.force_login(user)
    held = Comment.objects.create(
        post=make_post(blog, "P"), name="H", email="h@example.org", text="Held."
    )
    assert client.get("/admin/comments/").status_code in (302, 403)
    client.post(f"/admin/bulk/comments/comment/approve/?next=/admin/&id={held.pk}")
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.HELD


def test_export_and_erase_a_commenter_with_the_newsletter(blog, committed, client):
    post = make_post(blog, "Post", days_ago=1)
    kept = approved(
        post, name="Ada Person", email="ada@example.org", text="My view.", notify_replies=True
    )
    Comment.objects.create(post=post, name="Ada Person", email="ADA@example.org", text="Held one.")
    approved(post, name="Someone Else", email="else@example.org")
    Subscriber.request_subscription("ada@example.org", "/blog/")

    out = io.StringIO()
    call_command("personal_data", "export", "ada@example.org", stdout=out)
    data = json.loads(out.getvalue())
    assert {c["text"] for c in data["comments"]} == {"My view.", "Held one."}
    assert data["newsletter"]["email"] == "ada@example.org"

    with committed():
        call_command("personal_data", "erase", "ada@example.org", "--noinput", stdout=io.StringIO())
    kept.refresh_from_db()
    assert (kept.name, kept.email, kept.notify_replies, kept.text) == (
        "Anonymous",
        "",
        False,
        "My view.",
    )
    assert not Comment.objects.filter(text="Held one.").exists()
    assert not Subscriber.objects.exists()
    assert Comment.objects.filter(name="Someone Else").exists()
    page = client.get(post.url).content.decode()
    assert "Ada Person" not in page and "My view." in page
    out = io.StringIO()
    call_command("personal_data", "export", "ada@example.org", stdout=out)
    assert json.loads(out.getvalue()) == {}


def test_the_edit_view_approves_and_the_post_follows(blog, moderator, committed, client):
    post = make_post(blog, "Post", days_ago=1)
    held = Comment.objects.create(post=post, name="Hal", email="h@example.org", text="Tpyo.")
    url = f"/admin/comments/edit/{held.pk}/"
    assert moderator.get(url).status_code == 200
    data = {"status": "approved", "name": "Hal", "text": "Typo fixed.", "notify_replies": ""}
    with committed():
        response = moderator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    held.refresh_from_db()
    assert (held.status, held.text) == (Comment.Status.APPROVED, "Typo fixed.")
    assert PostPage.objects.get(pk=post.pk).comment_count == 1
    assert "Typo fixed." in client.get(post.url).content.decode()
