from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing these connects their signal receivers: `archive` keeps the cached archive
        # navigation fresh; `search` re-indexes a post once its authors and tags are saved, and
        # its posts when an author or tag is renamed.
        from posts import archive, search  # noqa: F401 (archive: receivers on import)

        search.connect_index_receivers()
        search.connect_rename_receivers()
