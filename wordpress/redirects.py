"""Permanent redirects from a WordPress blog's old addresses to the imported pages and routes."""

from urllib.parse import urlsplit

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from .models import TermRedirect
from .term_redirects import blog_path, point_term_redirects, points_to_a_tag

# WordPress answers these query-string links on any path; the before_serve_page hook in
# wagtail_hooks.py resolves them, because Wagtail's middleware only looks at 404s.
QUERY_KEYS = ("p", "page_id")


def post_paths(item, base_url):
    """The addresses a WordPress post could be reached at, whatever its permalink setting."""
    paths = [f"/?p={item.wp_id}"] if item.wp_id.isdigit() else []
    name = item.post_name
    if name:
        date = item.post_date[:10]
        if len(date) == 10 and not date.startswith("0000"):
            year, month, day = date.split("-")
            paths += [f"/{year}/{month}/{day}/{name}/", f"/{year}/{month}/{name}/"]
        paths.append(f"/{name}/")
    return paths + link_path(item.link, base_url)


def page_paths(item, base_url):
    # An item without a WordPress ID (wxr.scan gave it one from its guid) has no ?p= link.
    by_id = [f"/?page_id={item.wp_id}", f"/?p={item.wp_id}"] if item.wp_id.isdigit() else []
    return by_id + link_path(item.link, base_url)


def link_path(link, base_url):
    """The item's own permalink as a path, when it belongs to the exported site."""
    if not link:
        return []
    parts, base = urlsplit(link), urlsplit(base_url)
    if base.hostname and parts.hostname != base.hostname:
        return []
    prefix = base.path.rstrip("/")
    path = parts.path[len(prefix) :] if prefix and parts.path.startswith(prefix) else parts.path
    return (
        [path + (f"?{parts.query}" if parts.query else "")]
        if path.strip("/") or parts.query
        else []
    )


class RedirectWriter:
    """Creates each redirect once; an address already redirecting elsewhere is left alone.

    Wagtail only redirects addresses that would otherwise be 404: an old address where another
    page of the site answers cannot be claimed. Such addresses are still written (the redirect
    takes over if that page goes) and listed in the report."""

    def __init__(self, site, report):
        self.site = site
        self.report = report
        self.terms = {}  # old path -> tag slug, for point_term_redirects
        self.root_path = site.root_page.url_path if site else None

    def to_page(self, paths, page):
        self._write(paths, page=page)

    def to_url(self, paths, url):
        self._write(paths, link=url)

    def to_term(self, paths, tag_slug, url, index_path):
        """Redirects to a tag's page. One already sent to the blog index, or to a tag address
        (the tag's slug since changed by an editor), is ours: point_term_redirects updates it."""
        for path in paths:
            self.terms[Redirect.normalise_path(path)] = tag_slug
        self._write(paths, link=url, is_ours=lambda link: points_to_a_tag(link, index_path))

    def point_term_redirects(self, blog):
        """Records which tag each old term address stands for, then points it at the tag's
        page or, while the tag has no visible post, at the blog index (see term_redirects)."""
        if not self.terms:
            return
        redirects = Redirect.objects.filter(
            site=self.site, old_path__in=self.terms, redirect_page__isnull=True
        ).only("old_path")
        known = {
            row.redirect_id: row
            for row in TermRedirect.objects.filter(redirect__in=redirects).select_related(
                "redirect"
            )
        }
        for redirect in redirects:
            slug = self.terms[redirect.old_path]
            row = known.get(redirect.pk)
            if row is None:
                TermRedirect.objects.create(redirect=redirect, tag_slug=slug, blog=blog)
            elif (row.tag_slug, row.blog_id) != (slug, blog.pk):
                row.tag_slug, row.blog = slug, blog
                row.save(update_fields=["tag_slug", "blog"])
        rows = TermRedirect.objects.filter(redirect__in=redirects)
        index_path = blog_path(blog)
        for old_path in point_term_redirects(rows):
            self.report.warn("empty_tag", f"{old_path} → {index_path} (no posts yet)")

    def _write(self, paths, page=None, link="", is_ours=None):
        wanted = {}
        for path in paths:
            old_path = Redirect.normalise_path(path)
            if old_path == "/" or len(old_path) > 255:
                self.report.warn("redirect_skipped", path)
            else:
                wanted.setdefault(old_path, path)
        existing = Redirect.objects.filter(site=self.site, old_path__in=wanted).values_list(
            "old_path", "redirect_page_id", "redirect_link"
        )
        target = (page.pk if page else None, link)
        for old_path, *current in existing:
            del wanted[old_path]
            ours = is_ours and current[0] is None and is_ours(current[1])
            if tuple(current) != target and not ours:
                self.report.warn("redirect_conflict", f"{old_path} already redirects elsewhere")
        self._report_unclaimed(wanted, page, link)
        Redirect.objects.bulk_create(
            Redirect(
                site=self.site,
                old_path=old_path,
                is_permanent=True,
                redirect_page=page,
                redirect_link=link,
            )
            for old_path in wanted
        )

    def _report_unclaimed(self, wanted, page, link):
        """New redirects whose old address another page of the site answers."""
        if self.root_path is None:
            return
        by_url_path = {
            self.root_path + old_path.strip("/") + "/": old_path
            for old_path in wanted
            if "?" not in old_path
        }
        if not by_url_path:
            return
        served = Page.objects.filter(url_path__in=by_url_path)
        if page is not None:
            served = served.exclude(pk=page.pk)
        for other in served.only("title", "url_path"):
            old_path = by_url_path[other.url_path]
            target = page.url_path.removeprefix(self.root_path.rstrip("/")) if page else link
            self.report.unclaimed(old_path + "/", target, other.title)
