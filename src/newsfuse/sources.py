"""Independent-source groups: which articles are really one source.

Two articles are one source when there is *strong* evidence that one carries the other's
reporting (union-find over these links, so groups are the connected pieces):

* **outlet identity** — both are the same outlet's own reporting ("same outlet: The Washington Post");
* **agency copy** — both are credited to the same agency's copy ("both credit AFP copy");
* **near-duplicate texts** — one is the other re-published with small edits;
* **shared passages** — a verbatim sentence with at least :data:`MIN_VERBATIM_NARRATION_WORDS` words of
  the reporter's own narration (outside quote marks), or many reworded passages covering a good part
  of the shorter article.

Deliberately *weak* (never groups on its own): one shared quotation of a public figure (independent
reporters quote the same press briefing, often in different translations), a few sentences that
say the same fact in other words, and an agency an article only *cites* for one fact ("..., Reuters
reported") rather than runs the copy of ("told AFP", a "- Reuters / BBC" credit line).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.model import Article, NearDuplicate, PassageLink, SourceGroup

#: A verbatim shared sentence is strong evidence of copying when it has at least this many words
#: outside quote marks: a reporter's own framing is not written word-for-word twice by chance, but a
#: quoted public statement is.  Seeds: 003/004 share "... US State Department spokesman Ned Price
#: told reporters, adding that the embassy would stay operational." (15 narration words); a bare
#: quotation shared by independent reports has ~0-6 words of attribution ("Price said").
MIN_VERBATIM_NARRATION_WORDS = 8

#: Without such a verbatim sentence, reworded/verbatim passages must be at least this many ...
MIN_SHARED_PASSAGES = 3
#: ... and cover at least this fraction of either article's reporting text (a full rewrite of one
#: agency story restates most of its sentences; on the seeds, pairs of independent reports share at
#: most 3 reworded passages covering <= 9% of the text -- 000/001 -- and 002 shares <= 6% with anyone).
MIN_SHARED_COVERAGE = 0.3

#: Wire agencies and their usual spellings in text -> the name shown to a reader.
AGENCY_ALIASES: dict[str, tuple[str, ...]] = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "The Associated Press": ("The Associated Press", "Associated Press", "AP"),
    "Reuters": ("Reuters", "Thomson Reuters"),
    "BBC": ("BBC", "BBC News"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "Xinhua": ("Xinhua",),
    "PA Media": ("PA Media", "Press Association"),
    "UPI": ("UPI", "United Press International"),
    "Bloomberg": ("Bloomberg",),
}

_COPY_CUES = (
    r"\btold (?:the )?{x}\b",  # a source spoke to the agency's reporter: the article is its copy
    r"\b{x} (?:was|were|has been|had been) (?:unable|not able)\b",
    r"\b{x} (?:contributed|reporters? contributed)\b",
    r"\({x}\)",
    r"(?:©|copyright) {x}\b",
)
_CITE_CUES = (
    r"\b{x}(?:'s?|’s?)?(?: news agency)?,? (?:reported|reports|said|says|quoted|cited|citing)\b",
    r"\b{x}, citing\b",
    r"\b(?:reported|quoted|cited) by {x}\b",
)
_CREDIT_LINE_FILLER = re.compile(r"^[\s\-–—/,&|•*()]*(?:(?:and|with|via)[\s\-–—/,&|•*()]*)*$", re.IGNORECASE)
_QUOTED = re.compile(r'“[^”]*(?:”|$)|„[^“”]*(?:[“”]|$)|«[^»]*(?:»|$)|"[^"]*(?:"|$)', re.DOTALL)
_WORD = re.compile(r"\w+")


def _fold(name: str) -> str:
    return " ".join(_WORD.findall(name.casefold()))


#: Folded alias -> agency display name (derived from AGENCY_ALIASES, read-only).
_ALIAS_DISPLAY: dict[str, str] = {_fold(a): display for display, aliases in AGENCY_ALIASES.items() for a in aliases}


def _key(name: str) -> str:
    """The comparison key of an outlet or agency name ("The Washington Post" ~ "washington post")."""
    folded = _fold(name)
    if folded in _ALIAS_DISPLAY:
        return _ALIAS_DISPLAY[folded].casefold()
    return folded.removeprefix("the ")


def _display(name: str) -> str:
    return _ALIAS_DISPLAY.get(_fold(name), name.strip())


def _aliases(name: str) -> tuple[str, ...]:
    display = _ALIAS_DISPLAY.get(_fold(name))
    return AGENCY_ALIASES[display] if display else (name.strip(),)


def credit_role(article: Article, credit: str) -> str:
    """Whether ``article`` *is* ``credit``'s copy (``"copy"``) or only cites it (``"cited"``).

    Evidence, in order: a mention inside a credits noise mark or on a credit line ("- Reuters / BBC"),
    or a copy cue ("told AFP", "(AFP)") means copy; otherwise mentions that are all citation cues
    ("..., Reuters reported", "The Associated Press, citing officials, reported") mean cited; a
    credit the text never mentions, or mentions neutrally, is taken from the metadata as copy.
    """
    names = sorted(_aliases(credit), key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    mentions = list(pattern.finditer(article.text))
    if not mentions:
        return "copy"
    alt = "(?:" + "|".join(re.escape(n) for n in names) + ")"
    copy_cues = [re.compile(c.format(x=alt), re.IGNORECASE) for c in _COPY_CUES]
    cite_cues = [re.compile(c.format(x=alt), re.IGNORECASE) for c in _CITE_CUES]
    cited = False
    for m in mentions:
        if any(n.kind == "credits" and n.start <= m.start() and m.end() <= n.end for n in article.noise):
            return "copy"
        line_start = article.text.rfind("\n", 0, m.start()) + 1
        line_end = article.text.find("\n", m.end())
        line = article.text[line_start : len(article.text) if line_end < 0 else line_end]
        if _is_credit_line(line):
            return "copy"
        window = article.text[max(0, m.start() - 40) : m.end() + 60]
        if any(c.search(window) for c in copy_cues):
            return "copy"
        if any(c.search(window) for c in cite_cues):
            cited = True
    return "cited" if cited else "copy"


def _is_credit_line(line: str) -> bool:
    """A line made only of agency names and separators ("- Reuters / BBC", "AFP, AP")."""
    rest = line
    all_names = sorted((a for aliases in AGENCY_ALIASES.values() for a in aliases), key=len, reverse=True)
    hit = False
    for n in all_names:
        new = re.sub(r"(?<!\w)" + re.escape(n) + r"(?!\w)", " ", rest)
        hit = hit or new != rest
        rest = new
    return hit and bool(_CREDIT_LINE_FILLER.match(rest))


def narration_words(text: str) -> int:
    """Number of words of ``text`` outside double quotation marks (an unclosed quote runs to the end)."""
    return len(_WORD.findall(_QUOTED.sub(" ", text)))


@dataclass
class _Identity:
    """Who an article's reporting belongs to: its copy-credited agencies and/or its own outlet."""

    keys: dict[str, str] = field(default_factory=dict)  # key -> display name
    via: dict[str, str] = field(default_factory=dict)  # key -> "outlet" | "credit"


