"""The editorial review in Chromium, from a contributor's first draft to a scheduled post that
goes live: the contributor writes a post with a picture and tags and submits it; the editors
are emailed; an editor asks for changes, which emails the author; the contributor edits and
resubmits; the editor approves it dated for later, which schedules it; `publish_scheduled`
puts it live on that date, on the blog index and its tag pages. Throughout, the admin asks no
host but the site's own for anything (no avatars, fonts or scripts from elsewhere)."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from posts.models import PostPage
from taxonomy.models import Tag
from tests.browser.conftest import server_paused
from tests.browser.test_editor_journey import add_block, log_in, panel

pytestmark = pytest.mark.browser

# A save (with its emails and search indexing) can take seconds on a loaded machine.
SAVED = 20_000
SUBMITTED = re.compile("submitted for moderation", re.I)

TITLE = "Surveillance and the right to respect for private life"
ALT = "Balanced scales drawn on a blue background"
COMMENT = "Please add the neutral citation in the intro."


def watch_hosts(page, site_url, foreign, seen):
    """Record every request the page makes (`seen`), and those to another host (`foreign`)."""
    site = urlsplit(site_url).netloc

    def check(request):
        seen.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != site:
            foreign.append(request.url)

    page.on("request", check)


def choose_action(page, name):
    """A button of the editor's action menu (the first one, or under "More actions")."""
    button = page.get_by_role("button", name=name, exact=isinstance(name, str))
    if not button.is_visible():
        page.get_by_role("button", name="More actions").click()
    button.click()


def test_contributor_to_editor_to_scheduled_post(
    demo_site, page, browser, editor, django_user_model, settings
):
    # Autosave is Wagtail's and tested elsewhere; here it would race the script's typing.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
    contributor = django_user_model.objects.create_user(
        "guest", "guest@example.org", "guest-writes-here"
    )
    contributor.groups.add(Group.objects.get(name="Contributors"))
    tag = Tag.objects.filter(posts__live=True).order_by("name").first()
    foreign, seen = [], []
    watch_hosts(page, demo_site, foreign, seen)
    mail.outbox.clear()

    # The contributor starts from the dashboard's "New post".
    log_in(page, demo_site, "guest", "guest-writes-here")
    page.get_by_role("link", name="New post").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/posts/postpage/\d+/$"))
    page.get_by_role("textbox", name=re.compile("title", re.I)).fill(TITLE)
    page.get_by_role("textbox", name=re.compile("^intro", re.I)).fill("A first intro.")
    body = panel(page, "Body")
    add_block(page, body, "Paragraph")
    body.get_by_role("textbox").last.click()
    page.keyboard.type("The court considered bulk interception of communications.")
    add_block(page, body, "Image")
    body.get_by_role("button", name="Choose an image").last.click()
    chooser = page.get_by_role("dialog")
    chooser.get_by_role("link", name="Scales of justice").click()
    expect(chooser).to_be_hidden()
    body.get_by_label(re.compile("^Alt text")).last.fill(ALT)
    tags_box = panel(page, "Tags").locator("li.tagit-new input")
    tags_box.press_sequentially(tag.name, delay=20)
    tags_box.press("Enter")
    expect(panel(page, "Tags").locator("li.tagit-choice")).to_have_count(1)

    choose_action(page, "Submit to Editorial review")
    expect(page.get_by_text(SUBMITTED)).to_be_visible(timeout=SAVED)
    post = PostPage.objects.get(title=TITLE)
    assert post.workflow_in_progress and not post.live
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    assert TITLE in mail.outbox[0].subject + mail.outbox[0].body

    # The editor, in a browser of their own, asks for changes with a comment.
    editor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    editor_page = editor_context.new_page()
    editor_page.set_default_timeout(20_000)
    watch_hosts(editor_page, demo_site, foreign, seen)
    log_in(editor_page, demo_site, "editor", "correct-horse")
    expect(editor_page.get_by_role("link", name=TITLE).first).to_be_visible()  # awaiting review
    editor_page.get_by_role("link", name=TITLE).first.click()
    mail.outbox.clear()
    choose_action(editor_page, "Request changes")
    dialog = editor_page.get_by_role("dialog")
    dialog.get_by_role("textbox").fill(COMMENT)
    dialog.get_by_role("button", name=re.compile("request changes", re.I)).click()
    # Back on the blog's listing once done.
    expect(editor_page).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    expect(editor_page.get_by_text(re.compile("has been updated"))).to_be_visible(timeout=SAVED)
    [changes] = mail.outbox
    assert changes.to == ["guest@example.org"] and COMMENT in changes.body

    # The contributor edits and resubmits.
    page.goto(f"{demo_site}/admin/pages/{post.pk}/edit/")
    page.get_by_role("textbox", name=re.compile("^intro", re.I)).fill(
        "Big Brother Watch v United Kingdom [2021] ECHR 439, explained."
    )
    mail.outbox.clear()
    choose_action(page, re.compile("^Resubmit to "))
    expect(page.get_by_text(SUBMITTED)).to_be_visible(timeout=SAVED)
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]

    # The editor approves it dated tomorrow morning: approving schedules it.
    go_live = (timezone.localtime() + timedelta(days=1)).replace(
        hour=7, minute=30, second=0, microsecond=0
    )
    editor_page.goto(f"{demo_site}/admin/pages/{post.pk}/edit/")
    date_box = (
        panel(editor_page, "Byline").get_by_role("textbox", name=re.compile("date", re.I)).first
    )
    date_box.fill(go_live.strftime("%Y-%m-%d %H:%M"))
    date_box.press("Tab")
    choose_action(editor_page, "Approve and Publish")
    expect(editor_page.get_by_text(re.compile("approved|scheduled", re.I)).first).to_be_visible(
        timeout=SAVED
    )
    post = PostPage.objects.get(pk=post.pk)
    assert not post.live
    assert post.scheduled_revision.approved_go_live_at == go_live

    # Not live before its time; `publish_scheduled` at the time puts it live with that date.
    page.goto(f"{demo_site}/blog/")
    expect(page.get_by_role("main").get_by_role("link", name=TITLE)).to_have_count(0)
    # Its time comes: the approved go-live time moves to just now (the date stays as saved).
    with server_paused():  # the open admin page keeps pinging the server
        revision = post.scheduled_revision
        revision.approved_go_live_at = timezone.now() - timedelta(seconds=1)
        revision.content["go_live_at"] = revision.approved_go_live_at.isoformat()
        revision.save()
        call_command("publish_scheduled", stdout=io.StringIO())
    post = PostPage.objects.get(pk=post.pk)
    assert post.live and post.date == go_live

    page.goto(f"{demo_site}/blog/")
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=TITLE)).to_be_visible()
    expect(main.locator(f"time[datetime^='{go_live.date().isoformat()}']").first).to_be_visible()
    page.goto(f"{demo_site}/blog/tag/{tag.slug}/")
    expect(page.get_by_role("main").get_by_role("link", name=TITLE)).to_be_visible()

    editor_context.close()
    # The listener heard the admin's own requests (pages, scripts, images, autocomplete)...
    assert any("/admin/" in url for url in seen) and any("/static/" in url for url in seen)
    # ...and none to anyone else.
    assert foreign == [], foreign
