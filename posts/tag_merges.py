"""The posts' side of a tag merge (taxonomy.merging re-points the published relation itself)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Revision

from core import invalidation
from posts.models import PostPage
from posts.search import reindex_later


def retag_posts(sender, source, target, object_ids, **kwargs):
    """Answers taxonomy's `tags_merged`: rewrite what may still go live, re-index the posts
    (their entries name the deleted tag and lack the target's name), and tell the hub.
    Returns how many posts had a draft or scheduled revision rewritten."""
    drafts_updated = _retag_pending_revisions(source.pk, target.pk)
    reindex_later(PostPage.objects.filter(pk__in=object_ids))
    invalidation.content_changed(invalidation.TAGS_MERGED, target)
    return drafts_updated


def _retag_pending_revisions(source_id, target_id):
    # What may still go live: each post's latest draft, and any revision scheduled to publish
    # (which an even newer draft does not replace). A post's revision stores its tags as ids.
    pending = Revision.objects.filter(
        Q(
            pk__in=PostPage.objects.filter(has_unpublished_changes=True)
            .exclude(latest_revision=None)
            .values("latest_revision_id")
        )
        | Q(
            approved_go_live_at__isnull=False,
            content_type=ContentType.objects.get_for_model(PostPage),
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
