"""`load_demo`: idempotent, deterministic, and a realistic shape of content."""

from collections import Counter

import pytest
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page

from posts.models import Author, PostPage
from taxonomy.models import Tag


def counts():
    return {
        "pages": Page.objects.count(),
        "posts": PostPage.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
        "images": Image.objects.count(),
        "post_tags": PostPage.tags.through.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_twice_creates_nothing_the_second_time():
    call_command("load_demo", stdout=None)
    first = counts()
    call_command("load_demo")
    assert counts() == first


@pytest.mark.django_db
def test_default_demo_has_the_promised_shape():
    call_command("load_demo")
    assert PostPage.objects.live().count() >= 40
    assert Author.objects.count() >= 6
    assert Tag.objects.count() >= 95
    years = {post.date.year for post in PostPage.objects.all()}
    assert len(years) >= 3
    for slug in ("blog", "subscribe", "about"):
        assert Page.objects.filter(slug=slug, depth=3).exists(), slug
    # Skewed usage: the most used tag is used far more than the median tag.
    usage = Counter(PostPage.tags.through.objects.values_list("tag_id", flat=True))
    ranked = sorted(usage.values(), reverse=True)
    assert ranked[0] >= 5 * ranked[len(ranked) // 2]
    post = PostPage.objects.first()
    block_types = {block.block_type for block in post.body}
    assert {"heading", "paragraph", "image", "quotation"} <= block_types


@pytest.mark.django_db
def test_seed_makes_the_content_deterministic():
    call_command("load_demo", seed=7, posts=12)
    titles = list(PostPage.objects.order_by("-date").values_list("title", "date"))
    PostPage.objects.all().delete()
    call_command("load_demo", seed=7, posts=12)
    assert list(PostPage.objects.order_by("-date").values_list("title", "date")) == titles


@pytest.mark.django_db
def test_demo_site_serves_its_pages(client):
    call_command("load_demo", posts=5)
    post = PostPage.objects.live().first()
    for url in ("/", "/blog/", "/about/", "/subscribe/", post.url):
        assert client.get(url).status_code == 200, url
