"""The sidebar subscribe box: whether there is a subscribe page, and the other ways to follow.

What the site settings say (the chosen email updates page, RSS on or off, social links) is
passed in by the template that includes the box (templates/includes/sidebar/subscribe_box.html,
from the site chrome), so this app never reaches into the app that owns the settings.
"""

from django import template
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Site

from core import invalidation
from newsletter.forms import EMAIL_MAX_LENGTH
from newsletter.models import SubscribePage
from posts.models import BlogIndexPage

register = template.Library()

CACHE_KEY = "newsletter:box-urls:{site_id}"
# What moves the URLs cached here: a page appearing, going, moving or being restricted (the
# subscribe page or the blog), and a site changing (its root decides which pages are in it).
CACHE_EVENTS = invalidation.PAGE_EVENTS | {invalidation.SITE}


def _urls(site):
    """The subscribe page's and blog feed's paths for a site, cached until the hub clears them."""
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
            # The route's own address, not a string join: the blog owns where its feed lives.
            "feed": f"{blog.get_url()}{blog.reverse_subpage('feed')}" if blog else "",
        }
        cache.set(key, urls, timeout=None)
    return urls


def cache_keys():
    """Every key `_urls` may have filled: one per site, and one for requests without a site."""
    return invalidation.site_keys(lambda pk: CACHE_KEY.format(site_id=pk or 0))


def _follow_links(feed_url, rss_enabled, social_links):
    links = []
    if feed_url and rss_enabled:
        links.append({"network": "RSS feed", "url": feed_url})
    links.extend(social_links or [])
    return links


@register.inclusion_tag("newsletter/includes/subscribe_box.html", takes_context=True)
def subscribe_box(context, chosen_url="", rss_enabled=True, social_links=()):
    """`chosen_url`: the live email updates page chosen in the site settings ("" for none);
    `rss_enabled`, `social_links`: from the same settings. The defaults are a site without any."""
    if isinstance(context.get("page"), SubscribePage):
        return {}  # the page has the form already
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    urls = _urls(site)
    # The page the admins chose wins; else the site's first subscribe page.
    page_url = chosen_url or urls["subscribe"]
    return {
        # Without a subscribe page there is nothing to sign up to: the box only links out.
        "action": reverse("newsletter:signup") if page_url else "",
        "page_url": page_url,
        "source": request.path if request else "",
        "follow_links": _follow_links(urls["feed"], rss_enabled, social_links),
        "email_max_length": EMAIL_MAX_LENGTH,
        "field_prefix": "sidebar-",
    }
