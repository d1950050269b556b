"""Turn a WordPress post body (classic or Gutenberg) into PostBodyBlock StreamField data.

Running text becomes `paragraph` blocks in Wagtail's rich text storage format, limited to what
core/blocks.py allows (bold, italic, links, lists, superscript, quotations). Headings, images,
tables, embeds, audio and video, code, pull quotes, footnotes and rules become their own blocks
(an allow-list: an element not named here keeps its text and loses its tag). Nothing is copied
through as given: every block is rebuilt from text and a few vetted attributes, so scripts,
styles, iframes and event handlers cannot survive.

Nothing a reader saw is dropped silently: an image or file that cannot be imported becomes a
link to its original address (with its caption and alt text) and a warning.
"""

import json
import re
from html import escape, unescape
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from .markup import (
    DANGEROUS,
    MAX_DEPTH,
    classes,
    is_more,
    is_tag,
    is_text,
    parse,
    pieces,
    safe_href,
    text_of,
)
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
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff"}
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
# Gutenberg blocks that name their attachment in the comment that opens them.
BLOCK_IDS = {
    "image": "id",
    "cover": "id",
    "media-text": "mediaId",
    "audio": "id",
    "video": "id",
    "file": "id",
}
URL_LINE = re.compile(r"^https?://[^\s<>\"']+$")
BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
EMPTY_INLINE = re.compile(r"<(b|i|sup|a)\b[^>]*>(\s*)</\1>")
EDGE_BREAKS = re.compile(r"^(?:\s|<br/>)+|(?:\s|<br/>)+$")
BLOCK_COMMENT = re.compile(r"^(/?)wp:([\w/-]+)\s*(\{.*\})?\s*/?$", re.DOTALL)


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


def is_image_path(url):
    return PurePosixPath(unquote(urlsplit(url or "").path)).suffix.lower() in IMAGE_EXTENSIONS


def read_footnotes(raw):
    """[(id, HTML)] from the core footnotes block's post meta (a JSON list), [] if unreadable."""
    try:
        notes = json.loads(raw or "[]")
    except ValueError:
        return []
    if not isinstance(notes, list):
        return []
    return [
        (str(note.get("id", "")), str(note.get("content", "")))
        for note in notes
        if isinstance(note, dict) and note.get("id")
    ]


