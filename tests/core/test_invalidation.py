"""The invalidation hub: every derived cache is cleared by it, for each content event the cache
depends on and no other, only once the change commits; a change rolled back clears nothing."""

import gc
import weakref

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction, Site

from comments import moderation
from comments.models import Comment
from core import generation, invalidation, pagination
from home import chrome
from newsletter.templatetags import newsletter_tags
from posts import archive, sitemaps, tag_cloud
from posts.models import PostPage
from taxonomy.merging import merge_tags
from taxonomy.models import Tag
from tests.factories import (
    make_author,
    make_document,
    make_image,
    make_menu,
    make_post,
    make_site_settings,
    make_tag,
)

pytestmark = pytest.mark.django_db

# name -> (module with cache_keys() and CACHE_EVENTS, how a page view fills it)
CACHES = {
    "chrome": (chrome, lambda request: chrome.chrome_for_request(request)),
    "archive box": (archive, lambda request: archive.archive_nav_data(request)),
    "tag cloud": (tag_cloud, lambda request: tag_cloud.tag_cloud_for_request(request)),
    "subscribe box": (
        newsletter_tags,
        lambda request: newsletter_tags._urls(Site.find_for_request(request)),
    ),
    # Every cached fragment (post parts, listings, sidebar, feeds) is keyed by it.
    "content generation": (generation, lambda request: generation.current(request)),
    # Generation-keyed: what the hub clears is the generation every entry's key carries.
    "sitemap": (sitemaps, lambda request: sitemaps.sitemap_index(request)),
    "page starts": (
        pagination,
        lambda request: invalidation.generation(pagination.STARTS_GENERATION),
    ),
}


@pytest.fixture
def world(site_tree, site):
    """A site with something in every cache: a tagged, signed post, team, menus."""
    tag, other = make_tag("Privacy"), make_tag("Data")
    author = make_author("Ada Lovelace")
    post = make_post(site_tree["blog"], "Visible", tags=[tag, other], authors=[author])
    draft = make_post(site_tree["blog"], "Draft", tags=[tag], live=False)
    settings = make_site_settings(
        site, welcome_title="Hello", team=[{"role": "Ed", "author": author}]
    )
    menu = make_menu(site, "header", [{"link_page": site_tree["about"]}])
    image = make_image("Figure", width=32, height=18)
    document = make_document()
    return {
        **site_tree,
        "site": site,
        "tag": tag,
        "other": other,
        "author": author,
        "post": post,
        "draft": draft,
        "settings": settings,
        "menu": menu,
        "image": image,
        "document": document,
    }


def _publish(world):
    world["draft"].get_latest_revision().publish()


def _unpublish(world):
    world["post"].unpublish()


def _move(world):
    world["about"].move(world["subscribe"], pos="last-child")


def _delete(world):
    PostPage.objects.get(pk=world["draft"].pk).delete()  # a draft: no unpublish first


