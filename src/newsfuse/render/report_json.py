"""Report -> the ``report.json`` document (see /work/shared/REPORT_CONTRACT.md), its schema
check and its provenance check.

The dict built here is the one thing every renderer reads: the Markdown and HTML renderers
work from :func:`to_dict`'s output, so whatever a later stage adds to the document shows up in
all three files the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

import jsonschema

import newsfuse
from newsfuse.errors import NewsfuseError
from newsfuse.model import (
    Annotations,
    Article,
    Change,
    Claim,
    DateMention,
    Entity,
    Event,
    Figure,
    Place,
    Quote,
    Report,
    Span,
    SummarySentence,
    TimelineEntry,
)

SCHEMA_ID = "newsfuse.report/1"
SCHEMA_FILE = "report.schema.json"

#: Decimal places kept for similarity scores.  Embedding cosines differ in the last bits
#: between BLAS builds and thread counts; four places keep the file byte-identical across
#: runs while still ordering every score the stages produce (they are cut at 0.01 steps).
SCORE_DECIMALS = 4

#: Report keys filled by later pipeline stages.  Always present (as empty lists when a stage
#: did not run) so readers never have to test for them.
LATER_STAGE_KEYS: tuple[str, ...] = (
    "entities",
    "quotes",
    "dates",
    "figures",
    "events",
    "claims",
    "summary",
    "timeline",
)

#: Items that quote source words: their ``text`` must equal the words their first prov
#: (``mentions[0]`` / ``citations[0]``) points at.  ``check_provenance`` enforces it.
QUOTING_KEYS: tuple[str, ...] = ("quotes", "dates", "figures", "claims", "summary")

# ---- Report -> dict ---------------------------------------------------------------------


def article_sort_key(a: Article) -> tuple[str, str, str]:
    """Articles read oldest first; undated ones first of all, then by where they were seen."""
    return (a.published.isoformat() if a.published else "", a.origins[0] if a.origins else "", a.id)


def _score(x: float) -> float:
    if not math.isfinite(x):
        raise NewsfuseError(f"a similarity score is {x!r}; scores must be finite numbers")
    return round(float(x), SCORE_DECIMALS)


def _article(a: Article, source_of: Mapping[str, str], story_of: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": a.id,
        "path": a.origins[0] if a.origins else None,
        "url": a.url,
        "origins": list(a.origins),
        "outlet": a.outlet,
        "published": a.published.isoformat() if a.published else None,
        "title": a.title,
        "byline": a.byline,
        "dateline": a.dateline,
        "credits": list(a.credits),
        "source": source_of.get(a.id),
        "story": story_of.get(a.id),
        "text": a.text,
        "paragraphs": [[s, e] for s, e in sorted(a.paragraphs)],
        "noise": [{"kind": n.kind, "start": n.start, "end": n.end} for n in sorted(a.noise, key=lambda n: (n.start, n.end, n.kind))],
        "meta_from": {k: v for k, v in sorted(a.meta_from)},
    }


# ---- later-stage items -> dicts (the contract's shapes) -------------------------------------


def _number(x: float | int | None) -> float | int | None:
    """A figure's number as JSON: integral values as ints (3000, not 3000.0)."""
    if x is None:
        return None
    if not math.isfinite(float(x)):
        raise NewsfuseError(f"a figure's value is {x!r}; values must be finite numbers")
    return int(x) if float(x).is_integer() else float(x)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _provs(spans: tuple[Span, ...] | list[Span]) -> list[dict[str, object]]:
    """Spans as prov objects, first mention first, duplicates dropped."""
    seen: set[Span] = set()
    out = []
    for sp in spans:
        if sp not in seen:
            seen.add(sp)
            out.append(sp.to_json())
    return out


def _place(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p.name, "kind": p.kind, "lat": round(p.lat, 5), "lon": round(p.lon, 5),
        "country": p.country, "country_code": p.country_code, "admin1": p.admin1, "geonames_id": p.geonames_id,
    }


def _entity(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id, "name": e.name, "kind": e.kind, "aliases": list(e.aliases), "roles": list(e.roles),
        "role": e.roles[0] if e.roles else None, "place": _place(e.place), "mentions": _provs(e.mentions),
    }


def _quote(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id, "speaker": q.speaker, "speaker_text": q.speaker_text, "text": q.text, "direct": q.direct,
        "cue": q.cue, "channel": q.channel, "mentions": [q.span.to_json()],
        "speaker_mentions": [q.speaker_span.to_json()] if q.speaker_span else [],
    }


