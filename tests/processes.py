"""Real processes for tests of the task queue and the scheduler: `manage.py db_worker` and
friends running against the test database, and a local SMTP server that receives their mail.

The test database is handed to the processes as it is: PostgreSQL's test database is a real
one they connect to (the test must commit: `django_db(transaction=True)`); SQLite's is in
memory, so it is copied into a file for them and copied back when they are done.
"""

import asyncio
import email
import os
import socket
import sqlite3
import subprocess
import sys
import threading
from contextlib import contextmanager
from email import policy
from pathlib import Path
from urllib.parse import quote

from aiosmtpd.controller import Controller
from django.db import connection

PROJECT = Path(__file__).resolve().parent.parent
PROCESS_TIMEOUT = 180


def database_url():
    settings = connection.settings_dict
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


@contextmanager
def shared_database(tmp_path):
    """Yields a DATABASE_URL for other processes holding what the test committed; what they
    write is in the test's database afterwards."""
    if connection.vendor == "postgresql":
        yield database_url()
        return
    connection.ensure_connection()
    path = tmp_path / "shared.sqlite3"
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    try:
        yield f"sqlite:///{path}"
    finally:
        with sqlite3.connect(path) as copy:
            copy.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            copy.backup(connection.connection)


def process_env(database, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "EMAIL_BACKEND", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.process_settings",
        DATABASE_URL=database,
        PYTHONUNBUFFERED="1",
        **{key: str(value) for key, value in extra.items()},
    )
    return env


def start_manage(*args, database, **extra):
    """`manage.py *args` in the background; `finish()` it."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=process_env(database, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process):
    """Wait for a process started by `start_manage`; its output. Fails on a non-zero exit."""
    try:
        output, _ = process.communicate(timeout=PROCESS_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise AssertionError(f"{process.args} did not finish:\n{output}") from None
    assert process.returncode == 0, f"{process.args} failed:\n{output}"
    return output


def run_together(*commands, database, **extra):
    """Start every command (an argv tuple) at once and wait for all; their outputs."""
    processes = [start_manage(*command, database=database, **extra) for command in commands]
    return [finish(process) for process in processes]


# A task worker that runs every queue until nothing is left, then exits.
WORKER = (
    "db_worker",
    "--batch",
    "--queue-name",
    "*",
    "--interval",
    "0.1",
    "--no-startup-delay",
    "--no-reload",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPSink:
    """A real SMTP server on loopback that keeps every message it receives."""

    def __init__(self, delay=0.0):
        self.messages = []
        self.delay = delay
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.delay:
            await asyncio.sleep(self.delay)  # a real server takes a moment per message
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    @property
    def port(self):
        return self.controller.port

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()
