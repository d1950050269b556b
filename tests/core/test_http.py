"""Methods the site refuses, HEAD where GET works, and one log line for a foreign Host."""

import logging

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/blog/", "/robots.txt", "/search/", "/admin/login/"])
def test_trace_is_refused_everywhere(client, site_tree, path):
    assert client.get(path).status_code in (200, 302)  # positive control
    response = client.generic("TRACE", path)
    assert response.status_code == 405
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_robots_txt_answers_head(client, site_tree):
    response = client.head("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_a_foreign_host_is_one_log_line_without_traceback(client, site_tree, settings, caplog):
    settings.ALLOWED_HOSTS = ["testserver"]
    handler = logging.getLogger("django.security.DisallowedHost").handlers[0]
    records = []
    capture = logging.Handler()
    capture.emit = lambda record: records.append(handler.format(record))
    for log_filter in handler.filters:
        capture.addFilter(log_filter)
    logging.getLogger("django.security.DisallowedHost").addHandler(capture)
    try:
        response = client.get("/", HTTP_HOST="evil.example")
    finally:
        logging.getLogger("django.security.DisallowedHost").removeHandler(capture)
    assert response.status_code == 400
    assert len(records) == 1
    assert "evil.example" in records[0]
    assert "Traceback" not in records[0] and "\n" not in records[0]
