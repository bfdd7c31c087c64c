"""The report document -> ``report.html``: one self-contained page (inline CSS and JS, no
external resource) that works opened from disk, offline.

Templates live in ``templates/`` (flat, so package data ships them all); jinja2 runs with
autoescape on, so every article word is escaped.  The page is a list of *sections*, each a
partial ``_<name>.html.j2``: a later stage adds its view by dropping in a partial and a
:class:`Section` entry in :data:`SECTIONS`; until it does, its items show in a generic
section.  Character ranges are addressable as ``#<article id>-<start>-<end>``
(:func:`anchor`): the page's script highlights any such range, element or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jinja2

from newsfuse.render.geo import map_view
from newsfuse.render.report_json import LATER_STAGE_KEYS
from newsfuse.render.segments import (
    events_by_date, label, noise_kinds, paragraphs, snippet, summary_headings, when,
)


@dataclass(frozen=True, slots=True)
class Section:
    """One panel of the page: rendered by ``_<name>.html.j2`` when ``doc[key]`` is non-empty
    (``key=None``: always)."""

    name: str
    title: str
    key: str | None = None


#: The page's panels in reading order: the picture first (what changed, summary, timeline,
#: map, claims by source, disagreements), then the evidence (events, quotes, figures, places,
#: entities), then the inputs.  A panel shows when its ``key`` (a document key or a key of the
#: view built in :func:`render_html_doc`) is non-empty, or always when ``key`` is None.
SECTIONS: tuple[Section, ...] = (
    Section("changes", "What changed", "changes"),
    Section("summary", "Summary", "summary"),
    Section("timeline", "Timeline", "timeline"),
    Section("map", "Map", "map"),
    Section("claims", "Claims by source", "claims"),
    Section("disagreements", "Disagreements", "disagreements"),
    Section("events", "Events", "events"),
    Section("quotes", "Quotes", "quotes"),
    Section("figures", "Figures", "figures"),
    Section("dates", "Dates", "dates"),
    Section("places", "Places", "places"),
    Section("entities", "Entities", "entities"),
    Section("articles", "Articles"),
    Section("sources", "Independent sources", "sources"),
    Section("stories", "Stories", "stories"),
    Section("passages", "Shared passages", "passages"),
    Section("duplicates", "Near-duplicates", "duplicates"),
    Section("skipped", "Skipped inputs", "skipped"),
    Section("texts", "Article texts"),
)


def anchor(article: str, start: int, end: int) -> str:
    """The element id / URL fragment naming ``text[start:end]`` of ``article``."""
    return f"{article}-{start}-{end}"


def _href(p: Mapping[str, Any]) -> str:
    return "#" + anchor(p["article"], p["start"], p["end"])


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsfuse.render", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(anchor=anchor, label=label, noise_kinds=noise_kinds, snippet=snippet, href=_href, when=when)
    return env


def _sections(env: jinja2.Environment, doc: Mapping[str, Any], view: Mapping[str, Any]) -> list[dict[str, str]]:
    known = set(env.list_templates())
    shown = [
        {"name": s.name, "title": s.title, "template": f"_{s.name}.html.j2"}
        for s in SECTIONS
        if s.key is None or view.get(s.key) or doc.get(s.key)
    ]
    listed = {s.name for s in SECTIONS}
    for key in LATER_STAGE_KEYS:
        if doc.get(key) and key not in listed:
            partial = f"_{key}.html.j2"
            shown.insert(-1, {"name": key, "title": key.capitalize(), "template": partial if partial in known else "_generic.html.j2"})
    return shown


# ---- views: the document's items arranged for one panel each ---------------------------------


class _Lookup:
    """Ids -> items, article -> source, and how to cite a span, for one document."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.articles = {a["id"]: a for a in doc["articles"]}
        self.sources = {g["id"]: g for g in doc.get("sources") or []}
        self.source_of = {a["id"]: a.get("source") or a["id"] for a in doc["articles"]}
        self.entities = {e["id"]: e for e in doc.get("entities") or []}
        self.events = {v["id"]: v for v in doc.get("events") or [] if "id" in v}
        self.claims = {c["id"]: c for c in doc.get("claims") or [] if "id" in c}

    def words(self, p: Mapping[str, Any]) -> str:
        a = self.articles.get(p["article"])
        return a["text"][p["start"]:p["end"]] if a else ""

    def who(self, article: str) -> str:
        """How a reader knows an article: its outlet, else its source group's name."""
        a = self.articles.get(article)
        if a is None:
            return article
        group = self.sources.get(a.get("source") or "")
        return a.get("outlet") or (group["name"] if group else None) or label(a)

    def cite(self, p: Mapping[str, Any], n: int | None = None) -> dict[str, Any]:
        a = self.articles.get(p["article"])
        date = (a or {}).get("published") or "undated"
        return {
            "href": _href(p), "n": n, "who": self.who(p["article"]),
            "title": f"{self.who(p['article'])} · {date}: {snippet(self.words(p), 0, len(self.words(p)), 160)}",
            "words": snippet(self.words(p), 0, len(self.words(p)), 300),
        }

    def context(self, p: Mapping[str, Any], chars: int = 80) -> tuple[str, str, str]:
        """The words of ``p`` with up to ``chars`` characters either side (cut at word edges)."""
        a = self.articles.get(p["article"])
        if a is None:
            return "", "", ""
        text, s, e = a["text"], p["start"], p["end"]
        before = text[max(0, s - chars):s]
        after = text[e:e + chars]
        if s - chars > 0 and " " in before:
            before = "…" + before[before.index(" ") + 1:]
        if e + chars < len(text) and " " in after:
            after = after[:after.rindex(" ")] + "…"
        return " ".join(before.split()) + (" " if before[-1:].isspace() else ""), text[s:e], ("" if not after[:1].isspace() else " ") + " ".join(after.split())


