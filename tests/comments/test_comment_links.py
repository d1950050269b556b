"""The commenter's links: GET asks and changes nothing, POST acts; forged, expired and
erased links get a plain page, never a 500; a known commenter's reply notifies at once."""

import pytest
from django.core import signing
from django.test import Client

from comments.models import Comment
from comments.tokens import CONFIRM_MAX_AGE, confirm_token, unsubscribe_token
from tests.comments.helpers import approved, send
from tests.factories import make_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(blog):
    post = make_post(blog, "Post", days_ago=1)
    return approved(post, name="Ada", email="ada@example.org", notify_replies=True)


def test_get_asks_and_post_confirms(comment, csrf_client):
    url = f"/comments/replies/confirm/{confirm_token(comment)}/"
    response = csrf_client.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    comment.refresh_from_db()
    assert comment.notify_confirmed_at is None
    csrf_client.post(url)
    comment.refresh_from_db()
    assert comment.notify_confirmed_at is not None


@pytest.mark.parametrize("route", ["confirm", "stop"])
def test_forged_links_are_404(comment, csrf_client, route):
    for token in ("nonsense", f"{comment.key.hex}:forged", "a" * 500):
        assert csrf_client.get(f"/comments/replies/{route}/{token}/").status_code == 404
        assert csrf_client.post(f"/comments/replies/{route}/{token}/").status_code == 404


def test_an_expired_confirmation_says_so(comment, csrf_client, monkeypatch):
    token = confirm_token(comment)
    real_unsign = signing.TimestampSigner.unsign
    monkeypatch.setattr(
        signing.TimestampSigner,
        "unsign",
        lambda self, value, max_age=None: real_unsign(self, value, max_age=-CONFIRM_MAX_AGE),
    )
    response = csrf_client.post(f"/comments/replies/confirm/{token}/")
    assert response.status_code == 400 and "expired" in response.content.decode()


def test_stop_link_get_asks_post_stops_and_repeats_harmlessly(comment, csrf_client):
    url = f"/comments/replies/stop/{unsubscribe_token(comment)}/"
    assert "Stop these emails" in csrf_client.get(url).content.decode()
    comment.refresh_from_db()
    assert comment.notify_replies
    for _ in range(2):
        assert csrf_client.post(url).status_code == 200
    comment.refresh_from_db()
    assert not comment.notify_replies


def test_a_known_commenters_reply_is_shown_and_emailed_at_once(comment, committed, mailoutbox):
    comment.notify_confirmed_at = comment.created_at
    comment.save()
    approved(comment.post, name="Ben", email="ben@example.org", text="Earlier.")
    with committed():
        send(
            Client(),
            comment.post,
            name="Ben",
            email="ben@example.org",
            text="Quick reply.",
            parent=str(comment.pk),
        )
    reply = Comment.objects.get(text="Quick reply.")
    assert reply.status == Comment.Status.APPROVED
    assert [m.to for m in mailoutbox] == [["ada@example.org"]]


def _confirmed_with_held_reply(comment):
    comment.notify_confirmed_at = comment.created_at
    comment.save()
    return Comment.objects.create(
        post=comment.post,
        parent=comment,
        name="Ben",
        email="ben@example.org",
        text="A reply.",
        status=Comment.Status.HELD,
    )


def test_a_reply_approved_again_after_spam_is_not_emailed_twice(comment, committed, mailoutbox):
    reply = _confirmed_with_held_reply(comment)
    for status in ("approved", "spam", "approved"):
        reply.status = status
        with committed():
            reply.save()
    assert [m.to for m in mailoutbox] == [["ada@example.org"]]


@pytest.mark.parametrize("change", ["parent marked spam", "post unpublished"])
def test_no_reply_email_under_a_hidden_comment_or_post(comment, committed, mailoutbox, change):
    reply = _confirmed_with_held_reply(comment)
    with committed():
        reply.status = Comment.Status.APPROVED
        reply.save()  # the e-mail is queued now, and sent once the change below commits
        if change == "parent marked spam":
            Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.SPAM)
        else:
            comment.post.unpublish()
    assert mailoutbox == []


@pytest.mark.parametrize("route", ["confirm", "stop"])
def test_a_link_names_its_post_only_while_readers_can_see_it(blog, csrf_client, route):
    post = make_post(blog, "Quokka ruling", days_ago=1)
    comment = approved(post, name="Ada", email="ada@example.org", notify_replies=True)
    token = (confirm_token if route == "confirm" else unsubscribe_token)(comment)
    url = f"/comments/replies/{route}/{token}/"
    assert "Quokka ruling" in csrf_client.get(url).content.decode()
    post.unpublish()
    response = csrf_client.get(url)
    assert response.status_code == 200 and "<form" in response.content.decode()
    assert "Quokka" not in response.content.decode()
    assert "Quokka" not in csrf_client.post(url).content.decode()
