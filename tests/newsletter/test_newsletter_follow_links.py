"""The subscribe page lists the other ways to follow: the blog's RSS and Atom feeds, its main
topics' feeds and the site's social links, the same for every visitor (cacheable)."""

import re

import pytest

from tests.factories import make_post, make_site_settings, make_tag

pytestmark = pytest.mark.django_db


def follow_section(html):
    match = re.search(r'<section class="subscribe-follow".*?</section>', html, re.S)
    return match and match.group(0)


def test_the_subscribe_page_links_the_feeds_and_the_social_links(client, blog, site, committed):
    housing, crime = make_tag("Housing"), make_tag("Crime")
    make_post(blog, "On housing", tags=[housing])
    make_post(blog, "More housing", tags=[housing])
    make_post(blog, "On crime", tags=[crime])
    make_site_settings(site, mastodon_url="https://law.example/@blog")

    response = client.get("/subscribe/")
    section = follow_section(response.content.decode())
    assert section, "no follow links on the subscribe page"
    assert '<h2 id="subscribe-follow-heading">Other ways to follow</h2>' in section
    assert '<a href="/blog/feed/" type="application/rss+xml">RSS feed of all posts</a>' in section
    assert '<a href="/blog/feed/atom/" type="application/atom+xml">' in section
    # Topic feeds, the most used first, each named for screen readers as a feed.
    topics = re.findall(r'<a href="(/blog/tag/[-\w]+/feed/)"[^>]*>(\w+)<span', section)
    assert topics == [
        (f"/blog/tag/{housing.slug}/feed/", "Housing"),
        (f"/blog/tag/{crime.slug}/feed/", "Crime"),
    ]
    assert '<a href="/blog/tags/">all topics</a>' in section
    assert '<a href="https://law.example/@blog">Mastodon</a>' in section
    # Every link works.
    for url in re.findall(r'href="(/[^"]*)"', section):
        assert client.get(url).status_code == 200, url
    # Nothing per visitor: a shared cache may keep the page.
    assert "Set-Cookie" not in response and "csrfmiddlewaretoken" not in section

    # A new topic appears once the hub reports the change (the list is cached).
    with committed():
        make_post(blog, "On tax", tags=[make_tag("Tax")])
    assert ">Tax<span" in follow_section(client.get("/subscribe/").content.decode())


def test_feeds_are_left_out_when_the_settings_hide_rss(client, blog, site):
    make_post(blog, "A post", tags=[make_tag("Housing")])
    make_site_settings(site, rss_enabled=False, linkedin_url="https://linkedin.example/blog")
    section = follow_section(client.get("/subscribe/").content.decode())
    assert "/feed/" not in section
    assert '<a href="https://linkedin.example/blog">LinkedIn</a>' in section


def test_no_section_without_feeds_or_links(client, site_tree, site):
    make_site_settings(site, rss_enabled=False)
    assert follow_section(client.get("/subscribe/").content.decode()) is None
