"""Email updates: the subscribe page and the people who asked for updates."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class SubscribePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    privacy_notice = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text="What we collect, why, and how to leave. Shown beneath the form.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_notice")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
