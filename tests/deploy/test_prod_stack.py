"""The production stack through its front door (nginx on loopback), as readers and editors
meet it: cached pages, purges on publish and settings changes, slow clients, media and
documents, health, compression. One stack for the module (conftest.py)."""

import io
import os
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image as PILImage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from tests.deploy.conftest import until
from tests.support import post_form_data

# Every test of the module on one xdist worker, so one stack serves them all (pyproject's
# `--dist loadgroup`).
pytestmark = [pytest.mark.deploy, pytest.mark.xdist_group("deploy")]

BROTLI = os.path.exists("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")


@pytest.fixture(scope="module")
def demo(stack):
    """Where the demo content put things in the stack's database."""
    return stack.query(
        "import json\n"
        "from django.db.models import Count, Q\n"
        "from posts.models import BlogIndexPage, PostPage\n"
        "from taxonomy.models import Tag\n"
        "blog = BlogIndexPage.objects.get()\n"
        "tag = Tag.objects.annotate(n=Count('posts')).order_by('-n').first()\n"
        "post = PostPage.objects.live().public().first()\n"
        "print(json.dumps({'blog_id': blog.pk, 'blog': blog.url, 'tag': tag.name,"
        " 'tag_slug': tag.slug, 'post': post.url}))"
    )


def test_the_second_anonymous_request_is_a_cache_hit(stack, demo):
    first = stack.get(demo["post"])
    assert first.status_code == 200
    assert first.headers["X-Cache-Status"] in {"MISS", "HIT", "EXPIRED", "UPDATING", "STALE"}
    # A purge the worker still had queued from the stack's start may empty the cache once:
    # wait for the page to be stored, then it is served from the cache.
    assert until(lambda: stack.get(demo["post"]).headers["X-Cache-Status"] == "HIT", 10.0)
    second = stack.get(demo["post"])
    assert second.status_code == 200
    assert second.headers["X-Cache-Status"] == "HIT"
    assert second.text == first.text


def test_a_logged_in_editor_is_never_served_from_the_cache(stack, demo):
    stack.get(demo["post"])
    editor = stack.admin()
    for _ in range(2):
        response = editor.get(stack.url + demo["post"], timeout=5)
        assert response.status_code == 200
        assert response.headers["X-Cache-Status"] == "BYPASS"


def _reader_urls(demo):
    return [
        demo["blog"],
        f"{demo['blog']}tag/{demo['tag_slug']}/",
        "/",
        f"{demo['blog']}feed/",
        f"{demo['blog']}feed/atom/",
        f"{demo['blog']}tag/{demo['tag_slug']}/feed/",
        "/sitemap-posts.xml",  # the index (/sitemap.xml) lists this page, which lists posts
    ]


def _warm(stack, urls):
    """Every URL stored in nginx's cache, so what follows proves a purge."""
    for url in urls:
        stack.get(url, timeout=30)  # a first render on a busy machine may be slow
        # A purge the worker still had queued from the stack's start (the demo's renditions
        # are made in tasks) may empty the cache meanwhile: fetch until the page is stored.
        stored = until(lambda url=url: stack.get(url).headers["X-Cache-Status"] == "HIT", 10.0)
        assert stored, url


def _late(stack, urls, shows):
    """The URLs where `shows(response)` did not become true within one second of now, each
    polled in its own thread (a reader's view of each page, not of the list in turn)."""

    def seen(url):
        return until(lambda: shows(stack.get(url)), within=1.0)

    with ThreadPoolExecutor(len(urls)) as pool:
        return [url for url, ok in zip(urls, pool.map(seen, urls), strict=True) if not ok]


def test_a_post_published_and_unpublished_in_the_admin_shows_and_goes_within_a_second(stack, demo):
    urls = _reader_urls(demo)
    _warm(stack, urls)
    marker = uuid.uuid4().hex[:8]
    title, slug = f"Fresh from the admin {marker}", f"fresh-{marker}"
    post_url = f"{demo['blog']}{slug}/"
    now = datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=5)
    editor = stack.admin()

    response = editor.post(
        f"{stack.url}/admin/pages/add/posts/postpage/{demo['blog_id']}/",
        data=post_form_data(
            title=title,
            slug=slug,
            date=now.strftime("%Y-%m-%d %H:%M:%S"),
            tags=f'"{demo["tag"]}"',
            intro="Fresh from the admin.",
            **{"action-publish": "Publish"},
        ),
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:2000]
    assert _late(stack, [post_url, *urls], lambda response: slug in response.text) == []
    # And cached again (once the publish's own queued tasks, which may purge, are done).
    assert until(lambda: stack.get(post_url).headers["X-Cache-Status"] == "HIT", within=10.0)

    page_id = stack.query(
        f"from wagtail.models import Page; print(Page.objects.get(slug='{slug}').pk)"
    )
    response = editor.post(
        f"{stack.url}/admin/pages/{page_id}/unpublish/", allow_redirects=False, timeout=10
    )
    assert response.status_code == 302, response.text[:2000]
    assert _late(stack, [post_url], lambda response: response.status_code == 404) == []
    assert _late(stack, urls, lambda response: slug not in response.text) == []


