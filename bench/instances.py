#!/usr/bin/env python
"""Benchmark: the post page through the front server with 1 and then 2 app instances, in one run.

Usage: .venv/bin/python bench/instances.py [--seconds 8] [--database-url URL] [--redis-url URL]
                                           [--workers 2]

Starts `deploy/prod` with APP_INSTANCES=1, measures, stops it, starts it again on the same
database and media with APP_INSTANCES=2, measures again, and prints for each:
  cached    an anonymous reader: nginx answers from its page cache (the instances idle);
  uncached  with a `sessionid` cookie, so nginx passes every request to an instance (the
            app's own fragment caches still work, as on a front-cache miss).
Each instance runs --workers gunicorn workers (GUNICORN_WORKERS). The database is a throwaway
SQLite file unless --database-url names one (PostgreSQL: an empty database, or one already
holding the demo); --redis-url gives the instances a shared cache (without it they share
files under the run folder, which works on one machine only).

On one machine the instances share its cores with nginx and wrk, so the second instance adds
throughput only while cores are idle; on separate machines each brings its own. The ratio
2/1 from one run is the figure to read.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import SESSION_COOKIE, fetch, free_port, wrk

ROOT = Path(__file__).resolve().parent.parent
PROD = ROOT / "deploy" / "prod"
POST_SCRIPT = (
    "from posts.models import PostPage\nprint(PostPage.objects.live().order_by('-date')[5].url)"
)


def stack_env(work, instances, options):
    port = free_port()
    env = {
        **os.environ,
        "PROD_PORT": str(port),
        # Instance i on APP_BASE_PORT + i - 1 (the next port is almost always free too).
        "APP_BASE_PORT": str(free_port()),
        "PROD_RUN_DIR": str(work / f"run-{instances}"),
        "APP_INSTANCES": str(instances),
        "GUNICORN_WORKERS": str(options.workers),
        "DATABASE_URL": options.database_url or f"sqlite:///{work / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "CACHE_DIR": str(work / "django-cache"),
    }
    if options.redis_url:
        env["REDIS_URL"] = options.redis_url
    return env, f"http://127.0.0.1:{port}"


def measure(work, instances, options):
    env, base = stack_env(work, instances, options)
    subprocess.run([str(PROD), "start"], env=env, check=True, stdout=subprocess.DEVNULL)
    try:
        post = subprocess.run(
            [str(PROD), "manage", "shell", "-c", POST_SCRIPT],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        url = base + post
        for _ in range(3 * instances):  # every worker of every instance warm
            fetch(url)
            fetch(url, SESSION_COOKIE)
        cached = wrk(url, options.seconds)
        time.sleep(2)
        uncached = wrk(url, options.seconds, SESSION_COOKIE)
    finally:
        subprocess.run([str(PROD), "stop"], env=env, check=False, stdout=subprocess.DEVNULL)
    return cached, uncached


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="bench-instances-"))
    try:
        results = {n: measure(work, n, options) for n in (1, 2)}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"\nwrk -t2 -c16 -d{options.seconds}s, post page through nginx, "
        f"{options.workers} gunicorn workers per instance"
    )
    print(f"{'instances':<10}{'':>4}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
    for kind, column in (("cached", 0), ("uncached", 1)):
        for n in (1, 2):
            rate, p50, p99 = results[n][column]
            print(f"{n:<10}{kind:>8}{rate:>10,.1f}{p50:>9.2f}{p99:>9.2f}")
        ratio = results[2][column][0] / results[1][column][0]
        print(f"{'':<10}{kind:>8}  2 instances / 1 = {ratio:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
