"""sitemap.xml is an index of sitemap pages that together list every live public page with its
last change, and nothing else; robots.txt points to it and keeps crawlers out of the admin and
search results."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from posts import sitemaps
from tests.factories import bulk_posts, make_due, make_post

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def xml_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_pages(client):
    """The addresses of the sitemap pages the index at /sitemap.xml lists, with their lastmod."""
    index = xml_of(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    return {
        item.find("s:loc", NS).text: getattr(item.find("s:lastmod", NS), "text", None)
        for item in index.findall("s:sitemap", NS)
    }


def page_entries(client, location):
    root = xml_of(client, path_of(location))
    return {
        url.find("s:loc", NS).text: getattr(url.find("s:lastmod", NS), "text", None)
        for url in root.findall("s:url", NS)
    }


def sitemap_entries(client):
    """Every address listed across the index's pages (none listed twice), with its lastmod."""
    entries = {}
    for location in sitemap_pages(client):
        found = page_entries(client, location)
        assert not set(found) & set(entries)
        entries.update(found)
    return entries


def path_of(location):
    return "/" + location.split("/", 3)[3]


@pytest.mark.django_db
def test_sitemap_lists_every_live_public_page_and_nothing_else(client, site_tree, blog):
    live = make_post(blog, "Live post", days_ago=2)
    live.save_revision().publish()
    make_post(blog, "Draft post", live=False)
    make_post(blog, "Private post", private=True)
    make_post(blog, "Scheduled post", date=timezone.now() + datetime.timedelta(days=1))
    secret_parent = StandardPage(title="Members", slug="members")
    site_tree["home"].add_child(instance=secret_parent)
    PageViewRestriction.objects.create(
        page=secret_parent, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    secret_parent.add_child(instance=StandardPage(title="Members notes", slug="notes"))
    draft_page = StandardPage(title="Draft page", slug="draft-page", live=False)
    site_tree["home"].add_child(instance=draft_page)

    entries = sitemap_entries(client)

    assert sorted(path_of(location) for location in entries) == [
        "/",
        "/about/",
        "/blog/",
        "/blog/live-post/",
        "/subscribe/",
    ]
    assert all(location.startswith("http") for location in entries)


@pytest.mark.django_db
def test_sitemap_gives_each_post_a_lastmod(client, blog):
    post = make_post(blog, "Dated post", days_ago=3)
    post.save_revision().publish()
    unpublished_date = make_post(blog, "Never revised", days_ago=5)

    entries = {path_of(loc): lastmod for loc, lastmod in sitemap_entries(client).items()}

    post.refresh_from_db()
    assert entries["/blog/dated-post/"] == post.last_published_at.date().isoformat()
    assert entries["/blog/never-revised/"] == unpublished_date.date.date().isoformat()


@pytest.mark.django_db
def test_scheduled_post_joins_the_sitemap_once_its_date_comes(client, blog, committed):
    post = make_post(blog, "Soon", date=timezone.now() + datetime.timedelta(hours=1))
    assert "/blog/soon/" not in {path_of(loc) for loc in sitemap_entries(client)}
    make_due(post)
    # Committed, so the hub renews the cached sitemap as it would after a real publish.
    with committed():
        call_command("publish_scheduled", stdout=io.StringIO())
    assert "/blog/soon/" in {path_of(loc) for loc in sitemap_entries(client)}


@pytest.mark.django_db
def test_robots_txt_points_to_the_sitemap_and_keeps_out_admin_and_search(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


# --- The index and its pages -----------------------------------------------------------


@pytest.mark.django_db
def test_the_index_lists_its_pages_with_a_lastmod_and_each_page_only_live_public_pages(
    client, site_tree, blog
):
    shown = make_post(blog, "Shown post", days_ago=2)
    shown.save_revision().publish()
    make_post(blog, "Draft post", live=False)
    make_post(blog, "Private post", private=True)
    make_post(blog, "Scheduled post", date=timezone.now() + datetime.timedelta(days=1))
    site_tree["about"].save_revision().publish()  # the fixture's pages are otherwise undated

    pages = sitemap_pages(client)

    assert sorted(path_of(location) for location in pages) == [
        "/sitemap-pages.xml",
        "/sitemap-posts.xml",
    ]
    assert all(lastmod for lastmod in pages.values())
    shown.refresh_from_db()
    posts_page = next(loc for loc in pages if "posts" in loc)
    assert pages[posts_page].startswith(shown.last_published_at.date().isoformat())
    listed = {path_of(location) for location in page_entries(client, posts_page)}
    assert listed == {"/blog/shown-post/"}  # the control, and no draft, private or scheduled


@pytest.mark.django_db
def test_pages_split_at_the_limit_and_together_list_every_live_public_page(
    client, site_tree, blog, monkeypatch
):
    monkeypatch.setattr(sitemaps.PagesSitemap, "limit", 2)  # posts inherit it
    bulk_posts(blog, 5)
    make_post(blog, "Draft post", live=False)
    make_post(blog, "Private post", private=True)

    pages = sitemap_pages(client)

    posts_pages = sorted(path_of(loc) for loc in pages if "posts" in loc)
    assert posts_pages == [
        "/sitemap-posts.xml",
        "/sitemap-posts.xml?p=2",
        "/sitemap-posts.xml?p=3",
    ]
    sizes = [len(page_entries(client, location)) for location in sorted(pages)]
    assert max(sizes) == 2
    live_public = Page.objects.live().public().descendant_of(site_tree["home"], inclusive=True)
    assert sum(sizes) == len(sitemap_entries(client)) == live_public.count() == 5 + 4
    assert client.get("/sitemap-posts.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


@pytest.mark.django_db
def test_sitemap_pages_are_cached_until_a_page_is_published(client, blog, committed):
    shown = make_post(blog, "First post", days_ago=2)
    assert "/blog/first-post/" in {path_of(loc) for loc in sitemap_entries(client)}
    later = make_post(blog, "Later post", live=False)
    with CaptureQueriesContext(connection) as captured:
        cached = sitemap_entries(client)
    assert not [query for query in captured if "wagtailcore_page" in query["sql"]]
    assert "/blog/later-post/" not in {path_of(loc) for loc in cached}
    with committed():
        later.save_revision().publish()
    assert {"/blog/first-post/", "/blog/later-post/"} <= {
        path_of(loc) for loc in sitemap_entries(client)
    }
    assert shown.live
