"""The blog index: its listing and date archives, author, tag and feed routes (mixed in from
posts.tag_routes and posts.feeds), the posts readers may see, and route addresses."""

import datetime
import functools
import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import dateformat
from wagtail.admin.panels import (
    FieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.images.models import Image
from wagtail.models import Page

from core.metadata import MetadataMixin
from core.pagination import paginate
from core.renditions import AUTHOR_PHOTO_SPECS
from core.sites import site_name_for_request
from posts.feeds import FeedRoutesMixin
from posts.models.authors import Author
from posts.models.post import PostPage
from posts.tag_routes import TagRoutesMixin
from taxonomy.models import Tag, name_sort_key

# Years an archive can hold. Outside them there are no posts, and the first or last instant of
# year 1 or 9999 overflows once converted to some time zones.
ARCHIVE_YEARS = range(1900, 2200)


class BlogIndexPage(MetadataMixin, FeedRoutesMixin, TagRoutesMixin, RoutablePageMixin, Page):
    intro = models.TextField(blank=True, help_text="A sentence or two shown above the posts.")
    posts_per_page = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="How many posts each page of the listing shows (1 to 100).",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("posts_per_page")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["posts.PostPage"]
    max_count = 1

    @classmethod
    def for_site(cls, site):
        """The site's live blog, or None (the tag cloud, archive box and search use it)."""
        blogs = cls.objects.live()
        return (blogs.in_site(site) if site is not None else blogs).first()

    def visible_posts(self):
        """The posts of this blog a reader may see. Every listing, feed, tag page, tag cloud,
        archive and author page starts from here."""
        return PostPage.objects.child_of(self).visible()

    def visible_tags(self):
        """Tags of the visible posts, each with `post_count`, A–Z: one query."""
        tags = (
            Tag.objects.filter(posts__in=self.visible_posts().order_by().values("pk"))
            .only("name", "slug")
            .annotate(post_count=Count("posts", distinct=True))
        )
        return sorted(tags, key=lambda tag: name_sort_key(tag.name))

    def most_used_tags(self, limit):
        """The `limit` tags with the most visible posts, each with `post_count`, most used
        first (then A–Z by name): one query."""
        tags = (
            Tag.objects.filter(posts__in=self.visible_posts().order_by().values("pk"))
            .only("name", "slug")
            .annotate(post_count=Count("posts", distinct=True))
            .order_by("-post_count", "name", "pk")
        )
        return list(tags[:limit])

    @classmethod
    def slug_is_route(cls, slug):
        """Whether a post with this slug would be unreachable: the blog's routes are tried
        before its child pages, so "tags", "feed", "author" or a year belong to them."""
        return any(segment.fullmatch(slug) for segment in cls.route_first_segments())

    @classmethod
    @functools.cache
    def route_first_segments(cls):
        """The first path segment of every route, as a pattern ("tags", "feed", "(\\d{4})"):
        read from the routes themselves, so a new route reserves its segment too."""
        segments = []
        for pattern in cls.get_resolver().url_patterns:
            first = pattern.pattern.regex.pattern.removeprefix("^").split("/", 1)[0]
            if first and not first.startswith("\\Z"):
                segments.append(re.compile(first))
        return tuple(segments)

    @classmethod
    def route_path(cls, name, *args, **kwargs):
        """A route's address relative to the blog's, e.g. route_path("tag", slug="x") is
        "tag/x/". Needs no blog instance, so cached data can be built from a blog's path."""
        return cls.get_resolver().reverse(name, *args, **kwargs)

    def route_url(self, name, request=None, **kwargs):
        """A route's address, e.g. route_url("author", slug="ada") is "/blog/author/ada/"."""
        return self.get_url(request) + self.route_path(name, **kwargs)

    def get_context(self, request, *args, listing=None, **kwargs):
        """`listing` narrows the posts shown (archives, authors, tags); by default all of them."""
        context = super().get_context(request, *args, **kwargs)
        posts = self.visible_posts().for_listing() if listing is None else listing
        context["posts"] = paginate(request, posts, self.posts_per_page, seek_on="date")
        context["blog"] = self
        context["blog_url"] = self.get_url(request)
        return context

    def listing_response(self, request, posts, template, *, allow_empty=True, **extra):
        """A paginated page of `posts` rendered with `template`; 404 if empty and not allowed."""
        context = self.get_context(request, listing=posts)
        if not allow_empty and not context["posts"].paginator.count:
            raise Http404("No posts here.")
        context.update(extra)
        return TemplateResponse(request, template, context)

    @re_path(r"^(\d{4})/$", name="archive_year")
    def archive_year(self, request, year):
        year = int(year)
        if year not in ARCHIVE_YEARS:
            raise Http404("No such year.")
        return self.listing_response(
            request,
            self.visible_posts().for_listing().in_year(year),
            "posts/archive_page.html",
            allow_empty=False,
            archive_date=datetime.date(year, 1, 1),
            archive_year=year,
            archive_month=None,
            metadata=self.archive_metadata(request, year),
        )

    @re_path(r"^(\d{4})/(\d{2})/$", name="archive_month")
    def archive_month(self, request, year, month):
        year, month = int(year), int(month)
        if year not in ARCHIVE_YEARS or not 1 <= month <= 12:
            raise Http404("No such month.")
        return self.listing_response(
            request,
            self.visible_posts().for_listing().in_month(year, month),
            "posts/archive_page.html",
            allow_empty=False,
            archive_date=datetime.date(year, month, 1),
            archive_year=year,
            archive_month=month,
            metadata=self.archive_metadata(request, year, month),
        )

    @re_path(r"^author/(?P<slug>[-\w]+)/$", name="author")
    def author_posts(self, request, slug):
        photos = Image.objects.prefetch_renditions(*AUTHOR_PHOTO_SPECS)
        author = get_object_or_404(
            Author.objects.prefetch_related(Prefetch("photo", queryset=photos)), slug=slug
        )
        return self.listing_response(
            request,
            self.visible_posts().for_listing().by_author(author),
            "posts/author_page.html",
            author=author,
            metadata=self.author_metadata(request, author),
        )

    # Readers (and old links) try /blog/search/?q=…; the site's search is /search/?q=….
    # Sending them there also keeps the slug from any post, which this route would hide
    # (see slug_is_route).
    @re_path(r"^search/$", name="search")
    def search_redirect(self, request):
        target = reverse("search")
        if query := request.GET.urlencode():
            target = f"{target}?{query}"
        return redirect(target)

    def get_metadata(self, request, context=None):
        meta = super().get_metadata(request, context)
        name = site_name_for_request(request)
        return meta.replace(
            description=meta.description or self.intro or f"The latest posts from {name}.",
            feeds=self.feed_links(request),
        )

    def route_metadata(self, request, title, description, *, tag=None, author=None):
        """A route's metadata: the blog's, retitled, with a tag's or author's feed first."""
        return self.get_metadata(request).replace(
            title=title,
            description=description,
            feeds=self.feed_links(request, tag=tag, author=author),
        )

    def tag_metadata(self, request, tag):
        title = f"Posts tagged “{tag.name}”"
        return self.route_metadata(request, title, tag.description or f"{title}.", tag=tag)

    def tag_index_metadata(self, request):
        return self.route_metadata(request, "Topics", "Every topic with its number of posts.")

    def author_metadata(self, request, author):
        description = author.bio or f"Posts by {author.name}."
        return self.route_metadata(request, author.name, description, author=author)

    def archive_metadata(self, request, year, month=None):
        # As the archive template words it ("March 2024"), in the site's language.
        period = dateformat.format(datetime.date(year, month, 1), "F Y") if month else str(year)
        title = f"Posts from {period}"
        return self.route_metadata(request, title, f"{title}, newest first.")
