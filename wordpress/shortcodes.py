"""WordPress shortcodes in post bodies: the ones with a block equivalent become HTML the body
converter understands; every other one stays as plain text and is reported.
"""

import html
import re

CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.IGNORECASE)
CAPTION_PARTS = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.IGNORECASE)
# [audio]/[video] (self-closing or wrapping fallback text) and [playlist]: never left as text.
MEDIA = re.compile(
    r"\[(audio|video)\b([^\]]*)\](?:(?:(?!\[(?:audio|video)\b).)*?\[/\1\])?", re.DOTALL | re.I
)
PLAYLIST = re.compile(r"\[playlist\b([^\]]*)\]", re.IGNORECASE)
MEDIA_SOURCES = (
    "src",
    "mp3",
    "m4a",
    "ogg",
    "oga",
    "wav",
    "wma",
    "mp4",
    "m4v",
    "webm",
    "ogv",
    "wmv",
    "flv",
)
EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
SHORTCODE = re.compile(r"\[(/?)([A-Za-z_][\w-]*)((?:\s[^\]]*)?)\]")
# WordPress core and common plugin shortcodes: reported even when written without attributes.
KNOWN_NAMES = {
    "audio",
    "video",
    "playlist",
    "youtube",
    "vimeo",
    "soundcloud",
    "tweet",
    "googlemaps",
    "contact-form",
    "contact-form-7",
    "code",
    "sourcecode",
    "latex",
    "polldaddy",
    "slideshow",
    "wpvideo",
    "archives",
    "sitemap",
    "recipe",
    "gist",
}


def attributes(text):
    return {
        match.group(1).lower(): html.unescape(next(g for g in match.groups()[1:] if g is not None))
        for match in ATTRIBUTE.finditer(text)
    }


def _caption(match):
    attrs = attributes(match.group(2))
    parts = CAPTION_PARTS.match(match.group(3))
    if not parts:
        return match.group(3)
    image, caption = parts.groups()
    caption = attrs.get("caption") or caption
    align = attrs.get("align", "")
    return (
        f'\n\n<figure class="wp-caption {html.escape(align)}">{image}'
        f"<figcaption>{caption.strip()}</figcaption></figure>\n\n"
    )


def expand(content, gallery_ids):
    """Replace [caption], [gallery] and [embed] with HTML; `gallery_ids()` lists the post's own
    attachments for a [gallery] without ids. Returns (html, names of unknown shortcodes)."""

    def gallery(match):
        attrs = attributes(match.group(1))
        ids = [part.strip() for part in attrs.get("ids", "").split(",") if part.strip()]
        if not ids and not attrs.get("include"):
            ids = gallery_ids()
        ids = ids or [part.strip() for part in attrs.get("include", "").split(",") if part.strip()]
        # No alt attribute: the attachment's own description applies (alt="" would mean
        # decorative); data-wp-gallery lets the attachment's caption show, as WordPress does.
        figures = "".join(
            f'<figure><img data-wp-id="{html.escape(wp_id)}" data-wp-gallery="1"></figure>'
            for wp_id in ids
        )
        return f'\n\n<figure class="wp-block-gallery">{figures}</figure>\n\n'

    def media(match):
        kind, attrs = match.group(1).lower(), attributes(match.group(2))
        src = next((attrs[name] for name in MEDIA_SOURCES if attrs.get(name)), "")
        element = f'<{kind} src="{html.escape(src)}"></{kind}>'
        return f'\n\n<figure class="wp-block-{kind}">{element}</figure>\n\n'

    def playlist(match):
        attrs = attributes(match.group(1))
        kind = "video" if attrs.get("type", "").lower() == "video" else "audio"
        ids = [part.strip() for part in attrs.get("ids", "").split(",") if part.strip()]
        if not ids and not attrs.get("include"):
            ids = gallery_ids()
        ids = ids or [part.strip() for part in attrs.get("include", "").split(",") if part.strip()]
        # An empty playlist still becomes an element, which the converter reports as not found.
        elements = [f'<{kind} data-wp-id="{html.escape(i)}"></{kind}>' for i in ids or [""]]
        tracks = "".join(f'<figure class="wp-block-{kind}">{e}</figure>' for e in elements)
        return f"\n\n{tracks}\n\n"

    content = CAPTION.sub(_caption, content)
    content = MEDIA.sub(media, content)
    content = PLAYLIST.sub(playlist, content)
    content = GALLERY.sub(gallery, content)
    content = EMBED.sub(lambda match: f"\n\n{match.group(1).strip()}\n\n", content)
    unknown = []
    closing = {match.group(2).lower() for match in SHORTCODE.finditer(content) if match.group(1)}
    for match in SHORTCODE.finditer(content):
        name = match.group(2).lower()
        if match.group(1):
            continue
        # "[sic]" or "[1]" in prose is not a shortcode: report only what looks like one.
        if name in KNOWN_NAMES or "=" in match.group(3) or name in closing:
            unknown.append(name)
    return content, unknown
