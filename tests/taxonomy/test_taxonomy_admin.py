"""Editors' side of tags: the Tags listing, the add form, and the tag box in the post editor."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from posts.models import PostPage
from taxonomy.editing import TagAutocompleteWidget, TagNamesField
from taxonomy.models import Tag
from tests.factories import bulk_posts, make_post, make_tag

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/taxonomy/tag/"


def listed_names(response):
    return [tag.name for tag in response.context["object_list"]]


@pytest.fixture
def used_tags(blog):
    busy, quiet, idle = make_tag("Busy"), make_tag("Quiet"), make_tag("Idle")
    for number in range(3):
        make_post(blog, f"Busy {number}", tags=[busy])
    make_post(blog, "Quiet one", tags=[quiet])
    make_post(blog, "Quiet draft", tags=[quiet, idle], live=False)
    return busy, quiet, idle


def test_listing_shows_live_post_counts(admin_client, used_tags):
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    counts = {tag.name: tag.live_post_count for tag in response.context["object_list"]}
    assert counts == {"Busy": 3, "Quiet": 1, "Idle": 0}  # drafts are not counted
    assert "Live posts" in response.content.decode()


def test_listing_orders_by_name_by_default_and_by_usage_on_request(admin_client, used_tags):
    assert listed_names(admin_client.get(LIST_URL)) == ["Busy", "Idle", "Quiet"]
    by_usage = admin_client.get(LIST_URL, {"ordering": "-live_post_count"})
    assert listed_names(by_usage) == ["Busy", "Quiet", "Idle"]
    assert listed_names(admin_client.get(LIST_URL, {"ordering": "live_post_count"}))[0] == "Idle"
    assert listed_names(admin_client.get(LIST_URL, {"ordering": "-name"})) == [
        "Quiet",
        "Idle",
        "Busy",
    ]


def test_listing_search(admin_client, used_tags):
    response = admin_client.get(LIST_URL, {"q": "qui"})
    assert listed_names(response) == ["Quiet"]
    assert response.context["object_list"][0].live_post_count == 1


def test_listing_counts_usage_in_one_query_whatever_the_number_of_tags(admin_client, blog):
    def tag_queries(count):
        Tag.objects.all().delete()
        tags = [make_tag(f"Tag {count}-{number}") for number in range(count)]
        bulk_posts(blog, count, tags=tags, tags_per_post=2)
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(LIST_URL).status_code == 200
        return [q["sql"] for q in captured.captured_queries if "taxonomy_tag" in q["sql"]]

    few, many = tag_queries(3), tag_queries(40)
    assert len(few) == len(many)
    # One for the page of tags with their counts, one for the paginator's total.
    assert len(many) == 2


def test_listing_offers_merge(admin_client, used_tags):
    busy = used_tags[0]
    html = admin_client.get(LIST_URL).content.decode()
    assert reverse("wagtailsnippets_taxonomy_tag:merge", args=[busy.pk]) in html


def test_add_form_refuses_a_case_variant_with_a_clear_message(admin_client):
    make_tag("Article 8")
    data = {"name": "ARTICLE 8", "slug": "", "description": rich_text("")}
    response = admin_client.post(f"{LIST_URL}add/", data)
    assert response.status_code == 200
    assert Tag.objects.count() == 1
    errors = response.context["form"].errors
    assert "already a tag called “Article 8”" in errors["name"][0]


def test_add_form_generates_the_slug(admin_client):
    data = {"name": "Right to a fair trial", "slug": "", "description": rich_text("")}
    response = admin_client.post(f"{LIST_URL}add/", data)
    assert response.status_code == 302
    assert Tag.objects.get().slug == "right-to-a-fair-trial"


def test_edit_form_changing_the_slug_makes_the_old_address_redirect(admin_client, client, blog):
    tag = make_tag("Fair trial")
    make_post(blog, "Post", tags=[tag])
    response = admin_client.post(
        f"{LIST_URL}edit/{tag.pk}/",
        {"name": "Fair trial (Article 6)", "slug": "article-6", "description": rich_text("")},
    )
    assert response.status_code == 302
    assert client.get("/blog/tag/fair-trial/")["Location"] == "/blog/tag/article-6/"


# The post editor's tag box.


def test_autocomplete_suggests_prefix_matches_first(admin_client):
    for name in ["Asylum", "Data protection", "Protest", "Protection of property"]:
        make_tag(name)
    response = admin_client.get(reverse("taxonomy_tag_autocomplete"), {"term": "prot"})
    assert json.loads(response.content) == ["Protection of property", "Protest", "Data protection"]


@pytest.mark.parametrize("term", ["", "   ", "x" * 5000, "%", "'; drop table"])
def test_autocomplete_copes_with_odd_input(admin_client, term):
    make_tag("Asylum")
    response = admin_client.get(reverse("taxonomy_tag_autocomplete"), {"term": term})
    assert response.status_code == 200
    assert json.loads(response.content) == []


def test_autocomplete_is_for_admin_users_only(client):
    response = client.get(reverse("taxonomy_tag_autocomplete"), {"term": "a"})
    assert response.status_code == 302


def test_post_form_uses_the_tag_box():
    form_class = PostPage.get_edit_handler().get_form_class()
    field = form_class.base_fields["tags"]
    assert isinstance(field, TagNamesField)
    assert isinstance(field.widget, TagAutocompleteWidget)


def test_tag_box_finds_existing_tags_ignoring_case_and_leaves_new_ones_pending():
    article8 = make_tag("Article 8")
    field = PostPage.get_edit_handler().get_form_class().base_fields["tags"]
    chosen = field.clean('"article 8", "Climate litigation", Asylum')
    by_name = {tag.name: tag for tag in chosen}
    assert sorted(by_name) == ["Article 8", "Asylum", "Climate litigation"]
    assert by_name["Article 8"] == article8
    # Validating creates nothing: the post's form creates them when it is saved.
    assert by_name["Asylum"].pk is None and by_name["Climate litigation"].pk is None
    assert Tag.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (", ".join(f"tag{n}" for n in range(51)), "at most 50 tags"),
        ('"' + "x" * 101 + '"', "at most 100 characters"),
    ],
)
def test_tag_box_refuses_bad_input_with_a_message(typed, message):
    field = TagNamesField(queryset=Tag.objects.all(), required=False)
    with pytest.raises(Exception) as error:
        field.clean(typed)
    assert message in str(error.value)
    assert not Tag.objects.exists()


def test_post_editor_shows_the_tag_box_with_the_posts_tags(admin_client, blog):
    post = make_post(blog, "Tagged", tags=[make_tag("Article 8"), make_tag("Asylum")])
    response = admin_client.get(f"/admin/pages/{post.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-controller="w-tag"' in html
    assert f'data-w-tag-url-value="{reverse("taxonomy_tag_autocomplete")}"' in html
    assert 'value="&quot;Article 8&quot;, Asylum"' in html


def test_saving_a_post_with_a_new_tag_name_creates_and_attaches_the_tag(admin_client, blog):
    """The whole round trip through the page editor: publish with a tag typed in the box."""
    existing = make_tag("Asylum")
    post = make_post(blog, "Tagged", tags=[existing])
    form = PostPage.get_edit_handler().get_form_class()(instance=post, for_user=None)
    data = {}
    for name, field in form.fields.items():
        if type(field).__name__ == "BlockField":
            data[name] = streamfield([])
        elif (value := form[name].value()) not in (None, []):
            data[name] = value
    for name in form.formsets:
        data[name] = inline_formset([])
    data["tags"] = 'asylum, "Brand new topic"'
    data["intro"] = "An intro, which publishing needs."
    data["action-publish"] = "publish"
    response = admin_client.post(f"/admin/pages/{post.pk}/edit/", nested_form_data(data))
    assert response.status_code == 302, response.context["form"].errors
    assert tag_names_of(post) == ["Asylum", "Brand new topic"]
    assert Tag.objects.get(name="Brand new topic").slug == "brand-new-topic"


def tag_names_of(post):
    return sorted(tag.name for tag in PostPage.objects.get(pk=post.pk).tags.all())
