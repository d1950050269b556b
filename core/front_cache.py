"""Purging the front server's page cache (nginx `proxy_cache`) after every content event.

The sidebar (tag cloud, archive box, subscribe box) and the menus are on every page, so any
publish, unpublish, move, tag, author, settings or menu change alters every page: the whole
site is purged, not a list of URLs. The hub (`core.invalidation`) calls `purge_site` only once
the change has committed, so nginx cannot re-fill its cache from rows that are then rolled
back, and `proxy_cache_lock` lets only one request per URL through to the app while the cache
refills, so a purge does not turn into a stampede.

The purge itself is a task (`purge_site_task`), run by the worker in production.
`purge_site` goes through Wagtail's `frontend_cache` (its `WAGTAILFRONTENDCACHE` setting and
`purge_urls_from_cache`), so a CDN backend can be added beside nginx's in settings alone.
"""

import logging
import os
from pathlib import Path

from django.conf import settings
from django_tasks import task
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Site

logger = logging.getLogger(__name__)


class NginxCacheDirBackend(BaseBackend):
    """Empties nginx's `proxy_cache_path` folder, whichever URLs it is asked to purge.

    nginx keeps only the keys in shared memory and the responses in files; a key whose file is
    gone is a miss, and the next request stores a fresh copy. Debian's cache-purge module
    (2.3) purges one exact key per request and has no wildcard, so one folder walk is both
    simpler and complete. The app's user must be able to delete files in `CACHE_DIR` (the same
    user as nginx's workers, or a shared group with the folder set-gid).
    """

    def __init__(self, params):
        super().__init__(params)
        self.cache_dir = Path(params["CACHE_DIR"])

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        removed = 0
        # nginx writes each response to its temporary folder (proxy_temp_path, outside this
        # one) and renames it into place, so only complete cache files are ever seen here.
        for folder, _dirs, files in os.walk(self.cache_dir):
            for name in files:
                try:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
                except FileNotFoundError:
                    pass  # nginx's cache manager evicted it meanwhile
        logger.info("Purged %d cached responses from %s", removed, self.cache_dir)


def purge_site(change):
    """The hub consumer: purge every site's pages from the front cache(s), in a task on the
    queue's `default` queue (the digest's emails have their own, so never delay it)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return  # no front server configured (development, tests)
    purge_site_task.enqueue()


# First in the queue: while a purge waits behind a rendition or a re-index, nginx keeps
# serving pages that were just unpublished or made private.
@task(priority=100)
def purge_site_task():
    roots = [site.root_url + "/" for site in Site.objects.all()]
    purge_urls_from_cache(roots or [settings.WAGTAILADMIN_BASE_URL + "/"])
