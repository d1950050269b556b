"""The digest as tasks (newsletter/tasks.py): planned once, sent in batches, failed addresses
tried again, the history's totals written by the last batch. Tasks run where they are
enqueued here (the immediate backend); test_newsletter_queue.py runs them in real workers."""

import datetime
from collections import Counter

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import override_settings
from django.utils import timezone

from newsletter import tasks
from newsletter.models import Digest, DigestDelivery, SentPost, SubscribePage, Subscriber
from tests.factories import make_post, make_subscribers

pytestmark = pytest.mark.django_db

ATTEMPTS = Counter()


class FlakyBackend(LocmemBackend):
    """`flaky@` fails its first attempt (a greylisting server); `bounce@` fails every time."""

    def send_messages(self, messages):
        for message in messages:
            address = message.to[0]
            ATTEMPTS[address] += 1
            if address == "bounce@example.org" or (
                address == "flaky@example.org" and ATTEMPTS[address] == 1
            ):
                raise OSError("451 try again later")
        return super().send_messages(messages)


def active(email):
    day_ago = timezone.now() - datetime.timedelta(days=1)
    return Subscriber.objects.create(
        email=email, status=Subscriber.Status.ACTIVE, confirmed_at=day_ago, digest_cursor=day_ago
    )


@override_settings(
    EMAIL_BACKEND="tests.newsletter.test_newsletter_digest_tasks.FlakyBackend",
    NEWSLETTER_DIGEST_BATCH_SIZE=2,
)
def test_batches_retry_failed_addresses_and_the_last_one_writes_the_totals(blog, mailoutbox):
    ATTEMPTS.clear()
    make_subscribers(3)
    active("flaky@example.org")
    bounce = active("bounce@example.org")
    make_post(blog, "New today", days_ago=0)

    result = tasks.start_digest.enqueue()

    assert result.return_value == 3  # five subscribers in batches of two
    assert sorted(message.to[0] for message in mailoutbox) == [
        "flaky@example.org",
        "reader0@example.org",
        "reader1@example.org",
        "reader2@example.org",
    ]
    assert ATTEMPTS["flaky@example.org"] == 2
    assert ATTEMPTS["bounce@example.org"] == tasks.MAX_ATTEMPTS
    digest = Digest.objects.get()
    assert (digest.recipient_count, digest.failure_count, digest.post_count) == (4, 1, 1)
    assert digest.pending_batches == 0 and digest.finished_at is not None
    failure = DigestDelivery.objects.get(status=DigestDelivery.Status.FAILED)
    assert failure.subscriber == bounce and "451" in failure.error
    assert not SentPost.objects.filter(subscriber=bounce).exists()


def test_a_second_digest_sends_nothing_and_leaves_no_history(blog, mailoutbox):
    make_subscribers(2)
    make_post(blog, "New today", days_ago=0)
    tasks.start_digest.enqueue()
    again = tasks.start_digest.enqueue()
    assert len(mailoutbox) == 2
    assert again.return_value == 0
    assert Digest.objects.count() == 1


def test_a_confirmation_for_a_subscriber_gone_meanwhile_sends_nothing(site_tree, mailoutbox):
    page = SubscribePage.objects.get()
    assert tasks.send_confirmation.enqueue(None, page.pk).return_value == "nothing due"
    assert tasks.send_confirmation.enqueue(123456, page.pk).return_value == "gone"
    assert mailoutbox == []
