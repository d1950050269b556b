"""What the importer remembers between runs, so a second import updates instead of duplicating."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page


class ImportedObject(models.Model):
    """One WordPress object (post, page, attachment, author, term) and what it became here.

    `digest` fingerprints the values the importer derived from the export last time: when it is
    unchanged the object is left alone, so editors' later work is not overwritten by a re-run.
    """

    POST = "post"
    PAGE = "page"
    ATTACHMENT = "attachment"
    AUTHOR = "author"
    TAG = "tag"
    CATEGORY = "category"
    KIND_CHOICES = [
        (POST, "Post"),
        (PAGE, "Page"),
        (ATTACHMENT, "Attachment"),
        (AUTHOR, "Author"),
        (TAG, "Tag"),
        (CATEGORY, "Category"),
    ]

    source = models.CharField(max_length=255, help_text="The WordPress site's base URL.")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    wp_key = models.CharField(
        max_length=255, help_text="Post ID for posts, pages and attachments; login or slug else."
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    digest = models.CharField(max_length=64, blank=True)
    # Attachments only: the file's path under wp-content/uploads and the post it belongs to,
    # so body images and [gallery] shortcodes can find it without holding a map in memory.
    upload_path = models.CharField(max_length=500, blank=True, db_index=True)
    parent_key = models.CharField(max_length=255, blank=True)
    caption = models.TextField(blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_key"], name="wordpress_unique_object"
            )
        ]
        indexes = [models.Index(fields=["source", "kind", "parent_key"])]

    def __str__(self):
        return f"{self.kind} {self.wp_key} from {self.source}"


class TermRedirect(models.Model):
    """An old /tag/… or /category/… address of an imported term, and the tag it stands for.

    A tag page is 404 while the tag has no visible post, so where the redirect points follows
    the tag: to its page (301) when it has visible posts, to the blog index (302) meanwhile.
    The importer sets it up; every content event re-checks it (see term_redirects.py). The tag
    is kept by slug, not by key, so a tag renamed or merged away is found again through its
    old address (taxonomy's OldTagSlug); one deleted leaves the redirect on the blog index.
    """

    redirect = models.OneToOneField(Redirect, on_delete=models.CASCADE, related_name="+")
    tag_slug = models.SlugField(max_length=100, allow_unicode=True)
    blog = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"{self.redirect.old_path} → tag “{self.tag_slug}”"
