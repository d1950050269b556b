"""The streaming WXR reader: both namespace generations, and memory that does not grow."""

import io
import tracemalloc

from wordpress import wxr

WXR_11 = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.1/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.1/">
<channel>
  <title>Old blog</title><link>http://old.example.org</link>
  <wp:wxr_version>1.1</wp:wxr_version><wp:base_blog_url>http://old.example.org/</wp:base_blog_url>
  <wp:author><wp:author_login>jo</wp:author_login>
    <wp:author_display_name><![CDATA[Jo Bloggs]]></wp:author_display_name></wp:author>
  <wp:category><wp:category_nicename>child</wp:category_nicename>
    <wp:category_parent>parent</wp:category_parent><wp:cat_name>Child</wp:cat_name></wp:category>
  <wp:tag><wp:tag_slug>art-8</wp:tag_slug><wp:tag_name>Article 8</wp:tag_name></wp:tag>
  <item>
    <title>Hello &amp;amp; welcome</title><dc:creator>jo</dc:creator>
    <content:encoded><![CDATA[Para one

Para two]]></content:encoded>
    <excerpt:encoded><![CDATA[Short]]></excerpt:encoded>
    <wp:post_id>7</wp:post_id><wp:post_date>2011-02-03 04:05:06</wp:post_date>
    <wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt><wp:post_name>hello</wp:post_name>
    <wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>
    <wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
    <category domain="post_tag" nicename="art-8"><![CDATA[Article 8]]></category>
    <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>
  </item>
</channel></rss>"""


def test_reads_wxr_1_1():
    records = list(wxr.read(io.BytesIO(WXR_11.encode())))
    site, author, category, tag, item = records
    assert site == wxr.Site(title="Old blog", base_url="http://old.example.org", wxr_version="1.1")
    assert author == wxr.Author(login="jo", display_name="Jo Bloggs")
    assert (category.taxonomy, category.slug, category.parent_slug) == (
        "category",
        "child",
        "parent",
    )
    assert (tag.taxonomy, tag.name) == ("post_tag", "Article 8")
    assert item.wp_id == "7" and item.title == "Hello &amp; welcome"
    assert item.content == "Para one\n\nPara two" and item.excerpt == "Short"
    assert item.post_date_gmt == "0000-00-00 00:00:00"
    assert item.terms == [wxr.ItemTerm(domain="post_tag", slug="art-8", name="Article 8")]
    assert item.meta == {"_thumbnail_id": "9"}


def test_reads_wxr_1_2_with_https_namespace():
    text = WXR_11.replace("http://wordpress.org/export/1.1/", "https://wordpress.org/export/1.2/")
    records = list(wxr.read(io.BytesIO(text.encode())))
    assert [type(r).__name__ for r in records] == ["Site", "Author", "Term", "Term", "Item"]
    assert records[-1].meta == {"_thumbnail_id": "9"}


def synthetic(items):
    head, _, tail = WXR_11.partition("<item>")
    item, _, end = tail.partition("</item>")
    body = "".join(
        "<item>" + item.replace("<wp:post_id>7<", f"<wp:post_id>{n}<") + "</item>"
        for n in range(items)
    )
    return (head + body + end).encode()


def peak_while_reading(data):
    tracemalloc.start()
    count = sum(1 for _ in wxr.read(io.BytesIO(data)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak


def test_memory_does_not_grow_with_the_file():
    small, large = synthetic(500), synthetic(5000)
    small_count, small_peak = peak_while_reading(small)
    large_count, large_peak = peak_while_reading(large)
    assert (small_count, large_count) == (504, 5004)
    # Ten times the items; the parsed tree never holds more than one, so the peak stays put
    # (the input bytes themselves are excluded: tracemalloc only sees the parser's allocations).
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
