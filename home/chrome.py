"""The chrome around every page (site settings and both menus), loaded in at most three
queries and cached per request and across requests.

A cold load costs: 1) the site's settings with the privacy and email-updates pages and the
blog's address, 2) the editorial team with their authors, 3) every item of both menus with its
page. A warm load costs nothing. The invalidation hub (core.invalidation) drops the cached
copies after any change that could alter what the chrome shows (settings, team, menus,
authors, sites, and pages being published, unpublished, moved or deleted); `HomeConfig.ready()`
registers them.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch, Subquery
from django.utils.safestring import mark_safe
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from core import invalidation
from home.models import EditorialTeamMember, Menu, MenuItem, SiteSettings
from home.models.menus import resolve_links
from posts.models import BlogIndexPage

CACHE_KEY = "home.chrome.v1.{site_pk}"
# A safety net only: every change that matters clears the cache through the hub.
CACHE_TIMEOUT = 24 * 60 * 60
# What the chrome shows: settings, the team (with authors' names), menus (whose labels follow
# page titles and whose items hide when their page goes) and the blog's address.
CACHE_EVENTS = invalidation.PAGE_EVENTS | {
    invalidation.SITE,
    invalidation.SETTINGS,
    invalidation.MENU,
    invalidation.AUTHOR,
}
REQUEST_ATTR = "_home_chrome"
MENU_PREVIEW_ATTR = "_home_menu_preview"
SETTINGS_PREVIEW_ATTR = "_home_settings_preview"


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str
    url: str = ""  # the author's page, when the member is linked to an author


@dataclass
class Chrome:
    settings: SiteSettings
    welcome_html: str = ""
    disclaimer_html: str = ""
    team: list = field(default_factory=list)
    blog_url: str = ""
    privacy_url: str = ""
    email_updates_url: str = ""
    header_links: list = field(default_factory=list)
    footer_links: list = field(default_factory=list)


def chrome_for_request(request):
    """The chrome for the request's site; previews of settings or a menu are applied."""
    chrome = getattr(request, REQUEST_ATTR, None)
    if chrome is not None:
        return chrome
    site = Site.find_for_request(request)
    # A settings preview puts its unsaved instance here before anything is rendered.
    previewed = getattr(request, SETTINGS_PREVIEW_ATTR, None)
    if previewed is not None or site is None:
        chrome = build_chrome(site, request, site_settings=previewed)
    else:
        key = CACHE_KEY.format(site_pk=site.pk)
        chrome = cache.get(key)
        if chrome is None:
            chrome = build_chrome(site, request)
            cache.set(key, chrome, CACHE_TIMEOUT)
    menu = getattr(request, MENU_PREVIEW_ATTR, None)
    if menu is not None:
        links = resolve_links(menu.items.all(), request)
        setattr(chrome, f"{menu.slot}_links", links)
    setattr(request, REQUEST_ATTR, chrome)
    # `SiteSettings.for_request` (and `{{ settings.home.SiteSettings }}`) then answer with this
    # instance instead of querying again.
    setattr(request, SiteSettings.get_cache_attr_name(), chrome.settings)
    return chrome


def build_chrome(site, request=None, site_settings=None):
    if site is None:
        return Chrome(settings=SiteSettings())
    root = site.root_page
    if site_settings is None:
        site_settings = _load_settings(site, root)
        blog_url_path = getattr(site_settings, "blog_url_path", None)
    else:
        blog_url_path = _blog_pages(root).values_list("url_path", flat=True).first()
    # Both menus, every item and its page, in one query.
    items_by_slot = {Menu.HEADER: [], Menu.FOOTER: []}
    for item in (
        MenuItem.objects.filter(menu__site=site)
        .select_related("menu", "link_page")
        .with_page_restriction()
        .order_by("menu_id", "sort_order", "pk")
    ):
        items_by_slot[item.menu.slot].append(item)
    blog_url = _relative_url(root, blog_url_path)
    return Chrome(
        settings=site_settings,
        welcome_html=_rich_text(site_settings.welcome_text),
        disclaimer_html=_rich_text(site_settings.disclaimer),
        team=_team(site_settings, blog_url),
        blog_url=blog_url,
        privacy_url=_live_page_url(site_settings.privacy_page, request),
        email_updates_url=_live_page_url(site_settings.email_updates_page, request),
        header_links=resolve_links(items_by_slot[Menu.HEADER], request),
        footer_links=resolve_links(items_by_slot[Menu.FOOTER], request),
    )


def _blog_pages(root):
    return BlogIndexPage.objects.live().descendant_of(root)


def _load_settings(site, root):
    # The blog's address rides along in the same query: the team links to author pages.
    blog_path = Subquery(_blog_pages(root).order_by("path").values("url_path")[:1])
    site_settings = (
        SiteSettings.objects.filter(site=site)
        .select_related("privacy_page", "email_updates_page")
        .prefetch_related(
            Prefetch(
                "editorial_team",
                queryset=EditorialTeamMember.objects.select_related("author"),
            )
        )
        .annotate(blog_url_path=blog_path)
        .first()
    )
    if site_settings is None:
        # Nothing saved yet: defaults, without writing on a reader's GET.
        site_settings = SiteSettings(site=site)
        site_settings.blog_url_path = _blog_pages(root).values_list("url_path", flat=True).first()
    return site_settings


def _team(site_settings, blog_url):
    return [
        TeamMember(
            member.display_name,
            member.role,
            blog_url + BlogIndexPage.route_path("author", slug=member.author.slug)
            if member.author and blog_url
            else "",
        )
        for member in site_settings.editorial_team.all()
    ]


def _rich_text(value):
    # Expanded once here, so internal links cost no queries on cached renders.
    return mark_safe(expand_db_html(value)) if value else ""


def _relative_url(root, url_path):
    if not url_path or not url_path.startswith(root.url_path):
        return ""
    return "/" + url_path[len(root.url_path) :]


def _live_page_url(page, request):
    """The page's URL when it is live, else ""."""
    return (page.get_url(request) or "") if page is not None and page.live else ""


def cache_keys():
    """Every site's cached chrome (for the invalidation hub)."""
    return invalidation.site_keys(lambda pk: CACHE_KEY.format(site_pk=pk))
