"""A streaming reader for WordPress eXtended RSS (WXR 1.0–1.2).

The export is read with defusedxml's `iterparse` (no DTD, so no entity bombs and no external
entities) and every element is dropped as soon as it has been turned into a record, so memory
stays flat however large the file is. Records come out in file order: `Site` first (once the
channel header has been read), then `Author`, `Term` and `Item`.

`scan()` reads the whole file once before anything is written: it refuses what is not a
readable WXR export with one `InvalidExport` message, and gives every item an identity of its
own (some exporters leave out `wp:post_id`).
"""

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

# WXR 1.0/1.1 use http://wordpress.org/export/1.x/, later exporters https://; the excerpt module
# lives beneath it. Matching on the pattern accepts every version without a table of URIs.
WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
# "?p=123" (posts), "?page_id=123" (pages), "?attachment_id=123": WordPress's own ID in a guid.
ID_IN_ADDRESS = re.compile(r"[?&](?:p|page_id|attachment_id)=(\d+)\b")
KEY_MAX_LENGTH = 255  # ImportedObject.wp_key


class InvalidExport(Exception):
    """The file is not a WordPress export this reader can trust; the message is one line."""


@dataclass
class Site:
    title: str
    base_url: str
    wxr_version: str = ""


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
    # No `domain` attribute (some exporters): read as a category, and reported.
    assumed_domain: bool = False


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
    guid: str = ""
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: int = 0  # <wp:comment> elements (wordpress/comments.py imports them)
    has_wp_fields: bool = True  # False for a plain RSS <item>


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
    """<wp:author> (WXR 1.1+) or <wp:wp_author> (some older exporters and plugins), whose
    children may drop the "author_" prefix. The display name is kept as written."""
    values = _children(element)

    def first(*names):
        return next((values[("wp", n)] for n in names if values.get(("wp", n))), "")

    login = first("author_login", "login", "user_login")
    full_name = " ".join(
        part
        for part in (
            first("author_first_name", "first_name"),
            first("author_last_name", "last_name"),
        )
        if part
    )
    return Author(
        login=login,
        display_name=first("author_display_name", "display_name") or full_name or login,
        email=first("author_email", "email"),
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
    terms, meta, comments = [], {}, 0
    for child in element:
        key = _name(child.tag)
        if key == ("", "category"):
            domain = child.get("domain") or ""
            terms.append(
                ItemTerm(
                    domain=domain or "category",
                    slug=child.get("nicename", ""),
                    name=(child.text or "").strip(),
                    assumed_domain=not domain,
                )
            )
        elif key == ("wp", "comment"):
            comments += 1
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
        guid=text.get(("", "guid"), ""),
        terms=terms,
        meta=meta,
        comments=comments,
        has_wp_fields=any(prefix == "wp" for prefix, _ in values) or bool(meta) or comments > 0,
    )


READERS = {
    ("wp", "author"): _author,
    ("wp", "wp_author"): _author,
    ("wp", "category"): _category,
    ("wp", "tag"): _tag,
    ("wp", "term"): _term,
    ("", "item"): _item,
}


def read(source, keys=None):
    """Yield Site, Author, Term and Item records from a WXR file path or binary file object.

    `keys` is `Scan.keys`: the identity of each item (by its position among the items) whose
    own `wp:post_id` is missing or taken. Malformed input raises InvalidExport."""
    keys = keys or {}
    item_number = 0
    try:
        for record in _records(source):
            if isinstance(record, Item):
                record.wp_id = keys.get(item_number, record.wp_id)
                item_number += 1
            yield record
    except (ET.ParseError, DefusedXmlException, UnicodeError) as error:
        raise InvalidExport(_explain(error)) from None


def _explain(error):
    if isinstance(error, DefusedXmlException):
        return (
            "Not a WordPress export: the file declares a DTD or entities, which WordPress "
            "never writes (refused, as they can expand without limit or read other files)."
        )
    message = str(error).splitlines()[0] if str(error) else type(error).__name__
    if message.startswith("no element found: line 1, column 0"):
        return "The export file is empty."
    return f"Not a readable WordPress export (XML error: {message})."


