"""The site root and plain content pages (about, privacy)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import PostBodyBlock, paragraph_text
from core.body_text import search_text
from core.metadata import MetadataMixin
from core.sites import site_name_for_request
from posts.models import BlogIndexPage


class HomePage(MetadataMixin, Page):
    intro = models.TextField(blank=True, help_text="A sentence under the site name.")
    latest_posts_count = models.PositiveSmallIntegerField(
        "number of latest posts",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="How many of the newest posts to list below the featured ones.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                InlinePanel(
                    "featured_posts",
                    label="Featured post",
                    help_text="Posts shown first, in this order. Unpublished ones are skipped.",
                ),
                FieldPanel("latest_posts_count"),
            ],
            heading="Posts on the home page",
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        blog = BlogIndexPage.objects.live().descendant_of(self).first()
        featured = self.visible_featured_posts(blog) if blog else []
        context["blog"] = blog
        context["featured_posts"] = featured
        context["latest_posts"] = (
            blog.visible_posts()
            .for_listing()
            .exclude(pk__in=[post.pk for post in featured])[: self.latest_posts_count]
            if blog
            else []
        )
        # The welcome box leads the home page, so the sidebar leaves it out here.
        context["welcome_in_main"] = True
        return context

    def visible_featured_posts(self, blog):
        """The chosen posts a reader may see, in the editors' order (one listing query)."""
        posts = (
            blog.visible_posts()
            .filter(home_features__page=self)
            .for_listing()
            .order_by("home_features__sort_order")
        )
        unique = {}
        for post in posts:
            # A post chosen twice is shown once, at its first place.
            unique.setdefault(post.pk, post)
        return list(unique.values())

    def get_metadata(self, request, context=None):
        meta = super().get_metadata(request, context)
        # The blog get_context() found; the home page offers its feeds as the blog does.
        context = context or {}
        blog = context.get("blog")
        name = context.get("site_name") or site_name_for_request(request)
        return meta.replace(
            description=meta.description or self.intro or f"The latest posts from {name}.",
            feeds=blog.feed_links(request) if blog else [],
        )


class HomePageFeaturedPost(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_posts")
    post = models.ForeignKey(
        "posts.PostPage", on_delete=models.CASCADE, related_name="home_features"
    )

    panels = [PageChooserPanel("post", "posts.PostPage")]


class StandardPage(MetadataMixin, Page):
    body = StreamField(PostBodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body_search_text")]
    # Indexed on save by posts.search instead of Wagtail's handler, so a bulk import can pause it.
    search_auto_update = False

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    def body_search_text(self):
        return search_text(self.body)

    def get_metadata(self, request, context=None):
        meta = super().get_metadata(request, context)
        # Without a search description, the page's opening words (Metadata trims them).
        return meta.replace(description=meta.description or paragraph_text(self.body))
