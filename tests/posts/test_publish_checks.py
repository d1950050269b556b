"""Pre-publish checks: publishing (or submitting for review) a post without an intro, tags,
alt text for an image, or with a body link to an unpublished page is refused with a message
naming the problem; saving a draft with the same content works."""

import json

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import WorkflowPage

from posts.models import PostPage
from taxonomy.models import Tag
from tests.factories import make_image, make_post, make_tag
from tests.support import post_form_data

pytestmark = pytest.mark.django_db

PUBLISH = {"action-publish": "action-publish"}


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def ready(db):
    """What a post needs to be publishable, as form data."""
    make_tag("Article 8")
    return {"intro": "Why it matters.", "tags": '"Article 8"'}


def add(client, blog, data):
    url = reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog.pk])
    return client.post(url, data)


def image_body(image, alt_text="", decorative=False):
    data = {
        "body-count": "1",
        "body-0-type": "image",
        "body-0-deleted": "",
        "body-0-order": "0",
        "body-0-value-image": str(image.pk),
        "body-0-value-caption": "",
        "body-0-value-credit": "",
        "body-0-value-alt_text": alt_text,
        "body-0-value-size": "inline",
    }
    if decorative:
        data["body-0-value-decorative"] = "on"
    return data


def link_body(page):
    content = {
        "blocks": [
            {
                "key": "a",
                "text": "See the earlier post.",
                "type": "unstyled",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 4, "length": 16, "key": 0}],
            }
        ],
        "entityMap": {
            "0": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": page.url or "/", "id": page.pk, "parentId": page.get_parent().pk},
            }
        },
    }
    return {"body-0-value": json.dumps(content)}


def refused_with(response, message):
    assert response.status_code == 200, "the form should be shown again"
    assert message in response.content.decode()
    assert not PostPage.objects.filter(slug="written-in-the-admin", live=True).exists()


def test_a_ready_post_publishes(editor_client, blog, ready):
    assert add(editor_client, blog, post_form_data(**ready, **PUBLISH)).status_code == 302
    assert PostPage.objects.live().filter(slug="written-in-the-admin").exists()


def test_no_intro_blocks_publishing_but_not_a_draft(editor_client, blog, ready):
    data = post_form_data(**{**ready, "intro": ""})
    refused_with(add(editor_client, blog, {**data, **PUBLISH}), "Write an intro before publishing")
    assert add(editor_client, blog, data).status_code == 302  # the draft saves
    assert PostPage.objects.filter(slug="written-in-the-admin", live=False).exists()


def test_no_tags_blocks_publishing(editor_client, blog, ready):
    data = post_form_data(**{**ready, "tags": ""}, **PUBLISH)
    refused_with(add(editor_client, blog, data), "Add at least one tag before publishing")


def test_image_without_alt_text_blocks_publishing_unless_decorative(editor_client, blog, ready):
    image = make_image("Old Bailey")
    image.description = ""
    image.save()
    data = post_form_data(**ready, **image_body(image), **PUBLISH)
    refused_with(
        add(editor_client, blog, data), "Image 1 in the body (“Old Bailey”) has no alt text"
    )
    decorative = post_form_data(**ready, **image_body(image, decorative=True), **PUBLISH)
    assert add(editor_client, blog, decorative).status_code == 302
    post = PostPage.objects.live().get(slug="written-in-the-admin")
    assert 'alt=""' in post.render_body(None)


def test_image_with_alt_text_or_a_description_publishes(editor_client, blog, ready):
    described = make_image("Scales")  # the factory gives images a description
    data = post_form_data(**ready, **image_body(described), **PUBLISH)
    assert add(editor_client, blog, data).status_code == 302


def test_link_to_an_unpublished_page_blocks_publishing(editor_client, blog, ready):
    draft = make_post(blog, "Not yet out", live=False)
    data = post_form_data(**ready, **link_body(draft), **PUBLISH)
    refused_with(add(editor_client, blog, data), "links to “Not yet out”, which is not published")
    live = make_post(blog, "Already out")
    data = post_form_data(**ready, **link_body(live), **PUBLISH)
    assert add(editor_client, blog, data).status_code == 302


def test_submitting_for_review_runs_the_checks(client, blog, ready, django_user_model):
    user = django_user_model.objects.create_user("guest", "guest@example.org", "pw")
    user.groups.add(Group.objects.get(name="Contributors"))
    client.force_login(user)
    data = post_form_data(**{**ready, "intro": ""}, **{"action-submit": "1"})
    refused_with(add(client, blog, data), "Write an intro before publishing")
    assert not PostPage.objects.filter(slug="written-in-the-admin").exists()


def test_editors_get_wagtails_accessibility_checker_and_readers_nothing(client, editor, blog):
    post = make_post(blog, "Checked")
    assert "checker-axe-configuration" not in client.get(post.url).content.decode()
    client.force_login(editor)
    html = client.get(post.url).content.decode()
    # Wagtail's userbar runs axe on the page; in the editor's preview it feeds "Checks".
    assert 'id="checker-axe-configuration"' in html


def test_approving_outside_the_editor_runs_the_checks(client, editor, blog, ready):
    """The dashboard's Approve button publishes without the editor's form: a post edited
    since its submission into a state that fails the checks is sent back to the editor."""
    post = make_post(blog, "Submitted", live=False, intro="")
    post.save_revision()
    WorkflowPage.objects.get(page=blog).workflow.start(post, editor)
    post = PostPage.objects.get(pk=post.pk)
    client.force_login(editor)
    state = post.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[post.pk, "approve", state.pk])
    response = client.post(url, {"comment": ""}, follow=True)
    assert "Write an intro before publishing" in response.content.decode()
    assert not PostPage.objects.get(pk=post.pk).live
    # With an intro and a tag it publishes.
    post.intro = "Now with an intro."
    post.tags = [make_tag("Asylum")]
    post.save_revision()
    client.post(url, {"comment": ""})
    assert PostPage.objects.get(pk=post.pk).live


def bulk_publish(client, *pages, descendants=False):
    ids = "".join(f"&id={page.pk}" for page in pages)
    url = (
        f"/admin/bulk/wagtailcore/page/publish/?next=/admin/pages/{pages[0].get_parent().pk}/{ids}"
    )
    data = {"include_descendants": "on"} if descendants else {}
    return client.post(url, data)


def test_bulk_publishing_runs_the_checks_and_publishes_nothing_when_one_fails(
    editor_client, blog, ready
):
    tag = Tag.objects.get(name="Article 8")  # made by `ready`
    fine = make_post(blog, "Fine", live=False, intro="Ready.", tags=[tag])
    bare = make_post(blog, "Bare", live=False)
    response = bulk_publish(editor_client, fine, bare)
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("“Bare” is not ready: Write an intro" in m for m in messages)
    assert not any("“Fine”" in m for m in messages)
    assert not PostPage.objects.live().filter(pk__in=[fine.pk, bare.pk]).exists()
    bulk_publish(editor_client, fine)
    assert PostPage.objects.live().filter(pk=fine.pk).exists()


def test_bulk_publishing_a_blog_with_its_descendants_checks_the_drafts_below(
    editor_client, blog, ready
):
    make_post(blog, "Bare", live=False)
    response = bulk_publish(editor_client, blog, descendants=True)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("“Bare” is not ready" in m for m in messages)
    assert not PostPage.objects.live().filter(title="Bare").exists()