def _restrict(world):
    PageViewRestriction.objects.create(
        page=world["post"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )


def _change_site(world):
    world["site"].site_name = "Renamed"
    world["site"].save()


def _rename_tag(world):
    world["tag"].name = "Privacy law"
    world["tag"].save()


def _merge_tags(world):
    merge_tags(world["other"], world["tag"])


def _rename_author(world):
    world["author"].name = "Ada King"
    world["author"].save()


def _save_settings(world):
    world["settings"].welcome_title = "Welcome"
    world["settings"].save()


def _edit_menu(world):
    item = world["menu"].items.get()
    item.label = "Who we are"
    item.save()


def _approve_comment(world):
    comment = Comment.objects.create(
        post=world["post"], name="Reader", email="reader@example.org", text="Well put."
    )
    moderation.set_status([comment], Comment.Status.APPROVED)


def _change_media(world):
    world["image"].title = "Figure 1"
    world["image"].save()
    world["document"].delete()


# One real change per event, made the way an editor or admin makes it.
CHANGES = {
    invalidation.PAGE_PUBLISHED: _publish,
    invalidation.PAGE_UNPUBLISHED: _unpublish,
    invalidation.PAGE_MOVED: _move,
    invalidation.PAGE_DELETED: _delete,
    invalidation.VIEW_RESTRICTION: _restrict,
    invalidation.SITE: _change_site,
    invalidation.TAG: _rename_tag,
    invalidation.TAGS_MERGED: _merge_tags,
    invalidation.AUTHOR: _rename_author,
    invalidation.SETTINGS: _save_settings,
    invalidation.MENU: _edit_menu,
    invalidation.MEDIA: _change_media,
    invalidation.COMMENT: _approve_comment,
}


def test_every_event_has_a_change_here():
    assert set(CHANGES) == invalidation.ALL_EVENTS


def cached(module):
    return any(value is not None for value in cache.get_many(module.cache_keys()).values())


def warm(name):
    module, fill = CACHES[name]
    request = RequestFactory().get("/")
    fill(request)
    assert cached(module), name
    return module


CASES = [(name, event) for name in CACHES for event in sorted(invalidation.ALL_EVENTS)]


@pytest.mark.parametrize(("name", "event"), CASES)
def test_each_cache_is_cleared_after_commit_by_exactly_its_events(world, committed, name, event):
    module = warm(name)
    # A merge also deletes a tag (a TAG event); its own event is what TAGS_MERGED covers.
    with committed():
        CHANGES[event](world)
        assert cached(module)  # nothing is cleared before the commit
    depends = event in module.CACHE_EVENTS or (
        event == invalidation.TAGS_MERGED and invalidation.TAG in module.CACHE_EVENTS
    )
    assert cached(module) is not depends


class Rollback(Exception):
    pass


@pytest.mark.parametrize(
    ("name", "event"),
    [
        (name, event)
        for name, (module, _fill) in CACHES.items()
        for event in sorted(module.CACHE_EVENTS)
    ],
)
def test_a_change_rolled_back_leaves_each_cache_untouched(world, committed, name, event):
    module = warm(name)
    with committed(), pytest.raises(Rollback), transaction.atomic():
        CHANGES[event](world)
        raise Rollback
    assert cached(module)


def test_a_failing_consumer_does_not_stop_the_others(world, committed, monkeypatch):
    warm("archive box")
    calls = []

    def broken(change):
        raise RuntimeError("cache server gone")

    monkeypatch.setattr(invalidation, "_consumers", list(invalidation._consumers))
    invalidation._consumers.insert(0, invalidation._Consumer(broken, invalidation.ALL_EVENTS))
    invalidation.register(calls.append, events={invalidation.PAGE_PUBLISHED})
    with committed():
        _publish(world)
    assert not cached(archive)
    assert [change.event for change in calls] == [invalidation.PAGE_PUBLISHED]
    assert calls[0].pk == world["draft"].pk and issubclass(calls[0].model, Page)


@pytest.mark.django_db
def test_a_change_waiting_for_the_commit_keeps_no_instance(
    django_capture_on_commit_callbacks, monkeypatch
):
    """An import commits after a batch of posts: the changes waiting meanwhile hold only model
    and key, not the pages (one may carry a 20 MB body)."""
    tag = Tag.objects.create(name="Held", slug="held")
    pk, alive = tag.pk, weakref.ref(tag)
    with django_capture_on_commit_callbacks() as waiting:
        invalidation.content_changed(invalidation.TAG, tag)
    del tag
    gc.collect()
    assert alive() is None
    calls = []
    monkeypatch.setattr(
        invalidation, "_consumers", [invalidation._Consumer(calls.append, {invalidation.TAG})]
    )
    for callback in waiting:
        callback()
    assert [(change.model, change.pk) for change in calls] == [(Tag, pk)]


def test_unknown_events_are_refused():
    with pytest.raises(ValueError):
        invalidation.register(print, events={"page_renamed"})
