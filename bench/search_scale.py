#!/usr/bin/env python
"""Benchmark: site search at 10,000 posts beside the 45-post demo, on SQLite and PostgreSQL.

Usage: .venv/bin/python bench/search_scale.py [--posts 10000] [--requests 60] [--postgres URL]

Prints p50 and p99 wall time of `/search/` (Django's test client in-process, one connection,
templates rendered) for a common word, a rare word, a phrase and a `tag=` filter, and of the
search's own query alone (one page of ranked ids with the capped count, under the limit).
The seeded databases are bench/seeding.py's, made on the first run and reused.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import seeding

ROOT = Path(__file__).resolve().parent.parent


def run_child(url, *args):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "settings.test",
        "MEDIA_ROOT": seeding.MEDIA_ROOT,
    }
    result = subprocess.run(
        [sys.executable, __file__, *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return result.stdout


# --- In the child process: Django is set up for one database --------------------------------


def measure(requests):
    from django.db import connection
    from django.test import Client

    from posts.models import BlogIndexPage, PostPage
    from posts.search import parse_query
    from posts.search_query import RankedPosts, time_limit
    from posts.views import RESULTS_PER_PAGE
    from taxonomy.models import Tag

    blog = BlogIndexPage.objects.get()
    visible = blog.visible_posts()
    tags = Tag.objects.filter(posts__in=visible.values("pk"))
    by_use = sorted(tags.distinct(), key=lambda tag: tag.posts.count())
    # The least-used topic's longest word is rare; the most used topic is a broad filter.
    rare = max(by_use[0].name.split(), key=len)
    queries = {
        "common word": {"q": "court"},
        "rare word": {"q": rare},
        "phrase": {"q": '"living instrument"'},
        "tag= filter": {"q": "court", "tag": by_use[-1].slug},
    }

    def search_only(params):
        """The search's own query (the first page of ranked ids and the capped count) under
        its limit, built as the view builds it."""
        words = parse_query(params["q"])
        posts = visible
        if "tag" in params:
            tag = Tag.objects.get(slug=params["tag"])
            tagged = PostPage.tags.through.objects.filter(tag=tag).values("postpage_id")
            posts = visible.filter(pk__in=tagged)
        ranked = RankedPosts(posts, words.single_words, words.phrases, page=(1, RESULTS_PER_PAGE))
        with time_limit(ranked.using):
            ranked.count()
            return ranked[0:RESULTS_PER_PAGE]

    client = Client()
    figures = {"posts": PostPage.objects.child_of(blog).count(), "vendor": connection.vendor}
    for name, params in queries.items():
        for _ in range(3):  # warm: the first requests fill caches and the page cache
            response = client.get("/search/", params)
            assert response.status_code == 200, (name, response.status_code)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get("/search/", params)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        alone = []
        for _ in range(requests):
            started = time.perf_counter()
            search_only(params)
            alone.append((time.perf_counter() - started) * 1000)
        alone.sort()
        counted = re.search(r'search-page__count" role="status">([^“]*) match', response.text)
        figures[name] = {
            "params": params,
            "matches": re.sub(r" posts?$", "", counted.group(1)) if counted else "0",
            "p50": statistics.median(times),
            "p99": percentile(times, 0.99),
            "sql p50": statistics.median(alone),
            "sql p99": percentile(alone, 0.99),
        }
    print(json.dumps(figures))


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# --- In the parent process -------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL (any database name)")
    parser.add_argument("--child", choices=["measure"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        seeding.django_setup()
        measure(options.requests)
        return
    sizes = seeding.sizes(options.posts)
    targets = [("SQLite", seeding.sqlite_url(label), posts) for posts, label in sizes]
    if options.postgres:
        targets += [
            ("PostgreSQL", seeding.postgres_url(options.postgres, label), posts)
            for posts, label in sizes
        ]
    for database, url, posts in targets:
        subprocess.run(
            [sys.executable, str(Path(__file__).with_name("seeding.py")), f"--posts={posts}"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url},
            check=True,
        )
        figures = json.loads(
            run_child(url, "--child", "measure", "--requests", str(options.requests))
        )
        print(f"{database}, {figures['posts']} posts ({options.requests} requests each):")
        for name, row in figures.items():
            if isinstance(row, dict):
                print(
                    f"  {name:12} {json.dumps(row['params'], ensure_ascii=False):40} "
                    f"matches {str(row['matches']):>16}  "
                    f"page p50 {row['p50']:6.1f} ms  p99 {row['p99']:6.1f} ms; "
                    f"search SQL p50 {row['sql p50']:6.1f} ms  p99 {row['sql p99']:6.1f} ms"
                )


if __name__ == "__main__":
    main()
