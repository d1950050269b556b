"""What a post must have before readers see it: an intro, at least one tag, alt text for every
image not marked decorative, and no body link to a page readers cannot open.

Drafts may lack any of these: the checks run only when the editor publishes, submits the post
for review (so reviewers get a post that is ready) or approves it in the editor
(`PostPageForm`). Each problem is one message naming what to fix.
"""

from wagtail.models import Page

from core.blocks import image_alt_text
from core.body_links import linked_page_ids, rich_texts_of

# The submit buttons of Wagtail's page editor that put (or ask to put) a revision live.
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


def is_publishing(data):
    """Whether the editor's form was sent to publish, submit for review, or approve."""
    if any(data.get(action) for action in PUBLISHING_ACTIONS):
        return True
    return bool(data.get("action-workflow-action")) and data.get("workflow-action-name") in (
        "approve",
        "publish",
    )


def problems(intro, tags, body):
    """{field name or None: [messages]} of what stops this post from being published."""
    found = {}
    if not (intro or "").strip():
        found.setdefault("intro", []).append(
            "Write an intro before publishing: one or two sentences shown in listings, "
            "search results and when the post is shared."
        )
    if not tags:
        found.setdefault("tags", []).append(
            "Add at least one tag before publishing, so readers can find the post by topic."
        )
    images = [block.value for block in body or [] if block.block_type == "image"]
    for number, value in enumerate(images, start=1):
        if value.get("image") and not value.get("decorative") and not image_alt_text(value):
            found.setdefault(None, []).append(
                f"Image {number} in the body (“{value['image'].title}”) has no alt text: "
                "describe it for readers who cannot see it, or tick “Decorative” if it adds "
                "no information."
            )
    page_ids = linked_page_ids(rich_texts_of(body)) if body else set()
    if page_ids:
        live = set(Page.objects.filter(pk__in=page_ids, live=True).values_list("pk", flat=True))
        for page in Page.objects.filter(pk__in=page_ids - live).order_by("title"):
            found.setdefault(None, []).append(
                f"The body links to “{page.title}”, which is not published: publish it first "
                "or remove the link."
            )
        if page_ids - live - set(Page.objects.filter(pk__in=page_ids).values_list("pk", flat=True)):
            found.setdefault(None, []).append(
                "The body links to a page that has been deleted: remove or change the link."
            )
    return found
