"""A forgiving HTML tree for WordPress post bodies, and helpers to read text and links from it.

WordPress content is rarely well formed (unclosed <p> and <li>, stray end tags), so the tree is
built with html.parser and closes what it must instead of failing. Nothing here outputs HTML as
given: the body converter rebuilds every block from the few things it allows.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

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
# Opening one of these closes an open <p> (the HTML parsing rule WordPress content relies on).
CLOSES_P = {
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
}
# Elements whose content must never reach the page, dropped with everything inside them.
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
    "audio",
    "video",
    "source",
    "track",
}
MORE = "!more"

SAFE_SCHEMES = {"http", "https", "mailto", "tel", ""}


class Node:
    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag, attrs=None, parent=None):
        self.tag = tag
        self.attrs = attrs or {}
        self.children = []
        self.parent = parent

    def classes(self):
        return set(self.attrs.get("class", "").split())

    def find_all(self, tag):
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    yield child
                yield from child.find_all(tag)

    def find(self, tag):
        return next(self.find_all(tag), None)

    def __repr__(self):
        return f"<{self.tag} {self.attrs} {len(self.children)} children>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.current = self.root

    def _close(self, tag):
        node = self.current
        while node is not self.root:
            if node.tag == tag:
                self.current = node.parent
                return
            node = node.parent

    def _open_chain(self):
        node, chain = self.current, []
        while node is not self.root:
            chain.append(node.tag)
            node = node.parent
        return chain

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES_P and "p" in self._open_chain():
            self._close("p")
        if tag == "li" and self.current.tag == "li":
            self._close("li")
        if tag in ("td", "th") and self.current.tag in ("td", "th"):
            self._close(self.current.tag)
        if tag == "tr" and "tr" in self._open_chain()[:3]:
            self._close("tr")
        node = Node(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._close(tag)

    def handle_endtag(self, tag):
        if tag in self._open_chain():
            self._close(tag)

    def handle_data(self, data):
        self.current.children.append(data)

    def handle_comment(self, data):
        # <!--more--> marks the teaser; Gutenberg's <!-- wp:... --> comments carry no content.
        if data.strip().startswith("more"):
            self.current.children.append(Node(MORE, parent=self.current))


def parse(html):
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def text_of(node):
    """The node's text with whitespace collapsed, dropped elements excluded."""
    parts = []

    def collect(current):
        for child in current.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag == "br":
                parts.append(" ")
            elif child.tag not in DANGEROUS:
                collect(child)

    collect(node)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def safe_href(value):
    """The link if its scheme is harmless (no javascript: or data:), else ''."""
    value = (value or "").strip()
    if not value:
        return ""
    scheme = urlsplit(re.sub(r"[\x00-\x20]", "", value)).scheme.lower()
    return value if scheme in SAFE_SCHEMES else ""


def strip_tags(html):
    return text_of(parse(html or ""))
