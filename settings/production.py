"""Production: refuses to start with unsafe configuration."""

import os
import sys
from pathlib import Path

from .base import *  # noqa: F403
from .base import (
    MEDIA_STORAGE_BACKEND,
    RENDITIONS_CACHE,
    SCHEDULE,
    SECRET_KEY,
    TASK_BACKENDS,
    TASK_QUEUES,
)
from .env import env_bool, env_int, env_str

if not SECRET_KEY:
    # A one-line reason instead of Django's traceback: the operator sees what to set.
    sys.stderr.write(
        "SECRET_KEY is not set: export a long random SECRET_KEY to run in production.\n"
    )
    sys.exit(1)
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
    # Django's own bar (check W009): a short or repetitive key can be guessed, and it signs
    # sessions, password resets and the newsletter's links.
    sys.stderr.write(
        "SECRET_KEY is too weak: use at least 50 random characters, e.g. from "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'.\n"
    )
    sys.exit(1)

DEBUG = False
USER_CACHE_HOME = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")

if not env_str("REDIS_URL"):
    # Every worker must see the same cache: a per-process one would keep serving the chrome,
    # tag cloud and archive box that another worker invalidated, and would split rate limits.
    CACHES = {
        "default": {
            # Outside the code tree (which may be read-only, and is no place for data); an
            # unusable folder is reported at start-up and then served around, uncached.
            "BACKEND": "core.file_cache.SoftFileBasedCache",
            # The app user's own cache folder, not a shared one such as /tmp, where another
            # local user could plant files for the cache to load.
            "LOCATION": env_str("CACHE_DIR", str(USER_CACHE_HOME / "chambers-blog")),
            # Rate-limit counters (one per client network) must not crowd out the chrome.
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
        "renditions": RENDITIONS_CACHE,
    }

# Slow and observable work (emails, the digest, renditions, re-indexing, purges) leaves the
# request for `manage.py db_worker`: a sign-up answers before any mail server is spoken to.
TASK_BACKEND = env_str("TASK_BACKEND", "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND], "QUEUES": TASK_QUEUES}}
if TASK_BACKEND == "database":
    # A queued task's row is kept a fortnight after it ends (for a look at what failed), then
    # deleted: every sign-up, purge and rendition writes one.
    SCHEDULE = [
        *SCHEDULE,
        {"command": ("prune_db_task_results", "--queue-name", "*"), "at": "04:00"},
    ]

STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
# Subdomains and the preload list are the operator's commitment (every subdomain must serve
# HTTPS; leaving the preload list takes months), so both are off until chosen.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Django's deploy checks ask for both; off is the deliberate default above.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Load balancers and supervisors check health over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Off only for a stack served over plain HTTP on loopback (`make prod`): a browser would not
# send Secure cookies back to http://127.0.0.1 in every case, nor would HTTP clients.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
