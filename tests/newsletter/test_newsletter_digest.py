"""Must show 2 and 4: the digest never repeats a post, even run twice at once on PostgreSQL,
and never shows a draft, a private post or a post scheduled for later."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from newsletter.digest import DigestRun
from newsletter.models import Digest, DigestDelivery, SentPost, Subscriber
from tests.factories import make_post, make_subscribers
from tests.support import assert_same_count, count_queries

pytestmark = pytest.mark.django_db


def run_digest():
    out = io.StringIO()
    call_command("send_digest", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_second_run_sends_nothing(blog, mailoutbox):
    make_subscribers(3)
    make_post(blog, "New today", days_ago=0)
    run_digest()
    assert len(mailoutbox) == 3
    output = run_digest()
    assert len(mailoutbox) == 3
    assert "No new posts" in output
    assert Digest.objects.count() == 1


def test_no_new_posts_sends_nothing_and_records_nothing(blog, mailoutbox):
    make_subscribers(2)
    make_post(blog, "Before they subscribed", days_ago=5)
    output = run_digest()
    assert mailoutbox == []
    assert "No new posts" in output
    assert not Digest.objects.exists()


def test_each_subscriber_gets_what_is_new_to_them(blog, mailoutbox):
    (old_hand,) = make_subscribers(1, confirmed_days_ago=10, prefix="old")
    (newcomer,) = make_subscribers(1, confirmed_days_ago=1, prefix="new")
    make_post(blog, "Three days ago", days_ago=3)
    make_post(blog, "Today", days_ago=0)
    run_digest()
    by_address = {message.to[0]: message for message in mailoutbox}
    assert "Three days ago" in by_address[old_hand.email].body
    assert "Today" in by_address[old_hand.email].body
    assert "Three days ago" not in by_address[newcomer.email].body
    assert "Today" in by_address[newcomer.email].body
    digest = Digest.objects.get()
    assert (digest.post_count, digest.recipient_count, digest.failure_count) == (2, 2, 0)


def test_a_subscriber_without_a_digest_cursor_counts_from_consent(blog, mailoutbox):
    (reader,) = make_subscribers(1, confirmed_days_ago=2)
    reader.digest_cursor = None
    reader.save()
    make_post(blog, "Before consent", days_ago=5)
    make_post(blog, "After consent", days_ago=0)
    run_digest()
    assert [message.to[0] for message in mailoutbox] == [reader.email]
    assert "After consent" in mailoutbox[0].body
    assert "Before consent" not in mailoutbox[0].body


def test_drafts_private_and_scheduled_posts_never_appear(blog, mailoutbox):
    make_subscribers(1, confirmed_days_ago=3)
    make_post(blog, "Visible post", days_ago=1)
    make_post(blog, "Draft post", days_ago=1, live=False)
    make_post(blog, "Private post", days_ago=1, private=True)
    make_post(blog, "Scheduled post", date=timezone.now() + datetime.timedelta(hours=1))
    run_digest()
    (message,) = mailoutbox
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Visible post" in text
        assert "Draft post" not in text
        assert "Private post" not in text
        assert "Scheduled post" not in text
    assert set(SentPost.objects.values_list("post__title", flat=True)) == {"Visible post"}


def test_scheduled_post_goes_out_in_the_digest_after_its_date(blog, mailoutbox):
    make_subscribers(1, confirmed_days_ago=3)
    make_post(blog, "Visible post", days_ago=1)
    make_post(blog, "Scheduled post", date=timezone.now() + datetime.timedelta(hours=1))
    run_digest()
    assert "Visible post" in mailoutbox[0].body
    assert "Scheduled post" not in mailoutbox[0].body
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", stdout=io.StringIO())  # its date has come
        DigestRun().run()
    assert len(mailoutbox) == 2
    assert "Scheduled post" in mailoutbox[1].body
    assert "Visible post" not in mailoutbox[1].body


def test_draft_published_after_a_digest_is_still_sent(blog, mailoutbox):
    make_subscribers(1, confirmed_days_ago=3)
    draft = make_post(blog, "Written Monday", days_ago=1, live=False)
    make_post(blog, "Visible post", days_ago=1)
    run_digest()
    draft.save_revision().publish()
    run_digest()
    assert len(mailoutbox) == 2
    assert "Written Monday" in mailoutbox[1].body


def test_digest_html_is_self_contained_with_a_text_alternative(blog, mailoutbox):
    make_subscribers(1)
    make_post(blog, "Self-contained", days_ago=0, intro="An intro with <b>markup</b> & more.")
    run_digest()
    (message,) = mailoutbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'style="' in html
    for remote in ("<img", "<link", "<script", "src=", "@import", "url("):
        assert remote not in html
    assert "An intro with <b>markup</b> & more." not in html  # escaped, not injected
    assert "Self-contained" in message.body and "<" not in message.body.split("--")[0]


class FailingForOneBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            if message.to == ["bounce@example.org"]:
                raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


@override_settings(EMAIL_BACKEND="tests.newsletter.test_newsletter_digest.FailingForOneBackend")
def test_one_failing_address_is_recorded_and_skipped(blog, mailoutbox):
    make_subscribers(2)
    Subscriber.objects.create(
        email="bounce@example.org",
        status=Subscriber.Status.ACTIVE,
        confirmed_at=timezone.now() - datetime.timedelta(days=1),
        digest_cursor=timezone.now() - datetime.timedelta(days=1),
    )
    make_post(blog, "New today", days_ago=0)
    run_digest()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "reader0@example.org",
        "reader1@example.org",
    ]
    digest = Digest.objects.get()
    assert (digest.recipient_count, digest.failure_count) == (2, 1)
    failure = DigestDelivery.objects.get(status=DigestDelivery.Status.FAILED)
    assert failure.subscriber.email == "bounce@example.org"
    assert "550 mailbox unavailable" in failure.error
    assert "bounce@example.org" in digest.failures()
    # The failed reader's post is not marked as sent, so a later run tries again.
    assert not SentPost.objects.filter(subscriber=failure.subscriber).exists()


def test_progress_is_reported(blog):
    make_subscribers(45)
    make_post(blog, "New today", days_ago=0)
    output = run_digest()
    assert "45/45 subscribers" in output
    assert output.count("subscribers\n") >= 10
    assert "Digest sent to 45 subscribers (1 posts)" in output


def test_unsubscribed_and_pending_get_nothing(blog, mailoutbox):
    make_subscribers(1)
    Subscriber.objects.create(email="pending@example.org")
    gone = make_subscribers(1, prefix="gone")[0]
    gone.unsubscribe()
    make_post(blog, "New today", days_ago=0)
    run_digest()
    assert [message.to for message in mailoutbox] == [["reader0@example.org"]]


def test_missing_subscribe_page_is_a_clear_error(blog):
    from django.core.management.base import CommandError

    from newsletter.models import SubscribePage

    SubscribePage.objects.get().unpublish()
    make_subscribers(1)
    make_post(blog, "New today", days_ago=0)
    with pytest.raises(CommandError, match="subscribe page"):
        run_digest()


def test_query_count_does_not_grow_with_posts(blog):
    make_subscribers(3)

    def queries_for(post_count):
        for number in range(post_count):
            make_post(blog, f"Post {post_count}-{number}", days_ago=0)
        queries, _ = count_queries(DigestRun().run)
        return queries

    queries_for(1)  # warms the content-type and site-root caches
    # Measured on SQLite: 32 queries for 3 subscribers (11 fixed, among them finding the
    # subscribe page's site and its blog; 7 per subscriber) whether 2 or 8 posts are new; each
    # post's authors come in one prefetch for the whole run.
    few = queries_for(2)
    assert_same_count(few, queries_for(8), exactly=32)
