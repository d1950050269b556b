"""Site search over live posts."""

from django.template.response import TemplateResponse

from posts.models import PostPage
from posts.pagination import paginate

MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        posts = PostPage.objects.visible()
        results = paginate(request, posts.search(query), 10)
    return TemplateResponse(request, "posts/search.html", {"query": query, "results": results})
