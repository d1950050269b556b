from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the receivers that keep the cached archive navigation fresh.
        # Connects the receivers that re-index a post once its authors and tags are saved.
        from posts import (
            archive,  # noqa: F401
            search,  # noqa: F401
        )
