"""Issue 18, Must show 2 and 3: emails go through the task queue and real worker processes.

A sign-up request sends nothing itself (the test's email backend fails if the request calls
it); the confirmation arrives at a local SMTP server through a `db_worker` process. The digest
enqueued twice at once and run by two workers sends each subscriber exactly one email, listing
each new post once. Commits real transactions (the processes must see the rows), so the
module puts back what migrations created.
"""

import re

import pytest
from django.test import Client, override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsletter.models import Digest, SentPost, Subscriber
from settings.base import TASK_QUEUES
from tests import database_state
from tests.factories import build_site, make_post, make_subscribers
from tests.processes import WORKER, SMTPSink, finish, run_together, shared_database, start_manage

pytestmark = [
    pytest.mark.usefixtures("restores_migrated_state"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _migrated(migrated_state, transactional_db):
    """Each test starts from what migrations created (the previous one ended with a flush)."""
    database_state.restore(migrated_state)


QUEUED = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
CALLS = []


class RefusingBackend:
    """An email backend that fails the request that uses it (and remembers the attempt)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        CALLS.append(messages)
        raise AssertionError("an email was sent inside the request")


@override_settings(
    TASKS=QUEUED,
    EMAIL_BACKEND="tests.newsletter.test_newsletter_queue.RefusingBackend",
    NEWSLETTER_SIGNUPS_PER_HOUR=100,
)
def test_signup_sends_nothing_itself_and_the_worker_delivers_the_confirmation(tmp_path):
    build_site()
    make_subscribers(1, prefix="known")
    CALLS.clear()
    client = Client()
    for address in ("reader@example.org", "known0@example.org"):
        response = client.post("/subscribe/signup/", {"email": address, "website": ""})
        assert response.status_code == 200
        assert b"Check your inbox" in response.content
    assert CALLS == []
    # One task per sign-up, known address or not: the request does the same work either way.
    confirmations = DBTaskResult.objects.filter(task_path__endswith=".send_confirmation")
    assert confirmations.filter(status=TaskResultStatus.READY).count() == 2

    with SMTPSink() as sink, shared_database(tmp_path) as database:
        finish(start_manage(*WORKER, database=database, EMAIL_PORT=sink.port))

    assert [message["To"] for message in sink.messages] == ["reader@example.org"]
    assert CALLS == []
    body = sink.messages[0].get_body(preferencelist=("plain",)).get_content()
    path = re.search(r"http://testserver(/subscribe/confirm/\S+/)", body).group(1)
    assert client.post(path).status_code == 200
    assert Subscriber.objects.get(email="reader@example.org").status == Subscriber.Status.ACTIVE
    assert sorted(confirmations.values_list("return_value", flat=True)) == ["nothing due", "sent"]


def test_digest_enqueued_twice_at_once_with_two_workers_sends_each_reader_one_email(tmp_path):
    site = build_site()
    readers = make_subscribers(12)
    titles = ["Bail refused on appeal", "Privacy and the press"]
    for title in titles:
        make_post(site["blog"], title, days_ago=0)

    with SMTPSink(delay=0.02) as sink, shared_database(tmp_path) as database:
        enqueued = run_together(
            ("send_digest", "--enqueue"), ("send_digest", "--enqueue"), database=database
        )
        workers = run_together(
            WORKER,
            WORKER,
            database=database,
            EMAIL_PORT=sink.port,
            NEWSLETTER_DIGEST_BATCH_SIZE=3,
        )

    assert all("Digest enqueued" in output for output in enqueued)
    recipients = sorted(message["To"] for message in sink.messages)
    assert recipients == sorted(reader.email for reader in readers), workers
    for message in sink.messages:
        lines = message.get_body(preferencelist=("plain",)).get_content().splitlines()
        assert [lines.count(title) for title in titles] == [1, 1]
    assert SentPost.objects.count() == 24
    tasks = DBTaskResult.objects.filter(task_path__startswith="newsletter.")
    assert {task.status for task in tasks} == {TaskResultStatus.SUCCESSFUL}
    assert sum(task.task_path.endswith("start_digest") for task in tasks) == 2
    # Which worker takes which task is the queue's choice (on a busy machine one may take
    # them all); what must hold is the above: each reader one email, each post once.
    assert 1 <= len({worker for task in tasks for worker in task.worker_ids}) <= 2
    # The history keeps the run that sent the emails (a run that found nothing left is
    # removed), with its totals.
    digests = list(Digest.objects.filter(recipient_count__gt=0))
    assert sum(digest.recipient_count for digest in digests) == 12
    assert all(digest.finished_at and digest.pending_batches == 0 for digest in digests)
