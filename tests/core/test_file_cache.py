"""An unusable file cache is reported at start-up and served around, never a 500."""

import logging

import pytest

from core.checks import file_caches_are_writable


def file_cache(location, backend="core.file_cache.SoftFileBasedCache"):
    return {"default": {"BACKEND": backend, "LOCATION": str(location)}}


@pytest.fixture
def blocked(tmp_path):
    """A cache folder that cannot be created, even by root: its parent is a file."""
    (tmp_path / "not-a-folder").write_text("")
    return tmp_path / "not-a-folder" / "cache"


@pytest.mark.django_db
def test_pages_render_uncached_with_one_logged_error(client, site_tree, settings, blocked, caplog):
    settings.CACHES = file_cache(blocked)
    with caplog.at_level(logging.ERROR, logger="core.file_cache"):
        for _ in range(3):
            assert client.get("/").status_code == 200
            assert client.get("/blog/").status_code == 200
    errors = [r for r in caplog.records if r.name == "core.file_cache"]
    assert len(errors) <= 1  # once per process at most (an earlier test may have logged it)


@pytest.mark.django_db
def test_djangos_own_file_cache_would_fail_the_page(client, site_tree, settings, blocked):
    """The control: what production used before answers every page with an error."""
    settings.CACHES = file_cache(blocked, "django.core.cache.backends.filebased.FileBasedCache")
    with pytest.raises(OSError):
        client.get("/")


def test_start_up_check_names_an_unusable_folder(settings, blocked, tmp_path):
    settings.CACHES = file_cache(blocked)
    (warning,) = file_caches_are_writable(None)
    assert warning.id == "core.W001" and str(blocked) in warning.msg
    settings.CACHES = file_cache(tmp_path / "fine")
    assert file_caches_are_writable(None) == []
