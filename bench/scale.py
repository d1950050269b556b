#!/usr/bin/env python
"""Benchmark: the pages that grow with the archive, at 10,000 posts beside the 45-post demo,
on SQLite and PostgreSQL, served as in production.

Usage: .venv/bin/python bench/scale.py [--posts 10000] [--requests 40] [--seconds 5]
                                       [--postgres postgres://postgres@127.0.0.1:5432/x]

For each database it seeds (or reuses) a 45-post and a 10,000-post database with
bench/seeding.py, starts gunicorn for each with production settings and
deploy/gunicorn.conf.py (2 workers × 4 threads, its own empty file cache), and measures, straight
from the app (no front cache):
  p50 and p99   of `--requests` requests one after another (1 connection), alternating
                between the two sizes request by request, so the machine's load weighs on
                both alike;
  req/s         with wrk, 2 threads and 16 connections, for `--seconds`.
The post page row visits a different post each time (40 for the timings, the others for wrk),
so it measures building a post page, not the app's cache of one; every other row asks for one
address again and again, as readers do. The last column is the 10,000-post p50 over the
45-post one, the comparison that stays meaningful on a noisy machine.
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
step = max(len(posts) // 480, 1)
post_urls = [PostPage.objects.get(pk=pk).get_url() for pk in posts[::step][:480]]
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


def timed_get(url):
    """Milliseconds to fetch `url`."""
    started = time.perf_counter()
    get(url)
    return (time.perf_counter() - started) * 1000


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
    """{row: (paths to warm, paths one after another, paths for wrk)} as the issue lists them."""
    blog, tag, search = facts["blog"], facts["top_tag"], "/search/?q="
    posts = facts["post_urls"]
    # Renditions are made on a picture's first view: warm with a few posts, then time others,
    # each built afresh (the app caches a post's parts until the next content event).
    warm, timed, loaded = posts[:8], posts[8:48], posts[48:] or posts[8:]
    one = {
        "deep index page": f"{blog}?page={facts['deep']}",
        "most used tag, page 1": f"{blog}tag/{tag}/",
        "/sitemap.xml (index)": "/sitemap.xml",
        "/sitemap-posts.xml?p=1": "/sitemap-posts.xml?p=1",
        "search: common word": f"{search}court",
        "search: rare word": f"{search}{facts['rare']}",
        "search: phrase": f"{search}%22living+instrument%22",
        "search: common word, tag=": f"{search}court&tag={tag}",
    }
    table = {"post page (distinct posts)": (warm, timed, loaded)}
    table.update({name: ([path] * 8, [path], [path]) for name, path in one.items()})
    return table


class Server:
    """gunicorn on production settings for one seeded database, on a free loopback port."""

    def __init__(self, database_url):
        self.workdir = tempfile.TemporaryDirectory()
        Path(self.workdir.name, "logs").mkdir()
        self.env = environment(database_url, self.workdir.name)
        manage(self.env, "collectstatic", "--noinput", "-v0")
        script = manage(self.env, "shell", "-c", PER_PAGE_SCRIPT)
        self.facts = json.loads(script.strip().splitlines()[-1])
        port = free_port()
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        )
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                get(self.base + "/healthz")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.workdir.cleanup()


def measure(small_url, large_url, requests, seconds):
    """Both sizes served at once and measured in turn, request by request: the machine's
    load, whatever it is, weighs on both alike."""
    servers = [Server(small_url), Server(large_url)]
    try:
        tables = [rows(server.facts) for server in servers]
        figures = [{}, {}]
        for name in tables[0]:
            for server, table in zip(servers, tables, strict=True):
                for path in table[name][0]:
                    get(server.base + path)
            times = [[], []]
            for number in range(requests):
                for index, (server, table) in enumerate(zip(servers, tables, strict=True)):
                    timed = table[name][1]
                    times[index].append(timed_get(server.base + timed[number % len(timed)]))
            for index, (server, table) in enumerate(zip(servers, tables, strict=True)):
                ordered = sorted(times[index])
                figures[index][name] = {
                    "p50": statistics.median(ordered),
                    "p99": percentile(ordered, 0.99),
                    "rate": concurrent(server.base, table[name][2], seconds, server.workdir.name),
                }
        return [(server.facts, found) for server, found in zip(servers, figures, strict=True)]
    finally:
        for server in servers:
            server.stop()


def report(database, small, large):
    (small_facts, small_rows), (large_facts, large_rows) = small, large
    print(
        f"\n{database}: {small_facts['posts']} posts → {large_facts['posts']} posts "
        "(app-served, 2 workers × 4 threads; times in ms)"
    )
    print(
        f"  {'page':30} {'p50':>6} {'p99':>6} {'req/s':>6}  │ {'p50':>6} {'p99':>6} "
        f"{'req/s':>6}  │ p50 ×"
    )
    for (name, few), many in zip(small_rows.items(), large_rows.values(), strict=True):
        print(
            f"  {name:30} {few['p50']:6.1f} {few['p99']:6.1f} {few['rate']:6.1f}  │ "
            f"{many['p50']:6.1f} {many['p99']:6.1f} {many['rate']:6.1f}  │ "
            f"{many['p50'] / few['p50']:4.2f}"
        )
    print(
        f"  deep index page: ?page={small_facts['deep']} → ?page={large_facts['deep']}; most used "
        f"tag: {small_facts['top_tag_posts']} → {large_facts['top_tag_posts']} posts; rare "
        f"word: {small_facts['rare']!r} → {large_facts['rare']!r}"
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
        urls = []
        for posts, label in seeding.sizes(options.posts):
            urls.append(url_for(label))
            subprocess.run(
                [sys.executable, str(Path(__file__).with_name("seeding.py")), f"--posts={posts}"],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": urls[-1]},
                check=True,
            )
        report(database, *measure(*urls, options.requests, options.seconds))


if __name__ == "__main__":
    main()
