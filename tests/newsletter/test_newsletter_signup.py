"""Must show 3 and the sign-up rules: bad input is refused clearly and stores nothing; the
answer never reveals who subscribes; confirmations are not re-sent more than hourly."""

import datetime
import io
import time
from unittest import mock

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.tokens import confirm_token, unsubscribe_token

pytestmark = pytest.mark.django_db

SIGNUP = "/subscribe/signup/"


def subscribe(client, email, **extra):
    return client.post(SIGNUP, {"email": email, "website": "", "source": "/", **extra})


def test_invalid_email_gets_a_clear_message_and_stores_nothing(csrf_client, site_tree, mailoutbox):
    response = subscribe(csrf_client, "not-an-address")
    assert response.status_code == 400
    assert b"Enter a valid email address" in response.content
    assert b'aria-invalid="true"' in response.content
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_empty_email_is_refused(csrf_client, site_tree, mailoutbox):
    response = subscribe(csrf_client, "   ")
    assert response.status_code == 400
    assert b"Enter your email address" in response.content
    assert not Subscriber.objects.exists()


def test_over_long_email_is_refused(csrf_client, site_tree, mailoutbox):
    response = subscribe(csrf_client, "a" * 250 + "@example.org")
    assert response.status_code == 400
    assert b"too long" in response.content
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_over_long_source_is_ignored_not_stored(csrf_client, site_tree, mailoutbox):
    subscribe(csrf_client, "reader@example.org", source="/" + "x" * 5000)
    assert Subscriber.objects.get().source_path == "/subscribe/"


def test_foreign_source_is_not_recorded(csrf_client, site_tree, mailoutbox):
    subscribe(csrf_client, "reader@example.org", source="https://evil.example/")
    assert Subscriber.objects.get().source_path == "/subscribe/"


def test_filled_honeypot_is_discarded_silently(csrf_client, site_tree, mailoutbox):
    response = subscribe(csrf_client, "bot@example.org", website="http://spam.example")
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    assert not Subscriber.objects.exists()
    assert mailoutbox == []
    # The bot sees exactly what a person would.
    person = subscribe(csrf_client, "bot@example.org")
    assert person.content == response.content


@override_settings(NEWSLETTER_SIGNUPS_PER_HOUR=3)
def test_rate_limit_overflow_is_refused_clearly_and_stores_nothing(
    csrf_client, site_tree, mailoutbox
):
    for number in range(3):
        assert subscribe(csrf_client, f"reader{number}@example.org").status_code == 200
    response = subscribe(csrf_client, "one-too-many@example.org")
    assert response.status_code == 429
    assert b"Too many sign-ups" in response.content
    assert not Subscriber.objects.filter(email="one-too-many@example.org").exists()
    assert Subscriber.objects.count() == 3
    assert len(mailoutbox) == 3


@override_settings(NEWSLETTER_SIGNUPS_PER_HOUR=2)
def test_rate_limit_is_per_network(site_tree, mailoutbox):
    client_a = Client(REMOTE_ADDR="203.0.113.5")
    client_b = Client(REMOTE_ADDR="203.0.113.6")
    for number in range(2):
        subscribe(client_a, f"a{number}@example.org")
    assert subscribe(client_a, "a-more@example.org").status_code == 429
    assert subscribe(client_b, "b@example.org").status_code == 200
    # An IPv6 household shares one allowance across its /64.
    subscribe(Client(REMOTE_ADDR="2001:db8::1"), "v6a@example.org")
    subscribe(Client(REMOTE_ADDR="2001:db8::2"), "v6b@example.org")
    assert subscribe(Client(REMOTE_ADDR="2001:db8::3"), "v6c@example.org").status_code == 429


