from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import checks, signal_handlers  # noqa: F401 (checks register themselves)

        signal_handlers.connect()
