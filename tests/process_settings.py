"""Settings for the processes tests start (task workers, schedulers, cache readers): the test
settings, with the queue in the database, emails over SMTP to the test's sink, and Redis when
the test gives one (REDIS_URL, with a key prefix of its own)."""

from settings.env import env_int, env_str
from settings.test import *  # noqa: F403
from settings.test import TASK_QUEUES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
NEWSLETTER_DIGEST_BATCH_SIZE = env_int("NEWSLETTER_DIGEST_BATCH_SIZE", 200)
if env_str("REDIS_URL"):
    CACHES = {
        **CACHES,  # noqa: F405
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
        },
    }
