from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "taxonomy"
    verbose_name = "Topics"
    default_auto_field = "django.db.models.BigAutoField"
