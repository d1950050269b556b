"""SQLite under concurrent writes: writers wait their turn instead of failing."""

import threading
import time

import pytest
from django.db import OperationalError, connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from settings.base import SQLITE_OPTIONS

WRITERS = 8


def concurrent_read_then_write(path, options):
    """WRITERS threads each read, pause, then write in one transaction, as a sign-up does
    (look the address up, then insert it). Returns the errors raised."""
    setup = DatabaseWrapper({"NAME": str(path), "OPTIONS": options, **BASE})
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS signup (email TEXT)")
    setup.close()
    errors = []
    start = threading.Barrier(WRITERS)

    def writer(n):
        # Connections are per thread: this thread's "scratch" database is its own connection,
        # so `atomic()` begins its transaction exactly as a request's would.
        connection = DatabaseWrapper({"NAME": str(path), "OPTIONS": options, **BASE}, "scratch")
        connections["scratch"] = connection
        try:
            start.wait()
            with transaction.atomic(using="scratch"), connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM signup")
                time.sleep(0.02)
                cursor.execute("INSERT INTO signup VALUES (%s)", [f"reader{n}@example.org"])
        except OperationalError as error:
            errors.append(error)
        finally:
            connection.close()
            del connections["scratch"]

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


BASE = {
    "ENGINE": "django.db.backends.sqlite3",
    "USER": "",
    "PASSWORD": "",
    "HOST": "",
    "PORT": "",
    "ATOMIC_REQUESTS": False,
    "AUTOCOMMIT": True,
    "CONN_MAX_AGE": 0,
    "CONN_HEALTH_CHECKS": False,
    "TIME_ZONE": None,
    "TEST": {},
}


@pytest.fixture
def own_database(tmp_path, django_db_blocker):
    """A database file of the test's own, beside the test database (whatever its engine)."""
    with django_db_blocker.unblock():
        yield tmp_path / "site.sqlite3"


def test_concurrent_writers_queue_with_the_project_settings(own_database):
    assert concurrent_read_then_write(own_database, SQLITE_OPTIONS) == []


def test_without_them_concurrent_writers_fail(own_database):
    """The control: SQLite's defaults (deferred transactions) lock some writers out."""
    errors = concurrent_read_then_write(own_database, {"timeout": 5})
    assert errors and "locked" in str(errors[0])
