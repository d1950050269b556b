"""Items without wp:post_id, categories without a domain, author names, and a report that
counts each term once and gives the same totals on every run."""

import pytest
from wagtail.models import Revision

from posts.models import Author, PostPage
from taxonomy.models import Tag
from tests.wordpress.small_wxr import export, item, row, run, warning_count
from wordpress.models import ImportedObject


def revision_count():
    return Revision.page_revisions.count()


NO_IDS = export(
    # WordPress's ID in the guid, in the link, neither (the guid itself), and nothing at all.
    item("By guid", guid="http://small.example.org/?p=11", name="by-guid"),
    item("By link", link="http://small.example.org/?p=12", name="by-link"),
    item("By address", guid="http://small.example.org/by-address/", name="by-address"),
    item("Bare", name="bare"),
    # Claims ID 11 explicitly: the guid-derived key above must not take it from it.
    item("Explicit eleven", wp_id="11", name="explicit"),
    # A guid with ?p=13 repeated: the second one still gets a key of its own.
    item("Twin one", guid="http://small.example.org/?p=13", name="twin-one"),
    item("Twin two", guid="http://small.example.org/?p=13", name="twin-two"),
)


@pytest.mark.django_db
def test_items_without_post_ids_keep_their_own_identity(blog, tmp_path, client):
    output = run(tmp_path, NO_IDS)
    assert row(output, "posts") == (7, 0, 0, 0)
    assert PostPage.objects.count() == 7
    assert warning_count(output, "missing_post_id") == 6
    keys = set(ImportedObject.objects.filter(kind="post").values_list("wp_key", flat=True))
    assert len(keys) == 7
    assert {"11", "12", "guid:http://small.example.org/by-address/"} <= keys
    explicit = ImportedObject.objects.get(kind="post", wp_key="11")
    assert PostPage.objects.get(pk=explicit.object_id).title == "Explicit eleven"
    # ?p=12 was WordPress's own ID: the old link reaches the post.
    response = client.get("/?p=12")
    assert response.status_code == 301
    assert response["Location"] == PostPage.objects.get(title="By link").url

    revisions = revision_count()
    again = run(tmp_path, NO_IDS)
    assert row(again, "posts") == (0, 0, 7, 0)
    assert revision_count() == revisions and PostPage.objects.count() == 7


DOMAINLESS = export(
    item(
        "Filed",
        wp_id="5",
        extra='<category nicename="courts"><![CDATA[Courts]]></category>'
        "<category><![CDATA[Family law]]></category>"
        '<category domain="post_tag" nicename="appeal"><![CDATA[Appeal]]></category>',
    )
)


@pytest.mark.django_db
def test_categories_without_a_domain_are_categories(blog, tmp_path):
    output = run(tmp_path, DOMAINLESS)
    post = PostPage.objects.get()
    assert sorted(t.name for t in post.tags.all()) == ["Appeal", "Courts", "Family law"]
    assert warning_count(output, "category_without_domain") == 2
    assert row(output, "categories") == (2, 0, 0, 0)
    assert set(ImportedObject.objects.filter(kind="category").values_list("wp_key", flat=True)) == {
        "courts",
        "family-law",
    }
    again = run(tmp_path, DOMAINLESS)
    assert row(again, "categories") == (0, 0, 2, 0) and row(again, "posts") == (0, 0, 1, 0)


AUTHORS = export(
    "<wp:author><wp:author_login>admin</wp:author_login>"
    "<wp:author_display_name><![CDATA[Theme Admin]]></wp:author_display_name></wp:author>",
    # An older exporter's element, with the "author_" prefix left off its children.
    "<wp:wp_author><wp:login>ann</wp:login><wp:first_name>Ann</wp:first_name>"
    "<wp:last_name>Other</wp:last_name></wp:wp_author>",
    item("One", wp_id="1", creator="admin"),
    item("Two", wp_id="2", creator="ann"),
    # By display name instead of login, and by a name nobody declared.
    item("Three", wp_id="3", creator="Theme Admin"),
    item("Four", wp_id="4", creator="Guest Writer"),
)


@pytest.mark.django_db
def test_author_display_names_are_kept(blog, tmp_path):
    output = run(tmp_path, AUTHORS)
    assert sorted(Author.objects.values_list("name", flat=True)) == [
        "Ann Other",
        "Guest Writer",
        "Theme Admin",
    ]
    by_title = {p.title: [a.name for a in p.authors] for p in PostPage.objects.all()}
    assert by_title == {
        "One": ["Theme Admin"],
        "Two": ["Ann Other"],
        "Three": ["Theme Admin"],
        "Four": ["Guest Writer"],
    }
    assert warning_count(output, "unknown_author") == 1
    assert row(run(tmp_path, AUTHORS), "posts") == (0, 0, 4, 0)


COMMENT = (
    "<wp:comment><wp:comment_id>{n}</wp:comment_id>"
    "<wp:comment_content><![CDATA[Nice]]></wp:comment_content></wp:comment>"
)
REPEATED_TERMS = export(
    "<wp:category><wp:category_nicename>news</wp:category_nicename>"
    "<wp:cat_name>News</wp:cat_name></wp:category>",
    "<wp:term><wp:term_taxonomy>category</wp:term_taxonomy><wp:term_slug>news</wp:term_slug>"
    "<wp:term_name>News</wp:term_name></wp:term>",
    "<wp:tag><wp:tag_slug>law</wp:tag_slug><wp:tag_name>Law</wp:tag_name></wp:tag>",
    "<wp:term><wp:term_taxonomy>post_tag</wp:term_taxonomy><wp:term_slug>law</wp:term_slug>"
    "<wp:term_name>Law</wp:term_name></wp:term>",
    item(
        "Commented",
        wp_id="8",
        extra='<category domain="category" nicename="news"><![CDATA[News]]></category>'
        '<category domain="post_tag" nicename="law"><![CDATA[Law]]></category>'
        '<category domain="post_tag" nicename="extra"><![CDATA[Extra]]></category>'
        + COMMENT.format(n=1)
        + COMMENT.format(n=2),
    ),
    item(
        "Also tagged",
        wp_id="9",
        extra='<category domain="post_tag" nicename="extra"><![CDATA[Extra]]></category>'
        + COMMENT.format(n=3),
    ),
)


@pytest.mark.django_db
def test_each_term_is_counted_once_and_totals_repeat(blog, tmp_path):
    first = run(tmp_path, REPEATED_TERMS)
    assert row(first, "categories") == (1, 0, 0, 0)
    assert row(first, "tags") == (2, 0, 0, 0)  # "Law", and "Extra" found only on posts
    assert row(first, "comments") == (0, 0, 0, 3)
    assert Tag.objects.count() == 3
    for _ in range(2):
        again = run(tmp_path, REPEATED_TERMS)
        assert row(again, "categories") == (0, 0, 1, 0)
        assert row(again, "tags") == (0, 0, 2, 0)
        assert row(again, "comments") == (0, 0, 0, 3)
        assert row(again, "posts") == (0, 0, 2, 0)