def date_value(d: DateMention) -> str | dict[str, str | None] | None:
    """A date's value: one ISO day, a ``{"start", "end"}`` range (inclusive), or None when
    it has no place on the calendar (an unanchored weekday, a duration)."""
    if d.precision in ("relative", "duration") or (d.start is None and d.end is None):
        return None
    if d.precision == "day" and d.start is not None and (d.end is None or d.end == d.start):
        return d.start.isoformat()
    return {"start": _iso(d.start), "end": _iso(d.end)}


def _date(d: DateMention) -> dict[str, Any]:
    return {
        "id": d.id, "text": d.text, "value": date_value(d), "precision": d.precision, "relative_to": d.relative_to,
        "note": d.note, "mentions": [d.span.to_json()],
    }


def _figure(f: Figure) -> dict[str, Any]:
    normalized = None
    if f.normalized is not None or f.normalized_unit is not None:
        normalized = {"value": _number(f.normalized), "unit": f.normalized_unit}
    return {
        "id": f.id, "text": f.text, "kind": f.kind, "value": _number(f.value), "high": _number(f.high), "unit": f.unit,
        "approx": f.approx is not None, "qualifier": f.approx, "normalized": normalized, "of": f.of, "note": f.note,
        "mentions": [f.span.to_json()],
    }


def place_entity(place: Place | None, entities: list[Entity]) -> str | None:
    """The id of the place entity that is ``place``: same GeoNames id, else same name."""
    if place is None:
        return None
    placed = [e for e in entities if e.place is not None]
    if place.geonames_id is not None:
        for e in placed:
            if e.place is not None and e.place.geonames_id == place.geonames_id:
                return e.id
    for e in placed:
        if e.place is not None and (e.place.name == place.name or e.name == place.name) and (
            e.place.geonames_id is None or place.geonames_id is None
        ):
            return e.id
    return None


def _event(v: Event, entities: list[Entity]) -> dict[str, Any]:
    loc = None
    if v.place is not None:
        loc = {k: val for k, val in _place(v.place).items() if k != "kind"}  # type: ignore[union-attr]
    return {
        "id": v.id, "type": v.type, "subtype": v.subtype, "plover": v.plover, "actor1": v.actor1, "actor2": v.actor2,
        "place": place_entity(v.place, entities), "location": loc, "date": _iso(v.date), "date_end": _iso(v.date_end),
        "date_precision": v.date_precision, "modality": v.modality, "sources": sorted(set(v.sources)),
        "mentions": _provs([m.sentence for m in v.mentions]), "triggers": _provs([m.trigger for m in v.mentions]),
    }


def _claim(c: Claim, event_of: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": c.id, "text": c.text, "subject": c.subject, "relation": c.relation, "value": c.value,
        "status": c.status, "independent_sources": c.independent_sources, "sources": sorted(set(c.sources)),
        "conflicts": [
            {"claim": k.claim, "kind": k.kind, "why": k.why, "mine": k.mine.to_json(), "theirs": k.theirs.to_json()}
            for k in sorted(c.conflicts, key=lambda k: (k.claim, k.kind, k.mine, k.theirs, k.why))
        ],
        "date": _iso(c.date), "place": c.place, "event": event_of.get(c.event, c.event) if c.event else None, "figure": c.figure.id if c.figure else None,
        "mentions": _provs(c.mentions),
    }


def _summary(s: SummarySentence) -> dict[str, Any]:
    out: dict[str, Any] = {"text": s.text, "citations": _provs(s.citations), "connective": s.connective}
    if s.story is not None:
        out["story"] = s.story
    return out


def _timeline(t: TimelineEntry) -> dict[str, Any]:
    out: dict[str, Any] = {"date": t.date.isoformat(), "date_precision": t.precision, "label": t.label}
    if t.event is not None:
        out["event"] = t.event
    if t.claim is not None:
        out["claim"] = t.claim
    return out


def _change(c: Change) -> dict[str, Any]:
    return {"kind": c.kind, "item": c.item, "text": c.text, "before": c.before, "after": c.after}


def _from_annotations(annotations: tuple[Annotations, ...], field: str) -> list[Any]:
    return [x for ann in annotations for x in getattr(ann, field)]


