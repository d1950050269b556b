"""Slugs: blog routes reserved for posts, clashes with existing pages reported, one rule for
non-ASCII slugs, and tag redirects that never end on a 404."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.contrib.redirects.models import Redirect

from home.models import StandardPage
from posts.models import Author, BlogIndexPage, PostPage
from taxonomy.merging import merge_tags
from taxonomy.models import Tag
from tests.factories import make_post
from tests.support import post_form_data
from tests.wordpress.small_wxr import export, item, row, run, warning_count
from wordpress import redirects, term_redirects

ROUTE_SLUGS = ["tags", "tag", "feed", "author", "2024", "search"]
ROUTE_POSTS = export(
    *(
        item(f"Post called {slug}", wp_id=str(n), name=slug, date="2010-01-02 03:04:05")
        for n, slug in enumerate(ROUTE_SLUGS, start=1)
    )
)


def test_route_slugs_are_read_from_the_routes():
    for slug in ROUTE_SLUGS + ["1999"]:
        assert BlogIndexPage.slug_is_route(slug), slug
    for slug in ("tags-2", "20244", "feeds", "a-post", "tagged", "searching", "search-2"):
        assert not BlogIndexPage.slug_is_route(slug), slug


@pytest.mark.django_db
def test_the_blogs_search_address_sends_readers_to_the_site_search(blog, client):
    base = blog.url + "search/"
    for address, target in (
        (base, "/search/"),
        (base + "?q=article+8&tag=privacy", "/search/?q=article+8&tag=privacy"),
        (base + "?q=ni%C3%B1o&page=2", "/search/?q=ni%C3%B1o&page=2"),
    ):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"] == target, address
    assert client.get(base + "a/b/").status_code == 404


@pytest.mark.django_db
def test_imported_posts_with_route_slugs_are_renamed(blog, tmp_path, client):
    output = run(tmp_path, ROUTE_POSTS)
    assert warning_count(output, "reserved_slug") == len(ROUTE_SLUGS)
    for slug in ROUTE_SLUGS:
        post = PostPage.objects.get(title=f"Post called {slug}")
        assert post.slug == f"{slug}-2"
        assert client.get(post.url).status_code == 200
        # The old permalinks reach the renamed post.
        for old in (f"/2010/01/02/{slug}/", f"/2010/01/{slug}/"):
            response = client.get(old)
            assert response.status_code == 301, old
            assert response["Location"] == post.url, old
    # The routes still answer for themselves.
    assert client.get("/blog/tags/").status_code == 200
    assert client.get("/blog/feed/").status_code == 200
    assert row(run(tmp_path, ROUTE_POSTS), "posts") == (0, 0, len(ROUTE_SLUGS), 0)


@pytest.mark.django_db
def test_the_editor_refuses_route_slugs(blog):
    """PostPage.clean(), which Wagtail's page form runs: the message shows on the slug field."""
    post = make_post(blog, "Ordinary")
    for slug in ROUTE_SLUGS:
        post.slug = slug
        with pytest.raises(ValidationError) as raised:
            post.full_clean()
        assert "slug" in raised.value.message_dict
        assert "blog's own pages" in raised.value.message_dict["slug"][0]
    post.slug = "tags-2"
    post.full_clean()


@pytest.mark.django_db
def test_the_post_editor_shows_the_message_on_the_slug(client, editor, blog):
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/posts/postpage/{blog.pk}/", post_form_data(slug="feed")
    )
    assert response.status_code == 200  # the form again, with its errors
    assert "blog's own pages" in response.context["form"].errors["slug"][0]
    assert not PostPage.objects.exists()
    response = client.post(
        f"/admin/pages/add/posts/postpage/{blog.pk}/", post_form_data(slug="feed-2")
    )
    assert response.status_code == 302 and PostPage.objects.get().slug == "feed-2"


CLASH = export(
    item(
        "About us",
        wp_id="2",
        post_type="page",
        name="about",
        link="http://small.example.org/about/",
    ),
    item("Contact", wp_id="3", post_type="page", name="contact"),
)


