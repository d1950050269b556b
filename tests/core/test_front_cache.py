"""The front-cache purge: the nginx backend empties the cache folder, and the invalidation hub
calls it for every content event, once the change commits, never for a rolled-back one."""

import pytest
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

from core import front_cache, invalidation
from tests.factories import make_post

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


@pytest.fixture
def nginx_cache(tmp_path, settings):
    """A cache folder laid out as nginx's (levels=1:2) with two stored responses."""
    folder = tmp_path / "nginx-cache"
    for path in ("a/1b/5f0e1b1a", "c/2d/9e8d2dc"):
        (folder / path).parent.mkdir(parents=True)
        (folder / path).write_text("KEY: httplocalhost/\n\n<html>stale</html>")
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "core.front_cache.NginxCacheDirBackend", "CACHE_DIR": str(folder)}
    }
    return folder


def stored(folder):
    return [path for path in folder.rglob("*") if path.is_file()]


def test_the_backend_empties_the_whole_folder_whatever_url_it_is_given(nginx_cache):
    purge_url_from_cache("http://localhost/blog/some-post/")
    assert stored(nginx_cache) == []
    assert (nginx_cache / "a" / "1b").is_dir()  # nginx's level folders stay


def test_the_backend_copes_with_an_empty_or_missing_folder(tmp_path):
    backend = front_cache.NginxCacheDirBackend({"CACHE_DIR": str(tmp_path / "missing")})
    backend.purge("http://localhost/")
    backend.purge_batch([])


def test_it_listens_to_every_event_including_future_ones():
    consumers = [c for c in invalidation._consumers if c.callback is front_cache.purge_site]
    assert len(consumers) == 1
    assert consumers[0].events == invalidation.ALL_EVENTS


@pytest.mark.parametrize("event", sorted(invalidation.ALL_EVENTS))
def test_every_content_event_purges_after_the_commit(nginx_cache, site_tree, committed, event):
    with committed():
        invalidation.content_changed(event)
        assert len(stored(nginx_cache)) == 2  # not before the commit
    assert stored(nginx_cache) == []


def test_publishing_a_post_purges_the_site(nginx_cache, blog, committed):
    draft = make_post(blog, "Draft", live=False)
    with committed():
        draft.get_latest_revision().publish()
    assert stored(nginx_cache) == []


def test_a_rolled_back_publish_purges_nothing(nginx_cache, blog, committed):
    draft = make_post(blog, "Draft", live=False)
    with committed(), pytest.raises(Rollback), transaction.atomic():
        draft.get_latest_revision().publish()
        raise Rollback
    assert len(stored(nginx_cache)) == 2


def test_nothing_is_purged_without_a_front_server(settings, blog, committed, monkeypatch):
    settings.WAGTAILFRONTENDCACHE = {}
    calls = []
    monkeypatch.setattr(front_cache, "purge_urls_from_cache", calls.append)
    with committed():
        make_post(blog, "Published").save_revision().publish()
    assert calls == []
