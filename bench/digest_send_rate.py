#!/usr/bin/env python
"""Benchmark: the weekly digest's send rate through the task queue into a local SMTP server.

Usage: .venv/bin/python bench/digest_send_rate.py [--subscribers 20000] [--workers 1 2]
       [--batch-size 200] [--database-url URL]

Builds a throwaway site (a fresh SQLite file, or the given PostgreSQL database, which should
be empty) with three new posts and N confirmed subscribers, starts an SMTP server on loopback
(aiosmtpd, in this process), then for each worker count: enqueues the digest
(`send_digest --enqueue`), starts that many `manage.py db_worker` processes and times them
until the queue is empty. Prints emails received, seconds and emails per second. Between runs
the delivery records are wiped so each run sends to everyone again.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent

SEED = """
import datetime
from django.utils import timezone
from newsletter.models import Subscriber
from posts.models import PostPage

week_ago = timezone.now() - datetime.timedelta(days=7)
Subscriber.objects.bulk_create(
    (
        Subscriber(
            email=f"reader{n}@example.org",
            status=Subscriber.Status.ACTIVE,
            confirmed_at=week_ago,
            digest_cursor=week_ago,
        )
        for n in range(COUNT)
    ),
    batch_size=2000,
)
# The three newest demo posts went out yesterday; older ones before everyone subscribed.
newest = list(PostPage.objects.order_by("-date").values_list("pk", flat=True)[:3])
long_ago = week_ago - datetime.timedelta(days=60)
PostPage.objects.exclude(pk__in=newest).update(first_published_at=long_ago, date=long_ago)
yesterday = timezone.now() - datetime.timedelta(days=1)
PostPage.objects.filter(pk__in=newest).update(first_published_at=week_ago, date=yesterday)
print(Subscriber.objects.count(), "subscribers,", len(newest), "new posts")
"""

RESET = """
from django.db.models import F
from django_tasks_db.models import DBTaskResult
from newsletter.models import Digest, SentPost, Subscriber
SentPost.objects.all().delete()
Digest.objects.all().delete()
DBTaskResult.objects.all().delete()
Subscriber.objects.update(digest_cursor=F("confirmed_at"))
"""


class CountingSink:
    """Accepts every message and counts it (keeps no content: 20,000 emails)."""

    def __init__(self):
        self.count = 0
        self.bytes = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            self.count += 1
            self.bytes += len(envelope.original_content or b"")
        return "250 OK"


def manage(env, *args, quiet=True):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=quiet,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def run(env, sink, workers):
    manage(env, "shell", "-c", RESET)
    before = sink.count
    manage(env, "send_digest", "--enqueue")
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--queue-name",
                "email",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    for process in processes:
        process.wait()
    elapsed = time.monotonic() - started
    return sink.count - before, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()

    sink = CountingSink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as workdir:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "settings.dev",
                "DEBUG": "false",
                "DATABASE_URL": options.database_url or f"sqlite:///{workdir}/bench.sqlite3",
                "MEDIA_ROOT": workdir,
                "TASK_BACKEND": "database",
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(port),
                "NEWSLETTER_DIGEST_BATCH_SIZE": str(options.batch_size),
                "LOG_LEVEL": "ERROR",
            }
            print("setting up (migrate, demo site, subscribers)…", flush=True)
            manage(env, "migrate", "-v0")
            manage(env, "load_demo", "--posts", "12")
            print(
                manage(env, "shell", "-c", SEED.replace("COUNT", str(options.subscribers))).strip()
            )
            print(f"{'workers':>7} {'emails':>8} {'seconds':>8} {'emails/s':>9}")
            for workers in options.workers:
                sent, elapsed = run(env, sink, workers)
                print(f"{workers:>7} {sent:>8,} {elapsed:>8.1f} {sent / elapsed:>9.1f}", flush=True)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
