"""Guessing is throttled: admin sign-in (django-axes) and page passwords, per client network,
refused before any password is checked (issue 15.5)."""

import time
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse
from wagtail.models import PageViewRestriction

from tests.factories import make_post

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.org", "right-one")


def sign_in(client, password, address="203.0.113.9"):
    return client.post(LOGIN, {"username": "chief", "password": password}, REMOTE_ADDR=address)


def test_admin_sign_in_locks_after_the_limit_even_for_the_right_password(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200  # the form, with its error
    assert sign_in(client, "wrong").status_code == 429  # the last allowed failure locks
    locked = sign_in(client, "right-one")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another network is not affected (positive control): the right password works there.
    assert sign_in(client, "right-one", address="198.51.100.7").status_code == 302


def test_locked_out_guesses_hash_no_password(client, staff, settings):
    """Each hash costs real CPU; once locked, a flood of guesses must cost none."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    with mock.patch.object(MD5PasswordHasher, "verify", side_effect=AssertionError) as verify:
        for _ in range(20):
            assert sign_in(client, "wrong").status_code == 429
    verify.assert_not_called()


def test_thirty_wrong_page_passwords_then_the_right_one_is_refused(client, blog, settings):
    post = make_post(blog, "Members only", private=True)
    restriction = PageViewRestriction.objects.get(page=post)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, post.pk])
    statuses = [
        client.post(url, {"password": f"guess-{n}", "return_url": post.url}).status_code
        for n in range(30)
    ]
    limit = settings.PAGE_PASSWORD_ATTEMPTS
    assert statuses[:limit] == [200] * limit  # the form again, with its error
    assert set(statuses[limit:]) == {429}
    refused = client.post(url, {"password": "secret", "return_url": post.url})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert (
        client.get(post.url).status_code == 200
        and "Members only" not in client.get(post.url).content.decode().split("<main", 1)[-1][:200]
    )


def test_the_right_page_password_works_within_the_limit(client, blog):
    post = make_post(blog, "Members only", private=True)
    restriction = PageViewRestriction.objects.get(page=post)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, post.pk])
    client.post(url, {"password": "wrong", "return_url": post.url})
    response = client.post(url, {"password": "secret", "return_url": post.url})
    assert response.status_code == 302
    assert "Body of Members only" in client.get(post.url).content.decode()


def test_the_count_expires_with_its_window(client, blog, settings):
    settings.PAGE_PASSWORD_ATTEMPTS = 2
    settings.PAGE_PASSWORD_WINDOW_SECONDS = 1
    post = make_post(blog, "Members only", private=True)
    restriction = PageViewRestriction.objects.get(page=post)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, post.pk])
    for _ in range(2):
        client.post(url, {"password": "wrong", "return_url": post.url})
    assert client.post(url, {"password": "secret", "return_url": post.url}).status_code == 429
    time.sleep(1.2)
    assert client.post(url, {"password": "secret", "return_url": post.url}).status_code == 302


def test_a_count_keeps_its_window_on_the_file_cache(settings, tmp_path, rf):
    """The file cache's incr() stores the count again with the default timeout; the window
    must survive it (here the default is 1 s and the window a minute)."""
    from django.core.cache import cache

    from core import throttle

    settings.CACHES = {
        "default": {
            "BACKEND": "core.file_cache.SoftFileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
            "TIMEOUT": 1,
        }
    }
    request = rf.get("/", REMOTE_ADDR="203.0.113.5")
    assert throttle.count_attempt("test", request, 60) == 1
    assert throttle.count_attempt("test", request, 60) == 2
    time.sleep(1.3)
    assert throttle.count_attempt("test", request, 60) == 3
    cache.clear()


def test_ipv4_mapped_addresses_count_as_their_ipv4_client(rf):
    from core.client_ip import client_network

    mapped = rf.get("/", REMOTE_ADDR="::ffff:203.0.113.9")
    other = rf.get("/", REMOTE_ADDR="::ffff:198.51.100.7")
    assert client_network(mapped) == "203.0.113.9"
    assert client_network(mapped) != client_network(other)
    assert client_network(rf.get("/", REMOTE_ADDR="2001:db8::1")) == "2001:db8::/64"


def test_sign_in_records_hold_a_real_address_or_none(rf):
    """django-axes stores the address in an IP column (PostgreSQL's inet refuses anything
    else); a request without one, such as Django's test login, records none."""
    from django.http import HttpRequest

    from core.client_ip import client_address

    assert client_address(rf.get("/", REMOTE_ADDR="2001:db8::1:2")) == "2001:db8::"
    assert client_address(rf.get("/", REMOTE_ADDR="::ffff:203.0.113.9")) == "203.0.113.9"
    assert client_address(HttpRequest()) is None


def test_signing_in_to_ones_own_account_does_not_reset_the_count(
    client, staff, django_user_model, settings
):
    django_user_model.objects.create_superuser("mine", "mine@example.org", "my-own")
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        sign_in(client, "wrong")
    mine = client.post(LOGIN, {"username": "mine", "password": "my-own"}, REMOTE_ADDR="203.0.113.9")
    assert mine.status_code == 302
    client.logout()
    assert sign_in(client, "wrong").status_code == 200  # failure limit - 1
    assert sign_in(client, "wrong").status_code == 429  # the count went on
