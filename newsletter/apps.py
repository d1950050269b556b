from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Email updates"

    def ready(self):
        from core import invalidation, personal_data
        from newsletter import personal_data as subscriber_data
        from newsletter.templatetags.newsletter_tags import CACHE_EVENTS, cache_keys

        # The subscribe box caches page URLs; the hub clears them once a change commits.
        invalidation.register_cache_keys(cache_keys, events=CACHE_EVENTS)
        # `manage.py personal_data` answers data requests across apps.
        personal_data.register(
            "newsletter", subscriber_data.export_for_email, subscriber_data.erase_for_email
        )
