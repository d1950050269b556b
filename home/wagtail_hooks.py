from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Menu


class MenuViewSet(SnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = "Menus"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "site"]
    list_filter = ["slot"]


register_snippet(MenuViewSet)