def _identity(article: Article) -> _Identity:
    ident = _Identity()
    outlet_key = _key(article.outlet) if article.outlet else None
    copy = [c for c in article.credits if c.strip() and credit_role(article, c) == "copy"]
    own = outlet_key is not None and (not copy or any(_key(c) == outlet_key for c in copy))
    if own and article.outlet:
        ident.keys[outlet_key] = article.outlet.strip()  # type: ignore[index]
        ident.via[outlet_key] = "outlet"  # type: ignore[index]
    for c in copy:
        k = _key(c)
        if k not in ident.keys:
            ident.keys[k] = _display(c)
            ident.via[k] = "credit"
    return ident


class _UnionFind:
    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _passage_reason(links: Sequence[PassageLink], arts: dict[str, Article]) -> str | None:
    """The words explaining why ``links`` (all between one article pair) are strong evidence, or None."""
    verbatim = [l for l in links if l.kind == "verbatim"]
    n = len(links)
    plural = "s" if n != 1 else ""
    strong = 0
    quoted = False
    for link in verbatim:
        text = arts[link.a.article].text[link.a.start : link.a.end]
        narration = narration_words(text)
        if narration >= MIN_VERBATIM_NARRATION_WORDS:
            strong += 1
            quoted = quoted or narration < len(_WORD.findall(text))
    if strong:
        what = "a verbatim quote with the same reporting around it" if quoted else f"{strong} verbatim sentence{'s' if strong != 1 else ''} of reporting"
        return f"share {n} passage{plural} incl. {what}"
    if n >= MIN_SHARED_PASSAGES:
        a_id, b_id = links[0].a.article, links[0].b.article
        cover = min(_coverage([l.a for l in links], arts[a_id]), _coverage([l.b for l in links], arts[b_id]))
        if cover >= MIN_SHARED_COVERAGE:
            return f"share {n} passages ({len(verbatim)} verbatim, {n - len(verbatim)} reworded) covering {cover:.0%} of the text"
    return None


def _coverage(spans: Sequence, article: Article) -> float:
    covered: set[int] = set()
    for s in spans:
        covered.update(range(s.start, s.end))
    reporting = len(article.text) - sum(n.end - n.start for n in article.noise)
    return len(covered) / max(reporting, 1)


def _short(article: Article) -> str:
    return Path(article.origin).name or article.id


