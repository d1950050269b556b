"""Production settings: safe by default, and refusing to start without a SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


# Variables a test run may set that a real deployment would not (the browser tests need
# DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly flags).
NOT_IN_DEPLOYMENT = {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DEBUG"}


STRONG_KEY = "x7#kQ2!vPz9@Lm4$Rt8^Wn3&Yb6*Hc1(Jd5)Fg0_Se2+Ua7=Xo"


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in NOT_IN_DEPLOYMENT}
    environment.update(DJANGO_SETTINGS_MODULE="settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_check_deploy_reports_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="blog.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="blog.example.org")
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.count("\n") == 0, message
    assert "SECRET_KEY" in message


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-Q2!vPz9@Lm4",  # under 50 characters
        "ab" * 30,  # long, but two distinct characters
        "django-insecure-" + "k2#vP9@Lm4$Rt8^Wn3&Yb6*Hc1(Jd5)Fg0_Se2+Ua7=Xo",  # startproject's
    ],
)
def test_production_refuses_a_weak_secret_key_in_one_line(key):
    result = run_manage("check", SECRET_KEY=key, ALLOWED_HOSTS="blog.example.org")
    assert result.returncode != 0
    message = result.stderr.strip()
    assert message.count("\n") == 0, message
    assert "SECRET_KEY is too weak" in message
    # Positive control: the same command with a strong key runs.
    assert run_manage("check", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x.org").returncode == 0


def test_production_workers_share_one_cache_without_redis(tmp_path):
    """What one worker invalidates, every other worker must stop serving."""
    env = {
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "blog.example.org",
        "CACHE_DIR": str(tmp_path),
    }
    code = "from django.core.cache import cache; {}"
    written = run_manage("shell", "-c", code.format("cache.set('chrome', 'v1', None)"), **env)
    assert written.returncode == 0, written.stderr
    read = run_manage("shell", "-c", code.format("print(cache.get('chrome'))"), **env)
    assert read.returncode == 0, read.stderr
    assert read.stdout.strip().splitlines()[-1] == "v1"


def test_production_keeps_its_file_cache_outside_the_code_tree():
    code = "from django.conf import settings; print(settings.CACHES['default']['LOCATION'])"
    result = run_manage("shell", "-c", code, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x.org")
    assert result.returncode == 0, result.stderr
    location = Path(result.stdout.strip().splitlines()[-1])
    assert location.is_absolute() and ROOT not in location.parents, location


def test_production_serves_static_files_compressed_and_keeps_renditions_per_process(tmp_path):
    """WhiteNoise serves gzip and Brotli copies made at collectstatic; looked-up renditions
    stay in each worker's memory instead of being written to the shared cache on every view."""
    env = {
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "blog.example.org",
        "CACHE_DIR": str(tmp_path),
    }
    code = (
        "from django.conf import settings; "
        "print(settings.STORAGES['staticfiles']['BACKEND']); "
        "print(settings.CACHES['renditions']['BACKEND'])"
    )
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    storage, renditions = result.stdout.strip().splitlines()[-2:]
    assert storage == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert renditions == "django.core.cache.backends.locmem.LocMemCache"


def test_an_unknown_task_backend_is_refused_in_one_line():
    env = {**os.environ, "TASK_BACKEND": "celery", "DJANGO_SETTINGS_MODULE": "settings.dev"}
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.TASKS"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "TASK_BACKEND must be one of ['database', 'immediate']" in done.stderr
