"""Site settings on every page: welcome box, editorial team, social links, disclaimer footer,
privacy link and copyright line (issue 5)."""

import pytest
from wagtail.models import Site

from home.models import Menu, SiteSettings
from tests.factories import make_author, make_menu, make_site_settings


@pytest.mark.django_db
def test_disclaimer_privacy_link_and_copyright_are_in_every_pages_footer(
    client, site, site_tree, every_page_url
):
    make_site_settings(
        site,
        disclaimer="<p>Nothing here is <b>legal advice</b>.</p>",
        privacy_page=site_tree["about"],
        copyright_line="© 2026 Fenwick Court Chambers",
    )
    for url in every_page_url:
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert "Nothing here is <b>legal advice</b>." in footer, url
        assert '<a href="/about/">Privacy policy</a>' in footer, url
        assert "© 2026 Fenwick Court Chambers" in footer, url


@pytest.mark.django_db
def test_without_settings_pages_render_defaults_and_write_nothing(client, site):
    response = client.get("/")
    assert response.status_code == 200
    assert "&copy; Test Blog" in response.content.decode()
    assert "Privacy policy" not in response.content.decode()
    # A reader's GET must not create the settings row.
    assert not SiteSettings.objects.exists()


@pytest.mark.django_db
def test_unpublished_privacy_page_is_not_linked(client, site, site_tree):
    make_site_settings(site, privacy_page=site_tree["about"])
    site_tree["about"].unpublish()
    response = client.get("/blog/")
    assert response.status_code == 200
    assert "Privacy policy" not in response.content.decode()


@pytest.mark.django_db
def test_welcome_box_shows_title_text_and_team_in_order_with_author_links(client, site, site_tree):
    author = make_author("Rosalind English", role="Barrister")
    make_site_settings(
        site,
        welcome_title="Welcome to the blog",
        welcome_text="<p>Run by the barristers of Fenwick Court.</p>",
        team=[
            {"role": "Editor", "author": author},
            {"role": "Commissioning editor", "name": "Adam Wagner"},
        ],
    )
    html = client.get("/blog/").content.decode()
    box = html[html.index('class="welcome-box"') :]
    box = box[: box.index("</section>")]
    assert "Welcome to the blog</h2>" in box
    assert "<p>Run by the barristers of Fenwick Court.</p>" in box
    assert '<a href="/blog/author/rosalind-english/">Rosalind English</a>' in box
    assert box.index("Rosalind English") < box.index("Adam Wagner")
    assert "Commissioning editor" in box


@pytest.mark.django_db
def test_home_page_shows_the_welcome_box_in_its_main_column_only(client, site, site_tree):
    make_site_settings(site, welcome_title="Who we are")
    html = client.get("/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "Who we are</h2>" in main
    assert html.count("Who we are</h2>") == 1


@pytest.mark.django_db
def test_team_member_needs_a_name_or_an_author(site):
    from django.core.exceptions import ValidationError

    from home.models import EditorialTeamMember

    with pytest.raises(ValidationError):
        EditorialTeamMember(role="Editor").clean()


@pytest.mark.django_db
def test_only_filled_social_links_are_offered(client, site):
    site_settings = make_site_settings(
        site, mastodon_url="https://mastodon.social/@rights", linkedin_url=""
    )
    assert site_settings.social_links == [
        {"network": "Mastodon", "url": "https://mastodon.social/@rights"}
    ]
    html = client.get("/blog/").content.decode()
    assert "https://mastodon.social/@rights" in html
    assert "linkedin.com" not in html and "facebook.com" not in html


@pytest.mark.django_db
def test_template_setting_proxy_uses_the_cached_chrome(client, site, rf):
    """`settings.home.SiteSettings` (used by other boxes) is the chrome's instance."""
    from home.chrome import chrome_for_request

    make_site_settings(site, rss_enabled=False, x_url="https://x.com/rights")
    request = rf.get("/")
    chrome = chrome_for_request(request)  # the header renders first on every page
    assert SiteSettings.for_request(request) is chrome.settings
    assert SiteSettings.for_request(request).x_url == "https://x.com/rights"
    assert SiteSettings.for_request(request).rss_enabled is False


@pytest.mark.django_db
def test_settings_preview_renders_unsaved_changes_only_in_the_preview(
    client, site, django_user_model
):
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    make_site_settings(site, disclaimer="<p>Old disclaimer.</p>")
    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(admin)
    url = reverse("wagtailsettings:preview_on_edit", args=["home", "sitesettings", site.pk])
    data = nested_form_data(
        {
            "welcome_title": "",
            "welcome_text": rich_text(""),
            "editorial_team": inline_formset([]),
            "rss_enabled": "on",
            "disclaimer": rich_text("<p>Draft disclaimer.</p>"),
            "copyright_line": "",
        }
    )
    assert client.post(url, data).json()["is_valid"] is True
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Draft disclaimer." in preview.content.decode()
    client.logout()
    live = client.get("/").content.decode()
    assert "Old disclaimer." in live and "Draft disclaimer." not in live


@pytest.mark.django_db
def test_renaming_a_team_author_shows_on_the_next_request(client, site, committed):
    author = make_author("Old Name")
    make_site_settings(site, welcome_title="Welcome", team=[{"role": "Editor", "author": author}])
    assert "Old Name" in client.get("/blog/").content.decode()  # now cached
    author.name = "New Name"
    with committed():
        author.save()
    html = client.get("/blog/").content.decode()
    assert "New Name" in html and "Old Name" not in html


@pytest.mark.django_db
def test_pages_with_the_chrome_stay_publicly_cacheable(client, site, site_tree, every_page_url):
    """The chrome is per site, never per visitor: no cookie, no CSRF token, public caching."""
    make_site_settings(site, welcome_title="Welcome", disclaimer="<p>Not advice.</p>")
    make_menu(site, Menu.HEADER, [{"link_page": site_tree["blog"]}])
    for url in every_page_url:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "public" in response["Cache-Control"], url
        assert b"csrfmiddlewaretoken" not in response.content, url


@pytest.mark.django_db
def test_each_wagtail_site_has_its_own_settings_and_menus(client, site, site_tree):
    from wagtail.models import Page

    from home.models import StandardPage

    other_root = Page.get_first_root_node().add_child(
        instance=StandardPage(title="Other blog", slug="other-root")
    )
    other = Site.objects.create(hostname="other.example", port=80, root_page=other_root)
    make_site_settings(site, disclaimer="<p>Main site disclaimer.</p>")
    make_site_settings(other, disclaimer="<p>Other site disclaimer.</p>")
    make_menu(site, Menu.HEADER, [{"link_url": "/main-only/", "label": "Main only"}])
    make_menu(other, Menu.HEADER, [{"link_url": "/other-only/", "label": "Other only"}])
    main_html = client.get("/about/").content.decode()
    other_html = client.get("/", HTTP_HOST="other.example").content.decode()
    assert "Main site disclaimer." in main_html and "Main only" in main_html
    assert "Other site disclaimer." in other_html and "Other only" in other_html
    assert "Other" not in main_html.split("<footer")[1] and "Other only" not in main_html
    assert "Main" not in other_html.split("<footer")[1] and "Main only" not in other_html
