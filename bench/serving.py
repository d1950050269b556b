#!/usr/bin/env python
"""Benchmark: what readers get from the production stack, cached and app-served, against the
front server's own ceiling (the same bytes as a static file), all in one run.

Usage: .venv/bin/python bench/serving.py [--seconds 10] [--previous DIR]

Starts `deploy/prod` (nginx + gunicorn, production settings, demo content in a throwaway
SQLite database) on a free port, then drives each page with wrk (-t2 -c16) twice:
  cached      as an anonymous reader: nginx answers from its page cache;
  app-served  with a `sessionid` cookie, which makes nginx pass every request to the app
              (the app still uses its own fragment caches, as it does on a front-cache miss).
It also serves the post page's bytes as a static file through nginx, the ceiling for a
cached page. `--previous DIR` (a checkout of an earlier commit, e.g. made with
`git worktree add /tmp/before <commit>`) is served the way its README deployed it, plain
gunicorn with 2 sync workers, to give the app-served/previous ratio in the same run.

Absolute figures depend on the machine and whatever else it runs; ratios taken in one run
are the trustworthy part.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
URLS_SCRIPT = """
from django.conf import settings
from django.db.models import Count
from posts.models import PostPage
from taxonomy.models import Tag
post = PostPage.objects.live().order_by("-date")[5]
tag = Tag.objects.annotate(n=Count("posts")).order_by("-n", "pk")[0]
print(post.url, tag.slug, settings.STATIC_ROOT)
"""
SESSION_COOKIE = "Cookie: sessionid=bench-app-served"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk(url, seconds, header=None):
    """(req/s, p50 ms, p99 ms) from wrk -t2 -c16."""
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url]
    if header:
        command[1:1] = ["-H", header]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return rate, latency(output, "50%"), latency(output, "99%")


def latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def fetch(url, header=None):
    request = urllib.request.Request(url)
    if header:
        name, value = header.split(": ", 1)
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=300) as response:
        return response.read(), response.headers


def start_stack(run_dir, port):
    env = {
        **os.environ,
        "PROD_PORT": str(port),
        "PROD_RUN_DIR": str(run_dir),
        "DATABASE_URL": f"sqlite:///{run_dir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(run_dir / "media"),
        "STATIC_ROOT": str(run_dir / "static"),
    }
    subprocess.run([str(ROOT / "deploy" / "prod"), "start"], env=env, check=True)
    return env


def serve_previous(root, port, run_dir):
    """The earlier checkout under plain gunicorn (2 sync workers), as its README deployed it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "SECRET_KEY": "bench-" + "k3#vP9@Lm4$Rt8^Wn3&Yb6*Hc1(Jd5)Fg0_Se2+Ua7=Xo",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{run_dir / 'previous.sqlite3'}",
        "MEDIA_ROOT": str(run_dir / "previous-media"),
        "CACHE_DIR": str(run_dir / "previous-cache"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
    }
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo"]):
        subprocess.run(
            [str(PYTHON), "manage.py", *args], cwd=root, env=env, check=True, capture_output=True
        )
    gunicorn = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "settings.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            # A cheap address: its first page views make every picture's renditions (AVIF
            # takes seconds each), which the warm-up below pays before measuring.
            fetch(f"http://127.0.0.1:{port}/robots.txt")
            return gunicorn
        except OSError:
            time.sleep(0.5)
    gunicorn.terminate()
    raise SystemExit("the previous checkout did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--previous", type=Path, help="an earlier checkout to compare with")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")

    run_dir = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = start_stack(run_dir, port)
    previous = None
    try:
        output = subprocess.run(
            [str(ROOT / "deploy" / "prod"), "manage", "shell", "-c", URLS_SCRIPT],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        post_url, tag_slug, static_root = output[-3:]
        pages = {
            "post": post_url,
            "index": "/blog/",
            "home": "/",
            "tag": f"/blog/tag/{tag_slug}/",
            "search": "/search/?q=court",
            "feed": "/blog/feed/",
        }
        # The ceiling: nginx sending the post's bytes from a file, no app, no cache lookup.
        body, _ = fetch(base + post_url)
        (Path(static_root) / "bench").mkdir(exist_ok=True)
        (Path(static_root) / "bench" / "post.html").write_bytes(body)
        static = wrk(f"{base}/static/bench/post.html", options.seconds)

        for name, path in pages.items():
            url = base + path
            for _ in range(2):  # fill nginx's cache and the app's fragments
                fetch(url)
                fetch(url, SESSION_COOKIE)
            _, headers = fetch(url)
            if headers.get("X-Cache-Status") != "HIT":
                print(f"warning: {name} was not a cache HIT ({headers.get('X-Cache-Status')})")
        # One phase at a time, cached first: an app-served run leaves gunicorn busy with the
        # requests wrk abandoned at its end, which would slow whatever is measured next.
        cached = {name: wrk(base + path, options.seconds) for name, path in pages.items()}
        app = {}
        for name, path in pages.items():
            time.sleep(2)
            app[name] = wrk(base + path, options.seconds, SESSION_COOKIE)
        rows = [(name, cached[name], app[name]) for name in pages]

        if options.previous:
            previous_port = free_port()
            previous = serve_previous(options.previous.resolve(), previous_port, run_dir)
            for _ in range(2):
                fetch(f"http://127.0.0.1:{previous_port}{post_url}")
            previous_post = wrk(f"http://127.0.0.1:{previous_port}{post_url}", options.seconds)
    finally:
        if previous:
            previous.terminate()
            previous.wait()
        subprocess.run([str(ROOT / "deploy" / "prod"), "stop"], env=env, check=False)

    print(f"\nwrk -t2 -c16 -d{options.seconds}s, production stack (nginx + gunicorn), demo data")
    print(
        f"static file (post bytes): {static[0]:>9,.0f} req/s  p50 {static[1]:.2f} ms"
        f"  p99 {static[2]:.2f} ms"
    )
    print(
        f"{'page':<8}{'cached req/s':>14}{'p50 ms':>9}{'p99 ms':>9}{'cached/static':>15}"
        f"{'app req/s':>11}{'p50 ms':>9}{'p99 ms':>9}"
    )
    for name, cached, app in rows:
        print(
            f"{name:<8}{cached[0]:>14,.0f}{cached[1]:>9.2f}{cached[2]:>9.2f}"
            f"{cached[0] / static[0]:>14.0%} {app[0]:>11,.1f}{app[1]:>9.1f}{app[2]:>9.1f}"
        )
    if options.previous:
        app_post = rows[0][2]
        print(
            f"\nprevious checkout, post page, plain gunicorn: {previous_post[0]:,.1f} req/s"
            f"  p50 {previous_post[1]:.1f} ms; app-served/previous = "
            f"{app_post[0] / previous_post[0]:.1f}x"
        )
    shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
