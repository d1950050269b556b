"""Moderation in the Wagtail admin: the comments listing (filters held / approved / spam / by
post), bulk approve and mark-as-spam beside Wagtail's bulk delete, and the dashboard's count
of held comments."""

import django_filters
from django.contrib.admin.utils import quote
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import classproperty
from django.utils.text import Truncator
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from comments import moderation
from comments.models import Comment
from posts.models import PostPage

URL_NAMESPACE = "comment_moderation"


def posts_with_comments():
    """Only posts that have a comment: a choice list of every post would hold thousands."""
    has = Comment.objects.filter(post=OuterRef("pk"))
    return PostPage.objects.filter(Exists(has)).defer_streamfields().order_by("-date")


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=Comment.Status.choices, empty_label="Any status", label="Status"
    )
    post = django_filters.ModelChoiceFilter(
        queryset=lambda request: posts_with_comments(), label="Post", empty_label="Any post"
    )

    class Meta:
        model = Comment
        fields = ["status", "post"]


class ExcerptColumn(Column):
    def get_value(self, instance):
        return Truncator(" ".join(instance.text.split())).words(25)


class CommentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("post", "parent")


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = "Comments"
    menu_order = 205
    add_to_admin_menu = True
    url_prefix = "comments"
    url_namespace = URL_NAMESPACE
    index_view_class = CommentIndexView
    filterset_class = CommentFilterSet
    list_display = [
        "name",
        ExcerptColumn("text", label="Comment"),
        Column("post", label="Post"),
        Column("status", label="Status", accessor="get_status_display"),
        Column("created_at", label="Written"),
    ]
    ordering = ["-created_at"]
    search_fields = ["name", "text", "email"]
    inspect_view_enabled = True
    copy_view_enabled = False
    # Moderators change what a comment says or its status; who wrote it and where stay.
    panels = ["status", "name", "text", "notify_replies"]

    def get_queryset(self, request):
        return Comment.objects.select_related("post")


class StatusBulkAction(SnippetBulkAction):
    template_name = "comments/admin/confirm_bulk_status.html"
    status = None
    verb = ""

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(Comment.objects.filter(pk__in=object_ids).select_related("post"))

    @classproperty
    def models(cls):
        return [Comment]

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", obj
        )

    @classmethod
    def execute_action(cls, objects, **kwargs):
        return moderation.set_status(objects, cls.status), 0

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "verb": self.verb}

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d comment %(verb)s.", "%(count)d comments %(verb)s.", num_parent_objects
        ) % {"count": num_parent_objects, "verb": self.done}


class ApproveBulkAction(StatusBulkAction):
    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected comments"
    action_priority = 10
    status = Comment.Status.APPROVED
    verb = "approve"
    done = "approved"


class SpamBulkAction(StatusBulkAction):
    display_name = "Mark as spam"
    action_type = "spam"
    aria_label = "Mark the selected comments as spam"
    action_priority = 20
    status = Comment.Status.SPAM
    verb = "mark as spam"
    done = "marked as spam"


def list_url(**query):
    url = reverse(f"{URL_NAMESPACE}:list")
    if query:
        url += "?" + "&".join(f"{key}={quote(value)}" for key, value in query.items())
    return url


class HeldCommentsPanel(Component):
    name = "held_comments"
    order = 15
    template_name = "comments/admin/held_panel.html"

    def __init__(self, user):
        self.may_moderate = user.has_perm("comments.change_comment")
        self.count = Comment.objects.held().count() if self.may_moderate else 0

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.may_moderate else ""

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "url": list_url(status="held")}
