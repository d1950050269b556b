"""Reading WordPress post bodies as HTML trees, with BeautifulSoup and html.parser.

WordPress content is rarely well formed (unclosed <p> and <li>, stray end tags); BeautifulSoup
copes, and `parse` then repairs the few places where html.parser, which does not imply end
tags, nests what a browser would make siblings (<li> in <li>, <td> in <td>).

A body is read in pieces (`pieces`): it is cut where no element is open, so a 20 MB post never
becomes one 20 MB tree, and a piece nested deeper than MAX_DEPTH is reported instead of being
built at all (50,000 nested tags would take BeautifulSoup seconds, and walking them would
exhaust Python's recursion limit). Nothing here outputs HTML as given: the body converter
rebuilds every block from the few things it allows.
"""

import html
import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from wagtail.whitelist import check_url

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
    "param",
}
# Elements whose content must never reach the page, dropped with everything inside them.
# (<audio> and <video> are read for their address by the converter, never copied.)
DANGEROUS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "noscript",
    "template",
    "svg",
    "math",
    "canvas",
    "frame",
    "frameset",
    "link",
    "meta",
    "base",
    "source",
    "track",
}
# Real posts nest a few dozen elements at most; anything deeper is damage or an attack.
MAX_DEPTH = 100
# A piece of a long body is cut at the first top-level boundary after this many characters.
PIECE_SIZE = 64 * 1024

# One token of the quick scan: a comment, a raw-text element whole, or a tag.
TOKEN = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|textarea)\b.*?(?:</\1\s*>|$)|<(/?)([a-zA-Z][^\s/>]*)[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)


class TooDeep(Exception):
    """A piece of the body nests elements deeper than MAX_DEPTH."""


def pieces(source, piece_size=PIECE_SIZE):
    """Cut `source` into consecutive strings at points where no element is open.

    Yields (text, too_deep): a piece nested deeper than MAX_DEPTH comes with too_deep=True and
    must not be parsed. The scan is one regular-expression pass, linear in the body's size.
    """
    depth, start, deepest = 0, 0, 0
    for match in TOKEN.finditer(source):
        if match.group(1) or not match.group(3):
            continue  # comment or raw-text element: opens nothing
        name = match.group(3).lower()
        if match.group(2):
            depth = max(depth - 1, 0)
        elif name not in VOID and not match.group(4):
            if depth == 0 and match.start() - start >= piece_size:
                yield source[start : match.start()], deepest > MAX_DEPTH
                start, deepest = match.start(), 0
            depth += 1
            deepest = max(deepest, depth)
    yield source[start:], deepest > MAX_DEPTH


def parse(source):
    soup = BeautifulSoup(source, "html.parser", multi_valued_attributes=None)
    # html.parser implies no end tags: "<li>a<li>b" nests the second item in the first.
    for name, parents in (("li", {"li"}), ("td", {"td", "th"}), ("th", {"td", "th"})):
        for node in soup.find_all(name):
            parent = node.parent
            if parent is not None and parent.name in parents:
                parent.insert_after(node.extract())
    return soup


def is_tag(node):
    return isinstance(node, Tag)


def is_text(node):
    """Text a reader sees: not a comment, doctype, CDATA or processing instruction."""
    return isinstance(node, NavigableString) and type(node) is NavigableString


def is_more(node):
    """<!--more--> marks the teaser in classic content."""
    return isinstance(node, Comment) and node.strip().startswith("more")


def classes(node):
    return set((node.get("class") or "").split())


def text_of(node):
    """The node's text with whitespace collapsed, dropped elements excluded."""
    parts = []
    for child in node.descendants:
        if is_text(child) and not any(p.name in DANGEROUS for p in _parents(child, node)):
            parts.append(str(child))
        elif is_tag(child) and child.name == "br":
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _parents(child, stop):
    parent = child.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


def safe_href(value):
    """The link if Wagtail's own URL check finds its scheme harmless (no javascript:), else ''."""
    value = (value or "").strip()
    if not value:
        return ""
    return value if check_url(value) else ""


def strip_tags(source):
    """Plain text of an HTML fragment (titles, excerpts): tags removed, whitespace collapsed."""
    parts = []
    for piece, too_deep in pieces(source or ""):
        if too_deep:
            parts.append(html.unescape(re.sub(r"<[^>]*>", " ", piece)))
        else:
            parts.append(text_of(parse(piece)))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()
