"""The post editor's form: Wagtail's page form plus the pre-publish checks."""

from wagtail.admin.forms import WagtailAdminPageForm

from posts import publish_checks


class PostPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if publish_checks.is_publishing(self.data) and self.may_publish():
            found = publish_checks.problems(
                cleaned_data.get("intro"), cleaned_data.get("tags"), cleaned_data.get("body")
            )
            for field, messages in found.items():
                for message in messages:
                    # A field that already failed validation keeps just its own error.
                    if field is None or field in cleaned_data:
                        self.add_error(field, message)
        return cleaned_data

    def may_publish(self):
        """Whether the form's publish button would publish: Wagtail saves a mere draft for a
        contributor who sends it. Submitting for review is open to every writer."""
        if self.data.get("action-submit") or self.for_user is None:
            return True
        if self.instance.pk:
            return self.instance.permissions_for_user(self.for_user).can_publish()
        parent = getattr(self, "parent_page", None)
        return parent is None or parent.permissions_for_user(self.for_user).can_publish_subpage()
