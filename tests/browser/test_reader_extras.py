"""Small reader expectations in Chromium: the print button appears only with JavaScript and
prints; the page numbers and the email preferences page pass axe in light and dark mode."""

import pprint

import pytest
from playwright.sync_api import expect

from newsletter.models import Subscriber
from newsletter.tokens import preferences_token
from posts.models import PostPage
from tests.browser.conftest import axe_violations
from tests.browser.test_accessibility import COLOUR_RULES

pytestmark = pytest.mark.browser


def test_the_print_button_prints_and_needs_javascript(demo_site, page, browser):
    post = PostPage.objects.live().order_by("-date").first()
    page.goto(demo_site + post.url)
    button = page.get_by_role("button", name="Print this post")
    expect(button).to_be_visible()
    page.evaluate("window.print = () => { window.__printed = true; }")
    button.click()
    assert page.evaluate("window.__printed === true")
    # On paper the button is gone with the rest of the chrome.
    page.emulate_media(media="print")
    expect(button).to_be_hidden()

    without_js = browser.new_page(java_script_enabled=False)
    try:
        without_js.goto(demo_site + post.url)
        expect(without_js.locator("[data-print]")).to_be_hidden()
    finally:
        without_js.close()


def test_page_numbers_and_the_preferences_page_pass_axe(demo_site, page):
    subscriber, _ = Subscriber.objects.get_or_create(
        email="axe@example.org", defaults={"status": Subscriber.Status.ACTIVE}
    )
    pages = {
        "blog index, page 2": "/blog/?page=2",
        "preferences": f"/subscribe/preferences/{preferences_token(subscriber)}/",
        "preferences, bad link": "/subscribe/preferences/nonsense/",
    }
    found = {}
    for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):
        page.emulate_media(color_scheme=scheme)
        for name, path in pages.items():
            page.goto(demo_site + path)
            violations = axe_violations(page, rules)
            if violations:
                found[f"{name} ({scheme})"] = violations
    # Tabbing reaches the current page number, announced as the current page.
    page.goto(demo_site + "/blog/?page=2")
    expect(page.locator('.pagination [aria-current="page"]')).to_have_text("Page 2")
    assert not found, pprint.pformat(found, width=100)
