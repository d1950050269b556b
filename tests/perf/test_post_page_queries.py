"""Query budget of a post page: the same for a one-paragraph post as for a long post with many
blocks, images, documents, embeds, page links, authors (with photos), tags and related posts.

Pages are measured on a second request, after the first has created the image renditions and
filled the sidebar's cached boxes, with the page's own cached parts retired as a content event
does (a cold miss); then on a third, with them warm. Recorded counts (SQLite and PostgreSQL
alike) are in BUDGET and WARM_BUDGET below; equality between SMALL and LARGE is what must
never break.
"""

import pytest
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from posts.models import PostPageRelatedPost
from tests.factories import (
    bulk_posts,
    make_author,
    make_document,
    make_image,
    make_post,
    make_tag,
)
from tests.support import assert_same_count, count_queries, retire_fragments

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SMALL = {
    "name": "small",
    "paragraphs": 1,
    "images": 1,
    "documents": 1,
    "embeds": 1,
    "authors": 1,
    "tags": 1,
    "others": 5,
}
LARGE = {
    "name": "large",
    "paragraphs": 40,
    "images": 8,
    "documents": 6,
    "embeds": 6,
    "authors": 5,
    "tags": 12,
    "others": 300,
}


def seed(blog, size, chosen_related):
    name = size["name"]
    tags = [make_tag(f"Topic {name} {n}") for n in range(size["tags"])]
    authors = []
    for n in range(size["authors"]):
        author = make_author(f"Author {name} {n}")
        author.photo = make_image(f"Face {name} {n}", width=64, height=64)
        author.save()
        authors.append(author)
    others = bulk_posts(blog, size["others"], tags=tags, authors=authors)
    body = []
    for n in range(size["paragraphs"]):
        body.append({"type": "heading", "value": {"text": f"Part {n}", "level": "h2"}})
        link = f'<a linktype="page" id="{blog.pk}">the blog</a>'
        body.append({"type": "paragraph", "value": f"<p>Paragraph {n}, <b>words</b>, {link}.</p>"})
        body.append({"type": "quotation", "value": {"text": "Quoted.", "attribution": "A judge"}})
    for n in range(size["images"]):
        image = make_image(f"Figure {name} {n}", width=64, height=36)
        body.append({"type": "image", "value": {"image": image.pk, "caption": f"Figure {n}"}})
    for n in range(size["documents"]):
        body.append(
            {
                "type": "document",
                "value": {
                    "document": make_document(
                        f"Judgment {name}-{n}", f"judgment-{name}-{n}.pdf", b"%PDF-1.4"
                    ).pk,
                    "label": "",
                },
            }
        )
    for n in range(size["embeds"]):
        url = f"https://video.example.org/{name}/{n}"
        Embed.objects.create(
            url=url, hash=get_embed_hash(url), type="video", html=f"<iframe title='{n}'></iframe>"
        )
        body.append({"type": "embed", "value": {"url": url, "caption": ""}})
    post = make_post(
        blog,
        f"Measured post {name}",
        days_ago=0,
        tags=tags,
        authors=authors,
        body=body,
        show_toc=True,
        feed_image=make_image(f"Feed {name}", width=64, height=36),
    )
    if chosen_related:
        for order, pk in enumerate(others[:4]):
            PostPageRelatedPost.objects.create(page=post, post_id=pk, sort_order=order)
    return post


def page_queries(client, post):
    """(queries of a cold miss, queries of a warm view)."""
    assert client.get(post.url).status_code == 200  # creates renditions, fills the sidebar
    retire_fragments()  # what every content event does
    cold, response = count_queries(client.get, post.url)
    assert len(response.context["related_posts"]) == (4 if len(response.context["tags"]) else 0)
    warm, again = count_queries(client.get, post.url)
    assert again.content == response.content
    return cold, warm


# Recorded: 23 on SQLite and PostgreSQL, small and large alike =
#   site (1) + routing down the tree (4) + view restrictions on serving (2) +
#   authors, photos, photo renditions (3) + body images, documents, their renditions (3) +
#   visible()'s restriction list (1) + parent, older, newer (3) + tags (1) +
#   related links and related posts (2) + feed image for the social card meta (1) +
#   every page linked from the body's rich text (1) + every embed's stored markup (1) +
#   the comment section: the comment settings (1) and the shown comments (1), kept with the
#   other parts until the next content event (tests/perf/test_comment_queries.py).
BUDGET = 25
# Warm: site (1), the page by its remembered route (1), view restrictions on serving (2).
WARM_BUDGET = 4


@pytest.mark.parametrize("chosen_related", [False, True], ids=["tag-fallback", "editor-chosen"])
def test_post_page_queries_do_not_grow_with_content(client, blog, chosen_related):
    small, small_warm = page_queries(client, seed(blog, SMALL, chosen_related))
    # The large post joins a blog that now holds more than 300 posts.
    large, large_warm = page_queries(client, seed(blog, LARGE, chosen_related))
    assert_same_count(small, large, at_most=BUDGET)
    assert_same_count(small_warm, large_warm, at_most=WARM_BUDGET)
