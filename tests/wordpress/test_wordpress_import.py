"""The WordPress importer on the public theme unit test export (tests/wordpress/data/wordpress/).

Expected numbers are computed here from the XML with ElementTree, independently of the
importer's own streaming reader.
"""

import datetime
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Revision

from home.models import StandardPage
from posts.models import Author, PostPage
from taxonomy.models import Tag
from wordpress.models import ImportedObject

DATA = Path(__file__).parent / "data" / "wordpress"
EXPORT = DATA / "themeunittestdata.wordpress.xml"
UPLOADS = DATA / "uploads"
NS = {
    "wp": "https://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "https://wordpress.org/export/1.2/excerpt/",
}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif")


def run_import(*extra):
    out = io.StringIO()
    call_command("import_wordpress", str(EXPORT), "--media-dir", str(UPLOADS), *extra, stdout=out)
    return out.getvalue()


def report_row(output, label):
    """(created, updated, unchanged, skipped) from the report's table."""
    line = next(line for line in output.splitlines() if line.startswith(label + " "))
    return tuple(int(n) for n in line.split()[-4:])


@pytest.fixture(scope="module")
def export():
    """What the XML says, counted the plain way."""
    channel = ET.parse(EXPORT).getroot().find("channel")
    items = channel.findall("item")

    def text(item, path):
        return (item.findtext(path, namespaces=NS) or "").strip()

    posts = [i for i in items if text(i, "wp:post_type") == "post"]
    term_names = (
        [text(t, "wp:tag_name") for t in channel.findall("wp:tag", NS)]
        + [text(c, "wp:cat_name") for c in channel.findall("wp:category", NS)]
        + [
            text(t, "wp:term_name")
            for t in channel.findall("wp:term", NS)
            if text(t, "wp:term_taxonomy") in ("category", "post_tag")
        ]
        + [
            (c.text or "").strip()
            for item in posts
            for c in item.findall("category")
            if c.get("domain") in ("category", "post_tag")
        ]
    )
    category_slugs = {
        c.findtext("wp:category_nicename", namespaces=NS)
        for c in channel.findall("wp:category", NS)
    }
    category_slugs |= {
        c.get("nicename")
        for i in posts
        for c in i.findall("category")
        if c.get("domain") == "category"
    }
    tag_slugs = {t.findtext("wp:tag_slug", namespaces=NS) for t in channel.findall("wp:tag", NS)}
    tag_slugs |= {
        c.get("nicename")
        for i in posts
        for c in i.findall("category")
        if c.get("domain") == "post_tag"
    }
    attachments = [i for i in items if text(i, "wp:post_type") == "attachment"]
    image_files = [
        re.sub(r"^https?://[^/]+/(wp-content/uploads/)?", "", text(i, "wp:attachment_url"))
        for i in attachments
        if text(i, "wp:attachment_url").lower().endswith(IMAGE_SUFFIXES)
    ]
    return {
        "by_id": {text(i, "wp:post_id"): i for i in items},
        "publish": sum(
            text(i, "wp:status") == "publish" and not text(i, "wp:post_password") for i in posts
        ),
        "password": sum(bool(text(i, "wp:post_password")) for i in posts),
        "draft": sum(text(i, "wp:status") in ("draft", "pending") for i in posts),
        "future": sum(text(i, "wp:status") == "future" for i in posts),
        "private": sum(text(i, "wp:status") == "private" for i in posts),
        "posts": len(posts),
        "pages": sum(text(i, "wp:post_type") == "page" for i in items),
        "tags": len({html.unescape(name).lower() for name in term_names if name}),
        "category_slugs": category_slugs,
        "tag_slugs": tag_slugs,
        "authors": len(channel.findall("wp:author", NS)),
        "images_present": sum((UPLOADS / path).is_file() for path in image_files),
        "images_missing": sum(not (UPLOADS / path).is_file() for path in image_files),
    }


def imported_page(wp_id, kind=ImportedObject.POST):
    mapping = ImportedObject.objects.get(kind=kind, wp_key=wp_id)
    return Page.objects.get(pk=mapping.object_id).specific


@pytest.fixture
def imported(blog):
    return run_import()


