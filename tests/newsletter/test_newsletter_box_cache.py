"""The subscribe box's URL cache is cleared by the invalidation hub, only once a change commits,
for every event it depends on; a change rolled back leaves it in place."""

import pytest
from django.core.cache import cache
from django.db import transaction
from wagtail.models import PageViewRestriction, Site

from core import invalidation
from newsletter.templatetags.newsletter_tags import CACHE_EVENTS, CACHE_KEY, _urls
from posts.models import BlogIndexPage

pytestmark = pytest.mark.django_db


def _publish(tree):
    tree["subscribe"].save_revision().publish()


def _unpublish(tree):
    tree["subscribe"].unpublish()


def _move(tree):
    tree["about"].move(tree["subscribe"], pos="last-child")


def _delete(tree):
    draft = BlogIndexPage(title="Draft", slug="draft", live=False)
    tree["home"].add_child(instance=draft)
    draft.delete()


def _restrict(tree):
    PageViewRestriction.objects.create(
        page=tree["subscribe"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )


def _change_site(tree):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed"
    site.save()


# One real change per event the cache depends on, made the way editors make it.
CHANGES = {
    invalidation.PAGE_PUBLISHED: _publish,
    invalidation.PAGE_UNPUBLISHED: _unpublish,
    invalidation.PAGE_MOVED: _move,
    invalidation.PAGE_DELETED: _delete,
    invalidation.VIEW_RESTRICTION: _restrict,
    invalidation.SITE: _change_site,
}


def warm(site):
    """Fill the per-site entry and the entry for requests without a site."""
    _urls(site)
    _urls(None)
    keys = [CACHE_KEY.format(site_id=site.pk), CACHE_KEY.format(site_id=0)]
    assert all(cache.get(key) is not None for key in keys)
    return keys


def test_every_event_the_cache_depends_on_is_tested():
    assert set(CHANGES) == CACHE_EVENTS
    assert invalidation.PAGE_EVENTS | {invalidation.SITE} == CACHE_EVENTS


@pytest.mark.parametrize("event", sorted(CHANGES))
def test_cache_is_cleared_only_after_commit(
    event, site_tree, site, django_capture_on_commit_callbacks
):
    keys = warm(site)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        CHANGES[event](site_tree)
        # Not yet committed: a request now would re-fill from rows that may be rolled back.
        assert all(cache.get(key) is not None for key in keys)
    assert callbacks, "the change reported nothing to the hub"
    assert all(cache.get(key) is None for key in keys)


@pytest.mark.parametrize("event", sorted(CHANGES))
def test_a_rolled_back_change_leaves_the_cache_in_place(
    event, site_tree, site, django_capture_on_commit_callbacks
):
    keys = warm(site)
    cached = [cache.get(key) for key in keys]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                CHANGES[event](site_tree)
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert [cache.get(key) for key in keys] == cached


def test_events_it_does_not_depend_on_leave_it(site_tree, site, django_capture_on_commit_callbacks):
    keys = warm(site)
    with django_capture_on_commit_callbacks(execute=True):
        invalidation.content_changed(invalidation.TAG)
    assert all(cache.get(key) is not None for key in keys)
    # Positive control: the same path with an event it depends on clears it.
    with django_capture_on_commit_callbacks(execute=True):
        invalidation.content_changed(invalidation.PAGE_PUBLISHED)
    assert all(cache.get(key) is None for key in keys)


def test_a_publish_shows_in_the_box_after_commit(
    site_tree, site, django_capture_on_commit_callbacks
):
    """End to end: the blog's feed link appears once the blog is published and committed."""
    site_tree["blog"].unpublish()
    cache.clear()
    assert _urls(site)["feed"] == ""
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["blog"].save_revision().publish()
    assert _urls(site)["feed"] == "/blog/feed/"