def _settings_form(disclaimer):
    return nested_form_data(
        {
            "welcome_title": "Welcome",
            "welcome_text": rich_text(""),
            "editorial_team": inline_formset([]),
            "rss_enabled": "on",
            "email_updates_page": "",
            "facebook_url": "",
            "x_url": "",
            "mastodon_url": "",
            "bluesky_url": "",
            "linkedin_url": "",
            "disclaimer": rich_text(disclaimer),
            "privacy_page": "",
            "copyright_line": "",
        }
    )


def test_a_settings_change_shows_on_every_page_type_within_a_second(stack, demo):
    pages = ["/", demo["blog"], demo["post"], "/about/"]
    _warm(stack, pages)
    editor = stack.admin()
    edit = editor.get(f"{stack.url}/admin/settings/home/sitesettings/", timeout=10)
    assert edit.status_code == 200
    disclaimer = f"Not legal advice, {uuid.uuid4().hex[:8]}."
    response = editor.post(
        edit.url, data=_settings_form(f"<p>{disclaimer}</p>"), allow_redirects=False, timeout=10
    )
    assert response.status_code == 302, response.text[:2000]
    assert _late(stack, pages, lambda response: disclaimer in response.text) == []


def test_slow_clients_do_not_hold_up_a_normal_request(stack, demo):
    # A stored page: the measure is nginx's, which must not wait on the dribbling sockets
    # (the app's own speed on a busy machine is not what this test is about).
    _warm(stack, [demo["blog"]])
    dribblers = []
    try:
        for _ in range(64):
            conn = socket.create_connection(("127.0.0.1", stack.port), timeout=5)
            conn.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            dribblers.append(conn)
        for round_ in range(3):
            for conn in dribblers:
                conn.sendall(b"X-Slow: " + bytes([97 + round_]))  # a few bytes at a time
            started = time.monotonic()
            response = stack.get(demo["blog"])
            assert response.status_code == 200
            assert time.monotonic() - started < 1.0
            time.sleep(0.3)
    finally:
        for conn in dribblers:
            conn.close()


def _png(colour):
    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_uploaded_images_and_renditions_are_served_by_nginx_with_their_type(stack):
    editor = stack.admin()
    name = f"upload-{uuid.uuid4().hex[:8]}"
    response = editor.post(
        f"{stack.url}/admin/images/add/",
        data={"title": name},
        files={"file": (f"{name}.png", _png("teal"), "image/png")},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:2000]
    urls = stack.query(
        "import json\n"
        "from wagtail.images.models import Image\n"
        f"image = Image.objects.get(title='{name}')\n"
        "print(json.dumps([image.file.url, image.get_rendition('width-100|format-webp').url]))"
    )
    for url, content_type in zip(urls, ["image/png", "image/webp"], strict=True):
        response = stack.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == content_type
        assert response.headers["Cache-Control"] == "public, max-age=86400"
        assert "X-Cache-Status" not in response.headers  # a file, not the app's answer


def test_documents_are_served_by_the_app_never_as_files(stack):
    editor = stack.admin()
    name = f"minutes-{uuid.uuid4().hex[:8]}"
    response = editor.post(
        f"{stack.url}/admin/documents/add/",
        data={"title": name},
        files={"file": (f"{name}.txt", b"Minutes of the meeting.\n", "text/plain")},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:2000]
    url, file_url = stack.query(
        "import json\n"
        "from wagtail.documents.models import Document\n"
        f"document = Document.objects.get(title='{name}')\n"
        "print(json.dumps([document.url, document.file.url]))"
    )
    # Linked from no page yet, it is for the admin only (core/documents.py).
    assert stack.get(url).status_code == 404
    served = editor.get(f"{stack.url}{url}", timeout=10)
    assert served.status_code == 200
    assert served.content == b"Minutes of the meeting.\n"
    # Through the proxy location (which the app's own checks guard), not the media alias.
    assert "X-Cache-Status" in served.headers
    assert "attachment" in served.headers["Content-Disposition"]
    assert file_url.startswith("/media/documents/")
    assert stack.get(file_url).status_code == 404


def test_healthz_answers_ok_and_is_never_cached(stack):
    for _ in range(3):
        response = stack.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
        assert "no-store" in response.headers["Cache-Control"]
        assert response.headers.get("X-Cache-Status") != "HIT"


def test_html_is_compressed(stack, demo):
    gzipped = stack.get(demo["blog"], headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert "<html" in gzipped.text
    if BROTLI:
        brotli = stack.get(demo["blog"], headers={"Accept-Encoding": "br"}, stream=True)
        assert brotli.headers["Content-Encoding"] == "br"
        brotli.close()
