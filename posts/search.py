"""Site search over visible posts: reading what the reader typed, excerpts with the matched
words marked, editors' promoted results, and keeping the index current.

Ranking is posts.search_query's, over the tables Wagtail's database backend keeps (SQLite FTS5,
PostgreSQL full-text search). The reader's words are reduced to letters and digits before they
reach the database, so no input can form invalid FTS5 or tsquery syntax.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_tasks import task
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends
from wagtail.search.utils import normalise_query_string
from wagtail.signals import page_published, page_unpublished

from core.body_text import search_text
from posts.models import Author, PostPage
from taxonomy.models import Tag

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
EXCERPT_WORDS = 36
WORD = re.compile(r"\w+")
# Endings dropped before highlighting, so "appeals" also marks "appeal" and "appealed".
ENDING = re.compile(r"(?:ing|ed|es|s)$")


@dataclass
class ParsedQuery:
    """What to search for, and what to tell the reader about how their words were read."""

    text: str = ""
    words: list = field(default_factory=list)  # every searched word, for highlighting
    phrases: list = field(default_factory=list)  # multi-word phrases, searched as such
    notices: list = field(default_factory=list)

    @property
    def single_words(self):
        """The words searched on their own: those not already part of a phrase."""
        return [w for w in self.words if not any(w in p.split() for p in self.phrases)]


def parse_query(raw):
    """Read a reader's query: words, "quoted phrases", and punctuation, which is ignored.

    Never raises: empty, over-long, punctuation-only and unbalanced-quote queries come back with
    a notice explaining what was searched (or why nothing was).
    """
    # Control characters (a NUL byte breaks PostgreSQL's string literals) count as spaces.
    raw = "".join(ch if ch.isprintable() else " " for ch in raw)
    parsed = ParsedQuery(text=" ".join(raw.split()))
    if len(parsed.text) > MAX_QUERY_LENGTH:
        parsed.text = parsed.text[:MAX_QUERY_LENGTH]
        parsed.notices.append(
            f"Searches are limited to {MAX_QUERY_LENGTH} characters; the rest was left out."
        )
    text = parsed.text.replace("“", '"').replace("”", '"')
    if text.count('"') % 2:
        parsed.notices.append("A quotation mark had no partner, so it was ignored.")
        text = text.replace('"', " ")
    # Between quotes (odd pieces) is a phrase; outside, a chunk like "s.3(1)" is one too.
    chunks = []
    for position, piece in enumerate(text.split('"')):
        chunks += [piece] if position % 2 else piece.split()
    for chunk in chunks:
        words = WORD.findall(chunk)
        if len(parsed.words) + len(words) > MAX_TERMS:
            parsed.notices.append(f"Only the first {MAX_TERMS} words were searched.")
            break
        parsed.words += words
        if len(words) > 1:
            parsed.phrases.append(" ".join(words))
    if parsed.text and not parsed.words:
        parsed.notices.append("Your search has no letters or numbers in it. Try a word.")
    return parsed


def promotions(query_text, visible_posts):
    """Editors' picks for this query, in their order, leaving out pages readers cannot see."""
    from wagtail.models import Page

    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query_text))
        .select_related("page")
        .order_by("sort_order")
    )
    page_ids = {pick.page_id for pick in picks if pick.page_id}
    readable = set(
        Page.objects.live().public().filter(pk__in=page_ids).values_list("pk", flat=True)
    )
    # Posts also need their date to have come: a scheduled post stays hidden when promoted.
    hidden_posts = set(
        Page.objects.filter(pk__in=page_ids, content_type__model="postpage")
        .exclude(pk__in=visible_posts.filter(pk__in=page_ids).values("pk"))
        .values_list("pk", flat=True)
    )
    return [
        pick
        for pick in picks
        if (pick.page_id in readable and pick.page_id not in hidden_posts)
        or (not pick.page_id and pick.external_link_url)
    ]


def post_text(post):
    """A post's summary and body as plain text: as much of the body as the index holds, so an
    excerpt is cut from the words that matched, and a very long post is not read whole."""
    return " ".join(f"{post.intro or ''} {search_text(post.body)}".split())


def _stem(word):
    word = word.lower()
    stem = ENDING.sub("", word)
    return stem if len(stem) >= 3 else word


