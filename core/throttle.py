"""Counting attempts per client network in a time window, in Django's cache (shared by every
worker and instance when REDIS_URL is set)."""

from django.core.cache import cache

from core.client_ip import client_network


def _key(scope, request):
    return f"throttle:{scope}:{client_network(request)}"


def count_attempt(scope, request, window_seconds):
    """Count one attempt; the number made in this window so far, this one included."""
    key = _key(scope, request)
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:
        # The entry expired between add() and incr(): the first attempt of a new window.
        cache.set(key, 1, timeout=window_seconds)
        return 1


def attempts_made(scope, request):
    return cache.get(_key(scope, request), 0)
