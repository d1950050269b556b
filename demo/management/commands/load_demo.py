import time

from django.core.management.base import BaseCommand

from core.renditions import made_on_first_view
from demo.builder import DemoBuilder


class Command(BaseCommand):
    help = "Load demo content (pages, authors, tags, posts). Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2010, help="Random seed (default 2010).")
        parser.add_argument("--posts", type=int, default=45, help="Number of posts (default 45).")

    def handle(self, *args, seed, posts, **options):
        started = time.monotonic()
        # Encoding every picture of every post up front would multiply the load time.
        with made_on_first_view():
            created = DemoBuilder(seed=seed, posts=posts, stdout=self.stdout).build()
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: created {summary} in {time.monotonic() - started:.1f}s."
            )
        )
