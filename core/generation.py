"""The content generation, and fragments cached under it until the next content event.

The generation is one of the hub's generation tokens (`invalidation.generation`), like the
sitemap's and the page starts'. The invalidation hub deletes it after every
content event (any event: a rendered post shows its tags, authors, neighbours and the blog's
address, so nearly everything can change it); the next read starts a new one. Every fragment's
key includes the token, so one delete retires them all at once without listing them, and the
entries left behind simply expire.

Only what is the same for every anonymous reader is cached: a preview, a draft, a logged-in
editor or a POST always gets a fresh rendering and never fills the cache.
"""

import hashlib

from django.core.cache import cache
from wagtail.models import Site

from core import invalidation

NAME = "content"
KEY = invalidation.generation_key(NAME)
CACHE_EVENTS = invalidation.ALL_EVENTS
# A backstop only: a content event retires every fragment long before this.
FRAGMENT_MAX_AGE = 24 * 60 * 60
REQUEST_ATTR = "_content_generation"


def cache_keys():
    """The generation's key (for the invalidation hub): deleting it starts a new generation."""
    return [KEY]


def current(request=None):
    """The current generation's token; read once per request."""
    token = getattr(request, REQUEST_ATTR, None)
    if token is None:
        token = invalidation.generation(NAME)
        if request is not None:
            setattr(request, REQUEST_ATTR, token)
    return token


def cacheable(request):
    """Whether what this request renders is what every anonymous reader would get."""
    if request is None or request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def fragment_key(request, name, *parts):
    """A key for fragment `name` of the request's site and host in the current generation.

    The host and scheme are part of it because fragments may hold absolute addresses built
    from them; `parts` name the variant (a page, a revision, a page number).
    """
    site = Site.find_for_request(request)
    origin = f"{request.scheme}://{request.get_host()}"
    variant = "|".join([origin, *(str(part) for part in parts)])
    # Hashed: the host and parts may hold paths and slugs stranger than a cache key may be.
    digest = hashlib.md5(variant.encode(), usedforsecurity=False).hexdigest()
    return f"fragment:{name}:{current(request)}:{site.pk if site else None}:{digest}"


def cached(request, name, parts):
    """What `get_or_build` stored for these, or None (also for requests that never cache)."""
    if not cacheable(request):
        return None
    return cache.get(fragment_key(request, name, *parts))


def store(request, name, parts, value, timeout=FRAGMENT_MAX_AGE):
    """Keep `value` for `cached()` to find, if this request may fill the cache."""
    if cacheable(request):
        cache.set(fragment_key(request, name, *parts), value, timeout)


def get_or_build(request, name, parts, build, timeout=FRAGMENT_MAX_AGE):
    """`build()`'s result, cached for anonymous readers until the next content event."""
    if not cacheable(request):
        return build()
    key = fragment_key(request, name, *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value
