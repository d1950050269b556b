#!/usr/bin/env python
"""Seeded databases for the scale benchmarks (bench/scale.py, bench/search_scale.py).

Usage: DATABASE_URL=... .venv/bin/python bench/seeding.py --posts N

`load_demo` builds the demo site (45 posts), then the other posts are written in bulk with the
demo's own text generator (`DemoBuilder.post_fields`, the same vocabulary, tags drawn with the
same skew) and indexed in batches with Wagtail's backend (`add_bulk`): `load_demo --posts
10000` itself takes far longer, as each post is saved and indexed alone. A database that
already holds N posts is reused as it is, so the first run pays for the seeding and later runs
do not: SQLite files in /tmp (blog-45.sqlite3, blog-10k.sqlite3) and, on PostgreSQL, the
databases blog_bench_45 and blog_bench_10k.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEMO_POSTS = 45
BATCH = 500
MEDIA_ROOT = "/tmp/blog-bench-media"


def sizes(posts):
    label = f"{posts // 1000}k" if posts % 1000 == 0 else str(posts)
    return [(DEMO_POSTS, "45"), (posts, label)]


def sqlite_url(label):
    return f"sqlite:////tmp/blog-{label}.sqlite3"


def postgres_url(base, label):
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/blog_bench_{label}"))


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
    10,000 bulk-written rows for a few hundred and nested its loops the wrong way round.
    On PostgreSQL, VACUUM also marks the pages all-visible (as autovacuum would soon after a
    load), so index-only scans need not visit the table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, required=True)
    options = parser.parse_args()
    # settings.dev keeps MEDIA_ROOT as given (settings.test puts it in a throwaway folder), so
    # the demo's pictures are where bench/scale.py's server looks for them.
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["MEDIA_ROOT"] = MEDIA_ROOT
    django_setup()
    ensure_database()
    seed(options.posts)


if __name__ == "__main__":
    main()
