"""Signals taxonomy sends, for the apps that use tags to answer (taxonomy knows none of them)."""

from django.dispatch import Signal

# Sent inside the merge's transaction, after `source`'s objects were given `target` and just
# before `source` is deleted. Arguments: source (the Tag being merged away, still saved),
# target (the Tag it merges into) and object_ids (the pks of the objects that carried source).
# Receivers update what the relation does not reach: unpublished revisions, search entries.
tags_merged = Signal()
