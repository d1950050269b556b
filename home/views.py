from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe  # GET and HEAD: crawlers and monitors ask with either
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        # The sitemap index, which links every page of the sitemap.
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
