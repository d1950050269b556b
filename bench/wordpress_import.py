"""Benchmark: import synthetic WordPress exports of growing size and print time and peak memory.

    .venv/bin/python bench/wordpress_import.py            # 2,000 and 20,000 posts
    .venv/bin/python bench/wordpress_import.py 500 5000   # other sizes
    .venv/bin/python bench/wordpress_import.py big deep   # one 20 MB post; one 50,000-deep body

Each size gets a fresh SQLite database, a generated WXR file, and one
`manage.py import_wordpress` run in its own process (then a second, which must change
nothing); the peak resident memory of each process comes from os.wait4. Streaming means
the peak should stay flat while the file grows tenfold. This is a benchmark, not a test.
"""

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORDS = [
    "tribunal",
    "appeal",
    "article",
    "convention",
    "rights",
    "claimant",
    "respondent",
    "court",
    "judgment",
    "proportionality",
    "privacy",
    "expression",
    "detention",
    "asylum",
    "discrimination",
    "remedy",
    "statute",
    "minister",
    "review",
    "hearing",
    "evidence",
    "liberty",
    "family",
    "procedure",
    "justice",
    "counsel",
]


def sentence(rng, words=14):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def post_body(rng, number):
    """Classic-editor HTML the way WordPress stores it: blank lines between paragraphs."""
    parts = [
        sentence(rng, 30) + " <strong>" + sentence(rng, 5) + "</strong> " + sentence(rng, 20),
        f"<h2>Section {number}</h2>",
        sentence(rng, 40),
        "<ul>\n<li>" + sentence(rng, 6) + "</li>\n<li>" + sentence(rng, 8) + "</li>\n</ul>",
        "<blockquote>" + sentence(rng, 25) + "</blockquote>",
        "<!--more-->",
        sentence(rng, 35) + ' <a href="https://example.org/judgment">' + "judgment</a>.",
    ]
    return "\n\n".join(parts)


def big_body(rng, number):
    """About 20 MB of ordinary classic content in one post."""
    parts, size, n = [], 0, 0
    while size < 20 * 2**20:
        part = post_body(rng, n).replace("<!--more-->", "")
        parts.append(part)
        size, n = size + len(part) + 2, n + 1
    return "\n\n".join(parts)


def deep_body(rng, number):
    """A hostile body: 50,000 nested elements."""
    return "<div>" * 50_000 + sentence(rng) + "</div>" * 50_000


def write_export(path, posts, seed=8, body=None):
    body = body or post_body
    rng = random.Random(seed)
    tags = [f"Topic {n}" for n in range(300)]
    categories = [f"Area {n}" for n in range(40)]
    authors = [f"author{n}" for n in range(12)]
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Synthetic law blog</title>\n<link>https://old.example.org</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_blog_url>https://old.example.org</wp:base_blog_url>\n"
        )
        for login in authors:
            out.write(
                f"<wp:author><wp:author_login>{login}</wp:author_login>"
                f"<wp:author_display_name>Counsel {login[6:]}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for name in categories:
            slug = name.lower().replace(" ", "-")
            out.write(
                f"<wp:category><wp:category_nicename>{slug}</wp:category_nicename>"
                f"<wp:category_parent></wp:category_parent><wp:cat_name>{name}</wp:cat_name>"
                "</wp:category>\n"
            )
        for name in tags:
            slug = name.lower().replace(" ", "-")
            out.write(
                f"<wp:tag><wp:tag_slug>{slug}</wp:tag_slug><wp:tag_name>{name}</wp:tag_name>"
                "</wp:tag>\n"
            )
        for number in range(1, posts + 1):
            year = 2008 + number % 15
            month, day = 1 + number % 12, 1 + number % 28
            slug = f"synthetic-post-{number}"
            date = f"{year}-{month:02d}-{day:02d} 10:{number % 60:02d}:00"
            terms = "".join(
                f'<category domain="post_tag" nicename="{t.lower().replace(" ", "-")}">'
                f"<![CDATA[{t}]]></category>"
                for t in rng.sample(tags, 4)
            )
            category = rng.choice(categories)
            terms += (
                f'<category domain="category" nicename="{category.lower().replace(" ", "-")}">'
                f"<![CDATA[{category}]]></category>"
            )
            out.write(
                f"<item><title>{escape(sentence(rng, 7))}</title>"
                f"<link>https://old.example.org/{year}/{month:02d}/{day:02d}/{slug}/</link>"
                f"<dc:creator>{rng.choice(authors)}</dc:creator>"
                f"<content:encoded><![CDATA[{body(rng, number)}]]></content:encoded>"
                "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id><wp:post_date>{date}</wp:post_date>"
                f"<wp:post_date_gmt>{date}</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>"
                "<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>"
                f"<wp:post_password></wp:post_password>{terms}</item>\n"
            )
        out.write("</channel>\n</rss>\n")


def run(command, env):
    """Run a child process; return (seconds, peak resident memory in MiB)."""
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return time.monotonic() - started, usage.ru_maxrss / 1024


SETUP = (
    "from wagtail.models import Page; from tests.factories import build_site;"
    "from posts.models import BlogIndexPage;"
    "BlogIndexPage.objects.exists() or build_site()"
)


def bench(posts, workdir, body=None, label=""):
    export = workdir / f"export-{label or posts}.xml"
    write_export(export, posts, body=body)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings.dev", "DEBUG": "0"}
    env["DATABASE_URL"] = f"sqlite:///{workdir / f'bench-{label or posts}.sqlite3'}"
    env["MEDIA_ROOT"] = str(workdir / "media")
    manage = [PYTHON, "manage.py"]
    subprocess.run(manage + ["migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(manage + ["shell", "-c", SETUP], cwd=ROOT, env=env, check=True)
    seconds, peak = run(manage + ["import_wordpress", str(export), "-v0"], env)
    again, again_peak = run(manage + ["import_wordpress", str(export), "-v0"], env)
    size = export.stat().st_size / 2**20
    print(
        f"{label or posts:>7} posts  {size:7.1f} MiB export  import {seconds:7.1f}s "
        f"({posts / seconds:5.1f} posts/s)  peak {peak:6.1f} MiB  |  "
        f"re-import {again:6.1f}s  peak {again_peak:6.1f} MiB",
        flush=True,
    )


def main():
    sizes = sys.argv[1:] or [2_000, 20_000]
    special = {"big": big_body, "deep": deep_body}
    with tempfile.TemporaryDirectory(prefix="wp-bench-") as directory:
        for size in sizes:
            if size in special:
                bench(1, Path(directory), body=special[size], label=size)
            else:
                bench(int(size), Path(directory))


if __name__ == "__main__":
    main()
