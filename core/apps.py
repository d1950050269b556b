from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps

        from core import (
            checks,  # noqa: F401 (checks register themselves)
            front_cache,
            generation,
            invalidation,
            pagination,
            signal_handlers,
        )

        signal_handlers.connect()
        # Images and documents: a page shows their renditions, titles and addresses.
        invalidation.watch(apps.get_model("wagtailimages", "Image"), invalidation.MEDIA)
        invalidation.watch(apps.get_model("wagtaildocs", "Document"), invalidation.MEDIA)
        invalidation.register_cache_keys(generation.cache_keys, events=generation.CACHE_EVENTS)
        invalidation.register_cache_keys(pagination.cache_keys, events=pagination.CACHE_EVENTS)
        # Every event, including any added later: the sidebar and menus are on every page.
        invalidation.register(front_cache.purge_site)
