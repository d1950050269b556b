"""Uploaded media in an S3-compatible bucket (MEDIA_STORAGE=s3), public or private by prefix.

Images and their renditions are public: every reader's page shows them, so their addresses
are plain ones under MEDIA_PUBLIC_URL (the front server's /media/, which proxies to the
bucket, or a CDN), cacheable for everyone, and their objects carry a public-read ACL when
MEDIA_PUBLIC_ACL says so. Everything else (documents above all) is private: no ACL, and the
only address the storage ever gives out is a signed one that expires in DOCUMENT_URL_SECONDS.
Wagtail's document view hands it out only after core/documents.py allowed the reader, so a
document's address cannot be guessed, shared for long or found in a cached page.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

# Where Wagtail writes originals and renditions (AbstractImage / AbstractRendition upload_to).
PUBLIC_PREFIXES = ("original_images/", "images/")


def is_public(name):
    return name.lstrip("/").startswith(PUBLIC_PREFIXES)


class BucketStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_public(name):
            # No signature: the same address for every reader, so pages stay cacheable.
            return urljoin(settings.MEDIA_PUBLIC_URL, filepath_to_uri(name.lstrip("/")))
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
