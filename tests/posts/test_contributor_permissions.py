"""Contributors write posts under the blog and change only their own unpublished ones: they
never publish, never touch other people's pages, and never edit the home page."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission

from posts.models import PostPage
from tests.factories import make_post
from tests.support import fresh, post_form_data, ready_form_data


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user("guest", "guest@example.org", "pw")
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


@pytest.fixture
def contributor_client(client, contributor):
    client.force_login(contributor)
    return client


def refused(response):
    """Wagtail answers with a 403, or a redirect away from the editor with a message."""
    return response.status_code in (302, 403) and "/edit/" not in response.get("Location", "")


def add_post_url(blog):
    return reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog.pk])


@pytest.mark.django_db
def test_a_blog_created_after_the_migrations_lets_contributors_write_under_it_only(blog):
    permissions = GroupPagePermission.objects.filter(group__name="Contributors")
    assert [(p.page_id, p.permission.codename) for p in permissions] == [(blog.pk, "add_page")]


@pytest.mark.django_db
def test_contributor_creates_a_post_as_a_draft_and_cannot_publish_it(contributor_client, blog):
    response = contributor_client.post(
        add_post_url(blog), post_form_data(**{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    post = PostPage.objects.get(slug="written-in-the-admin")
    assert post.get_parent().pk == blog.pk
    assert not post.live  # asked to publish, it stays a draft

    # Their own draft they may go on editing.
    edit = reverse("wagtailadmin_pages:edit", args=[post.pk])
    assert contributor_client.get(edit).status_code == 200


@pytest.mark.django_db
def test_contributor_cannot_edit_or_delete_other_peoples_posts(contributor_client, blog):
    other_draft = make_post(blog, "Someone else's draft", live=False)
    other_live = make_post(blog, "Someone else's post")
    for page in (other_draft, other_live):
        edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
        delete = reverse("wagtailadmin_pages:delete", args=[page.pk])
        assert refused(contributor_client.get(edit)), page.title
        assert refused(contributor_client.post(edit, post_form_data(title="Hacked"))), page.title
        assert refused(contributor_client.post(delete)), page.title
        assert PostPage.objects.filter(pk=page.pk).exists()
        assert fresh(page).title != "Hacked"
        assert all(r.content["title"] != "Hacked" for r in page.revisions.all())


@pytest.mark.django_db
def test_contributor_cannot_edit_the_home_page_or_add_pages_outside_the_blog(
    contributor_client, site_tree
):
    home = site_tree["home"]
    assert refused(contributor_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])))
    add_page = reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk])
    assert refused(contributor_client.get(add_page))


@pytest.mark.django_db
def test_a_contributors_own_post_is_the_editors_once_published(
    contributor_client, contributor, blog
):
    own_draft = make_post(blog, "My draft", live=False)
    own_live = make_post(blog, "My published post")
    PostPage.objects.filter(pk__in=[own_draft.pk, own_live.pk]).update(owner=contributor)
    delete = reverse("wagtailadmin_pages:delete", args=[own_live.pk])

    # Positive control: their own draft opens in the editor.
    assert (
        contributor_client.get(reverse("wagtailadmin_pages:edit", args=[own_draft.pk])).status_code
        == 200
    )
    response = contributor_client.get(reverse("wagtailadmin_pages:edit", args=[own_live.pk]))
    assert refused(response)
    assert refused(contributor_client.post(delete))
    assert fresh(own_live).live


@pytest.mark.django_db
def test_editors_still_edit_and_publish_anyones_post(client, editor, blog):
    post = make_post(blog, "Someone else's draft", live=False)
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[post.pk])
    assert client.get(edit).status_code == 200
    data = ready_form_data(title="Edited", slug=post.slug, **{"action-publish": "action-publish"})
    assert client.post(edit, data).status_code == 302
    assert fresh(post).live and fresh(post).title == "Edited"
