"""The topic taxonomy: tags are snippets so editors can describe, rename and merge them."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

NAME_MAX_LENGTH = 100

# The post editor's tag box separates names with commas and quotes multi-word names with
# double quotes, so a name containing a double quote could never be typed back in.
no_double_quotes = RegexValidator(
    r'"', inverse_match=True, message='A tag name cannot contain double quotes (").'
)


def name_sort_key(name):
    """A–Z order as readers expect it: ignoring case and accents, so “Évora” files under E."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return ("".join(c for c in decomposed if not unicodedata.combining(c)), name)


class TagQuerySet(models.QuerySet):
    def with_live_post_counts(self):
        """Each tag with `live_post_count`: its published posts, counted in the same query."""
        return self.annotate(
            live_post_count=models.Count("posts", filter=models.Q(posts__live=True), distinct=True)
        )

    def named(self, name):
        """Tags whose name matches `name` ignoring case (at most one, by the constraint)."""
        return self.filter(name__iexact=name.strip())


class Tag(index.Indexed, models.Model):
    name = models.CharField(
        max_length=NAME_MAX_LENGTH,
        validators=[no_double_quotes],
        help_text="As readers see it, e.g. “Article 8”.",
    )
    # Unicode letters allowed, as in core.slugs (taxonomy imports none of our apps): a tag
    # named "content περιεχόμενο" lives at tag/content-περιεχόμενο/, typed or imported.
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text=(
            "The tag's web address. Filled in from the name when left empty and kept when the "
            "tag is renamed; if you change it, the old address redirects to the new one."
        ),
    )
    description = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Optional introduction shown at the top of the tag's page.",
    )

    objects = TagQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="taxonomy_tag_name_ci_unique",
                violation_error_message="A tag with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.name.strip()
        # The slug is set once from the name; renaming a tag keeps its address stable.
        if not self.slug:
            self.slug = self._unused_slug(
                slugify(self.name, allow_unicode=True)[:90].strip("-") or "tag"
            )
        previous = getattr(self, "_saved_slug", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            # The live address always wins over a remembered old one.
            OldTagSlug.objects.filter(slug=self.slug).delete()
            if previous and previous != self.slug:
                OldTagSlug.objects.create(slug=previous, tag=self)
        self._saved_slug = self.slug

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so save() can tell that an editor changed the slug.
        instance._saved_slug = instance.__dict__.get("slug")
        return instance

    def clean(self):
        super().clean()
        self.name = (self.name or "").strip()
        clash = Tag.objects.named(self.name).exclude(pk=self.pk).first()
        if self.name and clash:
            raise ValidationError(
                {
                    "name": f"There is already a tag called “{clash.name}”. Tag names are not "
                    "case-sensitive: use that tag, or merge the two."
                }
            )

    def _unused_slug(self, base):
        """`base`, or `base-2`, `base-3`… whichever no other tag has. (core.slugs does the same
        for other models; taxonomy is a leaf and imports none of our apps.)"""
        taken = set(
            Tag.objects.exclude(pk=self.pk)
            .filter(slug__startswith=base)
            .values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug


class OldTagSlug(models.Model):
    """An address a tag used to have (renamed slug, or a tag merged into it): it redirects."""

    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "old tag address"

    def __str__(self):
        return f"{self.slug} → {self.tag.slug}"
