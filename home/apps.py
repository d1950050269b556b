from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import invalidation
        from home import chrome
        from home.models import EditorialTeamMember, Menu, MenuItem, SiteSettings

        invalidation.watch(SiteSettings, invalidation.SETTINGS)
        invalidation.watch(EditorialTeamMember, invalidation.SETTINGS)
        invalidation.watch(Menu, invalidation.MENU)
        invalidation.watch(MenuItem, invalidation.MENU)
        invalidation.register_cache_keys(chrome.cache_keys, events=chrome.CACHE_EVENTS)
