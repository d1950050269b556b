"""Media in an S3-compatible bucket (MEDIA_STORAGE=s3; issue 18.3, Must show 4), against moto's
S3 server on loopback (tests/s3_server.py): uploads land in the bucket, renditions are made from
and written to it, images are public, and documents are only ever handed out after the
permission check, as a short-lived signed address (or streamed by the app)."""

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from core.media_storage import BucketStorage
from posts.models import PostPage
from settings.storage import media_storage
from tests.factories import make_document, make_image, make_post

pytestmark = pytest.mark.django_db


def _png(width=320, height=200):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _keys(s3_server, bucket, prefix):
    listing = s3_server.client().list_objects_v2(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for item in listing.get("Contents", [])]


def _with_document(document):
    return [{"type": "document", "value": {"document": document.pk, "label": "Judgment"}}]


def test_the_settings_build_the_bucket_storage_from_the_environment(monkeypatch, s3_server):
    for name, value in s3_server.env("some-bucket").items():
        monkeypatch.setenv(name, value)
    storage, serve_method = media_storage()
    assert storage["BACKEND"] == "core.media_storage.BucketStorage"
    assert storage["OPTIONS"]["bucket_name"] == "some-bucket"
    assert storage["OPTIONS"]["querystring_expire"] == 60
    assert storage["OPTIONS"]["file_overwrite"] is False
    assert serve_method == "redirect"
    monkeypatch.setenv("MEDIA_STORAGE", "ftp")
    with pytest.raises(Exception, match="filesystem or s3"):
        media_storage()


def test_an_image_uploaded_in_the_admin_and_its_rendition_live_in_the_bucket(
    admin_client, bucket_storage, s3_server
):
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Bucket picture", "file": _uploaded("bucket-picture.png", _png())},
    )
    assert response.status_code == 302, response.content[:2000]
    image = Image.objects.get(title="Bucket picture")
    assert (image.width, image.height) == (320, 200)
    assert _keys(s3_server, bucket_storage, "original_images/") == [image.file.name]
    # Nothing went to the local media folder.
    assert not (Path(django_settings.MEDIA_ROOT) / image.file.name).exists()

    rendition = image.get_rendition("width-100|format-webp")
    assert rendition.file.name in _keys(s3_server, bucket_storage, "images/")
    # Public media: a plain address under MEDIA_PUBLIC_URL (the front server proxies /media/).
    assert rendition.url == f"/media/{rendition.file.name}"
    served = requests.get(s3_server.object_url(bucket_storage, rendition.file.name), timeout=5)
    assert served.status_code == 200  # anonymous: public-read
    assert served.headers["Content-Type"] == "image/webp"
    assert PILImage.open(io.BytesIO(served.content)).size == (100, 62)


def test_the_admins_image_pages_work_on_remote_storage(admin_client, bucket_storage):
    image = make_image("Remote", width=900, height=600)
    assert admin_client.get(f"/admin/images/{image.pk}/").status_code == 200
    preview = admin_client.get(f"/admin/images/{image.pk}/preview/width-50/")
    assert preview.status_code == 200
    assert PILImage.open(io.BytesIO(b"".join(preview.streaming_content))).size[0] == 50
    # Replacing the file reads the new one from the upload, never a local path.
    response = admin_client.post(
        f"/admin/images/{image.pk}/",
        {
            "title": "Remote",
            "file": _uploaded("replacement.png", _png(400, 100)),
            "collection": image.collection_id,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    image.refresh_from_db()
    assert (image.width, image.height) == (400, 100)


def test_publishing_makes_renditions_in_the_bucket(
    blog, bucket_storage, s3_server, settings, committed
):
    settings.RENDITIONS_AHEAD = True
    image = make_image("Ahead", width=1200, height=700)
    post = make_post(blog, "Pictured", feed_image=image)
    assert _keys(s3_server, bucket_storage, "images/") == []
    with committed():
        PostPage.objects.get(pk=post.pk).save_revision().publish()
    made = _keys(s3_server, bucket_storage, "images/")
    assert len(made) == image.renditions.count() >= 6
    assert all(key.startswith("images/Ahead") for key in made)


def test_documents_go_to_the_bucket_private(admin_client, bucket_storage, s3_server):
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "Sealed", "file": _uploaded("sealed.txt", b"Sealed minutes.\n")},
    )
    assert response.status_code == 302, response.content[:2000]
    document = Document.objects.get(title="Sealed")
    assert _keys(s3_server, bucket_storage, "documents/") == [document.file.name]
    # The object itself refuses anyone without a signature.
    plain = requests.get(s3_server.object_url(bucket_storage, document.file.name), timeout=5)
    assert plain.status_code == 403


