"""The site's name: the one helper every page, feed, metadata tag and e-mail asks."""

from django.conf import settings
from wagtail.models import Site


def site_name(site):
    """The Wagtail site's own name, else the SITE_NAME setting (a site may leave it blank)."""
    return (site and site.site_name) or settings.WAGTAIL_SITE_NAME


def site_name_for_request(request):
    # Wagtail caches the site on the request, so asking again costs nothing.
    return site_name(Site.find_for_request(request))
