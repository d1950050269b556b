"""The sidebar subscribe box: on every page, so it must cost no queries once warm.

Rendered through the sidebar's include, which passes the site settings from the chrome, as
every page does."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Site

from home.chrome import chrome_for_request
from newsletter.models import SubscribePage
from tests.factories import make_site_settings

pytestmark = pytest.mark.django_db

BOX = Template('{% include "includes/sidebar/subscribe_box.html" %}')
SIGNUP_ACTION = 'action="/subscribe/signup/"'


def render_box(path="/about/"):
    request = RequestFactory().get(path)
    Site.find_for_request(request)  # every page resolves its site before the sidebar
    return request, BOX.render(Context({"request": request}))


def test_box_costs_no_queries_once_warm(site_tree, django_assert_num_queries):
    render_box()
    request = RequestFactory().get("/blog/")
    site = Site.find_for_request(request)
    # A real page has the chrome (with the site settings) loaded already; so does this request.
    chrome_for_request(request)
    assert site is not None
    # Measured: 0 queries; the page URLs are cached until the hub clears them.
    with django_assert_num_queries(0):
        html = BOX.render(Context({"request": request}))
    assert SIGNUP_ACTION in html
    assert 'href="/subscribe/"' in html
    assert 'name="source" value="/blog/"' in html


def test_box_follows_the_subscribe_page_when_its_slug_changes(
    site_tree, django_capture_on_commit_callbacks
):
    _request, html = render_box()
    assert 'href="/subscribe/"' in html
    page = site_tree["subscribe"]
    page.slug = "email-updates"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    _request, html = render_box()
    assert 'href="/email-updates/"' in html
    assert SIGNUP_ACTION in html


def test_box_disappears_when_the_subscribe_page_is_unpublished(
    site_tree, django_capture_on_commit_callbacks
):
    _request, html = render_box()
    assert "subscribe-form" in html
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["subscribe"].unpublish()
    _request, html = render_box()
    assert "subscribe-form" not in html
    assert "Follow the blog" in html  # the rest of the box still renders


def test_box_links_to_the_email_updates_page_chosen_in_the_settings(
    site_tree, site, django_capture_on_commit_callbacks
):
    weekly = SubscribePage(title="Weekly email", slug="weekly")
    site_tree["home"].add_child(instance=weekly)
    make_site_settings(site, email_updates_page=weekly)
    _request, html = render_box()
    assert 'href="/weekly/"' in html
    assert SIGNUP_ACTION in html

    # A chosen page that is no longer live gives way to the first one.
    with django_capture_on_commit_callbacks(execute=True):
        weekly.unpublish()
    _request, html = render_box()
    assert 'href="/subscribe/"' in html
    assert 'href="/weekly/"' not in html
    assert SIGNUP_ACTION in html


def test_follow_links_stay_without_a_subscribe_page(site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["subscribe"].unpublish()
    _request, html = render_box()
    assert "subscribe-form" not in html
    assert "Follow the blog" in html
    assert 'href="/blog/feed/"' in html


def test_rss_link_goes_when_the_settings_turn_it_off(site_tree, site, committed):
    _request, html = render_box()
    assert 'href="/blog/feed/"' in html
    with committed():
        make_site_settings(site, rss_enabled=False)
    _request, html = render_box()
    assert "/blog/feed/" not in html
    assert SIGNUP_ACTION in html


def test_social_links_from_the_settings_are_offered(site_tree, site):
    make_site_settings(site, mastodon_url="https://social.example/@blog")
    _request, html = render_box()
    assert 'href="https://social.example/@blog"' in html
    assert 'href="/blog/feed/"' in html


def test_box_takes_its_defaults_without_a_request(site_tree):
    html = BOX.render(Context({}))
    assert SIGNUP_ACTION in html
    assert 'href="/blog/feed/"' in html
