"""Search-engine and sharing metadata in every page's <head>: title, description, canonical
address, OpenGraph and Twitter cards, feed autodiscovery, and JSON-LD on posts."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import dateformat, timezone

from tests.factories import build_site, bulk_posts, make_author, make_image, make_post, make_tag
from tests.support import fresh, module_transaction

HOSTILE_TITLE = 'Closing </script><script>alert("x")</script> & <!-- tags'


class HeadParser(HTMLParser):
    """Collects <title>, <meta>, <link> and JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.json_ld = {}, [], []
        self.title, self._in = "", None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.json_ld.append(data)

    def first(self, key):
        return self.meta[key][0]

    def link(self, rel, type_=None):
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and (type_ is None or link.get("type") == type_)
        ]


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/blog/", "/about/", "/subscribe/"])
def test_every_page_has_title_description_canonical_and_cards(client, site_tree, url):
    home = site_tree["home"]
    home.intro = "A blog about rights."
    home.save_revision().publish()
    site_tree["about"].search_description = "Who we are."
    site_tree["about"].save_revision().publish()

    head = head_of(client, url)

    assert "Test Blog" in head.title
    assert head.link("canonical") == [f"http://testserver{url}"]
    assert head.first("og:url") == f"http://testserver{url}"
    assert head.first("og:type") == "website"
    assert head.first("og:title")
    assert head.first("twitter:card") == "summary"
    if url in ("/", "/about/"):
        assert head.first("description") in ("A blog about rights.", "Who we are.")


@pytest.mark.django_db
def test_title_names_the_site_once(client, site_tree, blog):
    home = site_tree["home"]
    home.title = "Test Blog"
    home.save_revision().publish()
    post = make_post(blog, "Costs & fees")
    assert head_of(client, "/").title == "Test Blog"
    assert head_of(client, post.url).title == "Costs & fees | Test Blog"
    assert head_of(client, "/search/?q=x").title.endswith("| Test Blog")


@pytest.mark.django_db
def test_every_page_type_and_route_has_a_title_description_and_canonical(
    client, site_tree, every_page_url
):
    about = site_tree["about"]
    about.body = [("paragraph", "<p>We write about <b>human rights</b> law.</p>")]
    about.save_revision().publish()
    # home, blog index, post, standard page, subscribe page, search, tag page, tag index,
    # author page, year and month archives: nothing else filled in by an editor.
    assert len(every_page_url) == 11

    for url in every_page_url:
        head = head_of(client, url)
        canonical = "http://testserver" + url.split("?")[0]
        assert head.first("og:title"), url
        assert head.first("description"), url
        assert head.first("og:description") == head.first("description"), url
        assert head.first("og:url") == canonical, url
        if url.startswith("/search/"):
            # Not for indexes, so no canonical link that would contradict the noindex.
            assert head.first("robots") == "noindex, follow"
            assert head.link("canonical") == []
        else:
            assert "robots" not in head.meta, url
            assert head.link("canonical") == [canonical], url
    assert head_of(client, "/about/").first("description") == "We write about human rights law."


@pytest.mark.django_db
def test_no_page_repeats_a_feed_link(client, every_page_url):
    for url in every_page_url:
        feeds = head_of(client, url).link("alternate")
        assert len(set(feeds)) == len(feeds), url


def test_metadata_trims_descriptions_and_drops_repeated_feeds():
    from core.metadata import FeedLink, Metadata

    rss = FeedLink("application/rss+xml", "RSS feed", "https://example.com/blog/feed/")
    again = FeedLink("application/rss+xml", "Same feed, other title", rss.url)
    meta = Metadata(description="<p>A  long\n" + "word " * 100 + "</p>", feeds=[rss, again])

    assert meta.feeds == [rss]
    assert "<" not in meta.description and "  " not in meta.description
    assert len(meta.description) == 200
    assert meta.description.endswith("…")
    assert meta.replace(title="Other").description == meta.description  # trimming is stable


def test_canonical_url_keeps_only_a_real_page_number(rf):
    from core.metadata import canonical_url

    assert canonical_url(rf.get("/blog/?page=3&utm_source=x")) == "http://testserver/blog/?page=3"
    assert canonical_url(rf.get("/blog/?page=1")) == "http://testserver/blog/"
    assert canonical_url(rf.get("/blog/?page=abc")) == "http://testserver/blog/"


