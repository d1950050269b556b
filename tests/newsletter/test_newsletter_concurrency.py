"""Must show 2 (concurrency): two `send_digest` runs at once on PostgreSQL send each subscriber
exactly one email. Its own module because the test commits real transactions (the two threads
need them) and so flushes the database; the module puts back what migrations created."""

import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, connections
from django.test import override_settings

from newsletter.digest import DigestRun
from newsletter.models import SentPost
from tests.factories import build_site, make_post, make_subscribers

pytestmark = pytest.mark.usefixtures("restores_migrated_state")


class SlowLocmemBackend(LocmemBackend):
    """Sending takes a moment, as with a real SMTP server, so two runs really overlap."""

    def send_messages(self, messages):
        time.sleep(0.02)
        return super().send_messages(messages)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks (SELECT ... FOR UPDATE SKIP LOCKED) need PostgreSQL; SQLite has none.",
)
@pytest.mark.django_db(transaction=True)
@override_settings(EMAIL_BACKEND="tests.newsletter.test_newsletter_concurrency.SlowLocmemBackend")
def test_two_concurrent_runs_send_each_subscriber_exactly_one_email(mailoutbox):
    site = build_site()
    make_subscribers(30)
    make_post(site["blog"], "New today", days_ago=0)
    make_post(site["blog"], "Also new", days_ago=0)

    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(DigestRun().run())
        except Exception as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == 30
    assert len(set(recipients)) == 30
    assert sum(result.sent for result in results) == 30
    assert SentPost.objects.count() == 60
    # Both runs did real work in parallel rather than one waiting for the other to finish.
    assert all(result.sent + result.skipped > 0 for result in results)
