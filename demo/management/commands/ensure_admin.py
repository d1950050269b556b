import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

# A generated password is kept here (git-ignored) so repeated `make run`s print the same one.
PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = "Create or update the `admin` superuser and print how to log in."

    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        source = "DJANGO_SUPERUSER_PASSWORD"
        if not password:
            if PASSWORD_FILE.exists():
                password = PASSWORD_FILE.read_text().strip()
            else:
                password = secrets.token_urlsafe(12)
                PASSWORD_FILE.write_text(password + "\n")
                PASSWORD_FILE.chmod(0o600)
            source = str(PASSWORD_FILE.name)
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"email": "admin@localhost"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"Admin login: user 'admin', password '{password}' (from {source}).")
