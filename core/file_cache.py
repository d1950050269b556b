"""The file cache production uses without Redis, made to fail soft.

A cache only saves work: when its folder cannot be written (a read-only disk, a wrong owner,
a full volume), pages must still render, uncached. Django's file cache raises instead, which
turns every page into a 500. This one logs the error and answers as a cache miss. A system
check (core/checks.py) reports an unusable folder when the site starts.
"""

import logging
import os
import tempfile

from django.core.cache.backends.filebased import FileBasedCache

logger = logging.getLogger(__name__)


class SoftFileBasedCache(FileBasedCache):
    _reported = False

    def report(self, error):
        # Once per process: a broken cache would otherwise log on every lookup of every page.
        if not SoftFileBasedCache._reported:
            SoftFileBasedCache._reported = True
            logger.error("File cache at %s is unusable, serving uncached: %s", self._dir, error)

    def _soft(self, method, fallback, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except OSError as error:
            self.report(error)
            return fallback

    def _createdir(self):
        # Called when the cache is first used by a request, as well as before each write.
        self._soft(super()._createdir, None)

    def get(self, key, default=None, version=None):
        return self._soft(super().get, default, key, default, version)

    def add(self, *args, **kwargs):
        return self._soft(super().add, False, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._soft(super().set, None, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._soft(super().touch, False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._soft(super().delete, False, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._soft(super().has_key, False, *args, **kwargs)

    def clear(self):
        return self._soft(super().clear, None)


def unusable_reason(directory):
    """Why the cache cannot write into `directory`, or None if it can."""
    try:
        os.makedirs(directory, 0o700, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory):
            pass
    except OSError as error:
        return str(error)
    return None