def group_sources(
    articles: Sequence[Article],
    passages: Sequence[PassageLink] = (),
    duplicates: Sequence[NearDuplicate] = (),
) -> tuple[SourceGroup, ...]:
    """Group ``articles`` into independent sources; every article lands in exactly one group."""
    arts = {a.id: a for a in sorted(articles, key=lambda a: (a.id, a.origins))}
    ids = sorted(arts)
    uf = _UnionFind(ids)
    idents = {i: _identity(arts[i]) for i in ids}
    # (reason, members it concerns) -- attached to a group at the end.
    reasons: list[tuple[str, tuple[str, ...], int]] = []

    by_key: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        for k in idents[i].keys:
            by_key[k].append(i)
    for k, members in sorted(by_key.items()):
        if len(members) < 2:
            continue
        for m in members[1:]:
            uf.union(members[0], m)
        display = min(idents[m].keys[k] for m in members)
        vias = {idents[m].via[k] for m in members}
        if vias == {"outlet"}:
            text = f"same outlet: {display}"
        elif vias == {"credit"}:
            text = f"both credit {display} copy" if len(members) == 2 else f"all {len(members)} credit {display} copy"
        else:
            text = f"same source: {display} (its own outlet or credited {display} copy)"
        reasons.append((text, tuple(members), 0))

    for d in sorted(duplicates, key=lambda d: (d.a, d.b)):
        if d.a in arts and d.b in arts and d.a != d.b:
            uf.union(d.a, d.b)
            reasons.append((f"near-duplicate texts ({d.similarity:.0%} of word shingles shared)", (d.a, d.b), 1))

    by_pair: dict[tuple[str, str], list[PassageLink]] = defaultdict(list)
    for link in passages:
        a, b = link.a.article, link.b.article
        if a in arts and b in arts and a != b:
            if a > b:
                link = PassageLink(link.b, link.a, link.kind, link.score)
                a, b = b, a
            by_pair[(a, b)].append(link)
    for (a, b), links in sorted(by_pair.items()):
        why = _passage_reason(sorted(links, key=lambda l: (l.a, l.b)), arts)
        if why:
            uf.union(a, b)
            reasons.append((why, (a, b), 2))

    reasons_of: dict[str, list[tuple[str, tuple[str, ...], int]]] = defaultdict(list)
    for r in reasons:
        reasons_of[uf.find(r[1][0])].append(r)
    members_of: dict[str, list[str]] = defaultdict(list)
    for i in ids:
        members_of[uf.find(i)].append(i)

    groups: list[SourceGroup] = []
    for members in members_of.values():
        names: list[str] = []
        by_origin = sorted(members, key=lambda m: (arts[m].origins, m))
        key_count = Counter(k for m in members for k in idents[m].keys)
        for m in by_origin:
            for k, disp in idents[m].keys.items():
                if disp not in names and (len(members) == 1 or key_count[k] >= 2):
                    names.append(disp)
        if not names:
            names = [disp for m in by_origin for disp in idents[m].keys.values()]
            names = list(dict.fromkeys(names))
        name = " / ".join(names) if names else _short(arts[by_origin[0]])
        why: dict[str, None] = {}  # ordered, without repeats
        for text, concerned, kind in sorted(reasons_of[uf.find(members[0])], key=lambda r: (r[2], r[1], r[0])):
            if kind and len(members) > 2:
                text = f"{' and '.join(_short(arts[c]) for c in concerned)}: {text}"
            why.setdefault(text)
        if len(members) == 1:
            why = {f"only article from {name}": None}
        gid = group_id(members)
        groups.append(SourceGroup(id=gid, name=name, articles=tuple(sorted(members)), why=tuple(why)))
    return tuple(sorted(groups, key=lambda g: (g.name.casefold(), g.id)))


def group_id(members: Iterable[str]) -> str:
    """The content-derived id of the source group made of ``members`` (article ids)."""
    return "s" + hashlib.sha256("\n".join(sorted(members)).encode("utf-8")).hexdigest()[:12]


def merge_groups(stored: Sequence[SourceGroup], fresh: Sequence[SourceGroup], scope: Iterable[str]) -> list[SourceGroup]:
    """The store's source groups after a run that regrouped the articles in ``scope``: ``fresh``
    for those, and every stored group kept for the articles outside it (a group that lost members
    to the scope keeps the rest, under the id of what is left)."""
    inside = set(scope)
    kept: list[SourceGroup] = []
    for g in stored:
        rest = tuple(m for m in g.articles if m not in inside)
        if len(rest) == len(g.articles):
            kept.append(g)
        elif rest:
            kept.append(SourceGroup(id=group_id(rest), name=g.name, articles=rest, why=g.why))
    fresh_ids = {g.id for g in fresh}
    return [g for g in kept if g.id not in fresh_ids] + list(fresh)
