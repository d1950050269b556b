"""One place that answers a person's data request, whichever apps hold data about them.

Apps that store what readers type (the newsletter's subscribers, the comments' commenters)
register a provider in their `ready()`; `manage.py personal_data export|erase EMAIL` runs every
provider, so a request is answered in full without core knowing the apps (they sit above it).

A provider is a name and two callables taking the e-mail address:
`export(email)` returns plain data ready for JSON (None when it holds nothing about them) and
`erase(email)` removes or anonymises it and returns how many records it changed.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    name: str
    export: Callable
    erase: Callable


_providers: dict[str, Provider] = {}


def register(name, export, erase):
    _providers[name] = Provider(name, export, erase)


def providers():
    return [_providers[name] for name in sorted(_providers)]


def export_all(email):
    """{provider name: its data} for the providers that hold something about `email`."""
    found = {}
    for provider in providers():
        data = provider.export(email)
        if data:
            found[provider.name] = data
    return found


def erase_all(email):
    """{provider name: records changed} after every provider erased what it holds."""
    return {provider.name: provider.erase(email) for provider in providers()}
