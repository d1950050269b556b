"""Header and footer menus: internal links follow renames and moves, dead items disappear,
one level of children, aria-current on the current section, and a menu that works without
JavaScript (issue 5)."""

import re

import pytest
from django.core.exceptions import ValidationError

from home.models import Menu, MenuItem
from home.models.menus import validate_link_url
from tests.factories import make_menu, make_post


def nav_html(html, label):
    match = re.search(rf'<nav[^>]*aria-label="{label}"[^>]*>(.*?)</nav>', html, re.S)
    return match.group(1) if match else ""


@pytest.mark.django_db
def test_header_menu_lists_pages_with_their_titles_and_external_links(client, site, site_tree):
    make_menu(
        site,
        Menu.HEADER,
        [
            {"link_page": site_tree["blog"]},
            {"link_page": site_tree["about"], "label": "Who we are"},
            {"link_url": "https://www.judiciary.uk/", "label": "Judgments"},
            {"link_url": "/blog/tags/", "label": "Topics"},
        ],
    )
    nav = nav_html(client.get("/").content.decode(), "Main")
    labels = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    assert labels == [
        ("/blog/", "Blog"),
        ("/about/", "Who we are"),
        ("https://www.judiciary.uk/", "Judgments"),
        ("/blog/tags/", "Topics"),
    ]


@pytest.mark.django_db
def test_internal_item_follows_a_rename_and_a_move(client, site, site_tree, committed):
    about = site_tree["about"]
    make_menu(site, Menu.HEADER, [{"link_page": about}])
    assert '<a href="/about/">About</a>' in client.get("/blog/").content.decode()

    about.title = "About the chambers"
    about.slug = "chambers"
    with committed():
        about.save_revision().publish()
    response = client.get("/blog/")
    assert response.status_code == 200
    assert '<a href="/chambers/">About the chambers</a>' in response.content.decode()

    parent = site_tree["home"].add_child(instance=type(about)(title="Info", slug="info"))
    about.refresh_from_db()
    with committed():
        about.move(parent, pos="last-child")
    response = client.get("/blog/")
    assert response.status_code == 200
    assert '<a href="/info/chambers/">About the chambers</a>' in response.content.decode()


@pytest.mark.django_db
def test_deleted_or_unpublished_page_hides_its_item_and_its_children(
    client, site, site_tree, committed
):
    post = make_post(site_tree["blog"], "Gone soon")
    make_menu(
        site,
        Menu.HEADER,
        [
            {"link_page": site_tree["about"]},
            {"link_page": site_tree["subscribe"], "is_child": True},
            {"link_page": post},
            {"link_page": site_tree["blog"]},
        ],
    )
    nav = nav_html(client.get("/blog/").content.decode(), "Main")  # now cached
    assert re.findall(r">([^<]+)</a>", nav) == ["About", "Subscribe", "Gone soon", "Blog"]
    with committed():
        site_tree["about"].unpublish()
        post.delete()
    response = client.get("/blog/")
    assert response.status_code == 200
    nav = nav_html(response.content.decode(), "Main")
    assert re.findall(r">([^<]+)</a>", nav) == ["Blog"]
    # The dead item stays in the admin (emptied), asking the editor to fix it.
    assert MenuItem.objects.filter(link_page__isnull=True).count() == 1


