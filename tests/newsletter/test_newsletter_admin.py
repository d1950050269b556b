"""The admin for subscribers and digest history, and a subscriber's data on request."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from newsletter.models import Digest, DigestDelivery, Subscriber
from tests.factories import make_post

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/newsletter/subscriber/"
DIGESTS = "/admin/newsletter/digest/"


@pytest.fixture
def subscribers(site_tree):
    now = timezone.now()
    active = Subscriber.objects.create(
        email="active@example.org",
        status=Subscriber.Status.ACTIVE,
        confirmed_at=now - datetime.timedelta(days=3),
        digest_cursor=now - datetime.timedelta(days=3),
        source_path="/blog/",
    )
    pending = Subscriber.objects.create(email="pending@example.org")
    gone = Subscriber.objects.create(
        email="gone@example.net", status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now
    )
    return {"active": active, "pending": pending, "gone": gone}


def test_subscriber_list_searches_and_filters(admin_client, subscribers):
    html = admin_client.get(SUBSCRIBERS).content.decode()
    for subscriber in subscribers.values():
        assert subscriber.email in html
    html = admin_client.get(SUBSCRIBERS, {"q": "example.net"}).content.decode()
    assert "gone@example.net" in html and "active@example.org" not in html
    html = admin_client.get(SUBSCRIBERS, {"status__exact": "active"}).content.decode()
    assert "active@example.org" in html and "pending@example.org" not in html


def test_subscriber_list_exports_csv(admin_client, subscribers):
    response = admin_client.get(SUBSCRIBERS, {"export": "csv", "status__exact": "active"})
    assert response.status_code == 200
    assert "subscribers.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Email"] for row in rows] == ["active@example.org"]
    assert rows[0]["Subscribed From"] == "/blog/"


def test_csv_export_neutralises_would_be_formulas(admin_client, subscribers):
    for start in ("=", "+", "-", "@"):
        Subscriber.objects.create(
            email=f"{start}cmd@example.org",
            status=Subscriber.Status.ACTIVE,
            source_path=f'{start}HYPERLINK("http://evil.example","x")',
        )
    response = admin_client.get(SUBSCRIBERS, {"export": "csv", "status__exact": "active"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_email = {row["Email"]: row for row in rows}
    assert by_email["active@example.org"]["Subscribed From"] == "/blog/"  # untouched
    for start in ("=", "+", "-", "@"):
        row = by_email[f"'{start}cmd@example.org"]
        assert row["Subscribed From"].startswith(f"'{start}HYPERLINK")


def test_subscribers_cannot_be_added_or_edited_by_hand(admin_client, subscribers):
    # Wagtail answers a refused action by sending the user back to the dashboard.
    refused = admin_client.post(f"{SUBSCRIBERS}create/", {"email": "typed@example.org"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert not Subscriber.objects.filter(email="typed@example.org").exists()
    pk = subscribers["active"].pk
    refused = admin_client.post(f"{SUBSCRIBERS}edit/{pk}/", {"email": "changed@example.org"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert Subscriber.objects.get(pk=pk).email == "active@example.org"
    response = admin_client.get(f"{SUBSCRIBERS}inspect/{pk}/")
    assert response.status_code == 200
    assert b"active@example.org" in response.content


def test_delete_in_the_admin_erases(admin_client, subscribers, blog):
    subscriber = subscribers["active"]
    make_post(blog, "New today", days_ago=0)
    call_command("send_digest", stdout=io.StringIO())
    assert DigestDelivery.objects.filter(subscriber=subscriber).exists()
    url = f"{SUBSCRIBERS}delete/{subscriber.pk}/"
    assert b"Erase active@example.org?" in admin_client.get(url).content
    response = admin_client.post(url)
    assert response.status_code == 302
    assert not Subscriber.objects.filter(email="active@example.org").exists()
    assert not DigestDelivery.objects.exists()
    # The run's totals stay; they name nobody.
    assert Digest.objects.get().recipient_count == 1
    from wagtail.models import ModelLogEntry

    assert not any("active@example.org" in entry.label for entry in ModelLogEntry.objects.all())


def test_digest_history_lists_runs_with_failures(admin_client, subscribers, blog):
    digest = Digest.objects.create(cutoff=timezone.now(), post_count=2, recipient_count=1)
    DigestDelivery.objects.create(
        digest=digest,
        subscriber=subscribers["active"],
        status=DigestDelivery.Status.FAILED,
        error="OSError: 550 mailbox unavailable",
    )
    response = admin_client.get(DIGESTS)
    assert response.status_code == 200
    response = admin_client.get(f"{DIGESTS}inspect/{digest.pk}/")
    assert b"550 mailbox unavailable" in response.content
    assert admin_client.get(f"{DIGESTS}create/")["Location"] == "/admin/"


def test_export_command_writes_everything_held(subscribers, blog):
    make_post(blog, "New today", days_ago=0)
    call_command("send_digest", stdout=io.StringIO())
    out = io.StringIO()
    call_command("personal_data", "export", "ACTIVE@example.org", stdout=out)
    data = json.loads(out.getvalue())["newsletter"]
    assert data["email"] == "active@example.org"
    assert data["consent_given"] is not None
    assert data["consent_source_page"] == "/blog/"
    assert data["emails"][0]["posts"] == ["New today"]


def test_erase_command_deletes_the_subscriber(subscribers):
    out = io.StringIO()
    call_command("personal_data", "erase", "pending@example.org", "--noinput", stdout=out)
    assert not Subscriber.objects.filter(email="pending@example.org").exists()
    assert Subscriber.objects.count() == 2


def test_data_command_for_unknown_address_is_a_clear_error(subscribers):
    with pytest.raises(CommandError, match="Nothing is held"):
        call_command("personal_data", "erase", "nobody@example.org", "--noinput")
