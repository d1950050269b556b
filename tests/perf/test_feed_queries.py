"""A feed costs the same number of queries however many posts it lists and blocks they hold."""

import pytest
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from posts.models import Author, PostPage
from taxonomy.models import Tag
from tests.factories import bulk_posts, make_author, make_document, make_image, make_tag
from tests.support import assert_same_count, count_queries, warm_get

# Measured on SQLite and PostgreSQL. Wagtail's routing to /blog/ and its serve checks: site,
# three page lookups, alias paths, view restrictions (2); then the posts (1), their author links
# and authors (2), tags (1), body images (1), documents (1), renditions (1), linked pages (1),
# stored embeds (1).
FEED_QUERIES = 16
# Warm: the routing to /blog/ and its serve checks only.
WARM_FEED_QUERIES = 7
EMBED_URL = "https://video.example.org/hearing"


def rich_body(images, document, linked_page):
    """Every kind of block, with chosen images, a document and rich-text page links."""
    paragraph = (
        f'<p>See <a linktype="page" id="{linked_page.pk}">this page</a> and '
        '<a href="/blog/">the blog</a>.</p>'
    )
    body = []
    for image in images:
        body += [
            {"type": "paragraph", "value": paragraph},
            {"type": "heading", "value": {"text": "A section", "level": "h2"}},
            {
                "type": "image",
                "value": {"image": image.pk, "caption": "C", "credit": "", "alt_text": "A"},
            },
            {"type": "quotation", "value": {"text": "Q", "attribution": "", "source_url": ""}},
            {"type": "pull_quote", "value": {"text": "P"}},
            {"type": "document", "value": {"document": document.pk, "label": "Judgment"}},
            {"type": "callout", "value": {"kind": "note", "text": paragraph}},
            {
                "type": "table",
                "value": {"data": [["a", "b"], ["c", "d"]], "first_row_is_table_header": True},
            },
            {"type": "divider", "value": None},
            {"type": "embed", "value": {"url": EMBED_URL, "caption": ""}},
        ]
    return body


def seed(blog, count, blocks_per_post_images):
    tags = [
        Tag.objects.filter(name=f"Topic {n}").first() or make_tag(f"Topic {n}") for n in range(4)
    ]
    authors = [
        Author.objects.filter(name=f"Writer {n}").first() or make_author(f"Writer {n}")
        for n in range(3)
    ]
    pks = bulk_posts(blog, count, tags=tags, authors=authors)
    images = [make_image(f"Body {n} {count}", width=320, height=180) for n in range(2)]
    document = make_document("Judgment", "judgment.txt", b"text")
    Embed.objects.get_or_create(
        hash=get_embed_hash(EMBED_URL),
        defaults={"url": EMBED_URL, "type": "video", "html": "<iframe title='Hearing'></iframe>"},
    )
    body = rich_body(images * blocks_per_post_images, document, blog)
    for post in PostPage.objects.filter(pk__in=pks):
        post.body = body
        post.feed_image = images[0]
        post.save_base(update_fields=["body", "feed_image"])


def count_feed_queries(client, url):
    count, first = warm_get(client, url)  # the first request creates the renditions once
    # Then the feed is served whole from the cache until the next content event.
    warm, again = count_queries(client.get, url)
    assert again.content == first.content
    assert warm <= WARM_FEED_QUERIES, warm
    return count


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/blog/feed/", "/blog/feed/atom/"])
def test_feed_queries_do_not_grow_with_posts_or_blocks(client, blog, url):
    seed(blog, 1, blocks_per_post_images=1)
    small = count_feed_queries(client, url)

    seed(blog, 25, blocks_per_post_images=3)
    large = count_feed_queries(client, url)

    assert_same_count(small, large, exactly=FEED_QUERIES)


@pytest.mark.django_db
def test_tag_and_author_feed_queries_do_not_grow(client, blog):
    seed(blog, 2, blocks_per_post_images=1)
    small_tag = count_feed_queries(client, "/blog/tag/topic-0/feed/")
    small_author = count_feed_queries(client, "/blog/author/writer-0/feed/")

    seed(blog, 25, blocks_per_post_images=2)
    large_tag = count_feed_queries(client, "/blog/tag/topic-0/feed/")
    large_author = count_feed_queries(client, "/blog/author/writer-0/feed/")
    assert_same_count(small_tag, large_tag, label="tag feed")
    assert_same_count(small_author, large_author, label="author feed")
