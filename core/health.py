"""`/healthz`: whether this app process can reach its database and its cache.

For load balancers, process supervisors and `deploy/prod`'s readiness wait. The answer names
the failing part and never the error itself (that goes to the log), and is never cached:
a front cache that kept "ok" would hide an outage.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    # A key of its own per check, so two workers checking at once cannot pass on each other's.
    key, token = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, token, timeout=10)
    try:
        return cache.get(key) == token
    finally:
        cache.delete(key)


CHECKS = {"database": _database, "cache": _cache}


@never_cache
@require_safe
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failing"
        except Exception:
            logger.exception("Health check of the %s failed", name)
            results[name] = "failing"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", **results}, status=200 if healthy else 503
    )