@pytest.mark.django_db
def test_counts_match_the_export(imported, export, site_tree):
    assert "error" not in imported
    posts = PostPage.objects.all()
    assert posts.count() == export["posts"] == 58
    restricted = PageViewRestriction.objects.values_list("page_id", flat=True)
    public_live = posts.live().exclude(pk__in=restricted)
    assert public_live.count() == export["publish"]
    assert (
        posts.filter(
            pk__in=PageViewRestriction.objects.filter(restriction_type="password").values("page")
        ).count()
        == export["password"]
    )
    assert (
        posts.filter(
            pk__in=PageViewRestriction.objects.filter(restriction_type="login").values("page")
        ).count()
        == export["private"]
    )
    # Revision.object_id is text: compare as numbers (PostgreSQL will not mix the types).
    scheduled = [
        int(pk)
        for pk in Revision.page_revisions.filter(approved_go_live_at__isnull=False).values_list(
            "object_id", flat=True
        )
    ]
    assert posts.not_live().filter(pk__in=scheduled).count() == export["future"]
    assert posts.not_live().exclude(pk__in=scheduled).count() == export["draft"]
    # The visible() listing shows exactly the public, published posts.
    assert PostPage.objects.visible().count() == export["publish"]

    # Pages: the site's own About page plus every WordPress page.
    assert StandardPage.objects.exclude(pk=site_tree["about"].pk).count() == export["pages"]
    assert Tag.objects.count() == export["tags"]
    assert ImportedObject.objects.filter(kind="category").count() == len(export["category_slugs"])
    assert ImportedObject.objects.filter(kind="tag").count() == len(export["tag_slugs"])
    assert Author.objects.count() == export["authors"]
    assert Image.objects.count() == export["images_present"]
    assert re.search(rf"missing_media: {export['images_missing']}\b", imported)
    assert report_row(imported, "posts") == (export["posts"], 0, 0, 0)
    assert report_row(imported, "pages") == (export["pages"], 0, 0, 0)


