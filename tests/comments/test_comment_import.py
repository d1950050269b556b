"""Must show 4: the WordPress importer brings approved comments (author, date, text, parent),
skips spam, pending, trashed comments and pingbacks, reports counts that match an
independent count of a WXR written here, and a re-import creates nothing."""

import datetime
import io
import random
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from comments.models import Comment
from posts.models import PostPage

pytestmark = pytest.mark.django_db

WP = "http://wordpress.org/export/1.2/"
STATUSES = ["1", "1", "1", "1", "0", "spam", "trash"]


def comment_xml(number, parent, approved, kind="comment", text=None):
    link = f'<a href="https://example.org/{number}">link</a>'
    text = text or f"<p>Comment {number} says hello.</p><p>With a {link} &amp; more.</p>"
    return f"""
    <wp:comment>
      <wp:comment_id>{number}</wp:comment_id>
      <wp:comment_author><![CDATA[Reader {number}]]></wp:comment_author>
      <wp:comment_author_email>reader{number}@example.org</wp:comment_author_email>
      <wp:comment_author_IP>192.0.2.{number % 250}</wp:comment_author_IP>
      <wp:comment_date>2020-01-0{1 + number % 9} 10:00:00</wp:comment_date>
      <wp:comment_date_gmt>2020-01-0{1 + number % 9} 10:{number % 60:02d}:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[{text}]]></wp:comment_content>
      <wp:comment_approved>{approved}</wp:comment_approved>
      <wp:comment_type>{kind}</wp:comment_type>
      <wp:comment_parent>{parent}</wp:comment_parent>
    </wp:comment>"""


def item_xml(post_id, comments, post_type="post", status="publish"):
    return f"""
  <item>
    <title>Post {post_id}</title>
    <dc:creator>jo</dc:creator>
    <content:encoded><![CDATA[<p>Body of post {post_id}.</p>]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date>2019-12-0{post_id % 9 + 1} 09:00:00</wp:post_date>
    <wp:post_date_gmt>2019-12-0{post_id % 9 + 1} 09:00:00</wp:post_date_gmt>
    <wp:post_name>post-{post_id}</wp:post_name>
    <wp:status>{status}</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>{post_type}</wp:post_type>
    {"".join(comments)}
  </item>"""


def make_wxr(seed=19):
    """Five posts (one a draft, which is imported as a draft; one a page), random comments:
    statuses, pingbacks, replies, and replies to replies."""
    rng = random.Random(seed)
    items, number = [], 0
    for post_id in range(101, 106):
        comments, ids = [], []
        for _ in range(rng.randint(5, 10)):
            number += 1
            parent = rng.choice([0, 0, *ids]) if ids else 0
            kind = "pingback" if rng.random() < 0.1 else "comment"
            comments.append(comment_xml(number, parent, rng.choice(STATUSES), kind))
            ids.append(number)
        post_type = "page" if post_id == 105 else "post"
        items.append(
            item_xml(
                post_id,
                comments,
                post_type=post_type,
                status="draft" if post_id == 104 else "publish",
            )
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{WP}">
<channel>
  <title>Old blog</title>
  <link>https://old.example.org</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_blog_url>https://old.example.org</wp:base_blog_url>
  <wp:author><wp:author_login>jo</wp:author_login>
    <wp:author_display_name>Jo Bloggs</wp:author_display_name></wp:author>
  {"".join(items)}
</channel>
</rss>"""


def expected(text):
    """Counted the plain way, from the whole tree: per post id, the comments that should
    arrive (approved, not a pingback, every ancestor arriving too), and the rest."""
    ns = {"wp": WP}
    imported, skipped = {}, 0
    for item in ET.fromstring(text).find("channel").findall("item"):
        comments = item.findall("wp:comment", ns)
        if item.findtext("wp:post_type", namespaces=ns) != "post":
            skipped += len(comments)
            continue
        by_id = {c.findtext("wp:comment_id", namespaces=ns): c for c in comments}

        def arrives(c, by_id=by_id):
            if c.findtext("wp:comment_approved", namespaces=ns) != "1":
                return False
            if c.findtext("wp:comment_type", namespaces=ns) not in ("", "comment"):
                return False
            parent = c.findtext("wp:comment_parent", namespaces=ns)
            return parent == "0" or (parent in by_id and arrives(by_id[parent]))

        good = [c.findtext("wp:comment_id", namespaces=ns) for c in comments if arrives(c)]
        imported[item.findtext("wp:post_id", namespaces=ns)] = good
        skipped += len(comments) - len(good)
    return imported, skipped


def run(tmp_path, text):
    path = tmp_path / "export.xml"
    path.write_text(text)
    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out)
    return out.getvalue()


def comments_row(output):
    line = next(line for line in output.splitlines() if line.startswith("comments "))
    return tuple(int(n) for n in line.split()[-4:])


def test_imported_comments_match_an_independent_count(blog, tmp_path, mailoutbox):
    text = make_wxr()
    imported, skipped = expected(text)
    total = sum(len(ids) for ids in imported.values())
    assert total >= 5 and skipped >= 3  # the seed gives every case something to count

    output = run(tmp_path, text)
    assert comments_row(output) == (total, 0, 0, skipped)
    for wp_id, ids in imported.items():
        post = PostPage.objects.get(slug=f"post-{wp_id}")
        got = Comment.objects.filter(post=post)
        assert sorted(str(c.wp_comment_id) for c in got) == sorted(ids), wp_id
        assert all(c.status == Comment.Status.APPROVED for c in got)
        assert post.comment_count == len(ids)
        for comment in got:
            assert comment.parent is None or comment.parent.parent is None  # one level
    sample = Comment.objects.order_by("wp_comment_id").first()
    n = sample.wp_comment_id
    assert sample.name == f"Reader {n}" and sample.email == f"reader{n}@example.org"
    assert sample.text == (
        f"Comment {n} says hello.\n\nWith a link (https://example.org/{n}) & more."
    )
    assert sample.created_at == datetime.datetime(
        2020, 1, 1 + n % 9, 10, n % 60, tzinfo=datetime.UTC
    )
    assert mailoutbox == []  # nobody is told about imported comments

    # Idempotent: a second run creates nothing and reports every comment unchanged.
    again = run(tmp_path, text)
    assert comments_row(again) == (0, 0, total, skipped)
    assert Comment.objects.count() == total


def test_a_reply_to_a_reply_joins_its_thread(blog, tmp_path):
    comments = [
        comment_xml(1, 0, "1"),
        comment_xml(2, 1, "1"),
        comment_xml(3, 2, "1"),
        comment_xml(4, 0, "0"),
        comment_xml(5, 4, "1"),
    ]
    only = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{WP}">
<channel><title>Old</title><link>https://old.example.org</link>
{item_xml(201, comments)}
</channel></rss>"""
    output = run(tmp_path, only)
    assert comments_row(output) == (3, 0, 0, 2)  # 4 is pending, so its reply 5 waits too
    first = Comment.objects.get(wp_comment_id=1)
    assert {c.wp_comment_id for c in first.replies.all()} == {2, 3}
