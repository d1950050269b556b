"""Footnote references in rich text: the anchor each note's back-link returns to."""

import re

from django import template
from django.utils.safestring import mark_safe

from core.blocks import BodyRenderState

register = template.Library()

# A link to a note as rich text stores it: <a href="#fn-3">3</a> (usually inside <sup>).
REFERENCE = re.compile(r'<a href="#fn-(\d+)">')


@register.simple_tag(takes_context=True)
def footnote_anchors(context, html):
    """Give the first link to each note id="fnref-N" and an accessible name ("Note N")."""
    state = context.get("body_state")
    seen = state.footnote_refs if isinstance(state, BodyRenderState) else set()

    def anchor(match):
        number = int(match.group(1))
        if number in seen:
            return f'<a href="#fn-{number}" aria-label="Note {number}">'
        seen.add(number)
        return f'<a href="#fn-{number}" id="fnref-{number}" aria-label="Note {number}">'

    # Only attributes of our own are added to rich text the site already renders as trusted.
    return mark_safe(REFERENCE.sub(anchor, str(html)))  # noqa: S308
