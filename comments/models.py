"""Readers' comments on posts, and the site's comment settings.

A comment is `held` until a moderator approves it (or, once an address has an approved
comment, approved at once unless the site holds every comment), `approved` (visible), or
`spam`. Only approved comments reach readers: every reader surface reads them through
`Comment.objects.visible()`.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from posts.models import PostPage

NAME_MAX_LENGTH = 80
EMAIL_MAX_LENGTH = 254
TEXT_MAX_LENGTH = 5000


class CommentQuerySet(models.QuerySet):
    def visible(self):
        """What readers may see: approved comments on live, public posts."""
        posts = PostPage.objects.live().public().values("pk")
        return self.filter(status=Comment.Status.APPROVED, post__in=posts)

    def held(self):
        return self.filter(status=Comment.Status.HELD)


class Comment(models.Model):
    class Status(models.TextChoices):
        HELD = "held", "Held for moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"

    post = models.ForeignKey(
        "posts.PostPage", on_delete=models.CASCADE, related_name="reader_comments"
    )
    # One level of replies: a reply's parent is always a top-level comment on the same post.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    # Never shown to readers; blank once erased, or for imported comments without one.
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH, blank=True)
    text = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    created_at = models.DateTimeField(default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    # The secret in this commenter's reply-notification links (see tokens.py).
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    notify_replies = models.BooleanField(
        "e-mail replies",
        default=False,
        help_text="The commenter asked to be e-mailed replies (and confirmed, if confirmed).",
    )
    notify_confirmed_at = models.DateTimeField(null=True, blank=True)
    erased = models.BooleanField(default=False, editable=False)
    # Imported from WordPress: the comment's id there, unique per post (re-imports match it).
    wp_comment_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comments_post_status_idx"),
            models.Index(fields=["status", "created_at"], name="comments_status_idx"),
            models.Index(fields=["email"], name="comments_email_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "wp_comment_id"],
                condition=models.Q(wp_comment_id__isnull=False),
                name="comments_unique_wp_comment_per_post",
            )
        ]

    def __str__(self):
        return f"{self.name} on “{self.post.title}”" if self.post_id else self.name

    @property
    def is_visible(self):
        return self.status == self.Status.APPROVED

    @property
    def wants_replies(self):
        """Whether replies to this comment should be e-mailed: asked for and confirmed."""
        return self.notify_replies and self.notify_confirmed_at is not None and bool(self.email)


class Policy(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    DAYS = "days", "Open for a number of days after the post's date"


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """Site-wide comment rules; a post may override whether its comments are open."""

    policy = models.CharField(
        "comments on posts",
        max_length=10,
        choices=Policy.choices,
        default=Policy.DAYS,
        help_text="The default for every post; each post can choose otherwise (Settings tab).",
    )
    close_after_days = models.PositiveSmallIntegerField(
        "close comments after (days)",
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    hold_all = models.BooleanField(
        "hold every comment for moderation",
        default=False,
        help_text="Untick to let comments from an address with an approved comment appear at "
        "once; a first comment from an address is always held.",
    )
    max_links = models.PositiveSmallIntegerField(
        "most links in a comment",
        default=2,
        validators=[MaxValueValidator(20)],
        help_text="A comment with more links is refused, with a message saying so.",
    )
    comments_per_hour = models.PositiveSmallIntegerField(
        "comments per hour from one network",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("policy"), FieldPanel("close_after_days")], heading="When comments open"
        ),
        MultiFieldPanel(
            [FieldPanel("hold_all"), FieldPanel("max_links"), FieldPanel("comments_per_hour")],
            heading="Moderation and abuse",
        ),
    ]

    class Meta:
        verbose_name = "comment settings"
