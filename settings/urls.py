from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.health import healthz
from core.page_passwords import authenticate_with_password
from home.views import robots_txt
from posts.sitemaps import sitemap_index, sitemap_section
from posts.views import search

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search, name="search"),
    # An index of sitemap pages: one document per 5,000 addresses, however large the blog.
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Before Wagtail's catch-all, which would otherwise serve /subscribe/... as page paths.
    path("subscribe/", include("newsletter.urls")),
    # Readers' comments: the form's target, a post's comments feed, the commenter's links.
    path("comments/", include("comments.urls")),
    # Wagtail's page-password form at its own address, with a limit on wrong guesses; Wagtail's
    # pattern below still names (reverses to) the same address.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        authenticate_with_password,
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
