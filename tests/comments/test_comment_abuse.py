"""Must show 2: every abuse case gets a clear message (or, for bots, a silent discard) and
stores nothing a reader could see."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import TEXT_MAX_LENGTH, Comment, CommentSettings
from tests.comments.helpers import FORM, approved, post_url, send
from tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(blog):
    return make_post(blog, "Article 8 and the right to respect", days_ago=1)


def nothing_visible():
    return not Comment.objects.exclude(status=Comment.Status.HELD).exists()


def test_the_honeypot_discards_silently(post, csrf_client):
    response = send(csrf_client, post, website="http://spam.example")
    assert response.status_code == 200
    assert "held for moderation" in response.content.decode()  # what a person would see
    assert not Comment.objects.exists()


def test_rate_limit_per_network(post, site, csrf_client):
    settings = CommentSettings.for_site(site)
    settings.comments_per_hour = 2
    settings.save()
    for n in range(2):
        assert send(csrf_client, post, text=f"Comment {n}.").status_code == 200
    response = send(csrf_client, post, text="One too many.")
    assert response.status_code == 429
    page = response.content.decode()
    assert "too many comments from your network" in page
    assert "One too many." in page  # the reader's text is kept in the form
    assert not Comment.objects.filter(text="One too many.").exists()
    # Another network is not held back.
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert send(other, post, text="From elsewhere.").status_code == 200


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"text": "https://a.example https://b.example www.c.example"},
            "has 3 web addresses; at most 2 are allowed",
        ),
        ({"text": "x" * (TEXT_MAX_LENGTH + 1)}, "Your comment is too long: at most 5,000"),
        ({"name": "N" * 81}, "Your name is too long"),
        ({"text": 'Nice <a href="https://spam.example">post</a>'}, "Comments are plain text"),
        ({"text": "<script>alert(1)</script>"}, "Comments are plain text"),
        ({"name": "<b>Bold</b>"}, "Your name may not hold HTML"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"text": "", "name": ""}, "Write your comment."),
    ],
)
def test_refused_with_a_clear_message(post, csrf_client, fields, message):
    response = send(csrf_client, post, **fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'class="error-summary"' in page and "data-focus-on-load" in page
    assert 'aria-invalid="true"' in page
    assert not Comment.objects.exists()


def test_errors_are_linked_to_their_fields(post, csrf_client):
    page = send(csrf_client, post, name="", email="").content.decode()
    assert '<a href="#comment-name">Enter your name.</a>' in page
    assert 'aria-describedby="comment-name-hint comment-name-error"' in page
    assert 'id="comment-name-error"' in page


def test_a_forged_parent_on_another_post_is_refused(post, blog, csrf_client):
    other = make_post(blog, "Another post", days_ago=2)
    elsewhere = approved(other)
    response = send(csrf_client, post, parent=str(elsewhere.pk))
    assert response.status_code == 400
    assert "not on this post" in response.content.decode()
    assert Comment.objects.count() == 1


def test_replies_go_one_level_deep_and_only_to_visible_comments(post, csrf_client):
    top = approved(post)
    reply = approved(post, parent=top, email="r@example.org")
    held = Comment.objects.create(post=post, name="H", email="h@example.org", text="Held.")
    for parent in (reply.pk, held.pk, 999999, "abc"):
        response = send(csrf_client, post, parent=str(parent))
        assert response.status_code == 400, parent
    assert Comment.objects.count() == 3


@pytest.mark.parametrize(
    ("fields", "age_days"),
    [
        ({"comments_policy": "closed"}, 1),
        ({"comments_policy": "days", "comments_close_after_days": 7}, 8),
    ],
)
def test_a_closed_post_takes_no_comment(blog, csrf_client, fields, age_days):
    post = make_post(blog, "Closed", days_ago=age_days, **fields)
    response = send(csrf_client, post)
    assert response.status_code == 403
    assert "Comments on this post are closed" in response.content.decode()
    assert 'action="/comments/' not in csrf_client.get(post.url).content.decode()
    assert not Comment.objects.exists()


def test_the_site_default_closes_old_posts(blog, site, csrf_client):
    settings = CommentSettings.for_site(site)
    settings.policy, settings.close_after_days = "days", 30
    settings.save()
    old = make_post(blog, "Old", days_ago=31)
    recent = make_post(blog, "Recent", days_ago=29)
    forever = make_post(blog, "Forever open", days_ago=400, comments_policy="open")
    assert send(csrf_client, old).status_code == 403
    assert send(csrf_client, recent).status_code == 200
    assert send(csrf_client, forever).status_code == 200
    closes = (recent.date + datetime.timedelta(days=30)).astimezone(timezone.get_current_timezone())
    assert f'Comments close on <time datetime="{closes.isoformat()}' in csrf_client.get(
        recent.url
    ).content.decode().replace("+00:00", "+00:00")


@pytest.mark.parametrize("kind", ["draft", "private", "missing"])
def test_a_hidden_post_takes_no_comment(blog, csrf_client, kind):
    if kind == "missing":
        response = csrf_client.post("/comments/999999/post/", FORM)
    else:
        post = make_post(blog, "Hidden", live=kind != "draft", private=kind == "private")
        response = send(csrf_client, post)
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_the_form_endpoint_takes_only_posts(post, csrf_client):
    assert csrf_client.get(post_url(post)).status_code == 405
