"""Admin for authors: a menu item with a searchable list of the people who write posts."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from posts.models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    ordering = ["name"]


register_snippet(AuthorViewSet)