def _records(source):
    channel = None
    header = {}
    site_sent = False
    depth = 0  # <rss> is 1, <channel> 2, its records 3
    for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            depth += 1
            if depth == 1 and _name(element.tag) != ("", "rss"):
                raise InvalidExport(
                    f"Not a WordPress export: the document is <{_name(element.tag)[1]}>, "
                    "not an RSS feed with wp: elements (WXR)."
                )
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
                wxr_version=header.get(("wp", "wxr_version"), ""),
            )
        record = reader(element)
        # Drop the parsed element so the tree never holds more than one record at a time.
        channel.remove(element)
        yield record
    if not site_sent:
        yield Site(
            title=header.get(("", "title"), ""),
            base_url=(header.get(("wp", "base_blog_url")) or header.get(("", "link"), "")).rstrip(
                "/"
            ),
            wxr_version=header.get(("wp", "wxr_version"), ""),
        )


@dataclass
class Scan:
    """What one reading of the whole file found, before anything is written."""

    keys: dict = field(default_factory=dict)  # item position -> identity, where not its post_id
    warnings: list = field(default_factory=list)  # (kind, detail)
    items: int = 0


def _fallback_key(item):
    """The item's identity when it has no usable wp:post_id: WordPress's ID in its guid or
    link, else the guid (or link) itself, else a fingerprint of what identifies it."""
    for address in (item.guid, item.link):
        found = ID_IN_ADDRESS.search(address)
        if found:
            return found.group(1)
    address = item.guid or item.link
    if address:
        key = f"guid:{address}"
        if len(key) <= KEY_MAX_LENGTH:
            return key
        return "guid-sha256:" + hashlib.sha256(address.encode()).hexdigest()
    what = "\n".join((item.post_type, item.post_name, item.title, item.post_date))
    return "item-sha256:" + hashlib.sha256(what.encode()).hexdigest()


def scan(source):
    """Read the whole export once: InvalidExport if it is malformed or not WXR; otherwise the
    identity of every item, so no two items share one (which would make one overwrite the
    other, and each re-run add revisions)."""
    result = Scan()
    taken = set()
    missing = []  # (position, item) without a post ID, resolved once every ID is known
    wordpress_seen = False
    for record in read(source):
        if isinstance(record, Site):
            wordpress_seen = wordpress_seen or bool(record.wxr_version)
        elif isinstance(record, Item):
            number = result.items
            result.items += 1
            wordpress_seen = wordpress_seen or record.has_wp_fields
            if not record.wp_id:
                # Only what identifies the item is kept, not its content.
                missing.append(
                    (
                        number,
                        Item(
                            wp_id="",
                            post_type=record.post_type,
                            status="",
                            title=record.title,
                            link=record.link,
                            post_name=record.post_name,
                            post_date=record.post_date,
                            guid=record.guid,
                        ),
                    )
                )
            elif record.wp_id in taken:
                key = _unique(f"{record.wp_id}-{number}", taken)
                result.keys[number] = key
                result.warnings.append(
                    ("duplicate_post_id", f"post ID {record.wp_id} repeated: imported as {key}")
                )
            else:
                taken.add(record.wp_id)
        else:
            wordpress_seen = True
    if not wordpress_seen:
        raise InvalidExport(
            "Not a WordPress export: an RSS feed without wp: elements. Export the site from "
            "WordPress's Tools › Export (a WXR file)."
        )
    for number, item in missing:
        key = _unique(_fallback_key(item), taken)
        result.keys[number] = key
        label = item.title or item.guid or f"item {number + 1}"
        result.warnings.append(("missing_post_id", f"“{label}” identified as {key}"))
    return result


def _unique(key, taken):
    candidate, number = key, 1
    while candidate in taken:
        number += 1
        candidate = f"{key}#{number}"
    taken.add(candidate)
    return candidate
