"""Must show 1: subscribe, confirm, digest with unsubscribe headers, unsubscribe, no more mail."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from newsletter.models import Subscriber
from tests.factories import make_author, make_post
from tests.support import ask_then_act

pytestmark = pytest.mark.django_db

SIGNUP = "/subscribe/signup/"


def link_in(text, route):
    match = re.search(rf"http://testserver/subscribe/{route}/[^/\s]+/", text)
    assert match, f"no {route} link in:\n{text}"
    return match.group(0)


def test_subscribe_confirm_digest_unsubscribe(site_tree, blog, mailoutbox):
    # A real browser's view: CSRF is enforced, and the cached form carries no token.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        SIGNUP, {"email": "  Reader@Example.ORG ", "website": "", "source": "/blog/"}
    )
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    assert "private" in response["Cache-Control"]

    assert len(mailoutbox) == 1
    confirmation = mailoutbox[0]
    assert confirmation.to == ["Reader@example.org"]
    confirm_url = link_in(confirmation.body, "confirm")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING

    # Opening the link asks (mail scanners open links too); the button confirms.
    asked, confirmed = ask_then_act(
        client,
        confirm_url,
        subscriber,
        question="Confirm your subscription",
        done="You are subscribed",
        before=Subscriber.Status.PENDING,
        after=Subscriber.Status.ACTIVE,
    )
    assert "no-store" in asked["Cache-Control"]
    assert "no-store" in confirmed["Cache-Control"]
    assert subscriber.confirmed_at is not None
    assert subscriber.source_path == "/blog/"

    author = make_author("Ada Barrister")
    make_post(blog, "Article 8 and the right to respect", days_ago=0, authors=[author])
    make_post(blog, "Judicial review after the Act", days_ago=0, intro="What changed, and why.")
    call_command("send_digest", stdout=io.StringIO())

    assert len(mailoutbox) == 2
    digest = mailoutbox[1]
    assert digest.to == ["Reader@example.org"]
    assert "Article 8 and the right to respect" in digest.body
    assert "Judicial review after the Act" in digest.body
    assert "Ada Barrister" in digest.body
    assert "What changed, and why." in digest.body
    assert "http://testserver/blog/article-8-and-the-right-to-respect/" in digest.body
    html, mimetype = digest.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://testserver/blog/judicial-review-after-the-act/"' in html
    unsubscribe_header = digest.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/subscribe/unsubscribe/[^/\s]+/>", unsubscribe_header)
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = unsubscribe_header.strip("<>")
    assert unsubscribe_url in digest.body
    assert unsubscribe_url in html

    # The link asks first (mail scanners follow links), on a page no shared cache may keep;
    # then the mail client's one-click POST, as RFC 8058 sends it: no cookie, no token.
    asked, _ = ask_then_act(
        client,
        unsubscribe_url,
        subscriber,
        question="Unsubscribe from email updates?",
        done="You are unsubscribed",
        before=Subscriber.Status.ACTIVE,
        after=Subscriber.Status.UNSUBSCRIBED,
        data={"List-Unsubscribe": "One-Click"},
    )
    assert b'method="post"' in asked.content
    assert "no-store" in asked["Cache-Control"]
    assert subscriber.unsubscribed_at is not None
    # Idempotent: again, and the button after the one-click, change nothing and still succeed.
    assert client.post(unsubscribe_url).status_code == 200
    assert client.get(unsubscribe_url).status_code == 200

    make_post(blog, "A third post", days_ago=0)
    call_command("send_digest", stdout=io.StringIO())
    assert len(mailoutbox) == 2


def test_confirmation_email_has_unsubscribe_link_and_headers_and_text_alternative(
    client, site_tree, mailoutbox
):
    client.post(SIGNUP, {"email": "someone@example.org"})
    message = mailoutbox[0]
    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("http://testserver/subscribe/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in message.body
    html = message.alternatives[0][0]
    assert link_in(message.body, "confirm") in html
    # Plain text stays plain: no HTML entities in the links.
    assert "&amp;" not in message.body
