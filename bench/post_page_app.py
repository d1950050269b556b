#!/usr/bin/env python
"""Benchmark: requests per second of pages the app serves itself (no front cache), under gunicorn.

Usage: .venv/bin/python bench/post_page_app.py [--root DIR] [--workers 2] [--seconds 10]

Builds the demo site in a throwaway SQLite database, serves it with production settings and
`--workers` sync workers, and drives a post page, the blog index, a tag page and the RSS feed
with wrk (-t2 -c16), after a warm-up request each. `--root` serves another checkout of the
project (say, the commit before a change) from the same virtualenv, to compare the two.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Demo slugs are stable for a seed: the sixth newest post and the most used topic.
URLS_SCRIPT = """
from django.db.models import Count
from posts.models import PostPage
from taxonomy.models import Tag
post = PostPage.objects.live().order_by("-date")[5]
tag = Tag.objects.annotate(n=Count("posts")).order_by("-n", "pk")[0]
print(post.url, tag.slug)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(root, env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def wait_until_up(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url}")


def requests_per_second(url, seconds):
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", url], check=True, capture_output=True, text=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    options = parser.parse_args()
    root = options.root.resolve()
    with tempfile.TemporaryDirectory() as workdir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings.production",
            "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3",
            "MEDIA_ROOT": f"{workdir}/media",
            "CACHE_DIR": f"{workdir}/cache",
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
        }
        manage(root, env, "migrate", "-v0")
        manage(root, env, "load_demo")
        manage(root, env, "collectstatic", "--noinput", "-v0")
        post_path, tag_slug = manage(root, env, "shell", "-c", URLS_SCRIPT).split()[-2:]
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "settings.wsgi",
                f"--workers={options.workers}",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=root,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            pages = {
                "post": post_path,
                "index": "/blog/",
                "tag": f"/blog/tag/{tag_slug}/",
                "feed": "/blog/feed/",
            }
            wait_until_up(base + pages["index"])
            for name, page in pages.items():
                for _ in range(options.workers * 2):  # every worker's first view
                    urllib.request.urlopen(base + page).read()
                rate = requests_per_second(base + page, options.seconds)
                print(f"{name:6} {page:60} {rate:8.1f} req/s")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
