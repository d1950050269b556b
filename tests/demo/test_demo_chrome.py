"""load_demo sets up the chrome once (settings, menus, featured posts) and leaves admins'
later edits alone."""

import pytest
from django.core.management import call_command

from home.models import HomePage, Menu, MenuItem, SiteSettings


@pytest.mark.django_db
def test_load_demo_fills_settings_menus_and_featured_posts_once(client):
    call_command("load_demo", posts=12)
    site_settings = SiteSettings.objects.get()
    assert site_settings.disclaimer and site_settings.privacy_page.slug == "privacy"
    assert [m.role for m in site_settings.editorial_team.all()] == [
        "Editor",
        "Deputy editor",
        "Commissioning editor",
    ]
    assert set(Menu.objects.values_list("slot", flat=True)) == {Menu.HEADER, Menu.FOOTER}
    home = HomePage.objects.get()
    assert home.featured_posts.count() == 3

    site_settings.disclaimer = "<p>Edited by an admin.</p>"
    site_settings.save()
    counts = (MenuItem.objects.count(), home.featured_posts.count())
    call_command("load_demo", posts=12)
    assert SiteSettings.objects.get().disclaimer == "<p>Edited by an admin.</p>"
    assert (MenuItem.objects.count(), home.featured_posts.count()) == counts

    html = client.get("/").content.decode()
    assert "Edited by an admin." in html
    assert 'aria-label="Main"' in html and 'aria-current="page">Home</a>' in html
    assert '<a href="/blog/tags/">Topics</a>' in html
