"""Playwright against Debian's Chromium and pytest-django's live server, seeded with demo data.

Playwright's sync API runs an event loop in the test's thread, so Django would refuse ORM calls
made from a test; the tests here seed and inspect the database directly, so they allow it (only
while browser tests run: `check --deploy` in other tests rightly refuses the variable).
"""

import io
import json
import os
import shutil
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import connection, transaction
from django.test.testcases import LiveServerThread
from wagtail.models import Page

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")

FIRST_RESTORED = {"contenttypes.contenttype", "auth.permission"}

# Small enough to seed in about a second, large enough for a second page of listings.
DEMO_POSTS = 12


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium (see .ci/run)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--no-default-browser-check",
        ],
    }


class SerialWSGIServer(WSGIServer):
    """Serves one request at a time. The threaded server lets the admin's overlapping requests
    (autosave, preview, chooser thumbnails) write at once, which a shared in-memory SQLite
    database answers with "table is locked"; one at a time is how a test should see it anyway."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session")
def _serial_live_server():
    with mock.patch.object(LiveServerThread, "server_class", SerialWSGIServer):
        yield


@pytest.fixture(scope="session")
def live_server(_serial_live_server, live_server):
    return live_server


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def page(page):
    # Fail fast: nothing on a local server should take seconds.
    page.set_default_timeout(10_000)
    return page


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that flush the database after all the others, browser tests first.

    pytest-django puts transactional tests last, but pytest then regroups tests by the
    session-wide `browser_name` parameter, which can pull browser tests ahead of ordinary ones.
    """

    def order(item):
        marker = item.get_closest_marker("django_db")
        flushes = bool(marker and marker.kwargs.get("transaction")) or (
            "transactional_db" in item.fixturenames
        )
        return 1 if "live_server" in item.fixturenames else 2 if flushes else 0

    items.sort(key=order)


@pytest.fixture(scope="session")
def migrated_state(django_db_setup, django_db_blocker):
    """What migrations put in the database (root page, default site, locale, collections,
    editor groups), serialized before the first browser test.

    Live-server tests flush the database when they end. pytest-django's serialized rollback
    would restore it, but Playwright's event loop gives the test a different connection object
    from the one Django serialized at setup, so the restore silently does nothing."""
    with django_db_blocker.unblock():
        if not Page.objects.filter(depth=1).exists():
            pytest.fail("a test before the browser tests left the database flushed")
        objects = json.loads(connection.creation.serialize_db_to_string())
    # Content types first: some models (Wagtail's tasks) look theirs up while being built.
    objects.sort(key=lambda obj: obj["model"] not in FIRST_RESTORED)
    return json.dumps(objects)


def restore(migrated_state):
    """Put back what migrations created if a flush removed it."""
    if Page.objects.filter(depth=1).exists():
        return
    # The flush re-created content types and permissions under new ids; put back the
    # originals, which the serialized groups and pages refer to.
    with transaction.atomic():
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(migrated_state)
    ContentType.objects.clear_cache()


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module", autouse=True)
def _leave_the_database_as_migrated(
    _allow_orm_beside_playwright, migrated_state, django_db_blocker
):
    """After each module, restore what the last test's flush removed, so tests that run later
    (whatever the order) find the database as migrations left it."""
    yield
    with django_db_blocker.unblock():
        restore(migrated_state)


@pytest.fixture
def demo_site(live_server, transactional_db, migrated_state):
    """The demo site (home, blog with posts, tags, authors, subscribe and about pages) served
    by the live server."""
    restore(migrated_state)
    call_command("load_demo", posts=DEMO_POSTS, stdout=io.StringIO())
    return live_server.url


def axe_violations(page, rules=None):
    """axe-core's violations on the page as {rule id: [CSS targets]}, so a failure names them.
    All of axe's rules (WCAG 2.2 A/AA and best practices) unless `rules` names some."""
    page.add_script_tag(path=AXE)
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {}
    result = page.evaluate("async options => await axe.run(document, options)", options)
    return {
        violation["id"]: [node["target"] for node in violation["nodes"]]
        for violation in result["violations"]
    }
