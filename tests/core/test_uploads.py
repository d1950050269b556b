"""Upload limits: stated on the form, enforced with messages, and a damaged picture refused
as a form error rather than a server error."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db


def picture(width, height, fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 10, 10)).save(buffer, fmt)
    return buffer.getvalue()


def broken_gif():
    """A GIF cut off halfway: its header reads fine, its pixels do not."""
    data = picture(300, 200, "GIF")
    return data[: len(data) // 2]


def upload(client, name, data, content_type="image/png"):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, data, content_type), "collection": 1},
    )


def test_the_form_states_size_and_pixel_limits(admin_client):
    html = admin_client.get(reverse("wagtailimages:add")).content.decode()
    assert "Maximum filesize: 15.0\xa0MB" in html or "Maximum filesize: 15.0 MB" in html
    assert "Largest picture: 25 megapixels" in html


def test_a_damaged_gif_is_a_form_error(admin_client):
    response = upload(admin_client, "broken.gif", broken_gif(), "image/gif")
    assert response.status_code == 200
    assert "could not be read as a picture" in response.content.decode()
    assert not Image.objects.exists()
    # Positive control: the same picture, whole, is accepted.
    assert (
        upload(admin_client, "whole.gif", picture(300, 200, "GIF"), "image/gif").status_code == 302
    )
    assert Image.objects.count() == 1


def test_a_damaged_gif_in_the_multiple_uploader_is_an_error_message(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile("broken.gif", broken_gif(), "image/gif")},
    )
    assert response.status_code == 200
    result = json.loads(response.content)
    assert result["success"] is False
    assert not Image.objects.exists()


def test_a_huge_picture_in_a_small_file_is_refused(admin_client):
    """6300 × 6300 pixels of one colour compress to a small PNG, but would cost seconds and
    about a gigabyte to resize."""
    data = picture(6300, 6300)
    assert len(data) < 1_000_000
    response = upload(admin_client, "huge.png", data)
    assert response.status_code == 200
    assert "pixels" in response.content.decode()
    assert not Image.objects.exists()
    assert upload(admin_client, "fine.png", picture(1200, 800)).status_code == 302


def test_documents_over_the_limit_are_refused_with_a_message(admin_client, settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE <= 20 * 1024 * 1024
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    url = reverse("wagtaildocs:add")

    def send(size):
        data = b"%PDF-1.4\n" + b"x" * size
        upload = SimpleUploadedFile("judgment.pdf", data, "application/pdf")
        return admin_client.post(url, {"title": "Judgment", "file": upload, "collection": 1})

    response = send(4096)
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not Document.objects.exists()
    assert send(100).status_code == 302  # positive control
