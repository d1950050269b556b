"""Email each confirmed subscriber the posts that went out since their last digest.

Run it weekly from cron or a systemd timer (see the README). Running it again, or twice at
once on PostgreSQL, sends nobody a post twice.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from newsletter.digest import DigestRun, NoSubscribePage


class Command(BaseCommand):
    help = "Send the weekly email digest of new posts to confirmed subscribers."

    def handle(self, *args, **options):
        started = time.monotonic()
        step = {"every": 1}

        def progress(done, total):
            # About twenty progress lines, however long the list.
            step["every"] = max(1, total // 20)
            if done % step["every"] == 0 or done == total:
                self.stdout.write(f"  {done}/{total} subscribers")

        try:
            result = DigestRun(progress=progress).run()
        except NoSubscribePage as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.monotonic() - started
        if result.digest is None and not result.skipped:
            self.stdout.write("No new posts since the last digest: nothing sent.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Digest sent to {result.sent} subscribers ({result.posts} posts), "
                f"{result.failed} failed, {result.skipped} had nothing new, in {elapsed:.1f}s."
            )
        )
        if result.failed:
            self.stderr.write(
                f"{result.failed} addresses failed; see the digest history in the admin."
            )
