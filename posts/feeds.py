"""RSS and Atom feeds, and the BlogIndexPage routes that serve them."""


class FeedRoutesMixin:
    pass
