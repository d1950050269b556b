"""Wagtail's routing, remembered between content events for anonymous readers.

Wagtail finds a page by walking down the tree from the site's root, two queries a level
(a child by slug, then its specific row): six of a post view's queries, and the most Python
work left once the page's own parts are cached (posts.post_cache). Which page a path leads to
changes only when a page is published, unpublished, moved or deleted, or a site changes — all
content events — so the answer is kept under the content generation (core.generation), and a
warm view loads the page by its id in one query.

Only plain page routes are remembered: a routable page's own routes (tag pages, feeds) carry
a view and arguments, and are routed as usual. Serving is untouched: view restrictions, the
page's serve hooks and its `serve()` run as they always do.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail import views as wagtail_views
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from core import generation

NAME = "route"
# Where Wagtail keeps the route it found for a request; `Page.route_for_request` answers from it.
ROUTE_ATTR = "_wagtail_route_for_request"
UNREMEMBERED_ATTR = "_route_not_remembered"


class RouteCacheMiddleware:
    """Answers Wagtail's page routing from the cache for anonymous readers, and remembers
    each plain page route it sees served. Below AuthenticationMiddleware (it asks who is
    reading)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = getattr(request, UNREMEMBERED_ATTR, None)
        if path is not None and response.status_code == 200:
            route = getattr(request, ROUTE_ATTR, None)
            if isinstance(route, RouteResult) and not route.args and not route.kwargs:
                page = route.page
                generation.store(request, NAME, [path], (page.content_type_id, page.pk))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or not generation.cacheable(request):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        remembered = generation.cached(request, NAME, [path])
        page = None
        if remembered is not None:
            content_type_id, page_pk = remembered
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            page = model.objects.filter(pk=page_pk).first() if model else None
        if isinstance(page, Page) and page.live:
            setattr(request, ROUTE_ATTR, RouteResult(page))
        else:
            setattr(request, UNREMEMBERED_ATTR, path)  # routed as usual, then remembered
        return None
