"""The editor's shortcuts: "New post" on the dashboard and in the blog's listing, the listing's
date, status and authors newest first, the "Your drafts" and "Awaiting review" panels, and a
slug error that names the page using the slug."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from posts.models import PostPage
from tests.factories import make_author, make_post, make_tag
from tests.support import post_form_data, ready_form_data

pytestmark = pytest.mark.django_db


def add_post_url(blog):
    return reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog.pk])


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user("guest", "guest@example.org", "pw")
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


def test_dashboard_offers_new_post_to_writers(client, editor, contributor, blog):
    for user in (editor, contributor):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert re.search(rf'href="{re.escape(add_post_url(blog))}"[^>]*>.*?New post', html, re.S)


def test_blog_listing_has_a_new_post_button_and_posts_newest_first(client, editor, blog):
    old = make_post(blog, "Older ruling", authors=[make_author("Ann Example")])
    PostPage.objects.filter(pk=old.pk).update(date=timezone.now() - timezone.timedelta(days=9))
    make_post(blog, "Newer ruling", live=False)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_explore", args=[blog.pk])).content.decode()
    assert re.search(rf'href="{re.escape(add_post_url(blog))}"[^>]*>.*?New post', html, re.S)
    assert html.index("Newer ruling") < html.index("Older ruling")
    for column in (">\\s*Date\\s*<", ">\\s*Authors\\s*<", ">\\s*Status\\s*<"):
        assert re.search(column, html)
    assert "Ann Example" in html
    assert "<time datetime=" in html


def test_scheduled_posts_show_their_go_live_time_in_the_listing(client, editor, blog):
    make_tag("Article 8")
    client.force_login(editor)
    later = timezone.localtime() + timezone.timedelta(days=3)
    data = ready_form_data(date=later.strftime("%Y-%m-%d %H:%M:%S"), **{"action-publish": "1"})
    assert client.post(add_post_url(blog), data).status_code == 302
    html = client.get(reverse("wagtailadmin_explore", args=[blog.pk])).content.decode()
    assert "Goes live</strong> <time datetime=" in html
    assert later.strftime("%-d %b %Y, %H:%M") in html


def test_your_drafts_and_awaiting_review_panels(client, editor, contributor, blog):
    make_tag("Article 8")
    client.force_login(contributor)
    client.post(add_post_url(blog), post_form_data(title="Abandoned attempt", slug="abandoned"))
    submitted = ready_form_data(title="Ready for review", slug="ready", **{"action-submit": "1"})
    assert client.post(add_post_url(blog), submitted).status_code == 302
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    drafts = html[html.index("Your drafts") :]
    assert "Abandoned attempt" in drafts and "draft, not published" in drafts
    assert "Awaiting review" in html

    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    review = html[html.index("Awaiting review") :]
    assert "Ready for review" in review and "yours to review" in review
    assert "Abandoned attempt" not in html  # someone else's draft


def test_slug_in_use_names_the_page_with_a_link(client, editor, blog):
    other = make_post(blog, "My first attempt", live=False)
    client.force_login(editor)
    response = client.post(add_post_url(blog), post_form_data(slug=other.slug))
    assert response.status_code == 200
    html = response.content.decode()
    edit = reverse("wagtailadmin_pages:edit", args=[other.pk])
    assert f'is already used by <a href="{edit}">My first attempt</a> (a draft, not published' in (
        html
    )
