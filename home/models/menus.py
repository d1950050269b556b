"""The header and footer menus: admins edit them as snippets, one of each per site.

A menu is a flat, ordered list of items; an item can be marked as a sub-item of the item
above it, which gives exactly one level of children and keeps the whole menu one query away.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, PageViewRestriction, PreviewableMixin, Site


def default_site_pk():
    site = Site.objects.filter(is_default_site=True).only("pk").first()
    return site.pk if site else None


def validate_link_url(value):
    """An absolute http(s) address, or a path on this site such as /blog/tags/."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


@dataclass
class MenuLink:
    """One resolved, renderable menu entry (plain data, so it caches cheaply)."""

    label: str
    url: str
    internal: bool
    children: list["MenuLink"] = field(default_factory=list)


def resolve_links(items, request=None):
    """Turn items (in order) into MenuLinks, dropping the ones that lead nowhere.

    A sub-item that comes first has no parent and is shown at the top level. When a
    parent disappears (its page deleted or unpublished), its sub-items go with it.
    """
    links = []
    parent = None  # the last top-level link shown
    parent_hidden = False  # the last top-level item leads nowhere
    for item in items:
        link = item.to_link(request)
        if item.is_child and (parent or parent_hidden):
            if parent and link:
                parent.children.append(link)
            continue
        parent, parent_hidden = link, link is None
        if link:
            links.append(link)
    return links


class Menu(PreviewableMixin, ClusterableModel):
    HEADER = "header"
    FOOTER = "footer"
    SLOTS = [(HEADER, "Header menu"), (FOOTER, "Footer menu")]

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", default=default_site_pk
    )
    slot = models.CharField(
        "position", max_length=20, choices=SLOTS, help_text="Where on the page the menu shows."
    )

    panels = [
        FieldRowPanel([FieldPanel("slot"), FieldPanel("site")]),
        InlinePanel("items", heading="Items", label="Item"),
    ]

    class Meta:
        ordering = ["site", "slot"]
        constraints = [
            models.UniqueConstraint(fields=["site", "slot"], name="home_one_menu_per_slot")
        ]

    def __str__(self):
        return self.get_slot_display()

    # --- preview: the site's home page, wearing this unsaved menu ----------------------

    def serve_preview(self, request, mode_name):
        request._home_menu_preview = self
        site = self.site if self.site_id else Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        return home.serve_preview(request, home.default_preview_mode)


class MenuItemQuerySet(models.QuerySet):
    def with_page_restriction(self):
        """Mark each item whose page sits under a view restriction (its own or an ancestor's:
        the restricted page's path is a prefix of the item page's path), in the same query."""
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("link_page__path"), 1, Length("page__path"))
        )
        return self.annotate(link_page_restricted=Exists(restricted))


class MenuItem(Orderable):
    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="items")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="page",
        help_text="Link to a page of this site. Its title is used unless you give a label.",
    )
    link_url = models.CharField(
        "web address",
        max_length=500,
        blank=True,
        validators=[validate_link_url],
        help_text="Or link elsewhere: https://… or a path here such as /blog/tags/.",
    )
    label = models.CharField(
        max_length=80, blank=True, help_text="Required for a web address; optional for a page."
    )
    is_child = models.BooleanField(
        "sub-item", default=False, help_text="Show under the item above instead of beside it."
    )

    objects = MenuItemQuerySet.as_manager()

    panels = [
        PageChooserPanel("link_page"),
        FieldPanel("link_url"),
        FieldPanel("label"),
        FieldPanel("is_child"),
    ]

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError(
                "Choose a page or enter a web address (one of the two). If this item linked "
                "to a page that has since been deleted, choose another page or remove the item."
            )
        if self.link_url and not self.label:
            raise ValidationError({"label": "Give a label to a link to a web address."})

    def to_link(self, request=None):
        """A MenuLink, or None when readers may not see the linked page: gone, not live (a
        draft, unpublished or scheduled) or private. The same rule as every reader surface
        (live and public)."""
        if self.link_page_id:
            page = self.link_page
            if page is None or not page.live or self.page_is_restricted():
                return None
            url = page.get_url(request)
            if not url:
                return None
            return MenuLink(label=self.label or page.title, url=url, internal=True)
        if self.link_url:
            return MenuLink(
                label=self.label or self.link_url,
                url=self.link_url,
                internal=self.link_url.startswith("/"),
            )
        return None

    def page_is_restricted(self):
        restricted = getattr(self, "link_page_restricted", None)
        if restricted is None:  # an item not loaded through with_page_restriction (a preview)
            restricted = self.link_page.get_view_restrictions().exists()
        return restricted
