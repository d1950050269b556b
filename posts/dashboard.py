"""The editor's dashboard: a "New post" button, the user's own drafts (autosaved ones too, so
an abandoned attempt is found again) and the posts awaiting review."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from posts.models import BlogIndexPage, PostPage

DRAFTS_SHOWN = 10


def new_post_links(user):
    """(blog, add-post URL) for each blog the user may write in."""
    return [
        (blog, reverse("wagtailadmin_pages:add", args=["posts", "postpage", blog.pk]))
        for blog in BlogIndexPage.objects.order_by("path")
        if blog.permissions_for_user(user).can_add_subpage()
    ]


class NewPostPanel(Component):
    name = "new_post"
    order = 10  # first: the one thing most visits to the admin are for
    template_name = "posts/admin/new_post_panel.html"

    def __init__(self, user):
        self.links = new_post_links(user)

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.links else ""

    def get_context_data(self, parent_context=None):
        return {"links": self.links}


class YourDraftsPanel(Component):
    """Posts the user owns that are not live, or have changes not yet published."""

    name = "your_drafts"
    order = 20
    template_name = "posts/admin/your_drafts_panel.html"

    def __init__(self, user):
        self.posts = list(
            PostPage.objects.filter(owner=user)
            .filter(has_unpublished_changes=True)
            .defer_streamfields()
            .order_by("-latest_revision_created_at")[:DRAFTS_SHOWN]
        )

    def get_context_data(self, parent_context=None):
        return {"posts": self.posts}


class AwaitingReviewPanel(Component):
    """Posts in the editorial review: all of them for reviewers, one's own for writers."""

    name = "awaiting_review"
    order = 30
    template_name = "posts/admin/awaiting_review_panel.html"

    def __init__(self, user):
        states = list(
            WorkflowState.objects.active()
            .filter(content_type=ContentType.objects.get_for_model(PostPage))
            .select_related("requested_by", "current_task_state__task")
            .order_by("created_at")
        )
        posts = PostPage.objects.defer_streamfields().in_bulk(
            [int(state.object_id) for state in states]
        )
        self.items = []
        for state in states:
            post = posts.get(int(state.object_id))
            if post is None:
                continue
            task_state = state.current_task_state
            task = task_state.task.specific if task_state else None
            reviews = bool(task and task.user_can_access_editor(post, user))
            if reviews or state.requested_by_id == user.pk:
                self.items.append({"post": post, "state": state, "reviewer": reviews})

    def get_context_data(self, parent_context=None):
        return {"items": self.items}
