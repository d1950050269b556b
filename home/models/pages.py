"""The site root and plain content pages (about, privacy)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from posts.blocks import PostBodyBlock


class HomePage(Page):
    intro = models.TextField(blank=True, help_text="A sentence under the site name.")

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from posts.models import BlogIndexPage

        context = super().get_context(request, *args, **kwargs)
        blog = BlogIndexPage.objects.live().descendant_of(self).first()
        context["blog"] = blog
        context["latest_posts"] = blog.live_posts()[:6] if blog else []
        return context


class StandardPage(Page):
    body = StreamField(PostBodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
