import pytest
from django.core.cache import cache
from wagtail.models import Site

from tests.factories import build_site, make_post


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(db):
    """The page tree of DESIGN.md: home, blog index, subscribe and about pages."""
    return build_site()


@pytest.fixture
def blog(site_tree):
    return site_tree["blog"]


@pytest.fixture
def site(site_tree):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def every_page_url(site_tree):
    """One URL per page type and view a reader reaches (all built on base.html)."""
    post = make_post(site_tree["blog"], "A post on Article 8")
    return ["/", "/blog/", post.url, "/about/", "/subscribe/", "/search/?q=article"]
