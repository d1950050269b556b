"""RSS and Atom feeds, and the BlogIndexPage routes that serve them.

/blog/feed/ (RSS 2.0), /blog/feed/atom/ (Atom), /blog/tag/<slug>/feed/ and
/blog/author/<slug>/feed/ (RSS): the newest visible posts, each with its summary, its full body
(addresses made absolute), its authors, its tags as categories and its feed image as an
enclosure. A feed costs the same number of queries for 1 post or 20, with any number of blocks.
"""

import mimetypes
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import feedgenerator
from django.utils.html import escape
from wagtail.contrib.routable_page.models import path, re_path
from wagtail.models import Site

from core import generation
from core.metadata import FeedLink
from core.sites import site_name_for_request
from posts.feed_content import prepare_bodies, render_body
from posts.models.authors import Author
from taxonomy.models import Tag

FEED_LENGTH = 20
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DUBLIN_CORE_NS = "http://purl.org/dc/elements/1.1/"


class RssWithContent(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 plus the full post in `content:encoded`, one `dc:creator` per author and the
    time of the last change in `atom:updated` (RSS itself has only the publication date)."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DUBLIN_CORE_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _link in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        handler.addQuickElement("atom:updated", feedgenerator.rfc3339_date(item["updateddate"]))
        handler.addQuickElement("content:encoded", item["content"])


class AtomWithContent(feedgenerator.Atom1Feed):
    """Atom plus the full post in `content` and one `author` element per author."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, link in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", link)
            handler.endElement("author")
        handler.addQuickElement("content", item["content"], {"type": "html"})


@dataclass
class FeedSubject:
    """What a feed follows: the whole blog, one tag or one author."""

    title: str
    description: str
    page_path: str  # the HTML page the feed mirrors
    blog: object  # the BlogIndexPage, whose routes give the authors' pages
    posts: QuerySet


class PostFeed(Feed):
    """The newest posts of a `FeedSubject`; one instance serves one request."""

    def __init__(self, feed_type):
        self.feed_type = feed_type
        self.request = None
        self.embeds = {}  # the items' stored embed markup, loaded with their bodies

    def get_object(self, request, subject):
        self.request = request
        self.site = Site.find_for_request(request)
        return subject

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def title(self, subject):
        return subject.title

    def description(self, subject):
        # RSS readers render a channel description as HTML, as they do item descriptions: a
        # tag or author name holding markup must arrive as text.
        return escape(subject.description)

    def subtitle(self, subject):
        return subject.description  # Atom's subtitle is declared plain text

    def link(self, subject):
        return self.absolute(subject.page_path)

    def author_name(self, subject):
        # Atom requires an author for every entry; posts without a byline inherit the site's.
        return site_name_for_request(self.request)

    def items(self, subject):
        posts = list(
            subject.posts.order_by("-date", "-pk")
            .select_related("listing_image")
            .prefetch_related("post_authors__author", "tags")[:FEED_LENGTH]
        )
        self.embeds = prepare_bodies(posts, self.request)
        return posts

    def item_title(self, post):
        return post.title

    def item_link(self, post):
        return self.absolute(post.get_url(self.request))

    def item_description(self, post):
        return escape(post.summary)

    def item_guid(self, post):
        # A tag URI (RFC 4151) from the site's configured host name and the page id: it survives
        # retitling, moving and re-dating a post, so readers never see an edit as a new post.
        first = post.first_published_at or post.date
        hostname = self.site.hostname if self.site else self.request.get_host()
        return f"tag:{hostname},{first:%Y-%m-%d}:post-{post.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, post):
        return post.date

    def item_updateddate(self, post):
        return max(post.date, post.last_published_at or post.date)

    def item_categories(self, post):
        return [tag.name for tag in post.tags.all()]

    def item_enclosures(self, post):
        image = post.listing_image
        if image is None:
            return []
        try:
            length = image.file_size or image.file.size
        except OSError:
            # The file is missing from storage; an enclosure must not promise what is not there.
            return []
        mime_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        return [feedgenerator.Enclosure(self.absolute(image.file.url), str(length), mime_type)]

    def get_feed(self, subject, request):
        self.subject = subject
        return super().get_feed(subject, request)

    def item_extra_kwargs(self, post):
        blog = self.subject.blog
        return {
            "content": render_body(post, self.request, self.item_link(post), self.embeds),
            "authors": [
                (
                    author.name,
                    self.absolute(blog.route_url("author", self.request, slug=author.slug)),
                )
                for author in post.authors
            ],
        }


class FeedRoutesMixin:
    """Feed routes of BlogIndexPage, and the autodiscovery links its pages put in <head>."""

    def feed_links(self, request, tag=None, author=None):
        """The autodiscovery links of this blog's pages: its RSS and Atom feeds, or first a
        tag's or author's own feed followed by those. The one place that lists them: the home
        page, the blog, its posts, tag and author pages all take theirs from here."""
        blog_url = self.get_url(request)
        if not blog_url:
            return []  # a blog outside any site (or being previewed unsaved) has no feeds to offer
        links = []
        if tag is not None:
            route = self.reverse_subpage("tag_feed", kwargs={"slug": tag.slug})
            links.append(("application/rss+xml", f"Posts tagged “{tag.name}”", route))
        if author is not None:
            route = self.reverse_subpage("author_feed", kwargs={"slug": author.slug})
            links.append(("application/rss+xml", f"Posts by {author.name}", route))
        links += [
            ("application/rss+xml", "RSS feed", self.reverse_subpage("feed")),
            ("application/atom+xml", "Atom feed", self.reverse_subpage("atom_feed")),
        ]
        return [
            FeedLink(mime, title, request.build_absolute_uri(blog_url + route))
            for mime, title, route in links
        ]

    def feed_response(self, request, feed_type, subject):
        """The feed of `subject()` as `feed_type`, kept until the next content event.

        A feed is the same for every reader and is what feed readers poll most, so its
        output is cached whole, keyed by its path (a route's path names its tag or author):
        a warm request costs only the routing to the blog. An unknown tag or author raises
        Http404 before anything is cached.
        """

        def build():
            response = PostFeed(feed_type)(request, subject=subject())
            return response.content, response["Content-Type"], response.get("Last-Modified")

        content, content_type, last_modified = generation.get_or_build(
            request, "feed", [request.path], build
        )
        response = HttpResponse(content, content_type=content_type)
        if last_modified:
            response["Last-Modified"] = last_modified
        return response

    def _subject(self, request, title, description, page_path, posts):
        return FeedSubject(title, description, page_path, self, posts)

    def _blog_subject(self, request):
        name = site_name_for_request(request)
        return self._subject(
            request,
            name,
            self.intro or f"The latest posts from {name}.",
            self.get_url(request),
            self.visible_posts(),
        )

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return self.feed_response(request, RssWithContent, lambda: self._blog_subject(request))

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return self.feed_response(request, AtomWithContent, lambda: self._blog_subject(request))

    @re_path(r"^tag/(?P<slug>[-\w]+)/feed/$", name="tag_feed")
    def tag_feed(self, request, slug):
        def subject():
            tag = get_object_or_404(Tag, slug=slug)
            posts = self.visible_posts().filter(tags=tag)
            if not posts.exists():
                # Like the tag page: a tag only hidden posts use stays unknown to readers.
                raise Http404("No such tag.")
            return self._subject(
                request,
                f"{site_name_for_request(request)}: {tag.name}",
                f"The latest posts tagged “{tag.name}”.",
                self.route_url("tag", request, slug=tag.slug),
                posts,
            )

        return self.feed_response(request, RssWithContent, subject)

    @re_path(r"^author/(?P<slug>[-\w]+)/feed/$", name="author_feed")
    def author_feed(self, request, slug):
        def subject():
            author = get_object_or_404(Author, slug=slug)
            return self._subject(
                request,
                f"{site_name_for_request(request)}: {author.name}",
                f"The latest posts by {author.name}.",
                self.route_url("author", request, slug=author.slug),
                self.visible_posts().by_author(author),
            )

        return self.feed_response(request, RssWithContent, subject)
