from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_init, post_save

        from comments import moderation, personal_data
        from comments.models import Comment, CommentSettings
        from core import invalidation
        from core import personal_data as data_requests

        # The comment section caches the settings' values with the comments it shows.
        invalidation.watch(CommentSettings, invalidation.SETTINGS)
        post_init.connect(moderation.remember_status, sender=Comment, dispatch_uid="comments-init")
        post_save.connect(moderation.comment_saved, sender=Comment, dispatch_uid="comments-save")
        post_delete.connect(
            moderation.comment_deleted, sender=Comment, dispatch_uid="comments-delete"
        )
        data_requests.register("comments", personal_data.export, personal_data.erase)
