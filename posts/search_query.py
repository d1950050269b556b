"""Ranked full-text search over Wagtail's own index tables, in a fixed number of queries.

Wagtail's database backend (modelsearch) scores each SQLite match with a subquery that re-runs
the FTS MATCH for that row, then sorts them all: at 10,000 posts a common word took over a
minute. Here the engine ranks in the query that matches (FTS5's `bm25()`, PostgreSQL's
`ts_rank()`), with the title boost folded in, and only one page of ids leaves the database,
with the number of matches (capped) beside it. It runs under a time limit
(`SEARCH_TIME_LIMIT_MS`); a search that overruns raises `SearchTimeout` and leaves the
connection usable.

The tables stay Wagtail's: `update_index` and the receivers in posts.search write them.
- SQLite: `wagtailsearch_indexentry_fts` is an FTS5 table with the columns (autocomplete, body,
  title) whose rowid is the IndexEntry's id.
- PostgreSQL: `wagtailsearch_indexentry.title` and `.body` are tsvectors. modelsearch weights
  each lexeme by its field's boost: the title (boost 2) A, authors' and tags' names (1.5) B,
  the text D. Matching and ranking use `search_vector`, the two stored together (a generated
  column, GIN-indexed, added by posts' migration 0012).

Visibility is decided by the caller's queryset of posts (live, public, in this blog, maybe
with one topic): its own FROM and WHERE are applied to each matched entry's post, joined by
primary key, so nothing else can reach the results and only matched posts are checked.
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import OperationalError, connections, transaction
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

# Ranking beyond this many matches helps no reader; counting stops here ("more than 1,000").
MAX_RESULTS = 1000

ENTRY_TABLE = IndexEntry._meta.db_table
FTS_TABLE = f"{ENTRY_TABLE}_fts"
# bm25() takes one weight per FTS5 column, in the table's order (autocomplete, body, title).
# Autocomplete repeats the title, so it counts for nothing; a title match outweighs a body
# that repeats the word, as a title boost should.
FTS5_WEIGHTS = (0.0, 1.0, 10.0)
# ts_rank() weights for the labels D, C, B, A: PostgreSQL's defaults, which already put a title
# word (A) ten times above a word of the text (D).
TS_RANK_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
# PostgreSQL: `title || body`, stored (posts' migration 0012).
SEARCH_VECTOR = "search_vector"
# How often (in SQLite virtual machine instructions) the time limit is checked: about every
# tenth of a millisecond, which costs nothing measurable.
SQLITE_CHECK_EVERY = 1000
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement_timeout


class SearchTimeout(Exception):
    """The search ran past SEARCH_TIME_LIMIT_MS and was stopped."""


def _fts5_string(text):
    # A double-quoted FTS5 string is a phrase of the words in it, never an operator.
    return '"' + text.replace('"', '""') + '"'


class _SQLiteMatch:
    def __init__(self, words, phrases):
        # The column filter applies to the whole expression: every word and phrase must be in
        # the title or the body (not necessarily the same one), as in Wagtail's own search.
        parts = [_fts5_string(word) for word in words] + [_fts5_string(p) for p in phrases]
        self.expression = "{title body} : (" + " AND ".join(parts) + ")"

    def matches(self):
        """(tables, condition, params): the matching index entries, `entry`, come first."""
        # CROSS JOIN fixes SQLite's join order: the FTS match drives. Left to itself, the
        # planner walked the visible posts and re-ran the match inside that loop.
        return (
            f"{FTS_TABLE} CROSS JOIN {ENTRY_TABLE} AS entry ON entry.id = {FTS_TABLE}.rowid",
            f"{FTS_TABLE} MATCH %s",
            [self.expression],
        )

    def ranked(self, candidates, params):
        """SELECT of (object id, number of candidates) for the newest MAX_RESULTS + 1
        `candidates`, best first."""
        # FTS5 hands out matches by rowid (the entry's id), newest first without a sort, so the
        # candidates' query stops at the cap; bm25() (lower is better) then ranks only those.
        weights = ", ".join(str(weight) for weight in FTS5_WEIGHTS)
        newest = f"SELECT {FTS_TABLE}.rowid {candidates} ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s"
        tables, matching, match_params = self.matches()
        # bm25() is not allowed beside a window function, so it is scored in a subquery.
        return (
            f"SELECT ranked.object_id, COUNT(*) OVER () FROM (SELECT entry.object_id, entry.id, "
            f"bm25({FTS_TABLE}, {weights}) AS score FROM {tables} WHERE {matching} "
            # The unary + keeps FTS5 from taking each candidate as a rowid lookup that re-runs
            # the match: the match runs once, and each row it yields is looked up in the list.
            f"AND +{FTS_TABLE}.rowid IN ({newest})) AS ranked "
            f"ORDER BY ranked.score, ranked.id DESC",
            [*match_params, *params, MAX_RESULTS + 1],
        )


class _PostgresMatch:
    def __init__(self, words, phrases):
        # The text search configuration Wagtail indexed with (None: the server's default).
        config = get_search_backend().config
        prefix, config_params = ("%s::regconfig, ", [config]) if config else ("", [])
        parts, params = [], []
        if words:
            parts.append(f"plainto_tsquery({prefix}%s)")
            params += [*config_params, " ".join(words)]
        for phrase in phrases:
            parts.append(f"phraseto_tsquery({prefix}%s)")
            params += [*config_params, phrase]
        self.tsquery, self.params = "(" + " && ".join(parts) + ")", params

    def matches(self):
        """(tables, condition, params): the matching index entries, `entry`, come first."""
        return (
            f"{ENTRY_TABLE} AS entry",
            f"entry.{SEARCH_VECTOR} @@ {self.tsquery}",
            self.params,
        )

    def ranked(self, candidates, params):
        """SELECT of (object id, number of candidates) for the newest MAX_RESULTS + 1
        `candidates`, best first."""
        # ts_rank() is higher for a better match. OFFSET 0 keeps the page's ORDER BY and LIMIT
        # out of the ranking subquery: otherwise the planner ranked every entry in the table,
        # in order, to stop at the first page's worth that were candidates.
        rank = f"ts_rank('{TS_RANK_WEIGHTS}'::real[], entry.{SEARCH_VECTOR}, {self.tsquery})"
        return (
            f"SELECT ranked.object_id, COUNT(*) OVER () FROM (SELECT entry.object_id, entry.id, "
            f"{rank} AS rank FROM (SELECT entry.id AS candidate_id {candidates} "
            f"ORDER BY entry.id DESC LIMIT %s) AS candidate JOIN {ENTRY_TABLE} AS entry "
            f"ON entry.id = candidate.candidate_id OFFSET 0) AS ranked "
            f"ORDER BY ranked.rank DESC, ranked.id DESC",
            [*self.params, *params, MAX_RESULTS + 1],
        )


class RankedPosts:
    """The primary keys of the posts matching `words` (each) and `phrases` (each, words
    together), best first, read the way Django's Paginator reads a list.

    A page is one query: it ranks the candidates and returns that page's ids (LIMIT and OFFSET),
    each with the number of candidates beside it (a window count), so the Paginator's count
    costs no query of its own. `page` (its number and size, as the view will ask for it) says
    which page to fetch when the count is asked for first. Only a page past the end, or a count
    asked for alone, runs the capped count. Every query is restricted to `posts`, the posts the
    reader may see.

    Only the newest MAX_RESULTS matches (by index entry: the order posts were first indexed)
    are ranked, as many as the count says. Checking that a match is visible costs a few
    microseconds, and ts_rank() reads a match's whole tsvector (about 2 kB a post): ranking
    every post with a common word took 40-60 ms (SQLite) and 300 ms of CPU (PostgreSQL) at
    10,000 posts. The trade-off: when more than MAX_RESULTS posts match, a better match among
    the older ones is not shown (the reader is told that more than MAX_RESULTS match, and can
    narrow the search); up to MAX_RESULTS matches, every one is ranked. Ties (equal rank) go
    to the most recently indexed entry, so every page is stable.
    """

    def __init__(self, posts, words, phrases, page=None):
        self.posts = posts
        self.using = posts.db
        vendor = connections[self.using].vendor
        matcher = _PostgresMatch if vendor == "postgresql" else _SQLiteMatch
        self.match = matcher(words, phrases) if words or phrases else None
        self._page = page
        self._fetched = None  # (offset, ids) of the last page read
        self._count = None
        self.more = False  # whether more than MAX_RESULTS matched

    def _visible(self):
        """The FROM clause and the WHERE condition of the caller's queryset, its primary key
        column, and their params; None when the queryset can match nothing.

        The queryset's own conditions are reused (one rule of what readers see), but applied
        to the matched rows, joined by primary key: live, in the blog (a path prefix and a
        depth), outside each view restriction (Wagtail reads those once, in Python, and
        writes one `NOT (path LIKE …)` each), maybe with one topic (an uncorrelated
        `IN (…)`, built once per query). As `IN (SELECT visible posts)` instead, the
        database built the list of every visible post, for the count and again for the page:
        nearly all of a search's time at 10,000 posts.
        """
        query = self.posts.order_by().query
        compiler = query.get_compiler(using=self.using)
        compiler.pre_sql_setup()
        try:
            where, where_params = compiler.compile(compiler.where)
        except EmptyResultSet:
            return None
        except FullResultSet:
            where, where_params = "1 = 1", []
        from_parts, from_params = compiler.get_from_clause()
        base = compiler.quote_name_unless_alias(query.get_initial_alias())
        pk = f"{base}.{compiler.quote_name_unless_alias(query.model._meta.pk.column)}"
        return " ".join(from_parts), [*from_params], pk, where, [*where_params]

    def _candidates(self):
        """SQL (FROM … WHERE …) for the index entries of matching visible posts, and params;
        None when no post can match."""
        visible = self._visible()
        if visible is None:
            return None
        from_sql, from_params, pk, where, where_params = visible
        tables, matching, params = self.match.matches()
        content_type = ContentType.objects.db_manager(self.using).get_for_model(self.posts.model)
        # The match drives (CROSS JOIN keeps SQLite to that order; PostgreSQL starts from the
        # GIN index by its estimates), and each matched entry finds its post by primary key.
        # Entries are keyed by their object's primary key as text: cast on the entry's side, so
        # the post's primary key index serves the lookup. Only entries of this content type
        # (a condition of the entries' own scan) reach the cast, and their keys are integers.
        sql = (
            f"FROM {tables} CROSS JOIN {from_sql} "
            f"WHERE {matching} AND entry.content_type_id = %s "
            f"AND {pk} = CAST(entry.object_id AS INTEGER) AND {where}"
        )
        return sql, [*from_params, *params, content_type.pk, *where_params]

    def _fetch(self, sql, params):
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _set_count(self, found):
        self.more = found > MAX_RESULTS
        self._count = min(found, MAX_RESULTS)

    def _capped_count(self):
        candidates = self._candidates() if self.match is not None else None
        if candidates is None:
            return 0
        candidates, params = candidates
        # Counting one past the cap says whether there are more, without counting them.
        sql = f"SELECT COUNT(*) FROM (SELECT 1 {candidates} LIMIT %s) AS capped"
        return self._fetch(sql, [*params, MAX_RESULTS + 1])[0][0]

    def _ranked_page(self, offset, size):
        """`size` ids of the ranking from `offset`, and the number of candidates (0 when the
        page is past the end, which says nothing about the count)."""
        candidates = self._candidates() if self.match is not None else None
        if candidates is None:
            return [], 0
        ranked, params = self.match.ranked(*candidates)
        rows = self._fetch(f"{ranked} LIMIT %s OFFSET %s", [*params, size, offset])
        self._fetched = (offset, [int(object_id) for object_id, _found in rows])
        return self._fetched[1], (rows[0][1] if rows else 0)

    def count(self):
        if self._count is None:
            if self._page is not None and self.match is not None:
                number, size = self._page
                offset = (number - 1) * size
                ids, found = self._ranked_page(offset, size)
                if ids or offset == 0:
                    self._set_count(found)
                    return self._count
            self._set_count(self._capped_count())
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("RankedPosts only supports slices without a step.")
        start, stop, _step = key.indices(self.count())
        if stop <= start:
            return []
        if self._fetched is not None:
            offset, ids = self._fetched
            # The page the count was read with (the Paginator trims the last page's slice).
            if offset == start and stop - start <= len(ids):
                return ids[: stop - start]
        return self._ranked_page(start, stop - start)[0]


def _postgres_timeout(connection, limit_ms):
    """Set a statement timeout for the rest of this transaction; returns a function putting
    back the one in force before (a SET LOCAL would otherwise last until the outer transaction
    ends, which under tests' or a caller's transaction is later than this search)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('statement_timeout'), "
            "set_config('statement_timeout', %s, true)",
            [f"{int(limit_ms)}ms"],
        )
        before = cursor.fetchone()[0]

    def restore():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])

    return restore


