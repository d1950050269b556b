"""Delete sign-ups that were never confirmed: without consent we may not keep the address."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from newsletter.models import PENDING_LIFETIME, Subscriber


class Command(BaseCommand):
    help = "Delete subscriptions left unconfirmed for more than 7 days. Run it daily."

    def handle(self, *args, **options):
        cutoff = timezone.now() - PENDING_LIFETIME
        _total, by_model = Subscriber.objects.filter(
            status=Subscriber.Status.PENDING, requested_at__lt=cutoff
        ).delete()
        count = by_model.get(Subscriber._meta.label, 0)
        self.stdout.write(f"Deleted {count} unconfirmed subscriptions older than 7 days.")
