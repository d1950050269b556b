"""Every body block renders as semantic, accessible HTML (Must show 1), and the helpers
built on the body (summary, reading time, table of contents) work."""

import re
import urllib.request
from html.parser import HTMLParser

import pytest

from core.blocks import PostBodyBlock
from tests.factories import make_document, make_image, make_post


class Tree(HTMLParser):
    """Just enough of a DOM to check nesting: each element with its ancestors."""

    def __init__(self):
        super().__init__()
        self.stack, self.elements = [], []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "ancestors": list(self.stack), "text": ""}
        self.elements.append(element)
        if tag not in ("img", "source", "hr", "br", "meta", "link", "input"):
            self.stack.append(element)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for element in self.stack:
            element["text"] += data

    def within(self, parent, tag):
        return [e for e in self.elements if e["tag"] == tag and parent in e["ancestors"]]

    def find(self, tag, **attrs):
        return [
            e
            for e in self.elements
            if e["tag"] == tag and all(e["attrs"].get(k) == v for k, v in attrs.items())
        ]

    def with_class(self, elements, tag, css_class):
        return [
            e
            for e in elements
            if e["tag"] == tag and css_class in e["attrs"].get("class", "").split()
        ]


def parse(html):
    tree = Tree()
    tree.feed(html)
    return tree


