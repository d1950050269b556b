"""The newsletter endpoints as plain Django views: links in emails already sent keep working,
new links carry the signer's tokens as they are, and every answer wears the site chrome."""

import re

import pytest
from django.urls import reverse

from newsletter.models import Subscriber
from newsletter.tokens import confirm_token, unsubscribe_token
from tests.factories import make_site_settings
from tests.support import ask_then_act

pytestmark = pytest.mark.django_db

SIGNUP = "/subscribe/signup/"
CONFIRM = {
    "question": "Confirm your subscription",
    "done": "You are subscribed",
    "before": Subscriber.Status.PENDING,
    "after": Subscriber.Status.ACTIVE,
}
UNSUBSCRIBE = {
    "question": "Unsubscribe from email updates?",
    "done": "You are unsubscribed",
    "before": Subscriber.Status.ACTIVE,
    "after": Subscriber.Status.UNSUBSCRIBED,
    "data": {"List-Unsubscribe": "One-Click"},
}


def legacy(token, separators):
    """A token as links sent before this change carried it: the signer's first ":"s as "_"."""
    return token.replace(":", "_", separators)


@pytest.fixture
def pending(site_tree):
    return Subscriber.objects.create(email="reader@example.org")


@pytest.fixture
def active(site_tree):
    subscriber = Subscriber.objects.create(email="reader@example.org")
    subscriber.confirm()
    return subscriber


def test_the_endpoints_keep_their_addresses():
    assert reverse("newsletter:signup") == SIGNUP
    assert reverse("newsletter:confirm", kwargs={"token": "k:t:s"}) == "/subscribe/confirm/k:t:s/"
    assert reverse("newsletter:unsubscribe", kwargs={"token": "k:s"}) == (
        "/subscribe/unsubscribe/k:s/"
    )


def test_old_confirm_link_with_old_token_still_confirms(csrf_client, pending):
    old_token = legacy(confirm_token(pending), 2)
    assert ":" not in old_token
    url = f"/subscribe/confirm/{old_token}/"
    ask_then_act(csrf_client, url, pending, **CONFIRM)


def test_new_confirm_link_with_new_token_confirms(csrf_client, pending):
    token = confirm_token(pending)
    assert token.count(":") == 2  # the signer's output, unchanged
    url = reverse("newsletter:confirm", kwargs={"token": token})
    assert url == f"/subscribe/confirm/{token}/"
    asked, _ = ask_then_act(csrf_client, url, pending, **CONFIRM)
    assert f'action="{url}"' in asked.content.decode()


def test_old_unsubscribe_link_with_old_token_still_unsubscribes(csrf_client, active):
    old_token = legacy(unsubscribe_token(active), 1)
    assert ":" not in old_token
    url = f"/subscribe/unsubscribe/{old_token}/"
    # The one-click POST a mail client sends to the List-Unsubscribe address of an old email.
    ask_then_act(csrf_client, url, active, **UNSUBSCRIBE)


def test_new_unsubscribe_link_with_new_token_unsubscribes(csrf_client, active):
    token = unsubscribe_token(active)
    assert token.count(":") == 1
    url = reverse("newsletter:unsubscribe", kwargs={"token": token})
    assert url == f"/subscribe/unsubscribe/{token}/"
    ask_then_act(csrf_client, url, active, **UNSUBSCRIBE)


