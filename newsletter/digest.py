"""The weekly digest: each confirmed reader gets the posts that went out since their last one.

A post "goes out" when it becomes visible to readers: at its publication date, or when it was
first published if that was later (a draft dated Monday and published Wednesday is new on
Wednesday). Each reader's `digest_cursor` marks the end of their last digest; a SentPost row
per (reader, post) pair, unique in the database, makes a repeat impossible. On PostgreSQL
each reader's row is locked while their email is sent, and a second run at the same moment
skips rows that are locked, so two runs share the list instead of doubling it (SQLite lets
one writer at a time in, with the same result).

Only readers who chose the weekly digest get it; those who chose an email per post get each
post on its own when it is first published (newsletter/post_emails.py). Both record what they
sent in the same SentPost ledger, so a post that reached a reader on its own is never in their
digest, whichever way they choose later. Posts the editors marked "don't email" are in neither.

`DigestRun.run()` plans and sends everything in one process (`send_digest`); the task queue
(newsletter/tasks.py) calls `plan()` in one task and `deliver_batch()` in one task per batch.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Min
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from core.sites import site_name
from newsletter.emails import digest_message, page_url
from newsletter.models import Digest, DigestDelivery, SentPost, SubscribePage, Subscriber
from posts.models import BlogIndexPage

logger = logging.getLogger(__name__)

# A reader who could not be reached for weeks gets the last four weeks, not a year of backlog.
LOOKBACK = datetime.timedelta(days=28)


class NoSubscribePage(Exception):
    """Without a live subscribe page there is nowhere for unsubscribe links to point."""


@dataclass(frozen=True)
class DigestPost:
    """What an email shows of a post, worked out once per run rather than once per reader."""

    pk: int
    title: str
    url: str
    date: datetime.datetime
    byline: str
    summary: str
    went_out_at: datetime.datetime


def _byline(names):
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


# When a post went out to readers: its date, or its first publication when that was later.
WENT_OUT = Greatest("date", Coalesce("first_published_at", "date"))


def digest_post(post):
    """What an email shows of `post` (annotated with `went_out_at`, authors prefetched)."""
    return DigestPost(
        pk=post.pk,
        title=post.title,
        url=page_url(post),
        date=post.date,
        byline=_byline([author.name for author in post.authors]),
        summary=post.summary,
        went_out_at=post.went_out_at,
    )


def new_posts(blog, since, cutoff):
    """The blog's visible posts that went out in (since, cutoff], newest first."""
    posts = (
        blog.visible_posts()
        .filter(email_subscribers=True)
        .order_by("-date", "-pk")
        .defer_streamfields()
        .prefetch_related("post_authors__author")
        .annotate(went_out_at=WENT_OUT)
        .filter(went_out_at__gt=since, went_out_at__lte=cutoff)
    )
    return [digest_post(post) for post in posts]


@dataclass
class RunResult:
    digest: Digest | None
    posts: int = 0
    sent: int = 0
    failed: int = 0
    skipped: int = 0


