"""The post editor's tag box in Chromium: with the suggestion list open, Enter commits the
typed text as one tag, so "Children" then "privacy" gives two tags, not "Childrenprivacy";
a suggestion is taken only when chosen with the arrow keys."""

import re

import pytest
from playwright.sync_api import expect

from posts.models import BlogIndexPage, PostPage
from taxonomy.models import Tag
from tests.browser.test_editor_journey import log_in, panel
from tests.factories import make_tag

pytestmark = pytest.mark.browser

# A save (with its emails and search indexing) can take seconds on a loaded machine.
SAVED = 20_000


def type_with_suggestions_open(page, box, text):
    box.press_sequentially(text, delay=30)
    # The suggestion list is open and lists a longer name starting with the typed text.
    expect(page.locator("ul.ui-autocomplete").last).to_be_visible()
    expect(page.locator("ul.ui-autocomplete li").first).to_contain_text(text, ignore_case=True)


def chips(tags_panel):
    return tags_panel.locator("li.tagit-choice .tagit-label")


def test_enter_commits_the_typed_text_as_one_tag(demo_site, page, editor, settings):
    # Wagtail's autosave turns the add form into an edit form mid-test, racing "Save draft";
    # autosave creating no tags is tested in tests/posts/test_tag_creation.py.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    make_tag("Children’s rights")
    make_tag("Privacy and data protection")
    blog = BlogIndexPage.objects.get()
    log_in(page, demo_site, "editor", "correct-horse")
    page.goto(f"{demo_site}/admin/pages/add/posts/postpage/{blog.pk}/")
    page.get_by_role("textbox", name=re.compile("title", re.I)).fill("Children and privacy")

    tags_panel = panel(page, "Tags")
    box = tags_panel.locator("li.tagit-new input")
    type_with_suggestions_open(page, box, "Children")
    box.press("Enter")
    expect(chips(tags_panel)).to_have_text(["Children"])
    expect(box).to_have_value("")

    type_with_suggestions_open(page, box, "privacy")
    box.press("Enter")
    expect(chips(tags_panel)).to_have_text(["Children", "privacy"])

    # Choosing a suggestion is explicit: arrow down, then Enter, takes the existing tag.
    type_with_suggestions_open(page, box, "Privacy and")
    box.press("ArrowDown")
    box.press("Enter")
    # (Wagtail's widget shows names of several words quoted, as it submits them.)
    expect(chips(tags_panel)).to_have_text(["Children", "privacy", '"Privacy and data protection"'])

    # Typing is not saving: the new names exist only once the editor saves the draft.
    assert not Tag.objects.filter(name__iexact="Children").exists()
    page.get_by_role("button", name="Save draft").click()
    # "created", or "has been updated" once autosave has made the draft already.
    expect(
        page.get_by_text(re.compile("Page 'Children and privacy' (created|has been updated)"))
    ).to_be_visible(timeout=SAVED)
    post = PostPage.objects.get(title="Children and privacy")
    saved = post.get_latest_revision_as_object().tags.all()
    # "privacy" is the demo's existing "Privacy" tag (names match ignoring case).
    assert sorted(tag.name.lower() for tag in saved) == [
        "children",
        "privacy",
        "privacy and data protection",
    ]
