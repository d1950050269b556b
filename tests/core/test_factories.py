"""The factories build what the site really holds: the bulk seeder a tree Wagtail considers
valid, so budgets measure real pages; make_image a real image file."""

import pytest
from PIL import Image as PILImage
from wagtail.models import Page

from posts.models import PostPage
from tests.factories import (
    PATH_ALPHABET,
    PATH_STEPLEN,
    bulk_posts,
    child_path,
    make_author,
    make_image,
    make_post,
    make_tag,
)


@pytest.mark.django_db
def test_bulk_posts_are_real_live_posts_under_the_blog(blog, client):
    tag = make_tag("Privacy")
    author = make_author("Ann Example")
    make_post(blog, "Made the slow way")
    bulk_posts(blog, 30, tags=[tag], authors=[author])
    assert PostPage.objects.visible().child_of(blog).count() == 31
    assert tag.posts.count() == 30
    # treebeard's own consistency check: paths, depths and child counts agree.
    assert Page.find_problems() == ([], [], [], [], [])
    post = PostPage.objects.get(slug="bulk-post-2")
    assert client.get(post.url).status_code == 200
    # A page added normally afterwards still lands in the right place.
    make_post(blog, "Added after")
    assert Page.find_problems() == ([], [], [], [], [])


def test_child_path_is_treebeards_materialised_path():
    # The settings bulk_posts relies on: Wagtail's pages number their steps this way.
    assert (Page.alphabet, Page.steplen) == (PATH_ALPHABET, PATH_STEPLEN)
    assert child_path("0001", 1) == "00010001"
    assert child_path("0001", 10) == "0001000A"
    assert child_path("0001", 36) == "00010010"
    assert child_path("00010002", 36**4 - 1) == "00010002ZZZZ"
    with pytest.raises(ValueError):
        child_path("0001", 36**4)


@pytest.mark.django_db
def test_bulk_posts_land_where_treebeard_would_put_them(blog):
    make_post(blog, "First child")
    pks = bulk_posts(blog, 40)
    bulk = Page.objects.filter(pk__in=pks).order_by("path")
    assert [page.path for page in bulk] == [child_path(blog.path, step) for step in range(2, 42)]
    # treebeard's own next sibling follows on from them.
    after = make_post(blog, "Added after")
    assert after.path == child_path(blog.path, 42)


@pytest.mark.django_db
def test_make_image_stores_a_real_image_file():
    image = make_image("Real file", width=320, height=180)
    assert (image.width, image.height) == (320, 180)
    assert image.file_size == image.file.size > 0
    with image.open_file() as stored, PILImage.open(stored) as opened:
        opened.verify()
        assert opened.format == "PNG"
        assert opened.size == (320, 180)
    # Wagtail can make renditions from it.
    assert image.get_rendition("fill-64x36").width == 64
