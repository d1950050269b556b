#!/usr/bin/env python
"""Benchmark: seed N demo posts into a fresh database and print wall time and peak memory.

Usage: .venv/bin/python bench/load_demo.py [--posts 2000 [10000 ...]] [--database-url URL]
Each size is loaded into a fresh throwaway SQLite file (or, with a PostgreSQL URL, into that
database, which should be empty). Several sizes show whether memory grows with the number of
posts: it should not (demo/builder.py writes posts in batches and keeps none of them).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env, *args):
    """Run a manage.py command; its own peak memory (MiB), from the kernel's accounting."""
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env)
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return usage.ru_maxrss / 1024


def measure(posts, database_url):
    with tempfile.TemporaryDirectory() as workdir:
        url = database_url or f"sqlite:///{workdir}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": workdir}
        manage(env, "migrate", "-v0")
        started = time.monotonic()
        peak_mib = manage(env, "load_demo", "--posts", str(posts))
        return time.monotonic() - started, peak_mib


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[2000])
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    for posts in options.posts:
        elapsed, peak_mib = measure(posts, options.database_url)
        print(f"load_demo --posts {posts}: {elapsed:.1f} s, peak memory {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
