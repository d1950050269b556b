"""Which posts readers may see, and how to fetch them for a listing in a fixed number of queries."""

from django.db.models import Prefetch
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.models import PageManager, PageQuerySet

# The renditions a post card uses; prefetched so a listing costs the same for 1 or 50 posts.
CARD_IMAGE_SPEC = "fill-400x225"


class PostQuerySet(PageQuerySet):
    def visible(self):
        """Live, public (no view restriction) and not dated in the future: what readers see.

        Every reader-facing list uses this: listings, archives, tags, authors, feeds, search,
        sitemap, related posts, previous/next and digests.
        """
        return self.live().public().filter(date__lte=timezone.now())

    def for_listing(self):
        """Newest first, with what a post card shows fetched up front (authors, tags, image)."""
        return (
            self.order_by("-date", "-pk")
            .defer_streamfields()
            .select_related("feed_image")
            .prefetch_related(
                "post_authors__author",
                "tags",
                Prefetch(
                    "feed_image",
                    queryset=Image.objects.prefetch_renditions(CARD_IMAGE_SPEC),
                ),
            )
        )


PostManager = PageManager.from_queryset(PostQuerySet)
