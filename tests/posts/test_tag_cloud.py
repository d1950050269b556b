"""The sidebar tag cloud: log-scale sizes, only visible posts, cached until content changes."""

import datetime
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from posts import tag_cloud as cloud
from posts.models import PostPage
from posts.tag_cloud import STEPS, size_steps
from tests.factories import bulk_posts, make_due, make_post, make_site_settings, make_tag

pytestmark = pytest.mark.django_db


def cloud_steps(client, url="/"):
    """{tag name: step} as the sidebar on `url` shows it."""
    html = client.get(url).content.decode()
    found = re.findall(r'data-step="(\d)">([^<]+)<span', html)
    return {name: int(step) for step, name in found}


def test_there_are_at_least_five_steps():
    assert STEPS >= 5
    assert sorted(set(size_steps([1, 2, 4, 8, 16, 32, 64, 128]))) == list(range(1, STEPS + 1))


def test_steps_follow_a_logarithmic_scale():
    # On a linear scale 10 uses out of 1..1000 would be the bottom step; on a log scale it is
    # a third of the way up.
    assert size_steps([1, 10, 1000]) == [1, 1 + round((STEPS - 1) / 3), STEPS]
    assert size_steps([5, 5, 5]) == [(STEPS + 1) // 2] * 3
    assert size_steps([]) == []


def test_most_used_tag_gets_the_top_step_and_least_used_the_bottom(client, blog):
    popular, middling, rare = make_tag("Popular"), make_tag("Middling"), make_tag("Rare")
    for number in range(8):
        make_post(blog, f"Post {number}", tags=[popular] + ([middling] if number < 3 else []))
    make_post(blog, "Rare one", tags=[rare])
    steps = cloud_steps(client)
    assert steps["Popular"] == STEPS
    assert steps["Rare"] == 1
    assert 1 < steps["Middling"] < STEPS
    assert list(steps) == ["Middling", "Popular", "Rare"]  # alphabetical


def test_tags_whose_only_posts_are_not_visible_are_absent(client, blog):
    shown, draft, scheduled, private = (
        make_tag(name) for name in ["Shown", "Draft only", "Scheduled only", "Private only"]
    )
    make_tag("Never used")
    make_post(blog, "Visible", tags=[shown])
    make_post(blog, "A draft", tags=[draft], live=False)
    make_post(blog, "Later", date=timezone.now() + datetime.timedelta(days=3), tags=[scheduled])
    make_post(blog, "Members only", tags=[private], private=True)
    assert list(cloud_steps(client)) == ["Shown"]


def test_cloud_links_to_tag_pages_and_the_tag_index(client, blog):
    make_post(blog, "Visible", tags=[make_tag("Human rights")])
    html = client.get("/about/").content.decode()
    assert 'href="/blog/tag/human-rights/"' in html
    assert 'href="/blog/tags/"' in html
    assert "(1 post)" in html  # counts for screen readers, not conveyed by size alone


def test_cloud_changes_after_a_publish(client, blog, committed):
    make_post(blog, "Visible", tags=[make_tag("Shown")])
    fresh = make_tag("Fresh")
    draft = make_post(blog, "Draft", tags=[fresh], live=False)
    assert list(cloud_steps(client)) == ["Shown"]
    with committed():
        draft.get_latest_revision().publish()
    assert list(cloud_steps(client)) == ["Fresh", "Shown"]


def test_cloud_changes_after_an_unpublish_and_a_delete(client, blog, committed):
    keep, gone = make_tag("Keep"), make_tag("Gone")
    make_post(blog, "Kept", tags=[keep])
    post = make_post(blog, "Going", tags=[gone])
    assert list(cloud_steps(client)) == ["Gone", "Keep"]
    with committed():
        post.unpublish()
    assert list(cloud_steps(client)) == ["Keep"]
    with committed():
        post.save_revision().publish()
    assert list(cloud_steps(client)) == ["Gone", "Keep"]
    with committed():
        PostPage.objects.get(pk=post.pk).delete()
    assert list(cloud_steps(client)) == ["Keep"]


def test_cloud_changes_when_a_tag_is_renamed_or_deleted(client, blog, committed):
    tag = make_tag("Old name")
    other = make_tag("Other")
    make_post(blog, "Post", tags=[tag, other])
    assert list(cloud_steps(client)) == ["Old name", "Other"]
    tag.name = "New name"
    with committed():
        tag.save()
    assert list(cloud_steps(client)) == ["New name", "Other"]
    with committed():
        other.delete()
    assert list(cloud_steps(client)) == ["New name"]


def test_cloud_changes_when_a_post_is_made_private(client, blog, committed):
    post = make_post(blog, "Post", tags=[make_tag("Secretive")])
    make_post(blog, "Public post", tags=[make_tag("Open")])
    assert list(cloud_steps(client)) == ["Open", "Secretive"]
    with committed():
        PageViewRestriction.objects.create(
            page=post, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert list(cloud_steps(client)) == ["Open"]


def test_cloud_is_cached_between_requests(client, blog, rf):
    make_post(blog, "Post", tags=[make_tag("Cached")])
    request = rf.get("/")
    first = cloud.tag_cloud_for_request(request)
    with CaptureQueriesContext(connection) as queries:
        second = cloud.tag_cloud_for_request(rf.get("/"))
    assert second == first
    # Only Wagtail's site lookup for the new request may touch the database.
    assert not [q for q in queries.captured_queries if "taxonomy_tag" in q["sql"]]
    assert cache.get(cloud.cache_key(Site.objects.get().pk)) == first


def test_a_scheduled_post_joins_the_cloud_when_publish_scheduled_puts_it_live(
    client, blog, committed
):
    """No timer: the cloud changes because publishing the due post is a content event."""
    make_post(blog, "Now", tags=[make_tag("Now")])
    post = make_post(blog, "Soon", date=timezone.now() + datetime.timedelta(minutes=5))
    post.tags = [make_tag("Soon")]
    post.save_revision().publish()  # still scheduled: the date has not come
    assert list(cloud_steps(client)) == ["Now"]
    make_due(post)
    assert list(cloud_steps(client)) == ["Now"]  # cached, and no timer to expire it
    with committed():
        call_command("publish_scheduled", stdout=io.StringIO())
    assert list(cloud_steps(client)) == ["Now", "Soon"]


def test_cloud_shows_the_most_used_tags_up_to_the_sites_setting(client, blog, site):
    popular = [make_tag(f"Popular {number}") for number in range(5)]
    rare = [make_tag(f"Rare {number:02d}") for number in range(cloud.DEFAULT_SIZE)]
    bulk_posts(blog, 20, tags=popular, tags_per_post=len(popular))
    bulk_posts(blog, len(rare), tags=rare, tags_per_post=1)

    shown = cloud_steps(client)
    assert len(shown) == cloud.DEFAULT_SIZE < len(popular) + len(rare)
    assert {tag.name for tag in popular} <= set(shown)
    assert list(shown) == sorted(shown)  # alphabetical among themselves

    cache.clear()
    make_site_settings(site, tag_cloud_size=3)
    html = client.get("/").content.decode()
    assert len(cloud_steps(client)) == 3
    assert set(cloud_steps(client)) < {tag.name for tag in popular}
    assert '<a href="/blog/tags/">All topics</a>' in html
    index = client.get("/blog/tags/").content.decode()
    assert all(tag.name in index for tag in popular + rare)  # the A–Z index lists them all
