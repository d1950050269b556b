"""What the comment tests share: a post with comments, posting the form as a browser does."""

import re

from comments.models import Comment

FORM = {
    "name": "Ada Reader",
    "email": "ada@example.org",
    "text": "A thoughtful point.",
    "website": "",
    "parent": "",
}


def post_url(post):
    return f"/comments/{post.pk}/post/"


def send(client, post, **fields):
    return client.post(post_url(post), {**FORM, **fields})


def approved(
    post, name="Earlier Reader", email="earlier@example.org", text="Approved text.", **fields
):
    return Comment.objects.create(
        post=post, name=name, email=email, text=text, status=Comment.Status.APPROVED, **fields
    )


def link_in(text, route):
    match = re.search(rf"http://testserver/comments/replies/{route}/[^/\s]+/", text)
    assert match, f"no {route} link in:\n{text}"
    return match.group(0)
