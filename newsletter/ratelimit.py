"""A per-network limit on sign-ups, counted in Django's cache (shared when REDIS_URL is set)."""

import ipaddress

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def client_network(request):
    """The client's address; for IPv6 its /64, since one household holds a whole /64."""
    raw = request.META.get(settings.NEWSLETTER_CLIENT_IP_HEADER, "")
    # X-Forwarded-For is a list; only the last entry, added by our own proxy, can be trusted.
    raw = raw.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def allow_signup(request):
    """Count this attempt; False once the network has used up its allowance for the hour."""
    key = f"newsletter:signups:{client_network(request)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:
        # The entry expired between add() and incr(): this is the first attempt of a new window.
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        attempts = 1
    return attempts <= settings.NEWSLETTER_SIGNUPS_PER_HOUR
