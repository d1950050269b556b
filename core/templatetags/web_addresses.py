from django import template

from core.web_addresses import web_address_or_empty

register = template.Library()


@register.filter
def web_address(value):
    """The address if it is an http(s) one, else "" (see core/web_addresses.py)."""
    return web_address_or_empty(value)
