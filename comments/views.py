"""The comment form's target and the commenter's links (confirm / stop reply emails).

All are `csrf_exempt`, as the newsletter's are and for the same reasons: the form sits in
post pages that shared caches store, so it cannot carry a per-visitor token; and the links in
emails carry their own secret (a signed token). What stands in for the token on the form:
a honeypot, a per-network limit per hour, length and link limits, and moderation (a forged
comment is held, and a commenter's first comment always is).

Answers to the form are the post page itself, rendered for this request with the outcome or
the form's errors in its comment section (comments/templatetags), marked never-cache: nothing
per visitor ever goes into a cached page.
"""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from comments import moderation, policy
from comments.forms import CommentForm
from comments.models import Comment, CommentSettings
from comments.moderation import visible_post
from comments.tokens import (
    TokenExpired,
    TokenInvalid,
    read_confirm_token,
    read_unsubscribe_token,
)
from core import throttle
from posts.models import PostPage

RATE_WINDOW_SECONDS = 60 * 60
LINK_METHODS = ["GET", "HEAD", "POST"]


def rules_for(request):
    return policy.Rules.of(CommentSettings.for_request(request))


def answer(request, post, status=200, **outcome):
    """The post page as this request's answer, with `outcome` for its comment section."""
    request.comment_outcome = outcome
    response = post.serve(request)
    response.status_code = status
    add_never_cache_headers(response)
    return response


@csrf_exempt
@require_http_methods(["POST"])
def post_comment(request, post_id):
    post = visible_post(post_id)
    rules = rules_for(request)
    form = CommentForm(request.POST, post=post, max_links=rules.max_links)
    # Counted before anything else, so bots filling the honeypot use up their allowance too.
    attempts = throttle.count_attempt("comment", request, RATE_WINDOW_SECONDS)
    if attempts > rules.comments_per_hour:
        return answer(request, post, 429, form=form, state="rate_limited")
    if not policy.is_open(post, rules):
        return answer(request, post, 403, state="closed")
    if form.is_bot:
        # Discarded with the usual answer: telling a bot it was caught only teaches it.
        return answer(request, post, state="held")
    if not form.is_valid():
        return answer(request, post, 400, form=form, state="invalid")
    data = form.cleaned_data
    comment = Comment.objects.create(
        post=post,
        parent=data["parent"],
        name=data["name"],
        email=data["email"],
        text=data["text"],
        status=moderation.initial_status(data["email"], rules),
        notify_replies=data["notify"],
    )
    state = "published" if comment.is_visible else "held"
    return answer(request, post, state=state, comment=comment, notify=data["notify"])


def _link_page(request, template, status=200, **context):
    comment = context.get("comment")
    # The post is named and linked only while readers can see it: a link in an old email
    # must not tell its holder the title of a post since unpublished or made private.
    context["post"] = (
        PostPage.objects.live().public().filter(pk=comment.post_id).first() if comment else None
    )
    response = TemplateResponse(request, template, {"page": None, **context}, status=status)
    add_never_cache_headers(response)
    return response


def _comment_for(key):
    return Comment.objects.filter(key=key).first()


@csrf_exempt
@require_http_methods(LINK_METHODS)
def confirm_replies(request, token):
    """GET shows a button, POST confirms (mail scanners open links; they must not consent)."""
    template = "comments/confirm.html"
    try:
        key = read_confirm_token(token)
    except TokenExpired:
        return _link_page(request, template, 400, outcome="expired")
    except TokenInvalid:
        return _link_page(request, template, 404, outcome="invalid")
    comment = _comment_for(key)
    if comment is None or comment.erased or not comment.notify_replies:
        return _link_page(request, template, 404, outcome="invalid")
    if request.method == "POST" and comment.notify_confirmed_at is None:
        comment.notify_confirmed_at = timezone.now()
        comment.save(update_fields=["notify_confirmed_at"])
    outcome = "confirmed" if comment.notify_confirmed_at else "ask"
    return _link_page(request, template, outcome=outcome, comment=comment)


@csrf_exempt
@require_http_methods(LINK_METHODS)
def unsubscribe_replies(request, token):
    """GET asks, POST (the button, or a mail client's RFC 8058 one-click) stops at once."""
    template = "comments/unsubscribe.html"
    try:
        key = read_unsubscribe_token(token)
    except TokenInvalid:
        return _link_page(request, template, 404, outcome="invalid")
    comment = _comment_for(key)
    if request.method == "POST":
        if comment is not None and comment.notify_replies:
            comment.notify_replies = False
            comment.save(update_fields=["notify_replies"])
        return _link_page(request, template, outcome="unsubscribed")
    if comment is None or not comment.notify_replies:
        return _link_page(request, template, outcome="unsubscribed")
    return _link_page(request, template, outcome="ask", comment=comment)
