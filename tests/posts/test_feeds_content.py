"""RSS and Atom feeds: they parse, list only what readers may see, newest first, with absolute
addresses, stable GUIDs, dates with time zones, authors, categories, content and enclosures."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from tests.factories import make_author, make_image, make_post, make_tag

FEEDS = ["/blog/feed/", "/blog/feed/atom/"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.fixture
def rich_post(blog, site_tree):
    """A post with every kind of address a body can hold, a feed image, authors and tags."""
    image = make_image("Court building", width=1600, height=900)
    body = [
        {
            "type": "paragraph",
            "value": (
                f'<p>See <a linktype="page" id="{site_tree["about"].pk}">about us</a>, '
                '<a href="/blog/tags/">the topics</a> and <a href="#ruling">the ruling</a>.</p>'
            ),
        },
        {"type": "heading", "value": {"text": "The ruling", "level": "h2"}},
        {
            "type": "image",
            "value": {"image": image.pk, "caption": "The court", "credit": "", "alt_text": ""},
        },
    ]
    return make_post(
        blog,
        "Privacy & the courts",
        days_ago=2,
        intro="Why the judgment matters.",
        body=body,
        tags=[make_tag("Article 8"), make_tag("Privacy")],
        authors=[make_author("Ada Lovelace"), make_author("Grace Hopper")],
        feed_image=image,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_feed_lists_only_visible_posts_newest_first(client, blog, url):
    make_post(blog, "Oldest", days_ago=10)
    make_post(blog, "Newest", days_ago=1)
    make_post(blog, "Middle", days_ago=5)
    make_post(blog, "Draft post", days_ago=1, live=False)
    make_post(blog, "Private post", days_ago=1, private=True)
    make_post(blog, "Scheduled post", date=timezone.now() + datetime.timedelta(days=3))

    response, feed = parse(client, url)

    assert [entry.title for entry in feed.entries] == ["Newest", "Middle", "Oldest"]
    assert all(entry.link.startswith("http://testserver/blog/") for entry in feed.entries)
    assert feed.entries[0].link == "http://testserver/blog/newest/"
    assert feed.feed.link == "http://testserver/blog/"
    assert response["Content-Type"].startswith(
        "application/rss+xml" if "atom" not in url else "application/atom+xml"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_feed_item_carries_dates_authors_categories_and_summary(client, rich_post, url):
    _, feed = parse(client, url)
    entry = feed.entries[0]

    assert entry.title == "Privacy & the courts"
    assert entry.published_parsed is not None
    published = datetime.datetime(*entry.published_parsed[:6], tzinfo=datetime.UTC)
    assert abs(published - rich_post.date) < datetime.timedelta(seconds=1)
    updated = datetime.datetime(*entry.updated_parsed[:6], tzinfo=datetime.UTC)
    assert updated >= published
    assert [author.name for author in entry.authors] == ["Ada Lovelace", "Grace Hopper"]
    assert sorted(tag.term for tag in entry.tags) == ["Article 8", "Privacy"]
    assert entry.summary == "Why the judgment matters."


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_feed_content_has_the_full_body_with_absolute_addresses(client, rich_post, url):
    _, feed = parse(client, url)
    content = feed.entries[0].content[0].value

    assert 'href="http://testserver/about/"' in content
    assert 'href="http://testserver/blog/tags/"' in content
    assert 'href="http://testserver/blog/privacy-the-courts/#ruling"' in content
    assert 'src="/' not in content and 'href="/' not in content
    assert 'srcset="/' not in content
    assert 'src="http://testserver/media/images/' in content or (
        'srcset="http://testserver/media/images/' in content
    )
    assert "The ruling" in content


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_feed_image_is_an_enclosure_with_its_real_length_and_type(client, rich_post, url):
    _, feed = parse(client, url)
    enclosures = feed.entries[0].enclosures
    image = rich_post.feed_image

    assert len(enclosures) == 1
    assert enclosures[0].href == f"http://testserver{image.file.url}"
    assert enclosures[0].type == "image/png"
    assert int(enclosures[0].length) == image.file.size


@pytest.mark.django_db
@pytest.mark.parametrize("url", FEEDS)
def test_guid_survives_retitling_and_moving_a_post(client, blog, url, committed):
    post = make_post(blog, "First title", days_ago=3)
    post.save_revision().publish()
    _, before = parse(client, url)

    post.title = "A better title"
    post.slug = "a-better-title"
    with committed():  # as a real publish commits: the cached feed is retired after it
        post.save_revision().publish()
    _, after = parse(client, url)

    assert before.entries[0].id == after.entries[0].id
    assert after.entries[0].id.startswith("tag:")
    assert str(post.pk) in after.entries[0].id
    assert after.entries[0].link == "http://testserver/blog/a-better-title/"


@pytest.mark.django_db
def test_feeds_hold_the_newest_twenty_posts(client, blog):
    from tests.factories import bulk_posts

    bulk_posts(blog, 25)
    _, feed = parse(client, "/blog/feed/")
    assert len(feed.entries) == 20
    assert feed.entries[0].title == "Bulk post 1"


@pytest.mark.django_db
def test_tag_feed_holds_only_that_tags_posts(client, blog):
    tag, other = make_tag("Article 8"), make_tag("Immigration")
    make_post(blog, "Tagged", tags=[tag])
    make_post(blog, "Other", tags=[other])
    make_post(blog, "Tagged draft", tags=[tag], live=False)

    _, feed = parse(client, f"/blog/tag/{tag.slug}/feed/")

    assert [entry.title for entry in feed.entries] == ["Tagged"]
    assert "Article 8" in feed.feed.title
    assert feed.feed.link == f"http://testserver/blog/tag/{tag.slug}/"


@pytest.mark.django_db
def test_author_feed_holds_only_that_authors_posts(client, blog):
    ada, grace = make_author("Ada Lovelace"), make_author("Grace Hopper")
    make_post(blog, "By Ada", authors=[ada])
    make_post(blog, "By Grace", authors=[grace])
    make_post(blog, "Ada later", authors=[ada], date=timezone.now() + datetime.timedelta(days=1))

    _, feed = parse(client, f"/blog/author/{ada.slug}/feed/")

    assert [entry.title for entry in feed.entries] == ["By Ada"]
    assert feed.feed.link == f"http://testserver/blog/author/{ada.slug}/"
    _, atom = parse(client, "/blog/feed/atom/")
    by_ada = next(entry for entry in atom.entries if entry.title == "By Ada")
    assert by_ada.authors[0].href == f"http://testserver/blog/author/{ada.slug}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/blog/tag/no-such-tag/feed/", "/blog/author/nobody/feed/", "/blog/tag/%E2%9C%93/feed/"],
)
def test_feed_for_unknown_tag_or_author_is_404(client, blog, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_empty_blog_has_a_valid_empty_feed(client, blog):
    for url in FEEDS:
        _, feed = parse(client, url)
        assert feed.entries == []


@pytest.mark.django_db
def test_feed_of_a_tag_only_hidden_posts_use_is_404(client, blog):
    hidden = make_tag("Sealed settlement")
    shown = make_tag("Open justice")
    make_post(blog, "Draft", tags=[hidden], live=False)
    make_post(blog, "Private", tags=[hidden], private=True)
    make_post(blog, "Scheduled", tags=[hidden], days_ago=-2)
    make_post(blog, "Public", tags=[shown])

    assert client.get(f"/blog/tag/{hidden.slug}/feed/").status_code == 404
    response = client.get(f"/blog/tag/{shown.slug}/feed/")  # positive control
    assert response.status_code == 200
    assert b"Sealed settlement" not in client.get("/blog/feed/").content


@pytest.mark.django_db
def test_channel_descriptions_carry_names_as_text_not_markup(client, blog):
    tag = make_tag("<b>Bold</b> & co")
    author = make_author('<img src=x onerror="alert(1)">')
    make_post(blog, "Tagged", tags=[tag], authors=[author])

    for url in (f"/blog/tag/{tag.slug}/feed/", f"/blog/author/{author.slug}/feed/"):
        response = client.get(url)
        assert response.status_code == 200
        # XML escaping alone would hand readers "<b>" back to render: it is escaped twice.
        description = response.content.decode().split("<description>", 1)[1].split("</", 1)[0]
        assert "&amp;lt;" in description, description
        assert "&lt;b" not in description and "&lt;img" not in description, description
