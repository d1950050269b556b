"""The three admin groups: "Site managers" set up the chrome (settings and menus) and edit
content; "Editors" write and publish; "Contributors" write drafts for an editor to publish.

Permissions for our models are created here (post_migrate would only add them after every
migration has run), matching Django's own codenames so nothing is duplicated later.
"""

from django.db import migrations

PAGE_PERMISSIONS = {
    "Site managers": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Editors": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    "Contributors": ["add_page", "change_page"],
}
MEDIA_PERMISSIONS = {
    "Site managers": ["add", "change", "choose"],
    "Editors": ["add", "change", "choose"],
    "Contributors": ["add", "choose"],
}
# (app_label, model, actions) granted on every instance, per group.
MODEL_PERMISSIONS = {
    "Site managers": [
        ("home", "sitesettings", ["change"]),
        ("home", "menu", ["add", "change", "delete", "view"]),
        ("posts", "author", ["add", "change", "view"]),
        ("taxonomy", "tag", ["add", "change", "view"]),
    ],
    "Editors": [
        ("posts", "author", ["add", "change", "view"]),
        ("taxonomy", "tag", ["add", "change", "view"]),
    ],
    "Contributors": [],
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    verb = codename.split("_", 1)[0]
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {verb} {model}"},
    )
    return perm


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    admin_access = permission(apps, "wagtailadmin", "admin", "access_admin")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name in PAGE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        for app_label, model, actions in MODEL_PERMISSIONS[name]:
            group.permissions.add(
                *[permission(apps, app_label, model, f"{action}_{model}") for action in actions]
            )
        if root_page:
            for codename in PAGE_PERMISSIONS[name]:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=permission(apps, "wagtailcore", "page", codename),
                )
        if root_collection:
            for media_model, app_label in (("image", "wagtailimages"), ("document", "wagtaildocs")):
                for action in MEDIA_PERMISSIONS[name]:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(
                            apps, app_label, media_model, f"{action}_{media_model}"
                        ),
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_site_chrome"),
        ("posts", "0001_initial"),
        ("taxonomy", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
