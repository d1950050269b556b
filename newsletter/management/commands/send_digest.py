"""Email each confirmed subscriber the posts that went out since their last digest.

`send_digest --enqueue` (what the scheduler runs) hands it to the task queue: one task plans
it and enqueues a task per batch of subscribers for the workers. Without it, this process
sends every email itself, printing progress. Running it again, or twice at once, sends
nobody a post twice.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from newsletter.digest import DigestRun, NoSubscribePage
from newsletter.tasks import start_digest


class Command(BaseCommand):
    help = "Send the weekly email digest of new posts to confirmed subscribers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the digest to the task queue's workers instead of sending it here.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            result = start_digest.enqueue()
            self.stdout.write(f"Digest enqueued (task {result.id}).")
            return
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
