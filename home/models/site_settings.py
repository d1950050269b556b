"""What admins set up around the content, per Wagtail site: the welcome box, the editorial
team, subscribe and social links, the disclaimer footer, the privacy page and copyright line.

Public pages read these through `home.chrome`, which caches them across requests (and hands
its instance to `SiteSettings.for_request`); the admin
edits them through Wagtail's settings views, with a live preview of the home page.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, PreviewableMixin

SHORT_RICH_TEXT = ["bold", "italic", "link"]

# (field name, label) in the order readers see them; only filled ones are shown.
SOCIAL_NETWORKS = [
    ("facebook_url", "Facebook"),
    ("x_url", "X"),
    ("mastodon_url", "Mastodon"),
    ("bluesky_url", "Bluesky"),
    ("linkedin_url", "LinkedIn"),
]


@register_setting(icon="cog")
class SiteSettings(PreviewableMixin, BaseSiteSetting, ClusterableModel):
    welcome_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="Heading of the welcome box, e.g. “About this blog”.",
    )
    welcome_text = RichTextField(
        blank=True,
        features=SHORT_RICH_TEXT,
        help_text="A few sentences telling readers who runs the blog and what it covers.",
    )
    rss_enabled = models.BooleanField(
        "show RSS link", default=True, help_text="Offer readers the blog's RSS feed."
    )
    email_updates_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page where readers sign up for email updates.",
    )
    tag_cloud_size = models.PositiveSmallIntegerField(
        "topics in the sidebar",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text="How many of the most used topics the sidebar shows (1 to 200; left empty, "
        "40). Its “All topics” link lists every topic.",
    )
    facebook_url = models.URLField("Facebook page", blank=True)
    x_url = models.URLField("X (Twitter) profile", blank=True)
    mastodon_url = models.URLField("Mastodon profile", blank=True)
    bluesky_url = models.URLField("Bluesky profile", blank=True)
    linkedin_url = models.URLField("LinkedIn page", blank=True)
    disclaimer = RichTextField(
        blank=True,
        features=SHORT_RICH_TEXT,
        help_text="Shown at the foot of every page, e.g. “Nothing on this blog is legal advice”.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the foot of every page.",
    )
    copyright_line = models.CharField(
        max_length=200,
        blank=True,
        help_text="E.g. “© 2026 Fenwick Court Chambers”. Left empty, “© the site name” is shown.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("welcome_title"),
                    FieldPanel("welcome_text"),
                    InlinePanel(
                        "editorial_team",
                        heading="Editorial team",
                        label="Team member",
                        help_text="Listed in the welcome box in this order.",
                    ),
                ],
                heading="Welcome box",
            ),
            ObjectList([FieldPanel("tag_cloud_size")], heading="Sidebar"),
            ObjectList(
                [
                    FieldPanel("rss_enabled"),
                    PageChooserPanel("email_updates_page", "newsletter.SubscribePage"),
                    MultiFieldPanel(
                        [FieldPanel(name) for name, _label in SOCIAL_NETWORKS],
                        heading="Social networks",
                        help_text="Only the ones you fill in are shown.",
                    ),
                ],
                heading="Subscribe and follow",
            ),
            ObjectList(
                [
                    FieldPanel("disclaimer"),
                    PageChooserPanel("privacy_page"),
                    FieldPanel("copyright_line"),
                ],
                heading="Footer",
            ),
        ]
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    @property
    def social_links(self):
        """[{"network", "url"}] for the networks that have a URL, in a fixed order."""
        return [
            {"network": label, "url": getattr(self, name)}
            for name, label in SOCIAL_NETWORKS
            if getattr(self, name)
        ]

    # --- preview: the site's home page, wearing these unsaved settings ------------------

    def serve_preview(self, request, mode_name):
        # home.chrome builds the previewed page's chrome from this unsaved instance.
        request._home_settings_preview = self
        home = self.site.root_page.specific
        return home.serve_preview(request, home.default_preview_mode)


class EditorialTeamMember(Orderable):
    site_settings = ParentalKey(
        SiteSettings, on_delete=models.CASCADE, related_name="editorial_team"
    )
    role = models.CharField(max_length=120, help_text="E.g. “Editor” or “Commissioning editor”.")
    name = models.CharField(
        max_length=120, blank=True, help_text="Left empty, the linked author's name is used."
    )
    author = models.ForeignKey(
        "posts.Author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: links the name to the author's posts.",
    )

    panels = [FieldPanel("role"), FieldPanel("name"), FieldPanel("author")]

    def clean(self):
        super().clean()
        if not self.name and not self.author_id:
            raise ValidationError({"name": "Enter a name or choose an author."})

    @property
    def display_name(self):
        return self.name or (self.author.name if self.author_id else "")

    def __str__(self):
        return f"{self.display_name} ({self.role})"