@pytest.mark.django_db
def test_sub_items_nest_one_level_under_the_item_above(client, site, site_tree):
    make_menu(
        site,
        Menu.HEADER,
        [
            {"link_page": site_tree["subscribe"], "is_child": True},  # nothing above: top level
            {"link_page": site_tree["blog"]},
            {"link_url": "/blog/tags/", "label": "Topics", "is_child": True},
            {"link_url": "/blog/2025/", "label": "2025", "is_child": True},
            {"link_page": site_tree["about"]},
        ],
    )
    nav = nav_html(client.get("/").content.decode(), "Main")
    top = re.findall(r'<li class="site-nav__item[^"]*">\s*<a[^>]*>([^<]+)</a>', nav)
    assert top == ["Subscribe", "Blog", "About"]
    sub = re.search(r'<ul class="site-nav__sub">(.*?)</ul>', nav, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", sub) == ["Topics", "2025"]


@pytest.mark.django_db
def test_current_page_and_section_are_marked_with_aria_current(client, site, site_tree):
    post = make_post(site_tree["blog"], "A judgment")
    make_menu(
        site,
        Menu.HEADER,
        [
            {"link_page": site_tree["home"], "label": "Home"},
            {"link_page": site_tree["blog"]},
            {"link_page": site_tree["about"]},
        ],
    )
    nav = nav_html(client.get(post.url).content.decode(), "Main")
    assert '<a href="/blog/" aria-current="true">Blog</a>' in nav
    assert '<a href="/" aria-current' not in nav
    assert '<a href="/about/">About</a>' in nav

    nav = nav_html(client.get("/blog/").content.decode(), "Main")
    assert '<a href="/blog/" aria-current="page">Blog</a>' in nav
    nav = nav_html(client.get("/").content.decode(), "Main")
    assert '<a href="/" aria-current="page">Home</a>' in nav
    assert nav.count("aria-current") == 1


@pytest.mark.django_db
def test_menu_works_without_javascript(client, site, site_tree):
    """No toggle button in the HTML (menu.js adds it), so without JS the list just shows."""
    make_menu(site, Menu.HEADER, [{"link_page": site_tree["blog"]}])
    html = client.get("/").content.decode()
    nav = nav_html(html, "Main")
    assert "<button" not in nav and "hidden" not in nav
    assert '<ul id="site-menu"' in nav
    assert "/static/js/menu.js" in html
    assert client.get("/static/js/menu.js").status_code == 200


@pytest.mark.django_db
def test_footer_menu_is_rendered_separately(client, site, site_tree):
    make_menu(site, Menu.HEADER, [{"link_page": site_tree["blog"]}])
    make_menu(site, Menu.FOOTER, [{"link_page": site_tree["about"], "label": "About us"}])
    html = client.get("/subscribe/").content.decode()
    assert "About us" in nav_html(html, "Footer")
    assert "About us" not in nav_html(html, "Main")


@pytest.mark.django_db
def test_no_menu_means_no_empty_nav(client, site):
    html = client.get("/").content.decode()
    assert 'aria-label="Main"' not in html and 'aria-label="Footer"' not in html


@pytest.mark.django_db
def test_item_validation_needs_exactly_one_target_and_a_label_for_addresses(site_tree):
    with pytest.raises(ValidationError):
        MenuItem().clean()
    with pytest.raises(ValidationError):
        MenuItem(link_page=site_tree["about"], link_url="https://example.org").clean()
    with pytest.raises(ValidationError):
        MenuItem(link_url="https://example.org").clean()
    MenuItem(link_url="https://example.org", label="Example").clean()
    MenuItem(link_page=site_tree["about"]).clean()


@pytest.mark.parametrize("value", ["javascript:alert(1)", "//evil.example", "ftp://x.org", "x"])
def test_link_addresses_must_be_http_or_a_site_path(value):
    with pytest.raises(ValidationError):
        validate_link_url(value)


def test_site_paths_and_web_addresses_are_accepted():
    validate_link_url("/blog/tags/")
    validate_link_url("https://www.judiciary.uk/judgments/")


@pytest.mark.django_db
def test_menu_preview_shows_the_unsaved_menu_only_in_the_preview(
    client, site, site_tree, django_user_model
):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    menu = make_menu(site, Menu.HEADER, [{"link_page": site_tree["blog"]}])
    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(admin)
    url = reverse("wagtailsnippets_home_menu:preview_on_edit", args=[menu.pk])
    data = nested_form_data(
        {
            "slot": Menu.HEADER,
            "site": site.pk,
            "items": inline_formset(
                [{"link_page": "", "link_url": "/blog/tags/", "label": "Draft topics"}]
            ),
        }
    )
    assert client.post(url, data).json()["is_valid"] is True
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Draft topics" in nav_html(preview.content.decode(), "Main")
    client.logout()
    live = client.get("/").content.decode()
    assert "Draft topics" not in live
    assert 'href="/blog/"' in nav_html(live, "Main")  # readers see the saved menu


@pytest.mark.django_db
def test_items_for_pages_readers_cannot_see_are_hidden(client, site, site_tree):
    """Menus use the one visibility rule (live and public): a private page, a draft and a
    scheduled post stay out of the menu; a public live post beside them is shown."""
    blog = site_tree["blog"]
    public = make_post(blog, "Open post")
    private = make_post(blog, "Members only", private=True)
    draft = make_post(blog, "Unfinished", live=False)
    scheduled = make_post(blog, "Tomorrow's post", days_ago=-1)
    make_menu(
        site, Menu.HEADER, [{"link_page": page} for page in (public, private, draft, scheduled)]
    )
    nav = nav_html(client.get("/").content.decode(), "Main")
    assert "Open post" in nav
    for hidden in ("Members only", "Unfinished", "Tomorrow"):
        assert hidden not in nav
