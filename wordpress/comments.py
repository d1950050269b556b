"""Comments from a WordPress export: approved ones become comments on their imported posts.

WXR keeps each post's comments inside its `<item>` as `<wp:comment>` elements. This reads the
file once more as a stream, after the posts are in (so each comment finds its post through the
importer's `ImportedObject` rows), and keeps the importer's reader and converter untouched.

- Imported: approved comments (`wp:comment_approved` 1) of type comment (pingbacks and
  trackbacks are not readers' comments). Spam, pending and trashed ones are skipped, as are
  comments of posts that were not imported.
- Kept: the author's name, e-mail (so an exported or erased commenter is found, and their
  next comment here is recognised), date (GMT) and text; WordPress stores comments as a little
  HTML, which becomes plain text (paragraphs kept, a link's address written out).
- Replies: a reply keeps its parent; a reply to a reply is attached to the top-level comment
  of its thread, since comments here go one level deep.
- Re-runs: a comment is matched by its WordPress id on its post (a unique constraint), so a
  second import creates nothing; a comment already imported is left as moderators left it.

Counts and posts' comment counts are refreshed once per post, not per comment
(`comments.moderation.events_paused`), and nobody is e-mailed.
"""

import datetime
import html
import re
import xml.etree.ElementTree as ET

from django.db import transaction
from django.utils import timezone

from comments.models import NAME_MAX_LENGTH, Comment
from comments.moderation import events_paused, refresh_counts
from core import invalidation
from posts.models import PostPage

from . import wxr
from .models import ImportedObject

KIND = "comment"
COMMENT_TYPES = {"", "comment"}
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</p\s*>", re.IGNORECASE)
_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def plain_text(markup):
    """WordPress's comment HTML as plain text: paragraphs and line breaks kept, links as
    "text (address)", every other tag dropped, entities decoded."""

    def link(match):
        href, label = match.group(1), _TAG.sub("", match.group(2)).strip()
        return href if not label or label == href else f"{label} ({href})"

    text = _LINK.sub(link, markup)
    text = _BREAK.sub("\n", text)
    text = _PARAGRAPH_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n")).strip()


def _when(values):
    raw = values.get(("wp", "comment_date_gmt"), "")
    try:
        moment = datetime.datetime.strptime(raw, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return timezone.make_aware(moment, datetime.UTC)


def read_items(path):
    """(post id, post type, [comment fields, ...]) per item with comments, streamed."""
    depth = 0
    for event, element in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth != 2 or wxr._name(element.tag) != ("", "item"):
            if depth == 2:
                element.clear()
            continue
        found = []
        for child in element:
            if wxr._name(child.tag) != ("wp", "comment"):
                continue
            values = wxr._children(child)
            # The content keeps its whitespace: blank lines are paragraph breaks.
            content = next(
                (
                    part.text or ""
                    for part in child
                    if wxr._name(part.tag) == ("wp", "comment_content")
                ),
                "",
            )
            values[("wp", "comment_content")] = content
            found.append(values)
        if found:
            item = wxr._children(element)
            yield item.get(("wp", "post_id"), ""), item.get(("wp", "post_type"), ""), found
        element.clear()


def import_comments(importer, path):
    """Import the approved comments of the posts `importer` imported; counts in its report."""
    report = importer.report
    touched = set()
    with events_paused():
        for wp_post_id, post_type, comments in read_items(path):
            # Pages and other types take no comments here.
            mapping = (
                importer.mapping(ImportedObject.POST, wp_post_id) if post_type == "post" else None
            )
            post = PostPage.objects.filter(pk=mapping.object_id).first() if mapping else None
            if post is None:
                for _ in comments:
                    report.count(KIND, "skipped")
                continue
            with transaction.atomic():
                if _import_post_comments(post, comments, report):
                    touched.add(post.pk)
        refresh_counts(touched)
    for pk in touched:
        invalidation.content_changed(invalidation.COMMENT, pk)


def _import_post_comments(post, comments, report):
    # Parents before replies: WordPress ids grow with time, and a reply comes after its parent.
    def wp_id(values):
        raw = values.get(("wp", "comment_id"), "")
        return int(raw) if raw.isdigit() else None

    comments = sorted((c for c in comments if wp_id(c) is not None), key=wp_id)
    existing = {
        c.wp_comment_id: c for c in Comment.objects.filter(post=post).exclude(wp_comment_id=None)
    }
    parents = {}  # WordPress id -> the top-level comment its thread hangs from
    created = False
    for values in comments:
        number = wp_id(values)
        approved = values.get(("wp", "comment_approved"), "") == "1"
        kind = values.get(("wp", "comment_type"), "")
        parent_wp = values.get(("wp", "comment_parent"), "0")
        parent = parents.get(int(parent_wp)) if parent_wp.isdigit() and parent_wp != "0" else None
        orphan = parent_wp not in ("", "0") and parent is None
        text = plain_text(values.get(("wp", "comment_content"), ""))
        if not approved or kind not in COMMENT_TYPES or orphan or not text:
            report.count(KIND, "skipped")
            continue
        comment = existing.get(number)
        if comment is not None:
            report.count(KIND, "unchanged")
        else:
            name = " ".join(values.get(("wp", "comment_author"), "").split())
            comment = Comment.objects.create(
                post=post,
                parent=parent,
                name=name[:NAME_MAX_LENGTH] or "Anonymous",
                email=values.get(("wp", "comment_author_email"), "")[:254],
                text=text,
                status=Comment.Status.APPROVED,
                created_at=_when(values) or post.date,
                wp_comment_id=number,
            )
            report.count(KIND, "created")
            created = True
        parents[number] = comment.parent or comment
    return created
