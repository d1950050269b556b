"""Playwright against Debian's Chromium and pytest-django's live server, seeded with demo data.

Playwright's sync API runs an event loop in the test's thread, so Django would refuse ORM calls
made from a test; the tests here seed and inspect the database directly, so they allow it (only
while browser tests run: `check --deploy` in other tests rightly refuses the variable).
"""

import io
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

from posts.models import BlogIndexPage
from tests import database_state

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")
AXE_SOURCE = Path(AXE).read_text(encoding="utf-8") if os.path.exists(AXE) else ""

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


class SerialWSGIServer(ThreadedWSGIServer):
    """Runs the site for one request at a time. The threaded server lets the admin's overlapping
    requests (autosave, preview, chooser thumbnails) write at once, which a shared in-memory
    SQLite database answers with "table is locked"; one at a time is how a test should see it
    anyway. Connections are still read in threads of their own: Chromium opens sockets ahead of
    need and may send nothing on them, and a server reading one connection at a time would wait
    on such a socket while the test's real request queues behind it."""

    # The one server of the session, so a test's teardown can wait for it to fall quiet.
    running = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.handling = threading.Lock()
        self.last_handled = time.monotonic()
        SerialWSGIServer.running = self

    def get_app(self):
        site = super().get_app()

        def one_at_a_time(environ, start_response):
            with self.handling:
                try:
                    response = site(environ, start_response)
                    try:
                        # Rendered inside the lock: a streamed body reads the database too.
                        return list(response)
                    finally:
                        if hasattr(response, "close"):
                            response.close()
                finally:
                    self.last_handled = time.monotonic()

        return one_at_a_time

    def wait_until_quiet(self, quiet=0.3, limit=15.0):
        """Returns once no request has been handled for `quiet` seconds (or after `limit`)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.handling:
                if time.monotonic() - self.last_handled >= quiet:
                    return
            time.sleep(0.05)


@contextmanager
def server_paused():
    """While the test itself uses the database, the site answers nothing: an open admin page's
    background requests would otherwise use the shared SQLite connection from another thread."""
    server = SerialWSGIServer.running
    if server is None:
        yield
        return
    with server.handling:
        yield


@pytest.fixture(scope="session")
def _serial_live_server():
    with mock.patch.object(LiveServerThread, "server_class", SerialWSGIServer):
        yield


@pytest.fixture(scope="session")
def live_server(_serial_live_server, live_server):
    return live_server


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Before the test's fixtures are torn down (the database flushed), leave the page and let
    the server finish what the page had asked for: a page that goes on loading after the test's
    last step (an editor page's panels, its static files) would otherwise meet the flush
    half-way, which SQLite answers with "couldn't be flushed"."""
    context = item.funcargs.get("context")
    for page in context.pages if context is not None else ():
        if not page.is_closed():
            page.goto("about:blank")
    if SerialWSGIServer.running is not None:
        SerialWSGIServer.running.wait_until_quiet()
    return (yield)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def page(page):
    # Fail in seconds, not Playwright's 30 s per step... but a CI machine running other jobs
    # can take several seconds for a first page load with all its assets.
    page.set_default_timeout(20_000)
    return page


@pytest.fixture(scope="module", autouse=True)
def _allow_orm_beside_playwright():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module", autouse=True)
def _leave_the_database_as_migrated(_allow_orm_beside_playwright, restores_migrated_state):
    """After each module, restore what the last test's flush removed."""


@pytest.fixture(scope="session")
def demo_state(migrated_state, django_db_blocker):
    """The demo site's rows, built once for the whole session and serialized. Its image files
    stay in the media folder, which no flush touches."""
    with django_db_blocker.unblock():
        database_state.restore(migrated_state)
        call_command("load_demo", posts=DEMO_POSTS, stdout=io.StringIO())
        return database_state.serialize_state()


@pytest.fixture
def demo_site(live_server, transactional_db, demo_state):
    """The demo site (home, blog with posts, tags, authors, subscribe and about pages) served
    by the live server: put back as built once, after the previous test's flush."""
    # pytest-django's serialized rollback would do this, but Playwright's event loop gives the
    # test a different connection object from the one Django serialized, so it does nothing.
    if not BlogIndexPage.objects.exists():
        # Another module's end put back the bare migrated state: clear it for the demo.
        call_command("flush", interactive=False, verbosity=0)
    # Search needs no re-index: the restored rows keep their ids, and on SQLite the full-text
    # table (not a Django model) is left alone by the flush.
    database_state.restore(demo_state)
    return live_server.url


def axe_violations(page, rules=None):
    """axe-core's violations on the page as {rule id: [CSS targets]}, so a failure names them.
    All of axe's rules (WCAG 2.2 A/AA and best practices) unless `rules` names some."""
    # Evaluated through the DevTools protocol: the site's Content-Security-Policy (rightly)
    # refuses an injected inline <script>, and the test must run under the real policy.
    page.evaluate(AXE_SOURCE)
    options = {"runOnly": {"type": "rule", "values": rules}} if rules else {}
    result = page.evaluate("async options => await axe.run(document, options)", options)
    return {
        violation["id"]: [node["target"] for node in violation["nodes"]]
        for violation in result["violations"]
    }
