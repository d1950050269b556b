"""Who may download a document: only someone who may see a page that links to it.

A document has no visibility of its own in Wagtail: its address works for anyone, even when
the only page that links to it is a draft, scheduled, unpublished or password-protected. Here
a document is served to a reader only if at least one live page whose view restrictions the
reader passes links to it in its published content (Wagtail's reference index records those
links). People who work in the admin may download any document, as editors preview drafts.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex


def reader_may_download(document, request):
    user = getattr(request, "user", None)
    if user is not None and user.has_perm("wagtailadmin.access_admin"):
        return True
    # The index records every page under Page's own content type (its base model).
    page_type = ContentType.objects.get_for_model(Page)
    linking_page_ids = [
        int(object_id)
        for object_id in ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    ]
    for page in Page.objects.live().filter(pk__in=linking_page_ids):
        if all(r.accept_request(request) for r in page.get_view_restrictions()):
            return True
    return False
