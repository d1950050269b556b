"""The admin's image upload form: the limits stated up front, and a damaged file refused with
a message instead of an error page (WAGTAILIMAGES_IMAGE_FORM_BASE points here)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class CheckedImageField(WagtailImageField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megapixels = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 1_000_000
        self.help_text = f"{self.help_text} Largest picture: {megapixels} megapixels."

    def to_python(self, data):
        try:
            return super().to_python(data)
        except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
            # Pillow reports a truncated or corrupt file as one of these while Wagtail measures
            # it; uncaught, the editor would see a server error and lose the form.
            raise ValidationError(
                "This file could not be read as a picture: it may be damaged or incomplete. "
                "Open it in an image editor, save a new copy and upload that.",
                code="invalid_image",
            ) from error


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("file"), WagtailImageField):
            current = self.fields["file"]
            checked = CheckedImageField(label=current.label, required=current.required)
            checked.widget = current.widget
            self.fields["file"] = checked
