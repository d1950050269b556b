"""The newsletter's background tasks: confirmation emails, the digest and each new post's email.

A sign-up request only records the subscription and enqueues `send_confirmation`, so it never
waits on a mail server and takes as long for a new address as for a known one. The digest is
planned by one task (`start_digest`) that enqueues a `send_digest_batch` per batch of
subscribers; a batch tries its failed addresses again later, up to `MAX_ATTEMPTS` times.
Nobody gets a post twice however many runs or workers overlap: `newsletter.digest` records
every (subscriber, post) pair under a unique constraint, and holds the subscriber's row while
their email goes.

A post's own email works the same way: `start_post_email` (enqueued once the first publish
commits, see signal_handlers.py) opens the post's one PostMailing and enqueues a
`send_post_email_batch` per batch of the readers who asked for each post; newsletter.post_emails
claims each (subscriber, post) pair in the same ledger before sending.

Tasks are enqueued only after the rows they read are committed (the sign-up view and these
tasks run in autocommit, outside any transaction): a worker must never look for a subscriber
or a digest that is not there yet.
"""

import contextlib
import datetime
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from newsletter.digest import DigestRun, NoSubscribePage, finish_batch
from newsletter.emails import confirmation_message
from newsletter.models import Digest, PostMailing, SubscribePage, Subscriber
from newsletter.post_emails import PostEmail
from newsletter.post_emails import finish_batch as finish_post_batch

logger = logging.getLogger(__name__)

EMAIL_QUEUE = "email"
MAX_ATTEMPTS = 3
# Waits before the second and third attempts: a mail server's greylisting or a short outage.
RETRY_DELAYS = (datetime.timedelta(minutes=5), datetime.timedelta(minutes=30))


@task(queue_name=EMAIL_QUEUE)
def send_confirmation(subscriber_pk, page_pk):
    """Email a pending subscriber their confirmation link. `subscriber_pk` is None when the
    sign-up was for an address that gets nothing now (subscribed, or sent one within the
    hour): the view enqueues a task either way so that both take the same time."""
    if subscriber_pk is None:
        return "nothing due"
    subscriber = Subscriber.objects.filter(
        pk=subscriber_pk, status=Subscriber.Status.PENDING
    ).first()
    page = SubscribePage.objects.filter(pk=page_pk).first()
    if subscriber is None or page is None:
        return "gone"  # confirmed, purged or erased meanwhile: nothing to send
    try:
        confirmation_message(page.specific, subscriber).send()
    except Exception:  # the mail server is down: the reader may simply ask again
        logger.exception("Could not send a confirmation email to subscriber %s", subscriber.pk)
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=None)
        return "failed"
    return "sent"


@task(queue_name=EMAIL_QUEUE)
def start_digest():
    """Plan the digest and enqueue its batches. Returns how many batches were enqueued."""
    try:
        planned = DigestRun().plan()
    except NoSubscribePage:
        logger.error("No digest: publish the subscribe page first (emails link to it).")
        return 0
    if planned is None:
        return 0
    digest, pks = planned
    batches = _batches(pks)
    Digest.objects.filter(pk=digest.pk).update(pending_batches=len(batches))
    if not batches:
        digest.delete()
        return 0
    for batch in batches:
        send_digest_batch.enqueue(digest.pk, batch, 1)
    return len(batches)


@task(queue_name=EMAIL_QUEUE)
def send_digest_batch(digest_pk, subscriber_pks, attempt):
    """Send one batch; the addresses that failed are tried again later as a new batch."""
    digest = Digest.objects.filter(pk=digest_pk).first()
    if digest is None:
        return {"sent_or_skipped": 0, "failed": 0}
    try:
        failed = DigestRun.resume(digest).deliver_batch(digest, subscriber_pks, retry=attempt > 1)
    except Exception:
        # The database or the page went away mid-batch: the whole batch goes again (nobody
        # already sent is sent twice), and this task is recorded as failed.
        retried = False
        if attempt < MAX_ATTEMPTS:
            # Queuing the retry writes to the database, which may be why the batch failed:
            # then the batch ends here rather than leaving the digest pending for ever.
            with contextlib.suppress(Exception):
                _retry(digest_pk, subscriber_pks, attempt)
                retried = True
        if not retried:
            finish_batch(digest_pk)
        raise
    if failed and attempt < MAX_ATTEMPTS:
        _retry(digest_pk, failed, attempt)  # the batch stays pending until the retry ends
    else:
        finish_batch(digest_pk)
    return {"sent_or_skipped": len(subscriber_pks) - len(failed), "failed": len(failed)}


def _retry(digest_pk, subscriber_pks, attempt):
    retry = send_digest_batch
    if default_task_backend.supports_defer:
        retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
    retry.enqueue(digest_pk, subscriber_pks, attempt + 1)


def _batches(pks):
    size = settings.NEWSLETTER_DIGEST_BATCH_SIZE
    return [pks[i : i + size] for i in range(0, len(pks), size)]


@task(queue_name=EMAIL_QUEUE)
def start_post_email(post_pk):
    """Open a newly published post's email and enqueue its batches; how many were enqueued.
    Nothing happens for a post that is not to be emailed, or whose email was started before."""
    try:
        planned = PostEmail.start(post_pk)
    except NoSubscribePage:
        logger.error("No email for post %s: publish the subscribe page first.", post_pk)
        return 0
    if planned is None:
        return 0
    mailing, pks = planned
    batches = _batches(pks)
    if not batches:
        PostMailing.objects.filter(pk=mailing.pk).update(finished_at=timezone.now())
        return 0
    PostMailing.objects.filter(pk=mailing.pk).update(pending_batches=len(batches))
    for batch in batches:
        send_post_email_batch.enqueue(mailing.pk, batch, 1)
    return len(batches)


@task(queue_name=EMAIL_QUEUE)
def send_post_email_batch(mailing_pk, subscriber_pks, attempt):
    """Send one batch of a post's email; the addresses that failed go again later."""
    mailing = PostMailing.objects.filter(pk=mailing_pk).first()
    if mailing is None:
        return {"sent": 0, "failed": 0}
    try:
        email = PostEmail.resume(mailing)
        if email is None:  # unpublished or marked "don't email" since: the rest is not sent
            finish_post_batch(mailing_pk)
            return {"sent": 0, "failed": 0}
        sent, failed = email.deliver_batch(subscriber_pks)
    except Exception:
        # As for the digest: the batch goes again (claims already made are not sent twice).
        retried = False
        if attempt < MAX_ATTEMPTS:
            with contextlib.suppress(Exception):
                _retry_post(mailing_pk, subscriber_pks, attempt)
                retried = True
        if not retried:
            finish_post_batch(mailing_pk)
        raise
    if failed and attempt < MAX_ATTEMPTS:
        _retry_post(mailing_pk, failed, attempt)
    else:
        finish_post_batch(mailing_pk, failures=len(failed))
    return {"sent": sent, "failed": len(failed)}


def _retry_post(mailing_pk, subscriber_pks, attempt):
    retry = send_post_email_batch
    if default_task_backend.supports_defer:
        retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt - 1])
    retry.enqueue(mailing_pk, subscriber_pks, attempt + 1)
