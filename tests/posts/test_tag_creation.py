"""Tags typed in the post editor are created only when the post is really saved by someone
allowed to add tags: never by Wagtail's autosave, a preview or a save that fails validation,
and never for a contributor (who may only choose existing tags)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from posts.models import PostPage
from taxonomy.models import Tag
from tests.factories import make_post, make_tag
from tests.support import post_form_data

pytestmark = pytest.mark.django_db

TYPED = '"Childrens rights", privacy'


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def add_url(blog):
    return reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog.pk])


def tag_names():
    return sorted(Tag.objects.values_list("name", flat=True))


def test_a_real_save_creates_the_typed_tags(editor_client, blog):
    response = editor_client.post(add_url(blog), post_form_data(tags=TYPED))
    assert response.status_code == 302
    assert tag_names() == ["Childrens rights", "privacy"]
    post = PostPage.objects.get(slug="written-in-the-admin")
    revision_tags = post.get_latest_revision_as_object().tags.all()
    assert sorted(tag.name for tag in revision_tags) == ["Childrens rights", "privacy"]


def test_autosave_creates_no_tags(editor_client, blog):
    # Wagtail's autosave posts the form asking for JSON (its Accept header).
    post = make_post(blog, "Autosaved", live=False)
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[post.pk]),
        post_form_data(slug=post.slug, title="Autosaved again", tags=TYPED),
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["success"] is True  # the autosave itself worked
    assert post.revisions.exists()
    assert tag_names() == []
    # A first autosave of a new post, which creates the page, creates no tags either.
    response = editor_client.post(
        add_url(blog), post_form_data(tags=TYPED), headers={"accept": "application/json"}
    )
    assert PostPage.objects.filter(slug="written-in-the-admin").exists()
    assert tag_names() == []


def test_preview_creates_no_tags(editor_client, blog):
    url = reverse("wagtailadmin_pages:preview_on_add", args=["posts", "postpage", blog.pk])
    response = editor_client.post(url, post_form_data(tags=TYPED))
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    post = make_post(blog, "Previewed", live=False)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[post.pk])
    assert editor_client.post(url, post_form_data(slug=post.slug, tags=TYPED)).json()["is_valid"]
    assert tag_names() == []


def test_a_failed_save_creates_no_tags_and_keeps_them_in_the_form(editor_client, blog):
    response = editor_client.post(add_url(blog), post_form_data(title="", tags=TYPED))
    assert response.status_code == 200  # the form again, with its error
    assert tag_names() == []
    assert 'value="&quot;Childrens rights&quot;, privacy"' in response.content.decode()


def test_a_contributor_may_choose_tags_but_not_add_them(client, blog, django_user_model):
    make_tag("privacy")
    user = django_user_model.objects.create_user("guest", "guest@example.org", "pw")
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    response = client.post(add_url(blog), post_form_data(tags=TYPED))
    assert response.status_code == 200
    assert "“Childrens rights”: not a tag yet, and only editors add tags" in (
        response.content.decode()
    )
    assert tag_names() == ["privacy"]
    response = client.post(add_url(blog), post_form_data(tags="privacy"))
    assert response.status_code == 302
    post = PostPage.objects.get(slug="written-in-the-admin")
    assert [tag.name for tag in post.get_latest_revision_as_object().tags.all()] == ["privacy"]
