"""Helpers the test modules share: what a response lists, query counting for budgets, the
two steps of an email link, and data built once for a whole module of read-only tests."""

import re
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import generation
from posts import archive

# --- What a page lists --------------------------------------------------------------


def titles(response, key="posts"):
    """The titles a listing's context lists under `key`, in order: posts of a listing, tag
    page or archive ("posts"), or search hits ("hits", each wrapping its post)."""
    return [getattr(item, "post", item).title for item in response.context[key]]


def card_titles(html):
    """The titles of the post cards in a piece of rendered HTML, in order."""
    return re.findall(r'class="post-card__title"><a href="[^"]+">([^<]+)</a>', html)


def archive_cached():
    """Whether any of the archive box's cache entries is filled."""
    return any(cache.get(key) is not None for key in archive.cache_keys())


# --- Query budgets ------------------------------------------------------------------


def count_queries(action, *args, **kwargs):
    """(number of queries, result) of calling `action`."""
    with CaptureQueriesContext(connection) as captured:
        result = action(*args, **kwargs)
    return len(captured), result


def warm_get(client, url, data=None):
    """(number of queries, response) of a second GET of `url`: the first creates image
    renditions and fills the caches that are filled once, as a visitor's first view would.

    The fragments kept under the content generation (rendered cards, feeds, a post's parts)
    are retired before each, as a content event retires them: both GETs build the page with
    whatever data the test added, instead of serving what an earlier GET rendered."""
    retire_fragments()
    assert client.get(url, data).status_code == 200, url
    retire_fragments()
    count, response = count_queries(client.get, url, data)
    assert response.status_code == 200, url
    return count, response


def retire_fragments():
    """What every committed content event does to the cached fragments (core.generation); a
    test's own changes never commit, so they would otherwise be served the old fragments."""
    cache.delete(generation.KEY)


def assert_same_count(small, large, *, at_most=None, exactly=None, label=None):
    """A query budget: as many queries with the large data set as with the small one, and
    no more than `at_most` (or exactly `exactly`)."""
    assert small == large, (label, small, large)
    if at_most is not None:
        assert large <= at_most, (label, large, at_most)
    if exactly is not None:
        assert large == exactly, (label, large, exactly)


# --- Email links --------------------------------------------------------------------


def ask_then_act(client, url, subscriber, *, question, done, before, after, data=None):
    """An email link's two steps: a GET asks (mail scanners open links too) and changes
    nothing; the POST acts. Returns both responses for further checks."""
    asked = client.get(url)
    assert asked.status_code == 200
    assert question in asked.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == before
    acted = client.post(url, data or {})
    assert acted.status_code == 200
    assert done in acted.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == after
    return asked, acted


# --- Data built once per module -----------------------------------------------------


@contextmanager
def module_transaction(django_db_blocker):
    """For a module-scoped fixture that builds rows every test of a module reads:

        @pytest.fixture(scope="module")
        def shared(django_db_setup, django_db_blocker):
            with module_transaction(django_db_blocker) as unblocked:
                with unblocked():
                    data = build()
                yield data

    The rows live in a transaction opened for the module and rolled back at its end; each
    test runs in a savepoint inside it (pytest-django's `db`), so what a test writes is undone
    after it and the next module starts from the migrated database. The database stays
    blocked between build and teardown, so tests still need `django_db` to use it. Tests must
    not keep a module-wide model instance they change: fetch fresh ones (`fresh`).
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield django_db_blocker.unblock
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh(instance):
    """A copy of a model instance read from the database now (for a test of its own)."""
    return type(instance).objects.get(pk=instance.pk)


def post_form_data(**overrides):
    """What the admin's add-post form submits for a post with one paragraph ("Typed by an
    editor.") dated 1 May 2024; `overrides` change or add fields (e.g. `action-publish`)."""
    data = {
        "title": "Written in the admin",
        "slug": "written-in-the-admin",
        "date": "2024-05-01 10:00:00",
        "intro": "",
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value": '{"blocks":[{"key":"a","text":"Typed by an editor.","type":"unstyled",'
        '"depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "post_authors-TOTAL_FORMS": "0",
        "post_authors-INITIAL_FORMS": "0",
        "post_authors-MIN_NUM_FORMS": "0",
        "post_authors-MAX_NUM_FORMS": "1000",
        "related_links-TOTAL_FORMS": "0",
        "related_links-INITIAL_FORMS": "0",
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "4",
    }
    data.update(overrides)
    return data


def ready_form_data(**overrides):
    """post_form_data() for a post that passes the pre-publish checks (posts/publish_checks.py):
    with an intro and a tag (“Article 8”, created by the save if it does not exist)."""
    return post_form_data(**{"intro": "Why it matters.", "tags": '"Article 8"', **overrides})
