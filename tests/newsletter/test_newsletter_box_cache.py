"""The subscribe box's cached addresses follow the pages once a change commits. (Every event
the cache depends on, and a rolled-back change, are covered for all caches together in
tests/core/test_invalidation.py.)"""

import pytest
from django.core.cache import cache

from newsletter.templatetags.newsletter_tags import _urls

pytestmark = pytest.mark.django_db


def test_a_publish_shows_in_the_box_after_commit(site_tree, site, committed):
    """End to end: the blog's feed link appears once the blog is published and committed."""
    site_tree["blog"].unpublish()
    cache.clear()
    assert _urls(site)["feed"] == ""
    with committed():
        site_tree["blog"].save_revision().publish()
    assert _urls(site)["feed"] == "/blog/feed/"
