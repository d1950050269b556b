"""The emails we send: the confirmation request, the weekly digest and a new post on its own.

Every message carries a personal unsubscribe link in its body and the RFC 8058 headers, so
mail clients can offer a one-click unsubscribe button, and a personal link to the preferences
page, where the reader chooses between an email per post and the weekly digest. Links are
absolute, built on BASE_URL, because emails are read far from the site.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.sites import site_name
from newsletter.tokens import confirm_token, preferences_token, unsubscribe_token


def absolute_url(path):
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def page_url(page):
    """The absolute URL of a page, built on BASE_URL rather than on the Site record."""
    return absolute_url(page.get_url_parts()[2])


def link_url(name, token):
    """The absolute URL of a personal link (`newsletter:` confirm, unsubscribe, preferences)."""
    return absolute_url(reverse(f"newsletter:{name}", kwargs={"token": token}))


def _message(subject, subscriber, template, context, subscribe_page):
    unsubscribe_url = link_url("unsubscribe", unsubscribe_token(subscriber))
    context = {
        **context,
        "subscriber": subscriber,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": link_url("preferences", preferences_token(subscriber)),
        "subscribe_url": page_url(subscribe_page),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"newsletter/email/{template}.txt", context),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    html = render_to_string(f"newsletter/email/{template}.html", context)
    message.attach_alternative(html, "text/html")
    return message


def confirmation_message(subscribe_page, subscriber):
    name = site_name(subscribe_page.get_site())
    context = {
        "site_name": name,
        "confirm_url": link_url("confirm", confirm_token(subscriber)),
        "expires_days": 7,
    }
    subject = f"Confirm your email updates from {name}"
    return _message(subject, subscriber, "confirm", context, subscribe_page)


def digest_message(subscribe_page, subscriber, posts, site_name):
    """`posts`: the DigestPost entries for this reader, newest first."""
    if len(posts) == 1:
        subject = f"New on {site_name}: {posts[0].title}"
    else:
        subject = f"{len(posts)} new posts on {site_name}"
    context = {
        "site_name": site_name,
        "posts": posts,
        "subscribed_on": subscriber.confirmed_at and timezone.localtime(subscriber.confirmed_at),
    }
    return _message(subject, subscriber, "digest", context, subscribe_page)


def post_message(subscribe_page, subscriber, post, site_name):
    """One new post (a DigestPost) for a reader who asked for each post as it comes out."""
    context = {"site_name": site_name, "post": post, "per_post": True}
    subject = f"New on {site_name}: {post.title}"
    return _message(subject, subscriber, "post", context, subscribe_page)