def _first_href(item: Mapping[str, Any] | None, key: str = "mentions") -> str | None:
    provs = (item or {}).get(key) or []
    return _href(provs[0]) if provs else None


def _summary_view(doc: Mapping[str, Any], lk: _Lookup) -> list[dict[str, Any]]:
    out, n = [], 0
    headings = summary_headings(doc)
    for s in doc.get("summary") or []:
        cites = []
        for p in s.get("citations") or []:
            n += 1
            cites.append(lk.cite(p, n))
        out.append({"text": s["text"], "connective": bool(s.get("connective")), "cites": cites,
                    "heading": headings.get(len(out))})
    return out


def _timeline_view(doc: Mapping[str, Any], lk: _Lookup) -> list[dict[str, Any]]:
    out = []
    for t in doc.get("timeline") or []:
        item = lk.events.get(t.get("event") or "") if t.get("event") else lk.claims.get(t.get("claim") or "")
        kind = "event" if t.get("event") else "claim"
        srcs = (item or {}).get("sources") or []
        out.append({
            "date": t.get("date") or "undated", "precision": t.get("date_precision"), "label": t.get("label") or (item or {}).get("text") or "",
            "kind": kind, "ref": t.get("event") or t.get("claim"), "href": _first_href(item),
            "status": (item or {}).get("status"), "sources": len(srcs) or (item or {}).get("independent_sources"),
        })
    return out


def _conflicting(doc: Mapping[str, Any]) -> dict[str, set[str]]:
    """Claim id -> ids of the claims it conflicts with, both ways round."""
    out: dict[str, set[str]] = {}
    for c in doc.get("claims") or []:
        for k in c.get("conflicts") or []:
            out.setdefault(c["id"], set()).add(k["claim"])
            out.setdefault(k["claim"], set()).add(c["id"])
    return out


def _matrix_view(doc: Mapping[str, Any], lk: _Lookup) -> dict[str, Any] | None:
    """Rows claims, columns independent sources; a cell says whether the source supports the
    claim, contradicts it (says something a conflict rules out) or is silent."""
    claims = doc.get("claims") or []
    if not claims:
        return None
    said: dict[str, dict[str, Mapping[str, Any]]] = {}  # claim -> source -> first mention there
    for c in claims:
        for p in c.get("mentions") or []:
            said.setdefault(c["id"], {}).setdefault(lk.source_of.get(p["article"], p["article"]), p)
    used = sorted({src for per in said.values() for src in per})
    cols = [g["id"] for g in doc.get("sources") or [] if g["id"] in used] + [s for s in used if s not in lk.sources]
    conflicts = _conflicting(doc)
    rows = []
    for c in claims:
        cells = []
        for src in cols:
            mine = said.get(c["id"], {}).get(src)
            against = [said[o][src] for o in sorted(conflicts.get(c["id"], ())) if src in said.get(o, {})]
            for k in c.get("conflicts") or []:
                if lk.source_of.get(k["theirs"]["article"]) == src:
                    against.append(k["theirs"])
            state = "mixed" if mine and against else "supports" if mine else "contradicts" if against else "silent"
            p = mine or (against[0] if against else None)
            cells.append({"state": state, "href": _href(p) if p else None, "title": f"{state}: " + (lk.cite(p)["title"] if p else "says nothing on this")})
        rows.append({"id": c["id"], "text": c.get("text", ""), "status": c.get("status"), "n": c.get("independent_sources"),
                     "href": _first_href(c), "cells": cells})
    heads = [{"id": s, "name": lk.sources[s]["name"] if s in lk.sources else lk.who(s)} for s in cols]
    return {"cols": heads, "rows": rows}


