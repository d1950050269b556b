"""Builds the demo site. Deterministic for a given seed, and idempotent: objects are
matched by slug or title, so a second run finds everything in place and adds nothing.

Posts are written in batches, each committed and then indexed for search in one bulk pass, and
nothing about a written post is kept: the memory a run needs does not grow with --posts."""

import datetime
import random

from django.db import reset_queries, transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from demo import vocabulary as words
from demo.images import get_or_draw_image
from home.models import (
    EditorialTeamMember,
    HomePage,
    HomePageFeaturedPost,
    Menu,
    MenuItem,
    SiteSettings,
    StandardPage,
)
from newsletter.models import SubscribePage
from posts import search
from posts.models import Author, BlogIndexPage, PostPage, PostPageAuthor
from taxonomy.models import Tag

# Posts are dated back from a fixed day so that the same seed always gives the same site.
NEWEST_POST = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)
SPAN = datetime.timedelta(days=4 * 365)
# Posts written, committed and indexed together.
BATCH_SIZE = 250


class DemoBuilder:
    def __init__(self, seed=2010, posts=45, stdout=None):
        self.rng = random.Random(seed)
        self.post_count = posts
        self.stdout = stdout
        self.created = {"pages": 0, "posts": 0, "authors": 0, "tags": 0}

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    def build(self):
        # Three steps, each committed: the pages and snippets, the posts batch by batch (a
        # large load must not hold every row of one transaction), then the chrome.
        with transaction.atomic():
            home, blog, about, subscribe, privacy, authors, tags, images = self.skeleton()
        self.posts(blog, authors, tags, images)
        with transaction.atomic():
            self.site_settings(home, authors, subscribe, privacy)
            self.menus(home, blog, about, subscribe, privacy)
            self.featured_posts(home, blog)
        return self.created

    def skeleton(self):
        home = self.home_page()
        blog = self.child(
            home,
            BlogIndexPage,
            slug="blog",
            title="Blog",
            intro="Comment and analysis on human rights and public law, written by members of "
            "chambers and guest contributors.",
        )
        subscribe = self.child(
            home,
            SubscribePage,
            slug="subscribe",
            title="Free email updates",
            intro="<p>Leave your address and we will send you one email a week listing the new "
            "posts. Nothing else, and you can leave with one click.</p>",
            privacy_notice="<p>We keep only your email address and the date you confirmed it. "
            "We never share it. Every email has a link that removes you at once.</p>",
        )
        about = self.child(
            home, StandardPage, slug="about", title="About this blog", body=self.about_body()
        )
        privacy = self.child(
            home, StandardPage, slug="privacy", title="Privacy policy", body=self.privacy_body()
        )
        pages = (home, blog, about, subscribe, privacy)
        return (*pages, self.authors(), self.tags(), self.images())

    # --- pages -------------------------------------------------------------------------

    def home_page(self):
        home = HomePage.objects.first()
        if home:
            return home
        root = Page.get_first_root_node()
        home = HomePage(
            title="Rights & Remedies",
            slug="home-new",
            intro="A human rights and public law blog from the barristers of "
            "Fenwick Court Chambers.",
        )
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "Rights & Remedies"
            site.save()
            # Wagtail's placeholder welcome page; ours replaces it.
            if old_root.pk != home.pk and old_root.specific_class != HomePage:
                old_root.delete()
        else:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Rights & Remedies",
            )
        home.slug = "home"
        home.save()
        self.created["pages"] += 1
        return home

    def child(self, parent, model, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        self.created["pages"] += 1
        return page

    def about_body(self):
        return [
            {
                "type": "paragraph",
                "value": "<p>This blog is written by members of Fenwick Court Chambers, "
                "a set of barristers practising in public, human rights and environmental law. "
                "Posts explain new decisions and the law for lawyers and non-lawyers alike.</p>",
            },
            {"type": "heading", "value": {"text": "Not legal advice", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Nothing here is legal advice. If you have a legal "
                "problem, speak to a qualified adviser about your own circumstances.</p>",
            },
        ]

    def privacy_body(self):
        return [
            {
                "type": "paragraph",
                "value": "<p>Reading this blog sets no cookies and records "
                "nothing about you. If you subscribe to email updates we store your address and "
                "when you confirmed it, and nothing more.</p>",
            },
            {"type": "heading", "value": {"text": "Leaving the list", "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>Every email contains a link that unsubscribes you "
                "at once and deletes your address.</p>",
            },
        ]

    # --- site chrome: settings, menus, featured posts (only where none are set yet) ------

    def site_settings(self, home, authors, subscribe, privacy):
        site = Site.objects.get(root_page=home)
        site_settings, created = SiteSettings.objects.get_or_create(site=site)
        if not created:
            return
        site_settings.welcome_title = "About this blog"
        site_settings.welcome_text = (
            "<p>Rights &amp; Remedies is written by members of Fenwick Court Chambers. We "
            "explain new judgments in human rights and public law for lawyers and everyone "
            "else.</p>"
        )
        roles = ["Editor", "Deputy editor", "Commissioning editor"]
        site_settings.editorial_team = [
            EditorialTeamMember(role=role, author=author, sort_order=order)
            for order, (role, author) in enumerate(zip(roles, authors, strict=False))
        ]
        site_settings.email_updates_page = subscribe
        site_settings.mastodon_url = "https://mastodon.example/@rightsandremedies"
        site_settings.linkedin_url = "https://www.linkedin.example/company/fenwick-court"
        site_settings.disclaimer = (
            "<p>Posts are the views of their authors, not of Fenwick Court Chambers, and are "
            "not legal advice. If you have a legal problem, speak to a qualified adviser.</p>"
        )
        site_settings.privacy_page = privacy
        site_settings.copyright_line = "© Fenwick Court Chambers"
        site_settings.save()

    def menus(self, home, blog, about, subscribe, privacy):
        site = Site.objects.get(root_page=home)
        blog_path = "/" + blog.url_path[len(home.url_path) :]  # e.g. /blog/, for its routes
        topics, feed = blog_path + blog.route_path("tags"), blog_path + blog.route_path("feed")
        layouts = {
            Menu.HEADER: [
                {"link_page": home, "label": "Home"},
                {"link_page": blog},
                {"link_url": topics, "label": "Topics", "is_child": True},
                {"link_page": about},
                {"link_page": subscribe, "label": "Subscribe"},
            ],
            Menu.FOOTER: [
                {"link_page": about},
                {"link_page": privacy},
                {"link_url": feed, "label": "RSS feed"},
            ],
        }
        for slot, items in layouts.items():
            if Menu.objects.filter(site=site, slot=slot).exists():
                continue
            menu = Menu(site=site, slot=slot)
            menu.items = [MenuItem(sort_order=order, **item) for order, item in enumerate(items)]
            menu.save()

    def featured_posts(self, home, blog):
        if home.featured_posts.exists():
            return
        # Three of the newest posts, fetched alone (not the whole blog, bodies and all).
        newest = PostPage.objects.child_of(blog).order_by("-date", "pk").defer_streamfields()
        chosen = list(newest[2:12])[::4]
        if not chosen:
            return
        home.featured_posts = [
            HomePageFeaturedPost(post=post, sort_order=order) for order, post in enumerate(chosen)
        ]
        home.save_revision().publish()

    # --- snippets and images -----------------------------------------------------------

    def authors(self):
        authors = []
        for name, role, bio in words.AUTHORS:
            author, created = Author.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "role": role, "bio": bio}
            )
            self.created["authors"] += created
            authors.append(author)
        return authors

    def tags(self):
        existing = {tag.slug: tag for tag in Tag.objects.all()}
        tags = []
        for name in words.TOPICS:
            slug = slugify(name)
            if slug not in existing:
                existing[slug] = Tag.objects.create(name=name, slug=slug)
                self.created["tags"] += 1
            tags.append(existing[slug])
        return tags

    def images(self):
        return [
            get_or_draw_image(title, description, seed=index)
            for index, (title, description) in enumerate(words.IMAGE_SUBJECTS)
        ]

    # --- posts -------------------------------------------------------------------------

    def posts(self, blog, authors, tags, images):
        # Slugs only (not pages) are remembered: a few bytes a post.
        existing = set(PostPage.objects.child_of(blog).values_list("slug", flat=True))
        # A skewed (Zipf-like) popularity: a few topics are everywhere, most are rare.
        weights = [1 / (rank + 1) for rank in range(len(tags))]
        step = SPAN / max(self.post_count, 1)
        used_slugs = set()
        for start in range(0, self.post_count, BATCH_SIZE):
            written = []  # primary keys of this batch's new posts, for indexing
            # Indexed once the batch is written, in one bulk pass, not save by save.
            with transaction.atomic(), search.indexing_paused():
                for number in range(start, min(start + BATCH_SIZE, self.post_count)):
                    post = self.post(number, step, tags, weights, authors, images, used_slugs)
                    if post.slug in existing:
                        continue
                    blog.add_child(instance=post)
                    written.append(post.pk)
            if written:
                search.reindex_posts(PostPage.objects.filter(pk__in=written))
                self.created["posts"] += len(written)
                self.log(f"  {self.created['posts']} posts…")
            # With DEBUG on, Django logs each query; a long run needs none of them.
            reset_queries()

    def post(self, number, step, tags, weights, authors, images, used_slugs):
        """The `number`th post, unsaved. Every random value is drawn even for posts that
        exist, so later posts come out the same whether or not earlier ones were there."""
        post_tags = self.pick_weighted(tags, weights, self.rng.randint(2, 5))
        post_authors = self.rng.sample(authors, self.rng.choice([0, 1, 1, 1, 1, 2, 2, 3]))
        fields = self.post_fields(post_tags[0], images)
        fields["date"] = (
            NEWEST_POST - step * number - datetime.timedelta(hours=self.rng.randint(0, 9))
        )
        slug = slugify(fields["title"])[:70].strip("-")
        if slug in used_slugs:
            slug = f"{slug}-{number}"
        used_slugs.add(slug)
        post = PostPage(slug=slug, **fields)
        post.tags = post_tags
        post.post_authors = [PostPageAuthor(author=author) for author in post_authors]
        return post

    def pick_weighted(self, items, weights, count):
        chosen = []
        while len(chosen) < count:
            item = self.rng.choices(items, weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def post_fields(self, topic_tag, images):
        rng = self.rng
        court = rng.choice(words.COURTS)
        values = {
            "topic": topic_tag.name,
            "topic_lower": topic_tag.name
            if topic_tag.name[0].isupper()
            and " " not in topic_tag.name
            and topic_tag.name.startswith("Article")
            else topic_tag.name.lower(),
            "court": court,
            "court_cap": court[0].upper() + court[1:],
            "case": rng.choice(words.PARTIES),
        }
        title = rng.choice(words.TITLE_PATTERNS).format(**values)
        title = title[0].upper() + title[1:]
        opening = rng.choice(words.OPENINGS).format(**values)
        body = [{"type": "paragraph", "value": f"<p>{opening} {self.sentences(2)}</p>"}]
        headings = rng.sample(words.HEADINGS, rng.randint(2, 4))
        image = rng.choice(images)
        for position, heading in enumerate(headings):
            body.append({"type": "heading", "value": {"text": heading, "level": "h2"}})
            body.append({"type": "paragraph", "value": f"<p>{self.sentences(3)}</p>"})
            if position == 0:
                body.append(
                    {
                        "type": "image",
                        "value": {"image": image.pk, "caption": image.title, "alt_text": ""},
                    }
                )
            if position == 1:
                text, who = rng.choice(words.QUOTES)
                body.append({"type": "quotation", "value": {"text": text, "attribution": who}})
            body.append({"type": "paragraph", "value": f"<p>{self.sentences(4)}</p>"})
        return {
            "title": title,
            "intro": opening,
            "body": body,
            "feed_image": image,
        }

    def sentences(self, count):
        return " ".join(self.rng.sample(words.SENTENCES, count))
