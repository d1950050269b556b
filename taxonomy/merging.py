"""Merging one tag into another, so editors can fold duplicates together without losing posts."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.models import Revision

from taxonomy.models import OldTagSlug, Tag


@dataclass(frozen=True)
class MergeResult:
    posts_retagged: int
    drafts_updated: int


def merge_tags(source: Tag, target: Tag) -> MergeResult:
    """Give every post tagged `source` the `target` tag, then delete `source`.

    Published posts are re-tagged directly. Unpublished changes (the latest revision of a post
    with a draft pending or scheduled) are rewritten too, so publishing a draft later cannot
    bring back a reference to the deleted tag. The source's addresses, current and old,
    redirect to the target from then on.
    """
    if source.pk == target.pk:
        raise ValueError("A tag cannot be merged into itself.")
    from posts.models import PostPage
    from posts.search import reindex_posts

    through = PostPage.tags.through
    with transaction.atomic():
        tagged = set(through.objects.filter(tag=source).values_list("postpage_id", flat=True))
        already = set(
            through.objects.filter(tag=target, postpage_id__in=tagged).values_list(
                "postpage_id", flat=True
            )
        )
        through.objects.bulk_create(
            [through(postpage_id=post_id, tag=target) for post_id in sorted(tagged - already)]
        )
        drafts_updated = _retag_pending_revisions(PostPage, source.pk, target.pk)
        OldTagSlug.objects.filter(tag=source).update(tag=target)
        old_slug = source.slug
        source.delete()
        OldTagSlug.objects.create(slug=old_slug, tag=target)
        # Their index entries still name the deleted tag and lack the target's name.
        reindex_posts(PostPage.objects.filter(pk__in=tagged))
    return MergeResult(posts_retagged=len(tagged), drafts_updated=drafts_updated)


def _retag_pending_revisions(post_model, source_id, target_id):
    # What may still go live: each post's latest draft, and any revision scheduled to publish
    # (which an even newer draft does not replace).
    pending = Revision.objects.filter(
        Q(
            pk__in=post_model.objects.filter(has_unpublished_changes=True)
            .exclude(latest_revision=None)
            .values("latest_revision_id")
        )
        | Q(
            approved_go_live_at__isnull=False,
            content_type=ContentType.objects.get_for_model(post_model),
        )
    )
    changed = []
    for revision in pending:
        tag_ids = revision.content.get("tags") or []
        if source_id in tag_ids:
            kept = [tag_id for tag_id in tag_ids if tag_id != source_id]
            revision.content["tags"] = kept if target_id in kept else [*kept, target_id]
            changed.append(revision)
    Revision.objects.bulk_update(changed, ["content"])
    return len({revision.object_id for revision in changed})  # posts, not revisions
