"""Wagtail's page-password form, with a limit on wrong guesses.

A password-protected post is otherwise open to unlimited guessing. Attempts are counted per
client network; past the limit, the form answers 429 with a clear message until the window
ends, without checking the password at all.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods
from wagtail.views import authenticate_with_password as wagtail_authenticate

from core import throttle

SCOPE = "page-password"


@require_http_methods(["GET", "POST"])
def authenticate_with_password(request, page_view_restriction_id, page_id):
    limit = settings.PAGE_PASSWORD_ATTEMPTS
    window = settings.PAGE_PASSWORD_WINDOW_SECONDS
    # Counted before the password is checked, so parallel guesses cannot all slip in first.
    if request.method == "POST" and throttle.count_attempt(SCOPE, request, window) > limit:
        response = TemplateResponse(
            request,
            "too_many_attempts.html",
            {"minutes": window // 60, "what": "password attempts"},
            status=429,
        )
        response["Retry-After"] = str(window)
        return response
    return wagtail_authenticate(request, page_view_restriction_id, page_id)
