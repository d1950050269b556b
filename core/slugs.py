"""Addresses made from names: the first of "name", "name-2", "name-3"... that is still free.

One rule for every slug the site makes, in the editor and in the importer alike: Django's
`slugify` with Unicode letters kept ("content περιεχόμενο" → "content-περιεχόμενο"), as Wagtail
does for page slugs; the routes match such slugs with `[-\\w]+`, which accepts any letter.
"""

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
