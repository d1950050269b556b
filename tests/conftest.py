import pytest
from django.core.cache import cache

from tests.factories import build_site


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
