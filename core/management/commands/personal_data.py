"""Answer a data request for everything the site holds about one e-mail address:
`personal_data export EMAIL` (JSON) or `personal_data erase EMAIL` (see core/personal_data.py;
each app says what erasing means for its records)."""

import json

from django.core.management.base import BaseCommand, CommandError

from core import personal_data


class Command(BaseCommand):
    help = "Export (as JSON) or erase everything held about one e-mail address, in every app."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Erase without asking for confirmation.",
        )

    def handle(self, *args, action, email, interactive, **options):
        email = email.strip()
        found = personal_data.export_all(email)
        if action == "export":
            self.stdout.write(json.dumps(found, indent=2))
            return
        if not found:
            raise CommandError(f"Nothing is held about {email!r}.")
        if interactive:
            answer = input(f"Erase what {', '.join(found)} hold about {email}? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing erased.")
        changed = personal_data.erase_all(email)
        summary = ", ".join(f"{name}: {count}" for name, count in changed.items())
        self.stdout.write(f"Erased {email} ({summary}).")
