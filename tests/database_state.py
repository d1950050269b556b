"""Putting back what migrations created after a test flushed the database.

Transactional and live-server tests end with a flush, which removes the rows that migrations
created (Wagtail's root page and default site, locales, collections, the editor groups). Tests
that run after them would find no page tree. The state is serialized once, before any flush,
and restored after each module of flushing tests.
"""

import json

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from wagtail.models import Page

# Content types first: some models (Wagtail's tasks) look theirs up while being built.
FIRST_RESTORED = {"contenttypes.contenttype", "auth.permission"}


def is_flushed():
    return not Page.objects.filter(depth=1).exists()


def serialize_state():
    """Every row of every migrated model, content types and permissions first."""
    objects = json.loads(connection.creation.serialize_db_to_string())
    objects.sort(key=lambda obj: obj["model"] not in FIRST_RESTORED)
    return json.dumps(objects)


def restore(migrated_state):
    """Put back a serialized state (what migrations created, or the browser tests' demo site)
    if a flush removed everything."""
    if not is_flushed():
        return
    # The flush re-created content types and permissions under new ids; put back the
    # originals, which the serialized groups and pages refer to.
    with transaction.atomic():
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(migrated_state)
        reset_sequences()
    ContentType.objects.clear_cache()


def reset_sequences():
    """Move PostgreSQL's id sequences past the restored rows, as `loaddata` does: the rows keep
    their ids, and a flush may have reset the sequences to 1, so the next page an editor creates
    would collide with a restored one. SQLite needs nothing (it takes the highest id + 1)."""
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
