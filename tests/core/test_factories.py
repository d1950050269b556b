"""The bulk seeder builds a tree Wagtail considers valid, so budgets measure real pages."""

import pytest
from wagtail.models import Page

from posts.models import PostPage
from tests.factories import bulk_posts, make_author, make_post, make_tag


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