def test_a_document_is_not_found_without_permission_and_no_address_leaks(
    client, bucket_storage, blog, s3_server
):
    document = make_document("Draft only", "draft.pdf")
    make_post(blog, "Draft", body=_with_document(document), live=False)
    response = client.get(document.url)
    assert response.status_code == 404
    assert bucket_storage.encode() not in response.content
    assert "Location" not in response


def test_with_permission_the_app_redirects_to_a_short_lived_signed_address(
    client, admin_client, bucket_storage, blog, s3_server
):
    document = make_document("Public", "public.pdf", b"%PDF-1.4 public")
    make_post(blog, "Open", body=_with_document(document))
    for reader in (client, admin_client):
        response = reader.get(document.url)
        assert response.status_code == 302
        assert "private" in response["Cache-Control"]  # the address is never cached
        location = response["Location"]
        assert location.startswith(s3_server.object_url(bucket_storage, "documents/"))
        query = parse_qs(urlsplit(location).query)
        assert query["X-Amz-Expires"] == ["60"]
        assert query["X-Amz-Signature"]
        signed = requests.get(location, timeout=5)
        assert signed.status_code == 200
        assert signed.content == b"%PDF-1.4 public"
        # The same address without its signature is refused.
        unsigned = requests.get(location.split("?")[0], timeout=5)
        assert unsigned.status_code == 403


def test_documents_can_be_streamed_by_the_app_instead(
    client, admin_client, bucket_storage, settings
):
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    document = make_document("Streamed", "streamed.txt", b"streamed bytes")
    assert client.get(document.url).status_code == 404
    response = admin_client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"streamed bytes"
    assert "private" in response["Cache-Control"]


def test_only_image_prefixes_are_public(s3_server, settings):
    settings.MEDIA_PUBLIC_URL = "https://media.example.org/"
    storage = BucketStorage(**s3_server.storages("b")["default"]["OPTIONS"])
    assert storage.url("images/a.webp") == "https://media.example.org/images/a.webp"
    assert storage.url("original_images/a b.png") == (
        "https://media.example.org/original_images/a%20b.png"
    )
    for private in ("documents/a.pdf", "other/a.txt", "imagesX/a.png"):
        assert "X-Amz-Signature=" in storage.url(private), private
    assert "ACL" not in storage.get_object_parameters("documents/a.pdf")
    assert storage.get_object_parameters("images/a.webp")["ACL"] == "public-read"


def _uploaded(name, content):
    return SimpleUploadedFile(name, content)


def test_a_document_the_browser_would_render_is_handed_out_as_a_download(
    client, bucket_storage, blog, s3_server
):
    page = make_document("Page", "page.html", b"<script>alert(document.domain)</script>")
    svg = make_document("Drawing", "drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    pdf = make_document("Judgment", "judgment.pdf", b"%PDF-1.4 judgment")
    for document in (page, svg, pdf):
        make_post(blog, document.title, body=_with_document(document))
    for document, disposition in ((page, "attachment"), (svg, "attachment"), (pdf, "inline")):
        location = client.get(document.url)["Location"]
        served = requests.get(location, timeout=5)
        assert served.status_code == 200
        assert served.headers["Content-Disposition"].startswith(disposition), document.title
