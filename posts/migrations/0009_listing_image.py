"""Listings, feeds and social cards show a post's feed image, else its body's first image:
kept in `listing_image` on save, filled here for the posts that exist."""

import django.db.models.deletion
from django.db import migrations, models


def first_body_image(raw_body):
    for block in raw_body or []:
        if block.get("type") == "image" and isinstance(block.get("value"), dict):
            image_id = block["value"].get("image")
            if image_id:
                return image_id
    return None


def fill(apps, schema_editor):
    PostPage = apps.get_model("posts", "PostPage")
    Image = apps.get_model("wagtailimages", "Image")
    existing = set(Image.objects.values_list("pk", flat=True))
    changed = []
    for post in PostPage.objects.only("pk", "feed_image_id", "body").iterator(chunk_size=500):
        image_id = post.feed_image_id or first_body_image(post.body.raw_data)
        if image_id in existing:
            post.listing_image_id = image_id
            changed.append(post)
    PostPage.objects.bulk_update(changed, ["listing_image"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0008_image_decorative"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="postpage",
            name="listing_image",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
            ),
        ),
        migrations.AlterField(
            model_name="postpage",
            name="feed_image",
            field=models.ForeignKey(
                blank=True,
                help_text="Shown in listings and when the post is shared. Left empty, the first image of the body is used.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailimages.image",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
