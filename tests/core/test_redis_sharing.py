"""Issue 18, point 2: with Redis, every instance shares one cache (the hub's clearing, rate
limits) and sessions. Another Python process stands for another instance; both use the real
Redis on 127.0.0.1:6379, under a key prefix of this test's own."""

import subprocess
import sys
import textwrap
import uuid

import pytest
import redis
from django.contrib.sessions.backends.cached_db import SessionStore

from core import generation
from tests.factories import make_post
from tests.processes import PROJECT, process_env

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def shared_redis(settings):
    prefix = f"blog-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def other_instance(prefix, tmp_path, code):
    """Run `code` in another process on the same Redis (and no database of ours: a database
    it tried to use would be empty); what it printed."""
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    env = process_env(
        f"sqlite:///{tmp_path / 'nothing-here.sqlite3'}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


READ_GENERATION = """
from core import invalidation
print(invalidation.generation("content"))
"""


@pytest.mark.django_db
def test_a_content_event_here_retires_what_another_instance_cached(
    shared_redis, tmp_path, blog, committed
):
    post = make_post(blog, "Draft for now", live=False)
    token = other_instance(shared_redis, tmp_path, READ_GENERATION)
    # The other instance's generation is this one's: its fragments are this one's too.
    assert generation.current() == token

    with committed():
        post.save_revision().publish()

    renewed = other_instance(shared_redis, tmp_path, READ_GENERATION)
    assert renewed != token
    assert generation.current() == renewed


@pytest.mark.django_db
def test_a_sign_up_limit_reached_on_another_instance_holds_here(
    shared_redis, tmp_path, site_tree, client, settings
):
    settings.NEWSLETTER_SIGNUPS_PER_HOUR = 3
    other_instance(
        shared_redis,
        tmp_path,
        """
        from django.test import RequestFactory
        from newsletter import ratelimit
        request = RequestFactory().post("/subscribe/signup/", REMOTE_ADDR="198.51.100.7")
        print([ratelimit.allow_signup(request) for _ in range(3)])
        """,
    )
    response = client.post(
        "/subscribe/signup/",
        {"email": "reader@example.org", "website": ""},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 429
    other_network = client.post(
        "/subscribe/signup/",
        {"email": "reader@example.org", "website": ""},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other_network.status_code == 200


@pytest.mark.django_db
def test_a_session_saved_here_is_read_by_another_instance_from_redis(
    shared_redis, tmp_path, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    session = SessionStore()
    session["editor"] = "signed in here"
    session.save()
    seen = other_instance(
        shared_redis,
        tmp_path,
        f"""
        from django.contrib.sessions.backends.cached_db import SessionStore
        print(SessionStore({session.session_key!r}).get("editor"))
        """,
    )
    assert seen == "signed in here"


@pytest.mark.parametrize(
    ("redis_url", "engine"),
    [(REDIS_URL, "django.contrib.sessions.backends.cached_db"), ("", "db")],
)
def test_production_keeps_sessions_in_redis_when_it_is_set(redis_url, engine):
    env = process_env("sqlite:///unused.sqlite3", REDIS_URL=redis_url)
    env.update(DJANGO_SETTINGS_MODULE="settings.production", SECRET_KEY="k" * 30 + "abcdefghij" * 3)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SESSION_ENGINE, "
            "settings.CACHES['default']['BACKEND'], settings.TASKS['default']['BACKEND'])",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    session_engine, cache_backend, task_backend = done.stdout.split()
    assert session_engine.endswith(engine)
    assert ("RedisCache" in cache_backend) == bool(redis_url)
    assert task_backend == "django_tasks_db.DatabaseBackend"