@pytest.mark.django_db
def test_targeted_posts(imported, export):
    # [caption] image: one image block with the caption and alt text, the file imported.
    caption_post = imported_page("1163")
    (block,) = caption_post.body
    assert block.block_type == "image"
    assert block.value["caption"] == "Bell on wharf in San Francisco"
    assert block.value["alt_text"] == "Bell on Wharf"
    assert block.value["image"].description == "Bell on Wharf"
    assert caption_post.feed_image.title == "triforce-wallpaper"

    # HTML in the title becomes plain text; entities are decoded.
    assert imported_page("1173").title == "Markup: Title With Markup"
    special = export["by_id"]["1174"].findtext("title")
    assert imported_page("1174").title == html.unescape(special)

    # No title: a readable fallback, and the WordPress slug.
    untitled = imported_page("1169")
    assert untitled.title and untitled.slug == "edge-case-no-title"

    # Password-protected: published behind Wagtail's password restriction.
    protected = imported_page("1168")
    assert protected.live
    restriction = PageViewRestriction.objects.get(page=protected)
    assert (restriction.restriction_type, restriction.password) == ("password", "enter")
    assert not PostPage.objects.visible().filter(pk=protected.pk).exists()

    # Scheduled: not live, and a revision approved to go live at the WordPress date.
    scheduled = imported_page("1153")
    go_live = datetime.datetime(2030, 1, 1, 19, 0, 18, tzinfo=datetime.UTC)
    assert not scheduled.live and scheduled.go_live_at == go_live
    assert scheduled.latest_revision.approved_go_live_at == go_live
    assert scheduled.date == go_live

    # Draft: a saved draft revision, never published, slug from its title.
    draft = imported_page("1164")
    assert not draft.live and draft.has_unpublished_changes and draft.slug == "draft"

    # Many categories and tags: every one of them, matched case-insensitively.
    for wp_id in ("1151", "1152"):
        item = export["by_id"][wp_id]
        names = {
            (c.text or "").strip().lower()
            for c in item.findall("category")
            if c.get("domain") in ("category", "post_tag")
        }
        post = imported_page(wp_id)
        assert {tag.name.lower() for tag in post.tags.all()} == names
        assert len(names) > 40
    assert [a.name for a in imported_page("1152").authors] == ["Theme Buster"]

    # Dates come from post_date_gmt.
    assert caption_post.date == datetime.datetime(2010, 8, 7, 13, 0, 19, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_markup_posts_convert_to_blocks(imported):
    markup = imported_page("1178")
    types = [block.block_type for block in markup.body]
    headings = [
        (b.value["text"], b.value["level"]) for b in markup.body if b.block_type == "heading"
    ]
    assert headings[:6] == [
        ("Header one", "h2"),
        ("Header two", "h2"),
        ("Header three", "h3"),
        ("Header four", "h3"),
        ("Header five", "h3"),
        ("Header six", "h3"),
    ]
    quotes = [b.value for b in markup.body if b.block_type == "quotation"]
    assert quotes[0]["text"] == "Stay hungry. Stay foolish."
    rich = " ".join(b.value.source for b in markup.body if b.block_type == "paragraph")
    # A quotation holding links and bold is rich text (the paragraph's quotation feature).
    assert "<blockquote>The <b>HTML &lt;blockquote&gt; Element</b>" in rich
    assert '(see <a href="https://developer.mozilla.org/en-US/docs/HTML/Element/' in rich
    assert '— <a href="https://developer.mozilla.org/en-US/docs/Web/HTML/Element/' in rich
    (table,) = [b.value for b in markup.body if b.block_type == "table"]
    assert table["data"][0] == ["Employee", "Salary", ""]
    assert table["first_row_is_table_header"] and table["first_col_is_header"]
    assert table["data"][1][:2] == ["John Doe", "$1"]
    rich = " ".join(b.value.source for b in markup.body if b.block_type == "paragraph")
    assert "<ul><li>List item one <ul><li>List item one <ul><li>" in rich
    assert '<ol start="8"><li>List item one -start at 8' in rich
    assert "divider" in types

    nested = imported_page("1000")  # Edge Case: Nested And Mixed Lists
    rich = " ".join(b.value.source for b in nested.body if b.block_type == "paragraph")
    assert "<ol>" in rich and "<ul>" in rich

    gutenberg = imported_page("1730")  # Block category: Common (Gutenberg comments)
    levels = [b.value["level"] for b in gutenberg.body if b.block_type == "heading"]
    assert levels[:6] == ["h2", "h2", "h3", "h3", "h3", "h3"]
    assert "<!--" not in json.dumps(gutenberg.body.get_prep_value())

    # <!--more-->: the teaser becomes the intro.
    more = imported_page("996")
    assert more.intro and "more" not in more.intro.lower().split()[-1:]


@pytest.mark.django_db
def test_bodies_are_sanitised(imported):
    source = EXPORT.read_text()
    assert ' style="' in source and ' class="' in source and "<iframe" in source
    stored = json.dumps([p.body.get_prep_value() for p in PostPage.objects.all()])
    stored += json.dumps([p.body.get_prep_value() for p in StandardPage.objects.all()])
    for forbidden in ("<script", "<style", "<iframe", "javascript:", " style=", " class="):
        assert forbidden not in stored
    assert not re.search(r"\son[a-z]+=", stored)
    # Audio and video players are kept (playing from the original address when the file is
    # not in the media directory, which is reported); a bare video URL becomes an embed.
    assert re.search(r"video_not_imported: \d+", imported)
    assert '"type": "media"' in stored
    video = imported_page("1161")
    assert video.body[0].block_type == "embed"
    assert video.body[0].value["url"] == "https://www.youtube.com/watch?v=SQEQr7c0-dw"


@pytest.mark.django_db
def test_pages_keep_their_hierarchy(imported, site_tree):
    level_3 = imported_page("172", kind=ImportedObject.PAGE)
    assert [p.title for p in level_3.get_ancestors()[2:]] == ["Level 1", "Level 2"]
    # WordPress's "about" page cannot take the site's own /about/: it gets a free slug.
    about = imported_page("2", kind=ImportedObject.PAGE)
    assert about.get_parent().pk == site_tree["home"].pk and about.slug == "about-2"
    greek = imported_page("1811", kind=ImportedObject.PAGE)
    assert greek.slug == "επίπεδο-2"


@pytest.mark.django_db
def test_second_import_changes_nothing(imported, export):
    before = {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Tag, Image, Author, ImportedObject)
    }
    from wagtail.contrib.redirects.models import Redirect

    redirects = Redirect.objects.count()
    again = run_import()
    after = {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Tag, Image, Author, ImportedObject)
    }
    assert after == before
    assert Redirect.objects.count() == redirects
    assert report_row(again, "posts") == (0, 0, export["posts"], 0)
    assert report_row(again, "pages") == (0, 0, export["pages"], 0)
    assert report_row(again, "authors") == (0, 0, export["authors"], 0)
    assert report_row(again, "attachments")[:2] == (0, 0)
    assert report_row(again, "tags")[:2] == (0, 0)
    assert report_row(again, "categories")[:2] == (0, 0)


@pytest.mark.django_db
def test_dry_run_writes_nothing(blog, export, settings):
    media = Path(settings.MEDIA_ROOT)
    files_before = sorted(media.rglob("*"))
    pages_before = Page.objects.count()
    output = run_import("--dry-run")
    assert "Dry run: nothing was saved." in output
    assert report_row(output, "posts") == (export["posts"], 0, 0, 0)
    assert Page.objects.count() == pages_before
    for model in (Tag, Image, Author, ImportedObject, Revision):
        assert not model.objects.exists()
    assert sorted(media.rglob("*")) == files_before


@pytest.mark.django_db
def test_unknown_blog_and_missing_file_are_clear_errors(blog, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No blog index"):
        call_command("import_wordpress", str(EXPORT), "--blog", "/news/", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No such export"):
        call_command("import_wordpress", str(tmp_path / "none.xml"), stdout=io.StringIO())
