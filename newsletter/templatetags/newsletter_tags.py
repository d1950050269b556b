"""The sidebar subscribe box: whether there is a subscribe page, and the other ways to follow;
and the subscribe page's own list of feeds (the blog's and its main topics') and follow links.

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

FEEDS_KEY = "newsletter:feeds:{site_id}"
# The topics with the most posts change as posts come and go and as tags change or merge.
FEEDS_EVENTS = CACHE_EVENTS | {invalidation.TAG, invalidation.TAGS_MERGED}
# The subscribe page lists this many topics' feeds; every topic page links its own.
TOPIC_FEEDS = 8


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


def feeds_cache_keys():
    return invalidation.site_keys(lambda pk: FEEDS_KEY.format(site_id=pk or 0))


def _feeds(site):
    """The blog's feeds and its main topics' feeds for a site, cached until the hub clears
    them: one query for the blog and one for the topics, on the first view after a change."""
    key = FEEDS_KEY.format(site_id=site.pk if site else 0)
    feeds = cache.get(key)
    if feeds is None:
        blogs = BlogIndexPage.objects.live().public()
        blog = (blogs.in_site(site) if site is not None else blogs).first()
        feeds = {"rss": "", "atom": "", "topics_url": "", "topics": []}
        if blog is not None:
            base = blog.get_url()
            feeds = {
                "rss": base + blog.reverse_subpage("feed"),
                "atom": base + blog.reverse_subpage("atom_feed"),
                "topics_url": base + blog.reverse_subpage("tags"),
                "topics": [
                    {
                        "name": tag.name,
                        "url": base + blog.reverse_subpage("tag", kwargs={"slug": tag.slug}),
                        "feed": base + blog.reverse_subpage("tag_feed", kwargs={"slug": tag.slug}),
                    }
                    for tag in blog.most_used_tags(TOPIC_FEEDS)
                ],
            }
        cache.set(key, feeds, timeout=None)
    return feeds


@register.inclusion_tag("newsletter/includes/follow_links.html", takes_context=True)
def subscribe_page_follow(context, rss_enabled=True, social_links=()):
    """The subscribe page's "Other ways to follow": RSS feeds of the blog and of its main
    topics, and the social links of the site settings (passed in, as for the box)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    feeds = _feeds(site) if rss_enabled else None
    return {"feeds": feeds if feeds and feeds["rss"] else None, "social_links": social_links}


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
