"""Hidden content never leaks (issue 15, Must show 2).

Six kinds of hidden post, each with a word, a topic and a document of its own (and an author,
whose page is public but must not list the post): a
draft, a password-protected post, a login-protected post, a scheduled post, an unpublished post
and a draft revision of a live post. Every reader surface is then read as an anonymous reader,
and none of them may show any of it; a public post beside them is the positive control.
"""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import Menu
from tests.factories import (
    make_author,
    make_document,
    make_menu,
    make_post,
    make_subscribers,
    make_tag,
)
from tests.support import fresh

pytestmark = pytest.mark.django_db

HIDDEN_KINDS = ["draft", "password", "login", "scheduled", "unpublished", "revision"]


def body(word, document):
    return [
        {"type": "paragraph", "value": f"<p>A paragraph about {word} and nothing else.</p>"},
        {"type": "document", "value": {"document": document.pk, "label": f"{word} papers"}},
    ]


def secret_of(kind):
    word = f"zq{kind}word"
    return {
        "word": word,
        "tag": make_tag(f"Zq {kind} topic"),
        "author": make_author(f"Zq {kind} writer"),
        "document": make_document(f"Zq {kind} judgment", f"zqdoc-{kind}.pdf"),
    }


@pytest.fixture
def world(site, site_tree, committed):
    blog = site_tree["blog"]
    secrets = {kind: secret_of(kind) for kind in HIDDEN_KINDS}
    public = secret_of("public")
    now = timezone.now()
    subscribers = make_subscribers(1, confirmed_days_ago=3)
    with committed():
        shown = make_post(
            blog,
            "Zq public post",
            days_ago=1,
            tags=[public["tag"]],
            authors=[public["author"]],
            body=body(public["word"], public["document"]),
        )
        pages = {"public": shown}
        for kind, secret in secrets.items():
            common = {"tags": [secret["tag"]], "authors": [secret["author"]]}
            content = body(secret["word"], secret["document"])
            title = f"Zq {kind} title"
            if kind == "draft":
                page = make_post(blog, title, live=False, body=content, **common)
            elif kind == "password":
                page = make_post(blog, title, private=True, body=content, **common)
            elif kind == "login":
                page = make_post(blog, title, body=content, **common)
                PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.LOGIN
                )
            elif kind == "scheduled":
                page = make_post(blog, title, days_ago=-40, body=content, **common)
            elif kind == "unpublished":
                page = make_post(blog, title, body=content, **common)
                page.unpublish()
            else:  # a live post whose next revision, not yet published, holds the secrets
                page = make_post(blog, "Zq revised post", days_ago=2)
                page = fresh(page)
                page.title = title
                page.body = content
                page.tags.add(secret["tag"])
                page.save_revision()
            pages[kind] = page
        make_menu(site, Menu.HEADER, [{"link_page": page} for page in pages.values()])
    for subscriber in subscribers:
        subscriber.digest_cursor = now - datetime.timedelta(days=3)
        subscriber.save()
    return {"blog": blog, "pages": pages, "secrets": secrets, "public": public}


def secret_strings(secrets):
    for kind, secret in secrets.items():
        yield from (
            secret["word"],
            f"Zq {kind} title",
            secret["tag"].name,
            f"/tag/{secret['tag'].slug}/",
            secret["document"].title,
            f"zqdoc-{kind}",
        )


def reader_urls(world):
    public = world["public"]
    blog = world["blog"].url
    future = timezone.now() + datetime.timedelta(days=40)
    urls = [
        "/",
        blog,
        f"{blog}?page=2",
        f"{blog}tags/",
        f"{blog}feed/",
        f"{blog}feed/atom/",
        f"{blog}{timezone.now():%Y}/",
        f"{blog}{timezone.now():%Y/%m}/",
        f"{blog}{future:%Y}/",
        f"{blog}{future:%Y/%m}/",
        f"{blog}tag/{public['tag'].slug}/",
        f"{blog}tag/{public['tag'].slug}/feed/",
        f"{blog}author/{public['author'].slug}/",
        f"{blog}author/{public['author'].slug}/feed/",
        world["pages"]["public"].url,  # related, previous/next, JSON-LD
        world["pages"]["revision"].url,  # the live version only
        "/sitemap.xml",
        "/sitemap-posts.xml",
        "/sitemap-pages.xml",
        f"/search/?q={public['word']}",
    ]
    for secret in world["secrets"].values():
        urls += [
            f"/search/?q={secret['word']}",
            f"/search/?q={public['word']}&tag={secret['tag'].slug}",
            f"/search/?q=zq&tag={secret['tag'].slug}",
            f"{blog}tag/{secret['tag'].slug}/",
            f"{blog}tag/{secret['tag'].slug}/feed/",
            f"{blog}author/{secret['author'].slug}/",
            f"{blog}author/{secret['author'].slug}/feed/",
        ]
    return urls


def test_no_reader_surface_shows_hidden_posts(client, world):
    leaks = {}
    for url in reader_urls(world):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        text = response.content.decode()
        # What the reader typed comes back (the search box, the 404 page): not a leak.
        asked = url.lower()
        found = [
            s
            for s in secret_strings(world["secrets"])
            if s.lower() in text.lower() and s.lower() not in asked
        ]
        if found:
            leaks[url] = found
    assert leaks == {}

    # Positive controls: the public post is where readers look for it.
    public = world["public"]
    for url in ["/", world["blog"].url, f"{world['blog'].url}feed/", "/sitemap-posts.xml"]:
        assert "zq-public-post" in client.get(url).content.decode(), url
    found = client.get("/search/", {"q": public["word"]}).content.decode()
    assert "Zq public post" in found
    page = client.get(world["pages"]["public"].url).content.decode()
    assert public["document"].title in page or f"{public['word']} papers" in page
    assert "application/ld+json" in page


def test_no_hidden_document_downloads(client, world):
    for kind, secret in world["secrets"].items():
        assert client.get(secret["document"].url).status_code == 404, kind
    assert client.get(world["public"]["document"].url).status_code == 200


def test_the_digest_holds_only_the_public_post(world):
    call_command("send_digest")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.body + "".join(part for part, _ in getattr(message, "alternatives", []))
    assert "Zq public post" in text
    leaked = [s for s in secret_strings(world["secrets"]) if s.lower() in text.lower()]
    # The revised post's live title is fine; its revision's secrets are not.
    assert leaked == []
    assert not re.search(r"zq(draft|password|login|scheduled|unpublished|revision)word", text)
