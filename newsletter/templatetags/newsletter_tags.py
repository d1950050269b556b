"""The sidebar subscribe box: where the form posts, and the other ways to follow the blog."""

from django import template
from django.core.cache import cache
from django.urls import reverse
from wagtail.contrib.settings.registry import registry
from wagtail.models import Site

from newsletter.forms import EMAIL_MAX_LENGTH

register = template.Library()

CACHE_KEY = "newsletter:box-urls:{site_id}"


def _urls(site):
    """The subscribe page's and blog feed's paths for a site, cached until a page changes."""
    from newsletter.models import SubscribePage
    from posts.models import BlogIndexPage

    key = CACHE_KEY.format(site_id=site.pk if site else 0)
    urls = cache.get(key)
    if urls is None:
        subscribe = SubscribePage.objects.live().public()
        blog = BlogIndexPage.objects.live().public()
        if site is not None:
            subscribe, blog = subscribe.in_site(site), blog.in_site(site)
        subscribe, blog = subscribe.first(), blog.first()
        urls = {
            "subscribe": subscribe.get_url() if subscribe else "",
            # The feed route lives at blog/feed/ (DESIGN.md), on the blog index page.
            "feed": f"{blog.get_url()}feed/" if blog else "",
        }
        cache.set(key, urls, timeout=None)
    return urls


def forget_urls(**signal_kwargs):
    """Receives page published, unpublished, moved and deleted signals."""
    site_ids = [0, *Site.objects.values_list("pk", flat=True)]
    cache.delete_many([CACHE_KEY.format(site_id=pk) for pk in site_ids])


def _site_settings(request):
    # Site settings come from the home app; without them the box offers the defaults.
    model = registry.get_by_natural_key("home", "SiteSettings")
    return model.for_request(request) if (model and request) else None


def _follow_links(site_settings, feed_url):
    links = []
    if feed_url and getattr(site_settings, "rss_enabled", True):
        links.append({"network": "RSS feed", "url": feed_url})
    links.extend(getattr(site_settings, "social_links", None) or [])
    return links


def _chosen_subscribe_url(site_settings):
    """The email updates page chosen in the site settings, if it is live ("" otherwise).
    The chrome loaded it with the settings, so this costs no query."""
    if site_settings is None or not getattr(site_settings, "email_updates_page_id", None):
        return ""
    return site_settings.page_url.email_updates_page or ""


@register.inclusion_tag("newsletter/includes/subscribe_box.html", takes_context=True)
def subscribe_box(context):
    from newsletter.models import SubscribePage

    if isinstance(context.get("page"), SubscribePage):
        return {}  # the page has the form already
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    urls = _urls(site)
    site_settings = _site_settings(request)
    # The page the admins chose wins; else the site's first subscribe page.
    page_url = _chosen_subscribe_url(site_settings) or urls["subscribe"]
    return {
        # Without a subscribe page there is nothing to sign up to: the box only links out.
        "action": reverse("newsletter:signup") if page_url else "",
        "page_url": page_url,
        "source": request.path if request else "",
        "follow_links": _follow_links(site_settings, urls["feed"]),
        "email_max_length": EMAIL_MAX_LENGTH,
        "field_prefix": "sidebar-",
    }
