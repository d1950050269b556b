from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Email updates"

    def ready(self):
        from core import invalidation, personal_data
        from newsletter import personal_data as subscriber_data
        from newsletter import signal_handlers
        from newsletter.templatetags.newsletter_tags import (
            CACHE_EVENTS,
            FEEDS_EVENTS,
            cache_keys,
            feeds_cache_keys,
        )

        # The subscribe box caches page URLs; the hub clears them once a change commits.
        invalidation.register_cache_keys(cache_keys, events=CACHE_EVENTS)
        # The subscribe page's feed list names the blog's main topics.
        invalidation.register_cache_keys(feeds_cache_keys, events=FEEDS_EVENTS)
        # A post's first publish emails the readers who asked for each new post.
        signal_handlers.connect()
        # `manage.py personal_data` answers data requests across apps.
        personal_data.register(
            "newsletter", subscriber_data.export_for_email, subscriber_data.erase_for_email
        )
