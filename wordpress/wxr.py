"""A streaming reader for WordPress eXtended RSS (WXR 1.0–1.2).

The export is read with `iterparse` and every element is dropped as soon as it has been turned
into a record, so memory stays flat however large the file is. Records come out in file order:
`Site` first (once the channel header has been read), then `Author`, `Term` and `Item`.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

# WXR 1.0/1.1 use http://wordpress.org/export/1.x/, later exporters https://; the excerpt module
# lives beneath it. Matching on the pattern accepts every version without a table of URIs.
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"


@dataclass
class Site:
    title: str
    base_url: str


@dataclass
class Author:
    login: str
    display_name: str
    email: str = ""


@dataclass
class Term:
    taxonomy: str  # "category" or "post_tag"
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class ItemTerm:
    domain: str
    slug: str
    name: str


@dataclass
class Item:
    wp_id: str
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    parent_id: str = ""
    password: str = ""
    attachment_url: str = ""
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def _name(tag):
    """Split '{uri}local' into a short prefix ('wp', 'excerpt', 'content', 'dc' or '') and local."""
    if not tag.startswith("{"):
        return "", tag
    uri, local = tag[1:].split("}", 1)
    if WP_NAMESPACE.match(uri):
        return "wp", local
    if EXCERPT_NAMESPACE.match(uri):
        return "excerpt", local
    if uri == CONTENT_NAMESPACE:
        return "content", local
    if uri == DC_NAMESPACE:
        return "dc", local
    return "?", local


def _children(element):
    """{('wp', 'post_id'): text, ...} for the element's direct children (first one wins)."""
    values = {}
    for child in element:
        values.setdefault(_name(child.tag), (child.text or "").strip())
    return values


def _author(element):
    values = _children(element)
    login = values.get(("wp", "author_login"), "")
    return Author(
        login=login,
        display_name=values.get(("wp", "author_display_name"), "") or login,
        email=values.get(("wp", "author_email"), ""),
    )


def _category(element):
    values = _children(element)
    return Term(
        taxonomy="category",
        slug=values.get(("wp", "category_nicename"), ""),
        name=values.get(("wp", "cat_name"), ""),
        parent_slug=values.get(("wp", "category_parent"), ""),
        description=values.get(("wp", "category_description"), ""),
    )


def _tag(element):
    values = _children(element)
    return Term(
        taxonomy="post_tag",
        slug=values.get(("wp", "tag_slug"), ""),
        name=values.get(("wp", "tag_name"), ""),
        description=values.get(("wp", "tag_description"), ""),
    )


def _term(element):
    values = _children(element)
    return Term(
        taxonomy=values.get(("wp", "term_taxonomy"), ""),
        slug=values.get(("wp", "term_slug"), ""),
        name=values.get(("wp", "term_name"), ""),
        parent_slug=values.get(("wp", "term_parent"), ""),
        description=values.get(("wp", "term_description"), ""),
    )


def _item(element):
    values = {}
    terms, meta = [], {}
    for child in element:
        key = _name(child.tag)
        if key == ("", "category"):
            terms.append(
                ItemTerm(
                    domain=child.get("domain", ""),
                    slug=child.get("nicename", ""),
                    name=(child.text or "").strip(),
                )
            )
        elif key == ("wp", "postmeta"):
            pair = _children(child)
            meta.setdefault(pair.get(("wp", "meta_key"), ""), pair.get(("wp", "meta_value"), ""))
        else:
            # Content keeps its whitespace: blank lines are paragraph breaks.
            values.setdefault(key, child.text or "")
    text = {key: value.strip() for key, value in values.items()}
    return Item(
        wp_id=text.get(("wp", "post_id"), ""),
        post_type=text.get(("wp", "post_type"), "post"),
        status=text.get(("wp", "status"), "publish"),
        title=text.get(("", "title"), ""),
        link=text.get(("", "link"), ""),
        creator=text.get(("dc", "creator"), ""),
        content=values.get(("content", "encoded"), ""),
        excerpt=text.get(("excerpt", "encoded"), ""),
        post_name=text.get(("wp", "post_name"), ""),
        post_date=text.get(("wp", "post_date"), ""),
        post_date_gmt=text.get(("wp", "post_date_gmt"), ""),
        parent_id=text.get(("wp", "post_parent"), ""),
        password=text.get(("wp", "post_password"), ""),
        attachment_url=text.get(("wp", "attachment_url"), ""),
        terms=terms,
        meta=meta,
    )


READERS = {
    ("wp", "author"): _author,
    ("wp", "category"): _category,
    ("wp", "tag"): _tag,
    ("wp", "term"): _term,
    ("", "item"): _item,
}


def read(source):
    """Yield Site, Author, Term and Item records from a WXR file path or binary file object."""
    channel = None
    header = {}
    site_sent = False
    depth = 0  # <rss> is 1, <channel> 2, its records 3
    for event, element in ET.iterparse(source, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 2 and _name(element.tag) == ("", "channel"):
                channel = element
            continue
        depth -= 1
        # Only direct children of <channel> are records (a <category> inside an <item> is not).
        if depth != 2 or channel is None:
            continue
        key = _name(element.tag)
        reader = READERS.get(key)
        if reader is None:
            header[key] = (element.text or "").strip()
            channel.remove(element)
            continue
        if not site_sent:
            site_sent = True
            yield Site(
                title=header.get(("", "title"), ""),
                base_url=(
                    header.get(("wp", "base_blog_url")) or header.get(("", "link"), "")
                ).rstrip("/"),
            )
        record = reader(element)
        # Drop the parsed element so the tree never holds more than one record at a time.
        channel.remove(element)
        yield record
