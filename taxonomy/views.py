"""Admin views for tags: merging one tag into another, and the post editor's tag autocomplete."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.log_actions import log

from taxonomy.forms import MergeTagForm
from taxonomy.merging import merge_tags
from taxonomy.models import NAME_MAX_LENGTH, Tag

AUTOCOMPLETE_LIMIT = 10


class MergeTagView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Merge the tag in the URL into one the editor picks; its posts and address follow."""

    model = Tag
    permission_required = "delete"
    template_name = "taxonomy/admin/merge.html"
    form_class = MergeTagForm
    header_icon = "tag"
    page_title = "Merge tag"
    index_url_name = None
    edit_url_name = None

    @cached_property
    def source(self):
        return get_object_or_404(Tag.objects.with_live_post_counts(), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        # Merging edits the target's posts and deletes the source: it needs both rights.
        if not self.user_has_permission("change"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.source.name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": "Tags"},
            {"url": reverse(self.edit_url_name, args=[self.source.pk]), "label": self.source.name},
            {"url": "", "label": "Merge"},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.source}

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.source, **kwargs)

    def form_valid(self, form):
        source, target = self.source, form.cleaned_data["target"]
        source_name = source.name
        result = merge_tags(source, target)
        log(
            instance=target,
            action="taxonomy.merge",
            user=self.request.user,
            data={"source": source_name, "posts": result.posts_retagged},
        )
        messages.success(
            self.request,
            f"Merged “{source_name}” into “{target.name}”: {result.posts_retagged} post"
            f"{'' if result.posts_retagged == 1 else 's'} re-tagged"
            + (f", {result.drafts_updated} draft(s) updated" if result.drafts_updated else "")
            + ". Its old address now redirects.",
        )
        return redirect(self.index_url_name)


def autocomplete(request):
    """Up to ten tag names for the post editor's tag box: prefix matches first, then others."""
    term = request.GET.get("term", "").strip()[:NAME_MAX_LENGTH]
    if not term:
        return JsonResponse([], safe=False)
    names = (
        Tag.objects.filter(name__icontains=term)
        .annotate(
            prefix=Case(
                When(name__istartswith=term, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("prefix", "name")
        .values_list("name", flat=True)[:AUTOCOMPLETE_LIMIT]
    )
    return JsonResponse(list(names), safe=False)
