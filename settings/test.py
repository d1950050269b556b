"""The pytest suite: fast hashing, emails in the locmem outbox, media in a temp folder."""

import tempfile

from .base import *  # noqa: F403
from .base import RENDITIONS_CACHE, TASK_QUEUES

DEBUG = False
SECRET_KEY = "test-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="blog-test-media-")
ALLOWED_HOSTS = ["*"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": RENDITIONS_CACHE,
}
# Tasks run where they are enqueued; tests of the queue start real db_worker processes.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,
    }
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Encoding every size and format on each publish would slow every test that commits; the tests
# of making renditions ahead turn it on.
RENDITIONS_AHEAD = False

# Serve from the source folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
