"""Small WXR exports written in the tests, and a way to import them and read the report."""

import io

from django.core.management import call_command

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Small blog</title><link>http://small.example.org</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_blog_url>http://small.example.org</wp:base_blog_url>
"""
TAIL = "</channel></rss>"


def export(*parts):
    return HEAD + "\n".join(parts) + TAIL


def item(
    title,
    *,
    wp_id="",
    post_type="post",
    status="publish",
    name="",
    date="2010-01-02 03:04:05",
    guid="",
    link="",
    creator="",
    content="Some words.",
    extra="",
):
    """One <item>; an empty `wp_id` leaves wp:post_id out, as some exporters do."""
    fields = [f"<title>{title}</title>"]
    if link:
        fields.append(f"<link>{link}</link>")
    if guid:
        fields.append(f'<guid isPermaLink="false">{guid}</guid>')
    if creator:
        fields.append(f"<dc:creator><![CDATA[{creator}]]></dc:creator>")
    fields.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    if wp_id:
        fields.append(f"<wp:post_id>{wp_id}</wp:post_id>")
    fields += [
        f"<wp:post_date>{date}</wp:post_date>",
        f"<wp:post_date_gmt>{date}</wp:post_date_gmt>",
        f"<wp:post_name>{name}</wp:post_name>",
        f"<wp:status>{status}</wp:status>",
        "<wp:post_parent>0</wp:post_parent>",
        f"<wp:post_type>{post_type}</wp:post_type>",
        extra,
    ]
    return "<item>" + "".join(fields) + "</item>"


def run(tmp_path, text, *extra):
    """The command's output for `text` written to a file."""
    path = tmp_path / "export.xml"
    path.write_text(text) if isinstance(text, str) else path.write_bytes(text)
    out = io.StringIO()
    call_command("import_wordpress", str(path), *extra, stdout=out)
    return out.getvalue()


def row(output, label):
    """(created, updated, unchanged, skipped) from the report's table."""
    line = next(line for line in output.splitlines() if line.startswith(label + " "))
    return tuple(int(n) for n in line.split()[-4:])


def warning_count(output, kind):
    for line in output.splitlines():
        if line.strip().startswith(kind + ":"):
            return int(line.split(":")[1].split()[0])
    return 0
