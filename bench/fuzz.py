#!/usr/bin/env python
"""Benchmark: a long fuzz run (default 10,000 malformed requests across every route) against
the demo site, printing counts by status. Any 5xx is listed and makes the run fail.

Usage: .venv/bin/python bench/fuzz.py [--requests 10000] [--seed 2026]

The requests come from tests/fuzzing.py, the generator the bounded test in
tests/core/test_fuzz.py uses; the demo site is built in a throwaway SQLite database.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="bench-fuzz-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="settings.test",
        DATABASE_URL=f"sqlite:///{workdir}/fuzz.sqlite3",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tests.fuzzing import fuzz_requests, send

    call_command("migrate", verbosity=0)
    call_command("load_demo", posts=45, stdout=io.StringIO())
    client = Client(raise_request_exception=False)
    statuses, failures = Counter(), []
    started = time.monotonic()
    for request in fuzz_requests(options.requests, seed=options.seed):
        status = send(client, request).status_code
        statuses[status] += 1
        if status >= 500:
            failures.append((status, request))
    elapsed = time.monotonic() - started
    print(f"{options.requests:,} requests (seed {options.seed}) in {elapsed:.0f} s")
    for status, count in sorted(statuses.items()):
        print(f"  {status}: {count:,}")
    for status, request in failures[:20]:
        print(f"  {status} {request.method} {request.path!r} {request.params} {request.body}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
