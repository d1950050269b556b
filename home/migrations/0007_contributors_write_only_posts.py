"""Contributors held `add` and `change` on the whole page tree, so they could edit and delete
anyone's pages, the home page included. They keep only `add` on the blog index: they create
posts there and edit their own until an editor publishes them (see posts/roles.py)."""

from django.db import migrations


def narrow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    BlogIndexPage = apps.get_model("posts", "BlogIndexPage")
    contributors = Group.objects.filter(name="Contributors").first()
    if contributors is None:
        return
    GroupPagePermission.objects.filter(group=contributors).delete()
    add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    for blog in BlogIndexPage.objects.all():
        GroupPagePermission.objects.create(group=contributors, page_id=blog.pk, permission=add_page)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_tag_cloud_size"),
        ("posts", "0005_schedule_future_dated_posts"),
    ]

    operations = [migrations.RunPython(narrow, migrations.RunPython.noop)]
