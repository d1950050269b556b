"""axe-core finds no WCAG or best-practice violations on any kind of reader-facing page, in the
light and the dark colour scheme."""

import pprint

import pytest

from posts.models import PostPage
from taxonomy.models import Tag
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def reader_pages():
    post = PostPage.objects.live().order_by("-date").first()
    tag = Tag.objects.filter(posts__isnull=False).order_by("name").first()
    return {
        "home": "/",
        "blog index": "/blog/",
        "blog index, page 2": "/blog/?page=2",
        "post": post.url,
        "tag": f"/blog/tag/{tag.slug}/",
        "tags": "/blog/tags/",
        "archive": f"/blog/{post.date:%Y}/",
        "search": "/search/?q=court",
        "search, no results": "/search/?q=zzzznothing",
        "subscribe": "/subscribe/",
        "standard page": "/about/",
        "not found": "/no-such-page/",
    }


# Only colours change between the schemes, so the dark pass runs the colour rules; the light
# pass runs every rule.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def test_no_axe_violations_in_light_and_dark_mode(demo_site, page):
    found = {}
    for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):
        page.emulate_media(color_scheme=scheme)
        for name, path in reader_pages().items():
            page.goto(demo_site + path)
            dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
            assert dark == (scheme == "dark")
            violations = axe_violations(page, rules)
            if violations:
                found[f"{name} ({scheme})"] = violations
    assert not found, pprint.pformat(found, width=100)
