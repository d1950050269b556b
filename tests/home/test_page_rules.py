"""The page tree's parent/child rules (../shared/DESIGN.md): what may be created where."""

import pytest
from wagtail.models import Page

from home.models import HomePage, StandardPage
from newsletter.models import SubscribePage
from posts.models import BlogIndexPage, PostPage


@pytest.mark.django_db
def test_post_cannot_be_created_under_home_page(site_tree):
    assert not PostPage.can_create_at(site_tree["home"])
    assert PostPage not in site_tree["home"].specific_class.allowed_subpage_models()


@pytest.mark.django_db
def test_post_can_be_created_only_under_the_blog_index(site_tree):
    assert PostPage.can_create_at(site_tree["blog"])
    assert PostPage.allowed_parent_page_models() == [BlogIndexPage]


@pytest.mark.django_db
def test_posts_have_no_children(site_tree):
    assert PostPage.allowed_subpage_models() == []


@pytest.mark.django_db
def test_singletons_cannot_be_created_twice(site_tree):
    root = Page.get_first_root_node()
    assert not HomePage.can_create_at(root)
    assert not BlogIndexPage.can_create_at(site_tree["home"])
    assert not SubscribePage.can_create_at(site_tree["home"])


@pytest.mark.django_db
def test_blog_index_belongs_under_the_home_page_only(site_tree):
    assert BlogIndexPage.allowed_parent_page_models() == [HomePage]
    assert not StandardPage.can_create_at(site_tree["blog"])


@pytest.mark.django_db
def test_standard_pages_nest(site_tree):
    assert StandardPage.can_create_at(site_tree["about"])
    assert StandardPage.can_create_at(site_tree["home"])
