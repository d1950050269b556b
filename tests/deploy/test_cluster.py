"""Several app instances behind the front server (issue 18.6, Must show 1): two gunicorn
instances (APP_INSTANCES=2) behind nginx share the database (PostgreSQL when the suite runs on
it: a database of its own on the same server; else one SQLite file), Redis (a private
redis-server) and the media bucket (moto's S3 server). What one instance writes, the other and
the front server serve at once."""

import io
import os
import re
import shutil
import socket
import subprocess
import time
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import psycopg
import pytest
import requests
from PIL import Image as PILImage
from redis import Redis

from tests.deploy.conftest import _free_port, require_nginx, running_stack, stack_env, until
from tests.support import ready_form_data

pytestmark = [pytest.mark.deploy, pytest.mark.xdist_group("deploy")]

SIGNUPS_PER_HOUR = 3


def _free_pair():
    """A port p with p and p + 1 both free (instance A and B)."""
    for _ in range(50):
        port = _free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two consecutive free ports")


@pytest.fixture(scope="module")
def cluster_database(tmp_path_factory):
    """The suite's engine: on PostgreSQL a fresh database beside the test run's, dropped
    afterwards; on SQLite one file both instances open."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path_factory.mktemp('cluster-db') / 'db.sqlite3'}"
        return
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'blog'}_cluster_{uuid.uuid4().hex[:8]}"
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def private_redis():
    """A redis-server of the test's own, so no other run's counters meet ours."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed (apt-get install redis-server)"
    port = _free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, cluster_database, private_redis, s3_server):
    require_nginx()
    base = tmp_path_factory.mktemp("cluster")
    port, app_port = _free_port(), _free_pair()
    bucket = s3_server.new_bucket()
    env = stack_env(
        base,
        port,
        APP_INSTANCES="2",
        APP_BASE_PORT=str(app_port),
        GUNICORN_WORKERS="1",
        DATABASE_URL=cluster_database,
        REDIS_URL=private_redis,
        NEWSLETTER_SIGNUPS_PER_HOUR=str(SIGNUPS_PER_HOUR),
        **s3_server.env(bucket),
    )
    instances = [f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{app_port + 1}"]
    with running_stack(base, port, env, instances) as stack:
        yield stack


@pytest.fixture(scope="module")
def blog(cluster):
    return cluster.query(
        "import json\nfrom posts.models import BlogIndexPage\n"
        "blog = BlogIndexPage.objects.get()\nprint(json.dumps([blog.pk, blog.url]))"
    )


def test_both_instances_answer_and_nginx_spreads_requests(cluster):
    for url in cluster.instances:
        assert requests.get(url + "/healthz", timeout=5).json()["status"] == "ok"
    conf = (cluster.run_dir / "nginx.conf").read_text()
    for url in cluster.instances:
        assert f"server {url.removeprefix('http://')};" in conf
    logs = [cluster.run_dir / "logs" / f"{name}-access.log" for name in ("gunicorn", "gunicorn-2")]
    before = [path.read_text().count("\n") if path.exists() else 0 for path in logs]
    for _ in range(10):
        assert cluster.get("/healthz").status_code == 200
    after = [path.read_text().count("\n") for path in logs]
    assert all(later > earlier for earlier, later in zip(before, after, strict=True)), after


def test_a_post_published_through_a_reads_through_nginx_and_b_within_a_second(cluster, blog):
    blog_id, blog_url = blog
    instance_a, instance_b = cluster.instances
    editor = cluster.admin(instance_a)
    marker = uuid.uuid4().hex[:8]
    slug = f"cluster-{marker}"
    now = datetime.now(ZoneInfo("Europe/London")) - timedelta(minutes=5)
    response = editor.post(
        f"{instance_a}/admin/pages/add/posts/postpage/{blog_id}/",
        data=ready_form_data(
            title=f"Published on A {marker}",
            slug=slug,
            date=now.strftime("%Y-%m-%d %H:%M:%S"),
            **{"action-publish": "Publish"},
        ),
        allow_redirects=False,
        timeout=15,
    )
    assert response.status_code == 302, response.text[:2000]
    published = time.monotonic()
    path = f"{blog_url}{slug}/"

    def shows(base):
        answer = requests.get(base + path, timeout=5, allow_redirects=False)
        return answer.status_code == 200 and f"Published on A {marker}" in answer.text

    assert until(lambda: shows(cluster.url), within=1.0)
    assert until(lambda: shows(instance_b), within=1.0)
    assert time.monotonic() - published < 2.5  # both read within the second (plus a render)
    # And the front page of the blog, purged by A's publish, lists it.
    assert until(lambda: marker in cluster.get(blog_url).text, within=1.0)


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (480, 300), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_an_image_uploaded_through_a_gets_its_rendition_through_b(cluster):
    instance_a, instance_b = cluster.instances
    name = f"cluster-{uuid.uuid4().hex[:8]}"
    editor = cluster.admin(instance_a)
    response = editor.post(
        f"{instance_a}/admin/images/add/",
        data={"title": name},
        files={"file": (f"{name}.png", _png(), "image/png")},
        allow_redirects=False,
        timeout=15,
    )
    assert response.status_code == 302, response.text[:2000]
    image_id = cluster.query(
        f"from wagtail.images.models import Image; print(Image.objects.get(title='{name}').pk)"
    )
    # B reads the original from the bucket and makes a rendition of it, on the fly...
    other = cluster.admin(instance_b)
    preview = other.get(f"{instance_b}/admin/images/{image_id}/preview/width-120/", timeout=15)
    assert preview.status_code == 200
    assert PILImage.open(io.BytesIO(preview.content)).size == (120, 75)
    # ...and stored: its edit page shows one, which readers fetch through the front server.
    edit = other.get(f"{instance_b}/admin/images/{image_id}/", timeout=15)
    assert edit.status_code == 200
    rendition = re.search(r'src="(/media/images/[^"]+)"', edit.text)
    assert rendition, edit.text[:2000]
    served = cluster.get(rendition.group(1))
    assert served.status_code == 200
    assert served.headers["Content-Type"].startswith("image/")
    assert served.headers["Cache-Control"] == "public, max-age=86400"
    PILImage.open(io.BytesIO(served.content)).verify()
    # The original too; documents and other keys are not reachable through /media/.
    original = cluster.query(
        "import json\nfrom wagtail.images.models import Image\n"
        f"print(json.dumps(Image.objects.get(pk={image_id}).file.url))"
    )
    assert cluster.get(original).status_code == 200
    assert cluster.get("/media/documents/anything.pdf").status_code == 404


def test_a_signup_rate_limit_reached_through_a_holds_through_b(cluster, private_redis):
    instance_a, instance_b = cluster.instances
    # As nginx would pass it: the same reader, whichever instance answers.
    first_reader = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    reader = {"X-Real-IP": first_reader}

    def sign_up(base, number):
        return requests.post(
            f"{base}/subscribe/signup/",
            data={"email": f"cluster{number}-{uuid.uuid4().hex[:6]}@example.org"},
            headers=reader,
            allow_redirects=False,
            timeout=15,
        )

    for number in range(SIGNUPS_PER_HOUR):
        assert sign_up(instance_a, number).status_code == 200
    assert sign_up(instance_b, 99).status_code == 429
    assert sign_up(instance_a, 98).status_code == 429
    # The count lives in the shared Redis, not in either instance.
    keys = Redis.from_url(private_redis).keys(f"*throttle:newsletter-signup:{first_reader}")
    assert len(keys) == 1, keys
    # Another reader is not affected.
    reader["X-Real-IP"] = "198.51.100.7"
    assert sign_up(instance_b, 97).status_code == 200
