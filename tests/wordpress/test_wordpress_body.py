"""WordPress HTML to StreamField blocks: wpautop rules, shortcodes, Gutenberg, sanitising."""

import pytest

from core.blocks import PostBodyBlock
from wordpress.body import BodyConverter

IMAGES = {"754": 11, "2008/06/photo.jpg": 12}


def convert(html, gallery=()):
    warnings = []

    def resolve(attrs):
        key = attrs.get("data-wp-id") or attrs.get("class", "").replace("wp-image-", "")
        return IMAGES.get(key) or IMAGES.get(attrs.get("src", "").split("/uploads/")[-1])

    blocks = BodyConverter(
        resolve_image=resolve,
        warn=lambda kind, detail: warnings.append(kind),
        gallery_ids=lambda: list(gallery),
        base_url="https://old.example.org",
    ).convert(html)
    return blocks, warnings


def types(blocks):
    return [block["type"] for block in blocks]


def test_blank_lines_make_paragraphs_and_single_newlines_breaks():
    blocks, _ = convert("First line\nsecond line.\n\nNew <em>paragraph</em>.\n\n\nThird.")
    assert blocks == [
        {
            "type": "paragraph",
            "value": "<p>First line<br/>second line.</p><p>New <i>paragraph</i>.</p><p>Third.</p>",
        }
    ]


def test_inline_formatting_maps_to_rich_text_features():
    blocks, _ = convert(
        "<strong>B</strong> <b>b</b> <em>I</em> <i>i</i> x<sup>2</sup> <u>under</u> "
        '<a href="https://example.org/" onclick="evil()" style="color:red">link</a> '
        '<a href="https://old.example.org/2010/01/old-post/">internal</a> '
        '<a href="javascript:alert(1)">bad</a>'
    )
    assert blocks[0]["value"] == (
        "<p><b>B</b> <b>b</b> <i>I</i> <i>i</i> x<sup>2</sup> under "
        '<a href="https://example.org/">link</a> '
        '<a href="/2010/01/old-post/">internal</a> bad</p>'
    )


def test_headings_map_to_two_levels():
    blocks, _ = convert("<h1>One</h1><h2>Two</h2><h3>Three</h3><h4>Four</h4><h6>Six</h6>")
    assert [(b["value"]["text"], b["value"]["level"]) for b in blocks] == [
        ("One", "h2"),
        ("Two", "h2"),
        ("Three", "h3"),
        ("Four", "h3"),
        ("Six", "h3"),
    ]


def test_lists_join_the_surrounding_paragraph_block():
    blocks, _ = convert(
        "Intro\n<ul>\n<li>One</li>\n<li>Two<ol><li>Nested</li></ol></li>\n</ul>\nAfter"
    )
    assert blocks == [
        {
            "type": "paragraph",
            "value": "<p>Intro</p><ul><li>One</li><li>Two<ol><li>Nested</li></ol></li></ul>"
            "<p>After</p>",
        }
    ]


def test_blockquote_with_citation_becomes_quotation():
    blocks, _ = convert(
        '<blockquote cite="https://www.bailii.org/x.html"><p>First.</p><p>Second.</p>'
        "<cite>Lord Bingham</cite></blockquote>"
    )
    assert blocks == [
        {
            "type": "quotation",
            "value": {
                "text": "First.\n\nSecond.",
                "attribution": "Lord Bingham",
                "source_url": "https://www.bailii.org/x.html",
            },
        }
    ]


def test_table_keeps_header_row_and_column():
    blocks, _ = convert(
        "<table><caption>Costs</caption><thead><tr><th>Party</th><th>Sum</th></tr></thead>"
        "<tbody><tr><th>Claimant</th><td>£1</td></tr><tr><th>Defendant</th></tr></tbody></table>"
    )
    assert blocks[0] == {
        "type": "table",
        "value": {
            "data": [["Party", "Sum"], ["Claimant", "£1"], ["Defendant", ""]],
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "table_caption": "Costs",
        },
    }


def test_caption_shortcode_and_figure_become_image_blocks():
    blocks, _ = convert(
        '[caption id="attachment_754" align="alignnone" width="604"]<a href="/x.jpg">'
        '<img class="wp-image-754" src="x.jpg" alt="Bell" /></a> A bell[/caption]\n\n'
        '<figure class="wp-block-image alignwide"><img src="https://old.example.org/wp-content/'
        'uploads/2008/06/photo.jpg" alt="Photo"/><figcaption>By the river</figcaption></figure>'
    )
    assert blocks == [
        {
            "type": "image",
            "value": {
                "image": 11,
                "caption": "A bell",
                "credit": "",
                "alt_text": "Bell",
                "decorative": False,
                "size": "inline",
                "link": "",
            },
        },
        {
            "type": "image",
            "value": {
                "image": 12,
                "caption": "By the river",
                "credit": "",
                "alt_text": "Photo",
                "decorative": False,
                "size": "wide",
                "link": "",
            },
        },
    ]


