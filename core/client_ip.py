"""Who is asking: the client's network, as every rate limit counts it."""

import ipaddress

from django.conf import settings


def client_network(request):
    """The client's address; for IPv6 its /64, since one household holds a whole /64.

    Behind the front server the address arrives in a header (CLIENT_IP_HEADER, e.g.
    HTTP_X_REAL_IP); directly, in REMOTE_ADDR.
    """
    raw = request.META.get(settings.CLIENT_IP_HEADER, "")
    # X-Forwarded-For is a list; only the last entry, added by our own proxy, can be trusted.
    raw = raw.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6 and address.ipv4_mapped:
        # ::ffff:203.0.113.9 from a dual-stack socket is that IPv4 client, not a /64 of all.
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
