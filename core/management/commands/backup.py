from django.core.management.base import BaseCommand
from django.utils import timezone

from core.backups import write_backup


class Command(BaseCommand):
    help = (
        "Write the database and every media file (folder or bucket) into one archive "
        "(core/backups.py); `manage.py restore FILE` puts them back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="The archive to write (default: backup-<date>-<time>.tar.gz here).",
        )

    def handle(self, *args, output=None, **options):
        output = output or f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = write_backup(output)
        rows = sum(manifest["rows"].values())
        size = sum(item["size"] for item in manifest["media"])
        self.stdout.write(
            f"{output}: {rows} rows, {len(manifest['media'])} media files "
            f"({size / 1_048_576:.1f} MiB)"
        )