class BodyConverter:
    """One use per post body: `convert(html)` returns the list of blocks.

    Callbacks, all optional but the first two:
    - `resolve_image(attrs)`: a Wagtail image id for an <img>'s attributes (or None);
    - `warn(kind, detail)`: collects problems for the import report;
    - `gallery_ids()`: the post's attachments, for a bare [gallery];
    - `resolve_document(url, wp_id)`: a Wagtail document id for an uploaded file (or None);
    - `attachment_caption(image_id)`: the attachment's own caption, shown only in a [gallery]
      (as WordPress does); an image the post shows without a caption keeps none.
    `base_url` is the old site, whose absolute links become site-relative so the importer's
    redirects catch them; `footnotes` is the raw `footnotes` post meta of the core block.
    """

    def __init__(
        self,
        *,
        resolve_image,
        warn,
        gallery_ids=list,
        base_url="",
        resolve_document=None,
        attachment_caption=None,
        footnotes="",
    ):
        self.resolve_image = resolve_image
        self.warn = warn
        self.gallery_ids = gallery_ids
        self.resolve_document = resolve_document
        self.attachment_caption = attachment_caption
        self.base_url = base_url.rstrip("/")
        self.base_host = (urlsplit(self.base_url).hostname or "").lower()
        self.footnotes = read_footnotes(footnotes)
        self.footnote_numbers = {key: n for n, (key, _) in enumerate(self.footnotes, start=1)}
        self.footnotes_placed = False
        self.blocks = []
        self.rich = []  # finished <p>/<ul>/<ol>/<blockquote> of the paragraph block being built
        self.tokens = []  # the <p> being built
        self.stack = []  # inline tags open around the current position
        self.pending_ids = []  # attachment ids named by the Gutenberg block being read
        self.autop = True

    # --- entry point -------------------------------------------------------------------------

    def convert(self, html):
        # Gutenberg content is already structured; classic content relies on wpautop's rules.
        self.autop = "<!-- wp:" not in html
        html, unknown = expand(html.replace("\r\n", "\n"), self.gallery_ids)
        for name in unknown:
            self.warn("unknown_shortcode", f"[{name}] kept as text")
        flattened = False
        for piece, too_deep in pieces(html):
            if too_deep:
                flattened = True
                self.plain_text(piece)
            else:
                tree = parse(piece)
                self.walk(tree)
                tree.decompose()  # the tree is cyclic: free it now, not at the next collection
        if flattened:
            self.warn("too_deep", f"elements nested over {MAX_DEPTH} deep: kept as plain text")
        self.flush_rich()
        if self.footnotes and not self.footnotes_placed:
            self.emit_footnotes()
        return self.blocks

    def plain_text(self, piece):
        """A piece too deeply nested to parse: its text, paragraph by paragraph."""
        self.flush_rich()
        text = re.sub(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", " ", piece, flags=re.S | re.I)
        for chunk in BLANK_LINE.split(unescape(re.sub(r"<[^>]*>", " ", text))):
            chunk = re.sub(r"\s+", " ", chunk).strip()
            if chunk:
                self.rich.append(f"<p>{escape(chunk, quote=False)}</p>")
        self.flush_rich()

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

    # --- walking -------------------------------------------------------------------------------

    def walk(self, node, pre=False):
        for child in list(node.children):
            if is_tag(child):
                self.element(child, pre)
            elif is_text(child):
                self.text(str(child), pre)
            elif not is_more(child):
                self.comment(str(child))

    def comment(self, data):
        """Gutenberg's block comments name attachments by id and place the footnotes."""
        found = BLOCK_COMMENT.match(data.strip())
        if not found:
            return
        closing, name, raw = found.groups()
        name = name.removeprefix("core/")
        if closing:
            self.pending_ids = []
            return
        try:
            attrs = json.loads(raw) if raw else {}
        except ValueError:
            attrs = {}
        if not isinstance(attrs, dict):
            attrs = {}
        if name == "gallery" and isinstance(attrs.get("ids"), list):
            self.pending_ids = [str(i) for i in attrs["ids"]]
        elif name in BLOCK_IDS and attrs.get(BLOCK_IDS[name]):
            self.pending_ids = [str(attrs[BLOCK_IDS[name]])]
        elif name == "footnotes" and self.footnotes:
            self.emit_footnotes()

    def take_pending_id(self):
        return self.pending_ids.pop(0) if self.pending_ids else ""

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
        tag = node.name
        if tag in DANGEROUS:
            url = embed_url_from_iframe(node.get("src")) if tag == "iframe" else ""
            if url:
                self.emit("embed", {"url": url, "caption": ""})
            else:
                self.warn(f"removed_{tag}", "")
            return
        if tag == "sup" and node.get("data-fn") is not None:
            self.footnote_reference(node)
        elif tag == "a" and self.lone_image(node) is not None:
            self.image(self.lone_image(node), link=self.image_link(node))
        elif tag in INLINE:
            self.inline(node, pre)
        elif tag == "br":
            self.tokens.append("<br/>")
        elif tag == "img":
            self.image(node)
        elif tag in ("audio", "video"):
            self.media(node)
        elif tag in HEADINGS:
            text = text_of(node)[:200]
            if text:
                self.emit("heading", {"text": text, "level": HEADINGS[tag]})
        elif tag in ("ul", "ol") and self.is_gallery(node):
            # Gutenberg galleries are lists of figures: each image becomes an image block.
            self.end_paragraph()
            self.walk(node, pre)
            self.end_paragraph()
        elif tag in ("ul", "ol"):
            self.list_block(node)
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
            self.stack.append(("b", "<b>"))
            self.tokens.append("<b>")
            self.walk(node, pre)
            self.stack.pop()
            self.tokens.append("</b>")
            self.end_paragraph()
        elif tag == "pre":
            self.code(node)
        elif tag in PARAGRAPH_LIKE:
            self.end_paragraph()
            self.walk(node, pre)
            self.end_paragraph()
        else:
            # span, code, abbr, cite, small...: keep the text, drop the element.
            self.walk(node, pre)

    def inline(self, node, pre):
        output = INLINE[node.name]
        attrs = ""
        if output == "a":
            attrs = self.link_attributes(node.get("href"))
            if not attrs:
                self.walk(node, pre)
                return
        opening = f"<{output}{attrs}>"
        self.stack.append((output, opening))
        self.tokens.append(opening)
        self.walk(node, pre)
        self.stack.pop()
        self.tokens.append(f"</{output}>")

    # --- links ---------------------------------------------------------------------------------

    def absolute(self, url):
        """An address on the old site as a full URL (for links that must leave this site)."""
        url = (url or "").strip()
        if self.base_url and url.startswith("/") and not url.startswith("//"):
            return urljoin(self.base_url + "/", url)
        return url

    def is_upload(self, url):
        parts = urlsplit(url or "")
        host = (parts.hostname or "").lower()
        if host.endswith(".files.wordpress.com"):
            return True  # WordPress.com serves a site's uploads from its own host
        own = not host or host == self.base_host
        return own and "/wp-content/uploads/" in unquote(parts.path)

    def link_attributes(self, href):
        """The attributes of a rich text link to `href`: ' href="..."', a document link, or ''."""
        href = safe_href(href)
        if not href:
            return ""
        if self.is_upload(href) and not is_image_path(href):
            document = self.resolve_document(href, "") if self.resolve_document else None
            if document:
                return f' linktype="document" id="{document}"'
            self.warn("document_not_found", href)
            return f' href="{escape(self.absolute(href))}"'
        if self.is_upload(href):
            return f' href="{escape(self.absolute(href))}"'
        if self.base_url and href.startswith(self.base_url + "/"):
            href = href[len(self.base_url) :]
        return f' href="{escape(href)}"'

    def image_link(self, anchor):
        """Where a linked image points, unless that is merely an image file (most often its own
        full-size file, which the site shows anyway)."""
        href = safe_href(anchor.get("href"))
        if not href or is_image_path(href):
            return ""
        if self.base_url and href.startswith(self.base_url + "/"):
            href = href[len(self.base_url) :]
        return href

    @staticmethod
    def lone_image(node):
        """The <img> that is all a link holds, or None."""
        images = node.find_all("img")
        if len(images) == 1 and not node.get_text().strip():
            return images[0]
        return None

    # --- footnotes -----------------------------------------------------------------------------

    def footnote_reference(self, node):
        number = self.footnote_numbers.get(node.get("data-fn"))
        if number is None:
            self.warn("footnote_not_found", node.get("data-fn", ""))
            self.walk(node)
            return
        self.tokens.append(f'<sup><a href="#fn-{number}">{number}</a></sup>')

    def emit_footnotes(self):
        self.footnotes_placed = True
        notes = []
        for _, content in self.footnotes:
            inner = EDGE_BREAKS.sub("", self.inline_html(parse(content)))
            notes.append(f"<p>{inner}</p>" if inner else "<p></p>")
        self.emit("footnotes", {"notes": notes})

    # --- lists ---------------------------------------------------------------------------------

    @staticmethod
    def is_gallery(node):
        """A list of images and nothing else (Gutenberg's older gallery markup)."""
        if node.find("img") is None:
            return False
        for item in node.find_all("li", recursive=False):
            if item.find("img") is None:
                return False
            texts = [text_of(c) for c in item.find_all(["figcaption"])]
            if text_of(item) != " ".join(t for t in texts if t).strip():
                return False
        return True

    def list_block(self, node):
        """A list in rich text, keeping <ol start> and reversed. An image inside an item ends
        the list there, becomes its own block, and the list goes on after it (numbering
        continued), so neither the image nor the list structure is lost."""
        self.end_paragraph()
        tag = node.name
        number = first_number(node)
        reversed_ = node.get("reversed") is not None
        step = -1 if reversed_ else 1
        items, first = [], number
        for child in node.children:
            if is_tag(child) and child.name == "li":
                found = []
                inner = EDGE_BREAKS.sub("", self.inline_html(child, images=found))
                if inner:
                    items.append(f"<li>{inner}</li>")
                    number += step
                if found:
                    self.rich_list(tag, items, first, reversed_)
                    items, first = [], number
                    for image, link in found:
                        self.image(image, link=link)
            elif is_tag(child) and child.name in ("ul", "ol") and items:
                # A list nested straight inside a list belongs to the item before it.
                items[-1] = items[-1][: -len("</li>")] + self.nested_list(child) + "</li>"
        self.rich_list(tag, items, first, reversed_)

    def rich_list(self, tag, items, start, reversed_):
        if not items:
            return
        attrs = list_attributes(tag, start, True if reversed_ else None, len(items))
        self.end_paragraph()
        self.rich.append(f"<{tag}{attrs}>{''.join(items)}</{tag}>")

    def nested_list(self, node):
        items = []
        for child in node.children:
            if is_tag(child) and child.name == "li":
                inner = EDGE_BREAKS.sub("", self.inline_html(child))
                if inner:
                    items.append(f"<li>{inner}</li>")
            elif is_tag(child) and child.name in ("ul", "ol") and items:
                items[-1] = items[-1][: -len("</li>")] + self.nested_list(child) + "</li>"
        if not items:
            return ""
        attrs = list_attributes(node.name, first_number(node), node.get("reversed"), len(items))
        return f"<{node.name}{attrs}>{''.join(items)}</{node.name}>"

    def inline_html(self, node, images=None):
        return self.inline_nodes(node.children, images)

    def inline_nodes(self, children, images=None):
        """Rich text for the inline content of `node` (a list item, a quotation's paragraph).
        Whitespace is collapsed but never removed next to an inline element, so "in
        <i>italics</i> and" keeps its spaces; only the caller trims the edges."""
        parts = []
        for child in children:
            if is_text(child):
                parts.append(escape(re.sub(r"\s+", " ", str(child)), quote=False))
                continue
            if not is_tag(child):
                continue
            tag = child.name
            if tag in DANGEROUS:
                self.warn(f"removed_{tag}", "")
            elif tag in ("ul", "ol"):
                parts.append(self.nested_list(child))
            elif tag == "br":
                parts.append("<br/>")
            elif tag == "img" or (tag == "a" and self.lone_image(child) is not None):
                image = child if tag == "img" else self.lone_image(child)
                link = self.image_link(child) if tag == "a" else ""
                if images is None:
                    self.warn("image_in_text", image.get("src", ""))
                    parts.append(self.placeholder_html(image, ""))
                else:
                    images.append((image, link))
            elif tag == "sup" and child.get("data-fn") is not None:
                number = self.footnote_numbers.get(child.get("data-fn"))
                if number:
                    parts.append(f'<sup><a href="#fn-{number}">{number}</a></sup>')
            elif tag in INLINE:
                inner = self.inline_html(child, images)
                attrs = self.link_attributes(child.get("href")) if tag == "a" else ""
                if tag == "a" and not attrs:
                    parts.append(inner)
                elif inner.strip():
                    output = INLINE[tag]
                    parts.append(f"<{output}{attrs}>{inner}</{output}>")
                else:
                    parts.append(inner)
            elif tag in PARAGRAPH_LIKE or tag in HEADINGS or tag == "blockquote":
                parts.append(" " + self.inline_html(child, images) + " ")
            else:
                parts.append(self.inline_html(child, images))
        return re.sub(r" {2,}", " ", "".join(parts))

    # --- images, audio and video ------------------------------------------------------------

    def image(self, node, caption="", size="", link=""):
        attrs = dict(node.attrs)
        own_id = attrs.get("data-wp-id") or attrs.get("data-id")
        own_id = own_id or re.search(r"\bwp-image-\d+\b", attrs.get("class") or "")
        pending = self.take_pending_id()
        if not own_id and pending:
            attrs["data-wp-id"] = pending
        image_id = self.resolve_image(attrs)
        alt_given = node.get("alt")
        alt = (alt_given or "").strip()
        if not image_id:
            self.warn("image_not_found", attrs.get("src") or attrs.get("data-wp-id", ""))
            self.end_paragraph()
            placeholder = self.placeholder_html(node, caption, link)
            if placeholder:
                self.rich.append(f"<p>{placeholder}</p>")
            return
        if not caption and node.get("data-wp-gallery") and self.attachment_caption:
            caption = self.attachment_caption(image_id) or ""
        classes_ = classes(node)
        if not size:
            size = "full" if "alignfull" in classes_ else "wide" if "alignwide" in classes_ else ""
        self.emit(
            "image",
            {
                "image": image_id,
                "caption": caption,
                "credit": "",
                "alt_text": alt,
                # alt="" in WordPress means decorative: it must not fall back to a file title.
                "decorative": alt_given is not None and not alt,
                "size": size or "inline",
                "link": link,
            },
        )

    def placeholder_html(self, node, caption, link=""):
        """Rich text standing in for an image that could not be imported: a link to the
        original file named by its alt text, then its caption."""
        src = safe_href(node.get("src"))
        alt = (node.get("alt") or "").strip()
        url = self.absolute(src) if src and not src.startswith("data:") else ""
        name = PurePosixPath(unquote(urlsplit(url).path)).name if url else ""
        label = escape(f"Image: {alt or name or 'not available'}", quote=False)
        if url.startswith(("http://", "https://")):
            html = f'<a href="{escape(url)}">{label}</a>'
        elif link:
            html = f'<a href="{escape(link)}">{label}</a>'
        elif alt or caption:
            html = label
        else:
            return ""
        if caption:
            html += f"<br/>{escape(caption, quote=False)}"
        return html

    def media(self, node, caption=""):
        kind = node.name
        source = node.find("source")
        src = safe_href(node.get("src") or (source.get("src") if source else ""))
        wp_id = node.get("data-wp-id") or self.take_pending_id()
        document = None
        if self.resolve_document and (wp_id or self.is_upload(src)):
            document = self.resolve_document(src if self.is_upload(src) else "", wp_id)
        url = "" if document else self.absolute(src)
        if not url.startswith(("http://", "https://")):
            url = ""
        if not document and not url:
            self.warn(f"{kind}_not_found", src or f"attachment {wp_id}")
            if caption:
                self.end_paragraph()
                self.rich.append(f"<p>{escape(caption, quote=False)}</p>")
            return
        if not document and self.is_upload(src):
            self.warn(f"{kind}_not_imported", f"{src}: linked to its original address")
        self.emit("media", {"kind": kind, "document": document, "url": url, "caption": caption})

    # --- other blocks ---------------------------------------------------------------------------

    def code(self, node):
        """<pre> keeps its whitespace: code, preformatted text or verse."""
        classes_ = classes(node)
        if "wp-block-verse" in classes_:
            kind = "verse"
        elif "wp-block-code" in classes_ or node.find("code") is not None:
            kind = "code"
        else:
            kind = "preformatted"
        for br in node.find_all("br"):
            br.replace_with("\n")
        text = "".join(
            str(s) for s in node.descendants if is_text(s) and s.parent.name not in DANGEROUS
        )
        # As in HTML, a newline straight after <pre> is not part of the content.
        text = text.removeprefix("\n").rstrip()
        if text.strip():
            self.emit("code", {"kind": kind, "text": text})

    def quotation(self, node, pull=False):
        cite = next(iter(node.find_all(["cite", "footer"])), None)
        attribution = text_of(cite) if cite else ""
        if cite is not None:
            cite.extract()
        source = safe_href(node.get("cite"))
        if pull:
            text = block_text(node)
            if text:
                self.emit("pull_quote", {"text": text, "attribution": attribution[:255]})
            return
        formatted = node.find(["a", "b", "strong", "i", "em", "sup"]) is not None
        if not formatted:
            text = block_text(node)
            if text:
                self.emit(
                    "quotation",
                    {
                        "text": text,
                        "attribution": attribution[:255],
                        "source_url": source if source.startswith(("http://", "https://")) else "",
                    },
                )
            return
        # Links and emphasis need rich text: the paragraph block's own quotation feature.
        self.end_paragraph()
        paragraphs = self.quoted_paragraphs(node)
        for paragraph in paragraphs:
            self.rich.append(f"<blockquote>{paragraph}</blockquote>")
        source = source if source.startswith(("http://", "https://")) else ""
        if paragraphs and (attribution or source):
            label = escape(attribution[:255] or "Source", quote=False)
            if source:
                label = f'<a href="{escape(source)}">{label}</a>'
            self.rich.append(f"<p>— {label}</p>")

    def quoted_paragraphs(self, node):
        paragraphs, current = [], []

        def add(inner):
            inner = EDGE_BREAKS.sub("", inner)
            if re.sub(r"<[^>]+>", "", inner).strip():
                paragraphs.append(inner)

        for child in list(node.children):
            if is_tag(child) and (child.name in PARAGRAPH_LIKE or child.name == "blockquote"):
                add(self.inline_nodes(current))
                current = []
                add(self.inline_html(child))
            else:
                current.append(child)
        add(self.inline_nodes(current))
        return paragraphs

    def table(self, node, caption=""):
        rows = []
        header_row = False
        for row in node.find_all("tr"):
            cells = [c for c in row.children if is_tag(c) and c.name in ("td", "th")]
            if not cells:
                continue
            if not rows:
                header_row = row.parent.name == "thead" or all(c.name == "th" for c in cells)
            rows.append(cells)
        if not rows:
            return
        width = max(len(cells) for cells in rows)
        body_rows = rows[1:] if header_row else rows
        first_col = bool(body_rows) and all(cells[0].name == "th" for cells in body_rows)
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
        classes_ = classes(node)
        figcaption = next((c for c in node.children if is_tag(c) and c.name == "figcaption"), None)
        caption = text_of(figcaption) if figcaption else ""
        size = "full" if "alignfull" in classes_ else "wide" if "alignwide" in classes_ else ""
        if "wp-block-embed" in classes_:
            iframe = node.find("iframe")
            url = embed_url_from_iframe(iframe.get("src")) if iframe else ""
            found = re.search(r"https?://\S+", text_of(node))
            url = url or (found.group(0) if found else "")
            if url:
                self.emit("embed", {"url": url, "caption": caption})
            else:
                self.warn("embed_without_url", "")
            return
        if "wp-block-pullquote" in classes_:
            if figcaption is not None:
                figcaption.extract()
            self.quotation(node, pull=True)
            return
        media = node.find(["audio", "video"])
        if media is not None:
            self.media(media, caption)
            return
        table = node.find("table")
        if table is not None:
            self.table(table, caption)
            return
        own_images = list(_images_outside_figures(node))
        if len(own_images) == 1 and node.find("figure") is None:
            anchor = next((p for p in _parents_upto(own_images[0], node) if p.name == "a"), None)
            link = self.image_link(anchor) if anchor is not None else ""
            self.image(own_images[0], caption, size, link)
            return
        self.end_paragraph()
        for child in list(node.children):
            if child is figcaption:
                continue
            if is_text(child):
                self.text(str(child), False)
            elif is_tag(child):
                self.element(child, False)
        if caption:
            self.end_paragraph()
            self.tokens.append(escape(caption, quote=False))
        self.end_paragraph()


def list_attributes(tag, start, reversed_, count):
    """start and reversed of an ordered list of `count` items, written only when they differ
    from what a browser assumes (1 up, or the number of items down when reversed)."""
    if tag != "ol":
        return ""
    natural = count if reversed_ is not None else 1
    attrs = f' start="{start}"' if start != natural else ""
    return attrs + (" reversed" if reversed_ is not None else "")


def first_number(node):
    """The number an ordered list's first item shows."""
    count = len(node.find_all("li", recursive=False))
    natural = count if node.get("reversed") is not None else 1
    return _int(node.get("start"), natural)


def _int(value, default):
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


def _parents_upto(node, stop):
    parent = node.parent
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.parent


def _images_outside_figures(node):
    for child in node.children:
        if is_tag(child):
            if child.name == "img":
                yield child
            elif child.name != "figure":
                yield from _images_outside_figures(child)


def block_text(node, skip=()):
    """Plain text of a quotation: paragraphs separated by blank lines, <br> as line breaks."""
    parts = []

    def collect(current):
        for child in current.children:
            if is_text(child):
                parts.append(re.sub(r"[ \t\r\f\v]+", " ", str(child)))
            elif not is_tag(child):
                continue
            elif child.name == "br":
                parts.append("\n")
            elif child.name in skip or child.name in DANGEROUS:
                continue
            elif child.name in PARAGRAPH_LIKE or child.name in ("ul", "ol", "blockquote"):
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