def every_block_body(image, document):
    return [
        {"type": "paragraph", "value": "<p>The <b>court</b> held <i>the duty</i> applies.</p>"},
        {"type": "heading", "value": {"text": "The facts", "level": "h2"}},
        {"type": "heading", "value": {"text": "Analysis", "level": "h3"}},
        {"type": "heading", "value": {"text": "The facts", "level": "h2"}},
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "caption": "The court building",
                "credit": "Photo: Chambers",
                "alt_text": "Front of the Royal Courts of Justice",
                "size": "wide",
            },
        },
        {
            "type": "image",
            "value": {"image": image.pk, "caption": "", "credit": "", "alt_text": "", "size": ""},
        },
        {
            "type": "quotation",
            "value": {
                "text": "Justice should not only be done.",
                "attribution": "Lord Hewart CJ",
                "source_url": "https://example.org/judgment",
            },
        },
        {"type": "pull_quote", "value": {"text": "A line worth repeating."}},
        {"type": "embed", "value": {"url": "https://video.example.net/watch/42", "caption": ""}},
        {"type": "document", "value": {"document": document.pk, "label": "Read the judgment"}},
        {
            "type": "table",
            "value": {
                "data": [["Court", "Year"], ["UKSC", "2024"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Decisions",
            },
        },
        {"type": "callout", "value": {"kind": "update", "text": "<p>Appeal pending.</p>"}},
        {"type": "divider", "value": None},
        {"type": "code", "value": {"kind": "code", "text": "if x:\n    return  1"}},
        {
            "type": "media",
            "value": {
                "kind": "audio",
                "document": None,
                "url": "https://media.example.net/talk.mp3",
                "caption": "The talk",
                "transcript": "",
            },
        },
        {"type": "paragraph", "value": '<p>A claim<sup><a href="#fn-1">1</a></sup>.</p>'},
        {"type": "footnotes", "value": {"notes": ["<p>The source.</p>"]}},
    ]


@pytest.fixture
def document(db):
    return make_document("Judgment", "judgment.pdf", b"%PDF-1.4 test")


@pytest.fixture
def rich_post(blog, document):
    image = make_image("Court", width=640, height=360)
    return make_post(blog, "Every block", body=every_block_body(image, document), show_toc=True)


def test_every_block_type_is_covered_by_the_fixture(rich_post):
    used = {block.block_type for block in rich_post.body}
    assert used == set(PostBodyBlock.base_blocks)


def test_every_block_renders_semantic_html(client, rich_post):
    response = client.get(rich_post.url)
    assert response.status_code == 200
    html = response.content.decode()
    tree = parse(html)
    body = tree.find("div", **{"class": "post__body"})[0]
    inside_body = [e for e in tree.elements if body in e["ancestors"]]

    # Paragraph: rich text kept, with its formatting.
    assert "<b>court</b> held <i>the duty</i>" in html

    # Headings: real levels with unique, stable ids; the table of contents links to them.
    headings = [e for e in inside_body if e["tag"] in ("h2", "h3")]
    assert [(h["tag"], h["attrs"]["id"]) for h in headings] == [
        ("h2", "the-facts"),
        ("h3", "analysis"),
        ("h2", "the-facts-2"),
        ("h2", "notes"),  # the footnotes' own heading (not in the table of contents)
    ]
    toc = tree.find("nav", **{"class": "post__toc"})[0]
    toc_links = [e["attrs"]["href"] for e in tree.within(toc, "a")]
    assert toc_links == ["#the-facts", "#analysis", "#the-facts-2"]

    # Images: figure > picture > img with srcset, width, height and alt; figcaption with credit.
    figures = tree.with_class(inside_body, "figure", "block-image")
    assert len(figures) == 2
    imgs = [e for e in inside_body if e["tag"] == "img"]
    assert len(imgs) == 2
    for img in imgs:
        assert any(f in img["ancestors"] for f in figures)
        assert img["ancestors"][-1]["tag"] == "picture"
        assert img["attrs"]["width"].isdigit() and img["attrs"]["height"].isdigit()
        assert img["attrs"]["srcset"]
        assert img["attrs"].get("sizes")
    assert imgs[0]["attrs"]["alt"] == "Front of the Royal Courts of Justice"
    assert imgs[1]["attrs"]["alt"] == "Court description"  # the image's own description
    # Only the first image loads eagerly.
    assert imgs[0]["attrs"]["loading"] == "eager"
    assert imgs[1]["attrs"]["loading"] == "lazy"
    sources = [e["attrs"]["type"] for e in inside_body if e["tag"] == "source"]
    assert "image/avif" in sources and "image/webp" in sources
    captions = [e for e in inside_body if e["tag"] == "figcaption"]
    assert "The court building" in captions[0]["text"] and "Photo: Chambers" in captions[0]["text"]

    # Quotation: blockquote with a cited footer linking to the source.
    quote = tree.find("blockquote", **{"class": "block-quotation"})[0]
    assert quote["attrs"]["cite"] == "https://example.org/judgment"
    assert "Justice should not only be done." in quote["text"]
    footer = tree.within(quote, "footer")[0]
    cite = tree.within(footer, "cite")[0]
    assert cite["text"] == "Lord Hewart CJ"

    # Pull quote, callout, table, document, divider.
    pull_quote = tree.find("aside", **{"class": "block-pull-quote"})[0]
    assert "A line worth repeating." in pull_quote["text"]
    callout = tree.find("aside", **{"class": "block-callout block-callout--update"})[0]
    assert "Update" in callout["text"] and "Appeal pending." in callout["text"]
    assert [e["text"] for e in tree.find("th", scope="col")] == ["Court", "Year"]
    assert tree.find("caption")[0]["text"] == "Decisions"
    doc_link = [e for e in tree.find("a") if e["text"] == "Read the judgment"][0]
    assert doc_link["attrs"]["href"].startswith("/documents/")
    assert tree.find("hr", **{"class": "block-divider"})

    # Code keeps its whitespace; audio plays with the browser's controls and can be downloaded.
    assert '<pre class="block-code" tabindex="0"><code>if x:\n    return  1</code></pre>' in html
    audio = tree.find("audio")[0]
    assert "controls" in audio["attrs"] and audio["attrs"]["src"].endswith("talk.mp3")
    assert "Download the audio: The talk" in html
    # Footnotes: the reference and the note link to each other; the list has a heading.
    assert '<a href="#fn-1" id="fnref-1" aria-label="Note 1">1</a>' in html
    note = tree.find("li", id="fn-1")[0]
    assert "The source." in note["text"]
    assert [e["attrs"]["href"] for e in tree.within(note, "a")] == ["#fnref-1"]
    notes = tree.find("section", **{"class": "block-footnotes"})[0]
    assert notes["attrs"]["aria-labelledby"] == tree.within(notes, "h2")[0]["attrs"]["id"]

    # Embed from an unknown provider: a plain link, not an error.
    fallback = tree.find("p", **{"class": "block-embed__fallback"})[0]
    assert "https://video.example.net/watch/42" in fallback["text"]


def test_embed_falls_back_to_a_link_when_the_provider_cannot_be_reached(client, blog, monkeypatch):
    def offline(*args, **kwargs):
        raise OSError("network unreachable")

    # YouTube is a known provider, so the finder really tries to fetch; make that fail.
    monkeypatch.setattr(urllib.request, "urlopen", offline)
    monkeypatch.setattr("requests.Session.request", offline, raising=False)
    post = make_post(
        blog,
        "Video",
        body=[
            {
                "type": "embed",
                "value": {"url": "https://www.youtube.com/watch?v=abc123", "caption": "Hearing"},
            }
        ],
    )
    response = client.get(post.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="https://www.youtube.com/watch?v=abc123">Hearing</a>' in html
    assert "<iframe" not in html


def test_heading_anchors_never_reuse_the_pages_own_ids(client, blog):
    post = make_post(
        blog,
        "Ids",
        show_toc=True,
        body=[{"type": "heading", "value": {"text": "Main", "level": "h2"}}],
    )
    html = client.get(post.url).content.decode()
    assert html.count('id="main"') == 1
    assert '<h2 id="main-2">Main</h2>' in html and 'href="#main-2"' in html


def test_images_without_body_state_still_render(blog):
    """A body rendered outside a post (e.g. a standard page) gets plain anchors, lazy images."""
    image = make_image("Plain", width=640, height=360)
    post = make_post(
        blog,
        "Plain",
        body=[
            {"type": "heading", "value": {"text": "Intro", "level": "h2"}},
            {"type": "image", "value": {"image": image.pk, "alt_text": "x", "size": "full"}},
        ],
    )
    html = str(post.body)
    assert 'id="intro"' in html
    assert 'loading="lazy"' in html


def test_summary_falls_back_to_the_first_forty_words_of_the_body(blog):
    words = " ".join(f"word{n}" for n in range(60))
    post = make_post(
        blog,
        "No intro",
        body=[
            {"type": "heading", "value": {"text": "Not in summary", "level": "h2"}},
            {"type": "paragraph", "value": f"<p>{words}</p>"},
        ],
    )
    assert post.summary.split()[:2] == ["word0", "word1"]
    assert len(post.summary.split()) == 40
    assert post.summary.endswith("…")
    assert "Not in summary" not in post.summary
    with_intro = make_post(blog, "With intro", intro="Editor's own intro.")
    assert with_intro.summary == "Editor's own intro."


def test_summary_keeps_words_of_adjacent_paragraphs_apart(blog):
    post = make_post(
        blog,
        "Two paragraphs",
        body=[{"type": "paragraph", "value": "<p>end</p><p>start &amp; more</p>"}],
    )
    assert post.summary == "end start & more"


def test_reading_time_grows_with_the_text(blog):
    short = make_post(blog, "Short")
    long_text = " ".join(["word"] * 1000)
    long = make_post(blog, "Long", body=[{"type": "paragraph", "value": f"<p>{long_text}</p>"}])
    assert short.reading_minutes == 1
    assert long.reading_minutes == 5


def test_post_page_shows_reading_time_and_no_toc_unless_asked(client, blog):
    post = make_post(
        blog, "No toc", body=[{"type": "heading", "value": {"text": "A", "level": "h2"}}]
    )
    html = client.get(post.url).content.decode()
    assert "1 min read" in html
    assert "post__toc" not in html
    assert re.search(r'<h2 id="a">A</h2>', html)


def test_page_links_and_stored_embeds_render_from_the_whole_body_loads(client, site_tree, blog):
    """The post page resolves rich-text page links and reads stored embeds for the whole body
    at once; what readers get must be what each block would have rendered alone."""
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    url = "https://video.example.org/hearing"
    Embed.objects.create(
        url=url, hash=get_embed_hash(url), type="video", html='<iframe title="Hearing"></iframe>'
    )
    about, gone = site_tree["about"], make_post(blog, "Withdrawn")
    gone.unpublish()
    soon = make_post(blog, "Out tomorrow", days_ago=-1)  # live, but dated in the future
    link = '<a linktype="page" id="{}">{}</a>'
    post = make_post(
        blog,
        "Linked",
        body=[
            {"type": "paragraph", "value": f"<p>{link.format(about.pk, 'About us')}</p>"},
            {"type": "callout", "value": {"kind": "note", "text": link.format(gone.pk, "Old")}},
            {"type": "paragraph", "value": f"<p>{link.format(soon.pk, 'Soon')}</p>"},
            {"type": "embed", "value": {"url": url, "caption": "The hearing"}},
        ],
    )
    html = client.get(post.url).content.decode()
    assert '<a href="/about/">About us</a>' in html
    assert "<a>Old</a>" in html  # an unpublished page's link keeps its text, points nowhere
    assert "<a>Soon</a>" in html and soon.url not in html  # nor does a post not out yet
    assert '<iframe title="Hearing"></iframe>' in html
