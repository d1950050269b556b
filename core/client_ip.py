"""Who is asking: the client's address and network, as every rate limit counts them."""

import ipaddress

from django.conf import settings


def _client_ip(request):
    """The client's address, or None when the request carries no valid one.

    Behind the front server the address arrives in a header (CLIENT_IP_HEADER, e.g.
    HTTP_X_REAL_IP); directly, in REMOTE_ADDR.
    """
    raw = request.META.get(settings.CLIENT_IP_HEADER, "")
    # X-Forwarded-For is a list; only the last entry, added by our own proxy, can be trusted.
    raw = raw.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        # ::ffff:203.0.113.9 from a dual-stack socket is that IPv4 client, not a /64 of all.
        return address.ipv4_mapped
    return address


def _household(address):
    # One household holds a whole IPv6 /64, so it counts as one client.
    return ipaddress.ip_network(f"{address}/64", strict=False)


def client_network(request):
    """The client's address; for IPv6 its /64; "unknown" without a valid address."""
    address = _client_ip(request)
    if address is None:
        return "unknown"
    return str(_household(address)) if address.version == 6 else str(address)


def client_address(request):
    """The same client as a plain address, for records that store one (django-axes's
    AXES_CLIENT_IP_CALLABLE): for IPv6 the first address of its /64; None without one."""
    address = _client_ip(request)
    if address is None:
        return None
    return str(_household(address).network_address) if address.version == 6 else str(address)
