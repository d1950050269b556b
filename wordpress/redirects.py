"""Permanent redirects from a WordPress blog's old addresses to the imported pages and routes."""

from urllib.parse import urlsplit

from wagtail.contrib.redirects.models import Redirect

# WordPress answers these query-string links on any path; the before_serve_page hook in
# wagtail_hooks.py resolves them, because Wagtail's middleware only looks at 404s.
QUERY_KEYS = ("p", "page_id")


def post_paths(item, base_url):
    """The addresses a WordPress post could be reached at, whatever its permalink setting."""
    paths = [f"/?p={item.wp_id}"]
    name = item.post_name
    if name:
        date = item.post_date[:10]
        if len(date) == 10 and not date.startswith("0000"):
            year, month, day = date.split("-")
            paths += [f"/{year}/{month}/{day}/{name}/", f"/{year}/{month}/{name}/"]
        paths.append(f"/{name}/")
    return paths + link_path(item.link, base_url)


def page_paths(item, base_url):
    return [f"/?page_id={item.wp_id}", f"/?p={item.wp_id}"] + link_path(item.link, base_url)


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
    """Creates each redirect once; an address already redirecting elsewhere is left alone."""

    def __init__(self, site, warn):
        self.site = site
        self.warn = warn

    def to_page(self, paths, page):
        self._write(paths, page=page)

    def to_url(self, paths, url):
        self._write(paths, link=url)

    def _write(self, paths, page=None, link=""):
        wanted = {}
        for path in paths:
            old_path = Redirect.normalise_path(path)
            if old_path == "/" or len(old_path) > 255:
                self.warn("redirect_skipped", path)
            else:
                wanted.setdefault(old_path, path)
        existing = Redirect.objects.filter(site=self.site, old_path__in=wanted).values_list(
            "old_path", "redirect_page_id", "redirect_link"
        )
        target = (page.pk if page else None, link)
        for old_path, *current in existing:
            del wanted[old_path]
            if tuple(current) != target:
                self.warn("redirect_conflict", f"{old_path} already redirects elsewhere")
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
