"""Old WordPress permalinks answer 301 to the imported pages and to the blog's tag/author routes."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from posts.models import Author
from taxonomy.models import Tag
from tests.factories import build_site
from tests.support import module_transaction
from wordpress.models import ImportedObject

DATA = Path(__file__).parent / "data" / "wordpress"


def page_for(wp_id, kind="post"):
    mapping = ImportedObject.objects.get(kind=kind, wp_key=wp_id)
    return Page.objects.get(pk=mapping.object_id)


@pytest.fixture(scope="module")
def imported_site(django_db_setup, django_db_blocker):
    """The theme unit test export imported once for the module, whose tests only read."""
    with module_transaction(django_db_blocker) as unblocked:
        with unblocked():
            build_site()
            call_command(
                "import_wordpress",
                str(DATA / "themeunittestdata.wordpress.xml"),
                "--media-dir",
                str(DATA / "uploads"),
                stdout=io.StringIO(),
            )
        yield


@pytest.fixture
def imported(imported_site, db):
    """The imported site, for one test (what it writes is rolled back after it)."""


@pytest.mark.django_db
def test_post_permalinks_redirect_permanently(client, imported):
    post = page_for("1163")  # published 2010-08-07 (local date), slug post-format-image-caption
    assert post.url == "/blog/post-format-image-caption/"
    for old in (
        "/?p=1163",
        "/?p=1163&utm_source=feed",
        "/2010/08/07/post-format-image-caption/",
        "/2010/08/post-format-image-caption/",
        "/post-format-image-caption/",
        "/post-format-image-caption",
    ):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == post.url, old
    # The home page itself is untouched by the query-string redirects.
    assert client.get("/").status_code == 200
    assert client.get("/?p=999999").status_code == 200


@pytest.mark.django_db
def test_page_links_redirect(client, imported):
    level_3 = page_for("172", kind="page")
    response = client.get("/?page_id=172")
    assert response.status_code == 301 and response["Location"] == level_3.url
    # The hierarchy is kept, so this page's WordPress address is its address here too...
    assert level_3.url == "/level-1/level-2/level-3/"
    assert client.get(level_3.url).status_code == 200
    # ...but WordPress's "about" page became /about-2/ (the site has its own /about/), so its
    # child's old hierarchical permalink redirects.
    child = page_for("155", kind="page")
    assert child.url == "/about-2/page-with-comments/"
    response = client.get("/about/page-with-comments/")
    assert response.status_code == 301 and response["Location"] == child.url


@pytest.mark.django_db
def test_tag_category_and_author_archives_redirect_to_blog_routes(client, imported):
    tag = Tag.objects.get(name__iexact="8bit")
    response = client.get("/tag/8bit/")
    assert response.status_code == 301 and response["Location"] == f"/blog/tag/{tag.slug}/"

    child = Tag.objects.get(name="Child 2")
    for old in ("/category/child-2/", "/category/parent/child-1/child-2/"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == f"/blog/tag/{child.slug}/"

    author = Author.objects.get(name="Theme Buster")
    response = client.get("/author/themedemos/")
    assert response.status_code == 301 and response["Location"] == f"/blog/author/{author.slug}/"
    # Tags with no visible post (only on drafts, or on no post) send their old addresses to
    # the blog index for now (302), never to a 404; everything else is permanent.
    temporary = Redirect.objects.filter(is_permanent=False)
    assert temporary.exists()
    assert set(temporary.values_list("redirect_link", flat=True)) == {"/blog/"}
    for redirect in temporary:
        assert client.get(redirect.old_path + "/").status_code == 302
    permanent_tag_links = Redirect.objects.filter(
        is_permanent=True, redirect_link__startswith="/blog/tag/"
    )
    for redirect in permanent_tag_links[:20]:
        assert client.get(redirect.redirect_link).status_code == 200, redirect.redirect_link


@pytest.mark.django_db
def test_drafts_get_no_redirects(imported):
    draft = page_for("1164")
    assert not Redirect.objects.filter(redirect_page=draft).exists()
    assert Redirect.objects.filter(redirect_page=page_for("1153")).exists()  # scheduled