def _word_pattern(words):
    # A word matches at its start, so "appeal" marks "appeals" and "appealed" too.
    alternatives = sorted({re.escape(_stem(w)) for w in words}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\w*", re.IGNORECASE)


def highlight(text, words):
    """`text` escaped, with every word starting with one of `words` wrapped in <mark>."""
    if not words:
        return escape(text)
    pattern = _word_pattern(words)
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


def excerpt(text, words, size=EXCERPT_WORDS):
    """About `size` words of `text` around the first matched word, with matches marked."""
    tokens = text.split()
    if not tokens:
        return ""
    start = 0
    if words:
        pattern = _word_pattern(words)
        first = next((i for i, token in enumerate(tokens) if pattern.search(token)), 0)
        start = max(0, first - size // 3)
    window = " ".join(tokens[start : start + size])
    before = "… " if start > 0 else ""
    after = " …" if start + size < len(tokens) else ""
    return mark_safe(f"{before}{highlight(window, words)}{after}")  # noqa: S308


# Set while a bulk writer (the WordPress importer) indexes what it writes itself. A context
# variable rather than disconnected receivers: saves made in other threads of the process
# (an editor publishing during an import) are still indexed.
_indexing_paused = ContextVar("search_indexing_paused", default=False)


@contextmanager
def indexing_paused():
    """Saves of pages and posts are not indexed inside this block; the caller indexes each
    object once, when it is complete (`wagtail.search.index.insert_or_update_object`).

    Covers the save receivers below, the re-index after publishing, and the re-index of posts
    after an author or tag rename. Deletions still leave the index: nothing would do it later.
    """
    token = _indexing_paused.set(True)
    try:
        with reindex_on_rename_paused():
            yield
    finally:
        _indexing_paused.reset(token)


def _index_on_save(sender, instance, raw=False, **kwargs):
    # `raw`: fixtures load rows whose relations may not exist yet, as Wagtail's handler skips.
    if not raw and not _indexing_paused.get():
        search_index.insert_or_update_object(instance)


def _unindex_on_delete(sender, instance, **kwargs):
    search_index.remove_object(instance)


def connect_index_receivers():
    """Index the models that opt out of Wagtail's own save and delete handlers with the
    documented `search_auto_update = False` (PostPage, StandardPage), so indexing them can be
    paused without touching Wagtail's receivers. Called from PostsConfig.ready()."""
    for model in search_index.get_indexed_models():
        if getattr(model, "search_auto_update", True) is False:
            post_save.connect(_index_on_save, sender=model, dispatch_uid=f"search-save-{model}")
            post_delete.connect(
                _unindex_on_delete, sender=model, dispatch_uid=f"search-delete-{model}"
            )


@receiver(page_published)
@receiver(page_unpublished)
def reindex_post(sender, instance, **kwargs):
    """Re-index a post once publishing has saved its authors and tags.

    A page is indexed when its row is saved, before modelcluster writes the child rows
    (authors) and many-to-many (tags) the index also holds; the signals come after both.
    """
    if isinstance(instance, PostPage) and not _indexing_paused.get():
        search_index.insert_or_update_object(instance)


def reindex_posts(posts):
    """Re-index these posts in one pass per backend, e.g. after a name they carry changed."""
    posts = list(PostPage.get_indexed_objects().filter(pk__in=posts.values("pk")))
    if posts:
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(PostPage, posts)


@task()
def reindex_posts_task(post_pks):
    """The worker's side of `reindex_later`."""
    reindex_posts(PostPage.objects.filter(pk__in=post_pks))


def reindex_later(posts):
    """Re-index these posts in a task once the change commits: a tag carried by thousands of
    posts must not hold the editor's request (and the worker reads the committed names)."""
    pks = list(posts.values_list("pk", flat=True))
    if pks:
        transaction.on_commit(partial(reindex_posts_task.enqueue, pks))


def _posts_carrying(instance):
    if isinstance(instance, Author):
        return PostPage.objects.filter(post_authors__author=instance)
    return PostPage.objects.filter(tags=instance)


def _remember_name(sender, instance, **kwargs):
    # The name as loaded, so a save can tell a rename without asking the database. Read from
    # __dict__: a queryset that deferred the name must not load it for every row.
    instance._indexed_name = instance.__dict__.get("name")


def _reindex_after_rename(sender, instance, created, **kwargs):
    """Posts are found by their authors' and tags' names, which live in the posts' index
    entries; a rename must rewrite those entries or the new name finds nothing."""
    before = getattr(instance, "_indexed_name", None)
    if not created and before is not None and before != instance.name:
        reindex_later(_posts_carrying(instance))
    instance._indexed_name = instance.name


def _rename_models():
    return (Author, Tag)


def connect_rename_receivers():
    """Called from PostsConfig.ready()."""
    for model in _rename_models():
        post_init.connect(_remember_name, sender=model, dispatch_uid=f"search-name-{model}")
        post_save.connect(
            _reindex_after_rename, sender=model, dispatch_uid=f"search-reindex-{model}"
        )


@contextmanager
def reindex_on_rename_paused():
    """For bulk writers (the WordPress importer) that index what they change themselves."""
    for model in _rename_models():
        post_save.disconnect(sender=model, dispatch_uid=f"search-reindex-{model}")
    try:
        yield
    finally:
        connect_rename_receivers()
