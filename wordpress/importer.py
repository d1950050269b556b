"""Import a WXR export: authors, terms and attachments first, then posts and pages.

The file is streamed twice (bodies refer to attachments that may come after them), and nothing
grows with the number of posts: lookups go through ImportedObject rows in the database, and
only the vocabulary (authors, tags) is cached. Each object is matched by its WordPress ID, and
left untouched when what the importer would write has not changed since the last run.
"""

import datetime
import hashlib
import html
import json
import os
import re
from contextlib import nullcontext
from functools import lru_cache
from itertools import islice
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.search import index as search_index
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.slugs import is_site_route, slug_from, unused_slug
from home.models import StandardPage
from posts import search
from posts.models import Author, BlogIndexPage, PostPage, PostPageAuthor
from taxonomy.models import Tag

from . import wxr
from .body import BodyConverter
from .comments import import_comments
from .markup import strip_tags
from .models import ImportedObject
from .redirects import RedirectWriter, page_paths, post_paths
from .report import Report
from .term_redirects import blog_path, repointing_paused

BATCH_SIZE = 100  # records per transaction
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff"}
PUBLIC_STATUSES = {"publish", "private", "future"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.\w+$)")
WORDPRESS_DATE = "%Y-%m-%d %H:%M:%S"


def digest(values):
    # Hashed piece by piece: a 20 MB body is not copied into one more 20 MB string (twice).
    hasher = hashlib.sha256()
    for chunk in json.JSONEncoder(sort_keys=True, default=str).iterencode(values):
        hasher.update(chunk.encode())
    return hasher.hexdigest()


def parse_date(item):
    """post_date_gmt, else post_date in the site's time zone; None for WordPress's zero date."""
    for value, zone in ((item.post_date_gmt, datetime.UTC), (item.post_date, None)):
        try:
            moment = datetime.datetime.strptime(value, WORDPRESS_DATE)
        except ValueError:
            continue  # "0000-00-00 00:00:00" (unpublished drafts) or missing
        return moment.replace(tzinfo=zone) if zone else timezone.make_aware(moment)
    return None


def clean_title(raw):
    """Titles may carry markup and (double-)encoded entities: readers see plain text."""
    return html.unescape(strip_tags(raw))[:255].strip()


def upload_path(url):
    """'2008/06/photo.jpg' from .../wp-content/uploads/2008/06/photo.jpg?w=604 or a CDN URL."""
    path = unquote(urlsplit(url or "").path)
    marker = "/wp-content/uploads/"
    if marker in path:
        path = path.split(marker, 1)[1]
    return path.lstrip("/")


