"""Cache headers that let a shared cache (CDN, reverse proxy) serve anonymous pages, and
compression of those pages when no front server compresses them."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

# Responses under these paths depend on who asks, cookies or not.
PRIVATE_PREFIXES = ("/documents/",)
# Cache-Control directives that mark a response as meant for one visitor only.
PER_VISITOR = frozenset({"private", "no-store"})


class PublicCacheMiddleware:
    """Marks anonymous, cookie-free GET responses as publicly cacheable.

    A response is public only when nothing per-visitor went into it: no cookie was set
    (session, CSRF, messages) and the visitor is not logged in. Anything else is private.
    Views that already chose their own Cache-Control keep it. Documents are always private:
    who may download one depends on the pages the visitor may see (core/documents.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or request.path.startswith("/admin/"):
            return response
        user = getattr(request, "user", None)
        anonymous = user is None or not user.is_authenticated
        if (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(PRIVATE_PREFIXES)
            and response.status_code in (200, 301, 404)
            and anonymous
            and not response.cookies
        ):
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Gzips responses only when they are the same for everyone: public and cookie-free.

    For when no front server compresses. A per-visitor response may carry a secret (a CSRF
    token, a session's data) beside text an attacker can make the page reflect; compressing
    both lets the size of the response give the secret away (BREACH). A public response holds
    nothing of the visitor's, so it is safe to compress. Must sit above PublicCacheMiddleware,
    which decides what is public; GZipMiddleware adds `Vary: Accept-Encoding` itself.
    """

    def process_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        directives = {part.strip().split("=")[0].lower() for part in cache_control.split(",")}
        if response.cookies or "public" not in directives or directives & PER_VISITOR:
            return response
        return super().process_response(request, response)
