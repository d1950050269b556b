"""Editors and site managers moderate comments (change covers approve and mark as spam; delete
is the bulk delete); site managers also edit the comment settings, as they do the others."""

from django.db import migrations

MODERATORS = ["Site managers", "Editors"]


def _permission(apps, model, action, label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="comments", model=model)
    return Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {label}"},
    )[0]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    moderate = [_permission(apps, "comment", a, "comment") for a in ("view", "change", "delete")]
    settings = _permission(apps, "commentsettings", "change", "comment settings")
    for group in Group.objects.filter(name__in=MODERATORS):
        group.permissions.add(*moderate)
    for group in Group.objects.filter(name="Site managers"):
        group.permissions.add(settings)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_comments_and_settings"),
        ("home", "0004_admin_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