def _disagreements_view(doc: Mapping[str, Any], lk: _Lookup) -> list[dict[str, Any]]:
    """Each conflict once (A vs B and B vs A are one disagreement), both spans in context."""
    out, seen = [], set()
    for c in doc.get("claims") or []:
        for k in c.get("conflicts") or []:
            mine, theirs = k.get("mine"), k.get("theirs")
            if not mine or not theirs:
                continue
            key = frozenset({(c["id"], tuple(mine.values())), (k["claim"], tuple(theirs.values()))})
            if key in seen:
                continue
            seen.add(key)
            sides = []
            for claim_id, p in ((c["id"], mine), (k["claim"], theirs)):
                before, words, after = lk.context(p)
                sides.append({"claim": claim_id, "who": lk.who(p["article"]), "href": _href(p), "before": before, "words": words, "after": after})
            out.append({"kind": k.get("kind") or "", "why": k.get("why") or "", "sides": sides})
    return out


def _places_view(doc: Mapping[str, Any], lk: _Lookup) -> list[dict[str, Any]]:
    out, named = [], set()
    for e in doc.get("entities") or []:
        pl = e.get("place")
        if not pl:
            continue
        events = [v for v in lk.events.values() if v.get("place") == e["id"]]
        out.append({"name": e["name"], "lat": pl.get("lat"), "lon": pl.get("lon"), "admin1": pl.get("admin1"), "country": pl.get("country"),
                    "geonames_id": pl.get("geonames_id"), "mentions": len(e.get("mentions") or []), "events": len(events),
                    "href": _first_href(e), "id": e["id"]})
        named.add(e["id"])
    # event locations no place entity stands for
    loose: dict[tuple[str, float, float], dict[str, Any]] = {}
    for v in lk.events.values():
        loc = v.get("location")
        if loc and v.get("place") not in named:
            key = (loc.get("name") or "", loc.get("lat"), loc.get("lon"))
            row = loose.setdefault(key, {"name": key[0], "lat": key[1], "lon": key[2], "admin1": loc.get("admin1"), "country": loc.get("country"),
                                         "geonames_id": loc.get("geonames_id"), "mentions": 0, "events": 0, "href": _first_href(v), "id": None})
            row["events"] += 1
    out += [loose[k] for k in sorted(loose, key=lambda k: (k[0], str(k[1]), str(k[2])))]
    return out


def _fmt_number(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:,.6g}" if abs(x) < 1e15 else str(x)
    if isinstance(x, int):
        return f"{x:,}"
    return "" if x is None else str(x)


def _marks(doc: Mapping[str, Any]) -> dict[str, list[tuple[int, int]]]:
    """Per article, every statement range a reader can click in its text: claim, event and quote
    mentions, summary citations, both sides of each conflict."""
    out: dict[str, set[tuple[int, int]]] = {}

    def add(p: Mapping[str, Any]) -> None:
        out.setdefault(p["article"], set()).add((p["start"], p["end"]))

    for key in ("claims", "events", "quotes"):
        for item in doc.get(key) or []:
            for p in item.get("mentions") or []:
                add(p)
            for k in item.get("conflicts") or []:
                for side in ("mine", "theirs"):
                    if k.get(side):
                        add(k[side])
    for s in doc.get("summary") or []:
        for p in s.get("citations") or []:
            add(p)
    return {k: sorted(v) for k, v in out.items()}


def render_html_doc(doc: Mapping[str, Any]) -> str:
    """``report.html`` text for a report document (the output of :func:`to_dict`)."""
    env = _environment()
    env.filters["num"] = _fmt_number
    arts = doc["articles"]
    lk = _Lookup(doc)
    marks = _marks(doc)
    panels = {
        "map": map_view(doc, _href),
        "claims": _matrix_view(doc, lk),
        "disagreements": _disagreements_view(doc, lk),
        "places": _places_view(doc, lk),
    }
    view = {
        "doc": doc,
        "lk": lk,
        "by_id": lk.articles,
        "paras": {a["id"]: paragraphs(a, marks.get(a["id"], ())) for a in arts},
        "summary": _summary_view(doc, lk),
        "timeline": _timeline_view(doc, lk),
        "events": events_by_date(doc),
        **panels,
        "counts": [
            (len(arts), "articles"),
            (len({a["outlet"] for a in arts if a["outlet"]}), "named outlets"),
            (len(doc["sources"]), "independent sources"),
            (len(doc["stories"]), "stories"),
            (len(doc.get("events") or []), "events"),
            (len(doc.get("claims") or []), "claims"),
            (sum(1 for c in doc.get("claims") or [] if c.get("status") == "contradicted"), "contradicted"),
            (len(doc["passages"]), "shared passages"),
            (len(doc["duplicates"]), "near-duplicates"),
            (len(doc["skipped"]), "skipped"),
            (sum(1 for a in arts if not a["published"]), "undated"),
        ],
    }
    view["sections"] = _sections(env, doc, panels)
    return env.get_template("report.html.j2").render(view)
