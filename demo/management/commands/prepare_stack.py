from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from posts.models import PostPage


class Command(BaseCommand):
    help = (
        "What `deploy/prod start` does before it starts the servers: migrate, collectstatic, "
        "demo content if the database has no posts, the admin account. One process instead "
        "of four, because each start of Django and Wagtail costs seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo-posts", type=int, default=45, help="0: no demo content.")

    def handle(self, *args, demo_posts, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if demo_posts and not PostPage.objects.exists():
            call_command("load_demo", posts=demo_posts, stdout=self.stdout)
        call_command("ensure_admin", stdout=self.stdout)
        # Read by deploy/prod for nginx's aliases: the folders these settings resolve to.
        self.stdout.write(f"STATIC_ROOT={settings.STATIC_ROOT}")
        self.stdout.write(f"MEDIA_ROOT={settings.MEDIA_ROOT}")
