"""The newsletter's endpoints (see urls.py): sign up, confirm, unsubscribe, preferences.

All four are `csrf_exempt`. The sign-up form sits in publicly cached pages, which cannot carry
a per-visitor token, and mail clients' one-click unsubscribe (RFC 8058) posts without one.
Double opt-in, the honeypot and the per-network limit stand in for the token on sign-up; for
confirm, unsubscribe and preferences the signed token in the URL is the secret.

Answers never depend on whether an address is known (no membership leak), and the confirm,
unsubscribe and preferences pages are never cached: they are reached through one reader's
personal link.

Answers are rendered as the SubscribePage, so they wear the page's title, intro, privacy
notice and the site chrome (header, footer and sidebar come from template tags and context
processors, which a plain view's TemplateResponse runs just as Wagtail's does).
"""

import logging
import uuid

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from newsletter import ratelimit, tasks
from newsletter.forms import EMAIL_MAX_LENGTH, PreferencesForm, SubscribeForm
from newsletter.models import SubscribePage, Subscriber
from newsletter.tokens import (
    TokenExpired,
    TokenInvalid,
    read_confirm_token,
    read_preferences_token,
    read_unsubscribe_token,
    unsubscribe_token,
)

logger = logging.getLogger(__name__)

CONFIRM_TEMPLATE = "newsletter/confirm.html"
UNSUBSCRIBE_TEMPLATE = "newsletter/unsubscribe.html"
PREFERENCES_TEMPLATE = "newsletter/preferences.html"
# Link pages show a button on GET and act on POST; HEAD is what link checkers send.
LINK_METHODS = ["GET", "HEAD", "POST"]


def subscribe_page_for(request):
    """The live, public subscribe page of the request's site, else any live, public one (the
    site settings may choose a page of another site). None when there is none: a restricted
    page is not shown here, since these views do not pass through Wagtail's privacy checks."""
    pages = SubscribePage.objects.live().public().order_by("path")
    site = Site.find_for_request(request)
    return (site and pages.in_site(site).first()) or pages.first()


def _render(request, page, template=None, status=200, private=False, **context):
    """A response shown as `page` (what Page.serve would render), with `context` added."""
    if page is not None:
        context = {**page.get_context(request), "subscribe_url": page.get_url(request), **context}
        template = template or page.get_template(request)
    else:
        # A link in an email must still work with the page unpublished: render without it.
        context = {"page": None, "subscribe_url": "/", **context}
    response = TemplateResponse(request, template, context, status=status)
    if private:
        add_never_cache_headers(response)
    return response


@csrf_exempt
@require_http_methods(["POST"])
def signup(request):
    page = subscribe_page_for(request)
    if page is None:
        raise Http404("No subscribe page is published.")

    # Counted before anything else, so bots filling the honeypot use up their allowance too.
    if not ratelimit.allow_signup(request):
        form = SubscribeForm()
        return _render(request, page, status=429, form=form, outcome="rate_limited")
    form = SubscribeForm(request.POST)
    if form.is_bot:
        # Discarded with the usual answer: telling a bot it was caught only teaches it.
        email = form.data.get("email", "").strip()[:EMAIL_MAX_LENGTH]
        return _render(request, page, outcome="check_inbox", email=email)
    if not form.is_valid():
        return _render(request, page, status=400, form=form)

    email = form.cleaned_data["email"]
    subscriber = Subscriber.request_subscription(
        email,
        form.cleaned_data["source"] or page.get_url(request),
        frequency=form.cleaned_data["frequency"],
    )
    # A worker sends the email: the answer never waits on the mail server. A task is enqueued
    # for a known address too (it sends nothing), so the request does the same work either
    # way and its timing tells an observer nothing. The row is committed already.
    tasks.send_confirmation.enqueue(subscriber and subscriber.pk, page.pk)
    return _render(request, page, outcome="check_inbox", email=email)


def _subscriber_for(key):
    return Subscriber.objects.filter(key=uuid.UUID(hex=key)).first()


@csrf_exempt
@require_http_methods(LINK_METHODS)
def confirm(request, token):
    """GET shows a button and POST confirms: mail scanners that open every link in an inbox
    must not be able to give consent on the reader's behalf."""
    page = subscribe_page_for(request)

    def answer(outcome, status=200, **context):
        return _render(
            request, page, CONFIRM_TEMPLATE, status, private=True, outcome=outcome, **context
        )

    try:
        key = read_confirm_token(token)
    except TokenExpired:
        return answer("expired", 400)
    except TokenInvalid:
        return answer("invalid", 404)
    subscriber = _subscriber_for(key)
    if subscriber is None:
        # Purged after seven days unconfirmed, or erased on request.
        return answer("invalid", 404)
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return answer("withdrawn", 400)
    if request.method == "POST":
        subscriber.confirm(timezone.now())
    outcome = "confirmed" if subscriber.status == Subscriber.Status.ACTIVE else "ask"
    return answer(outcome, subscriber=subscriber)


@csrf_exempt
@require_http_methods(LINK_METHODS)
def unsubscribe(request, token):
    """GET asks (link scanners must not unsubscribe anyone); POST, the button or a mail
    client's RFC 8058 one-click request, unsubscribes at once. Repeating it is harmless."""
    page = subscribe_page_for(request)

    def answer(outcome, status=200, **context):
        return _render(
            request, page, UNSUBSCRIBE_TEMPLATE, status, private=True, outcome=outcome, **context
        )

    try:
        key = read_unsubscribe_token(token)
    except TokenInvalid:
        return answer("invalid", 404)
    subscriber = _subscriber_for(key)
    # A valid link for an erased subscriber: there is nothing left to unsubscribe.
    gone = subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED
    if request.method == "POST":
        if subscriber is not None:
            subscriber.unsubscribe()
        return answer("unsubscribed")
    if gone:
        return answer("unsubscribed")
    return answer("ask", subscriber=subscriber)


@csrf_exempt
@require_http_methods(LINK_METHODS)
def preferences(request, token):
    """The reader's choice between an email per post and the weekly digest. GET shows it with
    the current choice ticked; POST saves it. Unsubscribing is a link to its own page."""
    page = subscribe_page_for(request)

    def answer(outcome, status=200, **context):
        return _render(
            request, page, PREFERENCES_TEMPLATE, status, private=True, outcome=outcome, **context
        )

    try:
        key = read_preferences_token(token)
    except TokenInvalid:
        return answer("invalid", 404)
    subscriber = _subscriber_for(key)
    if subscriber is None:
        return answer("invalid", 404)  # erased, or purged unconfirmed
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return answer("unsubscribed")
    context = {
        "subscriber": subscriber,
        "unsubscribe_url": reverse(
            "newsletter:unsubscribe", kwargs={"token": unsubscribe_token(subscriber)}
        ),
    }
    if request.method != "POST":
        form = PreferencesForm(initial={"frequency": subscriber.frequency})
        return answer("ask", form=form, **context)
    form = PreferencesForm(request.POST)
    if not form.is_valid():
        return answer("ask", 400, form=form, **context)
    subscriber.set_frequency(form.cleaned_data["frequency"])
    return answer("saved", form=form, **context)
