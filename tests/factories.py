"""Small builders for test data: the page tree, authors, tags and posts."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Revision, Site

from home.models import HomePage, StandardPage
from newsletter.models import SubscribePage, Subscriber
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


def make_image(title="Test image", width=1600, height=900, colour=(120, 40, 40)):
    """An image backed by a real PNG file of the given size, with its dimensions and file size
    filled in as Wagtail's upload form would."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, format="PNG")
    buffer.seek(0)  # Django stores the file from where the buffer stands
    name = f"{title.replace(' ', '-')}.png"
    image = Image(title=title, description=f"{title} description")
    image.file.save(name, ImageFile(buffer, name=name), save=False)
    image.file_size = image.file.size
    image.save()
    return image


def make_document(title="Judgment", filename="judgment.pdf", content=b"%PDF-1.4 test"):
    document = Document(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


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
    """A post under `blog`. live=False leaves a draft; a future date makes it scheduled:
    published the way an editor would, which Wagtail turns into a revision approved to go
    live on that date."""
    date = date or timezone.now() - datetime.timedelta(days=days_ago)
    scheduled = live and date > timezone.now()
    post = PostPage(
        title=title,
        date=date,
        intro=intro,
        body=body or [{"type": "paragraph", "value": f"<p>Body of {title}.</p>"}],
        live=live and not scheduled,
        **fields,
    )
    post.tags = list(tags)
    post.post_authors = [PostPageAuthor(author=author) for author in authors]
    blog.add_child(instance=post)
    if scheduled:
        post.save_revision().publish()
    elif not live:
        post.save_revision()
    if private:
        PageViewRestriction.objects.create(
            page=post, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    return post


def make_due(post):
    """Time passes for a scheduled post: its date and approved go-live time move to just now,
    so the next `publish_scheduled` publishes it."""
    due = timezone.now() - datetime.timedelta(seconds=1)
    revision = Revision.objects.get(object_id=str(post.pk), approved_go_live_at__isnull=False)
    revision.content.update(date=due.isoformat(), go_live_at=due.isoformat())
    revision.approved_go_live_at = due
    revision.save()
    PostPage.objects.filter(pk=post.pk).update(date=due, go_live_at=due)
    post.refresh_from_db()
    return post


# Wagtail's Page is a treebeard MP_Node: a page's path is its parent's path plus its position
# among its siblings, written in base 36 (digits 0-9 then A-Z) and left-padded to 4 characters.
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PATH_STEPLEN = 4


def child_path(parent_path, step):
    """The materialised path of the `step`-th child (counting from 1) of the page at
    `parent_path`: child_path("0001", 1) == "00010001", child_path("0001", 36) == "00010010"."""
    digits = ""
    while step:
        step, digit = divmod(step, len(PATH_ALPHABET))
        digits = PATH_ALPHABET[digit] + digits
    if len(digits) > PATH_STEPLEN:
        raise ValueError(f"more children than {PATH_STEPLEN} base-36 digits can number")
    return parent_path + digits.rjust(PATH_STEPLEN, PATH_ALPHABET[0])


def bulk_posts(blog, count, *, tags=(), authors=(), tags_per_post=3, start_days_ago=1):
    """Seed `count` live posts quickly for query-budget tests (one INSERT per row, no signals).

    Pages are created in bulk with paths computed the way treebeard would (`child_path`), then
    each post's own row is inserted with `save_base(raw=True)`. Tags and authors are spread
    round-robin. Returns the posts' primary keys, newest first.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils.text import slugify

    content_type = ContentType.objects.get_for_model(PostPage)
    blog.refresh_from_db()
    first_step = blog.numchild + 1
    now = timezone.now()
    pages = []
    for offset in range(count):
        title = f"Bulk post {first_step + offset}"
        published = now - datetime.timedelta(days=start_days_ago, hours=offset)
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slugify(title),
                content_type=content_type,
                path=child_path(blog.path, first_step + offset),
                depth=blog.depth + 1,
                numchild=0,
                url_path=f"{blog.url_path}{slugify(title)}/",
                live=True,
                first_published_at=published,
                last_published_at=published,
                locale_id=blog.locale_id,
            )
        )
    Page.objects.bulk_create(pages)
    Page.objects.filter(pk=blog.pk).update(numchild=blog.numchild + count)
    created = Page.objects.filter(path__in=[page.path for page in pages]).order_by("path")
    tags, authors = list(tags), list(authors)
    tag_links, author_links, pks = [], [], []
    for offset, page in enumerate(created):
        post = PostPage(page_ptr=page, date=page.first_published_at, intro=f"Intro {offset}")
        post.__dict__.update(
            {field: value for field, value in page.__dict__.items() if not field.startswith("_")}
        )
        post.body = [{"type": "paragraph", "value": f"<p>Body of {page.title}.</p>"}]
        post.save_base(raw=True)
        pks.append(page.pk)
        for step in range(min(tags_per_post, len(tags))):
            tag = tags[(offset + step) % len(tags)]
            tag_links.append(PostPage.tags.through(postpage_id=page.pk, tag_id=tag.pk))
        if authors:
            author = authors[offset % len(authors)]
            author_links.append(PostPageAuthor(page_id=page.pk, author=author, sort_order=0))
    PostPage.tags.through.objects.bulk_create(tag_links)
    PostPageAuthor.objects.bulk_create(author_links)
    return pks


def make_menu(site, slot, items):
    """A header or footer menu. `items` are dicts of MenuItem fields (link_page, link_url,
    label, is_child), in order."""
    from home.models import Menu, MenuItem

    menu = Menu(site=site, slot=slot)
    menu.items = [MenuItem(sort_order=order, **item) for order, item in enumerate(items)]
    menu.save()
    return menu


def make_site_settings(site, *, team=(), **fields):
    """Saved SiteSettings for `site`; `team` is a list of dicts (role, name, author)."""
    from home.models import EditorialTeamMember, SiteSettings

    site_settings, _ = SiteSettings.objects.get_or_create(site=site)
    for name, value in fields.items():
        setattr(site_settings, name, value)
    site_settings.editorial_team = [
        EditorialTeamMember(sort_order=order, **member) for order, member in enumerate(team)
    ]
    site_settings.save()
    return site_settings


def make_subscribers(count, *, confirmed_days_ago=1, prefix="reader"):
    confirmed = timezone.now() - datetime.timedelta(days=confirmed_days_ago)
    return [
        Subscriber.objects.create(
            email=f"{prefix}{number}@example.org",
            status=Subscriber.Status.ACTIVE,
            confirmed_at=confirmed,
            digest_cursor=confirmed,
        )
        for number in range(count)
    ]
