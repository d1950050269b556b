"""The post editor's form: Wagtail's page form plus the pre-publish checks and the rule for
new tags (created only by a real save of someone allowed to add tags)."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from wagtail.admin.forms import WagtailAdminPageForm

from posts import publish_checks
from taxonomy.editing import find_or_create_tags, pending_tags


class PostPageForm(WagtailAdminPageForm):
    def __init__(self, *args, saving=False, **kwargs):
        # True only when the editor's own Save/Publish/Submit sent the form
        # (posts.admin_views); autosaves and previews leave it False.
        self.saving = saving
        self.pending_tag_names = []
        super().__init__(*args, **kwargs)

    def may_add_tags(self):
        return self.for_user is not None and self.for_user.has_perm("taxonomy.add_tag")

    def clean(self):
        cleaned_data = super().clean()
        self.name_the_page_using_the_slug()
        if "tags" in cleaned_data:
            cleaned_data["tags"], self.pending_tag_names = pending_tags(cleaned_data["tags"])
            if self.pending_tag_names and self.saving and not self.may_add_tags():
                names = ", ".join(f"“{name}”" for name in self.pending_tag_names)
                self.add_error(
                    "tags",
                    f"{names}: not a tag yet, and only editors add tags. Choose an existing "
                    "tag, or ask an editor to add it.",
                )
        if publish_checks.is_publishing(self.data) and self.may_publish():
            tags = list(cleaned_data.get("tags") or []) + self.pending_tag_names
            found = publish_checks.problems(
                cleaned_data.get("intro"), tags, cleaned_data.get("body")
            )
            for field, messages in found.items():
                for message in messages:
                    # A field that already failed validation keeps just its own error.
                    if field is None or field in cleaned_data:
                        self.add_error(field, message)
        return cleaned_data

    def name_the_page_using_the_slug(self):
        """Wagtail says only that the slug is in use; often the page using it is the editor's
        own draft from an abandoned attempt (autosave made it), so say which page it is."""
        slug = self.cleaned_data.get("slug") or self.data.get("slug")
        parent = getattr(self, "parent_page", None)
        if "slug" not in self.errors or not slug or parent is None:
            return
        siblings = parent.get_children().filter(slug=slug)
        if self.instance.pk:
            siblings = siblings.exclude(pk=self.instance.pk)
        other = siblings.first()
        if other is None:
            return
        state = "published" if other.live else "a draft, not published"
        self.errors["slug"] = self.error_class(
            [
                format_html(
                    'The address “{}” is already used by <a href="{}">{}</a> ({}, last '
                    "edited {}). Change this post's slug, or open that page and carry on there.",
                    slug,
                    reverse("wagtailadmin_pages:edit", args=[other.pk]),
                    other.get_admin_display_title(),
                    state,
                    date_format(
                        localtime(other.latest_revision_created_at or other.first_published_at),
                        "j M Y H:i",
                    )
                    if (other.latest_revision_created_at or other.first_published_at)
                    else "never",
                )
            ]
        )

    def may_publish(self):
        """Whether the form's publish button would publish: Wagtail saves a mere draft for a
        contributor who sends it. Submitting for review is open to every writer."""
        if self.data.get("action-submit") or self.for_user is None:
            return True
        if self.instance.pk:
            return self.instance.permissions_for_user(self.for_user).can_publish()
        parent = getattr(self, "parent_page", None)
        return parent is None or parent.permissions_for_user(self.for_user).can_publish_subpage()

    def save(self, commit=True):
        page = super().save(commit=False)
        if self.pending_tag_names and self.saving and self.may_add_tags():
            # The revision about to be saved stores tag ids, so the new tags exist first.
            page.tags = list(self.cleaned_data["tags"]) + find_or_create_tags(
                self.pending_tag_names
            )
        if commit:
            page.save()
            self.save_m2m()
        return page
