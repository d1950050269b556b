"""One walk over a body's text: what it yields, in what order, and that summaries and reading
time built on it read the body as a reader does. No database: the walk must not need one."""

from core.blocks import (
    PostBodyBlock,
    paragraph_text,
    paragraph_words,
    stored_image_blocks,
    word_count,
)
from core.body_text import body_text, text_up_to

RAW = [
    {"type": "heading", "value": {"text": "Facts", "level": "h2"}},
    {"type": "paragraph", "value": "<p>end</p><p>start &amp; <b>Smith</b>, J</p>"},
    # The image id points nowhere: loading it would need the database, which these tests lack.
    {
        "type": "image",
        "value": {"image": 999, "caption": "The court", "alt_text": "", "size": "wide"},
    },
    {
        "type": "table",
        "value": {"data": [["Court", "Year"], ["High", None]], "table_caption": "Decisions"},
    },
    {"type": "embed", "value": {"url": "https://video.example.net/42", "caption": ""}},
    {"type": "callout", "value": {"kind": "note", "text": "<ul><li>one</li><li>two</li></ul>"}},
    {"type": "divider", "value": None},
]


def body():
    return PostBodyBlock().to_python(RAW)


def test_every_text_in_reading_order_with_its_block_type_and_nothing_else():
    assert list(body_text(body())) == [
        ("heading", "Facts"),
        ("paragraph", " end  start & Smith, J "),
        ("image", "The court"),
        ("table", "Decisions"),
        ("table", "Court"),
        ("table", "Year"),
        ("table", "High"),
        ("callout", "  one  two  "),
    ]


def test_summary_text_is_paragraphs_only_with_words_apart_and_punctuation_kept():
    assert paragraph_text(body()) == "end start & Smith, J"


def test_word_count_counts_read_text_but_not_choices_or_addresses():
    # Facts (1) + paragraph (5) + caption (2) + table (4) + callout (2); not "Section heading",
    # "Wide", "Note" or the embed's address.
    assert word_count(body()) == 14


def test_a_words_limit_reads_only_as_far_as_it_needs():
    assert paragraph_words(body(), 2) == ["end", "start"]
    assert paragraph_words(body(), 50) == ["end", "start", "&", "Smith,", "J"]
    # A long body: its first paragraph alone answers, and a long paragraph is split only as
    # far as the limit (the rest of it stays one string), not into a million words.
    long = " ".join(f"w{n}" for n in range(1_000_000))
    raw = [{"type": "paragraph", "value": f"<p>{long}</p>"}] * 3 + [{"type": "oops"}]
    big = PostBodyBlock().to_python(raw)
    assert paragraph_words(big, 41) == [f"w{n}" for n in range(41)]
    assert paragraph_text(big, max_words=3) == "w0 w1 w2"
    # Words carry on into the next paragraph when the first has too few.
    two = PostBodyBlock().to_python(
        [{"type": "paragraph", "value": "<p>a b</p>"}, {"type": "paragraph", "value": "<p>c d</p>"}]
    )
    assert paragraph_words(two, 3) == ["a", "b", "c"]


def test_text_for_the_search_index_stops_at_its_limit():
    whole = " ".join(text for _block_type, text in body_text(body()))
    assert text_up_to(body(), 10_000) == whole
    assert text_up_to(body(), 12) == whole[:12]
    # A long body is read only as far as the limit, not joined whole and then cut.
    long = " ".join(f"w{n}" for n in range(1_000_000))
    big = PostBodyBlock().to_python([{"type": "paragraph", "value": f"<p>{long}</p>"}] * 3)
    assert text_up_to(big, 20) == " w0 w1 w2 w3 w4 w5 w"


def test_image_blocks_are_read_from_the_stored_form_without_the_database():
    # Building the image block would look the image up; these tests have no database.
    assert stored_image_blocks(body()) == [RAW[2]["value"]]
