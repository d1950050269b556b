"""manage.py backup and restore (issue 18.7, Must show 5): backup → wipe → restore keeps every
page, revision, image file and subscriber, on the database the suite runs on (SQLite, or
PostgreSQL with DATABASE_URL) and with media in a folder or in a bucket."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from wagtail.images.models import Image, Rendition
from wagtail.models import Page, Revision

from core.backups import media_names
from newsletter.models import Subscriber
from posts.models import BlogIndexPage, PostPage
from tests import database_state
from tests.factories import build_site, make_document, make_image, make_post, make_subscribers
from tests.support import fresh

# flush and loaddata commit: a real transaction per test, emptied afterwards.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    # After the module, the next tests find what migrations made.
    pytest.mark.usefixtures("restores_migrated_state"),
]


@pytest.fixture(autouse=True)
def _migrated_state(migrated_state, transactional_db):
    """Each test starts from what migrations made (the previous one ended with a flush)."""
    database_state.restore(migrated_state)


def _site_content():
    site = build_site()
    picture = make_image("Courtroom", width=640, height=360)
    body = [
        {"type": "paragraph", "value": "<p>The judgment.</p>"},
        {"type": "image", "value": {"image": picture.pk, "caption": "", "size": "inline"}},
    ]
    post = make_post(site["blog"], "Restored post", body=body, feed_image=picture)
    post = fresh(post)
    post.title = "Restored post, second draft"
    post.save_revision()  # a pending draft: two revisions
    make_post(site["blog"], "Another post")
    make_post(site["blog"], "A draft", live=False)
    picture.get_rendition("width-100|format-webp")
    make_document("Judgment", "judgment.pdf", b"%PDF-1.4 judgment")
    make_subscribers(3)
    Subscriber.objects.create(email="pending@example.org")


def _snapshot():
    """Everything the round trip must keep, as plain values."""
    return {
        "pages": sorted(
            Page.objects.values_list("pk", "title", "draft_title", "url_path", "live", "path")
        ),
        "revisions": sorted(
            (r.object_id, r.content_type.model, str(r.content.get("title")))
            for r in Revision.objects.all()
        ),
        "latest": sorted(PostPage.objects.values_list("pk", "latest_revision_id")),
        "images": sorted(Image.objects.values_list("pk", "title", "file", "width", "height")),
        "renditions": sorted(Rendition.objects.values_list("image_id", "filter_spec", "file")),
        "subscribers": sorted(
            Subscriber.objects.values_list("email", "status", "confirmed_at", "digest_cursor")
        ),
        "files": {
            name: hashlib.sha256(default_storage.open(name).read()).hexdigest()
            for name in media_names()
        },
    }


def _wipe():
    call_command("flush", interactive=False, verbosity=0)
    for name in media_names():
        default_storage.delete(name)
    assert not Page.objects.filter(depth__gt=0).exists()
    assert media_names() == []


def _round_trip(tmp_path, client):
    _site_content()
    before = _snapshot()
    assert len(before["files"]) == 3  # original, rendition, document
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    _wipe()
    call_command("restore", str(archive), interactive=False, verbosity=0)
    assert _snapshot() == before
    # The site works again: pages, search (the index is rebuilt), images.
    post = PostPage.objects.get(title="Restored post")
    assert client.get(post.url).status_code == 200
    assert "Restored post" in client.get("/search/", {"q": "judgment"}).content.decode()
    assert Image.objects.get().get_rendition("width-100|format-webp").file.name in media_names()
    # Ids go on from the restored ones (PostgreSQL's sequences are reset by loaddata).
    make_post(BlogIndexPage.objects.get(), "Written after the restore")
    make_subscribers(1, prefix="new")


def test_round_trip_with_media_in_a_folder(tmp_path, client, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    _round_trip(tmp_path, client)


def test_round_trip_with_media_in_a_bucket(tmp_path, client, bucket_storage):
    _round_trip(tmp_path, client)


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(tmp_path):
    build_site()
    pages = Page.objects.count()
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(bogus), interactive=False)
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(tmp_path / "missing.tar.gz"), interactive=False)
    assert Page.objects.count() == pages
