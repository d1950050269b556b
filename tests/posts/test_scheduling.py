"""One way to schedule a post: Wagtail's. A post published with a date in the future waits,
absent from every reader surface, until `publish_scheduled` puts it live on that date; nothing
depends on a cache timer."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from newsletter.digest import DigestRun
from posts.models import PostPage
from tests.factories import (
    make_author,
    make_due,
    make_post,
    make_subscribers,
    make_tag,
)
from tests.support import ready_form_data

pytestmark = pytest.mark.django_db

SOON = datetime.timedelta(hours=3)


def admin_form(title, date):
    """The add-post form publishing `title` dated `date`."""
    return ready_form_data(
        title=title,
        slug=title.lower().replace(" ", "-"),
        date=timezone.localtime(date).strftime("%Y-%m-%d %H:%M:%S"),
        **{"action-publish": "Publish"},
    )


def test_publishing_a_future_dated_post_in_the_admin_schedules_it_and_says_so(client, blog, editor):
    date = timezone.now() + SOON
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/posts/postpage/{blog.pk}/", admin_form("Morning ruling", date)
    )
    assert response.status_code == 302
    post = PostPage.objects.get(slug="morning-ruling")
    assert not post.live
    assert post.go_live_at == post.date == date.replace(microsecond=0)
    assert post.scheduled_revision.approved_go_live_at == post.date
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("scheduled for publishing" in note for note in notes), notes
    when = timezone.localtime(post.date)
    assert any(
        f"goes live on {when:%-d %B %Y} at {when:%H:%M}, its publication date" in note
        for note in notes
    ), notes
    # A post dated in the past is published at once, with no scheduling note.
    response = client.post(
        f"/admin/pages/add/posts/postpage/{blog.pk}/",
        admin_form("Old ruling", timezone.now() - SOON),
    )
    assert PostPage.objects.get(slug="old-ruling").live
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("“Morning ruling” goes live" in note for note in notes)  # the earlier note
    assert not any("“Old ruling” goes live" in note for note in notes)


def test_an_editor_may_choose_a_later_go_live_time_but_not_an_earlier_one(blog):
    date = timezone.now() + SOON
    later = make_post(blog, "Later", live=False, date=date)
    later.go_live_at = date + SOON
    later.save_revision().publish()
    later.refresh_from_db()
    assert later.go_live_at == date + SOON
    earlier = make_post(blog, "Earlier", live=False, date=date)
    earlier.go_live_at = date - SOON
    earlier.save_revision().publish()
    earlier.refresh_from_db()
    assert earlier.go_live_at == date


@pytest.fixture
def scheduled_world(site_tree):
    """A visible post and a scheduled one sharing a tag and an author."""
    blog = site_tree["blog"]
    tag, author = make_tag("Embargo"), make_author("Ada Lovelace")
    shown = make_post(
        blog, "Shown ruling", tags=[tag], authors=[author], intro="Tribunal words", days_ago=2
    )
    waiting = make_post(
        blog,
        "Embargoed ruling",
        tags=[make_tag("Hidden topic"), tag],
        authors=[author],
        intro="Tribunal words",
        date=timezone.now() + SOON,
    )
    return {"blog": blog, "tag": tag, "author": author, "shown": shown, "waiting": waiting}


# The tag index lists topics, not posts: the waiting post shows there through its own topic.
SHOWN = {"/blog/tags/": "Embargo"}
WAITING = {"/blog/tags/": "Hidden topic"}


def mentions(text, url, title):
    slug = title.lower().replace(" ", "-")
    if url == "/blog/tags/":
        return title in text
    return title in text or slug in text


def reader_surfaces(client, world):
    """Every page and feed a reader reaches, as text, plus the post's own address's status."""
    when = timezone.localtime(world["waiting"].date)
    urls = [
        "/",
        "/blog/",
        "/blog/tags/",
        f"/blog/tag/{world['tag'].slug}/",
        f"/blog/author/{world['author'].slug}/",
        f"/blog/{when:%Y}/",
        f"/blog/{when:%Y}/{when:%m}/",
        "/blog/feed/",
        "/blog/feed/atom/",
        f"/blog/tag/{world['tag'].slug}/feed/",
        f"/blog/author/{world['author'].slug}/feed/",
        "/search/?q=tribunal",
        "/sitemap-posts.xml",  # the index (/sitemap.xml) links it
        world["shown"].url,  # its "Read more" and previous/next links
    ]
    texts = {}
    for url in urls:
        response = client.get(url)
        texts[url] = response.content.decode() if response.status_code == 200 else ""
    return texts, client.get("/blog/embargoed-ruling/").status_code


def test_a_scheduled_post_is_absent_everywhere_until_publish_scheduled_puts_it_live(
    client, scheduled_world, committed
):
    texts, status = reader_surfaces(client, scheduled_world)
    assert status == 404
    when = timezone.localtime(scheduled_world["waiting"].date)
    for url, text in texts.items():
        # The control: the visible post is there, except where its date puts it elsewhere
        # (the waiting post's month or year may hold nothing else yet: a 404).
        if url not in (f"/blog/{when:%Y}/{when:%m}/", f"/blog/{when:%Y}/"):
            assert mentions(text, url, SHOWN.get(url, "Shown ruling")), url
        assert not mentions(text, url, WAITING.get(url, "Embargoed ruling")), url
        assert "Hidden topic" not in text, url  # the cloud and tag lists
    mail.outbox.clear()
    make_subscribers(1, confirmed_days_ago=3)
    DigestRun().run()
    assert "Shown ruling" in mail.outbox[0].body
    assert "Embargoed ruling" not in mail.outbox[0].body

    # Its date comes. Nothing changes by itself (no timer), until the scheduled publish runs.
    make_due(scheduled_world["waiting"])
    texts, status = reader_surfaces(client, scheduled_world)
    assert status == 404
    assert not any("Embargoed ruling" in text for text in texts.values())
    with committed():
        call_command("publish_scheduled", stdout=io.StringIO())

    texts, status = reader_surfaces(client, scheduled_world)
    assert status == 200
    for url, text in texts.items():
        assert mentions(text, url, WAITING.get(url, "Embargoed ruling")), url
    # The sidebar boxes changed on that publish: the new topic, the archive's count.
    home = texts["/"]
    assert "Hidden topic" in home
    when = timezone.localtime(scheduled_world["waiting"].date)
    same_month = timezone.localtime(scheduled_world["shown"].date).month == when.month
    assert f"({2 if same_month else 1})</span>" in home
    mail.outbox.clear()
    DigestRun().run()
    assert "Embargoed ruling" in mail.outbox[0].body


def migrate_forward():
    """Runs the data migration that turned live future-dated posts into scheduled ones."""
    migration = importlib.import_module("posts.migrations.0005_schedule_future_dated_posts")
    migration.schedule_future_dated_posts(apps, None)


@pytest.mark.parametrize("with_revision", [True, False])
def test_the_data_migration_schedules_live_future_dated_posts(
    client, blog, committed, with_revision
):
    date = timezone.now() + SOON
    tag, author = make_tag("Old way"), make_author("Ben Okri")
    # The old way: a live post whose date lies in the future.
    post = make_post(blog, "Old style", tags=[tag], authors=[author])
    PostPage.objects.filter(pk=post.pk).update(date=date)
    if with_revision:
        post.refresh_from_db()
        post.save_revision()
    past = make_post(blog, "Already out")
    migrate_forward()

    post.refresh_from_db()
    assert not post.live and post.go_live_at == date and post.has_unpublished_changes
    revision = Revision.objects.get(object_id=str(post.pk), approved_go_live_at=date)
    assert PostPage.objects.get(pk=past.pk).live  # a post already out is left alone
    assert client.get("/blog/old-style/").status_code == 404

    make_due(post)
    with committed():
        call_command("publish_scheduled", stdout=io.StringIO())
    post.refresh_from_db()
    assert post.live and post.live_revision_id == revision.pk
    # Everything the post had survives the round trip through its revision.
    assert post.title == "Old style" and [t.name for t in post.tags.all()] == ["Old way"]
    assert [a.name for a in post.authors] == ["Ben Okri"]
    html = client.get("/blog/old-style/").content.decode()
    assert "Body of Old style." in html


def test_a_post_scheduled_from_the_settings_tab_takes_its_go_live_time_as_its_date(
    client, blog, editor
):
    make_tag("Article 8")
    client.force_login(editor)
    go_live = (timezone.now() + SOON).replace(microsecond=0)
    data = ready_form_data(
        title="Scheduled by go-live",
        slug="scheduled-by-go-live",
        # The date as the form offered it: when the editor opened it.
        date=timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M:%S"),
        **{"action-publish": "Publish"},
    )
    assert client.post(f"/admin/pages/add/posts/postpage/{blog.pk}/", data).status_code == 302
    post = PostPage.objects.get(slug="scheduled-by-go-live")
    assert not post.live
    assert post.scheduled_revision.as_object().date == go_live
    # Its time comes (only the go-live time moves, so the date shows what was saved).
    revision = post.scheduled_revision
    due = timezone.now() - datetime.timedelta(seconds=1)
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    post = PostPage.objects.get(slug="scheduled-by-go-live")
    assert post.live and post.date == go_live
