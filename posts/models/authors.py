"""Authors are snippets: people write many posts, and a post may have several authors."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.slugs import slug_from, unused_slug
from core.web_addresses import validate_web_address


class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120, help_text="As it appears in bylines.")
    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        allow_unicode=True,  # the one rule of core.slugs
        help_text="The author page's web address. Filled in from the name if left empty.",
    )
    role = models.CharField(max_length=120, blank=True, help_text="For example “Barrister”.")
    bio = models.TextField(
        blank=True, help_text="Two or three sentences, shown on the author page and under posts."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A head-and-shoulders photo, shown small beside the bio.",
    )
    link = models.URLField(blank=True, help_text="Optional profile page elsewhere.")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("link"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            # Two people may share a name; their pages may not share an address.
            base = slug_from(self.name, 110) or "author"
            self.slug = unused_slug(Author.objects.exclude(pk=self.pk), base)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # URLField also takes ftp:// addresses; a profile link is a web page.
        try:
            validate_web_address(self.link)
        except ValidationError as error:
            raise ValidationError({"link": error}) from None
