"""The editor's side: previews (Must show 5), the listing-card preview mode, scheduled
publishing with publish_scheduled, the tabbed post editor and the Author admin."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from posts.models import Author, PostPage
from tests.factories import make_author, make_image, make_post, make_tag
from tests.support import archive_cached, post_form_data, ready_form_data


@pytest.fixture
def draft(blog):
    return make_post(
        blog,
        "Draft about Article 8",
        live=False,
        body=[{"type": "paragraph", "value": "<p>Unpublished analysis of the ruling.</p>"}],
    )


def test_editor_sees_the_draft_preview(client, editor, draft):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Draft about Article 8</h1>" in html
    assert "Unpublished analysis of the ruling." in html
    assert "private" in response["Cache-Control"]


def test_anonymous_visitor_gets_nothing_of_the_draft(client, blog, draft):
    published = make_post(blog, "Published about Article 8")
    response = client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert b"Unpublished analysis" not in response.content
    assert client.get(f"/blog/{draft.slug}/").status_code == 404
    assert client.get(published.url).status_code == 200
    listing = client.get("/blog/").content
    assert b"Draft about Article 8" not in listing
    assert b"Published about Article 8" in listing


def test_preview_renders_exactly_like_the_live_page(client, editor, blog):
    # Everything whose preview path differs from the live one: authors with photos, tags,
    # related posts, images, the table of contents.
    tag, author = make_tag("Article 8"), make_author("Ada Barrister")
    author.photo = make_image("Ada", width=64, height=64)
    author.save()
    make_post(blog, "Related post", tags=[tag], days_ago=3)
    image = make_image("Court", width=800, height=450)
    post = make_post(
        blog,
        "Live post",
        intro="Short intro.",
        tags=[tag],
        authors=[author],
        feed_image=image,
        show_toc=True,
        body=[
            {"type": "heading", "value": {"text": "The facts", "level": "h2"}},
            {"type": "paragraph", "value": "<p>What happened.</p>"},
            {"type": "image", "value": {"image": image.pk, "caption": "The court"}},
            {"type": "heading", "value": {"text": "The ruling", "level": "h2"}},
        ],
    )
    post.save_revision().publish()  # as the editor's Publish button does
    live_html = client.get(post.url).content.decode()
    client.force_login(editor)
    preview_html = client.get(f"/admin/pages/{post.pk}/view_draft/").content.decode()
    start, end = "<main", "</main>"
    live_main = live_html[live_html.index(start) : live_html.index(end)]
    preview_main = preview_html[preview_html.index(start) : preview_html.index(end)]
    for part in ("Ada Barrister", "Related post", 'href="#the-ruling"', "<figcaption"):
        assert part in live_main
    assert live_main == preview_main


def test_two_authors_with_the_same_name_get_their_own_pages(client, editor):
    client.force_login(editor)
    for role in ("Barrister", "Pupil"):
        form = {"name": "Ada Smith", "slug": "", "role": role, "bio": "", "link": ""}
        assert client.post("/admin/snippets/posts/author/add/", form).status_code == 302
    slugs = sorted(Author.objects.filter(name="Ada Smith").values_list("slug", flat=True))
    assert slugs == ["ada-smith", "ada-smith-2"]


def test_posts_per_page_must_be_at_least_one(client, editor, blog):
    from posts.models import BlogIndexPage

    blog.posts_per_page = 0
    with pytest.raises(ValidationError):
        blog.full_clean()
    # Even a zero stored behind the editor's back does not take the listing down.
    BlogIndexPage.objects.filter(pk=blog.pk).update(posts_per_page=0)
    make_post(blog, "Still listed")
    assert client.get("/blog/").status_code == 200


def test_listing_card_preview_mode(client, editor, blog):
    assert ("card", "Listing card") in PostPage.preview_modes
    post = make_post(
        blog,
        "Card preview",
        live=False,
        body=[{"type": "paragraph", "value": "<p>Opening words of the body.</p>"}],
    )
    client.force_login(editor)
    response = client.get(f"/admin/pages/{post.pk}/view_draft/", {"mode": "card"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<article class="post-card">' in html
    assert "Opening words of the body." in html  # the summary the listing will show
    assert 'class="post__body"' not in html


def test_scheduled_post_goes_live_with_publish_scheduled(client, blog, committed):
    post = make_post(blog, "Scheduled ruling", live=False)
    post.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    post.save_revision().publish()
    post.refresh_from_db()
    assert not post.live
    assert b"Scheduled ruling" not in client.get("/blog/").content
    assert client.get(post.url).status_code == 404

    call_command("publish_scheduled")
    post.refresh_from_db()
    assert not post.live  # not due yet

    # Time passes: the scheduled moment is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = post.latest_revision
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    client.get("/blog/")  # warm the archive cache, which publishing must refresh
    assert archive_cached()
    with committed():
        call_command("publish_scheduled")
    post.refresh_from_db()
    assert post.live
    assert not archive_cached()
    assert b"Scheduled ruling" in client.get("/blog/").content
    assert client.get(post.url).status_code == 200


def test_publishing_refreshes_the_archive_box(client, blog, committed):
    client.get("/blog/")
    assert archive_cached()
    post = make_post(blog, "Published now", live=False)
    with committed():
        post.save_revision().publish()
    assert not archive_cached()


def test_post_editor_groups_panels_in_tabs_with_help(client, editor, blog):
    post = make_post(blog, "Editable")
    client.force_login(editor)
    response = client.get(f"/admin/pages/{post.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for tab in ("Content", "Byline and topics", "Read more", "Promote"):
        assert re.search(rf'role="tab"[^>]*>\s*{tab}\s*<', html), tab
    # Scheduling (go live / expiry) stays available from the Settings panels.
    assert 'name="go_live_at"' in html
    assert "Left empty, the body" in html
    assert "Left empty, the latest posts sharing the most topics are shown." in html
    add = client.get(f"/admin/pages/add/posts/postpage/{blog.pk}/")
    assert add.status_code == 200


def test_card_preview_of_a_new_unsaved_post(client, editor, blog):
    client.force_login(editor)
    url = f"/admin/pages/add/posts/postpage/{blog.pk}/preview/"
    assert client.post(url, post_form_data()).json()["is_valid"]
    response = client.get(url, {"mode": "card"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<article class="post-card">' in html
    assert "Written in the admin" in html and "Typed by an editor." in html
    assert not PostPage.objects.filter(slug="written-in-the-admin").exists()


def test_editor_can_save_a_post_with_related_posts_and_authors(client, editor, blog):
    """The whole form round-trips: authors in order and an editor-chosen related post."""
    target = make_post(blog, "Target")
    ada, ben = make_author("Ada"), make_author("Ben")
    client.force_login(editor)
    data = ready_form_data(
        **{
            "post_authors-TOTAL_FORMS": "2",
            "post_authors-0-author": str(ben.pk),
            "post_authors-0-ORDER": "1",
            "post_authors-1-author": str(ada.pk),
            "post_authors-1-ORDER": "2",
            "related_links-TOTAL_FORMS": "1",
            "related_links-0-post": str(target.pk),
            "related_links-0-ORDER": "1",
            "action-publish": "Publish",
        }
    )
    response = client.post(f"/admin/pages/add/posts/postpage/{blog.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    post = PostPage.objects.get(slug="written-in-the-admin")
    assert post.live
    assert [a.name for a in post.authors] == ["Ben", "Ada"]
    assert post.body_summary == "Typed by an editor."
    client.logout()
    html = client.get(post.url).content.decode()
    assert "by <a" in html and "Ben</a> and <a" in html
    assert '<a href="/blog/target/">Target</a>' in html


def test_author_admin_is_in_the_menu_and_lists_authors(client, editor):
    make_author("Ada Barrister")
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "Authors" in dashboard
    listing = client.get("/admin/snippets/posts/author/")
    assert listing.status_code == 200
    assert "Ada Barrister" in listing.content.decode()
    response = client.post(
        "/admin/snippets/posts/author/add/",
        {"name": "New Author", "slug": "", "role": "Pupil", "bio": "", "link": ""},
    )
    assert response.status_code == 302
    assert Author.objects.get(name="New Author").slug == "new-author"
