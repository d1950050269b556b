"""Documents are served only to visitors who may see a page that links to them, and never
marked publicly cacheable (issue 15.2)."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import make_document, make_post
from tests.support import fresh

pytestmark = pytest.mark.django_db


def with_document(document):
    return [
        {"type": "paragraph", "value": "<p>See the judgment.</p>"},
        {"type": "document", "value": {"document": document.pk, "label": "Judgment"}},
    ]


def download(client, document):
    return client.get(document.url)


def test_a_document_of_a_public_post_is_served_but_not_publicly_cacheable(client, blog):
    document = make_document("Public judgment")
    make_post(blog, "Open", body=with_document(document))
    response = download(client, document)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "hidden",
    [
        {"live": False},  # a draft
        {"days_ago": -3},  # scheduled
        {"private": True},  # password-protected
    ],
    ids=["draft", "scheduled", "password"],
)
def test_a_document_linked_only_from_a_hidden_post_is_not_found(client, blog, hidden):
    secret = make_document("Sealed judgment", "sealed.pdf")
    make_post(blog, "Hidden", body=with_document(secret), **hidden)
    shown = make_document("Open judgment", "open.pdf")
    make_post(blog, "Open", body=with_document(shown))

    assert download(client, secret).status_code == 404
    assert download(client, shown).status_code == 200  # positive control


def test_an_unpublished_posts_document_is_no_longer_served(client, blog):
    document = make_document()
    post = make_post(blog, "Withdrawn", body=with_document(document))
    assert download(client, document).status_code == 200
    post.unpublish()
    assert download(client, document).status_code == 404


def test_a_document_only_in_a_draft_revision_of_a_live_post_is_not_served(client, blog):
    post = make_post(blog, "Live")
    document = make_document("Draft attachment", "draft.pdf")
    post = fresh(post)
    post.body = with_document(document)
    post.save_revision()  # a draft: the live page is unchanged
    assert download(client, document).status_code == 404


def test_the_password_lets_a_reader_download_what_the_post_links(client, blog):
    document = make_document()
    post = make_post(blog, "Members", body=with_document(document), private=True)
    assert download(client, document).status_code == 404
    restriction = PageViewRestriction.objects.get(page=post)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, post.pk])
    client.post(url, {"password": "secret", "return_url": post.url})
    response = download(client, document)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_an_unlinked_document_is_for_the_admin_only(client, editor):
    document = make_document("Uploaded, not yet used", "unused.pdf")
    assert download(client, document).status_code == 404
    client.force_login(editor)
    assert download(client, document).status_code == 200
