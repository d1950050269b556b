"""Email updates: the subscribe page, the people who asked for updates, and what was sent."""

import datetime
import uuid

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.http import HttpResponseNotAllowed
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.metadata import MetadataMixin

# A confirmation link lives as long as the pending subscription it confirms.
PENDING_LIFETIME = datetime.timedelta(days=7)
# Asking again sooner than this re-sends nothing, so the form cannot be used to mail-bomb.
CONFIRMATION_RESEND_INTERVAL = datetime.timedelta(hours=1)


class SubscribePage(MetadataMixin, Page):
    """/subscribe/: the form, with the editors' intro and privacy notice.

    The form posts to `newsletter.views.signup`, and the confirm and unsubscribe links in
    emails are plain Django views too (`newsletter/urls.py`): the page itself only shows.
    """

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    privacy_notice = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text="What we collect, why, and how to leave. Shown beneath the form.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("privacy_notice")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    def serve(self, request, *args, **kwargs):
        # The page only shows the form, which posts to the sign-up view: other methods are
        # refused rather than answered with the blank form as if they had worked.
        if request.method not in ("GET", "HEAD") and not getattr(request, "is_preview", False):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().serve(request, *args, **kwargs)

    def get_metadata(self, request, context=None):
        meta = super().get_metadata(request, context)
        return meta.replace(description=meta.description or self.intro or "New posts by email.")


