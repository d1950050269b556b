from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError

from core import invalidation
from core.backups import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database's rows and every media file with those of an archive written by "
        "`manage.py backup`. Run `manage.py migrate` first on a new database."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, archive, interactive=True, **options):
        try:
            manifest = read_manifest(archive)
            if interactive:
                answer = input(
                    f"This replaces every row of the database and every media file with the "
                    f"backup of {manifest['created']} ({manifest['database']}). "
                    "Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled.")
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        # Whatever any cache kept describes the old content; every instance reads these.
        for alias in caches:
            caches[alias].clear()
        invalidation.content_changed(invalidation.SITE)  # purges the front server's cache
        self.stdout.write(
            f"Restored {sum(manifest['rows'].values())} rows and "
            f"{len(manifest['media'])} media files from {archive}."
        )
