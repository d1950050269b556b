"""Template hygiene that Django does not check: its `{# #}` comments end on the line they start,
so one spread over two lines is printed to readers as text."""

from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_short_comments_close_on_their_own_line(path):
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        assert line.count("{#") == line.count("#}"), (
            f"{path.name}:{number} opens a {{# comment #}} it does not close on the same line; "
            "use {% comment %} for comments over several lines"
        )


def test_no_template_comment_reaches_a_page(client, every_page_url):
    for url in every_page_url:
        html = client.get(url).content.decode()
        assert "{#" not in html and "#}" not in html, url
