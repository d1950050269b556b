"""Demo pictures drawn with Pillow at run time, so nothing is downloaded."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image


def draw_picture(seed, width=1200, height=675):
    """A deterministic abstract picture: a vertical gradient with a few soft shapes."""
    rng = random.Random(seed)
    top = tuple(rng.randint(20, 120) for _ in range(3))
    bottom = tuple(rng.randint(120, 240) for _ in range(3))
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(rng.randint(3, 6)):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(height // 10, height // 3)
        colour = tuple(rng.randint(60, 255) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], outline=colour, width=rng.randint(4, 14))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    buffer.seek(0)
    return buffer


def get_or_draw_image(title, description, seed):
    """The demo image with this title, drawn and stored the first time it is asked for."""
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    filename = f"demo-{seed}.jpg"
    image = Image(title=title, description=description)
    image.file.save(filename, ImageFile(draw_picture(seed), name=filename), save=False)
    image.save()
    return image
