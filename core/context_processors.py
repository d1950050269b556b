from django.conf import settings
from wagtail.models import Site


def site_name(request):
    """The current Wagtail site's name (cached on the request by Wagtail)."""
    site = Site.find_for_request(request)
    return {"site_name": (site and site.site_name) or settings.WAGTAIL_SITE_NAME}