def _sqlite_timeout(connection, limit_ms):
    """Abort any statement still running after `limit_ms` (SQLite has no statement timeout:
    a progress handler returning true interrupts the statement); returns a function removing
    the handler."""
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.monotonic() + limit_ms / 1000
    raw.set_progress_handler(lambda: time.monotonic() > deadline, SQLITE_CHECK_EVERY)

    def restore():
        raw.set_progress_handler(None, SQLITE_CHECK_EVERY)

    return restore


def _is_timeout(error, vendor):
    cause = error.__cause__
    if vendor == "postgresql":
        return getattr(cause, "sqlstate", None) == QUERY_CANCELED
    return "interrupted" in str(cause or error)


@contextmanager
def time_limit(using="default", limit_ms=None):
    """Run the block's queries in a transaction that the database stops after `limit_ms`
    (default: settings.SEARCH_TIME_LIMIT_MS); an overrun raises SearchTimeout once the
    transaction is rolled back, so the connection serves the next query as usual."""
    connection = connections[using]
    limit_ms = settings.SEARCH_TIME_LIMIT_MS if limit_ms is None else limit_ms
    start_limit = _postgres_timeout if connection.vendor == "postgresql" else _sqlite_timeout
    try:
        with transaction.atomic(using=using):
            end_limit = start_limit(connection, limit_ms)
            try:
                yield
            except BaseException:
                # PostgreSQL's rollback undoes the SET (and an aborted transaction would refuse
                # another query); SQLite's handler belongs to the connection and must go.
                if connection.vendor != "postgresql":
                    end_limit()
                raise
            end_limit()
    except OperationalError as error:
        if _is_timeout(error, connection.vendor):
            raise SearchTimeout from error
        raise