def test_forged_confirm_token_is_a_404_with_a_message(client, site_tree):
    response = client.get("/subscribe/confirm/not-a-token/")
    assert response.status_code == 404
    assert b"This link is not valid" in response.content
    subscribe(client, "reader@example.org")
    real = confirm_token(Subscriber.objects.get())
    tampered = real[:-3] + ("aaa" if not real.endswith("aaa") else "bbb")
    response = client.get(f"/subscribe/confirm/{tampered}/")
    assert response.status_code == 404
    assert client.post(f"/subscribe/confirm/{tampered}/").status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_unsubscribe_token_cannot_confirm(client, site_tree):
    subscribe(client, "reader@example.org")
    subscriber = Subscriber.objects.get()
    response = client.get(f"/subscribe/confirm/{unsubscribe_token(subscriber)}/")
    assert response.status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_expired_confirm_token_says_so_and_confirms_nothing(client, site_tree):
    subscribe(client, "reader@example.org")
    subscriber = Subscriber.objects.get()
    eight_days_ago = time.time() - 8 * 24 * 3600
    with mock.patch.object(signing.time, "time", return_value=eight_days_ago):
        token = confirm_token(subscriber)
    response = client.get(f"/subscribe/confirm/{token}/")
    assert response.status_code == 400
    assert b"This link has expired" in response.content
    assert client.post(f"/subscribe/confirm/{token}/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_forged_unsubscribe_token_is_a_404(client, site_tree):
    assert client.get("/subscribe/unsubscribe/forged_token/").status_code == 404
    response = Client(enforce_csrf_checks=True).post("/subscribe/unsubscribe/forged_token/")
    assert response.status_code == 404
    assert b"This link is not valid" in response.content


def test_answer_is_identical_for_new_pending_and_subscribed_addresses(
    client, site_tree, mailoutbox
):
    first = subscribe(client, "reader@example.org")
    again_pending = subscribe(client, "reader@example.org")
    Subscriber.objects.get().confirm()
    again_subscribed = subscribe(client, "reader@example.org")
    assert first.status_code == again_pending.status_code == again_subscribed.status_code == 200
    assert first.content == again_pending.content == again_subscribed.content
    # Only the first request sent anything; a subscribed reader is not mailed again.
    assert len(mailoutbox) == 1


def test_addresses_differing_only_in_case_are_one_subscriber(client, site_tree, mailoutbox):
    subscribe(client, "Reader@Example.org")
    subscribe(client, "reader@EXAMPLE.ORG")
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().email == "Reader@example.org"


def test_confirmation_is_resent_at_most_once_an_hour(client, site_tree, mailoutbox):
    subscribe(client, "reader@example.org")
    subscribe(client, "reader@example.org")
    assert len(mailoutbox) == 1
    earlier = timezone.now() - datetime.timedelta(minutes=61)
    Subscriber.objects.update(confirmation_sent_at=earlier)
    subscribe(client, "reader@example.org")
    assert len(mailoutbox) == 2
    # Both links work: the second did not void the first.
    assert mailoutbox[0].to == mailoutbox[1].to == ["reader@example.org"]


def test_unsubscribed_reader_can_subscribe_again_with_a_new_confirmation(
    client, site_tree, mailoutbox
):
    subscribe(client, "reader@example.org")
    subscriber = Subscriber.objects.get()
    subscriber.confirm()
    subscriber.unsubscribe()
    old_link = f"/subscribe/confirm/{confirm_token(subscriber)}/"
    # An old confirmation link does not undo an unsubscribe.
    assert client.get(old_link).status_code == 400
    assert client.post(old_link).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(hours=2))
    subscribe(client, "reader@example.org")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(mailoutbox) == 2


def test_failed_confirmation_email_can_be_retried_at_once(client, site_tree, mailoutbox):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("smtp down")):
        response = subscribe(client, "reader@example.org")
    assert response.status_code == 200
    assert Subscriber.objects.get().confirmation_sent_at is None
    subscribe(client, "reader@example.org")
    assert len(mailoutbox) == 1


def test_other_methods_are_refused(client, site_tree):
    assert client.put("/subscribe/").status_code == 405
    assert client.delete("/subscribe/unsubscribe/x/").status_code == 405
    # The page only shows the form; the sign-up view only takes the form's POST.
    assert client.post("/subscribe/", {"email": "reader@example.org"}).status_code == 405
    assert client.get(SIGNUP).status_code == 405
    assert client.put(SIGNUP).status_code == 405
    assert client.delete("/subscribe/confirm/x/").status_code == 405
    assert not Subscriber.objects.exists()


def test_purge_deletes_only_stale_pending_subscriptions(site_tree):
    now = timezone.now()
    stale = Subscriber.objects.create(
        email="stale@example.org", requested_at=now - datetime.timedelta(days=8)
    )
    fresh = Subscriber.objects.create(
        email="fresh@example.org", requested_at=now - datetime.timedelta(days=6)
    )
    active = Subscriber.objects.create(
        email="active@example.org",
        status=Subscriber.Status.ACTIVE,
        requested_at=now - datetime.timedelta(days=30),
    )
    call_command("purge_pending_subscriptions", stdout=io.StringIO())
    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert remaining == {fresh.pk, active.pk}
    assert stale.pk not in remaining


@pytest.mark.parametrize("url", ["/subscribe/", "/blog/", "/about/"])
def test_forms_on_cached_pages_carry_no_token_and_post_to_the_signup_view(client, site_tree, url):
    response = client.get(url)
    html = response.content.decode()
    assert "public" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in html
    assert f'action="{SIGNUP}"' in html
    assert 'name="website"' in html
    assert 'for="' in html and 'autocomplete="email"' in html


def test_sidebar_box_is_not_repeated_on_the_subscribe_page(client, site_tree):
    html = client.get("/subscribe/").content.decode()
    assert html.count('name="email"') == 1


def test_sidebar_form_records_the_page_it_was_on(site_tree, mailoutbox):
    client = Client(enforce_csrf_checks=True)
    html = client.get("/about/").content.decode()
    assert 'name="source" value="/about/"' in html
    subscribe(client, "reader@example.org", source="/about/")
    assert Subscriber.objects.get().source_path == "/about/"
