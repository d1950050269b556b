from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import (
            checks,  # noqa: F401 (checks register themselves)
            front_cache,
            invalidation,
            signal_handlers,
        )

        signal_handlers.connect()
        # Every event, including any added later: the sidebar and menus are on every page.
        invalidation.register(front_cache.purge_site)
