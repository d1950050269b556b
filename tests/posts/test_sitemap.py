"""sitemap.xml lists every live public page with its last change, and nothing else;
robots.txt points to it and keeps crawlers out of the admin and search results."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import StandardPage
from tests.factories import make_due, make_post

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.find("s:loc", NS).text: getattr(url.find("s:lastmod", NS), "text", None)
        for url in root.findall("s:url", NS)
    }


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
def test_scheduled_post_joins_the_sitemap_once_its_date_comes(client, blog):
    post = make_post(blog, "Soon", date=timezone.now() + datetime.timedelta(hours=1))
    assert "/blog/soon/" not in {path_of(loc) for loc in sitemap_entries(client)}
    make_due(post)
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
