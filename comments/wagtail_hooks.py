from wagtail import hooks
from wagtail.snippets.models import register_snippet

from comments.admin import ApproveBulkAction, CommentViewSet, HeldCommentsPanel, SpamBulkAction

register_snippet(CommentViewSet)
hooks.register("register_bulk_action", ApproveBulkAction)
hooks.register("register_bulk_action", SpamBulkAction)


@hooks.register("construct_homepage_panels")
def add_held_comments_panel(request, panels):
    panels.append(HeldCommentsPanel(request.user))
