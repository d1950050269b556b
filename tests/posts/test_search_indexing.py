"""Posts and standard pages are indexed on save by posts.search (they opt out of Wagtail's own
handler), and a bulk writer pauses that with `search.indexing_paused()`, then indexes itself."""

import re

import pytest
from wagtail.search import index
from wagtail.search.models import IndexEntry

from core import body_text
from posts import search
from posts.models import PostPage
from tests.factories import make_post


def indexed_title(page):
    """Which of our test titles' first words the search index holds for `page` ("quokka",
    "wombat"), "" for neither, or None when it has no entry. (SQLite keeps the title as text,
    PostgreSQL as a tsvector such as "'quokka':1B 'rule':2B", so words are compared.)"""
    entry = IndexEntry.objects.filter(object_id=str(page.pk)).first()
    if entry is None:
        return None
    words = set(re.findall(r"[a-z]+", str(entry.title).lower()))
    found = [word for word in ("quokka", "wombat") if word in words]
    assert len(found) <= 1, words
    return found[0] if found else ""


@pytest.mark.django_db
def test_posts_and_pages_are_indexed_on_save_and_leave_the_index_on_delete(site_tree):
    post = make_post(site_tree["blog"], "Quokka ruling")
    assert indexed_title(post) == "quokka"
    assert indexed_title(site_tree["about"]) == ""  # indexed ("about" may be a stop word)
    post.title = "Wombat ruling"
    post.save()
    assert indexed_title(post) == "wombat"
    pk = post.pk
    post.delete()
    assert not IndexEntry.objects.filter(object_id=str(pk)).exists()


@pytest.mark.django_db
def test_saves_and_publishing_inside_the_pause_are_left_to_the_caller(blog):
    with search.indexing_paused():
        post = make_post(blog, "Quokka ruling", live=False)
        post.get_latest_revision().publish()
        assert indexed_title(post) is None
        index.insert_or_update_object(post)  # what the importer does once a page is complete
        assert indexed_title(post) == "quokka"
        post.title = "Wombat ruling"
        post.save()
        assert indexed_title(post) == "quokka"
    # Indexing on save resumes after the block.
    post.save()
    assert indexed_title(post) == "wombat"


@pytest.mark.django_db
def test_the_pause_ends_when_the_block_fails(blog):
    with pytest.raises(RuntimeError), search.indexing_paused():
        raise RuntimeError("import failed")
    assert indexed_title(make_post(blog, "Quokka ruling")) == "quokka"


@pytest.mark.django_db
def test_the_index_holds_a_bodys_text_only_up_to_its_limit(blog, monkeypatch):
    # PostgreSQL refuses a search vector over 1 MB; an imported 20 MB post must still index.
    monkeypatch.setattr(body_text, "SEARCH_TEXT_CHARACTERS", 300)
    post = make_post(
        blog,
        "Long ruling",
        body=[
            {"type": "paragraph", "value": "<p>Quokka early.</p>"},
            {"type": "paragraph", "value": "<p>" + "tribunal " * 40 + "</p>"},
            {"type": "paragraph", "value": "<p>Wombat late.</p>"},
        ],
    )
    assert list(PostPage.objects.live().search("quokka")) == [post]
    assert list(PostPage.objects.live().search("wombat")) == []
    monkeypatch.setattr(body_text, "SEARCH_TEXT_CHARACTERS", 10_000)
    post.save()
    assert list(PostPage.objects.live().search("wombat")) == [post]
