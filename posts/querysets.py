"""Which posts readers may see, and how to fetch them for a listing in a fixed number of queries."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import TruncMonth
from wagtail.images.models import Image
from wagtail.models import PageManager, PageQuerySet

from core.renditions import CARD_IMAGE_SPECS

# The renditions a post card uses (core.renditions) are prefetched, so a listing costs the same
# for 1 or 50 posts.
CARD_IMAGE_SPEC = "fill-400x225"


class PostQuerySet(PageQuerySet):
    def visible(self):
        """Live and public (no view restriction): what readers see.

        A post dated in the future is not live until its date: publishing it schedules it
        (PostPage.schedule_for_date), so no date test is needed here or anywhere else.
        Readers' lists start from BlogIndexPage.visible_posts(), which builds on this.
        """
        return self.live().public()

    def for_listing(self):
        """Newest first, with what a post card shows fetched up front (authors, tags, image)."""
        return (
            self.order_by("-date", "-pk")
            .defer_streamfields()
            # Prefetched rather than joined: a joined image would skip its renditions' prefetch.
            .prefetch_related(
                Prefetch("post_authors", queryset=author_links(self.model)),
                "tags",
                Prefetch(
                    "listing_image",
                    queryset=Image.objects.prefetch_renditions(*CARD_IMAGE_SPECS),
                ),
            )
        )

    def in_month(self, year, month):
        """Posts dated in a calendar month of the site's time zone."""
        return self.filter(date__year=year, date__month=month)

    def in_year(self, year):
        return self.filter(date__year=year)

    def by_author(self, author):
        return self.filter(post_authors__author=author)

    def sharing_tags(self, tag_ids):
        """Posts with any of these tags, those sharing the most first, then the newest.

        Each post's shared tags are counted by a subquery on its own links (the unique
        (post, tag) index), not by joining and grouping every link of these tags: the database
        then starts from the posts the queryset narrowed to (PostPage.related_posts' few).
        """
        links = self.model.tags.through.objects.filter(postpage=OuterRef("pk"), tag__in=tag_ids)
        shared = links.order_by().values("postpage").annotate(count=Count("pk")).values("count")
        return (
            self.annotate(shared_tags=Subquery(shared))
            .filter(shared_tags__gt=0)
            .order_by("-shared_tags", "-date", "-pk")
        )

    def month_counts(self):
        """(first day of month, number of posts) pairs, newest month first, in one query."""
        return (
            self.annotate(month=TruncMonth("date"))
            .order_by()
            .values_list("month")
            .annotate(count=Count("pk"))
            .order_by("-month")
        )


def author_links(post_model):
    """A post's author links in byline order, with each author fetched in the same query."""
    link_model = post_model._meta.get_field("post_authors").related_model
    return link_model.objects.select_related("author").order_by("sort_order")


PostManager = PageManager.from_queryset(PostQuerySet)
