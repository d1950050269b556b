"""Exports that are not WXR, or not XML at all: one line of CommandError, and nothing written."""

import re

import pytest
from django.core.management.base import CommandError
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from posts.models import Author
from taxonomy.models import Tag
from tests.wordpress.small_wxr import export, item, run
from wordpress.models import ImportedObject

AUTHOR = (
    "<wp:author><wp:author_login>jo</wp:author_login>"
    "<wp:author_display_name>Jo Bloggs</wp:author_display_name></wp:author>"
)
TAG = "<wp:tag><wp:tag_slug>law</wp:tag_slug><wp:tag_name>Law</wp:tag_name></wp:tag>"
GOOD = export(AUTHOR, TAG, item("First", wp_id="1", name="first"), item("Second", wp_id="2"))
# Cut after the author, the tag and the first post: a reader that wrote as it went would have
# saved those before finding the file broken.
TRUNCATED = GOOD[: GOOD.index("<item>", GOOD.index("First")) + 40]
BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>""" + GOOD.split("?>", 1)[1].replace("Some words.", "&d;")
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>""" + GOOD.split("?>", 1)[1].replace(
    "Some words.", "&secret;"
)
PLAIN_RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<link>http://news.example.org/</link>
<item><title>A story</title><link>http://news.example.org/?p=4</link>
<guid>http://news.example.org/?p=4</guid><description>Text</description></item>
</channel></rss>"""

CASES = {
    "empty": (b"", "empty"),
    "not XML": ("Title,Body\nHello,World\n", "XML error"),
    "binary": (bytes(range(256)) * 4, "XML error"),
    "truncated": (TRUNCATED, "XML error"),
    "XML bomb": (BOMB, "DTD"),
    "external entity": (EXTERNAL, "DTD"),
    "plain RSS": (PLAIN_RSS, "not a WordPress export|without wp: elements"),
    "HTML": ("<html><body><p>Hi</p></body></html>", "not an RSS feed"),
}


def database_state():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Tag, Author, Image, ImportedObject, Redirect)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_malformed_export_is_refused_whole(blog, tmp_path, case):
    content, expected = CASES[case]
    before = database_state()
    with pytest.raises(CommandError) as raised:
        run(tmp_path, content)
    message = str(raised.value)
    assert "\n" not in message and "Traceback" not in message
    assert "Nothing was imported" in message
    assert re.search(expected, message, re.IGNORECASE), message
    assert database_state() == before


@pytest.mark.django_db
def test_the_untruncated_file_imports(blog, tmp_path):
    """The control for the truncated case: the same export whole is fine."""
    output = run(tmp_path, GOOD)
    assert "posts" in output and Tag.objects.filter(name="Law").exists()
    assert Author.objects.filter(name="Jo Bloggs").exists()
