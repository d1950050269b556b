"""Merging one tag into another, so editors can fold duplicates together without losing posts."""

from dataclasses import dataclass

from django.db import transaction

from taxonomy.models import OldTagSlug, Tag
from taxonomy.signals import tags_merged


@dataclass(frozen=True)
class MergeResult:
    posts_retagged: int
    drafts_updated: int


def merge_tags(source: Tag, target: Tag) -> MergeResult:
    """Give everything tagged `source` the `target` tag, then delete `source`.

    The tagged objects are re-pointed through the tag relation itself, so this module needs to
    know nothing of what carries tags. Receivers of `tags_merged` update the rest (the posts
    app rewrites drafts and scheduled revisions and re-indexes the posts) and report how many
    drafts they changed. The source's addresses, current and old, redirect to the target.
    """
    if source.pk == target.pk:
        raise ValueError("A tag cannot be merged into itself.")
    relation = Tag._meta.get_field("posts")
    through = relation.through
    object_column = relation.field.m2m_field_name()  # the tagged object's side
    tag_column = relation.field.m2m_reverse_field_name()
    with transaction.atomic():
        tagged = set(
            through.objects.filter(**{tag_column: source}).values_list(
                f"{object_column}_id", flat=True
            )
        )
        already = set(
            through.objects.filter(
                **{tag_column: target, f"{object_column}_id__in": tagged}
            ).values_list(f"{object_column}_id", flat=True)
        )
        through.objects.bulk_create(
            [
                through(**{f"{object_column}_id": object_id, tag_column: target})
                for object_id in sorted(tagged - already)
            ]
        )
        # Only the target is left on them when receivers look (the search index, say).
        through.objects.filter(**{tag_column: source}).delete()
        answers = tags_merged.send(sender=Tag, source=source, target=target, object_ids=tagged)
        OldTagSlug.objects.filter(tag=source).update(tag=target)
        old_slug = source.slug
        source.delete()
        OldTagSlug.objects.create(slug=old_slug, tag=target)
    drafts_updated = sum(answer for _receiver, answer in answers if isinstance(answer, int))
    return MergeResult(posts_retagged=len(tagged), drafts_updated=drafts_updated)
