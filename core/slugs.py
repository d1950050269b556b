"""Addresses made from names: the first of "name", "name-2", "name-3"... that is still free."""


def unused_slug(queryset, base):
    """`base`, or `base` with the lowest number that no row of `queryset` has as its slug.
    Pass the queryset without the row being saved, so it may keep its own slug."""
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
