"""The Tag snippet: case-insensitive names, stable slugs, and old addresses that redirect."""

import pytest
from django.db import IntegrityError, transaction

from taxonomy.models import OldTagSlug, Tag
from tests.factories import make_post, make_tag

pytestmark = pytest.mark.django_db


def test_names_are_unique_ignoring_case_in_the_database():
    make_tag("Article 8")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="ARTICLE 8")


def test_a_case_variant_gets_a_clear_message_on_the_name_field():
    make_tag("Article 8")
    tag = Tag(name="article 8")
    with pytest.raises(Exception) as error:
        tag.full_clean()
    messages = error.value.message_dict
    assert list(messages) == ["name"]
    assert "already a tag called “Article 8”" in messages["name"][0]
    assert "not case-sensitive" in messages["name"][0]


def test_renaming_a_tag_to_a_case_variant_of_itself_is_allowed():
    tag = make_tag("article 8")
    tag.name = "Article 8"
    tag.full_clean()
    tag.save()
    assert Tag.objects.get().name == "Article 8"


def test_slug_is_generated_from_the_name():
    assert make_tag("Article 8: Right to Privacy").slug == "article-8-right-to-privacy"


def test_generated_slugs_never_collide():
    first = make_tag("Article-8")
    second = make_tag("Article 8")
    third = make_tag("article  8!")
    assert (first.slug, second.slug, third.slug) == ("article-8", "article-8-2", "article-8-3")


def test_a_name_without_letters_still_gets_a_slug():
    assert make_tag("§§").slug == "tag"
    assert make_tag("¶").slug == "tag-2"


def test_renaming_keeps_the_slug():
    tag = make_tag("Privacy")
    tag.name = "Privacy and data protection"
    tag.save()
    tag.refresh_from_db()
    assert tag.slug == "privacy"
    assert not OldTagSlug.objects.exists()


def test_an_edited_slug_is_kept_and_the_old_one_remembered():
    tag = make_tag("Privacy")
    tag.slug = "privacy-law"
    tag.save()
    assert Tag.objects.get().slug == "privacy-law"
    assert list(OldTagSlug.objects.values_list("slug", "tag")) == [("privacy", tag.pk)]


def test_changing_the_slug_back_forgets_the_redirect():
    tag = Tag.objects.get(pk=make_tag("Privacy").pk)
    tag.slug = "privacy-law"
    tag.save()
    tag.slug = "privacy"
    tag.save()
    assert list(OldTagSlug.objects.values_list("slug", flat=True)) == ["privacy-law"]


def test_old_slug_redirects_permanently(client, blog):
    tag = make_tag("Privacy")
    make_post(blog, "A privacy post", tags=[tag])
    tag = Tag.objects.get(pk=tag.pk)
    tag.slug = "privacy-law"
    tag.save()
    response = client.get("/blog/tag/privacy/")
    assert response.status_code == 301
    assert response["Location"] == "/blog/tag/privacy-law/"
    assert client.get("/blog/tag/privacy-law/").status_code == 200
    # Query strings survive the redirect, so page 2 of the old address lands on page 2.
    assert client.get("/blog/tag/privacy/?page=2")["Location"] == "/blog/tag/privacy-law/?page=2"


def test_chains_of_renames_all_redirect_to_the_current_address(client, blog):
    tag = make_tag("Privacy")
    make_post(blog, "A privacy post", tags=[tag])
    for slug in ["privacy-law", "data-privacy"]:
        tag = Tag.objects.get(pk=tag.pk)
        tag.slug = slug
        tag.save()
    for old in ["privacy", "privacy-law"]:
        assert client.get(f"/blog/tag/{old}/")["Location"] == "/blog/tag/data-privacy/"


def test_a_new_tag_taking_an_old_slug_wins_over_the_redirect(client, blog):
    old = Tag.objects.get(pk=make_tag("Privacy").pk)
    old.slug = "privacy-law"
    old.save()
    newcomer = make_tag("Privacy (general)")
    newcomer.slug = "privacy"
    newcomer.save()
    make_post(blog, "General privacy", tags=[newcomer])
    assert not OldTagSlug.objects.filter(slug="privacy").exists()
    assert client.get("/blog/tag/privacy/").status_code == 200


def test_double_quotes_are_refused_in_names():
    with pytest.raises(Exception) as error:
        Tag(name='The "Belmarsh" case').full_clean()
    assert "double quotes" in str(error.value)
