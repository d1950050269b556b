"""Settings and menus edited through Wagtail's own admin views: who may, and what readers see
on the very next request (issue 5, must-show 1 and 3)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import Menu, SiteSettings
from tests.factories import make_menu, make_site_settings


def user_in(django_user_model, group_name):
    user = django_user_model.objects.create_user(
        group_name.lower().replace(" ", "-"), password="pw"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def settings_form(disclaimer, **fields):
    data = {
        "welcome_title": "",
        "welcome_text": rich_text(""),
        "editorial_team": inline_formset([]),
        "rss_enabled": "on",
        "email_updates_page": "",
        "facebook_url": "",
        "x_url": "",
        "mastodon_url": "",
        "bluesky_url": "",
        "linkedin_url": "",
        "disclaimer": rich_text(disclaimer),
        "privacy_page": "",
        "copyright_line": "",
    }
    data.update(fields)
    return nested_form_data(data)


def menu_form(site, slot, items):
    rows = [{"link_page": "", "link_url": "", "label": "", **item} for item in items]
    return nested_form_data({"slot": slot, "site": site.pk, "items": inline_formset(rows)})


def settings_url(site):
    return reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])


def refused(response):
    """Wagtail answers a permission error with a 403 or a redirect away with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/admin/settings/" not in response["Location"]
    )


@pytest.mark.django_db
def test_the_three_groups_exist_with_admin_access():
    for name in ("Site managers", "Editors", "Contributors"):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists(), name
    managers = Group.objects.get(name="Site managers")
    assert managers.permissions.filter(codename="change_sitesettings").exists()
    assert managers.permissions.filter(codename="change_menu").exists()
    for name in ("Editors", "Contributors"):
        codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert not codenames & {"change_sitesettings", "add_menu", "change_menu", "delete_menu"}


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", ["Editors", "Contributors"])
def test_editors_and_contributors_cannot_edit_settings(client, site, django_user_model, group_name):
    make_site_settings(site, disclaimer="<p>Original.</p>")
    client.force_login(user_in(django_user_model, group_name))
    assert client.get("/admin/").status_code == 200  # they are admin users...
    assert refused(client.get(settings_url(site)))  # ...but not for settings
    assert refused(client.post(settings_url(site), settings_form("<p>Hacked.</p>")))
    assert SiteSettings.objects.get(site=site).disclaimer == "<p>Original.</p>"


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", ["Editors", "Contributors"])
def test_editors_and_contributors_cannot_add_or_edit_menus(
    client, site, site_tree, django_user_model, group_name
):
    menu = make_menu(site, Menu.HEADER, [{"link_page": site_tree["blog"]}])
    client.force_login(user_in(django_user_model, group_name))
    edit = reverse("wagtailsnippets_home_menu:edit", args=[menu.pk])
    add = reverse("wagtailsnippets_home_menu:add")
    data = menu_form(site, Menu.HEADER, [{"link_url": "/x/", "label": "Hacked"}])
    for url in (edit, add):
        assert refused(client.get(url)), url
        assert refused(client.post(url, data)), url
    assert not menu.items.filter(label="Hacked").exists()
    assert Menu.objects.count() == 1


@pytest.mark.django_db
def test_site_managers_save_settings_and_every_page_changes_on_the_next_request(
    client, site, site_tree, django_user_model, every_page_url, committed
):
    make_site_settings(site, disclaimer="<p>Old disclaimer.</p>")
    reader = Client()
    for url in every_page_url:  # warm every cache
        assert "Old disclaimer." in reader.get(url).content.decode(), url

    client.force_login(user_in(django_user_model, "Site managers"))
    assert client.get(settings_url(site)).status_code == 200
    with committed():
        response = client.post(
            settings_url(site),
            settings_form(
                "<p>Nothing here is legal advice.</p>",
                privacy_page=site_tree["about"].pk,
                copyright_line="© Fenwick Court",
            ),
        )
    assert response.status_code == 302, response.context["form"].errors
    for url in every_page_url:
        html = reader.get(url).content.decode()
        assert "Nothing here is legal advice." in html, url
        assert "Old disclaimer." not in html, url
        assert '<a href="/about/">Privacy policy</a>' in html, url


