"""Small builders for test data: the page tree, authors, tags and posts."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Site

from home.models import HomePage, StandardPage
from newsletter.models import SubscribePage
from posts.models import Author, BlogIndexPage, PostPage, PostPageAuthor
from taxonomy.models import Tag


def build_site():
    """Replace Wagtail's welcome page with our home page, blog index and subscribe page."""
    root = Page.get_first_root_node()
    home = HomePage(title="Test Blog", slug="home-test")
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    old = site.root_page
    site.root_page = home
    site.site_name = "Test Blog"
    site.save()
    old.delete()
    blog = BlogIndexPage(title="Blog", slug="blog")
    home.add_child(instance=blog)
    subscribe = SubscribePage(title="Subscribe", slug="subscribe")
    home.add_child(instance=subscribe)
    about = StandardPage(title="About", slug="about")
    home.add_child(instance=about)
    return {"home": home, "blog": blog, "subscribe": subscribe, "about": about}


def make_image(title="Test image", width=640, height=360, colour=(30, 90, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    image = Image(title=title, description=f"{title} description")
    image.file.save(f"{title.replace(' ', '-')}.png", ImageFile(buffer), save=False)
    image.save()
    return image


def make_author(name, role="Barrister"):
    return Author.objects.create(name=name, role=role)


def make_tag(name):
    return Tag.objects.create(name=name)


def make_post(
    blog,
    title,
    *,
    days_ago=1,
    date=None,
    tags=(),
    authors=(),
    body=None,
    intro="",
    live=True,
    private=False,
    **fields,
):
    """A post under `blog`. live=False leaves a draft; a future date makes it scheduled."""
    post = PostPage(
        title=title,
        date=date or timezone.now() - datetime.timedelta(days=days_ago),
        intro=intro,
        body=body or [{"type": "paragraph", "value": f"<p>Body of {title}.</p>"}],
        live=live,
        **fields,
    )
    post.tags = list(tags)
    post.post_authors = [PostPageAuthor(author=author) for author in authors]
    blog.add_child(instance=post)
    if not live:
        post.save_revision()
    if private:
        PageViewRestriction.objects.create(
            page=post, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    return post
