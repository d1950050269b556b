"""Anonymous pages may be stored by a shared cache; anything personal may not."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/blog/", "/about/", "/subscribe/"])
def test_anonymous_pages_are_publicly_cacheable_and_set_no_cookies(client, site_tree, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert b"csrfmiddlewaretoken" not in response.content


@pytest.mark.django_db
def test_logged_in_pages_are_private(client, site_tree, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    response = client.get("/blog/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