# The class below only reads: its tests share one site, built once for the class in a
# transaction rolled back after it (support.module_transaction).
@pytest.fixture(scope="class")
def published_site(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker) as unblocked:
        with unblocked():
            tree = build_site()
            blog = tree["blog"]
            tag, author = make_tag("Article 8"), make_author("Ada Lovelace")
            post = make_post(
                blog,
                "Article 8 and the right to respect",
                days_ago=3,
                intro="What the court said about private life.",
                tags=[tag, make_tag("Privacy")],
                authors=[author],
                feed_image=make_image("Supreme Court", width=2000, height=1200),
            )
            described = make_post(
                blog, "Described", intro="The intro.", search_description="For engines."
            )
            hostile = make_post(blog, HOSTILE_TITLE, slug="hostile", intro="</script>")
            bulk_posts(blog, 12)  # a second page of the blog
            # Image renditions are made on first view: make them once, for every test.
            for url in ("/", "/blog/", post.url, f"/blog/tag/{tag.slug}/"):
                assert Client().get(url).status_code == 200
        yield {
            **tree,
            "post": post,
            "described": described,
            "hostile": hostile,
            "tag": tag,
            "author": author,
        }


@pytest.mark.django_db
class TestPublishedSite:
    """Tests that only read, sharing the site `published_site` built once for them."""

    @pytest.fixture
    def published(self, published_site, db):
        return {name: fresh(instance) for name, instance in published_site.items()}

    @pytest.fixture
    def site_tree(self, published):
        return published

    @pytest.fixture
    def shared_post(self, published):
        return published["post"]

    def test_post_json_ld_is_a_blog_posting_with_headline_dates_author_and_image(
        self, client, shared_post
    ):
        head = head_of(client, shared_post.url)

        assert len(head.json_ld) == 1
        data = json.loads(head.json_ld[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "BlogPosting"
        assert data["headline"] == "Article 8 and the right to respect"
        assert data["datePublished"].startswith(shared_post.date.date().isoformat())
        assert "dateModified" in data
        assert data["author"] == [
            {
                "@type": "Person",
                "name": "Ada Lovelace",
                "url": "http://testserver/blog/author/ada-lovelace/",
            }
        ]
        assert data["image"]["url"].startswith("http://testserver/media/images/")
        assert "fill-1200x630" in data["image"]["url"]
        assert (data["image"]["width"], data["image"]["height"]) == (1200, 630)
        assert data["publisher"]["name"] == "Test Blog"
        assert data["keywords"] == ["Article 8", "Privacy"]
        assert data["url"] == "http://testserver/blog/article-8-and-the-right-to-respect/"

    def test_post_opengraph_and_twitter_tags_use_absolute_urls(self, client, shared_post):
        head = head_of(client, shared_post.url)
        post_url = "http://testserver/blog/article-8-and-the-right-to-respect/"

        assert head.first("og:type") == "article"
        assert head.first("og:title") == "Article 8 and the right to respect"
        assert head.first("og:description") == "What the court said about private life."
        assert head.first("og:url") == post_url
        assert head.link("canonical") == [post_url]
        assert head.first("og:image").startswith("http://testserver/media/images/")
        assert (head.first("og:image:width"), head.first("og:image:height")) == ("1200", "630")
        assert head.first("og:image:alt")
        assert head.first("og:site_name") == "Test Blog"
        assert head.first("article:published_time").startswith(shared_post.date.date().isoformat())
        assert head.first("article:modified_time")
        assert head.meta["article:tag"] == ["Article 8", "Privacy"]
        assert head.meta["article:author"] == ["http://testserver/blog/author/ada-lovelace/"]
        assert head.first("twitter:card") == "summary_large_image"
        assert head.first("twitter:image") == head.first("og:image")
        assert head.first("twitter:title") == "Article 8 and the right to respect"
        assert head.first("description") == "What the court said about private life."
        assert "Test Blog" in head.title

    def test_search_description_wins_over_intro(self, client, published):
        post = published["described"]
        head = head_of(client, post.url)
        assert head.first("description") == "For engines."
        assert head.first("og:description") == "For engines."

    def test_json_ld_cannot_be_broken_out_of(self, client, published):
        title = HOSTILE_TITLE
        post = published["hostile"]
        response = client.get(post.url)
        html = response.content.decode()

        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert script is not None
        assert "<" not in script.group(1)
        assert json.loads(script.group(1))["headline"] == title
        assert "<script>alert" not in html.split("</head>")[0]

    def test_canonical_keeps_only_a_real_page_number(self, client, blog):
        assert head_of(client, "/blog/?page=2&utm_source=x").link("canonical") == [
            "http://testserver/blog/?page=2"
        ]
        assert head_of(client, "/blog/?page=1").link("canonical") == ["http://testserver/blog/"]

    @pytest.mark.parametrize("url", ["/", "/blog/"])
    def test_home_and_blog_link_to_the_blog_feeds(self, client, blog, url):
        head = head_of(client, url)
        assert head.link("alternate", "application/rss+xml") == ["http://testserver/blog/feed/"]
        assert head.link("alternate", "application/atom+xml") == [
            "http://testserver/blog/feed/atom/"
        ]

    def test_post_links_to_the_blog_feeds(self, client, shared_post):
        post = shared_post
        head = head_of(client, post.url)
        assert "http://testserver/blog/feed/" in head.link("alternate", "application/rss+xml")

    def test_author_page_links_to_the_author_feed(self, client, published):
        author = published["author"]  # "Ada Lovelace", of the shared post
        head = head_of(client, f"/blog/author/{author.slug}/")
        feeds = head.link("alternate", "application/rss+xml")
        assert f"http://testserver/blog/author/{author.slug}/feed/" in feeds
        assert head.first("og:title") == "Ada Lovelace"

    def test_tag_page_links_to_the_tag_feed(self, client, published):
        tag = published["tag"]  # "Article 8", of the shared post
        head = head_of(client, f"/blog/tag/{tag.slug}/")
        feeds = head.link("alternate", "application/rss+xml")
        assert f"http://testserver/blog/tag/{tag.slug}/feed/" in feeds
        assert "Article 8" in head.first("og:title")

    def test_metadata_of_an_unsaved_post_being_previewed(self, rf, blog):
        from posts.models import PostPage

        post = PostPage(title="Not saved yet", intro="Draft intro")
        request = rf.get("/admin/pages/add/posts/postpage/1/preview/")
        meta = post.get_metadata(
            request, {"request": request, "page": post, "site_name": "Test Blog"}
        )
        assert meta.title == "Not saved yet"
        assert meta.description == "Draft intro"
        assert meta.feeds == []  # no blog known yet, and no error for it
        assert json.loads(re.search(r">(.*)<", str(meta.json_ld)).group(1))["headline"]

    def test_search_pages_are_noindex_and_titled_for_sharing(self, client, site_tree):
        head = head_of(client, "/search/?q=asylum")
        assert head.first("robots") == "noindex, follow"
        assert head.first("og:title") == "Search results for “asylum”"
        assert head_of(client, "/search/").first("og:title") == "Search"

    def test_route_titles_and_descriptions_name_what_they_list(self, client, published):
        tag, author, post = published["tag"], published["author"], published["post"]
        published = timezone.localtime(post.date)  # archives go by the site's local dates

        assert head_of(client, f"/blog/tag/{tag.slug}/").first("description") == (
            "Posts tagged “Article 8”."
        )
        assert head_of(client, f"/blog/author/{author.slug}/").first("description") == (
            "Posts by Ada Lovelace."
        )
        assert head_of(client, "/blog/tags/").first("og:title") == "Topics"
        month = head_of(client, published.strftime("/blog/%Y/%m/"))
        assert month.first("og:title") == f"Posts from {dateformat.format(published, 'F Y')}"
        assert head_of(client, published.strftime("/blog/%Y/")).first("og:title") == (
            f"Posts from {published.year}"
        )
        assert head_of(client, "/blog/").first("og:title") == "Blog"

    def test_tag_page_lists_its_own_feed_once_then_the_blog_feeds(self, client, published):
        tag = published["tag"]
        head = head_of(client, f"/blog/tag/{tag.slug}/")

        feeds = head.link("alternate")
        assert feeds == [
            f"http://testserver/blog/tag/{tag.slug}/feed/",
            "http://testserver/blog/feed/",
            "http://testserver/blog/feed/atom/",
        ]
        assert len(set(feeds)) == len(feeds)

    def test_author_page_lists_its_own_feed_then_the_blog_feeds(self, client, published):
        author = published["author"]
        head = head_of(client, f"/blog/author/{author.slug}/")
        assert head.link("alternate") == [
            f"http://testserver/blog/author/{author.slug}/feed/",
            "http://testserver/blog/feed/",
            "http://testserver/blog/feed/atom/",
        ]
