"""Merging tag A into tag B: posts re-tagged (drafts too), A gone, A's address redirects to B."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision

from posts.models import PostPage
from taxonomy.merging import merge_tags
from taxonomy.models import OldTagSlug, Tag
from tests.factories import make_post, make_tag

pytestmark = pytest.mark.django_db


def tag_names(post):
    return sorted(tag.name for tag in PostPage.objects.get(pk=post.pk).tags.all())


@pytest.fixture
def tags():
    return make_tag("Human Rights Act"), make_tag("HRA"), make_tag("Asylum")


def test_merge_retags_posts_and_no_post_loses_a_tag(blog, tags):
    act, hra, asylum = tags
    only_source = make_post(blog, "Only HRA", tags=[hra])
    both = make_post(blog, "Both", tags=[hra, act])
    with_others = make_post(blog, "HRA and asylum", tags=[hra, asylum])
    untouched = make_post(blog, "Asylum only", tags=[asylum])
    result = merge_tags(hra, act)
    assert result.posts_retagged == 3
    assert tag_names(only_source) == ["Human Rights Act"]
    assert tag_names(both) == ["Human Rights Act"]
    assert tag_names(with_others) == ["Asylum", "Human Rights Act"]
    assert tag_names(untouched) == ["Asylum"]
    assert not Tag.objects.filter(pk=hra.pk).exists()
    assert act.posts.count() == 3


def test_merge_updates_pending_drafts(blog, tags):
    act, hra, asylum = tags
    draft = make_post(blog, "Unpublished", tags=[hra, asylum], live=False)
    live_with_draft = make_post(blog, "Live with a pending draft", tags=[asylum])
    live_with_draft.tags = [hra, asylum]
    live_with_draft.save_revision()
    result = merge_tags(hra, act)
    assert result.drafts_updated == 2
    for post in (draft, live_with_draft):
        revision = PostPage.objects.get(pk=post.pk).get_latest_revision()
        assert sorted(revision.content["tags"]) == sorted([asylum.pk, act.pk])
        assert sorted(t.name for t in revision.as_object().tags.all()) == [
            "Asylum",
            "Human Rights Act",
        ]
    # Publishing the draft afterwards carries the merged tag, not the deleted one.
    PostPage.objects.get(pk=draft.pk).get_latest_revision().publish()
    assert tag_names(draft) == ["Asylum", "Human Rights Act"]


def test_merge_updates_a_scheduled_revision_behind_a_newer_draft(blog, tags):
    act, hra, asylum = tags
    post = make_post(blog, "Live, scheduled, then redrafted", tags=[asylum])
    post.tags = [hra, asylum]
    scheduled = post.save_revision(approved_go_live_at=timezone.now() + timedelta(hours=1))
    post.title = "A newer draft"
    post.tags = [asylum]
    post.save_revision()

    merge_tags(hra, act)

    scheduled.refresh_from_db()
    assert sorted(scheduled.content["tags"]) == sorted([asylum.pk, act.pk])
    # Its time comes: publish_scheduled puts it live with the merged tag, not without one.
    Revision.objects.filter(pk=scheduled.pk).update(
        approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    assert tag_names(post) == ["Asylum", "Human Rights Act"]


def test_merged_tag_address_redirects_permanently_to_the_target(client, blog, tags):
    act, hra, _ = tags
    make_post(blog, "Post", tags=[hra])
    merge_tags(hra, act)
    response = client.get("/blog/tag/hra/")
    assert response.status_code == 301
    assert response["Location"] == "/blog/tag/human-rights-act/"
    assert client.get(response["Location"]).status_code == 200


def test_addresses_that_redirected_to_the_source_follow_it(client, blog, tags):
    act, hra, _ = tags
    make_post(blog, "Post", tags=[hra])
    hra = Tag.objects.get(pk=hra.pk)
    hra.slug = "hra-1998"
    hra.save()
    merge_tags(hra, act)
    assert set(OldTagSlug.objects.values_list("slug", "tag")) == {
        ("hra", act.pk),
        ("hra-1998", act.pk),
    }
    assert client.get("/blog/tag/hra/")["Location"] == "/blog/tag/human-rights-act/"


def test_a_tag_cannot_be_merged_into_itself(tags):
    with pytest.raises(ValueError):
        merge_tags(tags[0], tags[0])


def test_merge_updates_the_cloud(client, blog, tags, committed):
    act, hra, _ = tags
    make_post(blog, "Post", tags=[hra])
    assert "/blog/tag/hra/" in client.get("/").content.decode()
    with committed():
        merge_tags(hra, act)
    html = client.get("/").content.decode()
    assert "/blog/tag/hra/" not in html
    assert "/blog/tag/human-rights-act/" in html


# The admin view.


def merge_url(tag):
    return reverse("wagtailsnippets_taxonomy_tag:merge", args=[tag.pk])


def test_admin_merge_form_lists_the_other_tags(admin_client, tags):
    act, hra, asylum = tags
    response = admin_client.get(merge_url(hra))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{act.pk}"' in html and f'value="{asylum.pk}"' in html
    assert f'value="{hra.pk}"' not in html


def test_admin_merge_merges_and_reports(admin_client, blog, tags):
    act, hra, _ = tags
    make_post(blog, "Post", tags=[hra])
    response = admin_client.post(merge_url(hra), {"target": act.pk}, follow=True)
    assert response.status_code == 200
    assert "Merged “HRA” into “Human Rights Act”: 1 post re-tagged" in response.content.decode()
    assert not Tag.objects.filter(pk=hra.pk).exists()


def test_admin_merge_refuses_a_bad_target(admin_client, tags):
    _, hra, _ = tags
    for target in [hra.pk, 999999, "abc", ""]:
        response = admin_client.post(merge_url(hra), {"target": target})
        assert response.status_code == 200
        assert Tag.objects.filter(pk=hra.pk).exists()
    assert "Choose one of the other tags." in response.content.decode() or (
        "This field is required." in response.content.decode()
    )


def test_admin_merge_of_an_unknown_tag_is_a_404(admin_client):
    assert admin_client.get("/admin/snippets/taxonomy/tag/merge/999999/").status_code == 404


def test_merging_needs_the_right_to_delete_tags(client, django_user_model, tags):
    from django.contrib.auth.models import Permission

    tag_changer = django_user_model.objects.create_user("tag-changer", password="pw")
    tag_changer.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="change_tag", content_type__app_label="taxonomy"),
    )
    client.force_login(tag_changer)
    act, hra, _ = tags
    response = client.post(merge_url(hra), {"target": act.pk})
    assert response.status_code in (302, 403)
    assert Tag.objects.filter(pk=hra.pk).exists()
