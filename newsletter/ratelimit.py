"""A per-network limit on sign-ups (core/throttle.py)."""

from django.conf import settings

from core import throttle

WINDOW_SECONDS = 60 * 60


def allow_signup(request):
    """Count this attempt; False once the network has used up its allowance for the hour."""
    attempts = throttle.count_attempt("newsletter-signup", request, WINDOW_SECONDS)
    return attempts <= settings.NEWSLETTER_SIGNUPS_PER_HOUR
