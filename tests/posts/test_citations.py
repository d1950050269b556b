"""Citations for lawyers (issue 19): neutral citations linked to Find Case Law, the per-post
switch, and "Cite this post" in OSCOLA style; and the share links beside it."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from posts.citations import COURTS, FIND_CASE_LAW, link_citations, oscola
from tests.factories import make_author, make_post

# Every court code the README lists, as an editor writes it, and its judgment's address.
LINKED = [
    ("[2020] UKSC 5", "/uksc/2020/5"),
    ("[2019] UKPC 12", "/ukpc/2019/12"),
    ("[2019] EWCA Civ 123", "/ewca/civ/2019/123"),
    ("[2021] EWCA Crim 1001", "/ewca/crim/2021/1001"),
    ("[2018] EWHC 456 (Admin)", "/ewhc/admin/2018/456"),
    ("[2017] EWHC 1 (Admlty)", "/ewhc/admlty/2017/1"),
    ("[2016] EWHC 2 (Ch)", "/ewhc/ch/2016/2"),
    ("[2015] EWHC 3 (Comm)", "/ewhc/comm/2015/3"),
    ("[2014] EWHC 4 (Costs)", "/ewhc/costs/2014/4"),
    ("[2013] EWHC 5 (Fam)", "/ewhc/fam/2013/5"),
    ("[2022] EWHC 6 (IPEC)", "/ewhc/ipec/2022/6"),
    ("[2023] EWHC 7 (KB)", "/ewhc/kb/2023/7"),
    ("[2012] EWHC 8 (Mercantile)", "/ewhc/mercantile/2012/8"),
    ("[2011] EWHC 9 (Pat)", "/ewhc/pat/2011/9"),
    ("[2010] EWHC 10 (QB)", "/ewhc/qb/2010/10"),
    ("[2019] EWHC 11 (SCCO)", "/ewhc/scco/2019/11"),
    ("[2020] EWHC 12 (TCC)", "/ewhc/tcc/2020/12"),
    ("[2020] EWFC 13", "/ewfc/2020/13"),
    ("[2020] EWCOP 14", "/ewcop/2020/14"),
    ("[2021] UKUT 15 (AAC)", "/ukut/aac/2021/15"),
    ("[2021] UKUT 12 (IAC)", "/ukut/iac/2021/12"),
    ("[2021] UKUT 16 (LC)", "/ukut/lc/2021/16"),
    ("[2021] UKUT 17 (TCC)", "/ukut/tcc/2021/17"),
    ("[2022] UKFTT 18 (GRC)", "/ukftt/grc/2022/18"),
    ("[2022] UKFTT 19 (TC)", "/ukftt/tc/2022/19"),
    ("[2023] EAT 20", "/eat/2023/20"),
    ("[2009] UKIPTrib 21", "/ukiptrib/2009/21"),
]

NOT_LINKED = [
    "[2020] 1 WLR 5",  # a law report, not a neutral citation
    "[2020] AC 5",
    "[2018] EWHC 456",  # the High Court needs its division
    "[2019] EWCA 123",  # and the Court of Appeal its
    "[2021] UKUT 12",
    "[2021] UKUT 12 (XYZ)",
    "[2020] ZZSC 5",  # no such court
    "[20201] UKSC 5",
    "[2020] UKSC 5A",
    "[2020] UKSC 0",
]


def link_of(html):
    return html.split('href="', 1)[1].split('"', 1)[0] if "href=" in html else None


def test_the_table_covers_every_court_the_module_knows():
    assert len(LINKED) == len(COURTS)


@pytest.mark.parametrize(("citation", "path"), LINKED)
def test_each_court_code_links_to_its_judgment(citation, path):
    html = str(link_citations(f"<p>As held in {citation}, the appeal failed.</p>"))
    assert link_of(html) == FIND_CASE_LAW + path
    assert f">{citation}</a>, the appeal failed." in html


@pytest.mark.parametrize("text", NOT_LINKED)
def test_what_is_not_a_neutral_citation_we_know_stays_text(text):
    html = f"<p>See {text}.</p>"
    assert str(link_citations(html)) == html


def test_citations_inside_links_and_code_are_left_alone():
    html = (
        '<p><a href="https://example.org/">[2020] UKSC 5</a> <code>[2020] UKSC 6</code></p>'
        "<pre>[2020] UKSC 7</pre>"
    )
    assert str(link_citations(html)) == html


def test_non_breaking_spaces_and_an_aside_in_brackets():
    html = str(link_citations("<p>[2020]&nbsp;UKSC&nbsp;8 (Lady Hale) and [2020]\xa0UKSC 9</p>"))
    assert '/uksc/2020/8">[2020]&nbsp;UKSC&nbsp;8</a> (Lady Hale)' in html
    assert '/uksc/2020/9">[2020]\xa0UKSC 9</a>' in html


def test_the_post_page_links_citations_unless_the_editor_turns_it_off(client, blog):
    body = [{"type": "paragraph", "value": "<p>Applying [2020] UKSC 5 here.</p>"}]
    linked = make_post(blog, "Linked", body=body)
    plain = make_post(blog, "Plain", body=body, link_case_citations=False)
    assert f'href="{FIND_CASE_LAW}/uksc/2020/5"' in client.get(linked.url).content.decode()
    page = client.get(plain.url).content.decode()
    assert "Applying [2020] UKSC 5 here." in page
    assert "caselaw.nationalarchives" not in page


def test_oscola_citation_of_a_post():
    date = timezone.make_aware(datetime.datetime(2026, 3, 7, 9, 0))
    lead, url = oscola("Rights 'at home'", ["Ann Lee"], "Rights & Remedies", date, "https://x/p/")
    assert lead == "Ann Lee, 'Rights \u2019at home\u2019' (Rights & Remedies, 7 March 2026)"
    assert url == "https://x/p/"
    assert oscola("T", [], "S", date, "u")[0] == "'T' (S, 7 March 2026)"
    assert oscola("T", ["A", "B"], "S", date, "u")[0].startswith("A and B, ")
    assert oscola("T", ["A", "B", "C"], "S", date, "u")[0].startswith("A, B and C, ")
    assert oscola("T", ["A", "B", "C", "D"], "S", date, "u")[0].startswith("A and others, ")


def test_post_page_offers_a_citation_and_share_links(client, blog):
    author = make_author("Ann Lee")
    post = make_post(blog, "Privacy & the courts", authors=[author])
    page = client.get(post.url).content.decode()
    address = post.get_full_url()  # the Wagtail site's address, as in the sitemap
    today = timezone.localdate()
    assert (
        "Ann Lee, &#x27;Privacy &amp; the courts&#x27; (" in page
        and f'&lt;<a href="{address}">{address}</a>&gt; accessed <span data-today>'
        f"{today.day} {today:%B %Y}</span>"
        in page
    )
    links = {}
    for href in (
        page.split('<ul class="share__links">', 1)[1].split("</ul>", 1)[0].split('href="')[1:]
    ):
        target = href.split('"', 1)[0].replace("&amp;", "&")
        parts = urlsplit(target)
        links[parts.scheme + ":" + parts.netloc] = parse_qs(parts.query)
    assert links["mailto:"] == {"subject": ["Privacy & the courts"], "body": [address]}
    assert links["https:www.linkedin.com"] == {"url": [address]}
    assert links["https:x.com"] == {"text": ["Privacy & the courts"], "url": [address]}
    assert links["https:bsky.app"] == {"text": [f"Privacy & the courts {address}"]}
    # No request to another site until a reader clicks: links only, no images or scripts.
    section = page.split('<section class="share"', 1)[1].split("</section>", 2)
    assert "<img" not in section[0] and "<iframe" not in section[0]
