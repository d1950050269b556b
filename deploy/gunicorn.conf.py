"""gunicorn's settings for the production stack (`deploy/prod`); every value can be set
from the environment. nginx in front buffers slow clients, so a few threads per worker are
enough: a thread is only busy while the app itself works."""

import os
from pathlib import Path

from django.db import connections

PROJECT = Path(__file__).resolve().parent.parent
RUN_DIR = Path(os.environ.get("PROD_RUN_DIR", PROJECT / "deploy" / "run"))

# deploy/prod names each app instance (gunicorn, gunicorn-2, …) when it runs several
# (APP_INSTANCES): its pid file and logs carry the name.
NAME = os.environ.get("GUNICORN_NAME", "gunicorn")

wsgi_app = "settings.wsgi:application"
chdir = str(PROJECT)
bind = [os.environ.get("GUNICORN_BIND", f"unix:{RUN_DIR / 'gunicorn.sock'}")]
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"

# Load Django once in the master: workers fork with it ready (faster starts and restarts,
# shared memory pages), and a broken configuration stops the start instead of every worker.
preload_app = True
# Recycle each worker after about this many requests, at staggered times, so a slow leak
# cannot grow for ever and the workers never restart all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On stop or restart, requests in progress get this long to finish.
graceful_timeout = 20
keepalive = 5

pidfile = str(RUN_DIR / f"{NAME}.pid")
accesslog = str(RUN_DIR / "logs" / f"{NAME}-access.log")
errorlog = str(RUN_DIR / "logs" / f"{NAME}-error.log")
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()


def pre_fork(server, worker):
    # Database connections the preloaded app may have opened belong to the master; a worker
    # inheriting one would share its socket (or SQLite file handle) with its siblings.
    connections.close_all()
