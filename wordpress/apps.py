from django.apps import AppConfig


class WordPressConfig(AppConfig):
    name = "wordpress"
    label = "wordpress"
    verbose_name = "WordPress import"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import invalidation

        from .term_redirects import EVENTS, on_content_change

        # Old tag and category addresses follow their tag as posts come and go (see there).
        invalidation.register(on_content_change, EVENTS)
