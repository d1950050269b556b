"""An admin changes the footer disclaimer and a header menu item, and sees both on the site."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_editor_journey import log_in

pytestmark = pytest.mark.browser

DISCLAIMER = "Nothing on this blog is legal advice; ask a solicitor about your own case."
MENU_LABEL = "Meet the authors"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "siteadmin", "siteadmin@example.org", "correct-horse"
    )


def test_admin_changes_disclaimer_and_menu_item(demo_site, page, superuser):
    log_in(page, demo_site, "siteadmin", "correct-horse")
    admin_menu = page.get_by_role("navigation", name="Main menu")

    # Settings → Site settings → Footer: rewrite the disclaimer.
    admin_menu.get_by_role("button", name="Settings").click()
    admin_menu.get_by_role("link", name="Site settings").click()
    page.get_by_role("tab", name="Footer").click()
    page.get_by_role("region", name="Disclaimer").get_by_role("textbox").fill(DISCLAIMER)
    # Draftail copies the text into the form field on its next update; wait for it.
    expect(page.locator("input[name='disclaimer']")).to_have_value(re.compile("ask a solicitor"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Site settings updated")).to_be_visible()

    # Settings → Menus → Header menu: relabel its first item.
    admin_menu.get_by_role("button", name="Settings").click()
    admin_menu.get_by_role("link", name="Menus").click()
    page.get_by_role("link", name="Header menu").click()
    first_label = page.get_by_role("textbox", name=re.compile("^Label")).first
    old_label = first_label.input_value()
    first_label.fill(MENU_LABEL)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Menu 'Header menu' updated")).to_be_visible()

    # The public site shows both at once: saving drops the cached chrome.
    page.goto(demo_site + "/blog/")
    header_menu = page.get_by_role("banner").get_by_role("navigation")
    expect(header_menu.get_by_role("link", name=MENU_LABEL)).to_be_visible()
    if old_label:
        expect(header_menu.get_by_role("link", name=old_label, exact=True)).to_have_count(0)
    expect(page.get_by_role("contentinfo")).to_contain_text(DISCLAIMER)
