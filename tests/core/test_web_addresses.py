"""Addresses stored outside forms (imports, the shell) never render as script links."""

import re

import pytest
from django.core.exceptions import ValidationError

from core.web_addresses import is_web_address
from tests.factories import make_author, make_post

HOSTILE = ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.org/"]


@pytest.mark.parametrize("value", HOSTILE + ["", "//evil.example/", "/local/path"])
def test_only_http_addresses_are_web_addresses(value):
    assert not is_web_address(value)


@pytest.mark.parametrize("value", ["https://www.bailii.org/", "http://example.org/a?b=c"])
def test_http_addresses_are(value):
    assert is_web_address(value)


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE[:3])
def test_stored_hostile_addresses_render_as_no_link(client, blog, hostile):
    author = make_author("Ada Barrister")
    author.link = hostile
    author.save()
    body = [
        {
            "type": "quotation",
            "value": {"text": "Be just.", "attribution": "A judge", "source_url": hostile},
        },
        {"type": "embed", "value": {"url": hostile, "caption": "A hearing"}},
    ]
    post = make_post(blog, "Quoted", body=body, authors=[author])
    for url in (post.url, f"/blog/author/{author.slug}/"):
        html = client.get(url).content.decode().lower()
        scheme = hostile.strip().split(":")[0].lower()
        assert not re.search(rf'(href|cite)="\s*{scheme}:', html), url
    html = client.get(post.url).content.decode()
    assert "Be just." in html and "A hearing" in html  # the content itself still shows


@pytest.mark.django_db
def test_good_addresses_still_link(client, blog):
    author = make_author("Ada Barrister")
    author.link = "https://chambers.example/ada"
    author.save()
    body = [
        {
            "type": "quotation",
            "value": {
                "text": "Be just.",
                "attribution": "A judge",
                "source_url": "https://x.org/j",
            },
        }
    ]
    post = make_post(blog, "Quoted", body=body, authors=[author])
    assert 'href="https://x.org/j"' in client.get(post.url).content.decode()
    author_page = client.get(f"/blog/author/{author.slug}/").content.decode()
    assert 'href="https://chambers.example/ada"' in author_page


@pytest.mark.django_db
def test_author_model_refuses_a_non_web_link():
    author = make_author("Ada Barrister")
    author.link = "ftp://files.example/"
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert "link" in error.value.message_dict
