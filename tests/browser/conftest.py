"""Playwright against Debian's Chromium and pytest-django's live server, seeded with demo data.

Playwright's sync API runs an event loop in the test's thread, so Django would refuse ORM calls
made from a test; the tests here seed and inspect the database directly, hence the switch below.
"""

import io
import os
import shutil

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = os.path.join(os.path.dirname(__file__), "..", "..", "node_modules", "axe-core", "axe.min.js")

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


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "en-GB"}


@pytest.fixture
def page(page):
    # Fail fast: nothing on a local server should take seconds.
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def demo_site(live_server, django_db_serialized_rollback):
    """The demo site (home, blog with posts, tags, authors, subscribe and about pages) served
    by the live server. The serialized rollback restores what migrations created (root page,
    default site, locale), which the previous browser test's flush removed."""
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
