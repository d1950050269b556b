"""A comment is plain text: what the reader typed is shown as typed, never as HTML.

Rendering escapes everything, then makes paragraphs of blank-line separated blocks (single
line breaks kept) and links the web addresses in it with `rel="nofollow ugc"`, so a link in
a comment lends the commented site no standing with search engines. `link_count` counts the
same addresses the renderer would link, for the form's limit.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# An address starts with a scheme or "www." and runs to white space or an angle bracket (so
# OSCOLA's "<https://…>" links the address inside). Closing punctuation is trimmed after.
_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_TRAILING = ".,;:!?'’”)]}"
# Anything that looks like an HTML tag: a "<" then a letter (or "/" or "!"), up to ">". Plain
# comparisons ("a < b") and angle-bracketed addresses ("<https://…>") are not tags.
_TAG = re.compile(r"<\s*[/!]?\s*[a-z][a-z0-9-]*(?:\s[^<>]*)?/?\s*>|<!--", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _addresses(text):
    for match in _ADDRESS.finditer(text):
        address = match.group(0)
        # A closing bracket belongs to the address only if it opened one, as Wikipedia's do.
        while address and address[-1] in _TRAILING:
            if address[-1] == ")" and address.count("(") >= address.count(")"):
                break
            address = address[:-1]
        if len(address) > len("www."):
            yield match.start(), match.start() + len(address), address


def link_count(text):
    return sum(1 for _ in _addresses(text))


def has_html(text):
    return bool(_TAG.search(text))


def normalise(text):
    """Line endings unified, trailing spaces dropped, at most one blank line between blocks."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _linked(block):
    parts, position = [], 0
    for start, end, address in _addresses(block):
        parts.append(escape(block[position:start]))
        href = address if "://" in address else f"https://{address}"
        parts.append(f'<a href="{escape(href)}" rel="nofollow ugc">{escape(address)}</a>')
        position = end
    parts.append(escape(block[position:]))
    return "".join(parts).replace("\n", "<br>\n")


def render(text):
    """The comment as safe HTML paragraphs."""
    blocks = [block.strip() for block in _PARAGRAPH_BREAK.split(normalise(text))]
    return mark_safe("".join(f"<p>{_linked(block)}</p>\n" for block in blocks if block))
