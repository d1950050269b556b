"""What an import did (or, in a dry run, would do), counted per kind of object."""

from collections import Counter, defaultdict

OUTCOMES = ("created", "updated", "unchanged", "skipped")
KINDS = {
    "author": "authors",
    "category": "categories",
    "tag": "tags",
    "attachment": "attachments",
    "post": "posts",
    "page": "pages",
    "comment": "comments",
    "other": "other items",
}
EXAMPLES_PER_WARNING = 3
UNCLAIMED_LISTED = 50


class Report:
    def __init__(self):
        self.counts = defaultdict(Counter)  # kind -> outcome -> n
        self.statuses = Counter()  # WordPress status of imported posts
        self.warnings = Counter()
        self.examples = defaultdict(list)
        self.errors = 0
        self.unclaimed_redirects = []  # (old address, its new address, page answering there)

    def count(self, kind, outcome, n=1):
        self.counts[kind][outcome] += n

    def unclaimed(self, old_path, target, served_by):
        self.unclaimed_redirects.append((old_path, target, served_by))

    def warn(self, kind, detail=""):
        self.warnings[kind] += 1
        if kind == "error":
            self.errors += 1
        if detail and len(self.examples[kind]) < EXAMPLES_PER_WARNING:
            self.examples[kind].append(detail)

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.counts.values())

    def lines(self, dry_run=False):
        heading = "would be" if dry_run else ""
        yield f"{'':<12}" + "".join(f"{(heading + ' ' + o).strip():>20}" for o in OUTCOMES)
        for kind, label in KINDS.items():
            if kind in self.counts:
                row = self.counts[kind]
                yield f"{label:<12}" + "".join(f"{row[o]:>20}" for o in OUTCOMES)
        if self.statuses:
            yield "posts by WordPress status: " + ", ".join(
                f"{status} {n}" for status, n in sorted(self.statuses.items())
            )
        if self.unclaimed_redirects:
            yield (
                f"old addresses not claimed ({len(self.unclaimed_redirects)}): another page "
                "answers there, so the redirect waits behind it:"
            )
            for old_path, target, served_by in self.unclaimed_redirects[:UNCLAIMED_LISTED]:
                yield f"  {old_path} → {target} (now serves “{served_by}”)"
            if len(self.unclaimed_redirects) > UNCLAIMED_LISTED:
                yield f"  … and {len(self.unclaimed_redirects) - UNCLAIMED_LISTED} more"
        if self.warnings:
            yield "warnings:"
            for kind, n in sorted(self.warnings.items()):
                examples = "; ".join(self.examples[kind])
                yield f"  {kind}: {n}" + (f" (e.g. {examples})" if examples else "")
        else:
            yield "no warnings"
