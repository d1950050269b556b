"""A post page's parts that change only with content, kept between content events.

Everything a post page shows besides the chrome and sidebar — its rendered body, byline,
tags, authors, "Read more" posts, previous and next posts and <head> metadata — changes only
when something is published, moved, edited or deleted, and every such change is a content
event. So the parts are built once and cached under the content generation
(core.generation), which the invalidation hub retires after each event commits: a warm view
pays for routing only, not for the related-post and neighbour queries or the body's blocks.

Keyed per post and per live revision, and by the page's canonical address (the metadata holds
absolute links for the host and scheme asked); previews, drafts and logged-in editors are
always built afresh and never cached.
"""

from core import generation
from core.metadata import canonical_url
from core.pagination import page_number

NAME = "post-parts"


def post_parts(request, post, build):
    """`build()`'s dict of a post page's parts, cached for anonymous readers."""
    if page_number(request) > 1:
        # A post has one page; a `?page=N` of a link or a crawler would only add entries.
        return build()
    parts = [post.pk, post.live_revision_id, canonical_url(request)]
    return generation.get_or_build(request, NAME, parts, build)
