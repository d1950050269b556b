"""Admin and serving hooks that belong to no one app."""

from django.http import Http404
from wagtail import hooks

from core.documents import reader_may_download


@hooks.register("before_serve_document")
def serve_documents_only_to_readers_of_their_pages(document, request):
    if not reader_may_download(document, request):
        # As if it did not exist: its title alone may say what a hidden post is about.
        raise Http404("No such document.")
