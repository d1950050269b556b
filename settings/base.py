"""Settings shared by every environment. Deploy choices come from environment variables."""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str
from .storage import media_origins, media_public_url, media_storage

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "posts",
    "taxonomy",
    "newsletter",
    "comments",
    "wordpress",
    "demo",
    "wagtail_modeladmin",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Throttles admin sign-in (see AXES_* below).
    "axes",
    "csp",
    # Background tasks (Django 6's tasks framework, backported) and their database queue.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.http.RefuseMethodsMiddleware",
    "core.security_headers.SiteCSPMiddleware",
    "core.security_headers.CrossOriginHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which serves static files already compressed; above everything that
    # sets headers, so it sees the final Cache-Control and cookies.
    "core.caching.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.routing.RouteCacheMiddleware",
    "core.caching.PublicCacheMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "settings.urls"
WSGI_APPLICATION = "settings.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_name",
            ],
        },
    },
]

# DATABASE_URL picks the engine: sqlite:///path, postgres://user@host:5432/name.
# Connections are kept for DB_CONN_MAX_AGE seconds and checked before each request reuses one
# (CONN_HEALTH_CHECKS), so a database restart costs one reconnect, not a failed request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Behind pgbouncer in transaction mode a session's server connection changes between
# transactions, so named (server-side) cursors, which outlive a transaction, cannot be used.
# Nothing else of ours needs the session: the scheduler's lock is a row, not an advisory lock.
if env_bool("DB_TRANSACTION_POOLING", False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# SQLite writers queue instead of failing with "database is locked": a transaction takes the
# write lock when it begins (a deferred one that read first cannot wait for it and fails at
# once), and waits up to `timeout` seconds for it. WAL lets readers carry on meanwhile.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
# PostgreSQL's JIT compiles any query the planner estimates as large, which a page's queries
# never repay: at 10,000 posts a post page's "Read more" query spent 54 ms compiling to run in
# 12. pgbouncer refuses this startup option; behind it, `ALTER DATABASE … SET jit = off`.
elif not env_bool("DB_TRANSACTION_POOLING", False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Renditions Wagtail looked up, per process: a post view would otherwise write each one back to
# the shared cache (a file per rendition without Redis) on every view. Kept briefly, because a
# rendition another process deletes (its image's file replaced) is remembered until then.
RENDITIONS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "TIMEOUT": 300,
}
_redis_url = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "renditions": RENDITIONS_CACHE,
}
if _redis_url:
    # Sessions shared by every instance: read from Redis, written through to the database, so
    # an editor stays signed in when Redis restarts or evicts (it keeps nothing on disk).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background tasks. `immediate` runs each task in the process that enqueues it (`make run`,
# tests: one command, nothing else to start); `database` queues it in the database for
# `manage.py db_worker` processes (production: deploy/prod starts one).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASK_BACKEND = env_str("TASK_BACKEND", "immediate")
if TASK_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASK_BACKEND must be one of {sorted(TASK_BACKENDS)}.")
# Emails (confirmations, the digest's batches) have a queue of their own, so a long digest
# never holds up a front-cache purge or a rendition; deploy/prod runs a worker for each.
TASK_QUEUES = ["default", "email"]
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND], "QUEUES": TASK_QUEUES}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media on the local disk, or in an S3-compatible bucket shared by every instance
# (MEDIA_STORAGE=s3: settings/storage.py, core/media_storage.py).
MEDIA_STORAGE_BACKEND, WAGTAILDOCS_SERVE_METHOD = media_storage()
MEDIA_PUBLIC_URL = media_public_url(MEDIA_URL)
# public-read on images and renditions; empty when a bucket policy makes those prefixes public
# (buckets that refuse ACLs), or when only the front server reads the bucket with a key.
MEDIA_PUBLIC_ACL = env_str("MEDIA_PUBLIC_ACL", "public-read")
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: anything larger is refused with a message instead of filling the disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
# 25 megapixels (6000 × 4000, a good camera's full size) is more than any page shows; a larger
# picture costs seconds and hundreds of MB to resize however small its file.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.image_forms.ImageForm"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Office files old and new, and the audio/video formats browsers play (the media block).
WAGTAILDOCS_EXTENSIONS = [
    *["csv", "doc", "docx", "odt", "pdf", "ppt", "pptx", "rtf", "txt", "xls", "xlsx"],
    *["m4a", "mp3", "oga", "ogg", "wav", "m4v", "mp4", "ogv", "webm"],
]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Chambers Blog <updates@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Rights & Remedies")
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Site search stops a query still running after this long and asks for a narrower search, so a
# very common word cannot hold a worker (posts.search_query.time_limit).
SEARCH_TIME_LIMIT_MS = env_int("SEARCH_TIME_LIMIT_MS", 2000)
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No third-party requests from the admin either: avatars are initials, not gravatar images
# (which would also hand editors' address hashes to another site).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Editorial review (home/migrations/0008): Wagtail emails the reviewers when a post is
# submitted and its author when it is approved or changes are requested (with the comment).
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = env_bool("NOTIFY_SUPERUSERS", True)
# A post under review is locked for everyone but the reviewers (Wagtail's group approval
# task); a reviewer's own edit during review is part of their approval, not a new submission.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = False
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "png"}

