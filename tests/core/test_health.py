"""`/healthz`: 200 when the database and the cache answer, 503 naming the part that does
not, and never stored by any cache."""

import pytest
from django.db import OperationalError

from core import health

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_database_that_cannot_be_reached_is_a_503(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "failing", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "connection refused" not in response.content.decode()  # details go to the log


def test_a_cache_that_loses_what_it_was_given_is_a_503(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "cache": "failing"}


def test_only_reads_are_allowed(client):
    assert client.post("/healthz").status_code == 405
