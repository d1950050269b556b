"""A post's own email to 20,000 readers: planned in a fixed number of queries, and each batch
costs the same number of queries whatever its size (bulk claims, no query per reader)."""

import time

import pytest
from django.utils import timezone

from newsletter.models import PostMailing, SentPost, Subscriber
from newsletter.post_emails import PostEmail
from tests.factories import make_post
from tests.support import assert_same_count, count_queries

pytestmark = pytest.mark.django_db

READERS = 20_000
# Resume (the subscribe page, its site, the blog, the post and its authors), then the readers
# owed the post, the claims (one insert and one read, in a transaction), and the count of those
# sent: the same for 20 readers as for 200.
BATCH_BUDGET = 15


def test_twenty_thousand_readers_cost_a_fixed_number_of_queries_per_batch(blog, mailoutbox):
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"reader{n}@example.org",
            status=Subscriber.Status.ACTIVE,
            # Every tenth chose the weekly digest: they are not in the post's email.
            frequency=Subscriber.Frequency.WEEKLY if n % 10 == 9 else Subscriber.Frequency.POST,
            confirmed_at=now,
            digest_cursor=now,
        )
        for n in range(READERS)
    )
    post = make_post(blog, "Read by many", days_ago=0)

    started = time.perf_counter()
    planning, (mailing, pks) = count_queries(PostEmail.start, post.pk)
    planning_ms = (time.perf_counter() - started) * 1000
    assert len(pks) == READERS * 9 // 10
    assert planning <= 13, planning

    def batch(chunk):
        return PostEmail.resume(PostMailing.objects.get(pk=mailing.pk)).deliver_batch(chunk)

    small, (sent, failed) = count_queries(batch, pks[:20])
    assert (sent, failed) == (20, [])
    started = time.perf_counter()
    large, (sent, failed) = count_queries(batch, pks[20:220])
    per_email_ms = (time.perf_counter() - started) * 1000 / 200
    assert (sent, failed) == (200, [])
    assert_same_count(small, large, at_most=BATCH_BUDGET, label="post email batch")
    assert len(mailoutbox) == 220
    assert SentPost.objects.filter(post=post).count() == 220
    # A batch run again finds every claim made: the same fixed cost, nothing sent.
    again, (sent, failed) = count_queries(batch, pks[20:220])
    assert sent == 0 and again <= large
    print(
        f"post email to {len(pks)}: planning {planning} queries in {planning_ms:.0f} ms; "
        f"batch {large} queries; {per_email_ms:.1f} ms per email"
    )
