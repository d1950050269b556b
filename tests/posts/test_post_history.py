"""Post history: autosaves that change nothing keep no revision of their own, and "show as
updated" puts a "last updated" date on the post."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_post, make_tag
from tests.support import fresh, post_form_data, ready_form_data

pytestmark = pytest.mark.django_db


def autosave(client, post, data):
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        data,
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200 and response.json()["success"], response.content
    return response.json()


def test_autosaves_of_the_same_content_keep_one_revision(client, editor, blog):
    post = make_post(blog, "Draft", live=False)
    client.force_login(editor)
    data = post_form_data(title="Draft, edited", slug=post.slug)
    autosave(client, post, data)
    for _ in range(3):  # the timer fires again with nothing changed
        autosave(client, post, data)
    # The factory's first revision, and one for the edit: the repeats kept nothing.
    assert post.revisions.count() == 2
    assert fresh(post).get_latest_revision().content["title"] == "Draft, edited"
    # A change is kept, of course.
    autosave(client, post, {**data, "title": "Draft, edited again"})
    assert fresh(post).get_latest_revision().content["title"] == "Draft, edited again"


def test_show_as_updated_puts_the_last_updated_date_on_the_post(client, editor, blog):
    make_tag("Article 8")
    post = make_post(blog, "Ruling explained", days_ago=30)
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[post.pk])
    data = ready_form_data(
        title="Ruling explained", slug=post.slug, date=post.date.strftime("%Y-%m-%d %H:%M:%S")
    )
    client.post(edit, {**data, "action-publish": "1"})
    client.logout()
    assert "Updated" not in client.get(post.url).content.decode()

    client.force_login(editor)
    client.post(edit, {**data, "show_as_updated": "on", "action-publish": "1"})
    client.logout()
    html = client.get(fresh(post).url).content.decode()
    assert re.search(r"Updated <time datetime=\"[^\"]+\">", html)
