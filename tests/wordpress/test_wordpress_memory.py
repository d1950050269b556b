"""Item 19: memory. A long post is held a few times over at most while it is converted,
saved, revised, published and indexed, not once more for each step on the way."""

import gc
import io
import tracemalloc

import pytest
from django.core.management import call_command
from wagtail.models import Revision

from posts.models import PostPage
from tests.wordpress.small_wxr import export, item

SECTION = (
    "<h2>Grounds</h2>\n\n<p>"
    + "The tribunal heard the appeal on the article. " * 12
    + "</p>\n\n<blockquote>The court agreed.</blockquote>\n\n"
)


def write(tmp_path, sections):
    path = tmp_path / "export.xml"
    path.write_text(export(item("Long", wp_id="1", name="long", content=SECTION * sections)))
    return path


def pages_holding_their_body(pk):
    gc.collect()
    return [
        obj
        for obj in gc.get_objects()
        if type(obj) is PostPage and obj.pk == pk and "body" in obj.__dict__
    ]


@pytest.mark.django_db
def test_publishing_starts_with_no_other_copy_of_the_page_holding_the_body(
    blog, tmp_path, monkeypatch
):
    """Publishing builds the page afresh from its revision; the instance that saved the page
    and its revision (and still holds the body) must be gone by then, or a huge body is held
    once more for the whole publish."""
    held = []
    publish = Revision.publish

    def counting_publish(self, *args, **kwargs):
        held.append(len(pages_holding_their_body(int(self.object_id))))
        return publish(self, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", counting_publish)
    call_command("import_wordpress", str(write(tmp_path, 10)), stdout=io.StringIO())
    assert PostPage.objects.get().live
    assert held == [0]


@pytest.mark.django_db
def test_a_long_post_costs_a_bounded_multiple_of_its_size(blog, tmp_path):
    path = write(tmp_path, 3_000)  # about 1.8 MB in 9,000 blocks
    size = len(SECTION) * 3_000
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        call_command("import_wordpress", str(path), stdout=io.StringIO())
        peak = tracemalloc.get_traced_memory()[1] - start
    finally:
        tracemalloc.stop()
    assert len(PostPage.objects.get().body.raw_data) == 9_000
    # Python's own allocations (tracemalloc; SQLite's and libpq's are not seen). Measured
    # with several hash seeds: 14-16x the HTML's size on SQLite, 15-20x on PostgreSQL (the
    # order objects are freed in varies). It was 20-21x before the record let go of its
    # HTML, the importer's instance went before the publish, and the search index stopped
    # building every block. Most of what is left is Wagtail's: the page row, the revision
    # and the publish each serialise the body once more. A bound, not a target: the old
    # importer (23 MB to ~1 GB) was over 40x.
    assert peak < 25 * size, f"{peak / size:.1f}x the post's size"
