from django.apps import AppConfig


class DemoConfig(AppConfig):
    # The top layer, beside `wordpress`: development set-up only (`load_demo`, `ensure_admin`),
    # no models, and nothing below imports it.
    name = "demo"
    verbose_name = "Demo content"
