"""The invalidation hub: every content event reaches every derived cache through here.

Content events come from one set of receivers (`core/signal_handlers.py`, connected in
`CoreConfig.ready()`): pages published (by hand or by `publish_scheduled`), unpublished, moved
or deleted, view restrictions and sites changed, and saves or deletes of the models other apps
`watch()` (tags, authors, settings, menus, images and documents). Apps may also report an event
of their own with `content_changed()` (a tag merge, say).

Consumers run only once the transaction that made the change commits. Clearing earlier would
let a request re-fill the cache from rows that may yet be rolled back; a rolled-back change
clears nothing. Outside a transaction Django runs them at once.

A consumer is one registration, made in its app's `ready()`:

    invalidation.register_cache_keys(my_cache_keys, events={PAGE_PUBLISHED, ...})
    invalidation.register(purge_front_cache)

A cache with more keys than can be named (one per listing, per sitemap page) puts a generation
token (`generation(name)`) in each key instead, and names only the token's key
(`generation_key(name)`) to the hub: clearing it retires every entry at once, and the orphans
expire by their own timeout.
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.core.cache import cache
from django.db import models, transaction
from wagtail.models import Site

logger = logging.getLogger(__name__)

PAGE_PUBLISHED = "page_published"  # also a scheduled revision going live
PAGE_UNPUBLISHED = "page_unpublished"
PAGE_MOVED = "page_moved"
PAGE_DELETED = "page_deleted"
VIEW_RESTRICTION = "view_restriction"
SITE = "site"
TAG = "tag"
TAGS_MERGED = "tags_merged"
AUTHOR = "author"
SETTINGS = "settings"
MENU = "menu"
MEDIA = "media"  # an image or document saved or deleted
# A reader's comment became visible or stopped being visible (approved, marked spam, deleted,
# erased): the post's page, its count on listing cards and its comments feed change. Held
# comments send nothing, since readers never see them.
COMMENT = "comment"

# What a page becoming visible or hidden to readers sends, in every way it can happen.
PAGE_EVENTS = frozenset(
    {PAGE_PUBLISHED, PAGE_UNPUBLISHED, PAGE_MOVED, PAGE_DELETED, VIEW_RESTRICTION}
)
ALL_EVENTS = PAGE_EVENTS | {SITE, TAG, TAGS_MERGED, AUTHOR, SETTINGS, MENU, MEDIA, COMMENT}


@dataclass(frozen=True)
class ContentChange:
    """What changed: the event, and the model and key of the row it is about (when any).

    Only the model and key are kept, never the instance: the change waits for the commit, and
    a page instance may hold a very long body (an import's batch commits after 100 posts)."""

    event: str
    model: type | None = None
    pk: object = None


@dataclass(frozen=True)
class _Consumer:
    callback: Callable[[ContentChange], None]
    events: frozenset


_consumers: list[_Consumer] = []
# model class -> event sent when one of its rows is saved or deleted
_watched: dict[type, str] = {}


def register(callback, events=ALL_EVENTS):
    """Call `callback(change)` after the commit of every change whose event is in `events`."""
    unknown = set(events) - ALL_EVENTS
    if unknown:
        raise ValueError(f"Unknown content events: {sorted(unknown)}")
    _consumers.append(_Consumer(callback, frozenset(events)))
    return callback


def register_cache_keys(keys: Callable[[], Iterable[str]], events=ALL_EVENTS):
    """Delete the cache keys that `keys()` names after each such change.

    `keys` is called at clearing time, so per-site keys follow the sites that exist then.
    """

    def delete(change):
        cache.delete_many(list(keys()))

    delete.__qualname__ = f"delete keys of {getattr(keys, '__qualname__', keys)}"
    return register(delete, events)


def site_keys(key_for):
    """One key per site, and one for requests outside any site: `key_for(site_pk or None)`.
    The usual `keys` for `register_cache_keys` of a per-site cache."""
    return [key_for(pk) for pk in [*Site.objects.values_list("pk", flat=True), None]]


def generation_key(name):
    return f"core:generation:{name}"


def generation(name):
    """The current token of the generation-keyed cache `name`, to put in each of its keys.
    Random, not a counter: a counter evicted from the cache would restart at a value used
    before and bring old entries back."""
    key = generation_key(name)
    token = cache.get(key)
    if token is None:
        # add(), not set(): of two requests starting a generation at once, both use the first.
        cache.add(key, uuid.uuid4().hex, None)
        token = cache.get(key)
    # A cache that keeps nothing (the dummy backend) keeps no generation either: a fresh one
    # each time, so nothing is ever found stale.
    return token or uuid.uuid4().hex


def watch(model, event):
    """Report saves and deletes of `model`'s rows as `event` (see signal_handlers)."""
    if event not in ALL_EVENTS:
        raise ValueError(f"Unknown content event: {event}")
    _watched[model] = event


def watched_event(model):
    return _watched.get(model)


def content_changed(event, instance=None):
    """Tell every consumer of `event`, once the current transaction (if any) commits.
    `instance` is a model instance, or the key of one (a post's id)."""
    if isinstance(instance, models.Model):
        change = ContentChange(event, type(instance), instance.pk)
    else:
        change = ContentChange(event, pk=instance)
    transaction.on_commit(partial(_dispatch, change))


def _dispatch(change):
    for consumer in list(_consumers):
        if change.event not in consumer.events:
            continue
        try:
            consumer.callback(change)
        except Exception:
            # One failing consumer (a cache server gone away) must not stop the others.
            logger.exception("Consumer %s failed on %s", consumer.callback, change.event)
