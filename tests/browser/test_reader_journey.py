"""A reader's visit, by what a reader sees: headings, links, landmarks and labelled fields."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reader_follows_post_tag_archive_search_and_subscribes(demo_site, page):
    page.goto(demo_site + "/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_be_visible()

    # Home → a post.
    first_post = main.get_by_role("article").first.get_by_role("link").first
    title = first_post.inner_text().strip()
    first_post.click()
    expect(main.get_by_role("heading", level=1)).to_have_text(title)

    # Post → one of its tags.
    tag_link = main.locator("a[rel~='tag']").first
    tag_name = tag_link.inner_text().strip()
    tag_link.click()
    expect(page).to_have_url(re.compile(r"/blog/tag/[\w-]+/$"))
    expect(main.get_by_role("heading", level=1)).to_contain_text(tag_name)
    expect(main.get_by_role("link", name=title)).to_be_visible()

    # The sidebar's archive → a year's posts.
    archive = page.get_by_role("navigation", name="Archive")
    year_link = archive.get_by_role("link", name=re.compile(r"^\d{4}$")).first
    year = year_link.inner_text().strip()
    year_link.click()
    expect(page).to_have_url(re.compile(rf"/blog/{year}/$"))
    expect(main.get_by_role("heading", level=1)).to_contain_text(year)
    assert main.get_by_role("article").count() > 0

    # The header's search box.
    search = page.get_by_role("search").first
    search.get_by_role("searchbox").fill("court")
    search.get_by_role("searchbox").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=court"))
    expect(main.get_by_role("article").first).to_be_visible()

    # The sidebar's subscribe box: the address gets a confirmation email.
    sidebar = page.get_by_role("complementary")
    sidebar.get_by_role("textbox", name=re.compile("email", re.I)).fill("reader@example.org")
    sidebar.get_by_role("button", name=re.compile("subscribe", re.I)).click()
    expect(main).to_contain_text(re.compile("check your (email|inbox)", re.I))
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]


def test_mobile_menu_opens_and_closes_at_375px(demo_site, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(demo_site + "/")
    banner = page.get_by_role("banner")
    toggle = banner.get_by_role("button", name=re.compile("menu", re.I))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    menu = banner.get_by_role("navigation")
    first_item = menu.get_by_role("link").first
    expect(first_item).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(first_item).to_be_visible()
    box = first_item.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(first_item).to_be_hidden()

    # Keyboard: open with Enter, follow a menu link.
    toggle.focus()
    page.keyboard.press("Enter")
    expect(first_item).to_be_visible()
    href = first_item.get_attribute("href")
    first_item.click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))


def test_menu_is_plain_links_without_javascript(demo_site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(demo_site + "/")
    menu = page.get_by_role("banner").get_by_role("navigation")
    expect(menu.get_by_role("link").first).to_be_visible()
    context.close()


def test_menu_is_plain_links_when_its_script_fails_to_load(demo_site, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.route("**/js/menu*.js", lambda route: route.abort())
    page.goto(demo_site + "/")
    menu = page.get_by_role("banner").get_by_role("navigation")
    expect(menu.get_by_role("link").first).to_be_visible()
