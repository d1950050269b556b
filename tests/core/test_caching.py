"""Anonymous pages may be stored by a shared cache; anything personal may not."""

import gzip

import pytest
from django.http import HttpResponse

from core.caching import PublicGZipMiddleware


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


@pytest.mark.django_db
def test_anonymous_pages_are_gzipped_for_clients_that_accept_it(client, site_tree):
    response = client.get("/blog/", headers={"accept-encoding": "gzip, deflate"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert "Cookie" in response["Vary"]
    assert gzip.decompress(response.content).startswith(b"<!doctype html>")


@pytest.mark.django_db
def test_pages_for_one_visitor_are_never_gzipped(admin_client, client, site_tree):
    """BREACH: a response that holds a visitor's secrets (CSRF token, session) stays
    uncompressed, whoever asks: the admin, a logged-in reader, a page setting a cookie."""
    admin = admin_client.get("/admin/", headers={"accept-encoding": "gzip"})
    assert admin.status_code == 200
    assert "Content-Encoding" not in admin
    logged_in = admin_client.get("/blog/", headers={"accept-encoding": "gzip"})
    assert "private" in logged_in["Cache-Control"]
    assert "Content-Encoding" not in logged_in
    login_form = client.get("/admin/login/", headers={"accept-encoding": "gzip"})
    assert login_form.cookies  # the CSRF cookie
    assert "Content-Encoding" not in login_form


def test_gzip_skips_cookies_and_private_responses_whatever_their_headers(rf):
    body = b"<p>" + b"same words " * 100 + b"</p>"
    request = rf.get("/", headers={"accept-encoding": "gzip"})

    def respond(cache_control, cookie=False):
        response = HttpResponse(body)
        response["Cache-Control"] = cache_control
        if cookie:
            response.set_cookie("sessionid", "secret")
        return PublicGZipMiddleware(lambda request: response)(request)

    assert respond("public, max-age=300")["Content-Encoding"] == "gzip"
    assert not respond("public, max-age=300", cookie=True).has_header("Content-Encoding")
    assert not respond("private, no-cache").has_header("Content-Encoding")
    assert not respond("public, no-store").has_header("Content-Encoding")
    assert not respond("max-age=0").has_header("Content-Encoding")
