"""Production: refuses to start with unsafe configuration."""

import sys

from .base import *  # noqa: F403
from .base import BASE_DIR, RENDITIONS_CACHE, SECRET_KEY
from .env import env_bool, env_int, env_str

if not SECRET_KEY:
    # A one-line reason instead of Django's traceback: the operator sees what to set.
    sys.stderr.write(
        "SECRET_KEY is not set: export a long random SECRET_KEY to run in production.\n"
    )
    sys.exit(1)

DEBUG = False

if not env_str("REDIS_URL"):
    # Every worker must see the same cache: a per-process one would keep serving the chrome,
    # tag cloud and archive box that another worker invalidated, and would split rate limits.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env_str("CACHE_DIR", str(BASE_DIR / "cache")),
            # Rate-limit counters (one per client network) must not crowd out the chrome.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "renditions": RENDITIONS_CACHE,
    }

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
