"""`{% post_comments page %}`: a post's comment section (comments, replies, the form), and
`{% comment_count_label n %}`. Post templates load these; `posts` itself never imports us.

The comments shown and the site's rules are kept in the content generation's cache
(core.generation) until the next content event (a comment approved or removed is one), so
a warm post view costs no query for them. Whether comments are open is worked out per
request from those values, since it changes with time, not with content. A POST's answer
(comments/views.py) hands its outcome and bound form over on the request; those pages are
never cached.
"""

from django import template
from django.urls import reverse
from django.utils import timezone

from comments import policy
from comments import text as comment_text
from comments.forms import CommentForm
from comments.models import CommentSettings
from comments.moderation import shown_comments
from core import generation

register = template.Library()

NAME = "comments"


def _entry(comment):
    return {
        "pk": comment.pk,
        "name": comment.name,
        "created_at": comment.created_at,
        "html": comment_text.render(comment.text),
        "replies": [],
    }


def build_threads(post):
    """Top-level comments oldest first, each with its replies oldest first: one query."""
    threads, by_pk = [], {}
    for comment in shown_comments().filter(post=post).order_by("created_at", "pk"):
        entry = _entry(comment)
        if comment.parent_id is None:
            threads.append(entry)
            by_pk[comment.pk] = entry
        elif comment.parent_id in by_pk:
            by_pk[comment.parent_id]["replies"].append(entry)
    return threads


def _section_data(request, post):
    def build():
        rules = policy.Rules.of(CommentSettings.for_request(request))
        return {"threads": build_threads(post), "rules": rules}

    if request is None:
        return build()
    return generation.get_or_build(request, NAME, [post.pk], build)


@register.inclusion_tag("comments/section.html", takes_context=True)
def post_comments(context, post):
    request = context.get("request")
    data = _section_data(request, post)
    rules = data["rules"]
    outcome = getattr(request, "comment_outcome", None) or {}
    bound = outcome.get("form")
    bound_parent = bound.data.get("parent", "") if bound is not None else ""
    if bound_parent not in {str(thread["pk"]) for thread in data["threads"]}:
        # A reply to a comment not shown here (forged, or gone meanwhile): its errors go to
        # the main form, which a reader can always see.
        bound_parent = ""
    closes_at = policy.closes_at(post, rules)
    is_open = closes_at is None or timezone.now() < closes_at
    count = sum(1 + len(thread["replies"]) for thread in data["threads"])
    return {
        "post": post,
        "threads": data["threads"],
        "count": count,
        "is_open": is_open,
        "closes_at": closes_at if is_open else None,
        "action": reverse("comments:post", args=[post.pk]),
        "feed_url": reverse("comments:feed", args=[post.pk]),
        "outcome": outcome,
        "state": outcome.get("state", ""),
        # The main form shows the answer's values and errors unless they belong to a reply.
        "form": bound if bound is not None and not bound_parent else CommentForm(),
        "reply_form": bound if bound is not None and bound_parent else None,
        "reply_parent": str(bound_parent),
        "blank_form": CommentForm(),
        "max_links": rules.max_links,
    }


@register.simple_tag
def comment_count_label(count):
    count = count or 0
    return "No comments" if count == 0 else f"{count} comment{'s' if count != 1 else ''}"
