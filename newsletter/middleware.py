"""Lets a RoutablePageMixin route opt out of CSRF checks with Django's own `csrf_exempt`.

Wagtail serves every page through one view, so `csrf_exempt` on a route method is invisible to
CsrfViewMiddleware. This middleware, placed before it, resolves the page (Wagtail caches the
result on the request, so serving it costs nothing more) and passes the route's mark on.
"""

from wagtail import views as wagtail_views
from wagtail.models import Page


class RoutableCsrfExemptMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
            return None
        if view_func is not wagtail_views.serve:
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        route = Page.route_for_request(request, path)
        if route is not None:
            _page, args, _kwargs = route
            if args and getattr(args[0], "csrf_exempt", False):
                request._dont_enforce_csrf_checks = True
        return None
