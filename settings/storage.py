"""Where uploaded media live: the local disk (the default) or an S3-compatible bucket.

MEDIA_STORAGE=s3 puts images, renditions and documents in AWS_STORAGE_BUCKET_NAME through
django-storages (core/media_storage.py says which objects are public). Every app instance then
sees the same files, so several instances and several machines can serve one site.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_str


def media_storage():
    """(the `default` entry of STORAGES, the document serve method) for the environment."""
    kind = env_str("MEDIA_STORAGE", "filesystem").strip().lower()
    if kind in {"", "filesystem", "local"}:
        return (
            {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            # Streamed by the app after its checks (the front server refuses /media/documents/).
            env_str("DOCUMENTS_SERVE_METHOD", "serve_view"),
        )
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {kind!r}.")
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    endpoint = env_str("AWS_S3_ENDPOINT_URL") or None
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        # Empty: boto3's own chain (instance role, ~/.aws) supplies them.
        "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
        "signature_version": "s3v4",
        # MinIO, Ceph, moto and most other S3-compatible servers address buckets by path.
        "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or ("path" if endpoint else None),
        # Two uploads of "photo.jpg" must not overwrite each other (django-storages' default
        # would): Wagtail keeps one file per image.
        "file_overwrite": False,
        # Private objects (documents) are only ever handed out signed, for this long.
        "querystring_auth": True,
        "querystring_expire": env_int("DOCUMENT_URL_SECONDS", 60),
    }
    if options["querystring_expire"] <= 0:
        raise ImproperlyConfigured("DOCUMENT_URL_SECONDS must be a positive number of seconds.")
    return (
        {"BACKEND": "core.media_storage.BucketStorage", "OPTIONS": options},
        # After the permission check, a redirect to the signed address: the bucket sends the
        # bytes. serve_view streams them through the app instead (a bucket readers cannot reach).
        env_str("DOCUMENTS_SERVE_METHOD", "redirect"),
    )


def media_public_url(media_url):
    """Where readers fetch public media: the front server's /media/ (which proxies to the
    bucket when MEDIA_STORAGE=s3) unless MEDIA_PUBLIC_URL names a CDN or the bucket itself."""
    url = env_str("MEDIA_PUBLIC_URL", media_url)
    return url if url.endswith("/") else url + "/"


def media_origins(public_url):
    """The origin pages load public media from, for the CSP's img-src, if not their own."""
    parts = urlsplit(public_url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []
