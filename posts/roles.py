"""Where contributors may write: posts under the blog, nothing else.

The "Contributors" group (home/migrations/0004_admin_groups.py) holds Wagtail's `add` page
permission on the blog index only. Wagtail reads `add` as "create pages here and edit or delete
the ones you own while they are not live", and without `publish` their work goes to an editor.
A blog index made after the migrations ran (by `load_demo`, the importer or an editor) gets
that permission when it is created, so no install is left where contributors cannot write.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

CONTRIBUTORS = "Contributors"
# Created by home/migrations/0008_editorial_review_workflow.py.
EDITORIAL_REVIEW = "Editorial review"


def let_contributors_write_under(blog):
    group = Group.objects.filter(name=CONTRIBUTORS).first()
    if group is None:  # a site that removed the group chose to have no contributors
        return
    add_page = Permission.objects.get(content_type__app_label="wagtailcore", codename="add_page")
    GroupPagePermission.objects.get_or_create(group=group, page=blog, permission=add_page)


def review_posts_under(blog):
    """Posts submitted under the blog go through the "Editorial review" workflow."""
    workflow = Workflow.objects.filter(name=EDITORIAL_REVIEW, active=True).first()
    if workflow is None:  # a site that retired the workflow chose to publish without review
        return
    WorkflowPage.objects.get_or_create(page=blog, defaults={"workflow": workflow})


def on_blog_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        let_contributors_write_under(instance)
        review_posts_under(instance)


def may_publish(user, page):
    return page.permissions_for_user(user).can_publish()
