"""Renditions are made ahead of readers: when a post is published, and when a picture it
already shows is saved. Every `{% picture %}` of the templates asks for a spec set held in
core.renditions, so what is made ahead is what the pages ask for."""

import logging
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from wagtail.images.models import Filter, Rendition

from core.renditions import (
    AUTHOR_PHOTO_SPECS,
    BODY_IMAGE_SPECS,
    CARD_IMAGE_SPECS,
    SHARE_IMAGE_SPEC,
)
from posts.models import PostPage
from tests.factories import make_author, make_image, make_post

PICTURE_TAG = re.compile(r"{% picture \S+ ((?:(?:fill|width|format)-\S+ ?)+)")
SPEC_SETS = {CARD_IMAGE_SPECS, AUTHOR_PHOTO_SPECS, *BODY_IMAGE_SPECS.values()}


def test_every_picture_in_the_templates_asks_for_a_spec_set_made_ahead():
    found = []
    for template in Path(django_settings.BASE_DIR, "templates").rglob("*.html"):
        for match in PICTURE_TAG.finditer(template.read_text()):
            specs = tuple(Filter.expand_spec("|".join(match.group(1).split())))
            assert specs in SPEC_SETS, (template.name, specs)
            found.append(specs)
    assert set(found) == SPEC_SETS  # and every set is still used


def specs_of(image):
    return set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))


@pytest.fixture
def ahead(settings):
    settings.RENDITIONS_AHEAD = True


@pytest.fixture
def pictured(blog):
    author = make_author("Ada")
    author.photo = make_image("Face", width=64, height=64)
    author.save()
    figure = make_image("Figure", width=64, height=36)
    post = make_post(
        blog,
        "Pictured",
        live=False,
        authors=[author],
        feed_image=make_image("Card", width=64, height=36),
        body=[{"type": "image", "value": {"image": figure.pk, "caption": "", "size": "wide"}}],
    )
    return {"post": post, "photo": author.photo, "figure": figure, "card": post.feed_image}


@pytest.mark.django_db
def test_publishing_a_post_makes_its_renditions_before_any_view(ahead, client, committed, pictured):
    assert Rendition.objects.count() == 0
    with committed():
        PostPage.objects.get(pk=pictured["post"].pk).save_revision().publish()
    assert specs_of(pictured["card"]) == {*CARD_IMAGE_SPECS, SHARE_IMAGE_SPEC}
    assert specs_of(pictured["figure"]) == set(BODY_IMAGE_SPECS["wide"])
    assert specs_of(pictured["photo"]) == set(AUTHOR_PHOTO_SPECS)
    made = Rendition.objects.count()
    assert client.get(pictured["post"].url).status_code == 200
    assert client.get("/blog/").status_code == 200
    assert Rendition.objects.count() == made  # the first reader made none


@pytest.mark.django_db
def test_saving_a_picture_a_live_post_shows_makes_its_renditions(ahead, committed, pictured):
    PostPage.objects.get(pk=pictured["post"].pk).save_revision().publish()  # not committed
    card = pictured["card"]
    assert specs_of(card) == set()
    with committed():
        card.focal_point_x, card.focal_point_y = 10, 10
        card.focal_point_width, card.focal_point_height = 20, 20
        card.save()
    focal_key = Filter(spec=SHARE_IMAGE_SPEC).get_cache_key(card)
    assert Rendition.objects.filter(
        image=card, filter_spec=SHARE_IMAGE_SPEC, focal_point_key=focal_key
    ).exists()
    assert specs_of(card) == {*CARD_IMAGE_SPECS, SHARE_IMAGE_SPEC}


@pytest.mark.django_db
def test_a_missing_file_is_logged_and_the_publish_goes_through(ahead, caplog, committed, pictured):
    card = pictured["card"]
    card.file.storage.delete(card.file.name)
    with caplog.at_level(logging.ERROR, logger="core.renditions"), committed():
        PostPage.objects.get(pk=pictured["post"].pk).save_revision().publish()
    assert PostPage.objects.get(pk=pictured["post"].pk).live
    assert f"Could not make renditions of image {card.pk}" in caplog.text
    assert specs_of(pictured["figure"])  # the other pictures were still made


@pytest.mark.django_db
def test_nothing_is_made_while_paused_or_turned_off(committed, pictured, settings):
    settings.RENDITIONS_AHEAD = False
    with committed():
        PostPage.objects.get(pk=pictured["post"].pk).save_revision().publish()
    assert Rendition.objects.count() == 0
