"""Site search over live posts: /search/?q=words[&tag=slug][&page=N]."""

import re
from dataclasses import dataclass

from django.template.response import TemplateResponse
from wagtail.models import Site

from core.metadata import Metadata, canonical_url
from core.pagination import page_number, paginate
from posts.models import BlogIndexPage, PostPage
from posts.search import (
    MAX_QUERY_LENGTH,
    excerpt,
    highlight,
    parse_query,
    post_text,
    promotions,
)
from posts.search_query import MAX_RESULTS, RankedPosts, SearchTimeout, time_limit
from taxonomy.models import Tag

RESULTS_PER_PAGE = 10
SLUG = re.compile(r"[-\w]{1,100}")


def search_metadata(request, text):
    # Result pages are endless and thin: not for indexes, though still shareable.
    return Metadata(
        title=f"Search results for “{text}”" if text else "Search",
        description=f"Posts matching “{text}”." if text else "Search the posts by word or topic.",
        canonical=canonical_url(request),
        noindex=True,
    )


@dataclass
class Hit:
    post: PostPage
    title: str  # HTML, matched words marked
    excerpt: str  # HTML, matched words marked


def search(request):
    """Every outcome is a page that says what happened; nothing a reader types raises an error."""
    parsed = parse_query(request.GET.get("q", ""))
    notices = list(parsed.notices)
    blog = BlogIndexPage.for_site(Site.find_for_request(request))
    visible = blog.visible_posts() if blog else PostPage.objects.none()
    posts = visible
    tag = None
    status = 200
    tag_slug = request.GET.get("tag", "").strip()
    if tag_slug:
        # Only a topic that readers can see posts of: a tag that only drafts, private or
        # scheduled posts use is as unknown here as on its own page and feed.
        # The topic by its slug, then one visible post of it (EXISTS stops at the first): the
        # set of every topic with a visible post cost 19 ms at 10,000 posts.
        tag = Tag.objects.filter(slug=tag_slug).first() if SLUG.fullmatch(tag_slug) else None
        if tag is not None and not visible.filter(tags=tag).exists():
            tag = None
        if tag is None:
            # Still the search page (every topic searched, and said so), but a 404: the topic
            # does not exist for readers, exactly as an unknown one does not.
            notices.append("There is no such topic, so posts on every topic were searched.")
            status = 404
        else:
            # A subquery on the primary key, which becomes part of the ranked search query.
            tagged = PostPage.tags.through.objects.filter(tag=tag).values("postpage_id")
            posts = posts.filter(pk__in=tagged)
    context = {
        "query": parsed.text,
        "max_query_length": MAX_QUERY_LENGTH,
        "notices": notices,
        "tag": tag,
        "results": None,
        "timed_out": False,
        "more_results": None,
        "hits": [],
        "promoted": [],
        "metadata": search_metadata(request, parsed.text),
        "blog": blog,
        "blog_url": blog.get_url(request) if blog else "/",
    }
    if parsed.words:
        promoted = promotions(parsed.text, visible) if tag is None else []
        promoted_ids = [pick.page_id for pick in promoted if pick.page_id]
        # Promoted posts are shown above the results, so they are not ranked among them.
        ranked = RankedPosts(
            posts.exclude(pk__in=promoted_ids),
            parsed.single_words,
            parsed.phrases,
            page=(page_number(request), RESULTS_PER_PAGE),
        )
        try:
            # The count and the page of ranked ids; a search the database cannot finish in
            # time is stopped rather than holding a worker.
            with time_limit(ranked.using):
                results = paginate(request, ranked, RESULTS_PER_PAGE)
        except SearchTimeout:
            context["timed_out"] = True
            # 503: the search may succeed later, and no cache should keep this answer.
            return TemplateResponse(request, "posts/search.html", context, status=503)
        # Bodies are needed for excerpts; everything else a result shows comes prefetched.
        found = PostPage.objects.filter(pk__in=results.object_list).for_listing().defer(None)
        by_pk = {post.pk: post for post in found}
        context.update(
            results=results,
            more_results=f"{MAX_RESULTS:,}" if ranked.more else None,
            promoted=promoted if results.number == 1 else [],
            hits=[
                Hit(
                    by_pk[pk],
                    highlight(by_pk[pk].title, parsed.words),
                    excerpt(post_text(by_pk[pk]), parsed.words),
                )
                for pk in results.object_list
                if pk in by_pk
            ],
        )
    return TemplateResponse(request, "posts/search.html", context, status=status)
