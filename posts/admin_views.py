"""The page editor's views for posts: Wagtail's own, told whether a save is the editor's own.

Wagtail's autosave posts the same form to the same view, asking for JSON; a person's Save,
Publish or Submit asks for HTML. Only the latter may create tags (posts/forms.py).
"""

import functools

from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.views.pages.edit import EditView


def is_editors_own_save(request):
    return request.accepts("text/html")


class PostCreateView(CreateView):
    def post(self, request, *args, **kwargs):
        self.form_class = functools.partial(self.form_class, saving=is_editors_own_save(request))
        return super().post(request, *args, **kwargs)


class PostEditView(EditView):
    def post(self, request, *args, **kwargs):
        self.form_class = functools.partial(self.form_class, saving=is_editors_own_save(request))
        return super().post(request, *args, **kwargs)
