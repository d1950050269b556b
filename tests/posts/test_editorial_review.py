"""The "Editorial review" workflow through the admin's own views: a contributor submits, the
editors are emailed, an editor asks for changes with a comment, which is emailed to the
author, the author edits and resubmits, and an editor's approval publishes the post."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowPage

from posts.models import BlogIndexPage, PostPage
from tests.factories import make_tag
from tests.support import fresh, post_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor(django_user_model):
    user = django_user_model.objects.create_user("guest", "guest@example.org", "pw")
    user.groups.add(Group.objects.get(name="Contributors"))
    return user


def add_url(blog):
    return reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def submit(client, blog, **overrides):
    data = post_form_data(
        intro="Why it matters.",
        tags='"Article 8"',
        **{"action-submit": "action-submit", **overrides},
    )
    response = client.post(add_url(blog), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    return PostPage.objects.get(slug="written-in-the-admin")


def act(client, page, action, comment=""):
    state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk])
    return client.post(url, {"comment": comment})


def test_every_blog_is_reviewed_by_the_editorial_review_workflow(blog):
    workflow = WorkflowPage.objects.get(page=blog).workflow
    assert workflow.name == "Editorial review" and workflow.active
    [task] = [task.specific for task in workflow.tasks.all()]
    assert sorted(g.name for g in task.groups.all()) == ["Editors", "Site managers"]
    # A blog made later (load_demo, the importer) is reviewed too.
    other = BlogIndexPage(title="Second", slug="second")
    blog.get_parent().add_child(instance=other)
    assert WorkflowPage.objects.get(page=other).workflow == workflow


def test_submit_request_changes_resubmit_approve(client, contributor, editor, blog, settings):
    settings.WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
    make_tag("Article 8")  # contributors choose tags; only editors add them
    client.force_login(contributor)
    post = submit(client, blog)
    assert not post.live
    assert post.workflow_in_progress

    # The editors hear of it; the author does not mail themselves.
    [submitted] = mail.outbox
    assert submitted.to == ["editor@example.org"]
    assert "Written in the admin" in submitted.subject + submitted.body
    assert edit_url(post) in submitted.body

    # Under review, the post is locked for its author.
    response = client.post(edit_url(post), post_form_data(title="Sneaky change"))
    assert fresh(post).get_latest_revision().content["title"] != "Sneaky change"
    assert response.status_code in (200, 302)

    # The editor asks for changes, with a comment the author receives.
    mail.outbox.clear()
    client.force_login(editor)
    assert act(client, fresh(post), "reject", "Please cite the judgment.").status_code == 302
    post = fresh(post)
    assert not post.workflow_in_progress and not post.live
    [changes] = mail.outbox
    assert changes.to == ["guest@example.org"]
    assert changes.subject == 'Changes requested: "Written in the admin"'
    assert "Please cite the judgment." in changes.body

    # The author edits and resubmits; the editors are told again.
    mail.outbox.clear()
    client.force_login(contributor)
    data = post_form_data(
        intro="Why it matters.",
        tags='"Article 8"',
        **{"action-submit": "action-submit", "title": "Written again"},
    )
    assert client.post(edit_url(post), data).status_code == 302
    post = fresh(post)
    assert post.workflow_in_progress
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]

    # The editor approves: published.
    mail.outbox.clear()
    client.force_login(editor)
    assert act(client, post, "approve").status_code == 302
    post = fresh(post)
    assert post.live and post.title == "Written again"
    assert [m.to for m in mail.outbox] == [["guest@example.org"]]  # "approved", to the author

    # The workflow history names who did what.
    history = client.get(reverse("wagtailadmin_pages:workflow_history", args=[post.pk]))
    assert history.status_code == 200
    detail = reverse(
        "wagtailadmin_pages:workflow_history_detail",
        args=[post.pk, post.workflow_states.order_by("created_at").last().pk],
    )
    text = client.get(detail).content.decode()
    assert "Approved" in text and "editor" in text
