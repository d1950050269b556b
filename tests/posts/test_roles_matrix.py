"""Who may do what, through the admin's own views: every role × action of the README's table
("Roles and the editorial workflow"). Each action is done as the role would do it in the
admin, and judged by its effect on the database, not by the status code alone: an allowed
action happened, a refused one left nothing behind."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site, WorkflowPage

from home.models import SiteSettings
from posts.models import Author, PostPage
from taxonomy.models import Tag
from tests.factories import make_post, make_tag
from tests.support import fresh, post_form_data, ready_form_data

pytestmark = pytest.mark.django_db

ROLES = ["contributor", "editor", "site manager", "administrator"]
GROUPS = {"contributor": "Contributors", "editor": "Editors", "site manager": "Site managers"}

# The README's table, row by row: which roles may do it (C, E, S, A).
TABLE = {
    "create a post": "CESA",
    "edit own draft": "CESA",
    "edit own published post": "-ESA",
    "edit someone else's post": "-ESA",
    "delete own draft": "CESA",
    "delete someone else's post": "-ESA",
    "submit for review": "CESA",
    "approve or request changes": "-ESA",
    "publish": "-ESA",
    "schedule": "-ESA",
    "manage tags": "-ESA",
    "manage authors": "-ESA",
    "upload images": "CESA",
    "site settings and menus": "--SA",
}


def may(role, action):
    return "CESA"[ROLES.index(role)] in TABLE[action]


@pytest.fixture
def make_user(django_user_model):
    def make(role, username=None):
        username = username or role.replace(" ", "-")
        if role == "administrator":
            return django_user_model.objects.create_superuser(
                username, f"{username}@example.org", "pw"
            )
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
        user.groups.add(Group.objects.get(name=GROUPS[role]))
        return user

    return make


def edit(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def own_post(blog, user, live=False, title="Mine"):
    post = make_post(blog, title, live=live)
    PostPage.objects.filter(pk=post.pk).update(owner=user)
    return fresh(post)


def edited(client, page, title="Changed by the role"):
    data = post_form_data(title=title, slug=page.slug)
    client.post(edit(page), data)
    revision = fresh(page).get_latest_revision()
    return revision is not None and revision.content["title"] == title


def create_a_post(client, user, blog, other):
    client.post(
        reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog.pk]), post_form_data()
    )
    return PostPage.objects.filter(slug="written-in-the-admin", owner=user).exists()


def edit_own_draft(client, user, blog, other):
    return edited(client, own_post(blog, user))


def edit_own_published_post(client, user, blog, other):
    return edited(client, own_post(blog, user, live=True))


def edit_someone_elses_post(client, user, blog, other):
    return edited(client, own_post(blog, other, title="Theirs"))


def delete_own_draft(client, user, blog, other):
    post = own_post(blog, user)
    client.post(reverse("wagtailadmin_pages:delete", args=[post.pk]))
    return not PostPage.objects.filter(pk=post.pk).exists()


def delete_someone_elses_post(client, user, blog, other):
    post = own_post(blog, other, title="Theirs")
    client.post(reverse("wagtailadmin_pages:delete", args=[post.pk]))
    return not PostPage.objects.filter(pk=post.pk).exists()


def submit_for_review(client, user, blog, other):
    post = own_post(blog, user)
    client.post(edit(post), ready_form_data(slug=post.slug, **{"action-submit": "1"}))
    return fresh(post).workflow_in_progress


def approve_or_request_changes(client, user, blog, other):
    # Ready to publish (posts/publish_checks.py), so only the role decides.
    post = make_post(blog, "Theirs", live=False, intro="Ready.", tags=[Tag.objects.get()])
    PostPage.objects.filter(pk=post.pk).update(owner=other)
    post = fresh(post)
    post.save_revision(user=other)
    WorkflowPage.objects.get(page=blog).workflow.start(fresh(post), other)
    post = fresh(post)
    state = post.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", state.pk])
    client.post(url, {"comment": ""})
    return fresh(post).live


def publish(client, user, blog, other):
    post = own_post(blog, user)
    client.post(edit(post), ready_form_data(slug=post.slug, **{"action-publish": "1"}))
    return fresh(post).live


def schedule(client, user, blog, other):
    post = own_post(blog, user)
    later = timezone.localtime() + timedelta(days=2)
    data = ready_form_data(
        slug=post.slug,
        go_live_at=later.strftime("%Y-%m-%d %H:%M"),
        **{"action-publish": "1"},
    )
    client.post(edit(post), data)
    post = fresh(post)
    return post.scheduled_revision is not None and not post.live


def manage_tags(client, user, blog, other):
    client.post(reverse("wagtailsnippets_taxonomy_tag:add"), {"name": "Role test tag"})
    return Tag.objects.filter(name="Role test tag").exists()


def manage_authors(client, user, blog, other):
    client.post(
        reverse("wagtailsnippets_posts_author:add"),
        {"name": "Role Test Author", "slug": "role-test-author", "role": "", "bio": ""},
    )
    return Author.objects.filter(name="Role Test Author").exists()


def upload_images(client, user, blog, other):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (10, 20, 30)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("role.png", buffer.getvalue(), content_type="image/png")
    client.post(
        reverse("wagtailimages:add"),
        {"title": "Uploaded by a role", "file": upload, "collection": "1"},
    )
    return Image.objects.filter(title="Uploaded by a role").exists()


def site_settings_and_menus(client, user, blog, other):
    site = Site.objects.get(is_default_site=True)
    settings_page = client.get(
        reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    )
    menus = client.get(reverse("wagtailsnippets_home_menu:list"))
    opened = settings_page.status_code == 200 and menus.status_code == 200
    refused = settings_page.status_code in (302, 403) and menus.status_code in (302, 403)
    assert opened or refused, (settings_page.status_code, menus.status_code)
    return opened and SiteSettings.for_site(site) is not None


ACTIONS = {
    "create a post": create_a_post,
    "edit own draft": edit_own_draft,
    "edit own published post": edit_own_published_post,
    "edit someone else's post": edit_someone_elses_post,
    "delete own draft": delete_own_draft,
    "delete someone else's post": delete_someone_elses_post,
    "submit for review": submit_for_review,
    "approve or request changes": approve_or_request_changes,
    "publish": publish,
    "schedule": schedule,
    "manage tags": manage_tags,
    "manage authors": manage_authors,
    "upload images": upload_images,
    "site settings and menus": site_settings_and_menus,
}


def test_the_table_covers_every_action():
    assert set(ACTIONS) == set(TABLE)


@pytest.mark.parametrize("action", list(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_role_may_or_may_not(role, action, client, make_user, blog):
    make_tag("Article 8")  # the tag ready_form_data() names, which contributors cannot add
    user = make_user(role)
    other = make_user("contributor", username="someone-else")
    client.force_login(user)
    done = ACTIONS[action](client, user, blog, other)
    assert done == may(role, action), f"{role} {'may' if may(role, action) else 'may not'} {action}"
