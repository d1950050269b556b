"""Reader routes for topics, mixed into BlogIndexPage: /blog/tags/ and /blog/tag/<slug>/."""

import unicodedata

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import path, re_path

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

    # Slugs may hold any letters (imported tags keep theirs: "content-περιεχόμενο").
    @re_path(r"^tag/(?P<slug>[-\w]+)/$", name="tag")
    def tag_view(self, request, slug):
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            moved = OldTagSlug.objects.select_related("tag").filter(slug=slug).first()
            if moved is None:
                raise Http404("No such tag.")
            # Renamed or merged: the old address keeps working for readers and search engines.
            target = self.route_url("tag", request, slug=moved.tag.slug)
            if query := request.META.get("QUERY_STRING"):
                target = f"{target}?{query}"
            return redirect(target, permanent=True)
        posts = self.visible_posts().filter(tags=tag).for_listing()
        return self.listing_response(
            request,
            posts,
            "posts/tag_page.html",
            allow_empty=False,
            tag=tag,
            metadata=self.tag_metadata(request, tag),
        )

    @path("tags/", name="tags")
    def tag_index_view(self, request):
        tags = self.visible_tags()
        context = super().get_context(request)
        context.update(
            blog=self,
            tags=tags,
            tag_groups=group_by_initial(tags),
            metadata=self.tag_index_metadata(request),
        )
        return TemplateResponse(request, "posts/tag_index.html", context)
