"""Metadata an article's own words give: dateline, credited agencies, the writing outlet.

:func:`infer_metadata` fills only fields the source left empty and records ``(field, "text")`` in
``Article.meta_from``.  The publication date is never inferred.  :func:`find_metadata` returns
the same findings with the character offsets of the evidence (provenance).

What counts as evidence:

* **dateline** -- the first reporting paragraph opens with an all-caps place (optionally ", Country"
  and a date) and a dash: ``KABUL --``, ``KABUL, Afghanistan --``, ``LONDON (Reuters) -``; or with a
  title-case place followed by an agency in parentheses: ``Kabul (AFP) -``.  The place is returned
  as written (``"KABUL"``, ``"KABUL, Afghanistan"``); the text is not touched.
* **credits** -- names from :data:`CREDIT_ALIASES` (agencies and broadcasters whose copy outlets
  credit), canonicalised, in order of first appearance, when the text credits them:
  a credit trailer (the ``credits`` noise mark: "- Reuters / BBC", "(AFP)", "The Associated Press
  contributed to this report"; a Reuters-style "Reporting by ...; Editing by ..." means Reuters),
  the agency in a dateline ("(Reuters)"), and attribution cues in the reporting: "told AFP",
  "according to AFP", "reported by/quoted by/in an interview with X", "X reported/said/quoted",
  "The Associated Press, citing ..., reported", "..., the BBC reported".  Names outside the table
  are not credited (so "told Hashimi" or "Global News reported" add nothing).  Text marked as any
  other kind of noise (a caption's "(AP Photo/...)", read-more links) is ignored.
* **outlet** -- the outlet whose staff wrote it: a possessive credit in the trailer ("The Washington
  Post's Dan Lamothe ... contributed to this report"), the outlet in a caption's photo/video credit
  ("(Joy Yi/The Washington Post)", "(Name for The New York Times)"), or "obtained by The X".
  Agencies and photo agencies are never the outlet (they are credits), and merely cited outlets
  ("first reported by Reuters", "Global News reported") are not evidence.  With several candidates
  the most frequent wins, then the earliest.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from newsfuse.model import Article

__all__ = [
    "CREDIT_ALIASES",
    "Found",
    "TextMetadata",
    "canonical_credit",
    "find_dateline",
    "find_metadata",
    "infer_metadata",
    "is_credit_name",
]

#: Agencies and broadcasters that outlets credit, by every spelling seen in bylines and trailers
#: -> the canonical name used in reports and source grouping.  Matched case-sensitively as whole
#: words (so "AP" never matches inside "APC" or a lower-case word).  Extend here to credit more.
CREDIT_ALIASES: dict[str, str] = {
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "Agence France Presse": "AFP",
    "Reuters": "Reuters",
    "Thomson Reuters": "Reuters",
    "AP": "The Associated Press",
    "Associated Press": "The Associated Press",
    "The Associated Press": "The Associated Press",
    "BBC": "BBC",
    "BBC News": "BBC",
    "dpa": "dpa",
    "DPA": "dpa",
    "Deutsche Presse-Agentur": "dpa",
    "Xinhua": "Xinhua",
    "ANI": "ANI",
    "Press Trust of India": "PTI",
    "PTI": "PTI",
    "UPI": "UPI",
    "United Press International": "UPI",
    "EFE": "EFE",
    "ANSA": "ANSA",
    "Kyodo": "Kyodo",
    "Kyodo News": "Kyodo",
    "Yonhap": "Yonhap",
    "TASS": "TASS",
    "Anadolu": "Anadolu Agency",
    "Anadolu Agency": "Anadolu Agency",
    "Pajhwok": "Pajhwok Afghan News",
    "Pajhwok Afghan News": "Pajhwok Afghan News",
    "Bloomberg": "Bloomberg",
    "CNN": "CNN",
    "Al Jazeera": "Al Jazeera",
}

#: Photo agencies and stock libraries: a caption credit naming them says who licensed the picture,
#: not who wrote the article.
PHOTO_AGENCIES = ("Getty Images", "Shutterstock", "EPA", "EPA-EFE", "Sipa", "Alamy", "Pool")


def canonical_credit(name: str) -> str:
    """The canonical name of a credited agency ("AP" -> "The Associated Press"); others as written."""
    return CREDIT_ALIASES.get(name.strip(), name.strip())


def is_credit_name(name: str) -> bool:
    """Whether ``name`` is a spelling in :data:`CREDIT_ALIASES`."""
    return name.strip() in CREDIT_ALIASES


@dataclass(frozen=True, slots=True)
class Found:
    """One inferred value and the ``[start, end)`` of its evidence in the article text."""

    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TextMetadata:
    """What the text says, with evidence offsets (before any merging with source metadata)."""

    dateline: Found | None = None
    credits: tuple[Found, ...] = ()
    outlet: Found | None = None


# ---- patterns ---------------------------------------------------------------------------------

_ALIAS = "|".join(re.escape(a) for a in sorted(CREDIT_ALIASES, key=lambda a: (-len(a), a)))
_AGENCY = rf"(?:[Tt]he\s+)?(?P<a>{_ALIAS})(?![\w-])"
_DASH = r"[-\u2013\u2014]{1,2}"
_DATE = r"(?:,?\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?)"
_DATELINE_CAPS = re.compile(
    r"(?P<place>[A-Z][A-Z'.]+(?:[ -][A-Z][A-Z'.]+){0,3}"
    r"(?:,\s+[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,2}(?=\s*(?:[,(]|" + _DASH + r")))?)"
    rf"{_DATE}?\s*(?:\((?P<agency>[^()]{{1,40}})\))?\s*{_DASH}\s+"
)
_DATELINE_TITLE = re.compile(
    r"(?P<place>[A-Z][a-z'.-]+(?:[ -][A-Z][a-z'.-]+){0,3}(?:,\s+[A-Z][A-Za-z.'-]+(?:\s+[A-Z][A-Za-z.'-]+){0,2})?)"
    rf"{_DATE}?\s*\((?P<agency>[^()]{{1,40}})\)\s*{_DASH}\s+"
)
_CUE_BEFORE = re.compile(
    r"\b(?i:told|according\s+to|reported\s+by|quoted\s+by|cited\s+by|speaking\s+to|spoke\s+to|spoke\s+with|"
    r"interview\s+with|statement\s+to|confirmed\s+to|said\s+to)\s+" + _AGENCY
)
_CUE_AFTER = re.compile(
    rf"(?<![\w-]){_AGENCY}(?:,[^,.;]{{1,80}},)?\s+(?:reported|reports|said|says|quoted|cited|learned|has\s+learned|"
    r"contributed|confirmed)\b"
)
_PAREN_AGENCY = re.compile(rf"\((?P<a>{_ALIAS})\)")
_ANY_AGENCY = re.compile(rf"(?<![\w-])(?P<a>{_ALIAS})(?![\w-])")
_REUTERS_TRAILER = re.compile(r"\b[Rr]eporting\s+by\b.*\b(?:Editing|Writing)\s+by\b")

_OUTLET_WORD = r"[A-Z](?:[\w&-]|\.(?=\w))*"  # "U.S." inside a name, never a sentence's full stop
_OUTLET = rf"(?:The\s+)?{_OUTLET_WORD}(?:\s+{_OUTLET_WORD}){{0,4}}"
_POSSESSIVE_CREDIT = re.compile(rf"(?P<o>{_OUTLET})'s?\s+[A-Z][^.]*?\b(?:contributed|reported)\b")
_CAPTION_CREDIT = re.compile(r"\((?P<inner>[^()]+)\)\s*$")
_OBTAINED_BY = re.compile(rf"\bobtained\s+by\s+(?P<o>The(?:\s+{_OUTLET_WORD}){{1,4}})")


def find_dateline(paragraph: str) -> Found | None:
    """The dateline opening ``paragraph`` (offsets relative to it), or None."""
    m = _DATELINE_CAPS.match(paragraph) or _DATELINE_TITLE.match(paragraph)
    if not m:
        return None
    if m.re is _DATELINE_CAPS and not re.search(r"[A-Z]{2}", m.group("place")):
        return None
    return Found(m.group("place"), m.start("place"), m.end("place"))


def _regions(article: Article) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """(reporting paragraphs, credit-trailer paragraphs, caption paragraphs) as offsets."""
    kind = {(n.start, n.end): n.kind for n in article.noise}
    paragraphs = article.paragraphs or ((0, len(article.text)),)
    reporting, credits, captions = [], [], []
    for start, end in paragraphs:
        k = kind.get((start, end))
        if k is None and article.is_noise(start, end):
            k = next(n.kind for n in article.noise if n.start <= start and end <= n.end)
        if k is None:
            reporting.append((start, end))
        elif k == "credits":
            credits.append((start, end))
        elif k == "caption":
            captions.append((start, end))
    return reporting, credits, captions


def _clean_outlet(name: str) -> str | None:
    name = re.sub(r"\s+(?:via|for)\s+.*$", "", name.strip()).strip(" .,")
    if not name or is_credit_name(name) or any(name == p or name.startswith(p + " ") for p in PHOTO_AGENCIES):
        return None
    if name.endswith((" Photo", " Photos")):
        return None
    return name


def find_metadata(article: Article) -> TextMetadata:
    """The dateline, credits and outlet that ``article``'s own words give, with evidence offsets."""
    text = article.text
    reporting, trailer, captions = _regions(article)

    dateline = None
    agencies: list[Found] = []
    if reporting:
        start, end = reporting[0]
        d = find_dateline(text[start:end])
        if d:
            dateline = Found(d.value, start + d.start, start + d.end)
            m = _DATELINE_CAPS.match(text, start, end) or _DATELINE_TITLE.match(text, start, end)
            if m and m.group("agency") and is_credit_name(m.group("agency")):
                agencies.append(Found(canonical_credit(m.group("agency")), m.start("agency"), m.end("agency")))

    for start, end in reporting:
        for rx in (_CUE_BEFORE, _CUE_AFTER, _PAREN_AGENCY):
            for m in rx.finditer(text, start, end):
                agencies.append(Found(canonical_credit(m.group("a")), m.start("a"), m.end("a")))
    for start, end in trailer:
        for m in _ANY_AGENCY.finditer(text, start, end):
            agencies.append(Found(canonical_credit(m.group("a")), m.start("a"), m.end("a")))
        m = _REUTERS_TRAILER.search(text, start, end)
        if m:
            agencies.append(Found("Reuters", m.start(), m.end()))
    first: dict[str, Found] = {}
    for f in sorted(agencies, key=lambda f: (f.start, f.end, f.value)):
        first.setdefault(f.value, f)

    outlets: list[Found] = []
    for start, end in trailer:
        for m in _POSSESSIVE_CREDIT.finditer(text, start, end):
            name = _clean_outlet(m.group("o"))
            if name:
                outlets.append(Found(name, m.start("o"), m.start("o") + len(name)))
    for start, end in captions:
        m = _CAPTION_CREDIT.search(text, start, end)
        if not m:
            continue
        inner = m.group("inner")
        parts = [p.strip() for p in re.split(r"/|\s+for\s+", inner) if p.strip()]
        if len(parts) < 2 or re.search(r"\bPhoto\b", parts[0]):
            continue  # "(AP Photo/Name)": an agency picture, not the outlet's own
        name = _clean_outlet(parts[-1])
        if name:
            at = text.index(parts[-1], m.start("inner"))
            outlets.append(Found(name, at, at + len(name)))
    for start, end in reporting:
        for m in _OBTAINED_BY.finditer(text, start, end):
            name = _clean_outlet(m.group("o"))
            if name:
                outlets.append(Found(name, m.start("o"), m.start("o") + len(name)))
    outlet = None
    if outlets:
        counts = Counter(f.value for f in outlets)
        outlet = min(outlets, key=lambda f: (-counts[f.value], f.start, f.value))

    return TextMetadata(dateline=dateline, credits=tuple(first.values()), outlet=outlet)


def infer_metadata(article: Article) -> Article:
    """``article`` with its empty dateline, credits and outlet filled from its own words.

    Fields the source already gave are kept; each filled field adds ``(field, "text")`` to
    ``meta_from``.  The publication date is never inferred.
    """
    found = find_metadata(article)
    changes: dict[str, object] = {}
    if not article.dateline and found.dateline:
        changes["dateline"] = found.dateline.value
    if not article.credits and found.credits:
        changes["credits"] = tuple(f.value for f in found.credits)
    if not article.outlet and found.outlet:
        changes["outlet"] = found.outlet.value
    if not changes:
        return article
    origin = tuple((name, "text") for name in ("outlet", "dateline", "credits") if name in changes)
    return replace(article, meta_from=article.meta_from + origin, **changes)  # type: ignore[arg-type]
