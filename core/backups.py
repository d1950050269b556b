"""Backups of the whole site: the database and every media file, in one portable archive.

The archive is a gzipped tar holding
  manifest.json    format version, when, the database engine, row counts per model and the
                   media files with their sizes: what `restore` checks before it changes anything
  database.jsonl   every row with its primary key (Django's dumpdata, one object per line),
                   content types and permissions included, so it loads into SQLite or
                   PostgreSQL alike and every id (generic relations too) comes back the same
  media/<name>     every file of the default storage: the media folder or the bucket

JSON rather than pg_dump: one format and one procedure for the embedded default and
PostgreSQL, restorable into either (an SQLite site moves to PostgreSQL by backup and restore),
readable by a person, and independent of the server's version. What it leaves out is rebuilt:
sessions (everyone signs in again) and the search index (`update_index`). Natural keys are not
used: Wagtail keeps log entries of deleted pages, which a natural-key dump cannot follow.
"""

import datetime
import io
import json
import os
import tarfile
import tempfile
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from core.renditions import made_on_first_view

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
MEDIA = "media/"
# Rebuilt rather than kept: see the module's docstring.
# The task queue's rows too: a task still queued at backup time (a confirmation email, say)
# would run again after a restore.
EXCLUDED = {"sessions", "wagtailsearch", "wagtailadmin.editingsession", "django_tasks_database"}


class BackupError(Exception):
    """The archive cannot be restored (not a backup, damaged, another format)."""


def media_names(storage=default_storage, folder=""):
    """Every file in the storage, walking its folders (on a bucket, its key prefixes)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []  # a media folder never created: no uploads yet
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += media_names(storage, f"{folder}{sub}/")
    return sorted(names)


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, which would move
    every timestamp (and the order of rows that share a millisecond) on a round trip."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat().replace("+00:00", "Z")
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def models_in_load_order():
    """Every model with rows of its own, content types and permissions first: loading a page
    or a snippet may look its content type up, which would otherwise create it anew under
    another id before the backup's came."""
    first = [apps.get_app_config("contenttypes"), apps.get_app_config("auth")]
    ordered = first + [app for app in apps.get_app_configs() if app not in first]
    for app in ordered:
        for model in app.get_models():
            excluded = app.label in EXCLUDED or model._meta.label_lower in EXCLUDED
            if not excluded and not model._meta.proxy and model._meta.managed:
                yield model


def dump_database(target):
    """Write every row to the open text file `target`, one JSON object per line; the number
    of rows per model."""
    counts = Counter()
    for model in models_in_load_order():
        rows = model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)
        counter = _Counting(rows)
        serializers.serialize("jsonl", counter, stream=target, cls=ExactEncoder)
        if counter.count:
            counts[model._meta.label_lower] = counter.count
    return counts


class _Counting:
    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def write_backup(path, storage=default_storage):
    """Write the archive to `path`; its manifest."""
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DATABASE
        with dump.open("w", encoding="utf-8") as target, _snapshot():
            counts = dump_database(target)
        media = []
        # Readable by its owner only: it holds password hashes, subscribers' addresses and
        # private documents.
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(dump, arcname=DATABASE)
            for name in media_names(storage):
                with storage.open(name, "rb") as source:
                    info = tarfile.TarInfo(MEDIA + name)
                    info.size = source.size
                    archive.addfile(info, source)
                media.append({"name": name, "size": info.size})
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(),
                "database": connection.vendor,
                "rows": dict(sorted(counts.items())),
                "media": media,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
    return manifest


@contextmanager
def _snapshot():
    """On PostgreSQL, every table read as of one moment while the site goes on writing. (On
    SQLite a transaction would hold the write lock for the whole dump, as settings ask for
    BEGIN IMMEDIATE: there, back up while nobody publishes, or copy the file.)"""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def read_manifest(path):
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.load(archive.extractfile(MANIFEST))
    except (OSError, tarfile.TarError, KeyError, ValueError, AttributeError) as error:
        raise BackupError(f"{path} is not a backup made by manage.py backup ({error}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} has format {manifest.get('format')!r}, not {FORMAT}.")
    return manifest


def restore_backup(path, storage=default_storage):
    """Replace the database's rows and every media file with the archive's; its manifest.

    The rows are replaced in one transaction, and the media inside it once the rows have
    loaded: a damaged dump fails before any file is touched. A failure while the files are
    written (a full disk, a bucket refusing) rolls the rows back but leaves the files half
    replaced: run the restore again once the storage is fixed.
    """
    manifest = read_manifest(path)
    with tempfile.TemporaryDirectory() as work, tarfile.open(path, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers() if member.isfile()}
        if DATABASE not in members:
            raise BackupError(f"{path} holds no {DATABASE}.")
        wanted = {MEDIA + item["name"] for item in manifest["media"]}
        if missing := wanted - members.keys():
            raise BackupError(f"{path} lacks media files: {', '.join(sorted(missing)[:5])}")
        dump = Path(work) / DATABASE
        with archive.extractfile(members[DATABASE]) as source, dump.open("wb") as target:
            _copy(source, target)

        with transaction.atomic(), made_on_first_view():
            # Without post_migrate, flush leaves the content types and permissions empty too:
            # the backup's own come back with their ids.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            call_command("loaddata", str(dump), verbosity=0)
            for name in media_names(storage):
                storage.delete(name)
            for item in manifest["media"]:
                with archive.extractfile(members[MEDIA + item["name"]]) as source:
                    saved = storage.save(item["name"], File(source, name=item["name"]))
                if saved != item["name"]:
                    raise BackupError(f"{item['name']} was stored as {saved}.")
        ContentType.objects.clear_cache()
    call_command("update_index", verbosity=0)
    return manifest


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def _copy(source, target, chunk=1024 * 1024):
    while block := source.read(chunk):
        target.write(block)
