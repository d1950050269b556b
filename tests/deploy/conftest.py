"""The production stack (`deploy/prod`) started once per module as a private copy: its own
free port, run folder, SQLite database, media and static folders, stopped at the end.

Without nginx these tests skip, unless CI is set: CI must run them (`.ci/run` installs it).
"""

import json
import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PROD = ROOT / "deploy" / "prod"
ADMIN_PASSWORD = "deploy-tests-only-pw"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Stack:
    url: str
    port: int
    env: dict
    run_dir: Path
    # The app instances' own addresses, when APP_INSTANCES > 1 (behind nginx otherwise).
    instances: tuple = ()

    def manage(self, *args):
        """Run a manage.py command in the stack's environment; its output."""
        result = subprocess.run(
            [str(PROD), "manage", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def query(self, code):
        """What `code` (Python run by `manage.py shell`) prints as JSON on its last line."""
        return json.loads(self.manage("shell", "-v0", "-c", code).strip().splitlines()[-1])

    def get(self, path, **kwargs):
        """An anonymous reader's request: no cookies, nothing kept between requests."""
        kwargs.setdefault("timeout", 5)
        kwargs.setdefault("allow_redirects", False)
        return requests.get(self.url + path, **kwargs)

    def admin(self, url=None):
        """A requests.Session logged in to the admin (through nginx, or at `url`: an
        instance), sending its CSRF token with each POST."""
        url = url or self.url
        session = requests.Session()
        session.get(url + "/admin/login/", timeout=5).raise_for_status()
        token = session.cookies["csrftoken"]
        session.headers["X-CSRFToken"] = token
        response = session.post(
            url + "/admin/login/",
            data={"username": "admin", "password": ADMIN_PASSWORD, "next": "/admin/"},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text[:500]
        # The login rotated the token.
        session.headers["X-CSRFToken"] = session.cookies["csrftoken"]
        return session


def require_nginx():
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        message = "nginx is not installed (apt-get install nginx-light); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def stack_env(base, port, **extra):
    """The environment of a private copy of the stack in `base` on `port`."""
    env = {
        key: value
        for key, value in os.environ.items()
        # The stack chooses its own settings module; a test run's must not leak in.
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        PROD_PORT=str(port),
        PROD_RUN_DIR=str(base / "run"),
        DATABASE_URL=f"sqlite:///{base / 'db.sqlite3'}",
        MEDIA_ROOT=str(base / "media"),
        STATIC_ROOT=str(base / "static"),
        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
        PROD_LOAD_DEMO="1",
        PROD_DEMO_POSTS="8",  # the pages and routes are all there; fewer pictures to draw
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="4",
    )
    env.update(extra)
    return env


@contextmanager
def running_stack(base, port, env, instances=()):
    """deploy/prod started with `env`, stopped afterwards whatever happens."""
    started = subprocess.run(
        [str(PROD), "start"], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    stack = Stack(f"http://127.0.0.1:{port}", port, env, base / "run", tuple(instances))
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield stack
    finally:
        subprocess.run([str(PROD), "stop"], env=env, capture_output=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    require_nginx()
    base = tmp_path_factory.mktemp("prod")
    port = _free_port()
    with running_stack(base, port, stack_env(base, port)) as running:
        yield running


def until(condition, within=1.0, step=0.05):
    """Whether `condition()` became true within `within` seconds (polling)."""
    deadline = time.monotonic() + within
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
