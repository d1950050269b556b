"""The comments' emails: confirming "email me replies", a reply, and a held comment for the
moderators. Links are absolute, on BASE_URL, as the newsletter's are (emails are read far
from the site); every email to a commenter carries a one-click unsubscribe (RFC 8058)."""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from comments.tokens import confirm_token, unsubscribe_token
from core.sites import site_name

# Who moderates: the post's authors have no accounts (Author is a byline, with no address),
# so the editors, who publish and may approve comments, are told.
MODERATOR_GROUPS = ("Editors", "Site managers")


def absolute_url(path):
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def post_url(post):
    return absolute_url(post.get_url_parts()[2]) if post.get_url_parts() else ""


def link_url(name, token):
    return absolute_url(reverse(f"comments:{name}", kwargs={"token": token}))


def _to_commenter(subject, comment, template, context):
    unsubscribe_url = link_url("unsubscribe", unsubscribe_token(comment))
    context = {
        **context,
        "comment": comment,
        "unsubscribe_url": unsubscribe_url,
        "site_name": site_name(comment.post.get_site()),
    }
    return EmailMessage(
        subject=subject,
        body=render_to_string(f"comments/email/{template}.txt", context),
        to=[comment.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def reply_confirmation_message(comment):
    context = {
        "confirm_url": link_url("confirm", confirm_token(comment)),
        "post_url": post_url(comment.post),
    }
    subject = f"Confirm: email me replies to my comment on “{comment.post.title}”"
    return _to_commenter(subject, comment, "confirm", context)


def reply_message(parent, reply):
    context = {
        "reply": reply,
        "reply_url": f"{post_url(parent.post)}#comment-{reply.pk}",
    }
    subject = f"{reply.name} replied to your comment on “{parent.post.title}”"
    return _to_commenter(subject, parent, "reply", context)


def moderators():
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    groups = users.filter(groups__name__in=MODERATOR_GROUPS)
    if getattr(settings, "NOTIFY_SUPERUSERS", True):
        groups = groups | users.filter(is_superuser=True)
    return sorted({user.email for user in groups.distinct()})


def held_comment_message(comment, recipients):
    context = {
        "comment": comment,
        "post_url": post_url(comment.post),
        "moderate_url": absolute_url(reverse("comment_moderation:list") + "?status=held"),
        "site_name": site_name(comment.post.get_site()),
    }
    return EmailMessage(
        subject=f"A comment awaits moderation on “{comment.post.title}”",
        body=render_to_string("comments/email/held.txt", context),
        to=recipients,
    )