def later_stage_items(report: Report) -> dict[str, list[dict[str, Any]]]:
    """The entities ... timeline lists of the document, each in a deterministic order: items
    with an id sorted by id, the summary as written, the timeline by date."""
    entities = sorted(report.entities, key=lambda e: e.id)
    # A claim may name the one-article event mention it was read from: point it at the merged
    # event holding that mention (an id that is neither stays, and check_provenance reports it).
    event_of = {m.id: v.id for v in sorted(report.events, key=lambda v: v.id) for m in v.mentions}
    event_of.update({v.id: v.id for v in report.events})
    by_id = {
        "entities": [_entity(e) for e in entities],
        "quotes": [_quote(q) for q in _from_annotations(report.annotations, "quotes")],
        "dates": [_date(d) for d in _from_annotations(report.annotations, "dates")],
        "figures": [_figure(f) for f in _from_annotations(report.annotations, "figures")],
        "events": [_event(v, entities) for v in report.events],
        "claims": [_claim(c, event_of) for c in report.claims],
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for key, items in by_id.items():
        unique = {json.dumps(x, sort_keys=True): x for x in items}  # one item once, whatever the input repeats
        out[key] = sorted(unique.values(), key=lambda x: (str(x["id"]), json.dumps(x, sort_keys=True)))
    out["summary"] = [_summary(s) for s in report.summary]
    out["timeline"] = sorted(
        (_timeline(t) for t in report.timeline),
        key=lambda t: (t["date"], t["label"], t.get("event") or "", t.get("claim") or "", t["date_precision"]),
    )
    return out


def to_dict(report: Report) -> dict[str, Any]:
    """The report as the contract's JSON document, every list in a deterministic order."""
    articles = sorted(report.articles, key=article_sort_key)
    rank = {a.id: i for i, a in enumerate(articles)}

    def members(ids: tuple[str, ...]) -> list[str]:
        # Members read in the report's article order; unknown ids (a bug upstream) sort last
        # and are reported by check_provenance.
        return sorted(set(ids), key=lambda i: (rank.get(i, len(rank)), i))

    sources = sorted(report.sources, key=lambda g: g.id)
    stories = sorted(report.stories, key=lambda s: s.id)
    source_of: dict[str, str] = {}
    for g in sources:
        for m in g.articles:
            source_of.setdefault(m, g.id)
    story_of: dict[str, str] = {}
    for st in stories:
        for m in st.articles:
            story_of.setdefault(m, st.id)

    doc: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "generated_by": f"newsfuse {newsfuse.__version__}",
        "articles": [_article(a, source_of, story_of) for a in articles],
        "skipped": [{"path": s.path, "reason": s.reason} for s in sorted(set(report.skipped), key=lambda s: (s.path, s.reason))],
        "sources": [{"id": g.id, "name": g.name, "articles": members(g.articles), "why": list(g.why)} for g in sources],
        "stories": [{"id": s.id, "label": s.label, "articles": members(s.articles)} for s in stories],
        "duplicates": [
            {"a": d.a, "b": d.b, "similarity": _score(d.similarity)}
            for d in sorted(report.duplicates, key=lambda d: (d.a, d.b, d.similarity))
        ],
        "passages": [
            {"a": p.a.to_json(), "b": p.b.to_json(), "kind": p.kind, "score": _score(p.score)}
            for p in sorted(report.passages, key=lambda p: (p.a, p.b, p.kind, p.score))
        ],
    }
    doc.update(later_stage_items(report))
    if report.changes:
        doc["changes"] = [_change(c) for c in report.changes]
    return doc


def dumps(doc: Mapping[str, Any]) -> str:
    """The document as report.json text: UTF-8 friendly, indented, newline-terminated."""
    try:
        return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except ValueError as exc:  # NaN/inf slipped past _score in a later-stage value
        raise NewsfuseError(f"report holds a value JSON cannot carry ({exc}); a stage produced NaN or infinity") from exc


def render_json(report: Report) -> str:
    """``report.json`` text for ``report``."""
    return dumps(to_dict(report))


# ---- checks -------------------------------------------------------------------------------


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) shipped with the package."""
    text = resources.files("newsfuse.render").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)


def validate(doc: Mapping[str, Any]) -> None:
    """Check ``doc`` against the shipped schema; raise :class:`NewsfuseError` naming every problem."""
    validator = jsonschema.Draft202012Validator(load_schema())
    errors = sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if not errors:
        return
    shown = [f"at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:5]]
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    raise NewsfuseError(
        f"report does not match schema {SCHEMA_ID}: " + "; ".join(shown) + more
        + " - the stage that fills that key produced a malformed item"
    )


def _walk(node: Any, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every dict in ``node`` with its JSON-pointer-like path."""
    if isinstance(node, Mapping):
        yield path, node
        for k, v in node.items():
            yield from _walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{path}/{i}")


def _is_prov(d: Mapping[str, Any]) -> bool:
    return "article" in d and "start" in d and "end" in d


