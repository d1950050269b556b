"""Reader routes for tags, mixed into BlogIndexPage: /blog/tags/ and /blog/tag/<slug>/."""

import unicodedata

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import path

from core.pagination import paginate
from taxonomy.cloud import visible_tag_counts
from taxonomy.models import OldTagSlug, Tag


def initial(tag):
    """The A–Z heading a tag is listed under (“É” under “E”); other first characters give “#”."""
    first = unicodedata.normalize("NFKD", tag.name[:1].upper())[:1]
    return first if first.isalpha() else "#"


def group_by_initial(tags):
    """[(heading, tags)] for tags already in A–Z order, with “#” first."""
    groups = {"#": []}
    for tag in tags:
        groups.setdefault(initial(tag), []).append(tag)
    return [(heading, members) for heading, members in groups.items() if members]


class TagRoutesMixin:
    """Tag pages list a tag's visible posts; the tag index lists every tag that has any.

    The routes match exactly `tags/` and `tag/<slug>/`, leaving `tag/<slug>/feed/` to the feeds.
    """

    def _tag_context(self, request, **extra):
        blog_url = self.get_url(request)
        return {"page": self, "self": self, "request": request, "blog_url": blog_url, **extra}

    def visible_posts(self):
        from posts.models import PostPage

        return PostPage.objects.visible().child_of(self)

    @path("tag/<slug:slug>/", name="tag")
    def tag_view(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            moved = OldTagSlug.objects.select_related("tag").filter(slug=slug).first()
            if moved is None:
                raise Http404("No such tag.")
            # Renamed or merged: the old address keeps working for readers and search engines.
            target = self.tag_url(moved.tag, request)
            if query := request.META.get("QUERY_STRING"):
                target = f"{target}?{query}"
            return redirect(target, permanent=True)
        posts = self.visible_posts().filter(tags=tag).for_listing()
        page_of_posts = paginate(request, posts, self.posts_per_page)
        if not page_of_posts.paginator.count:
            raise Http404("No posts have this tag.")
        context = self._tag_context(
            request, tag=tag, posts=page_of_posts, metadata=self.tag_metadata(request, tag)
        )
        return TemplateResponse(request, "taxonomy/tag_page.html", context)

    @path("tags/", name="tags")
    def tag_index_view(self, request):
        tags = visible_tag_counts(self.visible_posts())
        context = self._tag_context(
            request,
            tags=tags,
            tag_groups=group_by_initial(tags),
            metadata=self.tag_index_metadata(request),
        )
        return TemplateResponse(request, "taxonomy/tag_index.html", context)

    def tag_url(self, tag, request=None):
        return self.get_url(request) + self.reverse_subpage("tag", kwargs={"slug": tag.slug})