class WordPressImporter:
    def __init__(self, blog, *, media_dir=None, categories=True, dry_run=False, progress=None):
        self.blog = blog
        self.home = blog.get_parent().specific
        self.site = blog.get_site()
        self.blog_path = blog_path(blog)
        self.media_dir = Path(media_dir) if media_dir else None
        self.categories = categories
        self.dry_run = dry_run
        self.progress = progress or (lambda fraction, report: None)
        self.report = Report()
        self.redirects = RedirectWriter(self.site, self.report)
        self.source = ""
        self.base_url = ""
        self.authors = {}  # login -> Author id
        self.tags = {}  # lower(name) -> Tag id
        self.known_terms = set()  # (kind, slug) with a mapping row
        self.counted_terms = set()  # (kind, slug) already in the report: each term counts once
        self.author_names = {}  # lower(display name) -> Author id, for creators given by name
        self.category_parents = {}  # slug -> parent slug, for nested /category/ addresses
        self.deferred_pages = []
        self.keys = {}  # item position -> identity, from wxr.scan
        self.content_types = {}
        self.find_attachment = lru_cache(maxsize=4096)(self._find_attachment)

    # --- driving -------------------------------------------------------------------------------

    def run(self, path):
        # The whole file is read once before the first write: a malformed export (or one that
        # is not WXR) raises wxr.InvalidExport with nothing saved, and items without a
        # wp:post_id get an identity each.
        with open(path, "rb") as stream:
            scan = wxr.scan(stream)
        self.keys = scan.keys
        for kind, detail in scan.warnings:
            self.report.warn(kind, detail)
        # Each page is saved several times on its way to a published revision; its references
        # and search entry are indexed once, after the last save, instead of after every one.
        # A real run commits batch by batch (see _pass); a dry run is one transaction, rolled
        # back at the end.
        with (
            transaction.atomic() if self.dry_run else nullcontext(),
            disable_reference_index_auto_update(),
            search.indexing_paused(),
            repointing_paused(),
        ):
            self._pass(path, self.first_pass)
            self._pass(path, self.second_pass)
            self.place_deferred_pages()
            with transaction.atomic():
                self.redirects.point_term_redirects(self.blog)
            import_comments(self, path)
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    def _pass(self, path, handle):
        size = max(os.path.getsize(path), 1)
        with open(path, "rb") as stream:
            records = wxr.read(stream, keys=self.keys)
            while True:
                # Commit in batches: a crash loses at most one batch, and a re-run resumes.
                with transaction.atomic():
                    batch = list(islice(records, BATCH_SIZE))
                    for record in batch:
                        self._handle(handle, record)
                if not batch:
                    break
                self.progress(
                    stream.tell() / size / 2 + (0.5 if handle == self.second_pass else 0),
                    self.report,
                )

    def _handle(self, handle, record):
        if isinstance(record, wxr.Site):
            self.source = record.base_url or "wordpress"
            self.base_url = record.base_url
            return
        try:
            with transaction.atomic():
                handle(record)
        except Exception as error:  # one broken item must not stop a long import
            label = getattr(record, "wp_id", "") or getattr(record, "slug", "")
            self.report.warn("error", f"{type(record).__name__} {label}: {error!r}")

    def first_pass(self, record):
        if isinstance(record, wxr.Author):
            self.import_author(record)
        elif isinstance(record, wxr.Term):
            self.import_term(record)
        elif isinstance(record, wxr.Item) and record.post_type == "attachment":
            self.import_attachment(record)

    def second_pass(self, record):
        if not isinstance(record, wxr.Item) or record.post_type == "attachment":
            return
        if record.post_type == "post":
            self.import_post(record)
        elif record.post_type == "page":
            self.import_page(record)
        else:
            # Menus, revisions, custom post types: nothing on this site corresponds to them.
            self.report.count("other", "skipped")

    # --- mapping ---------------------------------------------------------------------------------

    def mapping(self, kind, key):
        return ImportedObject.objects.filter(source=self.source, kind=kind, wp_key=key).first()

    def remember(self, mapping, kind, key, target, values_digest, **extra):
        content_type = self.content_types.get(type(target))
        if content_type is None:
            content_type = ContentType.objects.get_for_model(type(target))
            self.content_types[type(target)] = content_type
        mapping = mapping or ImportedObject(source=self.source, kind=kind, wp_key=key)
        mapping.content_type = content_type
        mapping.object_id = target.pk
        mapping.digest = values_digest
        for name, value in extra.items():
            setattr(mapping, name, value)
        mapping.save()

    # --- authors and terms -----------------------------------------------------------------------

    def import_author(self, record):
        name = html.unescape(record.display_name or record.login).strip()[:120] or record.login
        values_digest = digest({"name": name})
        mapping = self.mapping(ImportedObject.AUTHOR, record.login)
        author = Author.objects.filter(pk=mapping.object_id).first() if mapping else None
        if author and mapping.digest == values_digest:
            outcome = "unchanged"
        elif author:
            author.name = name
            author.save()
            outcome = "updated"
        else:
            # An author already on the site under this name is the same person.
            author = Author.objects.filter(name=name).first()
            outcome = "unchanged" if author else "created"
            author = author or Author.objects.create(name=name)
        self.remember(mapping, ImportedObject.AUTHOR, record.login, author, values_digest)
        self.authors[record.login] = author.pk
        self.author_names.setdefault(name.lower(), author.pk)
        self.report.count("author", outcome)
        self.redirects.to_url(
            [f"/author/{record.login}/"],
            self.blog_path + BlogIndexPage.route_path("author", slug=author.slug),
        )

    def author_for(self, creator):
        login = creator.strip()
        if login not in self.authors:
            # Some exports carry stray characters around the login (">themereviewteam"), and
            # some name the author by display name ("Theme Admin") instead of login.
            cleaned = re.sub(r"[^\w.@+-]", "", login)
            if cleaned in self.authors:
                return self.authors[cleaned]
            name = re.sub(r"^[^\w]+|[^\w.]+$", "", html.unescape(login)).strip()
            if not cleaned or not name:
                return None
            if name.lower() in self.author_names:
                self.authors[login] = self.author_names[name.lower()]
                return self.authors[login]
            self.report.warn("unknown_author", login)
            # Spaces belong to the name ("Theme Admin" stays two words); the login-like key
            # only identifies the author between runs.
            self.import_author(wxr.Author(login=cleaned, display_name=name))
            self.authors[login] = self.authors[cleaned]
        return self.authors[login]

    def tag_for(self, name):
        """The Tag called `name` (case-insensitively), created with a free slug if new."""
        name = html.unescape(name).strip()[:100]
        if not name:
            return None, False
        key = name.lower()
        if key in self.tags:
            return self.tags[key], False
        tag = Tag.objects.filter(name__iexact=name).first()
        created = tag is None
        if created:
            base = slug_from(name, 90) or "tag"
            tag = Tag.objects.create(name=name, slug=unused_slug(Tag.objects.all(), base))
        self.tags[key] = (tag.pk, tag.slug)
        return self.tags[key], created

    def import_term(self, record):
        if record.taxonomy == "category":
            kind = ImportedObject.CATEGORY
            self.category_parents[record.slug] = record.parent_slug
            if not self.categories:
                self.report.count(kind, "skipped")
                return
        elif record.taxonomy == "post_tag":
            kind = ImportedObject.TAG
        else:
            return  # nav menus, post formats, link categories
        if (kind, record.slug) in self.counted_terms:
            return  # a wp:term repeating a wp:category or wp:tag of the same slug
        self.counted_terms.add((kind, record.slug))
        self.known_terms.add((kind, record.slug))
        mapping = self.mapping(kind, record.slug)
        tag = Tag.objects.filter(pk=mapping.object_id).first() if mapping else None
        if tag:
            # Known from an earlier run (or a wp:term repeating a wp:category). Editors own tags
            # from then on, so a renamed tag is found by its mapping, not by its old name.
            self.tags[html.unescape(record.name).strip()[:100].lower()] = (tag.pk, tag.slug)
            self.report.count(kind, "unchanged")
            self.term_redirects(kind, record.slug, tag.slug)
            return
        (tag_id, tag_slug), created = self.tag_for(record.name)
        tag = Tag(pk=tag_id, slug=tag_slug)
        self.remember(mapping, kind, record.slug, tag, digest({"name": record.name}))
        self.report.count(kind, "created" if created else "unchanged")
        self.term_redirects(kind, record.slug, tag_slug)

    def term_redirects(self, kind, slug, tag_slug):
        """/tag/x/ and /category/a/b/ to the tag's page; to the blog index, for now, while the
        tag has no visible post (see term_redirects.py)."""
        target = self.blog_path + BlogIndexPage.route_path("tag", slug=tag_slug)
        if kind == ImportedObject.TAG:
            self.redirects.to_term([f"/tag/{slug}/"], tag_slug, target, self.blog_path)
            return
        chain, parent, seen = [slug], self.category_parents.get(slug), {slug}
        while parent and parent not in seen:
            chain.insert(0, parent)
            seen.add(parent)
            parent = self.category_parents.get(parent)
        paths = [f"/category/{slug}/"]
        if len(chain) > 1:
            paths.append(f"/category/{'/'.join(chain)}/")
        self.redirects.to_term(paths, tag_slug, target, self.blog_path)

    def item_tags(self, item):
        ids = set()
        for term in item.terms:
            if term.domain == "category" and not self.categories:
                continue
            if term.domain not in ("category", "post_tag"):
                continue
            if term.assumed_domain:
                self.report.warn(
                    "category_without_domain", f"#{item.wp_id} “{term.name}” read as a category"
                )
            kind = ImportedObject.CATEGORY if term.domain == "category" else ImportedObject.TAG
            slug = term.slug or slug_from(html.unescape(term.name), 200)
            found, created = self.tag_for(term.name)
            if found is None:
                continue
            if (kind, slug) not in self.known_terms:
                # A term the export's header did not list: counted once, on first sight.
                mapping = self.mapping(kind, slug)
                if mapping is None:
                    self.remember(None, kind, slug, Tag(pk=found[0]), digest({"name": term.name}))
                if (kind, slug) not in self.counted_terms:
                    self.counted_terms.add((kind, slug))
                    self.report.count(kind, "unchanged" if mapping or not created else "created")
                self.term_redirects(kind, slug, found[1])
            self.known_terms.add((kind, slug))
            ids.add(found[0])
        return sorted(ids)

    # --- attachments -----------------------------------------------------------------------------

    def import_attachment(self, item):
        relative = item.meta.get("_wp_attached_file") or upload_path(item.attachment_url)
        if Path(relative).suffix.lower() not in IMAGE_EXTENSIONS:
            self.import_document_attachment(item, relative)
            return
        alt = html.unescape(item.meta.get("_wp_attachment_image_alt", "")).strip()
        title = clean_title(item.title) or Path(relative).stem
        caption = strip_tags(item.excerpt)
        values_digest = digest({"title": title, "alt": alt, "file": relative})
        mapping = self.mapping(ImportedObject.ATTACHMENT, item.wp_id)
        image = Image.objects.filter(pk=mapping.object_id).first() if mapping else None
        extra = {"upload_path": relative, "parent_key": item.parent_id, "caption": caption}
        if image and mapping.digest == values_digest:
            self.report.count("attachment", "unchanged")
            if (mapping.caption, mapping.parent_key) != (caption, item.parent_id):
                self.remember(
                    mapping, ImportedObject.ATTACHMENT, item.wp_id, image, values_digest, **extra
                )
            return
        file_path = self.media_dir / relative if self.media_dir else None
        if file_path is None or not file_path.is_file():
            self.report.warn("missing_media", relative)
            self.report.count("attachment", "skipped")
            return
        outcome = "updated" if image else "created"
        image = image or Image()
        image.title = title
        image.description = alt
        if not mapping or mapping.upload_path != relative or not image.file:
            try:
                self.attach_file(image, file_path)
            except OSError as error:  # Pillow cannot read it: corrupt or not really an image
                self.report.warn("unreadable_media", f"{relative}: {error}")
                self.report.count("attachment", "skipped")
                return
        image.save()
        self.remember(mapping, ImportedObject.ATTACHMENT, item.wp_id, image, values_digest, **extra)
        self.report.count("attachment", outcome)

    def attach_file(self, image, file_path):
        with PILImage.open(file_path) as picture:
            image.width, image.height = picture.size
        image.file_size = file_path.stat().st_size
        if self.dry_run:
            # Name the file without copying it: a dry run leaves storage untouched.
            image.file.name = f"original_images/{file_path.name}"
            return
        with open(file_path, "rb") as handle:
            image.file.save(file_path.name, File(handle, name=file_path.name), save=False)
        image._set_file_hash()

    # --- documents (PDF, Word, audio, video...) ------------------------------------------------

    def document_content_type(self):
        return ContentType.objects.get_for_model(get_document_model())

    def media_file(self, relative):
        """The file under --media-dir for an uploads path, or None (never outside that dir)."""
        if not self.media_dir or not relative:
            return None
        root = self.media_dir.resolve()
        candidate = (root / relative).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate

    def import_document_attachment(self, item, relative):
        """A non-image attachment becomes a Wagtail document, so links to it keep working."""
        title = clean_title(item.title) or Path(relative).stem
        values_digest = digest({"title": title, "file": relative})
        mapping = self.mapping(ImportedObject.ATTACHMENT, item.wp_id)
        Document = get_document_model()
        document = (
            Document.objects.filter(pk=mapping.object_id).first()
            if mapping and mapping.content_type_id == self.document_content_type().pk
            else None
        )
        if document and mapping.digest == values_digest:
            self.report.count("attachment", "unchanged")
            return
        found = self.create_document(relative, title, document)
        if found is None:
            self.report.count("attachment", "skipped")
            return
        self.remember(
            mapping,
            ImportedObject.ATTACHMENT,
            item.wp_id,
            found,
            values_digest,
            upload_path=relative,
            parent_key=item.parent_id,
        )
        self.report.count("attachment", "updated" if document else "created")

    def create_document(self, relative, title, document=None):
        extension = Path(relative).suffix.lower().lstrip(".")
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        if allowed is not None and extension not in allowed:
            self.report.warn("document_type_not_allowed", relative)
            return None
        file_path = self.media_file(relative)
        if file_path is None:
            self.report.warn("missing_document", relative)
            return None
        document = document or get_document_model()(title=title)
        document.title = title
        if self.dry_run:
            # Name the file without copying it: a dry run leaves storage untouched.
            document.file.name = f"documents/{file_path.name}"
            document.file_size = file_path.stat().st_size
        else:
            with open(file_path, "rb") as handle:
                document.file.save(file_path.name, File(handle, name=file_path.name), save=False)
            document._set_document_file_metadata()
        document.save()
        return document

    def resolve_document(self, url, wp_id):
        """A Wagtail document id for an uploaded file linked from a body, by attachment ID or
        uploads path; a file the export does not list as an attachment is imported from
        --media-dir when first linked. None if it cannot be had (the converter warns)."""
        query = ImportedObject.objects.filter(
            source=self.source,
            kind=ImportedObject.ATTACHMENT,
            content_type=self.document_content_type(),
        )
        path = upload_path(url) if url else ""
        mapping = query.filter(wp_key=wp_id).first() if wp_id else None
        if mapping is None and path:
            mapping = query.filter(upload_path=path).first()
        Document = get_document_model()
        if mapping and Document.objects.filter(pk=mapping.object_id).exists():
            return mapping.object_id
        if not path:
            return None
        key = f"file:{path}"
        existing = self.mapping(ImportedObject.ATTACHMENT, key)
        document = self.create_document(path, Path(path).stem.replace("-", " "))
        if document is None:
            return None
        self.remember(
            existing,
            ImportedObject.ATTACHMENT,
            key,
            document,
            digest({"file": path}),
            upload_path=path,
        )
        return document.pk

    def _find_attachment(self, wp_id, path):
        """(image id, caption) for an attachment by WordPress ID or by its uploads path."""
        query = ImportedObject.objects.filter(
            source=self.source,
            kind=ImportedObject.ATTACHMENT,
            content_type=ContentType.objects.get_for_model(Image),
        )
        mapping = None
        if wp_id:
            mapping = query.filter(wp_key=wp_id).first()
        if mapping is None and path:
            candidates = {path, SIZE_SUFFIX.sub("", path)}
            mapping = query.filter(upload_path__in=candidates).first()
        if mapping and Image.objects.filter(pk=mapping.object_id).exists():
            return mapping.object_id, mapping.caption
        return None, ""

    def resolve_image(self, attrs):
        wp_id = attrs.get("data-wp-id") or attrs.get("data-id") or ""
        found = re.search(r"\bwp-image-(\d+)\b", attrs.get("class", ""))
        wp_id = wp_id or (found.group(1) if found else "")
        image_id, _ = self.find_attachment(wp_id, upload_path(attrs.get("src", "")))
        return image_id

    def gallery_ids(self, item):
        return list(
            ImportedObject.objects.filter(
                source=self.source,
                kind=ImportedObject.ATTACHMENT,
                parent_key=item.wp_id,
                content_type=ContentType.objects.get_for_model(Image),
            )
            .order_by("pk")
            .values_list("wp_key", flat=True)
        )

    # --- posts and pages -------------------------------------------------------------------------

    def convert_body(self, item):
        warnings = []
        converter = BodyConverter(
            resolve_image=self.resolve_image,
            warn=lambda kind, detail: warnings.append((kind, detail)),
            gallery_ids=lambda: self.gallery_ids(item),
            base_url=self.base_url,
            resolve_document=self.resolve_document,
            # A [gallery] without captions shows each attachment's own caption; an image the
            # post shows without one keeps none.
            attachment_caption=self.image_caption,
            footnotes=item.meta.get("footnotes", ""),
        )
        # The record lets go of the HTML once it is converted: a long post is not held twice
        # (as HTML and as blocks) while it is saved.
        html, item.content = item.content, ""
        blocks = converter.convert(html)
        for kind, detail in warnings:
            self.report.warn(kind, f"#{item.wp_id} {detail}".strip())
        return blocks

    def image_caption(self, image_id):
        mapping = ImportedObject.objects.filter(
            source=self.source,
            kind=ImportedObject.ATTACHMENT,
            object_id=image_id,
            content_type=ContentType.objects.get_for_model(Image),
        ).first()
        return mapping.caption if mapping else ""

    def title_for(self, item):
        title = clean_title(item.title)
        if title:
            return title
        text = strip_tags(item.content)
        if text:
            return Truncator(text).words(8, truncate="…")[:255]
        return f"Untitled {item.post_type} {item.wp_id}"

    def intro_for(self, item):
        """The excerpt, else the teaser before <!--more-->, else empty (listings use the body)."""
        if item.excerpt.strip():
            return strip_tags(item.excerpt)
        parts = re.split(r"<!--more.*?-->", item.content, maxsplit=1)
        return strip_tags(parts[0]) if len(parts) == 2 else ""

    def import_post(self, item):
        if item.status in SKIPPED_STATUSES:
            self.report.count("post", "skipped")
            return
        self.report.statuses[item.status] += 1
        date = parse_date(item)
        thumbnail = item.meta.get("_thumbnail_id", "")
        feed_image = self.find_attachment(thumbnail, "")[0] if thumbnail else None
        if thumbnail and not feed_image:
            self.report.warn("image_not_found", f"#{item.wp_id} featured image {thumbnail}")
        author = self.author_for(item.creator) if item.creator else None
        fields = {
            "title": self.title_for(item),
            "date": date,
            "intro": self.intro_for(item),
            "body": self.convert_body(item),
            "feed_image_id": feed_image,
        }
        relations = {"tags": self.item_tags(item), "authors": [author] if author else []}
        self.save_page(item, PostPage, self.blog, fields, relations)

    def import_page(self, item):
        if item.status in SKIPPED_STATUSES:
            self.report.count("page", "skipped")
            return
        parent = self.home
        if item.parent_id not in ("", "0"):
            mapping = self.mapping(ImportedObject.PAGE, item.parent_id)
            parent = StandardPage.objects.filter(pk=mapping.object_id).first() if mapping else None
            if parent is None:
                self.deferred_pages.append(item)  # its parent comes later in the file
                return
        fields = {"title": self.title_for(item), "body": self.convert_body(item)}
        self.save_page(item, StandardPage, parent, fields, {}, date=parse_date(item))

    def place_deferred_pages(self):
        while self.deferred_pages:
            waiting, self.deferred_pages = self.deferred_pages, []
            for item in waiting:
                with transaction.atomic():
                    self.import_page(item)
            if len(self.deferred_pages) == len(waiting):
                for item in self.deferred_pages:
                    self.report.warn("missing_parent", f"page #{item.wp_id} placed under home")
                    item.parent_id = "0"
                    with transaction.atomic():
                        self.import_page(item)
                self.deferred_pages = []

    def slug_for(self, item, title, parent, page):
        """The WordPress slug under core.slugs' rule, or the first free variant of it: a post
        may not take a blog route ("tags", "feed", "2024"), nor any page a sibling's slug.
        Either change is reported; the old permalinks redirect to the new address."""
        base = slug_from(unquote(item.post_name), 240)
        base = base or slug_from(title, 240) or f"{item.post_type}-{item.wp_id}"
        if isinstance(parent, BlogIndexPage):
            reserved = BlogIndexPage.slug_is_route
        elif parent.pk == self.home.pk:
            reserved = is_site_route  # /search/, /admin/…: the site's own addresses
        else:
            reserved = None
        if (
            page
            and (page.slug == base or re.fullmatch(re.escape(base) + r"-\d+", page.slug))
            and not (reserved and reserved(page.slug))
        ):
            return page.slug
        siblings = Page.objects.child_of(parent)
        if page:
            siblings = siblings.exclude(pk=page.pk)
        slug = unused_slug(siblings, base, is_reserved=reserved)
        if slug != base:
            if reserved and reserved(base):
                self.report.warn(
                    "reserved_slug",
                    f"#{item.wp_id} “{base}” is one of the site's own addresses: now “{slug}”",
                )
            else:
                taken = siblings.filter(slug=base).first()
                owner = f"the page “{taken.title}”" if taken else "another page"
                self.report.warn(
                    "slug_clash", f"#{item.wp_id} “{base}” is taken by {owner}: now “{slug}”"
                )
        return slug

    def save_page(self, item, model, parent, fields, relations, date=None):
        kind = ImportedObject.POST if model is PostPage else ImportedObject.PAGE
        values = {
            **fields,
            **relations,
            "status": item.status,
            "password": item.password,
            "slug": item.post_name,
            "date": fields.get("date") or date,
        }
        values_digest = digest(values)
        del values  # holds the body's blocks: see the note on memory below
        mapping = self.mapping(kind, item.wp_id)
        page = model.objects.filter(pk=mapping.object_id).first() if mapping else None
        if page and mapping.digest == values_digest:
            self.report.count(kind, "unchanged")
            return
        created = page is None
        if created:
            page = model(live=False)
        for name, value in fields.items():
            if name == "date" and value is None:
                value = page.date if not created else timezone.now()
            setattr(page, name, value)
        fields.pop("body", None)  # the page holds the blocks now; this copy would outlive them
        page.slug = self.slug_for(item, page.title, parent, None if created else page)
        if "tags" in relations:
            page.tags = list(Tag.objects.filter(pk__in=relations["tags"]))
            page.post_authors = [PostPageAuthor(author_id=pk) for pk in relations["authors"]]
        when = fields.get("date") or date
        if created:
            # Already out on WordPress (a "future" post whose date has passed goes live now):
            # its own date, so the next digest does not send an old post as new.
            out_already = item.status in ("publish", "private") or (
                item.status == "future" and when and when <= timezone.now()
            )
            page.first_published_at = when if out_already else None
            parent.add_child(instance=page)
        revision = self.apply_status(page, item, when, created)
        # Memory: by now this instance holds the body twice over (the blocks as built and as
        # serialised into the revision), and publishing builds the page a third time from the
        # revision. So the revision is published against a copy without the body, and the
        # page is indexed from a fresh copy: one huge post costs one body at a time, not four.
        pk = page.pk
        if revision is not None:
            page = revision.content_object = model.objects.defer_streamfields().get(pk=pk)
            revision.publish(log_action=False)
        page = model.objects.get(pk=pk)
        ReferenceIndex.create_or_update_for_object(page)
        search_index.insert_or_update_object(page)
        self.remember(mapping, kind, item.wp_id, page, values_digest)
        self.report.count(kind, "created" if created else "updated")
        if item.status in PUBLIC_STATUSES:
            paths = (
                post_paths(item, self.base_url)
                if kind == "post"
                else page_paths(item, self.base_url)
            )
            self.redirects.to_page(paths, page)

    def apply_status(self, page, item, when, created):
        """publish: live; draft/pending: draft; private: login only; password: password only;
        future: scheduled for its date, the way Wagtail schedules an approved revision.
        Saves the revision; returns it when it is to be published (the caller publishes it)."""
        PageViewRestriction.objects.filter(page=page).delete()
        public = item.status in PUBLIC_STATUSES
        if public:
            page.go_live_at = (
                when if item.status == "future" and when and when > timezone.now() else None
            )
        elif page.live:
            page.unpublish(log_action=False)
        # A draft keeps its password too: publishing it in Wagtail later must not expose it.
        if item.password:
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.PASSWORD, password=item.password
            )
        elif item.status == "private":
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
        # A new page is validated when it is published (Page.save cleans a live page); an
        # update is validated here.
        revision = page.save_revision(log_action=False, clean=not created)
        return revision if public else None
