"""The admin for email updates (wagtail-modeladmin): subscribers, the digest history and the
history of posts emailed on their own.

Subscribers cannot be added or edited by hand: every address must come with the reader's own
confirmation. Deleting one erases them, with their delivery history.
"""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register
from wagtail_modeladmin.views import DeleteView, IndexView

from newsletter import personal_data
from newsletter.models import Digest, PostMailing, Subscriber


class ReadOnlyPermissionHelper(PermissionHelper):
    """Records are made by readers and by `send_digest`, never typed in."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False


class EraseSubscriberView(DeleteView):
    page_title = _("Erase")

    def get_meta_title(self):
        return "Erase a subscriber"

    def confirmation_message(self):
        return (
            f"Erase {self.instance.email}? Their address, consent record and delivery history "
            "are deleted for good. This cannot be undone."
        )

    def delete_instance(self):
        personal_data.erase(self.instance)


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)"),
# and an address or a page path is typed by the public.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text a spreadsheet shows as typed: a leading apostrophe turns a would-be formula into
    text (OWASP's advice for CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SubscriberIndexView(IndexView):
    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))


class SubscriberAdmin(ModelAdmin):
    model = Subscriber
    menu_label = "Subscribers"
    menu_icon = "mail"
    permission_helper_class = ReadOnlyPermissionHelper
    delete_view_class = EraseSubscriberView
    index_view_class = SubscriberIndexView
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = (
        "email",
        "status",
        "frequency",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    )
    list_filter = ("status", "frequency", "created_at", "confirmed_at")
    search_fields = ("email",)
    list_export = (
        "email",
        "status",
        "frequency",
        "created_at",
        "confirmed_at",
        "source_path",
        "unsubscribed_at",
    )
    export_filename = "subscribers"
    inspect_view_fields = (
        "email",
        "status",
        "frequency",
        "created_at",
        "requested_at",
        "confirmation_sent_at",
        "confirmed_at",
        "source_path",
        "unsubscribed_at",
        "digest_cursor",
    )


class DigestAdmin(ModelAdmin):
    model = Digest
    menu_label = "Digest history"
    menu_icon = "history"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = ("started_at", "post_count", "recipient_count", "failure_count", "finished_at")
    list_filter = ("started_at",)
    inspect_view_fields = (
        "started_at",
        "finished_at",
        "cutoff",
        "post_count",
        "recipient_count",
        "failure_count",
        "failures",
    )


class PostMailingAdmin(ModelAdmin):
    model = PostMailing
    menu_label = "Post emails"
    menu_icon = "mail"
    permission_helper_class = ReadOnlyPermissionHelper
    inspect_view_enabled = True
    history_view_enabled = False
    list_display = ("post", "started_at", "recipient_count", "failure_count", "finished_at")
    list_filter = ("started_at",)
    inspect_view_fields = ("post", "started_at", "finished_at", "recipient_count", "failure_count")


class EmailUpdatesGroup(ModelAdminGroup):
    menu_label = "Email updates"
    menu_icon = "mail"
    menu_order = 300
    items = (SubscriberAdmin, DigestAdmin, PostMailingAdmin)


modeladmin_register(EmailUpdatesGroup)
