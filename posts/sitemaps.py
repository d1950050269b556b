"""The sitemap: /sitemap.xml is an index of section pages (/sitemap-pages.xml,
/sitemap-posts.xml?p=2, ...), each of at most SITEMAP_LIMIT addresses, so no one document
grows with the blog.

Every page lists only live public pages of the request's site. A rendered page (and the index)
is kept in Django's cache until the next content event that can change it: the cache's
generation is renewed through the invalidation hub (registered in PostsConfig.ready).
"""

import hashlib

from django.core.cache import cache
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import index as wagtail_sitemap_index
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page

from core import invalidation
from posts.models import PostPage

# Search engines accept up to 50,000; smaller pages are quicker to build and to fetch.
SITEMAP_LIMIT = 5000
CACHE_GENERATION = "sitemap"
# Pages appearing, going, moving or changing address; a site's host or root.
CACHE_EVENTS = invalidation.PAGE_EVENTS | {invalidation.SITE}
# A backstop only: every change that can alter a sitemap renews the generation.
MAX_AGE = 24 * 60 * 60
CACHED_HEADERS = ("Content-Type", "Last-Modified", "X-Robots-Tag")


class PagesSitemap(Sitemap):
    """The site's live public pages other than posts: home, blog, standing pages. Few, so
    each is fetched as its own type, whose get_sitemap_urls() it may override."""

    limit = SITEMAP_LIMIT

    def site_pages(self):
        root = self.get_wagtail_site().root_page
        return Page.objects.descendant_of(root, inclusive=True).live().public()

    def items(self):
        return (
            self.site_pages()
            .not_type(PostPage)
            .order_by("path")
            .defer_streamfields()
            .specific(defer=True)
        )

    def get_latest_lastmod(self):
        # One aggregate, rather than Django's default of loading every item for its lastmod;
        # dated as Wagtail's Sitemap.lastmod() dates a page.
        pages = self.site_pages().not_type(PostPage)
        last_change = Coalesce("last_published_at", "latest_revision_created_at")
        return pages.aggregate(latest=Max(last_change))["latest"]


class PostsSitemap(PagesSitemap):
    """The site's live public posts, in pages of SITEMAP_LIMIT. Queried as PostPage (no
    per-type lookups) with only the columns an address and its lastmod need."""

    def posts(self):
        return PostPage.objects.visible().descendant_of(self.get_wagtail_site().root_page)

    def items(self):
        # The path orders pages steadily (a post keeps its place as others are added) and is
        # indexed. The columns are those get_sitemap_urls() and get_full_url() read.
        return self.posts().order_by("path").only("url_path", "date", "last_published_at")

    def get_latest_lastmod(self):
        # As PostPage.get_sitemap_urls() dates each post: last published, else its date.
        return self.posts().aggregate(latest=Max(Coalesce("last_published_at", "date")))["latest"]


SECTIONS = {"pages": PagesSitemap, "posts": PostsSitemap}


def cache_keys():
    """The cached sitemaps' generation (for the invalidation hub)."""
    return [invalidation.generation_key(CACHE_GENERATION)]


def _cached(request, name, build):
    """The response `build()` makes for this site's address and sitemap page, from the cache
    when nothing has changed since it was made."""
    # The addresses are absolute, so the scheme and host are part of what is cached.
    where = f"{request.scheme}://{request.get_host()}|{name}|{request.GET.get('p', '')}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    key = f"posts:sitemap:{invalidation.generation(CACHE_GENERATION)}:{digest}"
    stored = cache.get(key)
    if stored is None:
        response = build()
        if response.status_code != 200:
            return response
        response.render()
        headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
        stored = (response.content, headers)
        cache.set(key, stored, MAX_AGE)
    content, headers = stored
    return HttpResponse(content, headers=headers)


@require_GET
def sitemap_index(request):
    """/sitemap.xml: each section's pages with their last change."""
    return _cached(
        request,
        "index",
        lambda: wagtail_sitemap_index(request, SECTIONS, sitemap_url_name="sitemap_section"),
    )


@require_GET
def sitemap_section(request, section):
    """/sitemap-<section>.xml?p=N: one page of a section's addresses."""
    return _cached(
        request,
        f"section:{section}",
        lambda: wagtail_sitemap(request, SECTIONS, section=section),
    )