# Publishing a post makes its pictures' renditions, instead of its first reader's view.
RENDITIONS_AHEAD = env_bool("RENDITIONS_AHEAD", True)

# Email updates: sign-ups allowed per client network per hour, and the request header that
# holds the client's address (e.g. HTTP_X_REAL_IP behind a reverse proxy).
NEWSLETTER_SIGNUPS_PER_HOUR = env_int("NEWSLETTER_SIGNUPS_PER_HOUR", 10)
# Subscribers per digest task: each batch is one task a worker runs (and retries) on its own.
NEWSLETTER_DIGEST_BATCH_SIZE = max(1, env_int("NEWSLETTER_DIGEST_BATCH_SIZE", 200))
# Where the client's address is: REMOTE_ADDR when clients connect directly, the front server's
# header behind one (deploy/ sets HTTP_X_REAL_IP). Every rate limit counts by it.
CLIENT_IP_HEADER = env_str(
    "CLIENT_IP_HEADER", env_str("NEWSLETTER_CLIENT_IP_HEADER", "REMOTE_ADDR")
)

# Admin sign-in: django-axes counts failures per client address; past the limit it refuses
# before any password is hashed (each hash costs ~0.5 s of CPU), until the cool-off ends.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
# By address, not by user name: a user name alone would let anyone lock an editor out.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_address"
AXES_LOCKOUT_CALLABLE = "core.sign_in.locked_out"
# A success must not wipe the address's failures: anyone with an account could otherwise
# keep guessing another one's password between sign-ins of their own.
AXES_RESET_ON_SUCCESS = False
# Page passwords (password-protected posts): wrong guesses per client network and window.
PAGE_PASSWORD_ATTEMPTS = env_int("PAGE_PASSWORD_ATTEMPTS", 10)
PAGE_PASSWORD_WINDOW_SECONDS = 15 * 60

# The scheduler's jobs (`manage.py run_scheduler`, core/schedule.py): local times, each due run
# exactly once however many instances run a scheduler.
SCHEDULE = [
    {"command": ("publish_scheduled",)},  # every minute: scheduled posts go live
    {"command": ("purge_pending_subscriptions",), "at": "03:30"},
    {
        "command": ("send_digest", "--enqueue"),
        "at": env_str("DIGEST_AT", "07:00"),
        "weekday": env_int("DIGEST_WEEKDAY", 1),  # 1 = Monday … 7 = Sunday
    },
]

# Anonymous pages carry this max-age for shared caches (see home/caching.py).
PUBLIC_CACHE_MAX_AGE = env_int("PUBLIC_CACHE_MAX_AGE", 300)

# The front server's page cache (nginx `proxy_cache_path`, see deploy/): set, every content
# event empties it once the change commits (core/front_cache.py). Unset, nothing is purged.
FRONTEND_CACHE_DIR = env_str("FRONTEND_CACHE_DIR")
WAGTAILFRONTENDCACHE = (
    {
        "nginx": {
            "BACKEND": "core.front_cache.NginxCacheDirBackend",
            "CACHE_DIR": FRONTEND_CACHE_DIR,
        }
    }
    if FRONTEND_CACHE_DIR
    else {}
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "core.http.OneLineFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "console_one_line": {"class": "logging.StreamHandler", "filters": ["one_line"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["console_one_line"], "propagate": False},
    },
}

# Content-Security-Policy, enforced (django-csp; /admin/ additions in core/security_headers.py).
# The one inline script (base.html: marks the page as scripted before it paints) is allowed by
# its hash; tests/core/test_security_headers.py recomputes it from the template.
INLINE_SCRIPT_HASHES = ["'sha256-4GqI2Z6X5pKN2atjkdW+mq/mzNp6NaRw+kLXJt0hZog='"]
# The video players the embed block shows (YouTube, Vimeo); no other site may be framed.
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", *INLINE_SCRIPT_HASHES],
        "style-src": ["'self'"],
        # A CDN or bucket serving the pictures (MEDIA_PUBLIC_URL) is the one other source.
        "img-src": ["'self'", "data:", *media_origins(MEDIA_PUBLIC_URL)],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