def test_gallery_shortcode_lists_the_attachments():
    blocks, _ = convert('Before\n\n[gallery ids="754"]\n\n[gallery]', gallery=["754"])
    assert types(blocks) == ["paragraph", "image", "image"]


def test_unresolvable_image_is_a_warning():
    blocks, warnings = convert('<img src="https://elsewhere.example/a.png" alt="x">Text')
    assert types(blocks) == ["paragraph"] and warnings == ["image_not_found"]


def test_bare_embed_url_on_its_own_line():
    blocks, _ = convert(
        "Watch this:\nhttps://www.youtube.com/watch?v=abc123\n\n"
        "Not an embed: see https://www.youtube.com/watch?v=abc123 inline.\n\n"
        "https://example.org/not-a-provider"
    )
    assert types(blocks) == ["paragraph", "embed", "paragraph"]
    assert blocks[1]["value"] == {"url": "https://www.youtube.com/watch?v=abc123", "caption": ""}
    assert "https://example.org/not-a-provider" in blocks[2]["value"]


def test_embed_shortcode_and_youtube_iframe_become_embeds():
    blocks, warnings = convert(
        "[embed]https://vimeo.com/12345[/embed]\n\n"
        '<iframe src="https://www.youtube.com/embed/xyz?feature=oembed"></iframe>\n\n'
        '<iframe src="https://ads.example/widget"></iframe>'
    )
    assert [b["value"]["url"] for b in blocks] == [
        "https://vimeo.com/12345",
        "https://www.youtube.com/watch?v=xyz",
    ]
    assert warnings == ["removed_iframe"]


def test_gutenberg_blocks():
    html = (
        "<!-- wp:paragraph -->\n<p>Para\none</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:heading {"level":4} -->\n<h4>Sub</h4>\n<!-- /wp:heading -->\n\n'
        '<!-- wp:embed {"url":"https://twitter.com/x/status/1"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://twitter.com/x/status/1\n</div><figcaption>A tweet</figcaption></figure>\n"
        "<!-- /wp:embed -->\n\n"
        '<!-- wp:pullquote -->\n<figure class="wp-block-pullquote"><blockquote><p>Short line'
        "</p><cite>Me</cite></blockquote></figure>\n<!-- /wp:pullquote -->\n\n"
        '<!-- wp:separator -->\n<hr class="wp-block-separator"/>\n<!-- /wp:separator -->\n\n'
        "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n"
        '<!-- wp:table --><figure class="wp-block-table"><table><tbody><tr><td>a</td><td>b</td>'
        "</tr></tbody></table><figcaption>T</figcaption></figure><!-- /wp:table -->"
    )
    blocks, _ = convert(html)
    assert types(blocks) == ["paragraph", "heading", "embed", "pull_quote", "divider", "table"]
    assert blocks[0]["value"] == "<p>Para one</p>"  # no wpautop inside block content
    assert blocks[2]["value"] == {"url": "https://twitter.com/x/status/1", "caption": "A tweet"}
    assert blocks[3]["value"] == {"text": "Short line", "attribution": "Me"}  # citation kept
    assert blocks[5]["value"]["table_caption"] == "T"
    assert blocks[5]["value"]["first_row_is_table_header"] is False


def test_unknown_shortcodes_stay_as_text_with_a_warning():
    blocks, warnings = convert('[contact-form to="a@b.c"] and [sic] and [foo]x[/foo]')
    assert blocks[0]["value"] == '<p>[contact-form to="a@b.c"] and [sic] and [foo]x[/foo]</p>'
    assert warnings == ["unknown_shortcode", "unknown_shortcode"]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "<style>body{display:none}</style>",
        '<img src=x onerror="alert(1)">',
        '<p onmouseover="alert(1)">hover</p>',
        '<a href=" javascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        "<object data=evil.swf></object><embed src=evil.swf>",
        "<svg><script>alert(1)</script></svg>",
        "<form action=/x><input name=a></form>",
        '<div style="background:url(javascript:alert(1))">text</div>',
    ],
)
def test_nothing_executable_survives(hostile):
    blocks, _ = convert(f"Safe text. {hostile} More.")
    stored = str(blocks).lower()
    for needle in (
        "<script",
        "alert(",
        "onerror",
        "onmouseover",
        "javascript:",
        "<style",
        "<object",
        "<embed",
        "<svg",
        "<form",
        "<input",
        "data:text",
        "style=",
    ):
        assert needle not in stored


def test_output_is_valid_post_body_data():
    blocks, _ = convert(
        "<h2>Head</h2>Text <b>bold</b>\n\n<blockquote>Q</blockquote><hr>"
        "<table><tr><td>1</td></tr></table>\n\nhttps://vimeo.com/1"
    )
    # The StreamField block accepts the converted data as it is.
    value = PostBodyBlock().to_python(blocks)
    assert [child.block_type for child in value] == types(blocks)
