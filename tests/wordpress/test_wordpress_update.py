"""Re-running the importer: matched by WordPress ID, updated only when something changed."""

import datetime
import io

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from posts.models import PostPage
from taxonomy.models import Tag
from tests.factories import make_tag
from tests.wordpress.test_wordpress_wxr import WXR_11


def run(tmp_path, text, *extra):
    path = tmp_path / "export.xml"
    path.write_text(text)
    out = io.StringIO()
    call_command("import_wordpress", str(path), *extra, stdout=out)
    return out.getvalue()


def posts_row(output):
    line = next(line for line in output.splitlines() if line.startswith("posts "))
    return tuple(int(n) for n in line.split()[-4:])


@pytest.mark.django_db
def test_first_import_of_a_wxr_1_1_file(blog, tmp_path):
    existing = make_tag("article 8")
    output = run(tmp_path, WXR_11)
    assert posts_row(output) == (1, 0, 0, 0)
    post = PostPage.objects.get()
    assert post.title == "Hello & welcome"  # double-encoded entity decoded
    assert post.live and post.slug == "hello" and post.intro == "Short"
    # post_date_gmt is WordPress's zero date: the local post_date in the site's time zone.
    assert post.date == datetime.datetime(2011, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
    assert [t.pk for t in post.tags.all()] == [existing.pk]  # matched case-insensitively
    assert [a.name for a in post.authors] == ["Jo Bloggs"]
    assert [b.block_type for b in post.body] == ["paragraph"]
    assert "image_not_found: 1" in output  # the featured image is not in the export


@pytest.mark.django_db
def test_changes_update_in_place_with_one_new_revision(blog, tmp_path):
    run(tmp_path, WXR_11)
    post = PostPage.objects.get()
    revisions = Revision.page_revisions.filter(object_id=str(post.pk)).count()

    assert posts_row(run(tmp_path, WXR_11)) == (0, 0, 1, 0)
    assert Revision.page_revisions.filter(object_id=str(post.pk)).count() == revisions

    output = run(tmp_path, WXR_11.replace("Hello &amp;amp; welcome", "Hello again"))
    assert posts_row(output) == (0, 1, 0, 0)
    post.refresh_from_db()
    assert post.title == "Hello again" and post.live
    assert PostPage.objects.count() == 1
    assert Revision.page_revisions.filter(object_id=str(post.pk)).count() == revisions + 1
    assert Tag.objects.count() == 2  # "Article 8" and "Child", never duplicated

    # Taken back to draft in WordPress: unpublished here.
    run(tmp_path, WXR_11.replace("<wp:status>publish", "<wp:status>draft"))
    post.refresh_from_db()
    assert not post.live


@pytest.mark.django_db
def test_private_posts_need_a_login(blog, tmp_path, client):
    run(tmp_path, WXR_11.replace("<wp:status>publish", "<wp:status>private"))
    post = PostPage.objects.get()
    assert post.live and not PostPage.objects.visible().exists()
    response = client.get(post.url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_categories_can_be_skipped(blog, tmp_path):
    output = run(tmp_path, WXR_11, "--skip-categories")
    assert list(Tag.objects.values_list("name", flat=True)) == ["Article 8"]
    assert "categories" in output


ATTACHMENTS = """
  <item><title>Court photo</title><wp:post_id>9</wp:post_id><wp:post_type>attachment</wp:post_type>
    <wp:status>inherit</wp:status><wp:post_parent>7</wp:post_parent>
    <wp:attachment_url>http://old.example.org/wp-content/uploads/2011/02/court.png</wp:attachment_url>
    <excerpt:encoded><![CDATA[The court at dusk]]></excerpt:encoded>
    <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
      <wp:meta_value>Royal Courts of Justice</wp:meta_value></wp:postmeta></item>
  <item><title>Broken</title><wp:post_id>10</wp:post_id><wp:post_type>attachment</wp:post_type>
    <wp:status>inherit</wp:status>
    <wp:attachment_url>http://old.example.org/wp-content/uploads/2011/02/broken.jpg</wp:attachment_url>
  </item>
</channel>"""


@pytest.mark.django_db
def test_attachments_from_the_media_folder(blog, tmp_path):
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    uploads = tmp_path / "uploads" / "2011" / "02"
    uploads.mkdir(parents=True)
    PILImage.new("RGB", (40, 30), (10, 20, 30)).save(uploads / "court.png")
    (uploads / "broken.jpg").write_bytes(b"not an image")
    text = WXR_11.replace("</channel>", ATTACHMENTS).replace(
        "Para two]]>",
        'Para two\n\n[gallery]\n\n<img src="http://old.example.org/wp-content/uploads/'
        '2011/02/court-300x200.png" alt="">]]>',
    )
    output = run(tmp_path, text, "--media-dir", str(tmp_path / "uploads"))
    image = Image.objects.get()
    assert (image.title, image.description, image.width, image.height) == (
        "Court photo",
        "Royal Courts of Justice",
        40,
        30,
    )
    assert "unreadable_media: 1" in output and "error" not in output
    post = PostPage.objects.get()
    assert post.feed_image == image
    images = [b.value for b in post.body if b.block_type == "image"]
    # [gallery] lists the post's attachments; a resized copy's URL finds the original.
    assert [v["image"] for v in images] == [image, image]
    assert images[0]["caption"] == "The court at dusk"


@pytest.mark.django_db
def test_pending_posts_are_drafts(blog, tmp_path, client):
    run(tmp_path, WXR_11.replace("<wp:status>publish", "<wp:status>pending"))
    post = PostPage.objects.get()
    assert not post.live and post.has_unpublished_changes
    assert client.get("/blog/hello/").status_code == 404


@pytest.mark.django_db
def test_a_password_protected_draft_stays_protected_once_published(blog, tmp_path, client):
    protected = WXR_11.replace("<wp:status>publish", "<wp:status>draft").replace(
        "<wp:post_password></wp:post_password>", "<wp:post_password>s3cret</wp:post_password>"
    )
    run(tmp_path, protected)
    post = PostPage.objects.get()
    post.get_latest_revision().publish()
    post.refresh_from_db()
    assert post.live and not PostPage.objects.visible().exists()
    assert b"password" in client.get(post.url).content.lower()


@pytest.mark.django_db
def test_a_future_post_already_due_keeps_its_date_as_first_published(blog, tmp_path):
    # The export was taken before the date came; by the import the post is due (2011).
    run(tmp_path, WXR_11.replace("<wp:status>publish", "<wp:status>future"))
    post = PostPage.objects.get()
    assert post.live
    assert post.first_published_at == post.date


@pytest.mark.django_db
def test_imported_posts_are_in_the_search_index(blog, tmp_path, client):
    """The importer indexes each page itself (the usual save and publish hooks are paused)."""
    run(tmp_path, WXR_11)
    response = client.get("/search/", {"q": "Hello"})
    assert [hit.post.title for hit in response.context["hits"]] == ["Hello & welcome"]
