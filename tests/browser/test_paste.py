"""Pasting rich text into a post's paragraph keeps its structure: headings, a quotation and a
list copied from a word processor or web page arrive as headings, a quotation and a list."""

import re

import pytest
from playwright.sync_api import expect

from posts.models import BlogIndexPage, PostPage
from tests.browser.test_editor_journey import add_block, log_in, panel

pytestmark = pytest.mark.browser

# A save (with its emails and search indexing) can take seconds on a loaded machine.
SAVED = 20_000

CLIPBOARD_HTML = (
    "<h2>The appeal</h2><p>The court heard argument over two days.</p>"
    "<h3>Article 8</h3>"
    "<blockquote>Privacy is not an absolute right.</blockquote>"
    "<ul><li>First ground</li><li>Second ground</li></ul>"
)
CLIPBOARD_TEXT = (
    "The appeal\nThe court heard argument over two days.\nArticle 8\n"
    "Privacy is not an absolute right.\nFirst ground\nSecond ground"
)


def test_pasted_headings_quotation_and_list_keep_their_structure(
    demo_site, page, editor, context, settings
):
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0  # this test checks the saved draft, not autosave
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_site)
    blog = BlogIndexPage.objects.get()
    log_in(page, demo_site, "editor", "correct-horse")
    page.goto(f"{demo_site}/admin/pages/add/posts/postpage/{blog.pk}/")
    page.get_by_role("textbox", name=re.compile("title", re.I)).fill("Pasted from Word")
    body = panel(page, "Body")
    add_block(page, body, "Paragraph")
    editor_box = body.get_by_role("textbox").last
    editor_box.click()

    # A real paste: the system clipboard holds HTML (as a word processor puts it there).
    page.evaluate(
        """([html, text]) => navigator.clipboard.write([new ClipboardItem({
            "text/html": new Blob([html], {type: "text/html"}),
            "text/plain": new Blob([text], {type: "text/plain"}),
        })])""",
        [CLIPBOARD_HTML, CLIPBOARD_TEXT],
    )
    page.keyboard.press("ControlOrMeta+V")
    expect(editor_box.locator("h2")).to_have_text("The appeal")
    expect(editor_box.locator("h3")).to_have_text("Article 8")
    expect(editor_box.locator("blockquote")).to_contain_text("Privacy is not an absolute right.")
    expect(editor_box.locator("li")).to_have_text(["First ground", "Second ground"])

    # Draftail writes its content into the form's field a moment after a change: wait for it.
    field = page.locator("input[name^='body-'][name$='-value']").last
    expect(field).to_have_value(re.compile("Second ground"), timeout=SAVED)
    page.get_by_role("button", name="Save draft").click()
    expect(
        page.get_by_text(re.compile("Page 'Pasted from Word' (created|has been updated)"))
    ).to_be_visible(timeout=SAVED)
    post = PostPage.objects.get(title="Pasted from Word")
    [paragraph] = [
        b for b in post.get_latest_revision_as_object().body if b.block_type == "paragraph"
    ]
    source = paragraph.value.source
    assert re.search(r"<h2[^>]*>The appeal</h2>", source), source
    assert re.search(r"<h3[^>]*>Article 8</h3>", source), source
    assert re.search(r"<blockquote[^>]*>Privacy is not an absolute right.</blockquote>", source)
    assert re.search(
        r"<ul>\s*<li[^>]*>First ground</li>\s*<li[^>]*>Second ground</li>\s*</ul>", source
    )
