"""Search at scale: a word every post contains costs the same queries at 200 posts as at 2,000,
ranks and counts in one query that returns a page of ids (no per-candidate subquery), reads
no more than a page of rows, and a search past its time limit answers with a page, not an error.

Posts are written in bulk (tests.factories.bulk_posts: "Bulk post N", "Body of Bulk post N.")
and indexed in one pass with Wagtail's backend, as `update_index` would.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.search.backends import get_search_backend

from posts.models import PostPage
from posts.views import RESULTS_PER_PAGE
from tests.factories import bulk_posts, make_author, make_tag
from tests.support import assert_same_count, warm_get

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# A SELECT whose main table is a page table or Wagtail's index (not a subquery's).
PAGE_ROWS = re.compile(
    r"SELECT (?:(?!\(SELECT).)*? FROM \"?"
    r"(?:posts_postpage|wagtailcore_page|wagtailsearch_indexentry)\b",
    re.DOTALL,
)
SEARCHES = {"word": {"q": "bulk"}, "phrase": {"q": '"bulk post"'}, "topic": {"q": "bulk"}}


def seed(blog, count, tags, authors):
    pks = bulk_posts(blog, count, tags=tags, authors=authors)
    posts = PostPage.objects.filter(pk__in=pks).prefetch_related("tags", "post_authors__author")
    get_search_backend().add_bulk(PostPage, list(posts))


def search_params(name, tags):
    return {**SEARCHES[name], "tag": tags[0].slug} if name == "topic" else SEARCHES[name]


def measure(client, tags):
    """{search: (queries, hits, captured SQL)} of a warm request for each search."""
    measured = {}
    for name in SEARCHES:
        params = search_params(name, tags)
        count, response = warm_get(client, "/search/", params)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/", params).status_code == 200
        measured[name] = (count, len(response.context["hits"]), captured.captured_queries)
    return measured


def ranked_query(captured):
    ranking = [q["sql"] for q in captured if "bm25(" in q["sql"] or "ts_rank(" in q["sql"]]
    assert len(ranking) == 1, ranking
    return ranking[0]


def plan(sql):
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + sql)
        return "\n".join(" ".join(str(col) for col in row) for row in cursor.fetchall())


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return len(cursor.fetchall())


def test_search_costs_the_same_queries_at_200_and_2000_posts(client, blog):
    tags = [make_tag(f"Topic {n}") for n in range(4)]
    authors = [make_author(f"Writer {n}") for n in range(3)]
    seed(blog, 200, tags, authors)
    small = measure(client, tags)
    seed(blog, 1800, tags, authors)
    large = measure(client, tags)

    for name in SEARCHES:
        assert_same_count(small[name][0], large[name][0], label=name)
        assert small[name][1] == large[name][1] == RESULTS_PER_PAGE, name
        captured = large[name][2]
        # One ranked query, limited to a page, ranking inside the engine: no subquery that is
        # run again for every candidate (SQLite: "CORRELATED"; PostgreSQL: an unhashed SubPlan).
        sql = ranked_query(captured)
        assert re.search(rf"LIMIT {RESULTS_PER_PAGE}\b", sql), sql
        # The number of matches comes beside the page's ids: no count query of its own.
        assert "COUNT(*) OVER ()" in sql, sql
        assert not [q for q in captured if "AS capped" in q["sql"]], name
        explained = plan(sql)
        assert "CORRELATED" not in explained, explained
        assert all("hashed" in line for line in explained.splitlines() if "SubPlan" in line), (
            explained
        )
        # No query of pages or index entries brings back more than a page of rows: neither
        # the ranking nor the posts shown (their tags and authors come a page's worth each).
        for query in captured:
            if PAGE_ROWS.match(query["sql"]):
                assert rows(query["sql"]) <= RESULTS_PER_PAGE, query["sql"]


def test_a_search_past_the_time_limit_asks_for_a_narrower_one(client, blog, settings):
    seed(blog, 2000, [make_tag("Topic")], [make_author("Writer")])
    settings.SEARCH_TIME_LIMIT_MS = 1
    response = client.get("/search/", {"q": "bulk"})
    assert response.status_code == 503
    assert "narrower search" in response.content.decode()
    settings.SEARCH_TIME_LIMIT_MS = 2000
    after = client.get("/search/", {"q": "bulk"})
    assert after.status_code == 200
    assert len(after.context["hits"]) == RESULTS_PER_PAGE