class Subscriber(models.Model):
    """One address. Holds only what double opt-in and the digest need: no name, no IP."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        ACTIVE = "active", "Subscribed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Frequency(models.TextChoices):
        # The labels are what readers choose between on the form and the preferences page.
        POST = "post", "An email for each new post"
        WEEKLY = "weekly", "A weekly digest"

    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    frequency = models.CharField(
        "emails",
        max_length=6,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
        help_text="Each new post on its own, or the week's posts together.",
    )
    # Tokens in links sign this, not the primary key or the address.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("signed up", default=timezone.now)
    requested_at = models.DateTimeField(
        "last asked",
        default=timezone.now,
        help_text="When the form was last submitted for this address.",
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(
        "confirmed",
        null=True,
        blank=True,
        help_text="When the reader confirmed: the consent record.",
    )
    source_path = models.CharField(
        "subscribed from",
        max_length=255,
        blank=True,
        help_text="The page the reader subscribed from.",
    )
    unsubscribed_at = models.DateTimeField("unsubscribed", null=True, blank=True)
    digest_cursor = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Posts that went out after this are new to the reader (last digest).",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Addresses are kept as typed but are the same reader whatever the case.
            models.UniqueConstraint(Lower("email"), name="newsletter_unique_email_ci"),
        ]
        indexes = [
            models.Index(fields=["status", "requested_at"]),
            # A post's email goes to the active per-post readers, listed in pk order.
            models.Index(fields=["status", "frequency"], name="newsletter_status_freq"),
        ]

    def __str__(self):
        # Not the address: admin log entries keep this label after a subscriber is erased.
        return f"Subscriber #{self.pk}"

    @classmethod
    def request_subscription(cls, email, source_path, now=None, frequency=None):
        """Create or refresh the pending subscription for `email` after a form submission.

        Returns the subscriber whose confirmation email is due now, or None when nothing should
        be sent: the address is already subscribed, or a confirmation went out within the hour.
        The caller must answer the same either way, so the form reveals nothing about who
        subscribes. `frequency` is the reader's choice on the form; it never changes an active
        subscription (anyone may type an address: the preferences link in each email is the
        subscriber's own way to change it).
        """
        frequency = frequency or cls.Frequency.WEEKLY
        now = now or timezone.now()
        with transaction.atomic():
            subscriber = cls.objects.select_for_update().filter(email__iexact=email).first()
            if subscriber is None:
                try:
                    with transaction.atomic():
                        return cls.objects.create(
                            email=email,
                            source_path=source_path,
                            created_at=now,
                            requested_at=now,
                            confirmation_sent_at=now,
                            frequency=frequency,
                        )
                except IntegrityError:
                    # A simultaneous request for the same address won the race and sends.
                    return None
            if subscriber.status == cls.Status.ACTIVE:
                return None
            subscriber.status = cls.Status.PENDING
            subscriber.frequency = frequency
            subscriber.requested_at = now
            subscriber.source_path = source_path
            sent = subscriber.confirmation_sent_at
            due = sent is None or now - sent >= CONFIRMATION_RESEND_INTERVAL
            if due:
                subscriber.confirmation_sent_at = now
            subscriber.save()
            return subscriber if due else None

    def confirm(self, now=None):
        now = now or timezone.now()
        if self.status != self.Status.ACTIVE:
            self.status = self.Status.ACTIVE
            self.confirmed_at = now
            self.unsubscribed_at = None
            # A new subscriber gets posts from now on, not the archive.
            self.digest_cursor = now
            self.save()

    def set_frequency(self, frequency, now=None):
        """Change how often this reader hears from us. Moving to the weekly digest starts it
        from now: the posts of the per-post days were emailed already (or chosen not to be)."""
        if frequency == self.frequency:
            return
        self.frequency = frequency
        fields = ["frequency"]
        if frequency == self.Frequency.WEEKLY and self.status == self.Status.ACTIVE:
            self.digest_cursor = now or timezone.now()
            fields.append("digest_cursor")
        self.save(update_fields=fields)

    def unsubscribe(self, now=None):
        if self.status != self.Status.UNSUBSCRIBED:
            self.status = self.Status.UNSUBSCRIBED
            self.unsubscribed_at = now or timezone.now()
            self.save(update_fields=["status", "unsubscribed_at"])


class Digest(models.Model):
    """One run of `send_digest`: the history admins see."""

    started_at = models.DateTimeField(default=timezone.now)
    cutoff = models.DateTimeField(help_text="Posts that went out up to this moment were included.")
    finished_at = models.DateTimeField(null=True, blank=True)
    post_count = models.PositiveIntegerField("posts", default=0)
    recipient_count = models.PositiveIntegerField("recipients", default=0)
    failure_count = models.PositiveIntegerField("failures", default=0)
    # A queued digest (newsletter.tasks) is sent in batches; the last one to finish writes
    # the totals above.
    pending_batches = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"Digest of {timezone.localtime(self.started_at):%d %b %Y %H:%M}"

    def failures(self):
        """Who could not be reached and why, for the admin's inspect view."""
        failed = self.deliveries.filter(status=DigestDelivery.Status.FAILED).select_related(
            "subscriber"
        )
        return "; ".join(f"{d.subscriber.email}: {d.error}" for d in failed)

    failures.short_description = "Failed addresses"


class DigestDelivery(models.Model):
    """One subscriber's email in one run, sent or failed."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=6, choices=Status.choices)
    error = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscriber"], name="newsletter_one_delivery_per_run"
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()} to subscriber #{self.subscriber_id}"


class PostMailing(models.Model):
    """The email of one post to the readers who asked for each new post: at most one per post,
    which is what keeps a re-publish from sending it again."""

    post = models.OneToOneField(
        "posts.PostPage", on_delete=models.CASCADE, related_name="+", verbose_name="post"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField("recipients", default=0)
    failure_count = models.PositiveIntegerField("failures", default=0)
    # Sent in batches (newsletter.tasks); the last one to finish sets `finished_at`.
    pending_batches = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "post email"

    def __str__(self):
        return f"Email of post {self.post_id}"


class SentPost(models.Model):
    """A post that reached a subscriber, in a digest (`delivery`) or on its own (`mailing`).
    The unique pair is what makes a repeat impossible, across both kinds of email."""

    delivery = models.ForeignKey(
        DigestDelivery, on_delete=models.CASCADE, related_name="posts", null=True, blank=True
    )
    mailing = models.ForeignKey(
        PostMailing, on_delete=models.CASCADE, related_name="sent", null=True, blank=True
    )
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="sent_posts")
    post = models.ForeignKey("posts.PostPage", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "post"], name="newsletter_post_once_per_subscriber"
            ),
            models.CheckConstraint(
                condition=models.Q(delivery__isnull=False, mailing__isnull=True)
                | models.Q(delivery__isnull=True, mailing__isnull=False),
                name="newsletter_sent_in_digest_or_alone",
            ),
        ]

    def __str__(self):
        return f"Post {self.post_id} to subscriber #{self.subscriber_id}"
