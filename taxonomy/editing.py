"""The post editor's tag box: type names with autocomplete; a name not yet used becomes a new tag.

`TagsPanel` swaps the default multiple-select (unusable with hundreds of tags) for a text box
driven by Wagtail's own tag widget (`w-tag` controller). Names are matched to existing tags
ignoring case, so “article 8” picks “Article 8” rather than creating a near-duplicate.

Validating the box writes nothing: a name that is not a tag yet comes back as an unsaved `Tag`
(see `pending_tags`), and the post's form creates it only when the post is really saved by
someone allowed to add tags (posts/forms.py) — never for an autosave, a preview or a save that
fails validation, so half-typed names never become suggestions for every editor.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from taggit.utils import edit_string_for_tags, parse_tags
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import AdminTagWidget

from taxonomy.models import NAME_MAX_LENGTH, Tag

MAX_TAGS_PER_POST = 50


class TagAutocompleteWidget(AdminTagWidget):
    """Wagtail's tag box, pointed at our own tag names instead of django-taggit's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, free_tagging=True, **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-w-tag-url-value"] = reverse("taxonomy_tag_autocomplete")
        context["widget"]["help_text"] = (
            "Start typing to pick a tag; a name that does not exist yet becomes a new tag. "
            "Names of several words are quoted automatically."
        )
        return context

    def format_value(self, value):
        return value if isinstance(value, str) else edit_string_for_tags(value or [])

    @property
    def media(self):
        # Enter, comma and Tab always commit the typed text as one tag (see the script).
        return super().media + forms.Media(js=["taxonomy/tag_box.js"])


class TagNamesField(forms.ModelMultipleChoiceField):
    """Tags as typed names. Existing tags are found ignoring case; new names are created."""

    widget = TagAutocompleteWidget
    default_error_messages = {
        **forms.ModelMultipleChoiceField.default_error_messages,
        "too_many": f"A post can have at most {MAX_TAGS_PER_POST} tags.",
        "too_long": f"Tag names can be at most {NAME_MAX_LENGTH} characters: “%(name)s…”.",
        "quote": "Tag names cannot contain double quotes.",
    }

    def prepare_value(self, value):
        # Unsaved form data is shown back as typed; initial data is tags or their ids.
        if isinstance(value, str) or not value:
            return value or ""
        tags = [item for item in value if isinstance(item, Tag)]
        ids = [item for item in value if not isinstance(item, Tag)]
        if ids:
            tags += list(Tag.objects.filter(pk__in=ids))
        return tags

    def has_changed(self, initial, data):
        initial_names = {tag.name.lower() for tag in self.prepare_value(initial or [])}
        return initial_names != {name.lower() for name in parse_tags(data or "")}

    def clean(self, value):
        names = parse_tags(value or "")
        if not names:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        if len(names) > MAX_TAGS_PER_POST:
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        for name in names:
            if len(name) > NAME_MAX_LENGTH:
                raise ValidationError(
                    self.error_messages["too_long"],
                    code="too_long",
                    params={"name": name[:30]},
                )
            if '"' in name:
                raise ValidationError(self.error_messages["quote"], code="quote")
        return find_tags(names)


def find_tags(names):
    """The tags with these names (ignoring case), in the order named; a name with no tag yet
    comes back as an unsaved Tag, for the caller to create or refuse."""
    lookup = Q()
    for name in names:
        lookup |= Q(name__iexact=name)
    found = {tag.name.lower(): tag for tag in Tag.objects.filter(lookup)}
    tags = []
    for name in names:
        tag = found.setdefault(name.lower(), Tag(name=name))
        if tag not in tags:
            tags.append(tag)
    return tags


def pending_tags(tags):
    """(saved tags, names of the tags not created yet) of a TagNamesField's cleaned value."""
    tags = list(tags or [])
    return [tag for tag in tags if tag.pk], [tag.name for tag in tags if not tag.pk]


def find_or_create_tags(names):
    """The tags with these names (ignoring case), creating the ones that do not exist yet."""
    lookup = Q()
    for name in names:
        lookup |= Q(name__iexact=name)
    found = {tag.name.lower(): tag for tag in Tag.objects.filter(lookup)}
    tags = []
    for name in names:
        tag = found.get(name.lower())
        if tag is None:
            tag = _create_tag(name)
            found[name.lower()] = tag
        tags.append(tag)
    return tags


def _create_tag(name):
    try:
        with transaction.atomic():
            return Tag.objects.create(name=name)
    except IntegrityError:
        # Another editor created it a moment ago.
        return Tag.objects.named(name).get()


class TagsPanel(FieldPanel):
    """A FieldPanel for a post's tags that uses the tag-names field above."""

    def get_form_options(self):
        options = super().get_form_options()
        options["field_classes"] = {self.field_name: TagNamesField}
        return options
