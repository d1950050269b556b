"""Malformed requests across every route, from a seeded generator: the same seed gives the
same requests, so a failure can be replayed. Used by tests/core/test_fuzz.py (a bounded run)
and bench/fuzz.py (a long one)."""

import random
from dataclasses import dataclass

METHODS = ["GET"] * 6 + ["HEAD", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]
METHODS += ["PROPFIND", "FOO"]

# Route shapes of ../shared/DESIGN.md; {} takes a hostile or odd segment.
ROUTES = [
    "/{}",
    "/{}/",
    "/blog/{}/",
    "/blog/tag/{}/",
    "/blog/tag/{}/feed/",
    "/blog/author/{}/",
    "/blog/author/{}/feed/",
    "/blog/{}/{}/",
    "/blog/{}/{}/{}/",
    "/blog/feed/{}",
    "/subscribe/confirm/{}/",
    "/subscribe/unsubscribe/{}/",
    "/comments/{}/post/",
    "/comments/{}/feed/",
    "/comments/replies/confirm/{}/",
    "/comments/replies/stop/{}/",
    "/documents/{}/{}",
    "/_util/authenticate_with_password/{}/{}/",
    "/admin/{}/",
    "/sitemap.xml{}",
    "/robots.txt{}",
]
FIXED = ["/", "/blog/", "/blog/tags/", "/blog/feed/", "/blog/feed/atom/", "/search/", "/about/"]
FIXED += ["/subscribe/", "/subscribe/signup/", "/sitemap.xml", "/robots.txt", "/healthz"]
QUERY_PATHS = ["/search/", "/blog/", "/blog/tag/{}/", "/blog/2024/", "/"]

SEGMENTS = [
    "%00",
    "a%00b",
    "%zz",
    "%",
    "%%%",
    "%e2%82",  # a cut-off UTF-8 sequence
    "%c0%ae%c0%ae",  # overlong dots
    "..",
    "../..",
    "%2e%2e%2f",
    "9" * 400,
    "-1",
    "0",
    "00",
    "99999999999999999999",
    "2024",
    "13",
    "1e9",
    "x" * 2048,
    "Ω≈ç√",
    "\u202etxt",
    "<script>alert(1)</script>",
    "'\"",
    "%20",
    "a b",
    "tag;drop",
    "%u0041",
    "\\\\",
    "%0d%0aSet-Cookie:x=1",
]
SEARCH_WORDS = [
    '"unbalanced',
    'a "b',
    "NEAR(a b)",
    "a OR",
    "OR",
    "AND NOT",
    "*",
    "a*",
    "^a",
    "title:a",
    "-",
    "(",
    ")",
    "a:b:c",
    "'); DROP TABLE x;--",
    "\x00",
    "&",
    "|",
    "!",
    "<->",
    "a & b | !c",
    "court " * 60,
    "ü" * 300,
    "%",
    "",
]
PARAMS = ["q", "tag", "page", "p", "after", "q[]", "page[]"]
NUMBERS = ["-1", "0", "1", "2", "9" * 30, "1.5", "1e3", "NaN", "", "%00", "a", "-9" * 20]


@dataclass(frozen=True)
class FuzzRequest:
    method: str
    path: str
    params: dict
    body: dict


def _segment(rng):
    return rng.choice(SEGMENTS) if rng.random() < 0.8 else rng.choice(NUMBERS)


def fuzz_requests(count, seed=2026):
    rng = random.Random(seed)
    for _ in range(count):
        kind = rng.random()
        params, body = {}, {}
        if kind < 0.45:
            shape = rng.choice(ROUTES)
            path = shape.format(*[_segment(rng) for _ in range(shape.count("{}"))])
        elif kind < 0.8:
            path = rng.choice(QUERY_PATHS).format(_segment(rng))
            for _ in range(rng.randint(1, 3)):
                name = rng.choice(PARAMS)
                value = rng.choice(SEARCH_WORDS) if name in ("q", "tag") else rng.choice(NUMBERS)
                params[name] = value
        else:
            path = rng.choice(FIXED)
            body = {rng.choice(["email", "website", "q", "x"]): rng.choice(SEARCH_WORDS)}
        yield FuzzRequest(rng.choice(METHODS), path, params, body)


def send(client, request):
    """The response to one fuzzed request, through Django's test client."""
    method = request.method.lower()
    if method in ("get", "head", "options", "trace", "delete"):
        return getattr(client, method)(request.path, request.params)
    if method in ("post", "put", "patch"):
        data = request.body or request.params
        if method == "post":
            return client.post(request.path, data)
        return getattr(client, method)(request.path, data, content_type="application/json")
    return client.generic(request.method, request.path)
