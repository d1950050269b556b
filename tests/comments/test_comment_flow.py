"""Must show 1: a comment is held, approved in the admin, shown on the post, in its feed and
in the listing's count; a reply is emailed to the opted-in commenter, whose unsubscribe works."""

import feedparser
import pytest
from django.test import Client

from comments.models import Comment, CommentSettings
from posts.models import PostPage
from tests.comments.helpers import link_in, send
from tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_comment_moderated_shown_replied_and_unsubscribed(
    site_tree, blog, editor, csrf_client, committed, mailoutbox
):
    post = make_post(blog, "Article 8 and the right to respect", days_ago=1)
    post_path = post.url

    # A reader comments through the cached page's form: no CSRF token, CSRF enforced.
    with committed():
        response = send(
            csrf_client, post, text="First line.\n\nSee https://example.org/x", notify="on"
        )
    assert response.status_code == 200
    assert "held for moderation" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    # Two emails: the reader's confirmation of "email me replies", and the moderators' note.
    confirm_mail = next(m for m in mailoutbox if "Confirm" in m.subject)
    held_mail = next(m for m in mailoutbox if "awaits moderation" in m.subject)
    assert editor.email in held_mail.to
    assert "/admin/comments/?status=held" in held_mail.body
    assert "First line." not in csrf_client.get(post_path).content.decode()

    # The reader confirms replies: GET asks, POST confirms.
    confirm_url = link_in(confirm_mail.body, "confirm")
    assert "Yes, email me replies" in csrf_client.get(confirm_url).content.decode()
    csrf_client.post(confirm_url)
    comment.refresh_from_db()
    assert comment.notify_confirmed_at is not None

    # The editor sees it on the dashboard and in the held filter, and approves it in bulk.
    moderator = Client()
    moderator.force_login(editor)
    assert "1 comment held for moderation" in moderator.get("/admin/").content.decode()
    listing = moderator.get("/admin/comments/?status=held").content.decode()
    assert "Ada Reader" in listing
    approve_url = f"/admin/bulk/comments/comment/approve/?next=/admin/comments/&id={comment.pk}"
    assert "Approve 1 comment" in moderator.get(approve_url).content.decode()
    with committed():
        response = moderator.post(approve_url)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    # On the post (paragraphs, a nofollow link), in its feed, and counted on the listing.
    page = csrf_client.get(post_path).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "<p>First line.</p>" in page
    assert '<a href="https://example.org/x" rel="nofollow ugc">' in page
    assert "ada@example.org" not in page
    assert f"/comments/{post.pk}/feed/" in page
    feed = feedparser.parse(csrf_client.get(f"/comments/{post.pk}/feed/").content)
    assert [entry.link for entry in feed.entries] == [
        f"http://localhost{post_path}#comment-{comment.pk}"
    ] or feed.entries[0].link.endswith(f"{post_path}#comment-{comment.pk}")
    assert PostPage.objects.get(pk=post.pk).comment_count == 1
    listing = csrf_client.get(blog.url).content.decode()
    assert "1 comment<" in listing

    # A reply from a new address is held, then approved: the first commenter is emailed.
    mailoutbox.clear()
    with committed():
        send(
            Client(),
            post,
            name="Ben Reply",
            email="ben@example.org",
            text="I disagree, politely.",
            parent=str(comment.pk),
        )
    reply = Comment.objects.get(name="Ben Reply")
    assert reply.parent == comment and reply.status == Comment.Status.HELD
    assert not [m for m in mailoutbox if "ada@example.org" in m.to]
    with committed():
        moderator.post(f"/admin/bulk/comments/comment/approve/?next=/admin/&id={reply.pk}")
    reply_mail = next(m for m in mailoutbox if m.to == ["ada@example.org"])
    assert "Ben Reply replied" in reply_mail.subject
    assert "I disagree, politely." in reply_mail.body
    assert reply_mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "2 comments<" in csrf_client.get(blog.url).content.decode()

    # One-click unsubscribe (RFC 8058: a POST to the header's address, no token, no login).
    unsubscribe_url = reply_mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url == link_in(reply_mail.body, "stop")
    assert csrf_client.post(unsubscribe_url).status_code == 200
    comment.refresh_from_db()
    assert not comment.notify_replies
    mailoutbox.clear()
    with committed():
        later = Comment.objects.create(
            post=post, parent=comment, name="Cy", email="cy@example.org", text="Another reply."
        )
        later.status = Comment.Status.APPROVED
        later.save()
    assert not [m for m in mailoutbox if "ada@example.org" in m.to]


def test_an_approved_address_comments_at_once_unless_everything_is_held(
    site, blog, csrf_client, committed
):
    post = make_post(blog, "Proportionality", days_ago=1)
    Comment.objects.create(
        post=post,
        name="Ada",
        email="ada@example.org",
        text="Old one.",
        status=Comment.Status.APPROVED,
    )
    with committed():
        send(csrf_client, post, email="ADA@example.org", text="Straight through.")
    assert Comment.objects.get(text="Straight through.").status == Comment.Status.APPROVED
    assert "Straight through." in csrf_client.get(post.url).content.decode()

    settings = CommentSettings.for_site(site)
    settings.hold_all = True
    settings.save()
    with committed():
        send(csrf_client, post, text="Cautious chambers.")
    assert Comment.objects.get(text="Cautious chambers.").status == Comment.Status.HELD
    assert "Cautious chambers." not in csrf_client.get(post.url).content.decode()
