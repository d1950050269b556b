#!/usr/bin/env python
"""Benchmark: the pages that grow with the archive, at 10,000 posts beside the 45-post demo,
on SQLite and PostgreSQL, served as in production.

Usage: .venv/bin/python bench/scale.py [--posts 10000] [--requests 40] [--seconds 5]
                                       [--postgres postgres://postgres@127.0.0.1:5432/x]

For each database and size it seeds (or reuses) a database with bench/seeding.py, starts
gunicorn with production settings and deploy/gunicorn.conf.py (2 workers × 4 threads, its
own empty file cache) and measures, straight from the app (no front cache):
  p50 and p99   of `--requests` requests one after another (1 connection);
  req/s         with wrk, 2 threads and 16 connections, for `--seconds`.
The post page row visits 40 different posts in turn, so it measures building a post page,
not the app's cache of one; every other row asks for one address again and again, as
readers do. The ratio column is the 10,000-post figure over the 45-post one from the same
run, the comparison that stays meaningful on a noisy machine.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import seeding

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
PER_PAGE_SCRIPT = """
import json
from django.db.models import Count
from posts.models import BlogIndexPage, PostPage
from taxonomy.models import Tag
blog = BlogIndexPage.objects.get()
visible = blog.visible_posts()
posts = list(visible.order_by("-date", "-pk").values_list("pk", flat=True))
step = max(len(posts) // 40, 1)
post_urls = [PostPage.objects.get(pk=pk).get_url() for pk in posts[::step][:40]]
by_use = list(
    Tag.objects.filter(posts__in=visible.values("pk"))
    .annotate(uses=Count("posts", distinct=True))
    .order_by("uses", "name")
)
rare = max(by_use[0].name.split(), key=len)
per_page = blog.posts_per_page
last = max((len(posts) + per_page - 1) // per_page, 1)
print(json.dumps({
    "posts": len(posts),
    "post_urls": post_urls,
    "blog": blog.get_url(),
    "deep": min(1000, last),
    "top_tag": by_use[-1].slug,
    "top_tag_posts": by_use[-1].uses,
    "rare": rare,
}))
"""
# wrk takes the next post of the list for each request.
ROTATE_LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(database_url, workdir):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": seeding.MEDIA_ROOT,
        "CACHE_DIR": f"{workdir}/cache",
        "PROD_RUN_DIR": workdir,
        "SECRET_KEY": "bench-only-" + "k7" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "off",
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def get(url):
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        return response.status


def sequential(base, paths, count):
    """Milliseconds of `count` requests, one after another, cycling through `paths`."""
    times = []
    for number in range(count):
        started = time.perf_counter()
        get(base + paths[number % len(paths)])
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def concurrent(base, paths, seconds, workdir):
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", base + paths[0]]
    if len(paths) > 1:
        script = Path(workdir) / "rotate.lua"
        script.write_text(ROTATE_LUA % ", ".join(json.dumps(path) for path in paths))
        command[1:1] = ["-s", str(script)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{paths[0]}: {errors.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def rows(facts):
    """(name, list of paths) for each row of the table, as the issue lists them."""
    blog = facts["blog"]
    search = "/search/?q="
    return [
        ("post page (40 posts in turn)", facts["post_urls"]),
        (f"{blog}?page={facts['deep']}", [f"{blog}?page={facts['deep']}"]),
        (
            f"most used tag ({facts['top_tag_posts']} posts)",
            [f"{blog}tag/{facts['top_tag']}/"],
        ),
        ("/sitemap.xml (index)", ["/sitemap.xml"]),
        ("/sitemap-posts.xml?p=1", ["/sitemap-posts.xml?p=1"]),
        ("search: common word", [f"{search}court"]),
        (f"search: rare word ({facts['rare']})", [f"{search}{facts['rare']}"]),
        ("search: phrase", [f"{search}%22living+instrument%22"]),
        ("search: common word, tag=", [f"{search}court&tag={facts['top_tag']}"]),
    ]


def measure(database_url, requests, seconds):
    with tempfile.TemporaryDirectory() as workdir:
        Path(workdir, "logs").mkdir()
        env = environment(database_url, workdir)
        manage(env, "collectstatic", "--noinput", "-v0")
        facts = json.loads(manage(env, "shell", "-c", PER_PAGE_SCRIPT).strip().splitlines()[-1])
        port = free_port()
        server = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    get(base + "/healthz")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit("gunicorn did not start") from None
                    time.sleep(0.3)
            figures = {}
            for name, paths in rows(facts):
                for path in paths[:1] * 8:  # every worker's and thread's first view
                    get(base + path)
                times = sequential(base, paths, requests)
                figures[name] = {
                    "p50": statistics.median(times),
                    "p99": percentile(times, 0.99),
                    "rate": concurrent(base, paths, seconds, workdir),
                }
            return facts["posts"], figures
        finally:
            server.terminate()
            server.wait()


def report(database, small, large):
    (small_posts, small_rows), (large_posts, large_rows) = small, large
    print(f"\n{database}: {small_posts} posts → {large_posts} posts (app-served, 2 workers)")
    print(
        f"  {'page':34} {'p50':>7} {'p99':>7} {'req/s':>7}   │ {'p50':>7} {'p99':>7} "
        f"{'req/s':>7}   │ p50 ×"
    )
    for (name, few), many in zip(small_rows.items(), large_rows.values(), strict=True):
        label = re.sub(r"\(\d+ posts\)", "", name).strip() if "tag (" in name else name
        print(
            f"  {label[:34]:34} {few['p50']:6.1f}  {few['p99']:6.1f}  {few['rate']:6.1f}   │ "
            f"{many['p50']:6.1f}  {many['p99']:6.1f}  {many['rate']:6.1f}   │ "
            f"{many['p50'] / few['p50']:4.2f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (any database name)")
    options = parser.parse_args()
    databases = [("SQLite", seeding.sqlite_url)]
    if options.postgres:
        databases.append(
            ("PostgreSQL", lambda label: seeding.postgres_url(options.postgres, label))
        )
    for database, url_for in databases:
        measured = []
        for posts, label in seeding.sizes(options.posts):
            url = url_for(label)
            subprocess.run(
                [sys.executable, str(Path(__file__).with_name("seeding.py")), f"--posts={posts}"],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": url},
                check=True,
            )
            measured.append(measure(url, options.requests, options.seconds))
        report(database, *measured)


if __name__ == "__main__":
    main()
