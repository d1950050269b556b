from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Email updates"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from newsletter.templatetags.newsletter_tags import forget_urls

        # The subscribe box caches page URLs; any change to the tree may move them.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(forget_urls, dispatch_uid=f"newsletter-forget-urls-{id(signal)}")
        post_delete.connect(forget_urls, sender=Page, dispatch_uid="newsletter-forget-urls-delete")
