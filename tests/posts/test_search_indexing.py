"""Posts and standard pages are indexed on save by posts.search (they opt out of Wagtail's own
handler), and a bulk writer pauses that with `search.indexing_paused()`, then indexes itself."""

import pytest
from wagtail.search import index
from wagtail.search.models import IndexEntry

from posts import search
from tests.factories import make_post


def indexed_title(page):
    """The title the search index holds for `page`, or None when it has no entry."""
    entry = IndexEntry.objects.filter(object_id=str(page.pk)).first()
    return entry.title if entry else None


@pytest.mark.django_db
def test_posts_and_pages_are_indexed_on_save_and_leave_the_index_on_delete(site_tree):
    post = make_post(site_tree["blog"], "Quokka ruling")
    assert indexed_title(post) == "Quokka ruling"
    assert indexed_title(site_tree["about"]) == "About"
    post.title = "Wombat ruling"
    post.save()
    assert indexed_title(post) == "Wombat ruling"
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
        assert indexed_title(post) == "Quokka ruling"
        post.title = "Wombat ruling"
        post.save()
        assert indexed_title(post) == "Quokka ruling"
    # Indexing on save resumes after the block.
    post.save()
    assert indexed_title(post) == "Wombat ruling"


@pytest.mark.django_db
def test_the_pause_ends_when_the_block_fails(blog):
    with pytest.raises(RuntimeError), search.indexing_paused():
        raise RuntimeError("import failed")
    assert indexed_title(make_post(blog, "Quokka ruling")) == "Quokka ruling"