@pytest.mark.django_db
def test_slug_clashes_with_existing_pages_are_reported(site_tree, tmp_path, client):
    output = run(tmp_path, CLASH)
    imported = StandardPage.objects.get(title="About us")
    assert imported.slug == "about-2"
    assert warning_count(output, "slug_clash") == 1
    assert "“about” is taken by the page “About”" in output
    # The report's redirect list names the address that could not be claimed.
    assert "old addresses not claimed (1)" in output
    assert "/about/ → /about-2/ (now serves “About”)" in output
    # /about/ keeps serving the site's own page; the imported one is reachable.
    assert client.get("/about/").context["page"].pk == site_tree["about"].pk
    assert client.get(imported.url).status_code == 200
    # The same report on a re-run with nothing to do: no clash found twice.
    again = run(tmp_path, CLASH)
    assert row(again, "pages") == (0, 0, 2, 0)


GREEK = export(
    item(
        "Περί",
        wp_id="21",
        name="%ce%b4%ce%bf%ce%ba%ce%b9%ce%bc%ce%ae",
        extra='<category domain="post_tag" nicename="content-%cf%80%ce%b5%cf%81%ce%b9%ce%b5'
        '%cf%87%cf%8c%ce%bc%ce%b5%ce%bd%ce%bf"><![CDATA[content περιεχόμενο]]></category>',
    ),
    "<wp:author><wp:author_login>gio</wp:author_login>"
    "<wp:author_display_name>Γιώργος Παπάς</wp:author_display_name></wp:author>",
    item("Second", wp_id="22", creator="gio"),
)


@pytest.mark.django_db
def test_non_ascii_slugs_follow_one_rule_the_routes_accept(blog, tmp_path, client):
    run(tmp_path, GREEK)
    tag = Tag.objects.get(name="content περιεχόμενο")
    assert tag.slug == "content-περιεχόμενο"
    # The editor makes the same slug from the same name.
    typed = Tag.objects.create(name="περιεχόμενο Content")
    assert typed.slug == "περιεχόμενο-content"
    assert Tag._meta.get_field("slug").formfield().clean(tag.slug) == tag.slug
    author = Author.objects.get(name="Γιώργος Παπάς")
    assert author.slug == "γιώργος-παπάς"

    post = PostPage.objects.get(title="Περί")
    assert post.slug == "δοκιμή"
    page = client.get(post.url)
    assert page.status_code == 200
    tag_url = blog.route_url("tag", slug=tag.slug)
    assert tag_url.encode() in page.content  # the post links to its tag page...
    assert client.get(tag_url).status_code == 200  # ...which answers
    assert client.get(tag_url + "feed/").status_code == 200
    # The old WordPress tag address (percent-encoded) redirects to it.
    response = client.get(
        "/tag/content-%cf%80%ce%b5%cf%81%ce%b9%ce%b5%cf%87%cf%8c%ce%bc%ce%b5%ce%bd%ce%bf/"
    )
    assert response.status_code == 301 and response["Location"] == tag_url
    author_url = blog.route_url("author", slug=author.slug)
    assert client.get(author_url).status_code == 200


EMPTY_TAG = export(
    "<wp:tag><wp:tag_slug>sealed</wp:tag_slug><wp:tag_name>Sealed</wp:tag_name></wp:tag>",
    "<wp:tag><wp:tag_slug>unused</wp:tag_slug><wp:tag_name>Unused</wp:tag_name></wp:tag>",
    item(
        "Pending",
        wp_id="31",
        status="draft",
        extra='<category domain="post_tag" nicename="sealed"><![CDATA[Sealed]]></category>',
    ),
)


@pytest.mark.django_db
def test_tag_redirects_without_visible_posts_go_to_the_blog(blog, tmp_path, client):
    output = run(tmp_path, EMPTY_TAG)
    assert warning_count(output, "empty_tag") == 2
    for old in ("/tag/sealed/", "/tag/unused/"):
        response = client.get(old)
        assert response.status_code == 302, old
        assert response["Location"] == "/blog/"
    # The draft is published in WordPress: the next import points the redirect at the tag.
    run(tmp_path, EMPTY_TAG.replace("<wp:status>draft", "<wp:status>publish"))
    tag = Tag.objects.get(name="Sealed")
    response = client.get("/tag/sealed/")
    assert response.status_code == 301 and response["Location"] == f"/blog/tag/{tag.slug}/"
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/tag/unused/").status_code == 302
    assert Redirect.objects.filter(old_path="/tag/sealed").count() == 1
    # An editor renames the tag's address: the next import follows it, without a conflict.
    tag.slug = "sealed-cases"
    tag.save()
    output = run(tmp_path, EMPTY_TAG.replace("<wp:status>draft", "<wp:status>publish"))
    assert warning_count(output, "redirect_conflict") == 0
    assert client.get("/tag/sealed/")["Location"] == "/blog/tag/sealed-cases/"


