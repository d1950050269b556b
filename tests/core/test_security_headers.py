"""Response headers: an enforced Content-Security-Policy without inline script on the reader's
site, the cross-origin headers, and a Mozilla Observatory-style score for a page served with
the production settings (issue 15.6, Must show 4)."""

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.settings.test_settings import STRONG_KEY, run_manage

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PRODUCTION_SECURITY = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
]


def directives(header):
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def test_the_inline_script_hash_matches_the_template():
    script = re.search(r"<script>(.*?)</script>", (TEMPLATES / "base.html").read_text(), re.S)
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert f"'sha256-{digest}'" in django_settings.INLINE_SCRIPT_HASHES


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/blog/", "/about/", "/search/?q=x", "/no-such-page/"])
def test_reader_pages_forbid_inline_script_framing_plugins_and_foreign_forms(
    client, site_tree, url
):
    response = client.get(url)
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert set(policy["frame-src"]) == set(django_settings.EMBED_FRAME_SOURCES)
    assert "Content-Security-Policy-Report-Only" not in response  # enforced, not reported
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_only_the_admin_allows_inline_script(admin_client, client, site_tree):
    admin = directives(admin_client.get("/admin/")["Content-Security-Policy"])
    assert "'unsafe-inline'" in admin["script-src"]
    assert admin["frame-ancestors"] == ["'self'"]  # the editor's live preview
    assert admin["object-src"] == ["'none'"]
    reader = directives(client.get("/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in reader["script-src"]


PRIVATE_REFERRERS = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


def observatory_score(headers, cookies):
    """Mozilla HTTP Observatory's scoring (its published tests and modifiers), for the headers
    of one HTML page fetched over HTTPS. Returns (score, failures)."""
    score, failures = 100, []
    policy = directives(headers.get("Content-Security-Policy", ""))
    if not policy:
        score -= 25
        failures.append("csp-not-implemented")
    else:
        scripts = policy.get("script-src", policy.get("default-src", []))
        if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
            score -= 20
            failures.append("csp-implemented-with-unsafe-inline")
        elif policy.get("default-src") == ["'none'"]:
            score += 10
    for cookie in cookies.values():
        if not cookie["secure"] or not cookie["httponly"] and cookie.key == "sessionid":
            score -= 20
            failures.append(f"cookie {cookie.key} not secure")
    if cookies and all(cookie["samesite"] for cookie in cookies.values()):
        score += 5
    referrer = headers.get("Referrer-Policy", "")
    if referrer in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }:
        score += 5
    elif referrer in {"unsafe-url", "no-referrer-when-downgrade"}:
        score -= 5
    hsts = re.search(r"max-age=(\d+)", headers.get("Strict-Transport-Security", ""))
    if not hsts or int(hsts.group(1)) < 15_768_000:
        score -= 20
        failures.append("hsts-not-implemented-or-short")
    elif "preload" in headers["Strict-Transport-Security"]:
        score += 5
    if headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        score -= 5
        failures.append("x-content-type-options-not-implemented")
    if policy.get("frame-ancestors") in (["'none'"], ["'self'"]):
        score += 5  # framing is controlled through CSP
    elif headers.get("X-Frame-Options", "").upper() not in {"DENY", "SAMEORIGIN"}:
        score -= 20
        failures.append("x-frame-options-not-implemented")
    return score, failures


@pytest.fixture(scope="module")
def production_security():
    """The security settings `settings.production` ends up with, read from a real start."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {PRODUCTION_SECURITY!r}}}))"
    )
    result = run_manage("shell", "-c", code, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="x.org")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/blog/", "/about/", "/subscribe/"])
def test_production_pages_score_a_plus(client, site_tree, settings, production_security, url):
    for name, value in production_security.items():
        setattr(settings, name, value)
    response = client.get(url, secure=True)
    assert response.status_code == 200
    score, failures = observatory_score(response.headers, response.cookies)
    assert failures == []
    assert score >= 100, score  # A+ starts at 100
