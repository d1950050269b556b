"""A post: its fields and editor panels, summary and reading time, scheduling by date, related
and adjacent posts, metadata, and its authors and "Read more" choices."""

import math

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.text import Truncator
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.images.models import Image
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import (
    BodyRenderState,
    PostBodyBlock,
    paragraph_words,
    stored_image_blocks,
    table_of_contents,
    word_count,
)
from core.body_links import resolve_page_links, rich_texts_of, stored_embeds
from core.body_text import search_text
from core.metadata import ARTICLE, MetadataMixin, share_image
from core.renditions import AUTHOR_PHOTO_SPECS, prefetch_body_renditions
from core.sites import site_name_for_request
from posts import post_cache
from posts.citations import link_citations, oscola
from posts.forms import PostPageForm
from posts.querysets import PostManager, author_links
from taxonomy.editing import TagsPanel

SUMMARY_WORDS = 40
WORDS_PER_MINUTE = 200
RELATED_POSTS = 4
# "Read more" looks for shared tags among only the posts nearest in date to the post, this many
# on each side, so its cost does not grow with the blog: a popular tag may carry half the
# posts, and ranking all of them by shared tags read every one.
RELATED_CANDIDATES_PER_SIDE = 100


class PostPage(MetadataMixin, Page):
    date = models.DateTimeField(
        "publication date",
        default=timezone.now,
        help_text="Shown on the post; listings are ordered by it. Back-date imported posts here. "
        "Publishing a post dated in the future schedules it to go live on that date.",
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
        help_text="Shown in listings and when the post is shared. "
        "Left empty, the first image of the body is used.",
    )
    body = StreamField(PostBodyBlock(), blank=True)
    # What listings, feeds and social cards show: the feed image, else the body's first image
    # (so a post shows a picture without the editor finding "Feed image"). Kept on save.
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ParentalManyToManyField(
        "taxonomy.Tag",
        blank=True,
        related_name="posts",
        help_text="The topics the post is about. Readers browse posts by topic.",
    )
    show_as_updated = models.BooleanField(
        "show as updated",
        default=False,
        help_text="Tick when you correct or add to a published post: readers then see "
        "“Updated” with the date it was last published, beside its original date.",
    )
    show_toc = models.BooleanField(
        "show a table of contents",
        default=False,
        help_text="Lists the post's headings at the top, linked to each section. "
        "Useful for long posts with several headings.",
    )
    link_case_citations = models.BooleanField(
        "link case citations",
        default=True,
        help_text="Links neutral citations in the body, such as [2020] UKSC 5, to the judgment "
        "on the National Archives' Find Case Law. Untick if a post quotes citations that "
        "should stay plain text.",
    )
    email_subscribers = models.BooleanField(
        "email this post to subscribers",
        default=True,
        help_text="Untick for a post that should reach nobody's inbox (a correction, a notice): "
        "it then goes out in no email, neither on its own when first published nor in the "
        "weekly digest.",
    )
    # The body's first words, kept up to date on save so listings need not load the body.
    body_summary = models.TextField(blank=True, editable=False)
    # Readers' comments (the `comments` app, which sits above posts): whether this post takes
    # them, and how many approved ones it has. The count is kept by `comments` whenever a
    # comment becomes visible or stops being, so a listing card shows it without a query.
    comments_policy = models.CharField(
        "comments",
        max_length=10,
        blank=True,
        default="",
        choices=[
            ("", "As the site's comment settings say"),
            ("open", "Open"),
            ("closed", "Closed"),
            ("days", "Open for a number of days after the post's date"),
        ],
        help_text="Whether readers may comment on this post. Comments already approved stay "
        "visible when comments close.",
    )
    comments_close_after_days = models.PositiveSmallIntegerField(
        "close comments after (days)",
        null=True,
        blank=True,
        help_text="With “Open for a number of days”: how many. Left empty, the site's number.",
    )
    comment_count = models.PositiveIntegerField(default=0, editable=False)

    objects = PostManager()

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("show_toc"),
        FieldPanel("link_case_citations"),
    ]
    byline_panels = [
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("show_as_updated"),
                InlinePanel("post_authors", label="Author"),
            ],
            heading="Byline",
            help_text="Add authors in the order the byline should name them. "
            "Leave empty for an unsigned post.",
        ),
        TagsPanel("tags"),
        FieldPanel("feed_image"),
    ]
    related_panels = [
        HelpPanel(
            "Choose up to four posts to show under “Read more”. "
            "Left empty, the latest posts sharing the most topics are shown."
        ),
        InlinePanel("related_links", label="Related post", max_num=RELATED_POSTS),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(byline_panels, heading="Byline and topics"),
            ObjectList(related_panels, heading="Read more"),
            ObjectList(Page.promote_panels + [FieldPanel("email_subscribers")], heading="Promote"),
            ObjectList(
                Page.settings_panels
                + [
                    MultiFieldPanel(
                        [FieldPanel("comments_policy"), FieldPanel("comments_close_after_days")],
                        heading="Readers' comments",
                    )
                ],
                heading="Settings",
            ),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body_search_text"),
        index.FilterField("date"),
        # Readers search for a writer or a topic by name; those words say more than body text.
        index.RelatedFields(
            "post_authors",
            [index.RelatedFields("author", [index.SearchField("name", boost=1.5)])],
        ),
        index.RelatedFields("tags", [index.SearchField("name", boost=1.5)]),
    ]
    # Indexed on save by posts.search instead of Wagtail's handler, so a bulk import can pause it.
    search_auto_update = False

    base_form_class = PostPageForm

    # The second mode lets an editor check how the post looks in listings before publishing.
    preview_modes = [("", "Post page"), ("card", "Listing card")]

    parent_page_types = ["posts.BlogIndexPage"]
    subpage_types = []

    class Meta:
        # Listings, archives and previous/next order and seek on (date, pk): one index serves
        # both, so a page or a neighbour is found without sorting the blog.
        indexes = [models.Index(fields=["date", "page_ptr"], name="posts_post_date_pk_idx")]

    @property
    def authors(self):
        # The page's own cached parts answer once get_context() has fetched them.
        cached = getattr(self, "_cached_authors", None)
        if cached is not None:
            return cached
        return [link.author for link in self.post_authors.all()]

    def with_content_json(self, content):
        # The comment count belongs to the post, not to a revision: publishing or reverting to
        # a revision saved before the latest comment must not bring back its older count.
        # Read from the row, not from `self`: the revision's cached instance may be older still.
        obj = super().with_content_json(content)
        if self.pk:
            stored = PostPage.objects.filter(pk=self.pk).values_list("comment_count", flat=True)
            obj.comment_count = stored.first() or 0
        return obj

    def get_sitemap_urls(self, request=None):
        return [
            {"location": self.get_full_url(request), "lastmod": self.last_published_at or self.date}
        ]

    @property
    def updated_on(self):
        """When a post shown as updated was last published, if after its date (else None)."""
        if self.show_as_updated and self.last_published_at and self.last_published_at > self.date:
            return self.last_published_at
        return None

    @property
    def summary(self):
        """The intro, or the body's first ~40 words when the editor left it empty.

        Listings, meta descriptions and feeds use this; it needs no body (see body_summary).
        """
        return self.intro or self.body_summary

    @property
    def reading_minutes(self):
        return max(1, math.ceil(word_count(self.body) / WORDS_PER_MINUTE))

    def body_search_text(self):
        return search_text(self.body)

    def refresh_body_summary(self):
        # One word more than is shown tells whether the summary is cut short.
        words = paragraph_words(self.body, SUMMARY_WORDS + 1)
        summary = " ".join(words[:SUMMARY_WORDS])
        self.body_summary = f"{summary}…" if len(words) > SUMMARY_WORDS else summary

    def refresh_listing_image(self):
        """The feed image, else the body's first image that still exists. Read from the
        stored form of the blocks, so a long body is not turned into block objects on every
        save; one query checks the candidates (an image may have been deleted since)."""
        image_id = self.feed_image_id
        if image_id is None:
            candidates = [value["image"] for value in stored_image_blocks(self.body)]
            if candidates:
                existing = set(Image.objects.filter(pk__in=candidates).values_list("pk", flat=True))
                image_id = next((pk for pk in candidates if pk in existing), None)
        self.listing_image_id = image_id

    def clean(self):
        # Runs for drafts (save_revision) as well as saves, so previews summarise the draft.
        super().clean()
        self.check_slug_is_not_a_route()
        self.refresh_body_summary()
        self.refresh_listing_image()
        self.schedule_for_date()

    def check_slug_is_not_a_route(self):
        # Looked up in the app registry: blog.py imports this module.
        blog_index = apps.get_model("posts", "BlogIndexPage")
        if self.slug and blog_index.slug_is_route(self.slug):
            raise ValidationError(
                {
                    "slug": f"“{self.slug}” is taken by the blog's own pages (topics, feeds, "
                    "authors and yearly archives live there), so readers could never reach "
                    f"this post. Choose another slug, such as “{self.slug}-2”."
                }
            )

    def schedule_for_date(self):
        """A post dated in the future goes live on that date, through Wagtail's own scheduling:
        its date becomes the go-live time, so publishing it schedules it instead (and
        `publish_scheduled` puts it live when the time comes). A later go-live time chosen by
        the editor is kept; an earlier one could show the post before its date. The other way
        round, a post never published that is given a go-live time takes it as its date."""
        now = timezone.now()
        in_future = self.date is not None and self.date > now
        if in_future and (self.go_live_at is None or self.go_live_at < self.date):
            self.go_live_at = self.date
        elif (
            self.go_live_at is not None
            and self.go_live_at > now
            and self.first_published_at is None
            and (self.date is None or self.date < self.go_live_at)
        ):
            # Scheduled from the Settings tab without touching the date (which defaults to when
            # the draft was started): readers should see the day it went out. A post already
            # published keeps its date; to back-date a post, publish it now.
            self.date = self.go_live_at

    def save(self, *args, **kwargs):
        self.refresh_body_summary()
        self.refresh_listing_image()
        return super().save(*args, **kwargs)

    def related_posts(self, visible, tags):
        """Editor-chosen posts in their order, else the latest posts sharing the most tags."""
        visible = visible.defer_streamfields()
        chosen_ids = [link.post_id for link in self.related_links.all() if link.post_id]
        if chosen_ids:
            by_id = {post.pk: post for post in visible.filter(pk__in=chosen_ids)}
            chosen = [by_id[pk] for pk in chosen_ids if pk in by_id][:RELATED_POSTS]
            if chosen:
                return chosen
        tag_ids = [tag.pk for tag in tags]
        if not tag_ids:
            return []
        others = visible.exclude(pk=self.pk) if self.pk else visible
        # The candidates: the posts just older and just newer than this one, two LIMIT
        # subqueries read from the (date, pk) index within the one query, so ranking by
        # shared tags groups a bounded set of rows. For the newest posts, the ones most read,
        # these are the blog's latest posts, as before.
        side = RELATED_CANDIDATES_PER_SIDE
        older = others.filter(date__lte=self.date).order_by("-date", "-pk").values("pk")
        newer = others.filter(date__gt=self.date).order_by("date", "pk").values("pk")
        nearby = Q(pk__in=older[:side]) | Q(pk__in=newer[:side])
        return list(others.filter(nearby).sharing_tags(tag_ids)[:RELATED_POSTS])

    def adjacent_posts(self, visible):
        """The visible posts just older and just newer than this one (either may be None).

        Each is one row read from the (date, pk) index: the plain bound on the date lets the
        database start the scan at this post instead of filtering the whole blog."""
        visible = visible.defer_streamfields()
        if self.pk:
            visible = visible.exclude(pk=self.pk)
            older_q = Q(date__lte=self.date) & (Q(date__lt=self.date) | Q(pk__lt=self.pk))
            newer_q = Q(date__gte=self.date) & (Q(date__gt=self.date) | Q(pk__gt=self.pk))
        else:
            older_q, newer_q = Q(date__lt=self.date), Q(date__gt=self.date)
        older = visible.filter(older_q).order_by("-date", "-pk").first()
        newer = visible.filter(newer_q).order_by("date", "pk").first()
        return older, newer

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parts = post_cache.post_parts(request, self, lambda: self.build_parts(request))
        self._cached_authors = parts["authors"]
        context.update(parts)
        return context

    def build_parts(self, request):
        """What the post page shows of the post and its neighbours, as context values: the
        rendered body, byline, tags, related and adjacent posts, and its metadata. Cached
        between content events for readers (posts.post_cache), so each must pickle."""
        if getattr(request, "is_preview", False):
            # The form's body may not have been through clean() (a new page's preview).
            self.refresh_body_summary()
        else:
            # A preview shows the unsaved form's authors; a live page fetches them at once.
            photos = Image.objects.prefetch_renditions(*AUTHOR_PHOTO_SPECS)
            prefetch_related_objects(
                [self],
                Prefetch("post_authors", queryset=author_links(PostPage)),
                Prefetch("post_authors__author__photo", queryset=photos),
            )
        prefetch_body_renditions(self.body)
        resolve_page_links(rich_texts_of(self.body), request)
        # The parent is the blog: its Page fields are all visible_posts() needs, so the
        # specific instance costs no query.
        parent = self.get_parent()
        blog = parent.specific_deferred if parent else None
        visible = blog.visible_posts() if blog else PostPage.objects.none()
        older, newer = self.adjacent_posts(visible)
        tags = list(self.tags.all())
        parts = {
            "blog": blog,
            "blog_url": blog.get_url(request) if blog else "",
            "authors": self.authors,
            "tags": tags,
            "related_posts": self.related_posts(visible, tags),
            "previous_post": older,
            "next_post": newer,
            "toc": table_of_contents(self.body) if self.show_toc else [],
            "reading_minutes": self.reading_minutes,
        }
        parts["body_html"] = self.render_body(request)
        if self.link_case_citations:
            parts["body_html"] = link_citations(parts["body_html"])
        parts["metadata"] = self.get_metadata(request, parts)
        parts["citation"], parts["citation_url"] = oscola(
            self.title,
            [author.name for author in parts["authors"]],
            site_name_for_request(request),
            self.date,
            # The Wagtail site's address for the post, as the sitemap gives it: the same on the
            # live page and in a preview, whatever host the request came in by.
            self.get_full_url(request) or parts["metadata"].canonical,
        )
        parts["share_text"] = f"{self.title} {parts['citation_url']}"
        return parts

    def render_body(self, request):
        """The body's blocks as HTML; rendered here rather than in the page template so the
        result can be cached with the other parts."""
        context = {
            "request": request,
            "page": self,
            "body_state": BodyRenderState(embeds=stored_embeds([self.body])),
        }
        return self.body.render_as_block(context=context)

    def get_preview_template(self, request, mode_name):
        if mode_name == "card":
            return "posts/post_card_preview.html"
        return super().get_preview_template(request, mode_name)

    def get_metadata(self, request, context=None):
        """An article: OpenGraph article fields and a schema.org BlogPosting.

        The post's own context has fetched its authors, tags and blog already; only a direct
        call (a preview of an unsaved post) reads them from the page.
        """
        context = context or {}
        meta = super().get_metadata(request, context)
        blog = context.get("blog")
        authors = context.get("authors")
        if authors is None:
            authors = self.authors
        tags = context.get("tags")
        if tags is None:
            tags = list(self.tags.all())
        people = [self._person(author, blog, request) for author in authors]
        tag_names = [tag.name for tag in tags]
        meta = meta.replace(
            type=ARTICLE,
            description=meta.description or self.summary,
            image=share_image(request, self.listing_image),
            feeds=blog.feed_links(request) if blog else [],
            published=self.date,
            modified=max(self.date, self.last_published_at or self.date),
            # OpenGraph wants profile addresses here; a name only when there is no author page.
            authors=[person.get("url", person["name"]) for person in people],
            tags=tag_names,
        )
        data = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": Truncator(self.title).chars(110),  # Google's limit for headlines
            "description": meta.description,
            "url": meta.canonical,
            "mainEntityOfPage": {"@type": "WebPage", "@id": meta.canonical},
            "datePublished": meta.published.isoformat(),
            "dateModified": meta.modified.isoformat(),
            "author": people,
            "publisher": {
                "@type": "Organization",
                "name": context.get("site_name") or site_name_for_request(request),
            },
            "keywords": tag_names,
            # Approved comments only (held and spam ones are never counted; see comments/).
            "commentCount": self.comment_count,
        }
        if meta.image:
            data["image"] = {
                "@type": "ImageObject",
                "url": meta.image.url,
                "width": meta.image.width,
                "height": meta.image.height,
            }
        return meta.replace(structured_data=data)

    @staticmethod
    def _person(author, blog, request):
        person = {"@type": "Person", "name": author.name}
        blog_url = blog.get_url(request) if blog else None
        if blog_url:
            person["url"] = request.build_absolute_uri(
                blog.route_url("author", request, slug=author.slug)
            )
        return person


class PostPageAuthor(Orderable):
    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="post_authors")
    author = models.ForeignKey("posts.Author", on_delete=models.CASCADE, related_name="post_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="posts_unique_author_per_post")
        ]


class PostPageRelatedPost(Orderable):
    """An editor's "Read more" choice: another post shown under this one."""

    page = ParentalKey(PostPage, on_delete=models.CASCADE, related_name="related_links")
    post = models.ForeignKey(
        PostPage,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Drafts and scheduled posts are left out until they are published.",
    )

    panels = [PageChooserPanel("post", "posts.PostPage")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "post"], name="posts_unique_related_post")
        ]
