"""The stack's scheduler: runs the jobs of settings.SCHEDULE at the start of each minute.

Run one beside each app instance (or only one): core/schedule.py makes every due run happen
exactly once across all of them.
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from core import schedule


class Command(BaseCommand):
    help = "Run the scheduled commands (settings.SCHEDULE), each due run exactly once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One tick, then exit.")
        parser.add_argument(
            "--now",
            help="With --once: the time to act as of (ISO 8601, local time unless it says).",
        )

    def handle(self, *args, once=False, now=None, **options):
        if once:
            when = self._parse(now) if now else None
            ran = schedule.tick(when, stdout=self.stdout)
            self.stdout.write(f"Ran: {', '.join(ran) or 'nothing'}")
            return
        while True:
            # To the start of the next minute, so no minute is skipped or run twice.
            time.sleep(60 - datetime.datetime.now().second + 0.5)
            close_old_connections()
            schedule.tick(stdout=self.stdout)
            self.stdout.flush()

    @staticmethod
    def _parse(value):
        try:
            when = datetime.datetime.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--now must be an ISO 8601 time, not {value!r}.") from None
        return when if timezone.is_aware(when) else timezone.make_aware(when)
