"""The SubscribePage routes: sign up, confirm, unsubscribe.

Answers never depend on whether an address is known (no membership leak), and the confirm and
unsubscribe pages are never cached: they are reached through one reader's personal link.
"""

import logging
import uuid

from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from newsletter import ratelimit
from newsletter.emails import confirmation_message
from newsletter.forms import EMAIL_MAX_LENGTH, SubscribeForm
from newsletter.models import Subscriber
from newsletter.tokens import (
    TokenExpired,
    TokenInvalid,
    read_confirm_token,
    read_unsubscribe_token,
)

logger = logging.getLogger(__name__)


def _render(request, page, template, status=200, private=False, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    if private:
        add_never_cache_headers(response)
    return response


def subscribe(request, page):
    if request.method in ("GET", "HEAD"):
        return _render(request, page, None, form=SubscribeForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])

    # Counted before anything else, so bots filling the honeypot use up their allowance too.
    if not ratelimit.allow_signup(request):
        form = SubscribeForm()
        return _render(request, page, None, status=429, form=form, outcome="rate_limited")
    form = SubscribeForm(request.POST)
    if form.is_bot:
        # Discarded with the usual answer: telling a bot it was caught only teaches it.
        email = form.data.get("email", "").strip()[:EMAIL_MAX_LENGTH]
        return _render(request, page, None, outcome="check_inbox", email=email)
    if not form.is_valid():
        return _render(request, page, None, status=400, form=form)

    email = form.cleaned_data["email"]
    subscriber = Subscriber.request_subscription(
        email, form.cleaned_data["source"] or page.get_url(request)
    )
    if subscriber is not None:
        _send_confirmation(page, subscriber)
    return _render(request, page, None, outcome="check_inbox", email=email)


def _send_confirmation(page, subscriber):
    try:
        confirmation_message(page, subscriber).send()
    except Exception:  # the mail server is down: the reader may simply try again
        logger.exception("Could not send a confirmation email to subscriber %s", subscriber.pk)
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=None)


def _subscriber_for(key):
    return Subscriber.objects.filter(key=uuid.UUID(hex=key)).first()


def confirm(request, page, token):
    """GET shows a button and POST confirms: mail scanners that open every link in an inbox
    must not be able to give consent on the reader's behalf."""
    template = "newsletter/confirm.html"
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    try:
        key = read_confirm_token(token)
    except TokenExpired:
        return _render(request, page, template, status=400, private=True, outcome="expired")
    except TokenInvalid:
        return _render(request, page, template, status=404, private=True, outcome="invalid")
    subscriber = _subscriber_for(key)
    if subscriber is None:
        # Purged after seven days unconfirmed, or erased on request.
        return _render(request, page, template, status=404, private=True, outcome="invalid")
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return _render(request, page, template, status=400, private=True, outcome="withdrawn")
    if request.method == "POST":
        subscriber.confirm(timezone.now())
    outcome = "confirmed" if subscriber.status == Subscriber.Status.ACTIVE else "ask"
    return _render(request, page, template, private=True, outcome=outcome, subscriber=subscriber)


def unsubscribe(request, page, token):
    """GET asks (link scanners must not unsubscribe anyone); POST, the button or a mail
    client's RFC 8058 one-click request, unsubscribes at once. Repeating it is harmless."""
    template = "newsletter/unsubscribe.html"
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    try:
        key = read_unsubscribe_token(token)
    except TokenInvalid:
        return _render(request, page, template, status=404, private=True, outcome="invalid")
    subscriber = _subscriber_for(key)
    # A valid link for an erased subscriber: there is nothing left to unsubscribe.
    gone = subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED
    if request.method == "POST":
        if subscriber is not None:
            subscriber.unsubscribe()
        return _render(request, page, template, private=True, outcome="unsubscribed")
    if gone:
        return _render(request, page, template, private=True, outcome="unsubscribed")
    return _render(request, page, template, private=True, outcome="ask", subscriber=subscriber)
