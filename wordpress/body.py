"""Turn a WordPress post body (classic or Gutenberg) into PostBodyBlock StreamField data.

Running text becomes `paragraph` blocks in Wagtail's rich text storage format, limited to what
posts/blocks.py allows (bold, italic, links, lists, superscript). Headings, quotations, tables,
images, embeds and rules become their own blocks. Nothing is copied through as given: every block
is rebuilt from text and a few vetted attributes, so scripts, styles, iframes and event handlers
cannot survive.
"""

import re
from html import escape
from urllib.parse import urlsplit

from .markup import DANGEROUS, MORE, Node, parse, safe_href, text_of
from .shortcodes import expand

INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "sup": "sup", "a": "a"}
PARAGRAPH_LIKE = {
    "p",
    "div",
    "section",
    "article",
    "address",
    "header",
    "footer",
    "main",
    "aside",
    "center",
    "details",
    "summary",
    "nav",
    "li",
    "dd",
    "figcaption",
    "caption",
    "dl",
    "hgroup",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
# Hosts WordPress turns into embeds when their URL stands alone on a line.
EMBED_HOSTS = (
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "twitter.com",
    "x.com",
    "wordpress.tv",
    "soundcloud.com",
    "spotify.com",
    "flickr.com",
    "instagram.com",
    "ted.com",
    "dailymotion.com",
    "slideshare.net",
    "scribd.com",
    "speakerdeck.com",
    "reddit.com",
    "tumblr.com",
    "imgur.com",
    "issuu.com",
    "mixcloud.com",
    "videopress.com",
    "tiktok.com",
    "kickstarter.com",
    "facebook.com",
)
URL_LINE = re.compile(r"^https?://[^\s<>\"']+$")
BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
EMPTY_INLINE = re.compile(r"<(b|i|sup|a)\b[^>]*>(\s*)</\1>")
EDGE_BREAKS = re.compile(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$")


def is_embed_url(url):
    host = (urlsplit(url).hostname or "").lower()
    return any(host == known or host.endswith("." + known) for known in EMBED_HOSTS)


def embed_url_from_iframe(src):
    """The page address behind a YouTube or Vimeo player iframe, or ''."""
    parts = urlsplit(src or "")
    host = (parts.hostname or "").lower()
    video = parts.path.rstrip("/").rsplit("/", 1)[-1]
    youtube = host.endswith(("youtube.com", "youtube-nocookie.com"))
    if youtube and parts.path.startswith("/embed/") and video:
        return f"https://www.youtube.com/watch?v={video}"
    if host == "player.vimeo.com" and parts.path.startswith("/video/") and video:
        return f"https://vimeo.com/{video}"
    return ""


class BodyConverter:
    """One use per post body: `convert(html)` returns the list of blocks.

    `resolve_image(attrs)` returns a Wagtail image id for an <img>'s attributes (or None);
    `gallery_ids()` lists the post's attachments for a bare [gallery]; `warn(kind, detail)`
    collects problems for the import report; `base_url` is the old site, whose absolute links
    become site-relative so the importer's redirects catch them.
    """

    def __init__(self, *, resolve_image, warn, gallery_ids=list, base_url=""):
        self.resolve_image = resolve_image
        self.warn = warn
        self.gallery_ids = gallery_ids
        self.base_url = base_url.rstrip("/")
        self.blocks = []
        self.rich = []  # finished <p>/<ul>/<ol> of the paragraph block being built
        self.tokens = []  # the <p> being built
        self.stack = []  # inline tags open around the current position
        self.autop = True

    # --- entry point -------------------------------------------------------------------------

    def convert(self, html):
        # Gutenberg content is already structured; classic content relies on wpautop's rules.
        self.autop = "<!-- wp:" not in html
        html, unknown = expand(html.replace("\r\n", "\n"), self.gallery_ids)
        for name in unknown:
            self.warn("unknown_shortcode", f"[{name}] kept as text")
        self.walk(parse(html))
        self.flush_rich()
        return self.blocks

    # --- output --------------------------------------------------------------------------------

    def end_paragraph(self):
        closes = [f"</{tag}>" for tag, _ in reversed(self.stack)]
        html = "".join(self.tokens + closes)
        self.tokens = [opening for _, opening in self.stack]
        previous = None
        while previous != html:
            previous, html = html, EMPTY_INLINE.sub(r"\2", html)
        html = EDGE_BREAKS.sub("", html)
        if re.sub(r"<[^>]+>", "", html).strip():
            self.rich.append(f"<p>{html}</p>")

    def flush_rich(self):
        self.end_paragraph()
        if self.rich:
            self.blocks.append({"type": "paragraph", "value": "".join(self.rich)})
            self.rich = []

    def emit(self, block_type, value):
        self.flush_rich()
        self.blocks.append({"type": block_type, "value": value})

    def paragraph_is_empty(self):
        return not re.sub(r"<[^>]+>", "", "".join(self.tokens)).strip()

    # --- walking -------------------------------------------------------------------------------

    def walk(self, node, pre=False):
        for child in node.children:
            if isinstance(child, str):
                self.text(child, pre)
            else:
                self.element(child, pre)

    def text(self, data, pre):
        if pre:
            self.tokens.append(escape(data, quote=False).replace("\n", "<br/>"))
            return
        if not self.autop:
            self.tokens.append(escape(re.sub(r"\s+", " ", data), quote=False))
            return
        for index, chunk in enumerate(BLANK_LINE.split(data)):
            if index:
                self.end_paragraph()
            for number, line in enumerate(chunk.split("\n")):
                if number:
                    self.tokens.append("<br/>")
                stripped = line.strip()
                if (
                    URL_LINE.match(stripped)
                    and is_embed_url(stripped)
                    and not self.stack
                    and self.line_is_empty()
                ):
                    self.emit("embed", {"url": stripped, "caption": ""})
                    continue
                self.tokens.append(escape(re.sub(r"[ \t\r\f\v]+", " ", line), quote=False))

    def line_is_empty(self):
        since_break = "".join(self.tokens).rsplit("<br/>", 1)[-1]
        return not re.sub(r"<[^>]+>", "", since_break).strip()

    def element(self, node, pre):
        tag = node.tag
        if tag == MORE:
            return
        if tag in DANGEROUS:
            url = embed_url_from_iframe(node.attrs.get("src")) if tag == "iframe" else ""
            if url:
                self.emit("embed", {"url": url, "caption": ""})
            else:
                self.warn(f"removed_{tag}", "")
            return
        if tag in INLINE:
            self.inline(node, pre)
        elif tag == "br":
            self.tokens.append("<br/>")
        elif tag == "img":
            self.image(node)
        elif tag in HEADINGS:
            text = text_of(node)[:200]
            if text:
                self.emit("heading", {"text": text, "level": HEADINGS[tag]})
        elif tag in ("ul", "ol") and node.find("img") is not None:
            # Gutenberg galleries are lists of figures: each image becomes an image block.
            self.end_paragraph()
            self.walk(node, pre)
            self.end_paragraph()
        elif tag in ("ul", "ol"):
            self.end_paragraph()
            html = self.list_html(node)
            if html:
                self.rich.append(html)
        elif tag == "blockquote":
            self.quotation(node)
        elif tag == "table":
            self.table(node)
        elif tag == "figure":
            self.figure(node)
        elif tag == "hr":
            self.emit("divider", None)
        elif tag == "dt":
            self.end_paragraph()
            self.inline(Node("b", parent=node, attrs={}), pre, children=node)
            self.end_paragraph()
        elif tag == "pre":
            self.end_paragraph()
            self.walk(node, pre=True)
            self.end_paragraph()
        elif tag in PARAGRAPH_LIKE:
            self.end_paragraph()
            self.walk(node, pre)
            self.end_paragraph()
        else:
            # span, code, abbr, cite, small...: keep the text, drop the element.
            self.walk(node, pre)

    def inline(self, node, pre, children=None):
        output = INLINE.get(node.tag, node.tag)
        attrs = ""
        if output == "a":
            href = self.link(node.attrs.get("href"))
            if not href:
                self.walk(children or node, pre)
                return
            attrs = f' href="{escape(href)}"'
        opening = f"<{output}{attrs}>"
        self.stack.append((output, opening))
        self.tokens.append(opening)
        self.walk(children or node, pre)
        self.stack.pop()
        self.tokens.append(f"</{output}>")

    def link(self, href):
        href = safe_href(href)
        if self.base_url and href.startswith(self.base_url + "/"):
            href = href[len(self.base_url) :]
        return href

    # --- lists ---------------------------------------------------------------------------------

    def list_html(self, node):
        items = []
        for child in node.children:
            if isinstance(child, Node) and child.tag == "li":
                inner = EDGE_BREAKS.sub("", self.inline_html(child))
                if inner:
                    items.append(f"<li>{inner}</li>")
            elif isinstance(child, Node) and child.tag in ("ul", "ol") and items:
                # A list nested straight inside a list belongs to the item before it.
                items[-1] = items[-1][: -len("</li>")] + self.list_html(child) + "</li>"
        return f"<{node.tag}>{''.join(items)}</{node.tag}>" if items else ""

    def inline_html(self, node):
        parts = []
        for child in node.children:
            if isinstance(child, str):
                parts.append(escape(re.sub(r"\s+", " ", child), quote=False))
                continue
            tag = child.tag
            if tag in DANGEROUS:
                self.warn(f"removed_{tag}", "")
            elif tag in ("ul", "ol"):
                parts.append(self.list_html(child))
            elif tag == "br":
                parts.append("<br/>")
            elif tag == "img":
                self.warn("image_in_list", child.attrs.get("src", ""))
            elif tag in INLINE:
                inner = self.inline_html(child)
                href = self.link(child.attrs.get("href")) if tag == "a" else ""
                if tag == "a" and not href:
                    parts.append(inner)
                elif inner.strip():
                    output = INLINE[tag]
                    attrs = f' href="{escape(href)}"' if href else ""
                    parts.append(f"<{output}{attrs}>{inner}</{output}>")
            else:
                parts.append(self.inline_html(child) + (" " if tag in PARAGRAPH_LIKE else ""))
        return "".join(parts).strip()

    # --- other blocks ---------------------------------------------------------------------------

    def image(self, node, caption="", size=""):
        attrs = node.attrs
        image_id = self.resolve_image(attrs)
        if not image_id:
            self.warn("image_not_found", attrs.get("src") or attrs.get("data-wp-id", ""))
            return
        classes = node.classes()
        if not size:
            size = "full" if "alignfull" in classes else "wide" if "alignwide" in classes else ""
        self.emit(
            "image",
            {
                "image": image_id,
                "caption": caption,
                "credit": "",
                "alt_text": (attrs.get("alt") or "").strip(),
                "size": size or "inline",
            },
        )

    def quotation(self, node):
        cite = next(iter(list(node.find_all("cite")) + list(node.find_all("footer"))), None)
        attribution = text_of(cite) if cite else ""
        text = block_text(node, skip={"cite", "footer"})
        source = safe_href(node.attrs.get("cite"))
        if not text:
            return
        self.emit(
            "quotation",
            {
                "text": text,
                "attribution": attribution[:255],
                "source_url": source if source.startswith(("http://", "https://")) else "",
            },
        )

    def table(self, node, caption=""):
        rows = []
        header_row = False
        for row in node.find_all("tr"):
            cells = [c for c in row.children if isinstance(c, Node) and c.tag in ("td", "th")]
            if not cells:
                continue
            if not rows:
                header_row = row.parent.tag == "thead" or all(c.tag == "th" for c in cells)
            rows.append(cells)
        if not rows:
            return
        width = max(len(cells) for cells in rows)
        body_rows = rows[1:] if header_row else rows
        first_col = bool(body_rows) and all(cells[0].tag == "th" for cells in body_rows)
        caption_node = node.find("caption")
        self.emit(
            "table",
            {
                "data": [
                    [text_of(c) for c in cells] + [""] * (width - len(cells)) for cells in rows
                ],
                "first_row_is_table_header": header_row,
                "first_col_is_header": first_col,
                "table_caption": caption or (text_of(caption_node) if caption_node else ""),
            },
        )

    def figure(self, node):
        classes = node.classes()
        figcaption = next(
            (c for c in node.children if isinstance(c, Node) and c.tag == "figcaption"), None
        )
        caption = text_of(figcaption) if figcaption else ""
        size = "full" if "alignfull" in classes else "wide" if "alignwide" in classes else ""
        if "wp-block-embed" in classes:
            iframe = node.find("iframe")
            url = embed_url_from_iframe(iframe.attrs.get("src")) if iframe else ""
            found = re.search(r"https?://\S+", text_of(node))
            url = url or (found.group(0) if found else "")
            if url:
                self.emit("embed", {"url": url, "caption": caption})
            else:
                self.warn("embed_without_url", "")
            return
        if "wp-block-pullquote" in classes:
            text = block_text(node, skip={"cite", "footer", "figcaption"})
            if text:
                self.emit("pull_quote", {"text": text})
            return
        table = node.find("table")
        if table is not None:
            self.table(table, caption)
            return
        own_images = list(_images_outside_figures(node))
        if len(own_images) == 1 and node.find("figure") is None:
            self.image(own_images[0], caption, size)
            return
        self.end_paragraph()
        for child in node.children:
            if child is figcaption:
                continue
            if isinstance(child, str):
                self.text(child, False)
            else:
                self.element(child, False)
        if caption:
            self.end_paragraph()
            self.tokens.append(escape(caption, quote=False))
        self.end_paragraph()


def _images_outside_figures(node):
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == "img":
                yield child
            elif child.tag != "figure":
                yield from _images_outside_figures(child)


def block_text(node, skip=()):
    """Plain text of a quotation: paragraphs separated by blank lines, <br> as line breaks."""
    parts = []

    def collect(current):
        for child in current.children:
            if isinstance(child, str):
                parts.append(re.sub(r"[ \t\r\f\v]+", " ", child))
            elif child.tag == "br":
                parts.append("\n")
            elif child.tag in skip or child.tag in DANGEROUS:
                continue
            elif child.tag in PARAGRAPH_LIKE or child.tag in ("ul", "ol", "blockquote"):
                parts.append("\n\n")
                collect(child)
                parts.append("\n\n")
            else:
                collect(child)

    collect(node)
    paragraphs = [
        "\n".join(line.strip() for line in chunk.strip().split("\n"))
        for chunk in re.split(r"\n\s*\n", "".join(parts))
    ]
    return "\n\n".join(p for p in paragraphs if p)
