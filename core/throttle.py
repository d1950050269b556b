"""Counting attempts per client network in a time window, in Django's cache (shared by every
worker and instance when REDIS_URL is set)."""

from django.core.cache import cache

from core.client_ip import client_network


def _key(scope, request):
    return f"throttle:{scope}:{client_network(request)}"


def count_attempt(scope, request, window_seconds):
    """Count one attempt; the number made so far, this one included. The window runs from
    the latest attempt, so a client that keeps trying stays counted."""
    key = _key(scope, request)
    if cache.add(key, 1, timeout=window_seconds):
        return 1
    try:
        attempts = cache.incr(key)
    except ValueError:
        # The entry expired between add() and incr(): the first attempt of a new window.
        cache.set(key, 1, timeout=window_seconds)
        return 1
    # Some backends' incr() (the file cache's) stores the count again with the default
    # timeout, which would end the window early.
    cache.touch(key, window_seconds)
    return attempts
