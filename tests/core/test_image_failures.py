"""A picture that cannot be shown leaves pages without it, never with an error (issue 15.10)."""

import datetime
import logging

import pytest
from django.core.cache import caches
from django.utils import timezone

from tests.factories import make_image, make_post

PAGES = ["/", "/blog/", "/blog/feed/", "/blog/feed/atom/", "/blog/2024/"]


@pytest.fixture
def own_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def body_with(image):
    value = {"image": image.pk, "caption": "", "credit": "", "alt_text": "", "size": "wide"}
    return [{"type": "image", "value": value}]


@pytest.fixture
def pictured_post(blog, own_media):
    image = make_image("Court building")
    post = make_post(
        blog,
        "Pictured",
        date=timezone.make_aware(datetime.datetime(2024, 5, 1, 10)),
        feed_image=image,
        body=body_with(image),
    )
    return post, image


def clear_caches():
    for cache in caches.all():
        cache.clear()


def pages_render(client, post):
    for url in [*PAGES, post.url]:
        response = client.get(url)
        assert response.status_code == 200, url
    return client.get(post.url).content.decode() + client.get("/blog/").content.decode()


@pytest.mark.django_db
def test_a_missing_original_leaves_the_picture_out(client, pictured_post, caplog):
    post, image = pictured_post
    html = pages_render(client, post)
    assert "<picture" in html and "og:image" in html  # positive control: shown while present

    image.file.storage.delete(image.file.name)
    image.renditions.all().delete()
    clear_caches()  # as after the next content event: pages are rendered afresh
    with caplog.at_level(logging.ERROR):
        html = pages_render(client, post)
    assert "<picture" not in html and "not-found" not in html
    assert "og:image" not in html
    assert any("image" in record.getMessage().lower() for record in caplog.records)


# In autocommit, as the site runs: the failed rendition write rolls back its own transaction.
# Inside a test's wrapping transaction it would poison every later query of the request.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restores_migrated_state")
def test_media_that_cannot_be_written_leaves_new_pictures_out(client, pictured_post, own_media):
    post, image = pictured_post
    image.renditions.all().delete()
    clear_caches()
    # Renditions are written under images/: a file in its place makes every write fail, as a
    # read-only or full volume would (permissions alone would not stop root, who runs CI).
    for path in (own_media / "images").glob("*"):
        path.unlink()
    if (own_media / "images").exists():
        (own_media / "images").rmdir()
    (own_media / "images").write_text("")
    html = pages_render(client, post)
    assert "<picture" not in html and "og:image" not in html
