#!/usr/bin/env python
"""Benchmark: seed N demo posts into a fresh database and print wall time and peak memory.

Usage: .venv/bin/python bench/load_demo.py [--posts 2000] [--database-url URL]
Defaults to a throwaway SQLite file; pass a PostgreSQL URL to measure that instead.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        url = options.database_url or f"sqlite:///{workdir}/bench.sqlite3"
        env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": workdir}
        manage(env, "migrate", "-v0")
        started = time.monotonic()
        manage(env, "load_demo", "--posts", str(options.posts))
        elapsed = time.monotonic() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"load_demo --posts {options.posts}: {elapsed:.1f} s, peak memory {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
