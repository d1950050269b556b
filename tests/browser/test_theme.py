"""The theme in a real browser: layouts from 320 px to desktop, skip link and focus, dark mode,
print, and a page that does not shift or wait on anything but its one stylesheet."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from posts.models import BlogIndexPage, PostPage
from tests.factories import make_post

pytestmark = pytest.mark.browser

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


def a_post_with_an_image():
    for post in PostPage.objects.live().order_by("-date"):
        if any(block.block_type == "image" for block in post.body):
            return post
    raise AssertionError("the demo content should have a post with an image")


def test_stylesheet_is_hand_written_and_small():
    css = STYLESHEET.read_text()
    assert len(css.encode()) < 30 * 1024
    assert "@import" not in css and "url(http" not in css
    assert "@media (prefers-color-scheme: dark)" in css and "@media print" in css


def test_desktop_has_a_sidebar_and_phones_a_single_column(demo_site, page):
    page.goto(demo_site + "/")
    main = page.get_by_role("main").bounding_box()
    aside = page.locator(".sidebar").bounding_box()
    assert aside["x"] >= main["x"] + main["width"], "sidebar beside the content on desktop"
    body_font = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(body_font.removesuffix("px")) >= 16

    post = a_post_with_an_image()
    for width in (320, 375):
        page.set_viewport_size({"width": width, "height": 700})
        for path in ("/", post.url, "/blog/"):
            page.goto(demo_site + path)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{path} scrolls sideways at {width} px"
            main = page.get_by_role("main").bounding_box()
            aside = page.locator(".sidebar").bounding_box()
            assert aside["y"] >= main["y"] + main["height"], "sidebar below the content"


def test_skip_link_and_visible_focus(demo_site, page):
    page.goto(demo_site + "/")
    skip = page.get_by_role("link", name="Skip to content")
    assert not skip.is_visible() or skip.bounding_box()["y"] < 0
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["height"] > 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, "focused links show an outline"


def test_dark_mode_follows_the_system_setting(demo_site, page):
    colours = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(demo_site + "/")
        colours[scheme] = page.evaluate(
            "[getComputedStyle(document.documentElement).backgroundColor,"
            " getComputedStyle(document.body).color]"
        )
    assert colours["light"][0] == "rgb(255, 255, 255)"
    assert colours["dark"][0] != colours["light"][0]
    assert colours["dark"][1] != colours["light"][1]


def test_print_shows_the_post_without_chrome_and_spells_out_links(demo_site, page):
    blog = BlogIndexPage.objects.get()
    post = make_post(
        blog,
        "A post to print",
        body=[
            {
                "type": "paragraph",
                "value": '<p>See <a href="https://www.bailii.org/ew/cases/">the judgment</a> '
                'and <a href="/about/">our about page</a>.</p>',
            }
        ],
    )
    page.goto(demo_site + post.url)
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_have_text("A post to print")
    for chrome in ("banner", "contentinfo", "complementary", "search"):
        assert not page.get_by_role(chrome).first.is_visible(), f"{chrome} is printed"
    links = {"the judgment": "https://www.bailii.org/ew/cases/", "our about page": "/about/"}
    for name, href in links.items():
        link = page.get_by_role("main").get_by_role("link", name=name)
        assert href in link.evaluate("a => getComputedStyle(a, '::after').content")


def test_images_do_not_shift_the_layout_and_only_the_stylesheet_blocks(demo_site, page):
    post = a_post_with_an_image()
    page.set_viewport_size({"width": 375, "height": 700})
    for path in ("/", post.url):
        page.goto(demo_site + path, wait_until="load")
        images = page.locator("img")
        assert images.count() > 0 or path == "/"
        for index in range(images.count()):
            image = images.nth(index)
            assert image.get_attribute("width") and image.get_attribute("height"), (
                f"{image.get_attribute('src')} has no width/height on {path}"
            )
        # Scroll through the page so lazy images load, then add up every layout shift.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        shift = page.evaluate(
            """() => new Promise(resolve => {
                let total = 0;
                new PerformanceObserver(list => {
                    for (const entry of list.getEntries()) total += entry.value;
                }).observe({type: "layout-shift", buffered: true});
                setTimeout(() => resolve(total), 300);
            })"""
        )
        assert shift == 0, f"layout shift {shift} on {path}"

        head = page.locator("head")
        sheets = head.locator("link[rel='stylesheet']")
        assert sheets.count() == 1
        assert re.search(r"/static/css/site\.[\w.]*css$", sheets.first.get_attribute("href"))
        for script in head.locator("script[src]").all():
            blocking = script.evaluate("s => !s.async && !s.defer && s.type !== 'module'")
            assert not blocking, f"{script.get_attribute('src')} blocks rendering"
        assert page.locator("style, link[rel='stylesheet']").count() == 1
        # The browser's own view: every resource that held up the first render.
        blocking = page.evaluate(
            "performance.getEntriesByType('resource')"
            ".filter(e => e.renderBlockingStatus === 'blocking').map(e => e.name)"
        )
        assert [re.sub(r".*/static/", "/static/", url) for url in blocking] == [
            sheets.first.get_attribute("href")
        ]