class DigestRun:
    """One `send_digest`. `progress(done, total)` is called as readers are worked through."""

    SENT, FAILED, SKIPPED = "sent", "failed", "skipped"

    connection = None

    def __init__(self, now=None, progress=None):
        self.cutoff = now or timezone.now()
        self.floor = self.cutoff - LOOKBACK
        self.progress = progress or (lambda done, total: None)

    def run(self):
        """Plan and send the whole digest in this process (`send_digest`)."""
        planned = self.plan()
        if planned is None:
            return RunResult(digest=None)
        digest, pks = planned
        result = RunResult(digest=digest)
        sent_post_ids = set()
        for done, pk in enumerate(pks, start=1):
            outcome = self._deliver(digest, pk, self.posts, sent_post_ids)
            if outcome == self.SENT:
                result.sent += 1
            elif outcome == self.FAILED:
                result.failed += 1
            else:
                result.skipped += 1
            self.progress(done, len(pks))

        if not (result.sent or result.failed):
            # Another run got there first: nothing happened worth keeping in the history.
            digest.delete()
            result.digest = None
            return result
        result.posts = len(sent_post_ids)
        digest.finished_at = timezone.now()
        digest.post_count = result.posts
        digest.recipient_count = result.sent
        digest.failure_count = result.failed
        digest.save()
        return result

    def _prepare(self):
        subscribe_page = SubscribePage.objects.live().first()
        if subscribe_page is None:
            raise NoSubscribePage("Publish the subscribe page first: emails link to it.")
        self.subscribe_page = subscribe_page
        site = subscribe_page.get_site()
        self.site_name = site_name(site)
        return site

    def plan(self):
        """Find who has new posts and open the digest's history entry: (digest, subscriber
        pks), or None when nobody has anything new. Sets `self.posts`."""
        site = self._prepare()
        # A subscriber never sent a digest counts from their consent (the cursor is set then,
        # but rows written another way, e.g. restored from a backup, may lack it).
        active = Subscriber.objects.filter(
            status=Subscriber.Status.ACTIVE, frequency=Subscriber.Frequency.WEEKLY
        ).annotate(last_digest=Coalesce("digest_cursor", "confirmed_at"))
        oldest = active.aggregate(oldest=Min("last_digest"))["oldest"]
        if oldest is None:
            return None
        blog = BlogIndexPage.for_site(site)
        self.posts = new_posts(blog, max(oldest, self.floor), self.cutoff) if blog else []
        if not self.posts:
            return None

        newest = self.posts[0].went_out_at
        pks = list(
            active.filter(last_digest__lt=newest).order_by("pk").values_list("pk", flat=True)
        )
        digest = Digest.objects.create(started_at=timezone.now(), cutoff=self.cutoff)
        return digest, pks

    @classmethod
    def resume(cls, digest):
        """The run that planned `digest`, again, in a worker: the same cutoff, the posts
        as they are now (one unpublished since the planning is left out)."""
        run = cls(now=digest.cutoff)
        site = run._prepare()
        blog = BlogIndexPage.for_site(site)
        run.posts = new_posts(blog, run.floor, run.cutoff) if blog else []
        return run

    def deliver_batch(self, digest, pks, retry=False):
        """Send one batch of the digest: the pks whose email failed (to try again). The batch
        shares one connection to the mail server rather than opening one per email."""
        failed = []
        with get_connection() as self.connection:
            for pk in pks:
                if self._deliver(digest, pk, self.posts, set(), retry=retry) == self.FAILED:
                    failed.append(pk)
        self.connection = None
        return failed

    def _deliver(self, digest, pk, posts, sent_post_ids, retry=False):
        with transaction.atomic():
            # skip_locked: a row locked by a concurrent run is that run's to send.
            subscriber = (
                Subscriber.objects.select_for_update(skip_locked=True)
                .filter(
                    pk=pk,
                    status=Subscriber.Status.ACTIVE,
                    frequency=Subscriber.Frequency.WEEKLY,
                )
                .first()
            )
            if subscriber is None:
                return self.SKIPPED
            last = subscriber.digest_cursor or subscriber.confirmed_at or self.floor
            since = max(last, self.floor)
            window = [post for post in posts if post.went_out_at > since]
            already = set(
                SentPost.objects.filter(
                    subscriber=subscriber, post_id__in=[post.pk for post in window]
                ).values_list("post_id", flat=True)
            )
            unsent = [post for post in window if post.pk not in already]
            if not unsent:
                return self.SKIPPED
            try:
                message = digest_message(self.subscribe_page, subscriber, unsent, self.site_name)
                message.connection = self.connection  # None: a connection of its own
                message.send()
            except Exception as exc:  # any transport error: record it and go on to the next
                logger.warning("Digest to subscriber %s failed: %s", subscriber.pk, exc)
                if self.connection is not None:
                    # A server that dropped the shared connection would fail every later
                    # email of the batch on it; closed, the next send opens a fresh one.
                    self.connection.close()
                self._record(
                    digest,
                    subscriber,
                    retry,
                    status=DigestDelivery.Status.FAILED,
                    error=f"{type(exc).__name__}: {exc}"[:500],
                )
                return self.FAILED
            delivery = self._record(
                digest, subscriber, retry, status=DigestDelivery.Status.SENT, error=""
            )
            SentPost.objects.bulk_create(
                SentPost(delivery=delivery, subscriber=subscriber, post_id=post.pk)
                for post in unsent
            )
            subscriber.digest_cursor = self.cutoff
            subscriber.save(update_fields=["digest_cursor"])
            sent_post_ids.update(post.pk for post in unsent)
            return self.SENT

    @staticmethod
    def _record(digest, subscriber, retry, **fields):
        # A retry of the same digest updates the failure its first attempt recorded.
        if retry:
            delivery, _ = DigestDelivery.objects.update_or_create(
                digest=digest, subscriber=subscriber, defaults=fields
            )
            return delivery
        return DigestDelivery.objects.create(digest=digest, subscriber=subscriber, **fields)


def finish_batch(digest_pk):
    """Count one batch of a queued digest done; the last one writes the history's totals
    (or removes the entry when another run had sent everything already)."""
    with transaction.atomic():
        digest = Digest.objects.select_for_update().filter(pk=digest_pk).first()
        if digest is None:
            return
        digest.pending_batches = max(0, digest.pending_batches - 1)
        if digest.pending_batches:
            digest.save(update_fields=["pending_batches"])
            return
        deliveries = digest.deliveries.all()
        digest.recipient_count = deliveries.filter(status=DigestDelivery.Status.SENT).count()
        digest.failure_count = deliveries.filter(status=DigestDelivery.Status.FAILED).count()
        if not (digest.recipient_count or digest.failure_count):
            digest.delete()
            return
        digest.post_count = (
            SentPost.objects.filter(delivery__digest=digest).values("post").distinct().count()
        )
        digest.finished_at = timezone.now()
        digest.save()
