"""What search engines and social networks read about a page: description, canonical address,
OpenGraph and Twitter card tags, feed autodiscovery and JSON-LD for posts.

`page_metadata(context)` reads the template context of any page (and of BlogIndexPage routes,
which may add `tag`, `author`, `meta_title`, `meta_description` or `noindex`) and returns what
templates/includes/head_meta.html prints.
"""

import json

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.pagination import page_number

DESCRIPTION_MAX_CHARS = 200
SHARE_IMAGE_SPEC = "fill-1200x630"
# Characters that could end a <script> element or start a comment inside it, as JSON escapes.
JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


def summary_of(post):
    """A post's summary: the posts app's `summary` (intro, else the body's start) if it has one."""
    return getattr(post, "summary", None) or post.intro or ""


def plain_description(text):
    text = " ".join(strip_tags(str(text or "")).split())
    return Truncator(text).chars(DESCRIPTION_MAX_CHARS)


def json_ld_script(data):
    """A <script type="application/ld+json"> element that no value in `data` can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        JSON_SCRIPT_ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def page_metadata(context):
    request = context.get("request")
    page = context.get("page")
    if request is None:
        return {}
    specific = page  # Wagtail serves (and previews) pages as their specific class
    tag, author = context.get("tag"), context.get("author")
    meta = {
        "site_name": context.get("site_name", ""),
        "title": context.get("meta_title") or _title(specific, tag, author),
        "description": plain_description(
            context.get("meta_description") or _description(specific, tag, author)
        ),
        "canonical": _canonical(request),
        "noindex": bool(context.get("noindex")),
        "type": "website",
        "feeds": _feeds(context, specific, tag, author),
    }
    if specific is not None and _is_post(specific) and tag is None and author is None:
        # The post's own context has usually fetched its authors and tags already.
        authors, tags = context.get("authors"), context.get("tags")
        if authors is None:
            authors = specific.authors
        if tags is None:
            tags = specific.tags.all()
        meta.update(_post_metadata(request, specific, meta, authors, tags))
    return meta


def _is_post(page):
    from posts.models import PostPage

    return isinstance(page, PostPage)


def _title(page, tag, author):
    if tag is not None:
        return f"Posts tagged “{tag.name}”"
    if author is not None:
        return author.name
    if page is None:
        return ""
    return page.seo_title or page.title


def _description(page, tag, author):
    if tag is not None:
        return tag.description or f"Posts tagged “{tag.name}”."
    if author is not None:
        return author.bio or f"Posts by {author.name}."
    if page is None:
        return ""
    if page.search_description:
        return page.search_description
    if _is_post(page):
        return summary_of(page)
    return getattr(page, "intro", "")


def _canonical(request):
    """This address on the host the reader used, keeping only a meaningful `?page=`."""
    number = page_number(request)
    query = f"?page={number}" if number > 1 else ""
    return request.build_absolute_uri(request.path) + query


def _feeds(context, page, tag, author):
    """Autodiscovery links: the blog's feeds on the home page, the blog and its posts; a tag's
    or author's own feed on its page."""
    from posts.models import BlogIndexPage

    request = context["request"]
    blog = None
    if isinstance(page, BlogIndexPage):
        blog = page
    elif isinstance(context.get("blog"), BlogIndexPage):
        blog = context["blog"]
    elif page is not None and _is_post(page):
        # A post's parent is its blog; its URL is the post's minus the last segment, no query.
        url = page.get_url(request) if page.pk else None
        if url:
            return [
                {"type": mime, "title": title, "url": request.build_absolute_uri(url + path)}
                for mime, title, path in (
                    ("application/rss+xml", "RSS feed", "../feed/"),
                    ("application/atom+xml", "Atom feed", "../feed/atom/"),
                )
            ]
    if blog is None:
        return []
    links = blog.feed_links(request, tag=tag, author=author)
    if tag is not None or author is not None:
        links += blog.feed_links(request)
    return [
        {"type": mime, "title": title, "url": request.build_absolute_uri(path)}
        for mime, title, path in links
    ]


def _post_metadata(request, post, meta, authors, tags):
    # The blog is the post's parent: resolving "../" against the post's URL needs no query.
    # (A new post being previewed has no URL yet.)
    post_url = post.get_url(request) if post.pk else None
    blog_url = request.build_absolute_uri(post_url + "../") if post_url else ""
    tags = [tag.name for tag in tags]
    image = _share_image(request, post)
    extra = {
        "type": "article",
        "published": post.date.isoformat(),
        "modified": max(post.date, post.last_published_at or post.date).isoformat(),
        "tags": tags,
        # OpenGraph wants profile addresses here; a name only when there is no author page.
        "authors": [_person(a, blog_url).get("url", a.name) for a in authors],
        "image": image,
    }
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": Truncator(post.title).chars(110),
        "description": meta["description"],
        "url": meta["canonical"],
        "mainEntityOfPage": {"@type": "WebPage", "@id": meta["canonical"]},
        "datePublished": extra["published"],
        "dateModified": extra["modified"],
        "author": [_person(a, blog_url) for a in authors],
        "publisher": {"@type": "Organization", "name": meta["site_name"]},
        "keywords": tags,
    }
    if image:
        data["image"] = {
            "@type": "ImageObject",
            "url": image["url"],
            "width": image["width"],
            "height": image["height"],
        }
    extra["json_ld"] = json_ld_script(data)
    return extra


def _person(author, blog_url):
    person = {"@type": "Person", "name": author.name}
    if blog_url:
        person["url"] = f"{blog_url}author/{author.slug}/"
    return person


def _share_image(request, post):
    image = post.feed_image
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    return {
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": getattr(image, "description", "") or image.title,
    }
