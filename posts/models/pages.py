"""The blog index and the posts beneath it."""

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from posts.blocks import PostBodyBlock
from posts.feeds import FeedRoutesMixin
from posts.pagination import paginate
from posts.querysets import PostManager
from taxonomy.routes import TagRoutesMixin


class BlogIndexPage(FeedRoutesMixin, TagRoutesMixin, RoutablePageMixin, Page):
    intro = models.TextField(blank=True)
    posts_per_page = models.PositiveSmallIntegerField(
        default=10, help_text="How many posts each page of the listing shows."
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("posts_per_page")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["posts.PostPage"]
    max_count = 1

    def live_posts(self):
        """Posts a reader may see, newest first."""
        return PostPage.objects.visible().child_of(self).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["posts"] = paginate(request, self.live_posts(), self.posts_per_page)
        return context


class PostPage(Page):
    date = models.DateTimeField(
        "publication date",
        default=timezone.now,
        help_text="Shown on the post; listings are ordered by it. Back-date imported posts here.",
    )
    intro = models.TextField(
        blank=True,
        help_text="One or two sentences for listings. Left empty, the body's start is used.",
    )
    feed_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in listings and when the post is shared.",
    )
    body = StreamField(PostBodyBlock(), blank=True)
    tags = ParentalManyToManyField("taxonomy.Tag", blank=True, related_name="posts")

    objects = PostManager()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("date"), InlinePanel("post_authors", label="Author")], heading="Byline"
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("feed_image"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["posts.BlogIndexPage"]
    subpage_types = []

    class Meta:
        indexes = [models.Index(fields=["date"])]

    @property
    def authors(self):
        return [link.author for link in self.post_authors.all()]


class PostPageAuthor(Orderable):
    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey("posts.Author", on_delete=models.CASCADE, related_name="post_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="posts_unique_author_per_post")
        ]
