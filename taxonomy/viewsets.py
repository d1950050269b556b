"""The Tags admin: search, live-post counts, ordering by name or usage, and merging."""

from django.db.models.functions import Lower
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.widgets.button import Button, MenuItem
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from taxonomy.models import Tag
from taxonomy.views import MergeTagView


class MergeButtonMixin:
    def merge_url(self, tag):
        if self.permission_policy.user_has_permission(self.request.user, "delete"):
            return reverse(self.merge_url_name, args=[tag.pk])
        return None


class TagIndexView(MergeButtonMixin, IndexView):
    merge_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if url := self.merge_url(instance):
            buttons.append(MenuItem("Merge into…", url=url, icon_name="resubmit", priority=25))
        return buttons


class TagEditView(MergeButtonMixin, EditView):
    merge_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if url := self.merge_url(self.object):
            buttons.append(
                Button("Merge into another tag", url=url, icon_name="resubmit", priority=15)
            )
        return buttons


class TagViewSet(SnippetViewSet):
    model = Tag
    icon = "tag"
    menu_label = "Tags"
    menu_name = "tags"
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "name",
        Column("slug", label="Address"),
        NumberColumn("live_post_count", label="Live posts", sort_key="live_post_count"),
    ]
    # Plain database search keeps the usage annotation and the chosen ordering.
    search_fields = ["name", "slug"]
    search_backend_name = None
    list_per_page = 50
    index_view_class = TagIndexView
    edit_view_class = TagEditView

    def get_queryset(self, request):
        # Explicit order: Django drops Meta.ordering from aggregate (GROUP BY) queries.
        return Tag.objects.with_live_post_counts().order_by(Lower("name"), "pk")

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(merge_url_name=self.get_url_name("merge"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(merge_url_name=self.get_url_name("merge"), **kwargs)

    @property
    def merge_view(self):
        return self.construct_view(
            MergeTagView,
            index_url_name=self.get_url_name("list"),
            edit_url_name=self.get_url_name("edit"),
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("merge/<int:pk>/", self.merge_view, name="merge")]
