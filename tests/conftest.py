import functools

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from wagtail.models import Site

from tests import database_state
from tests.factories import build_site, make_author, make_post, make_tag
from tests.s3_server import start_s3_server


@pytest.fixture(autouse=True)
def _clear_cache():
    # Every alias: the renditions cache too, as row ids are reused after a test's rollback.
    for alias in caches:
        caches[alias].clear()
    yield
    for alias in caches:
        caches[alias].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block's changes left for after the commit (the
    invalidation hub's receivers), as a real commit would: a test's own transaction never
    commits, so nothing would run otherwise."""
    return functools.partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def csrf_client():
    """A real browser's or mail client's view: CSRF is enforced, and nothing carries a token."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def editor(django_user_model):
    """A member of the Editors group (home/migrations/0004_admin_groups.py): may write and
    publish, not administer. Tests that need a superuser use pytest-django's `admin_user` or
    `admin_client`."""
    user = django_user_model.objects.create_user("editor", "editor@example.org", "correct-horse")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def site_tree(db):
    """The page tree of ../shared/DESIGN.md: home, blog index, subscribe and about pages."""
    return build_site()


@pytest.fixture
def blog(site_tree):
    return site_tree["blog"]


@pytest.fixture
def site(site_tree):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def every_page_url(site_tree):
    """One URL per page type and view a reader reaches (all built on base.html)."""
    tag, author = make_tag("Article 8"), make_author("Ann Example")
    post = make_post(site_tree["blog"], "A post on Article 8", tags=[tag], authors=[author])
    published = timezone.localtime(post.date)  # archives go by the site's local dates
    year = published.strftime("%Y")
    return [
        "/",
        "/blog/",
        post.url,
        "/about/",
        "/subscribe/",
        "/search/?q=article",
        # Routes on the blog index page.
        f"/blog/tag/{tag.slug}/",
        "/blog/tags/",
        f"/blog/author/{author.slug}/",
        f"/blog/{year}/",
        f"/blog/{year}/{published.strftime('%m')}/",
    ]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Ordinary tests first, then tests that flush the database, then the browser tests.

    Browser tests go last because Playwright's event loop stays running in the main thread
    until the session ends, and Django refuses ORM calls from tests that run beside it.
    pytest-django orders transactional tests last too, but pytest's regrouping by the
    session-wide `browser_name` parameter can pull browser tests ahead of ordinary ones.
    """

    def order(item):
        if "live_server" in item.fixturenames:
            return 2
        marker = item.get_closest_marker("django_db")
        flushes = bool(marker and marker.kwargs.get("transaction"))
        return 1 if flushes or "transactional_db" in item.fixturenames else 0

    items.sort(key=order)


@pytest.fixture(scope="session")
def migrated_state(django_db_setup, django_db_blocker):
    """What migrations put in the database, serialized before the first flushing test."""
    with django_db_blocker.unblock():
        if database_state.is_flushed():
            pytest.fail("a test that flushes the database ran before the state was saved")
        return database_state.serialize_state()


@pytest.fixture(scope="module")
def restores_migrated_state(migrated_state, django_db_blocker):
    """For modules of flushing tests: afterwards, the database is as migrations left it."""
    yield
    with django_db_blocker.unblock():
        database_state.restore(migrated_state)


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on a free loopback port, for the whole run (tests/s3_server.py)."""
    server = start_s3_server()
    yield server
    server.stop()


@pytest.fixture
def bucket_storage(s3_server, settings):
    """Media in a fresh bucket on the loopback S3 server for this test (MEDIA_STORAGE=s3)."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = s3_server.storages(bucket)
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    return bucket
