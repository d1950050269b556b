"""Old WordPress tag and category addresses follow their tag, whatever happens to it later.

A tag page lists only visible posts and is 404 without any, so an old /tag/x/ address points
at the tag's page (301) while the tag has visible posts and at the blog index (302) while it
has none. The importer records each such redirect (`TermRedirect`); `point_term_redirects`
decides where it points, at the end of every import and after every content event that can
change which tags have visible posts or what their addresses are (registered in apps.py).
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from core import invalidation
from posts.models import BlogIndexPage
from taxonomy.models import OldTagSlug, Tag

from .models import TermRedirect

# Publishing, unpublishing, moving or deleting a post, a view restriction, a tag renamed or
# merged: each can empty a tag or give it its first visible post, or move its page.
EVENTS = invalidation.PAGE_EVENTS | {invalidation.TAG, invalidation.TAGS_MERGED}


def blog_path(blog):
    """The blog index's address on its own site ("/blog/"), as redirects hold it."""
    parts = blog.get_url_parts()
    return parts[2] if parts else blog.url_path


def tag_prefix(index_path):
    """What every tag page's address starts with ("/blog/tag/"), read from the route itself."""
    return index_path + BlogIndexPage.route_path("tag", slug="-")[:-2]


def points_to_a_tag(link, index_path):
    """Whether a redirect still points where this module puts one: the blog index or a tag
    page. Anywhere else, someone has re-pointed it and it is theirs."""
    return link == index_path or link.startswith(tag_prefix(index_path))


def point_term_redirects(rows=None):
    """Point each of `rows` (every TermRedirect by default) where its tag now is. Returns the
    old addresses left on a blog index, for the importer's report.

    A redirect that someone has since pointed elsewhere (a page, another address) is theirs
    and left alone."""
    if rows is None:
        rows = TermRedirect.objects.all()
    by_blog = defaultdict(list)
    for row in rows.select_related("redirect"):
        by_blog[row.blog_id].append(row)
    parked = []
    for blog in BlogIndexPage.objects.filter(pk__in=by_blog):
        parked += _point(blog, by_blog[blog.pk])
    return parked


def _point(blog, rows):
    index_path = blog_path(blog)
    current = _current_tags({row.tag_slug for row in rows})
    shown = set(
        Tag.objects.filter(
            pk__in={tag.pk for tag in current.values()},
            posts__in=blog.visible_posts().values("pk"),
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    parked = []
    for row in rows:
        redirect = row.redirect
        if redirect.redirect_page_id or not points_to_a_tag(redirect.redirect_link, index_path):
            continue
        tag = current.get(row.tag_slug)
        if tag is not None and tag.pk in shown:
            link, permanent = index_path + BlogIndexPage.route_path("tag", slug=tag.slug), True
        else:
            link, permanent = index_path, False
            parked.append(redirect.old_path)
        if (redirect.redirect_link, redirect.is_permanent) != (link, permanent):
            redirect.redirect_link, redirect.is_permanent = link, permanent
            redirect.save(update_fields=["redirect_link", "is_permanent"])
        if tag is not None and tag.slug != row.tag_slug:
            row.tag_slug = tag.slug
            row.save(update_fields=["tag_slug"])
    return parked


def _current_tags(slugs):
    """{slug: the tag now known by it}, through the tags' old addresses when renamed or merged."""
    tags = {tag.slug: tag for tag in Tag.objects.filter(slug__in=slugs).only("slug")}
    for old in OldTagSlug.objects.filter(slug__in=slugs - tags.keys()).select_related("tag"):
        tags[old.slug] = old.tag
    return tags


# An import publishes thousands of posts and points every redirect itself at the end: each
# of its publishes re-pointing them all again would cost five queries a post for nothing.
# A ContextVar, like posts.search's pause, so an editor publishing meanwhile is still seen.
_paused = ContextVar("term_redirects_paused", default=False)


@contextmanager
def repointing_paused():
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def on_content_change(change):
    if not _paused.get():
        point_term_redirects()
