"""Fetching the renditions of a body's images in one query, however many images it holds."""

from wagtail.images import get_image_model


def body_images(body):
    return [
        block.value["image"]
        for block in body
        if block.block_type == "image" and block.value["image"] is not None
    ]


def prefetch_body_renditions(body):
    """Attach every existing rendition of the body's images to them, in one query.

    Wagtail then looks renditions up in memory (creating any that are missing) instead of
    asking the database once per image. The images themselves come from the StreamField's
    own bulk lookup, one query for all image blocks.
    """
    images = body_images(body)
    if not images:
        return
    Rendition = get_image_model().get_rendition_model()
    renditions = {}
    for rendition in Rendition.objects.filter(image_id__in={image.pk for image in images}):
        renditions.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        image.prefetched_renditions = renditions.get(image.pk, [])
        for rendition in image.prefetched_renditions:
            # Renditions read their image (for alt text); point them at the loaded one.
            rendition.image = image
