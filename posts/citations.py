"""Citations for lawyers: UK neutral citations in a post's body linked to the judgment on the
National Archives' Find Case Law service, and the post's own citation in OSCOLA style.

A neutral citation is the year in square brackets, the court's code, and the judgment's number,
with the court's division before the number (`[2019] EWCA Civ 123`) or after it in brackets
(`[2018] EWHC 456 (Admin)`, `[2021] UKUT 12 (IAC)`). Find Case Law files each judgment under
`/<court>[/<division>]/<year>/<number>`. A code we do not know, or a court that needs a division
written without one (`[2018] EWHC 456`), is left as text: a wrong link is worse than none.
"""

import re

from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

FIND_CASE_LAW = "https://caselaw.nationalarchives.gov.uk"

# (court, division) as written → the path of the court on Find Case Law. The README lists them.
COURTS = {
    ("UKSC", None): "uksc",
    ("UKPC", None): "ukpc",
    ("EWCA", "Civ"): "ewca/civ",
    ("EWCA", "Crim"): "ewca/crim",
    ("EWHC", "Admin"): "ewhc/admin",
    ("EWHC", "Admlty"): "ewhc/admlty",
    ("EWHC", "Ch"): "ewhc/ch",
    ("EWHC", "Comm"): "ewhc/comm",
    ("EWHC", "Costs"): "ewhc/costs",
    ("EWHC", "Fam"): "ewhc/fam",
    ("EWHC", "IPEC"): "ewhc/ipec",
    ("EWHC", "KB"): "ewhc/kb",
    ("EWHC", "Mercantile"): "ewhc/mercantile",
    ("EWHC", "Pat"): "ewhc/pat",
    ("EWHC", "QB"): "ewhc/qb",
    ("EWHC", "SCCO"): "ewhc/scco",
    ("EWHC", "TCC"): "ewhc/tcc",
    ("EWFC", None): "ewfc",
    ("EWCOP", None): "ewcop",
    ("UKUT", "AAC"): "ukut/aac",
    ("UKUT", "IAC"): "ukut/iac",
    ("UKUT", "LC"): "ukut/lc",
    ("UKUT", "TCC"): "ukut/tcc",
    ("UKFTT", "GRC"): "ukftt/grc",
    ("UKFTT", "TC"): "ukftt/tc",
    ("EAT", None): "eat",
    ("UKIPTrib", None): "ukiptrib",
}
_CODES = sorted({court for court, _division in COURTS}, key=len, reverse=True)
_BEFORE = sorted({division for court, division in COURTS if court == "EWCA"})
_SPACE = r"(?:\s|&nbsp;|&#160;)+"  # editors' text may hold non-breaking spaces, as entities
CITATION = re.compile(
    rf"\[(?P<year>(?:1[89]|20)\d\d)\]{_SPACE}(?P<court>{'|'.join(_CODES)})"
    rf"(?:{_SPACE}(?P<before>{'|'.join(_BEFORE)}))?{_SPACE}(?P<number>[1-9]\d{{0,4}})\b"
    rf"(?P<suffix>{_SPACE}\((?P<after>[A-Za-z]+)\))?"
)
# Text inside these elements is never linked: a link in a link is invalid HTML, and code is
# quoted as it is.
_SKIP = {"a", "code", "pre", "script", "style", "kbd", "samp", "textarea", "iframe"}
# A tag, quoted attribute values included (an embed's title may hold a ">").
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")


def judgment_url(match):
    """The Find Case Law address of a CITATION match and how much of the match names it, or
    (None, None) when the citation is not one we can link."""
    court, division, end = match["court"], match["before"], match.end("number")
    if division is None and match["after"] and (court, match["after"]) in COURTS:
        division, end = match["after"], match.end("suffix")
    # Otherwise a bracket after the number is the writer's own aside, and not linked.
    path = COURTS.get((court, division))
    if path is None:
        return None, None
    return f"{FIND_CASE_LAW}/{path}/{match['year']}/{match['number']}", end


def _link_text(text):
    pieces, position = [], 0
    for match in CITATION.finditer(text):
        url, end = judgment_url(match)
        if url is None:
            continue
        pieces += [
            text[position : match.start()],
            f'<a class="case-citation" href="{escape(url)}">{text[match.start() : end]}</a>',
        ]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def link_citations(html):
    """`html` (a rendered body, trusted) with every neutral citation we can place linked to its
    judgment, except inside links and code."""
    parts, skipping = [], []
    for piece in _TAG.split(str(html)):
        if piece.startswith("<"):
            tag = _TAG_NAME.match(piece)
            if tag and tag[2].lower() in _SKIP and not piece.endswith("/>"):
                name = tag[2].lower()
                if tag[1]:
                    if name in skipping:
                        skipping.remove(name)
                else:
                    skipping.append(name)
            parts.append(piece)
        else:
            parts.append(piece if skipping else _link_text(piece))
    return mark_safe("".join(parts))  # noqa: S308 — only our own markup added to trusted HTML


def oscola_authors(names):
    """OSCOLA's list of authors: up to three joined with commas and 'and', more as the first
    'and others'."""
    if len(names) > 3:
        return f"{names[0]} and others"
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else ""


def oscola(title, authors, site, date, url):
    """The parts of a blog post's OSCOLA citation, but for the date of access (which is the
    reader's): `Author, 'Title' (Site, 4 December 2026) <URL>`, as (text before the URL, URL)."""
    # OSCOLA quotes a title in single quotes; a quotation inside it takes double ones.
    quoted = "'" + title.replace("'", "\u2019") + "'"
    lead = f"{oscola_authors(authors)}, " if authors else ""
    return f"{lead}{quoted} ({site}, {dateformat.format(localtime(date), 'j F Y')})", url
