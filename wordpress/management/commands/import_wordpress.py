"""manage.py import_wordpress EXPORT.xml [--media-dir DIR] [--dry-run] [--blog /blog/]"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from posts.models import BlogIndexPage
from wordpress.importer import WordPressImporter
from wordpress.wxr import InvalidExport


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR): posts, pages, images, tags, categories and authors, "
        "with redirects from the old addresses. Safe to run again: it updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WXR file from WordPress's Tools › Export.")
        parser.add_argument(
            "--media-dir",
            help="A local copy of wp-content/uploads; images are read from here, never fetched.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; save nothing."
        )
        parser.add_argument(
            "--blog", default="/blog/", help="URL path of the blog index to import into."
        )
        parser.add_argument(
            "--skip-categories",
            action="store_true",
            help="Import only WordPress tags, not categories, as topic tags.",
        )

    def handle(self, *args, export, media_dir, dry_run, blog, skip_categories, **options):
        path = Path(export)
        if not path.is_file():
            raise CommandError(f"No such export file: {export}")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"No such media folder: {media_dir}")
        url_path = "/" + blog.strip("/") + "/"
        index = next(
            (page for page in BlogIndexPage.objects.all() if page.url_path.endswith(url_path)),
            None,
        )
        if index is None:
            raise CommandError(f"No blog index at {blog}. Create it first or pass --blog.")
        verbosity = options.get("verbosity", 1)
        started = time.monotonic()
        importer = WordPressImporter(
            index,
            media_dir=media_dir,
            categories=not skip_categories,
            dry_run=dry_run,
            progress=self.show_progress if verbosity and sys.stderr.isatty() else None,
        )
        try:
            report = importer.run(path)
        except InvalidExport as error:
            # Found by the reading that precedes the first write: nothing was saved.
            raise CommandError(f"{error} Nothing was imported.") from None
        if verbosity and sys.stderr.isatty():
            self.stderr.write("")
        elapsed = time.monotonic() - started
        title = "Dry run: nothing was saved." if dry_run else "WordPress import finished."
        self.stdout.write(self.style.SUCCESS(f"{title} ({elapsed:.1f}s)"))
        for line in report.lines(dry_run=dry_run):
            self.stdout.write(line)
        if report.errors:
            raise CommandError(f"{report.errors} item(s) failed; see the warnings above.")

    def show_progress(self, fraction, report):
        width = 30
        filled = int(width * min(fraction, 1))
        done = sum(sum(counter.values()) for counter in report.counts.values())
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {fraction:4.0%} {done} items", ending=""
        )
