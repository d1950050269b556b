"""Must show 7: a reader comments (an error first, then held for moderation), checks the share
links' addresses and copies the citation; axe finds nothing on a post with comments, in the
light and dark colour schemes."""

import pprint
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from posts.models import PostPage
from tests.browser.conftest import axe_violations
from tests.browser.test_accessibility import COLOUR_RULES

pytestmark = pytest.mark.browser


def commented_post():
    post = PostPage.objects.live().order_by("-date").first()
    PostPage.objects.filter(pk=post.pk).update(comments_policy="open")
    top = Comment.objects.create(
        post=post,
        name="Ada Reader",
        email="ada@example.org",
        text="A fine post.\n\nSee https://example.org/judgment for the text.",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(
        post=post,
        parent=top,
        name="Ben Replier",
        email="ben@example.org",
        text="I agree.",
        status=Comment.Status.APPROVED,
    )
    post.refresh_from_db()
    return post


def test_reader_comments_shares_and_cites(demo_site, page, context):
    post = commented_post()
    page.goto(demo_site + post.url)
    main = page.get_by_role("main")
    comments = main.get_by_role("region", name=re.compile("comments"))
    expect(comments.get_by_role("heading", level=2)).to_have_text("2 comments")
    expect(comments.get_by_role("link", name="https://example.org/judgment")).to_have_attribute(
        "rel", "nofollow ugc"
    )

    # The share links carry the post's address (and title) for each service.
    address = quote(post.get_full_url(), safe="")
    title = quote(post.title, safe="")
    share = main.get_by_role("region", name="Share this post")
    expected = {
        "Email": f"mailto:?subject={title}&body={address}",
        "LinkedIn": f"https://www.linkedin.com/sharing/share-offsite/?url={address}",
        "X": f"https://x.com/intent/post?text={title}&url={address}",
        "Bluesky": "https://bsky.app/intent/compose?text="
        + quote(f"{post.title} {post.get_full_url()}", safe=""),
    }
    for name, href in expected.items():
        expect(share.get_by_role("link", name=name, exact=True)).to_have_attribute("href", href)

    # "Copy citation" puts the citation's text on the clipboard.
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_site)
    cite = main.get_by_role("region", name="Cite this post")
    cite.get_by_role("button", name="Copy citation").click()
    expect(cite.get_by_role("status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = " ".join(cite.locator("#post-citation").inner_text().split())
    assert copied == shown and post.title in copied

    # A comment sent empty: the error summary takes the focus and links to the fields.
    form = comments.get_by_role("form", name="Leave a comment")
    form.get_by_role("button", name="Send comment").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name="Enter your name.")).to_have_attribute(
        "href", "#comment-name"
    )
    form = page.get_by_role("form", name="Leave a comment")
    name = form.get_by_role("textbox", name="Name", exact=True)
    expect(name).to_have_attribute("aria-invalid", "true")

    # Filled in: held for moderation, said where the focus lands.
    name.fill("Cleo Counsel")
    form.get_by_label("Email address", exact=True).fill("cleo@example.org")
    form.get_by_label("Comment", exact=True).fill("Thank you.\n\nA useful summary.")
    form.get_by_role("button", name="Send comment").click()
    status = page.locator("#comment-status")
    expect(status).to_be_focused()
    expect(status).to_contain_text("held for moderation")
    held = Comment.objects.get(name="Cleo Counsel")
    assert held.status == Comment.Status.HELD
    expect(page.get_by_role("main")).not_to_contain_text("A useful summary.")


def test_no_axe_violations_on_a_post_with_comments(demo_site, page):
    post = commented_post()
    found = {}
    for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):
        page.emulate_media(color_scheme=scheme)
        page.goto(demo_site + post.url)
        # A reply form open, as a reader would have it.
        page.get_by_text("Reply to Ada Reader").click()
        violations = axe_violations(page, rules)
        if violations:
            found[f"post ({scheme})"] = violations
        # The answer with errors: summary, invalid fields, messages.
        page.get_by_role("button", name="Send comment").click()
        expect(page.locator(".error-summary")).to_be_visible()
        violations = axe_violations(page, rules)
        if violations:
            found[f"post with errors ({scheme})"] = violations
    assert not found, pprint.pformat(found, width=100)
