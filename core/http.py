"""Requests the site refuses before any view sees them, and how refusals are logged."""

import logging

from django.http import HttpResponseNotAllowed

# TRACE echoes a request back (cookies included, in old attacks); TRACK is IIS's copy of it;
# CONNECT asks for a tunnel. No page of a blog answers any of them.
REFUSED_METHODS = frozenset({"TRACE", "TRACK", "CONNECT"})
ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]


class RefuseMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


class OneLineFilter(logging.Filter):
    """Drops the traceback from a record: a request with a Host header that is not ours is a
    routine probe, worth one line in the log, not thirty."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        return True
