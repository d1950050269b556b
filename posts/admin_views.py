"""The admin's views for posts: Wagtail's editor, told whether a save is the editor's own, and
the blog's page listing.

Wagtail's autosave posts the same form to the same view, asking for JSON; a person's Save,
Publish or Submit asks for HTML. Only the latter may create tags (posts/forms.py).
"""

import functools
import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.widgets.button import HeaderButton

from posts import publish_checks
from posts.models import PostPage


def is_editors_own_save(request):
    return request.accepts("text/html")


class PostCreateView(CreateView):
    def post(self, request, *args, **kwargs):
        self.form_class = functools.partial(self.form_class, saving=is_editors_own_save(request))
        return super().post(request, *args, **kwargs)


# Revision fields that say when and how a revision was made, not what the post says.
BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "live_revision",
        "last_published_at",
        "first_published_at",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def comparable(value):
    """A revision's value as stored (JSON), a StreamField's blocks without their ids (the form
    gives blocks new ids)."""
    value = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    if isinstance(value, str) and value.startswith("["):
        try:
            value = json.loads(value)
        except ValueError:
            return value
    return without_block_ids(value)


def without_block_ids(value):
    if isinstance(value, list):
        return [without_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: without_block_ids(item) for key, item in value.items() if key != "id"}
    return value


def says_the_same(content, other):
    keys = (set(content) | set(other)) - BOOKKEEPING
    return all(comparable(content.get(key)) == comparable(other.get(key)) for key in keys)


class PostEditView(EditView):
    def post(self, request, *args, **kwargs):
        self.form_class = functools.partial(self.form_class, saving=is_editors_own_save(request))
        return super().post(request, *args, **kwargs)

    def save_action(self):
        """An autosave of what the latest revision already says keeps no revision of its own,
        so the history lists changes, not ticks of the autosave timer."""
        latest = self.page.get_latest_revision()
        if self.expects_json_response and latest is not None:
            candidate = self.form.save(commit=False)
            if says_the_same(candidate.serializable_data(), latest.content):
                return JsonResponse(
                    {
                        "success": True,
                        "pk": self.page.pk,
                        "revision_id": latest.pk,
                        "revision_created_at": latest.created_at.isoformat(),
                        "field_updates": dict(self.form.get_field_updates_for_resave()),
                        "comments": self.form.serialize_comments(self.request.user),
                        "html": self.render_partials(),
                    }
                )
        return super().save_action()


class PostDateColumn(Column):
    """A post's date, marked when the post is scheduled to go live then."""

    cell_template_name = "posts/admin/post_date_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["scheduled"] = getattr(instance, "_approved_schedule", False)
        return context


class AuthorsColumn(Column):
    def get_value(self, instance):
        links = getattr(instance, "post_authors", None)
        if links is None:
            return ""
        return ", ".join(link.author.name for link in links.all())


class BlogListingView(ExplorableIndexView):
    """The blog's page listing: posts newest first with date, status and authors, and a
    labelled "New post" button instead of Wagtail's bare ⊕."""

    default_ordering = "-date"

    @cached_property
    def add_button(self):
        if self.add_url:
            return HeaderButton(
                "New post",
                url=reverse(
                    "wagtailadmin_pages:add", args=["posts", "postpage", self.parent_page.pk]
                ),
                icon_name="plus",
                classname="button-primary",
            )

    def get_valid_orderings(self):
        return [*super().get_valid_orderings(), "date", "-date"]

    def get_table(self, object_list):
        # One query for every listed post's byline instead of one per row.
        posts = [page for page in object_list if isinstance(page, PostPage)]
        prefetch_related_objects(posts, "post_authors__author")
        return super().get_table(object_list)


class PostWorkflowActionView(WorkflowActionView):
    """Approving from the dashboard or a listing (no editor form) runs the pre-publish checks
    on the revision about to go live; a problem sends the reviewer to the editor, with the
    messages, instead of publishing."""

    def post(self, request, *args, **kwargs):
        if self.action_name == "approve":
            post = self.object.get_latest_revision_as_object()
            found = publish_checks.problems(post.intro, list(post.tags.all()), post.body)
            if found:
                for problems in found.values():
                    for problem in problems:
                        messages.error(request, problem)
                edit_url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return self.render_modal_json(
                        request, {"step": "success", "redirect": edit_url}
                    )
                return redirect(edit_url)
        return super().post(request, *args, **kwargs)
