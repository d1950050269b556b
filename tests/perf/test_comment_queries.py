"""Query budgets with comments: a post page costs the same with one comment as with 60
(threads, replies); a listing costs the same whether its posts have comments or not, since
cards read the count kept on the post (PostPage.comment_count); a warm post view reads no
comment at all; a post's comments feed costs the same for 1 comment as for 50."""

import pytest

from comments.models import Comment
from posts.models import PostPage
from tests.factories import bulk_posts, make_post
from tests.support import assert_same_count, count_queries, warm_get

pytestmark = [pytest.mark.django_db]

# Warm: site (1), the page by its remembered route (1), view restrictions on serving (2).
WARM_BUDGET = 4
# The comments feed: site (1), the post (1), its restrictions (1), the comments (1).
FEED_BUDGET = 4


def add_comments(post, threads, replies_each):
    for n in range(threads):
        top = Comment.objects.create(
            post=post,
            name=f"Reader {n}",
            email=f"r{n}@example.org",
            text=f"Comment {n}.",
            status=Comment.Status.APPROVED,
        )
        for m in range(replies_each):
            Comment.objects.create(
                post=post,
                parent=top,
                name=f"Replier {n}.{m}",
                email=f"p{n}{m}@example.org",
                text="A reply.",
                status=Comment.Status.APPROVED,
            )


def test_post_page_and_feed_cost_the_same_with_many_comments(client, blog):
    few = make_post(blog, "Few comments", days_ago=2)
    many = make_post(blog, "Many comments", days_ago=3)
    add_comments(few, 1, 0)
    add_comments(many, 20, 2)
    small, small_page = warm_get(client, few.url)
    large, large_page = warm_get(client, many.url)
    assert large_page.content.decode().count('<li class="comment') == 60
    assert_same_count(small, large)
    # Warm: the comment section comes from the cache with the post's other parts.
    warm, _ = count_queries(client.get, many.url)
    assert warm <= WARM_BUDGET
    feed_small, _ = warm_get(client, f"/comments/{few.pk}/feed/")
    feed_large, _ = warm_get(client, f"/comments/{many.pk}/feed/")
    assert_same_count(feed_small, feed_large, at_most=FEED_BUDGET)


def test_listing_costs_the_same_with_comments(client, blog):
    bulk_posts(blog, 12, start_days_ago=2)
    without, _ = warm_get(client, "/blog/")
    for post in PostPage.objects.all():
        add_comments(post, 2, 1)
    with_comments, response = warm_get(client, "/blog/")
    page = response.content.decode()
    assert page.count("4 comments<") == min(12, blog.posts_per_page)
    assert_same_count(without, with_comments)
