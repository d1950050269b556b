"""The "Editorial review" workflow: one Wagtail group approval task for Editors and Site
managers, assigned to every blog index, so a contributor's "Submit for review" reaches the
editors (by email, through Wagtail's workflow notifications), locks the post for everyone but
the reviewers, and records who approved or asked for changes, when (the workflow history).

A blog index created later gets the same assignment (posts/roles.py). Wagtail's own
"Moderators approval" workflow stays on the root for the other pages, which only editors
write."""

from django.db import migrations

WORKFLOW = "Editorial review"
REVIEWERS = ["Editors", "Site managers"]


def create_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    BlogIndexPage = apps.get_model("posts", "BlogIndexPage")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name="Editors approve").first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name="Editors approve", content_type=task_type, active=True
        )
    task.groups.add(*Group.objects.filter(name__in=REVIEWERS))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    for blog in BlogIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=blog.pk, defaults={"workflow": workflow})


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_contributors_write_only_posts"),
        ("posts", "0005_schedule_future_dated_posts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
