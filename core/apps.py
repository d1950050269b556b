from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import invalidation, pagination, signal_handlers

        signal_handlers.connect()
        invalidation.register_cache_keys(pagination.cache_keys, events=pagination.CACHE_EVENTS)