def snippet_of(text: str, limit: int = 60) -> str:
    s = " ".join(text.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def check_provenance(doc: Mapping[str, Any]) -> list[str]:
    """Every offset and reference in ``doc`` that does not resolve; empty when all do.

    Checks each ``prov`` object anywhere in the document (``0 <= start < end <= len(text)``
    of a known article), each article's paragraph and noise offsets, the ids that sources,
    stories, duplicates and later-stage items use to point at one another, and that every
    item quoting source words (a quote, date, figure, claim, non-connective summary
    sentence) has ``text`` equal to the words of its first span.
    """
    problems: list[str] = []
    articles = doc.get("articles") or []
    lengths: dict[str, int] = {}
    for i, a in enumerate(articles):
        if isinstance(a, Mapping) and isinstance(a.get("id"), str) and isinstance(a.get("text"), str):
            lengths[a["id"]] = len(a["text"])
        else:
            problems.append(f"/articles/{i}: article without a string id and text")

    def offsets(where: str, start: Any, end: Any, n: int) -> None:
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
            problems.append(f"{where}: offsets {start!r}..{end!r} are not integers")
        elif not 0 <= start < end <= n:
            problems.append(f"{where}: offsets {start}..{end} outside 0..{n} (need 0 <= start < end <= len(text))")

    for path, d in _walk({k: v for k, v in doc.items() if k != "articles"}, ""):
        if _is_prov(d):
            art = d["article"]
            if art not in lengths:
                problems.append(f"{path}: prov names unknown article {art!r}")
            else:
                offsets(path, d["start"], d["end"], lengths[art])

    ids: dict[str, set[str]] = {
        key: {x["id"] for x in doc.get(key) or [] if isinstance(x, Mapping) and "id" in x}
        for key in ("sources", "stories", "entities", "events", "claims")
    }

    def ref(where: str, value: Any, key: str, known: set[str]) -> None:
        if value is not None and value not in known:
            problems.append(f"{where}: {key} id {value!r} is not in the report")

    for i, a in enumerate(articles):
        if not isinstance(a, Mapping) or a.get("id") not in lengths:
            continue
        n = lengths[a["id"]]
        for j, p in enumerate(a.get("paragraphs") or []):
            start, end = (p[0], p[1]) if isinstance(p, list) and len(p) == 2 else (None, None)
            offsets(f"/articles/{i}/paragraphs/{j}", start, end, n)
        for j, nz in enumerate(a.get("noise") or []):
            offsets(f"/articles/{i}/noise/{j}", nz.get("start"), nz.get("end"), n)
        ref(f"/articles/{i}/source", a.get("source"), "source", ids["sources"])
        ref(f"/articles/{i}/story", a.get("story"), "story", ids["stories"])
    known_articles = set(lengths)
    for key in ("sources", "stories"):
        for i, g in enumerate(doc.get(key) or []):
            for j, m in enumerate(g.get("articles") or []):
                ref(f"/{key}/{i}/articles/{j}", m, "article", known_articles)
    for i, d in enumerate(doc.get("duplicates") or []):
        for side in ("a", "b"):
            ref(f"/duplicates/{i}/{side}", d.get(side), "article", known_articles)
    for i, q in enumerate(doc.get("quotes") or []):
        ref(f"/quotes/{i}/speaker", q.get("speaker"), "entity", ids["entities"])
    for i, e in enumerate(doc.get("events") or []):
        ref(f"/events/{i}/place", e.get("place"), "entity", ids["entities"])
        for j, s in enumerate(e.get("sources") or []):
            ref(f"/events/{i}/sources/{j}", s, "source", ids["sources"])
    for i, c in enumerate(doc.get("claims") or []):
        for j, cf in enumerate(c.get("conflicts") or []):
            ref(f"/claims/{i}/conflicts/{j}", cf.get("claim"), "claim", ids["claims"])
    for i, c in enumerate(doc.get("claims") or []):
        ref(f"/claims/{i}/event", c.get("event"), "event", ids["events"])
    texts = {a["id"]: a["text"] for a in articles if isinstance(a, Mapping) and a.get("id") in lengths}
    for key in QUOTING_KEYS:
        for i, item in enumerate(doc.get(key) or []):
            if not isinstance(item, Mapping) or item.get("connective"):
                continue
            provs = item.get("citations" if key == "summary" else "mentions") or []
            words, first = item.get("text"), provs[0] if provs else None
            if not isinstance(words, str) or not isinstance(first, Mapping) or first.get("article") not in texts:
                continue
            s, e = first.get("start"), first.get("end")
            if isinstance(s, int) and isinstance(e, int) and texts[first["article"]][s:e] != words:
                problems.append(
                    f"/{key}/{i}/text: {snippet_of(words)!r} is not the words its first span points at "
                    f"({snippet_of(texts[first['article']][s:e])!r})"
                )
    for i, sm in enumerate(doc.get("summary") or []):
        if isinstance(sm, Mapping):
            ref(f"/summary/{i}/story", sm.get("story"), "story", ids["stories"])
    for i, t in enumerate(doc.get("timeline") or []):
        ref(f"/timeline/{i}/event", t.get("event"), "event", ids["events"])
        ref(f"/timeline/{i}/claim", t.get("claim"), "claim", ids["claims"])
    return problems
