"""Admin forms for tags: choosing the tag another is merged into."""

from django import forms

from taxonomy.models import Tag


class TagChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, tag):
        count = getattr(tag, "live_post_count", None)
        if count is None:
            return tag.name
        return f"{tag.name} ({count} live post{'' if count == 1 else 's'})"


class MergeTagForm(forms.Form):
    target = TagChoiceField(
        queryset=Tag.objects.none(),
        label="Merge into",
        help_text="Every post with the tag being merged gets this tag instead.",
        error_messages={"invalid_choice": "Choose one of the other tags."},
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Tag.objects.exclude(pk=source.pk).with_live_post_counts().order_by("name")
        )
