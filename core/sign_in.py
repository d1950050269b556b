"""The page a locked-out admin sign-in gets from django-axes (AXES_LOCKOUT_CALLABLE)."""

from django.conf import settings
from django.template.response import TemplateResponse


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = TemplateResponse(
        request, "account_locked.html", {"minutes": minutes}, status=429
    ).render()
    response["Retry-After"] = str(minutes * 60)
    return response
