"""The print button on post pages: progressive enhancement. The HTML carries it hidden, with
no inline handler; print.js reveals it and calls window.print(); the print styles leave it (and
the rest of the chrome) off the paper."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_a_post_page_has_a_hidden_print_button_and_its_script(client, blog):
    post = make_post(blog, "Printable")
    html = client.get(post.url).content.decode()
    button = re.search(r"<button[^>]*data-print[^>]*>[^<]*</button>", html).group(0)
    assert 'type="button"' in button and " hidden" in button and "onclick" not in button
    assert ">Print this post</button>" in button
    assert re.search(r'<script src="/static/js/print\.js[^"]*" defer></script>', html)


def test_listings_have_no_print_button(client, blog):
    make_post(blog, "A post")
    assert "data-print" not in client.get("/blog/").content.decode()


def test_the_script_prints_and_the_styles_keep_the_button_hidden_and_off_paper():
    script = Path(finders.find("js/print.js")).read_text()
    assert "window.print()" in script and "button.hidden = false" in script
    css = Path(finders.find("css/site.css")).read_text()
    # The site's button style would otherwise outrank the browser's own [hidden]; hidden
    # buttons keep their place, so revealing one shifts nothing.
    assert "button[hidden] { visibility: hidden; }" in css
    print_rules = css[css.index("@media print") :]
    hidden_in_print = print_rules[: print_rules.index("{ display: none !important; }")]
    assert re.search(r"\bbutton\b", hidden_in_print)
