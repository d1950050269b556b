"""Admin for authors (a menu item with a searchable list of the people who write posts), the
editor's note when publishing a post schedules it, contributors kept to their drafts, and the
pre-publish checks on bulk publishing too."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dateformat import format as format_date
from wagtail import hooks
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from posts import dashboard, publish_checks, roles
from posts.admin_views import (
    AuthorsColumn,
    BlogListingView,
    PostCreateView,
    PostDateColumn,
    PostEditView,
    PostWorkflowActionView,
)
from posts.models import Author, BlogIndexPage, PostPage


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    ordering = ["name"]


register_snippet(AuthorViewSet)


class PostPageViewSet(PageViewSet):
    """Wagtail's page views for posts, with the editor's save told from an autosave, and the
    blog's listing of its posts (date, status, authors; newest first)."""

    model = PostPage
    parent_models = [BlogIndexPage]
    add_view_class = PostCreateView
    edit_view_class = PostEditView
    index_view_class = BlogListingView
    workflow_action_view_class = PostWorkflowActionView
    columns = [
        *BlogListingView.base_columns[:2],  # bulk actions, title
        PostDateColumn("date", label="Date", sort_key="date", width="18%"),
        AuthorsColumn("authors", label="Authors", width="20%"),
        *[column for column in BlogListingView.base_columns if column.name == "status"],
    ]


@hooks.register("register_admin_viewset")
def register_post_page_viewset():
    return PostPageViewSet("post_pages")


@hooks.register("after_publish_page")
def explain_scheduled_post(request, page):
    """Wagtail says a page "has been scheduled"; an editor who only set a publication date in
    the future also needs to know why, and when readers will see it."""
    if not isinstance(page, PostPage):
        return
    scheduled = page.scheduled_revision
    if scheduled is None or scheduled.approved_go_live_at <= timezone.now():
        return
    when = format_date(timezone.localtime(scheduled.approved_go_live_at), "j F Y \\a\\t H:i")
    until = "readers see the version published before" if page.live else "readers cannot see it"
    messages.info(
        request,
        f"“{page.title}” goes live on {when}, its publication date; until then {until}.",
    )


@hooks.register("before_bulk_action")
def check_posts_before_bulk_publishing(request, action_type, objects, action):
    """Publishing from a listing's bulk actions skips the editor's form, and with it the
    pre-publish checks: it is refused, naming each post that is not ready and why, and
    nothing is published. With "include descendants", the drafts below count too."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    form = getattr(action, "cleaned_form", None)
    descendants = form is not None and form.cleaned_data.get("include_descendants")
    posts = [page for page in objects if page.specific_class is PostPage]
    for page in objects if descendants else []:
        posts += PostPage.objects.descendant_of(page).not_live()
    refused = 0
    # A post selected and also below a selected blog is checked once.
    for page in {page.pk: page for page in posts}.values():
        post = page.get_latest_revision_as_object()
        found = publish_checks.problems(post.intro, list(post.tags.all()), post.body)
        for problems in found.values():
            for problem in problems:
                messages.error(request, f"“{post.title}” is not ready: {problem}")
        refused += bool(found)
    if refused:
        messages.error(request, "Nothing was published: fix these posts, or publish the others.")
        return redirect(action.next_url)
    return None


@hooks.register("before_edit_page")
def keep_contributors_to_their_drafts(request, page):
    """Wagtail lets a page's owner edit it even once it is live; a contributor (who may not
    publish) writes drafts for an editor, so a published post is the editors' to change."""
    if page.live and not roles.may_publish(request.user, page):
        messages.error(
            request,
            f"“{page.title}” is published: ask an editor to change it.",
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("construct_homepage_panels")
def add_editor_panels(request, panels):
    """A "New post" button first, then the user's drafts and the posts awaiting review."""
    panels[:0] = [
        dashboard.NewPostPanel(request.user),
        dashboard.YourDraftsPanel(request.user),
        dashboard.AwaitingReviewPanel(request.user),
    ]