@pytest.mark.django_db
def test_tag_redirects_follow_the_tag_after_the_import(blog, tmp_path, client, committed):
    """Without a re-import: publishing, unpublishing, renaming and merging in Wagtail each
    re-point the old WordPress addresses, so none of them ever ends on a 404."""
    run(tmp_path, EMPTY_TAG)
    post = PostPage.objects.get(title="Pending")
    sealed = Tag.objects.get(name="Sealed")

    def where(old):
        response = client.get(old)
        return response.status_code, response["Location"]

    assert where("/tag/sealed/") == (302, "/blog/")
    with committed():
        post.save_revision().publish()
    assert where("/tag/sealed/") == (301, f"/blog/tag/{sealed.slug}/")
    assert client.get(f"/blog/tag/{sealed.slug}/").status_code == 200
    post.refresh_from_db()
    with committed():
        post.unpublish()
    assert where("/tag/sealed/") == (302, "/blog/")
    with committed():
        post.save_revision().publish()
        sealed.slug = "sealed-cases"
        sealed.save()
    assert where("/tag/sealed/") == (301, "/blog/tag/sealed-cases/")
    # Merged into another tag: the redirect follows the tag it now belongs to.
    with committed():
        merge_tags(sealed, Tag.objects.get(name="Unused"))
    unused = Tag.objects.get(name="Unused")
    assert where("/tag/sealed/") == (301, f"/blog/tag/{unused.slug}/")
    assert where("/tag/unused/") == (301, f"/blog/tag/{unused.slug}/")
    assert client.get(f"/blog/tag/{unused.slug}/").status_code == 200
    with committed():
        PostPage.objects.get(pk=post.pk).delete()
    assert where("/tag/sealed/") == (302, "/blog/")
    assert where("/tag/unused/") == (302, "/blog/")
    # A redirect an editor has pointed elsewhere is theirs: events leave it alone.
    Redirect.objects.filter(old_path="/tag/unused").update(redirect_link="/about/")
    with committed():
        blog.save_revision().publish()
    assert where("/tag/unused/") == (302, "/about/")


@pytest.mark.django_db(transaction=True)  # real commits: the hub runs as in production
def test_an_import_points_the_tag_redirects_once_not_after_every_post(blog, tmp_path, monkeypatch):
    calls = []
    original = term_redirects.point_term_redirects

    def counted(rows=None):
        calls.append(rows)
        return original(rows)

    monkeypatch.setattr(term_redirects, "point_term_redirects", counted)
    monkeypatch.setattr(redirects, "point_term_redirects", counted)
    run(tmp_path, EMPTY_TAG.replace("<wp:status>draft", "<wp:status>publish"))
    assert len(calls) == 1 and calls[0] is not None  # the importer's own, of its redirects
    # Outside an import, a publish re-points them all.
    PostPage.objects.get().save_revision().publish()
    assert len(calls) == 2 and calls[1] is None


SEARCH = export(
    item("Search", wp_id="41", post_type="page", name="search"),
    # The blog's /blog/search/ sends readers to the site's search: a post may not take it.
    item("On search", wp_id="42", name="search"),
)


@pytest.mark.django_db
def test_pages_do_not_take_the_sites_own_addresses(site_tree, tmp_path, client):
    output = run(tmp_path, SEARCH)
    page = StandardPage.objects.get(title="Search")
    assert page.slug == "search-2"
    assert warning_count(output, "reserved_slug") == 2
    assert client.get(page.url).status_code == 200
    assert client.get("/search/?q=x").status_code == 200
    post = PostPage.objects.get(title="On search")
    assert post.url == "/blog/search-2/" and client.get(post.url).status_code == 200
