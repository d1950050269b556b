"""Every URL pattern that ../shared/DESIGN.md documents answers as it did before the re-layering
(statuses recorded on the code before it, with the same data): readers' bookmarks, feeds, the
importer's redirects and links in e-mails already sent depend on them."""

import datetime
import os

import pytest
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.tokens import confirm_token, unsubscribe_token
from tests.factories import make_author, make_post, make_tag

pytestmark = pytest.mark.django_db

# Recorded with RECORD_DESIGN_URLS=1 on commit aec934f (before the re-layering).
EXPECTED = {
    "/": 200,
    "/?page=2": 200,
    "/blog/": 200,
    "/blog/?page=2": 200,
    "/blog/?page=9": 404,
    "/blog/design-post-1/": 200,
    "/blog/no-such-post/": 404,
    "/blog/tags/": 200,
    "/blog/tag/design-topic/": 200,
    "/blog/tag/design-topic/?page=2": 200,
    "/blog/tag/no-such-topic/": 404,
    "/blog/tag/unused-topic/": 404,
    "/blog/{year}/": 200,
    "/blog/{year}/{month}/": 200,
    "/blog/1999/": 404,
    "/blog/{year}/13/": 404,
    "/blog/author/ada-design/": 200,
    "/blog/author/nobody/": 404,
    "/blog/feed/": 200,
    "/blog/feed/atom/": 200,
    "/blog/tag/design-topic/feed/": 200,
    "/blog/tag/no-such-topic/feed/": 404,
    "/blog/author/ada-design/feed/": 200,
    "/blog/author/nobody/feed/": 404,
    "/subscribe/": 200,
    "/subscribe/confirm/{confirm}/": 200,
    "/subscribe/confirm/not-a-token/": 404,
    "/subscribe/unsubscribe/{unsubscribe}/": 200,
    "/subscribe/unsubscribe/not-a-token/": 404,
    "/about/": 200,
    "/privacy/": 200,
    "/search/?q=design": 200,
    "/search/?q=": 200,
    "/search/?q=design&tag=design-topic": 200,
    "/sitemap.xml": 200,
    "/robots.txt": 200,
    "/admin/": 302,
}


@pytest.fixture
def design_world(site_tree):
    from home.models import StandardPage

    site_tree["home"].add_child(instance=StandardPage(title="Privacy", slug="privacy"))
    tag, author = make_tag("Design topic"), make_author("Ada Design")
    make_tag("Unused topic")
    when = timezone.now() - datetime.timedelta(days=40)
    for number in range(1, 13):
        make_post(
            site_tree["blog"],
            f"Design post {number}",
            tags=[tag],
            authors=[author],
            date=when - datetime.timedelta(hours=number),
        )
    subscriber = Subscriber.objects.create(email="reader@example.org")
    local = timezone.localtime(when)
    return {
        "year": f"{local:%Y}",
        "month": f"{local:%m}",
        "confirm": confirm_token(subscriber),
        "unsubscribe": unsubscribe_token(subscriber),
    }


def test_every_documented_url_answers_as_before(client, design_world):
    statuses = {
        pattern: client.get(pattern.format(**design_world)).status_code for pattern in EXPECTED
    }
    if os.environ.get("RECORD_DESIGN_URLS"):
        print(statuses)
    assert statuses == EXPECTED
