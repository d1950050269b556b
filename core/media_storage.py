"""Uploaded media in an S3-compatible bucket (MEDIA_STORAGE=s3), public or private by prefix.

Images and their renditions are public: every reader's page shows them, so their addresses
are plain ones under MEDIA_PUBLIC_URL (the front server's /media/, which proxies to the
bucket, or a CDN), cacheable for everyone, and their objects carry a public-read ACL when
MEDIA_PUBLIC_ACL says so. Everything else (documents above all) is private: no ACL, and the
only address the storage ever gives out is a signed one that expires in DOCUMENT_URL_SECONDS.
Wagtail's document view hands it out only after core/documents.py allowed the reader, so a
document's address cannot be guessed, shared for long or found in a cached page.
"""

import mimetypes
import posixpath
from urllib.parse import quote, urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

# Where Wagtail writes originals and renditions (AbstractImage / AbstractRendition upload_to).
PUBLIC_PREFIXES = ("original_images/", "images/")


def is_public(name):
    return name.lstrip("/").startswith(PUBLIC_PREFIXES)


def download_disposition(name):
    """The Content-Disposition a private object is handed out with: Wagtail's rule for its
    own document view (WAGTAILDOCS_INLINE_CONTENT_TYPES, PDF by default, open in the browser;
    anything else is a download). Without it, an uploaded HTML or SVG file would open as a
    page of the bucket's site and run its scripts there."""
    inline = getattr(settings, "WAGTAILDOCS_INLINE_CONTENT_TYPES", ["application/pdf"])
    if mimetypes.guess_type(name)[0] in inline:
        return "inline"
    return f"attachment; filename*=UTF-8''{quote(posixpath.basename(name))}"


class BucketStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_public(name):
            # No signature: the same address for every reader, so pages stay cacheable.
            return urljoin(settings.MEDIA_PUBLIC_URL, filepath_to_uri(name.lstrip("/")))
        # Signed into the address: objects uploaded before this rule follow it too.
        parameters = {
            "ResponseContentDisposition": download_disposition(name),
            **(parameters or {}),
        }
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        if is_public(name):
            if settings.MEDIA_PUBLIC_ACL:
                params["ACL"] = settings.MEDIA_PUBLIC_ACL
            params.setdefault("CacheControl", "public, max-age=86400")
        else:
            # Never a public ACL, whatever AWS_DEFAULT_ACL says; and no shared cache keeps it.
            params.pop("ACL", None)
            params["CacheControl"] = "private, no-store"
        return params

    def _get_write_parameters(self, name, content=None):
        params = super()._get_write_parameters(name, content)
        if not is_public(name):
            params.pop("ACL", None)
        return params
