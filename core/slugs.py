"""Addresses made from names: the first of "name", "name-2", "name-3"... that is still free.

One rule for every slug the site makes, in the editor and in the importer alike: Django's
`slugify` with Unicode letters kept ("content περιεχόμενο" → "content-περιεχόμενο"), as Wagtail
does for page slugs; the routes match such slugs with `[-\\w]+`, which accepts any letter.
"""

import functools

from django.urls import get_resolver
from django.utils.text import slugify


def slug_from(text, max_length):
    """The slug for `text` ("" when it has no letters or digits at all)."""
    return slugify(text, allow_unicode=True)[:max_length].strip("-")


def unused_slug(queryset, base, is_reserved=None):
    """`base`, or `base` with the lowest number that no row of `queryset` has as its slug (nor
    `is_reserved(slug)` refuses). Pass the queryset without the row being saved, so it may keep
    its own slug."""
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken or (is_reserved and is_reserved(slug)):
        number += 1
        slug = f"{base}-{number}"
    return slug


def is_site_route(slug):
    """Whether a page directly under a site's root with this slug would be hidden by one of the
    site's own URL patterns (/search/, /admin/, /documents/…), which come before Wagtail's."""
    return slug in site_route_segments()


@functools.cache
def site_route_segments():
    """The literal first segment of every URL pattern that has more after it ("search/…"),
    read from the URL configuration itself."""
    segments = set()
    for pattern in get_resolver().url_patterns:
        first, slash, _ = str(pattern.pattern).removeprefix("^").partition("/")
        if slash and first and not any(char in first for char in "<([\\.*?+"):
            segments.add(first)
    return frozenset(segments)
