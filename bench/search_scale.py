#!/usr/bin/env python
"""Benchmark: site search at 10,000 posts beside the 45-post demo, on SQLite and PostgreSQL.

Usage: .venv/bin/python bench/search_scale.py [--posts 10000] [--requests 60] [--postgres URL]

Prints p50 and p99 wall time of `/search/` (Django's test client in-process, one connection,
templates rendered) for a common word, a rare word, a phrase and a `tag=` filter, and of the
search's own queries alone (the capped count and one page of ranked ids, under the limit).
The seeded databases are cached and reused: SQLite files in /tmp (blog-45.sqlite3,
blog-10k.sqlite3), and with --postgres the databases blog_bench_45 and blog_bench_10k.

Seeding: `load_demo` builds the demo site (45 posts), then the other posts are written in bulk
with the demo's own text generator (`DemoBuilder.post_fields`, the same vocabulary, tags drawn
with the same skew) and indexed in batches with Wagtail's backend (`add_bulk`) — `load_demo
--posts 10000` itself takes far longer, as each post is saved and indexed alone.
"""

import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEMO_POSTS = 45
BATCH = 500


def sizes(posts):
    label = f"{posts // 1000}k" if posts % 1000 == 0 else str(posts)
    return [(DEMO_POSTS, "45"), (posts, label)]


def sqlite_url(label):
    return f"sqlite:////tmp/blog-{label}.sqlite3"


def postgres_url(base, label):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/blog_bench_{label}"))


def run_child(url, *args):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "settings.test",
        "MEDIA_ROOT": "/tmp/blog-bench-media",
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


def django_setup():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_database():
    """Create the PostgreSQL database if it is missing (SQLite creates its file itself)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def seed(posts):
    from django.core.management import call_command

    from posts.models import BlogIndexPage, PostPage

    call_command("migrate", verbosity=0)
    blog = BlogIndexPage.objects.first()
    if blog is None:
        call_command("load_demo", verbosity=0)
        blog = BlogIndexPage.objects.get()
    have = PostPage.objects.child_of(blog).count()
    if have < posts:
        bulk_seed(blog, posts, have)
    analyze()


def analyze():
    """Refresh the planner's statistics, as autovacuum (PostgreSQL) or a deployment's
    `PRAGMA optimize` (SQLite) would after a bulk load: without them PostgreSQL took the
    10,000 bulk-written rows for a few hundred and nested its loops the wrong way round."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def bulk_seed(blog, posts, have):
    from django.db import transaction
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from demo.builder import DemoBuilder
    from posts.models import Author, PostPage, PostPageAuthor
    from taxonomy.models import Tag

    started = time.monotonic()
    builder = DemoBuilder(seed=9)
    tags = list(Tag.objects.order_by("pk"))
    weights = [1 / (rank + 1) for rank in range(len(tags))]
    authors = list(Author.objects.order_by("pk"))
    images = builder.images()
    content_type_id = PostPage.objects.first().content_type_id
    oldest = PostPage.objects.order_by("date").first().date
    with transaction.atomic():
        blog.refresh_from_db()
        first_step = blog.numchild + 1
        count = posts - have
        pages, extras = [], []
        for offset in range(count):
            post_tags = builder.pick_weighted(tags, weights, builder.rng.randint(2, 5))
            fields = builder.post_fields(post_tags[0], images)
            title = fields["title"]
            slug = f"bench-{first_step + offset}"
            date = oldest - datetime.timedelta(hours=offset + 1)
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type_id=content_type_id,
                    path=Page._get_path(blog.path, blog.depth + 1, first_step + offset),
                    depth=blog.depth + 1,
                    numchild=0,
                    url_path=f"{blog.url_path}{slug}/",
                    live=True,
                    first_published_at=date,
                    last_published_at=date,
                    locale_id=blog.locale_id,
                )
            )
            post_authors = builder.rng.sample(authors, builder.rng.randint(0, 2))
            extras.append((fields, post_tags, post_authors))
        Page.objects.bulk_create(pages, batch_size=BATCH)
        Page.objects.filter(pk=blog.pk).update(numchild=blog.numchild + count)
        created = Page.objects.filter(path__in=[page.path for page in pages]).order_by("path")
        tag_links, author_links = [], []
        for page, (fields, post_tags, post_authors) in zip(created, extras, strict=True):
            post = PostPage(page_ptr=page, date=page.first_published_at, **fields)
            post.__dict__.update(
                {name: value for name, value in page.__dict__.items() if not name.startswith("_")}
            )
            post.save_base(raw=True)
            tag_links += [PostPage.tags.through(postpage_id=page.pk, tag=tag) for tag in post_tags]
            author_links += [
                PostPageAuthor(page_id=page.pk, author=author, sort_order=order)
                for order, author in enumerate(post_authors)
            ]
        PostPage.tags.through.objects.bulk_create(tag_links, batch_size=BATCH)
        PostPageAuthor.objects.bulk_create(author_links, batch_size=BATCH)
        pks = [page.pk for page in created]
        backend = get_search_backend()
        for start in range(0, len(pks), BATCH):
            batch = PostPage.objects.filter(pk__in=pks[start : start + BATCH]).prefetch_related(
                "tags", "post_authors__author"
            )
            backend.add_bulk(PostPage, list(batch))
    print(f"seeded {count} posts in {time.monotonic() - started:.0f} s", file=sys.stderr)


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
        """The search's own queries (capped count, one page of ranked ids) under its limit."""
        words = parse_query(params["q"])
        posts = visible
        if "tag" in params:  # as the view filters
            tagged = PostPage.tags.through.objects.filter(tag__slug=params["tag"])
            posts = visible.filter(pk__in=tagged.values("postpage_id"))
        ranked = RankedPosts(posts, words.single_words, words.phrases)
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
    parser.add_argument("--child", choices=["seed", "measure"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        django_setup()
        if options.child == "seed":
            ensure_database()
            seed(options.posts)
        else:
            measure(options.requests)
        return
    targets = [("SQLite", sqlite_url(label), posts) for posts, label in sizes(options.posts)]
    if options.postgres:
        targets += [
            ("PostgreSQL", postgres_url(options.postgres, label), posts)
            for posts, label in sizes(options.posts)
        ]
    for database, url, posts in targets:
        run_child(url, "--child", "seed", "--posts", str(posts))
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
