"""Answer a subscriber's data request: `subscriber_data export EMAIL` or `... erase EMAIL`."""

import json

from django.core.management.base import BaseCommand, CommandError

from newsletter import personal_data


class Command(BaseCommand):
    help = "Export (as JSON) or erase everything held about one email subscriber."

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
        subscriber = personal_data.find(email)
        if subscriber is None:
            raise CommandError(f"No subscriber with the address {email!r}.")
        if action == "export":
            self.stdout.write(json.dumps(personal_data.export(subscriber), indent=2))
            return
        if interactive:
            answer = input(f"Erase {subscriber.email} and their delivery history for good? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                raise CommandError("Nothing erased.")
        personal_data.erase(subscriber)
        self.stdout.write(f"Erased {email}.")
