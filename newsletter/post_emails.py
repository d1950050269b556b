"""A new post emailed on its own to the readers who asked for each post as it comes out.

It starts when a post is first published, by an editor or by `publish_scheduled` at the go-live
time (newsletter/signal_handlers.py); a re-publish of an edit, a draft, a private post and a
post marked "don't email" start nothing. One PostMailing row per post, unique in the database,
records that the post's email was started: however often the post is published again, it is
never started twice. The readers are sent to in batches by the task queue (newsletter/tasks.py).

Nobody gets a post twice, on its own or in a digest: before its email goes, each reader's
(subscriber, post) pair is claimed in the SentPost ledger the digest uses, under the same
unique constraint, and the digest leaves out every post claimed there. A batch claims all its
readers in one bulk insert and sends only to the claims it made, so a batch run twice (a retry,
two workers) sends nothing the second time; a failed send gives its claim back for the retry.
The price of claiming first: a worker that dies between the claim and the send leaves those
readers without that one email, which is the better way to fail than sending it twice.

A batch costs a fixed number of queries whatever its size (tests/newsletter/
test_newsletter_post_email_scale.py): the readers still owed the post, one insert of the
claims, reading back the claims won, returning failed ones and the counts.
"""

import logging

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from core.sites import site_name
from newsletter.digest import WENT_OUT, NoSubscribePage, digest_post
from newsletter.emails import post_message
from newsletter.models import PostMailing, SentPost, SubscribePage, Subscriber
from posts.models import BlogIndexPage

logger = logging.getLogger(__name__)


def is_first_publish(post):
    """Whether this publish put the post live for the first time. Wagtail sets both dates to
    the same moment then; a later publish moves only `last_published_at`. (The WordPress
    importer backdates `first_published_at`, so imported posts are not news either.)"""
    first, last = post.first_published_at, post.last_published_at
    return post.live and first is not None and first == last


class PostEmail:
    """The email of one post: planned by `start()`, sent by `deliver_batch()` per batch."""

    def __init__(self, mailing, post):
        self.mailing = mailing
        self.post = post  # a DigestPost: what the email shows, worked out once per batch

    @staticmethod
    def _subscribe_page_and_blog():
        subscribe_page = SubscribePage.objects.live().first()
        if subscribe_page is None:
            raise NoSubscribePage("Publish the subscribe page first: emails link to it.")
        blog = BlogIndexPage.for_site(subscribe_page.get_site())
        return subscribe_page, blog

    @staticmethod
    def _visible(blog, post_pk):
        """The post as readers see it, or None: not live, restricted, or marked "don't
        email" (checked again at sending, since it may have changed since the publish)."""
        if blog is None:
            return None
        return (
            blog.visible_posts()
            .filter(pk=post_pk, email_subscribers=True)
            .defer_streamfields()
            .prefetch_related("post_authors__author")
            .annotate(went_out_at=WENT_OUT)
            .first()
        )

    @classmethod
    def start(cls, post_pk, now=None):
        """Open the post's PostMailing and list its readers: (mailing, subscriber pks), or None
        when the post is not to be emailed or its email was started before."""
        subscribe_page, blog = cls._subscribe_page_and_blog()
        post = cls._visible(blog, post_pk)
        if post is None:
            return None
        mailing, created = PostMailing.objects.get_or_create(
            post_id=post.pk, defaults={"started_at": now or timezone.now()}
        )
        if not created:
            return None
        pks = list(
            Subscriber.objects.filter(
                status=Subscriber.Status.ACTIVE, frequency=Subscriber.Frequency.POST
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return mailing, pks

    @classmethod
    def resume(cls, mailing):
        """The email of `mailing`'s post, in a worker; None if the post is no longer to be
        emailed (unpublished, restricted or marked "don't email" since)."""
        subscribe_page, blog = cls._subscribe_page_and_blog()
        post = cls._visible(blog, mailing.post_id)
        if post is None:
            return None
        email = cls(mailing, digest_post(post))
        email.subscribe_page = subscribe_page
        email.site_name = site_name(subscribe_page.get_site())
        return email

    @property
    def _sent(self):
        return SentPost.objects.filter(post_id=self.post.pk)

    def _claim(self, pks):
        """Claim the post for those of `pks` still owed it; the subscribers whose claim this
        batch won, the only ones it may send to."""
        owed = list(
            Subscriber.objects.filter(
                pk__in=pks,
                status=Subscriber.Status.ACTIVE,
                frequency=Subscriber.Frequency.POST,
            )
            .exclude(Exists(self._sent.filter(subscriber=OuterRef("pk"))))
            .only("pk", "email", "key", "confirmed_at", "frequency")
        )
        if not owed:
            return []
        with transaction.atomic():
            SentPost.objects.bulk_create(
                [
                    SentPost(mailing=self.mailing, subscriber_id=s.pk, post_id=self.post.pk)
                    for s in owed
                ],
                ignore_conflicts=True,
            )
            won = set(
                SentPost.objects.filter(
                    mailing=self.mailing, subscriber_id__in=[s.pk for s in owed]
                ).values_list("subscriber_id", flat=True)
            )
        return [s for s in owed if s.pk in won]

    def deliver_batch(self, pks):
        """Send the post to those of `pks` still owed it: (sent, failed pks). The batch shares
        one connection to the mail server."""
        claimed = self._claim(pks)
        failed, done = [], set()
        try:
            with get_connection() as connection:
                for subscriber in claimed:
                    try:
                        message = post_message(
                            self.subscribe_page, subscriber, self.post, self.site_name
                        )
                        message.connection = connection
                        message.send()
                    except Exception as exc:  # any transport error: note it and go on
                        logger.warning(
                            "Post %s to subscriber %s failed: %s", self.post.pk, subscriber.pk, exc
                        )
                        # A dropped connection would fail the rest of the batch; closed, the
                        # next send opens a fresh one.
                        connection.close()
                        failed.append(subscriber.pk)
                    done.add(subscriber.pk)
        except Exception:
            # The mail server could not be reached (or let go) outside any one send: the claims
            # not yet sent are given back, so the batch's retry sends them.
            unsent = [s.pk for s in claimed if s.pk not in done or s.pk in failed]
            SentPost.objects.filter(mailing=self.mailing, subscriber_id__in=unsent).delete()
            raise
        if failed:
            # Given back, so the retry (or nobody) sends it: never counted as sent.
            SentPost.objects.filter(mailing=self.mailing, subscriber_id__in=failed).delete()
        sent = len(claimed) - len(failed)
        if sent:
            PostMailing.objects.filter(pk=self.mailing.pk).update(
                recipient_count=F("recipient_count") + sent
            )
        return sent, failed


def finish_batch(mailing_pk, failures=0):
    """Count one batch of a post's email done, with the addresses it finally failed to reach;
    the last batch marks the email finished."""
    with transaction.atomic():
        mailing = PostMailing.objects.select_for_update().filter(pk=mailing_pk).first()
        if mailing is None:
            return
        mailing.pending_batches = max(0, mailing.pending_batches - 1)
        mailing.failure_count += failures
        if not mailing.pending_batches:
            mailing.finished_at = timezone.now()
        mailing.save(update_fields=["pending_batches", "failure_count", "finished_at"])
