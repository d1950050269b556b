"""The sidebar subscribe box: on every page, so it must cost no queries once warm."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Site

from newsletter.models import SubscribePage

pytestmark = pytest.mark.django_db

BOX = Template("{% load newsletter_tags %}{% subscribe_box %}")


def render_box(path="/about/"):
    request = RequestFactory().get(path)
    Site.find_for_request(request)  # every page resolves its site before the sidebar
    return request, BOX.render(Context({"request": request}))


def test_box_costs_no_queries_once_warm(site_tree, django_assert_num_queries):
    render_box()
    request = RequestFactory().get("/blog/")
    site = Site.find_for_request(request)
    # A real page has the site settings loaded by the chrome already; so does this request.
    from wagtail.contrib.settings.registry import registry

    model = registry.get_by_natural_key("home", "SiteSettings")
    if model is not None:
        model.for_request(request)
    assert site is not None
    # Measured: 0 queries; the page URLs are cached until a page is published or moved.
    with django_assert_num_queries(0):
        html = BOX.render(Context({"request": request}))
    assert 'action="/subscribe/signup/"' in html
    assert 'href="/subscribe/"' in html
    assert 'name="source" value="/blog/"' in html


def test_box_follows_the_subscribe_page_when_its_slug_changes(site_tree):
    render_box()
    page = site_tree["subscribe"]
    page.slug = "email-updates"
    page.save_revision().publish()
    _request, html = render_box()
    assert 'href="/email-updates/"' in html
    assert 'action="/subscribe/signup/"' in html


def test_box_disappears_when_the_subscribe_page_is_unpublished(site_tree):
    render_box()
    site_tree["subscribe"].unpublish()
    _request, html = render_box()
    assert "subscribe-form" not in html


def test_box_links_to_the_email_updates_page_chosen_in_the_settings(site_tree, site):
    from tests.factories import make_site_settings

    weekly = SubscribePage(title="Weekly email", slug="weekly")
    site_tree["home"].add_child(instance=weekly)
    make_site_settings(site, email_updates_page=weekly)
    _request, html = render_box()
    assert 'href="/weekly/"' in html
    assert 'action="/subscribe/signup/"' in html

    weekly.unpublish()  # a chosen page that is no longer live gives way to the first one
    _request, html = render_box()
    assert 'href="/subscribe/"' in html
    assert 'href="/weekly/"' not in html
    assert 'action="/subscribe/signup/"' in html


def test_follow_links_stay_without_a_subscribe_page(site_tree):
    site_tree["subscribe"].unpublish()
    _request, html = render_box()
    assert "subscribe-form" not in html
    assert "Follow the blog" in html
    assert 'href="/blog/feed/"' in html


def test_rss_link_goes_when_the_settings_turn_it_off(site_tree, site):
    from tests.factories import make_site_settings

    make_site_settings(site, rss_enabled=False)
    _request, html = render_box()
    assert "/blog/feed/" not in html
