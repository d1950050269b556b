"""Old WordPress query-string links (/?p=123, /?page_id=7) answer with their redirect.

Wagtail's redirect middleware only acts on 404s, and "/?p=123" is the home page (a 200), so the
importer's Redirect rows for these links are served from here, before the page itself.
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from .redirects import QUERY_KEYS


@hooks.register("before_serve_page")
def redirect_wordpress_query_links(page, request, serve_args, serve_kwargs):
    key = next((key for key in QUERY_KEYS if key in request.GET), None)
    if key is None:
        return None
    # Match on the WordPress parameter alone, so tracking parameters do not defeat the redirect.
    old_path = Redirect.normalise_path(f"{request.path}?{key}={request.GET[key]}")
    site = Site.find_for_request(request)
    redirect = Redirect.get_for_site(site).filter(old_path=old_path).order_by("site").first()
    if redirect is None or redirect.link is None:
        return None
    if redirect.is_permanent:
        return HttpResponsePermanentRedirect(redirect.link)
    return HttpResponseRedirect(redirect.link)