@pytest.mark.django_db
def test_site_managers_edit_the_team_through_the_admin(client, site, django_user_model):
    client.force_login(user_in(django_user_model, "Site managers"))
    data = settings_form(
        "",
        welcome_title="Welcome",
        editorial_team=inline_formset(
            [
                {"role": "Editor", "name": "Adam Wagner", "author": ""},
                {"role": "Deputy editor", "name": "", "author": ""},  # no name: refused
            ]
        ),
    )
    response = client.post(settings_url(site), data)
    assert response.status_code == 200  # the form comes back with a message
    assert not SiteSettings.objects.filter(editorial_team__name="Adam Wagner").exists()
    data["editorial_team-1-name"] = "Jo Lee"
    assert client.post(settings_url(site), data).status_code == 302
    html = Client().get("/blog/").content.decode()
    assert html.index("Adam Wagner") < html.index("Jo Lee")


@pytest.mark.django_db
def test_site_managers_edit_a_menu_and_every_page_changes_on_the_next_request(
    client, site, site_tree, django_user_model, every_page_url, committed
):
    menu = make_menu(site, Menu.HEADER, [{"link_page": site_tree["blog"]}])
    reader = Client()
    for url in every_page_url:
        assert '<a href="/about/"' not in reader.get(url).content.decode().split("</header>")[0]

    client.force_login(user_in(django_user_model, "Site managers"))
    edit = reverse("wagtailsnippets_home_menu:edit", args=[menu.pk])
    assert client.get(edit).status_code == 200
    data = menu_form(
        site,
        Menu.HEADER,
        [
            {"link_page": site_tree["blog"].pk, "label": "All posts"},
            {"link_page": site_tree["about"].pk},
        ],
    )
    data["items-0-id"] = menu.items.get().pk
    data["items-INITIAL_FORMS"] = 1
    with committed():
        response = client.post(edit, data)
    assert response.status_code == 302
    for url in every_page_url:
        header = reader.get(url).content.decode().split("</header>")[0]
        assert ">All posts</a>" in header, url
        assert '<a href="/about/"' in header, url


@pytest.mark.django_db
def test_site_managers_create_the_footer_menu(client, site, site_tree, django_user_model):
    client.force_login(user_in(django_user_model, "Site managers"))
    add = reverse("wagtailsnippets_home_menu:add")
    data = menu_form(site, Menu.FOOTER, [{"link_url": "/blog/feed/", "label": "RSS feed"}])
    assert client.post(add, data).status_code == 302
    html = Client().get("/about/").content.decode()
    assert '<a href="/blog/feed/">RSS feed</a>' in html.split('<footer class="site-footer">')[1]
    # A second footer menu for the same site is refused with a message, not a 500.
    response = client.post(add, data)
    assert response.status_code == 200
    assert Menu.objects.filter(slot=Menu.FOOTER).count() == 1


@pytest.mark.django_db
def test_a_menu_item_must_link_somewhere(client, site, django_user_model):
    client.force_login(user_in(django_user_model, "Site managers"))
    add = reverse("wagtailsnippets_home_menu:add")
    response = client.post(add, menu_form(site, Menu.HEADER, [{"label": "Nowhere"}]))
    assert response.status_code == 200
    assert not Menu.objects.exists()


@pytest.mark.django_db
def test_site_managers_see_menus_and_settings_in_the_admin(
    client, site, site_tree, django_user_model
):
    make_menu(site, Menu.HEADER, [{"link_page": site_tree["blog"]}])
    client.force_login(user_in(django_user_model, "Site managers"))
    listing = client.get(reverse("wagtailsnippets_home_menu:list"))
    assert listing.status_code == 200 and "Header menu" in listing.content.decode()
    redirect = client.get(reverse("wagtailsettings:edit", args=["home", "sitesettings"]))
    assert redirect.status_code == 302 and redirect["Location"] == settings_url(site)
