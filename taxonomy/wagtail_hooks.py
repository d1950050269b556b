from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from taxonomy.views import autocomplete
from taxonomy.viewsets import TagViewSet

register_snippet(TagViewSet)


@hooks.register("register_admin_urls")
def register_tag_autocomplete_url():
    return [path("taxonomy/autocomplete/", autocomplete, name="taxonomy_tag_autocomplete")]


@hooks.register("register_log_actions")
def register_merge_log_action(actions):
    actions.register_action("taxonomy.merge", "Merge tags", "Merged another tag into this one")
