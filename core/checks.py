"""Start-up checks of the deployment (run by `manage.py check` and before serving)."""

from django.conf import settings
from django.core import checks

from core.file_cache import SoftFileBasedCache, unusable_reason


@checks.register(checks.Tags.caches)
def file_caches_are_writable(app_configs, **kwargs):
    problems = []
    for alias, config in settings.CACHES.items():
        backend = config.get("BACKEND", "")
        if not backend.endswith("filebased.FileBasedCache") and backend != (
            f"{SoftFileBasedCache.__module__}.{SoftFileBasedCache.__name__}"
        ):
            continue
        reason = unusable_reason(config["LOCATION"])
        if reason:
            problems.append(
                checks.Warning(
                    f"The {alias!r} cache cannot write to {config['LOCATION']}: {reason}",
                    hint="Set CACHE_DIR to a writable folder outside the code (or REDIS_URL). "
                    "Until then pages are served uncached.",
                    id="core.W001",
                )
            )
    return problems
