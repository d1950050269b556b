"""The topic taxonomy: tags are snippets so editors can describe, rename and merge them."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index


class Tag(index.Indexed, models.Model):
    name = models.CharField(max_length=100, help_text="As readers see it, e.g. “Article 8”.")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        help_text="The tag's web address. Filled in from the name; change it only on purpose.",
    )
    description = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Optional introduction shown at the top of the tag's page.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="taxonomy_tag_name_ci_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The slug is set once from the name; renaming a tag keeps its address stable.
        if not self.slug:
            self.slug = slugify(self.name)[:100] or "tag"
        super().save(*args, **kwargs)
