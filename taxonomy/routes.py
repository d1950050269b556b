"""Reader routes for tags, mixed into BlogIndexPage: /blog/tags/ and /blog/tag/<slug>/."""


class TagRoutesMixin:
    pass
