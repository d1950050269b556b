from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the receivers that keep the cached archive navigation fresh.
        from posts import archive  # noqa: F401

        # Connects the receivers that re-index a post once its authors and tags are saved.
        from posts import search  # noqa: F401