def test_a_tampered_old_token_is_still_refused(client, pending):
    old_token = legacy(confirm_token(pending), 2)
    tampered = old_token[:-3] + ("aaa" if not old_token.endswith("aaa") else "bbb")
    assert client.get(f"/subscribe/confirm/{old_token}/").status_code == 200
    assert client.post(f"/subscribe/confirm/{tampered}/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == Subscriber.Status.PENDING


def test_emails_carry_the_new_links(client, site_tree, mailoutbox):
    client.post(SIGNUP, {"email": "reader@example.org"})
    message = mailoutbox[0]
    confirm = re.search(r"http://testserver/subscribe/confirm/([^/\s]+)/", message.body)
    assert confirm and confirm.group(1).count(":") == 2
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    token = re.fullmatch(r"<http://testserver/subscribe/unsubscribe/([^/\s]+)/>", unsubscribe)
    assert token and token.group(1) == unsubscribe_token(Subscriber.objects.get())
    # And they work as sent.
    assert client.post(f"/subscribe/confirm/{confirm.group(1)}/").status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def test_link_pages_are_never_cached_and_answer_head(client, active):
    for url in (
        reverse("newsletter:confirm", kwargs={"token": confirm_token(active)}),
        reverse("newsletter:unsubscribe", kwargs={"token": unsubscribe_token(active)}),
        "/subscribe/confirm/forged/",
        "/subscribe/unsubscribe/forged/",
    ):
        for response in (client.get(url), client.head(url)):
            cache_control = response["Cache-Control"]
            assert "private" in cache_control and "no-store" in cache_control, url
            assert "public" not in cache_control
    active.refresh_from_db()
    assert active.status == Subscriber.Status.ACTIVE


def test_unsubscribe_works_with_the_subscribe_page_unpublished(csrf_client, active, site_tree):
    site_tree["subscribe"].unpublish()
    assert csrf_client.get("/subscribe/").status_code == 404
    url = reverse("newsletter:unsubscribe", kwargs={"token": unsubscribe_token(active)})
    response = csrf_client.get(url)
    assert response.status_code == 200
    assert b"Unsubscribe from email updates?" in response.content
    assert b'class="site-footer"' in response.content
    assert csrf_client.post(url).status_code == 200
    active.refresh_from_db()
    assert active.status == Subscriber.Status.UNSUBSCRIBED


def test_signup_without_a_subscribe_page_is_a_404_and_stores_nothing(client, site_tree):
    site_tree["subscribe"].unpublish()
    assert client.post(SIGNUP, {"email": "reader@example.org"}).status_code == 404
    assert not Subscriber.objects.exists()


@pytest.fixture
def dressed_page(site_tree, site):
    page = site_tree["subscribe"]
    page.intro = "<p>Our weekly letter.</p>"
    page.privacy_notice = "<p>We keep only your address.</p>"
    page.save_revision().publish()
    make_site_settings(site, welcome_title="About the chambers")
    return page


def assert_site_chrome(html):
    assert "<title>" in html and "Test Blog" in html
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert 'class="sidebar"' in html
    assert "About the chambers" in html  # the welcome box, from the site settings


def test_signup_answers_are_the_whole_subscribe_page(client, dressed_page):
    page_html = client.get("/subscribe/").content.decode()
    assert_site_chrome(page_html)
    assert "Our weekly letter." in page_html and "We keep only your address." in page_html

    invalid = client.post(SIGNUP, {"email": "not-an-address", "source": "/about/"})
    assert invalid.status_code == 400
    html = invalid.content.decode()
    assert_site_chrome(html)
    assert "<h1>Subscribe</h1>" in html
    assert "Our weekly letter." in html and "We keep only your address." in html
    assert f'action="{SIGNUP}"' in html
    assert 'name="source" value="/subscribe/"' in html
    assert html.count('name="email"') == 1  # the sidebar box stays off the subscribe page

    done = client.post(SIGNUP, {"email": "reader@example.org"})
    assert done.status_code == 200
    html = done.content.decode()
    assert_site_chrome(html)
    assert "Check your inbox" in html and "We keep only your address." in html


def test_link_pages_wear_the_site_chrome(client, dressed_page, active):
    for url in (
        reverse("newsletter:confirm", kwargs={"token": confirm_token(active)}),
        reverse("newsletter:unsubscribe", kwargs={"token": unsubscribe_token(active)}),
    ):
        html = client.get(url).content.decode()
        assert_site_chrome(html)
        assert '<meta name="robots" content="noindex">' in html
