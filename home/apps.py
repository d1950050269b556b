from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from home.chrome import forget_chrome, forget_chrome_for_page_delete
        from home.models import EditorialTeamMember, Menu, MenuItem, SiteSettings

        # What the chrome shows depends on these; any change rebuilds it on the next request.
        for model in (SiteSettings, EditorialTeamMember, Menu, MenuItem, Site):
            post_save.connect(forget_chrome, sender=model, dispatch_uid=f"chrome-{model}")
            post_delete.connect(forget_chrome, sender=model, dispatch_uid=f"chrome-del-{model}")
        author = apps.get_model("posts", "Author")
        post_save.connect(forget_chrome, sender=author, dispatch_uid="chrome-author")
        post_delete.connect(forget_chrome, sender=author, dispatch_uid="chrome-del-author")
        # Menu labels follow page titles, and items hide when their page goes away.
        page_published.connect(forget_chrome, dispatch_uid="chrome-published")
        page_unpublished.connect(forget_chrome, dispatch_uid="chrome-unpublished")
        post_page_move.connect(forget_chrome, dispatch_uid="chrome-moved")
        post_delete.connect(forget_chrome_for_page_delete, dispatch_uid="chrome-page-deleted")
