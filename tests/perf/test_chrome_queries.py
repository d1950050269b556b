"""Query budget of the site chrome (settings plus both menus): at most 3 queries when the
cache is cold, none when warm, whatever the number of menu items or team members.

Measured (SQLite and PostgreSQL): cold load 3 queries (settings with the privacy page, the
email-updates page and the blog's address; the team with authors; both menus' items with
their pages); warm load 0; a page's total is the same with 2 or 60 menu items. Whole pages
when written (cold/warm chrome): "/" and "/blog/" 14/11, "/about/" 9/6.
"""

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from home.chrome import chrome_for_request
from home.models import Menu
from tests.factories import make_author, make_menu, make_post, make_site_settings
from tests.support import count_queries


def build_chrome_data(site, site_tree, items, team):
    targets = [site_tree["blog"], site_tree["about"], site_tree["subscribe"]]
    make_menu(
        site,
        Menu.HEADER,
        [
            {"link_page": targets[n % 3], "is_child": n % 4 != 0}
            if n % 2
            else {"link_url": f"/blog/tag/t{n}/", "label": f"Topic {n}", "is_child": n % 4 != 0}
            for n in range(items)
        ],
    )
    make_menu(site, Menu.FOOTER, [{"link_page": targets[n % 3]} for n in range(items)])
    authors = [make_author(f"Author {items}-{n}") for n in range(team)]
    make_site_settings(
        site,
        welcome_title="Welcome",
        disclaimer="<p>Not legal advice.</p>",
        privacy_page=site_tree["about"],
        email_updates_page=site_tree["subscribe"],
        team=[{"role": "Editor", "author": author} for author in authors],
    )


def chrome_request(rf):
    request = rf.get("/blog/")
    Site.find_for_request(request)  # done by Wagtail's routing before any template runs
    Site.get_site_root_paths()  # likewise cached by Wagtail for every page URL
    return request


def load_chrome(request):
    chrome = chrome_for_request(request)
    chrome_for_request(request)  # a second use in the same request is free
    return chrome


@pytest.mark.django_db
@pytest.mark.parametrize("items, team", [(2, 1), (60, 12)])
def test_cold_chrome_costs_three_queries_and_warm_costs_none(
    rf, site, site_tree, items, team, django_assert_num_queries
):
    build_chrome_data(site, site_tree, items, team)
    cache.clear()
    request = chrome_request(rf)
    # settings (+ privacy, email-updates page, blog address), team, menus
    with django_assert_num_queries(3):
        chrome = load_chrome(request)
    assert len(chrome.team) == team
    assert chrome.header_links and chrome.footer_links
    request = chrome_request(rf)
    with django_assert_num_queries(0):
        load_chrome(request)


def page_queries(url):
    count, response = count_queries(Client().get, url)
    assert response.status_code == 200
    return count


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/blog/", "/about/"])
def test_page_pays_at_most_three_queries_for_the_chrome_whatever_its_size(site, site_tree, url):
    make_post(site_tree["blog"], "A post")
    counts = {}
    for size in (2, 60):
        build_chrome_data(site, site_tree, size, size // 5 + 1)
        page_queries(url)  # warm Wagtail's own caches and the chrome
        warm = page_queries(url)
        cache.delete(f"home.chrome.v1.{site.pk}")
        cold = page_queries(url)
        assert cold - warm <= 3, (size, cold, warm)
        counts[size] = (cold, warm)
        Menu.objects.all().delete()
    assert counts[2] == counts[60], counts
