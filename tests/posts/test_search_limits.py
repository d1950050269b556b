"""Search's safety limits: a search the database cannot finish within SEARCH_TIME_LIMIT_MS is
stopped and answered with a page asking for a narrower search (the connection still works
afterwards), and a common word's count stops at a cap instead of counting every match."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posts import search_query
from posts.search_query import SearchTimeout, time_limit
from tests import support
from tests.factories import make_post


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


# A statement that runs for seconds unless stopped: PostgreSQL sleeps; SQLite has no sleep, so
# it counts (in its virtual machine, where the progress handler can interrupt it).
SLOW_SQL = {
    "postgresql": "SELECT pg_sleep(5)",
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000)"
    " SELECT count(*) FROM n",
}


def run(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


@pytest.mark.django_db
def test_a_slow_statement_is_stopped_and_the_connection_still_works():
    with pytest.raises(SearchTimeout), time_limit(limit_ms=50):
        run(SLOW_SQL[connection.vendor])
    assert run("SELECT 1") == (1,)


@pytest.mark.django_db
def test_the_limit_ends_with_the_block():
    if connection.vendor == "postgresql":
        before = run("SHOW statement_timeout")
        with time_limit(limit_ms=1234):
            assert run("SHOW statement_timeout") == ("1234ms",)
        assert run("SHOW statement_timeout") == before
    else:
        with time_limit(limit_ms=1):
            run("SELECT 1")
        # The progress handler is gone: a statement far longer than 1 ms runs to the end.
        slow = SLOW_SQL["sqlite"].replace("100000000", "300000")
        assert run(slow) == (300000,)


def slow_count(execute, sql, params, many, context):
    """An execute wrapper: the search's ranked page and count, its first statement, comes
    after a slow one inside the search's time limit, as a heavy search would be."""
    if "COUNT(*) OVER ()" in sql:
        execute(SLOW_SQL[connection.vendor], (), False, context)
    return execute(sql, params, many, context)


@pytest.mark.django_db
def test_a_search_that_runs_too_long_asks_for_a_narrower_one(client, blog, settings):
    make_post(blog, "Habeas corpus", body=paragraph("habeas corpus"))
    settings.SEARCH_TIME_LIMIT_MS = 50
    with connection.execute_wrapper(slow_count):
        response = client.get("/search/", {"q": "habeas"})
    assert response.status_code == 503
    html = response.content.decode()
    assert "took too long" in html and "narrower search" in html
    assert "<h1>Search</h1>" in html
    # The worker and its connection carry on: the next search is answered as usual.
    assert support.titles(client.get("/search/", {"q": "habeas"}), "hits") == ["Habeas corpus"]


@pytest.mark.django_db
def test_a_common_word_is_counted_only_up_to_the_cap(client, blog, monkeypatch):
    monkeypatch.setattr(search_query, "MAX_RESULTS", 3)
    monkeypatch.setattr("posts.views.MAX_RESULTS", 3)
    for n in range(5):
        make_post(blog, f"Asylum case {n}", days_ago=n + 1, body=paragraph("asylum"))
    response = client.get("/search/", {"q": "asylum"})
    assert response.status_code == 200
    assert "More than 3 posts match" in response.content.decode()
    assert len(response.context["hits"]) == 3  # only the capped number is ranked and listed
    assert client.get("/search/", {"q": "asylum", "page": 2}).status_code == 404


@pytest.mark.django_db
def test_pages_of_results_each_come_from_one_ranked_query(client, blog):
    for n in range(25):
        make_post(blog, f"Judicial review {n}", days_ago=n + 1, body=paragraph("review"))
    seen = []
    for number in (1, 2, 3):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": "review", "page": number})
        assert response.status_code == 200
        assert response.context["results"].paginator.count == 25
        searches = [q for q in captured if "wagtailsearch_indexentry" in q["sql"]]
        assert len(searches) == 1, [q["sql"] for q in searches]
        seen += support.titles(response, "hits")
    assert sorted(seen) == sorted(f"Judicial review {n}" for n in range(25))
    # Past the last page: counted on its own, then a 404 like any listing's.
    assert client.get("/search/", {"q": "review", "page": 4}).status_code == 404
    assert client.get("/search/", {"q": "nothing-matches-this", "page": 3}).status_code == 200
