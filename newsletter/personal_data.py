"""A subscriber's personal data on request: everything we hold, and erasing it for good."""

from newsletter.models import DigestDelivery, SentPost, Subscriber


def _iso(value):
    return value.isoformat() if value else None


def export(subscriber):
    """Everything held about one subscriber, as plain data ready for JSON."""
    deliveries = (
        DigestDelivery.objects.filter(subscriber=subscriber).select_related("digest").order_by("at")
    )
    sent, alone = {}, []
    for item in SentPost.objects.filter(subscriber=subscriber).select_related("post", "mailing"):
        if item.mailing_id:
            alone.append(item)  # a post emailed on its own
        else:
            sent.setdefault(item.delivery_id, []).append(item.post.title)
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "frequency": subscriber.frequency,
        "signed_up": _iso(subscriber.created_at),
        "last_requested": _iso(subscriber.requested_at),
        "confirmation_sent": _iso(subscriber.confirmation_sent_at),
        "consent_given": _iso(subscriber.confirmed_at),
        "consent_source_page": subscriber.source_path,
        "unsubscribed": _iso(subscriber.unsubscribed_at),
        "emails": [
            {
                "sent_at": _iso(delivery.at),
                "status": delivery.status,
                "error": delivery.error,
                "posts": sent.get(delivery.pk, []),
            }
            for delivery in deliveries
        ],
        "post_emails": [
            {"started_at": _iso(item.mailing.started_at), "post": item.post.title}
            for item in sorted(alone, key=lambda item: item.mailing.started_at)
        ],
    }


def erase(subscriber):
    """Delete the subscriber with their consent record and delivery history, for good.

    Digest run totals stay: they count people, they do not name them. Nor does the admin log,
    which labels a subscriber by number, never by address.
    """
    subscriber.delete()


def find(email):
    return Subscriber.objects.filter(email__iexact=email.strip()).first()


def export_for_email(email):
    """The provider's export for `manage.py personal_data` (core/personal_data.py)."""
    subscriber = find(email)
    return export(subscriber) if subscriber else None


def erase_for_email(email):
    subscriber = find(email)
    if subscriber is None:
        return 0
    erase(subscriber)
    return 1
