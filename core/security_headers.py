"""Content-Security-Policy (through django-csp) and the cross-origin headers Django does not
set itself.

The reader's site runs no inline script but one, allowed by its hash (a nonce would make every
response differ and defeat the page cache). Wagtail 8's own admin templates still carry inline
scripts (inline panels, date pickers) and inline styles, so /admin/ adds 'unsafe-inline' for
those two directives, blob: images, and lets the admin frame itself (the live preview); the
rest of the policy is the same everywhere.
"""

import dataclasses

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"
ADMIN_ADDITIONS = {
    "style-src": [UNSAFE_INLINE],
    "img-src": ["blob:"],  # previews of images chosen for upload
    "frame-src": [SELF],  # the live preview, which the admin frames
}
ADMIN_REPLACEMENTS = {
    # Replaced, not extended: beside a hash, browsers ignore 'unsafe-inline'.
    "script-src": [SELF, UNSAFE_INLINE],
    # The editor shows the page preview in a frame of its own: the admin may frame itself.
    "frame-ancestors": [SELF],
}

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIX):
            # A preview is rendered through the whole middleware stack under the page's own
            # path (Wagtail's dummy request), which set the reader's policy; the admin's wins.
            del response["Content-Security-Policy"]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        # django-csp's documented way to vary the policy per request.
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX):
            parts = dataclasses.replace(
                parts,
                update={**ADMIN_ADDITIONS, **(parts.update or {})},
                replace={**ADMIN_REPLACEMENTS, **(parts.replace or {})},
            )
        return parts


class CrossOriginHeadersMiddleware:
    """Permissions-Policy (no powerful features for anyone) and Cross-Origin-Resource-Policy
    (our pages are not for embedding by other origins' scripts). Cross-Origin-Opener-Policy
    comes from Django's SecurityMiddleware (SECURE_CROSS_ORIGIN_OPENER_POLICY)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
