"""Report -> the ``report.json`` document (see /work/shared/REPORT_CONTRACT.md), its schema
check and its provenance check.

The dict built here is the one thing every renderer reads: the Markdown and HTML renderers
work from :func:`to_dict`'s output, so whatever a later stage adds to the document shows up in
all three files the same way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import math
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

import jsonschema

import newsfuse
from newsfuse.errors import NewsfuseError
from newsfuse.model import Article, Report, Span

SCHEMA_ID = "newsfuse.report/1"
SCHEMA_FILE = "report.schema.json"

#: Decimal places kept for similarity scores.  Embedding cosines differ in the last bits
#: between BLAS builds and thread counts; four places keep the file byte-identical across
#: runs while still ordering every score the stages produce (they are cut at 0.01 steps).
SCORE_DECIMALS = 4

#: Report keys filled by later pipeline stages.  Present (as empty lists) from the first
#: release so readers never have to test for them; filled from the ``Report`` attribute of
#: the same name once the model carries it.
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

#: Later-stage lists whose order is meaningful as produced (a summary reads in order, a
#: timeline is already chronological); every other list is sorted by ``id``.
KEEP_STAGE_ORDER: frozenset[str] = frozenset({"summary", "timeline"})


# ---- Report -> dict ---------------------------------------------------------------------


def article_sort_key(a: Article) -> tuple[str, str, str]:
    """Articles read oldest first; undated ones first of all, then by where they were seen."""
    return (a.published.isoformat() if a.published else "", a.origins[0] if a.origins else "", a.id)


def _score(x: float) -> float:
    if not math.isfinite(x):
        raise NewsfuseError(f"a similarity score is {x!r}; scores must be finite numbers")
    return round(float(x), SCORE_DECIMALS)


def _plain(obj: Any) -> Any:
    """Any model value as plain JSON data: spans become prov objects, dates ISO strings."""
    if isinstance(obj, Span):
        return obj.to_json()
    if isinstance(obj, enum.Enum):
        return _plain(obj.value)
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(_plain(v) for v in obj)
    if isinstance(obj, float):
        return _score(obj)
    return obj


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
    for key in LATER_STAGE_KEYS:
        items = [_plain(x) for x in getattr(report, key, ())]
        if key not in KEEP_STAGE_ORDER and all(isinstance(x, dict) and "id" in x for x in items):
            items.sort(key=lambda x: str(x["id"]))
        doc[key] = items
    changes = getattr(report, "changes", None)
    if changes:
        doc["changes"] = _plain(changes)
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


def check_provenance(doc: Mapping[str, Any]) -> list[str]:
    """Every offset and reference in ``doc`` that does not resolve; empty when all do.

    Checks each ``prov`` object anywhere in the document (``0 <= start < end <= len(text)``
    of a known article), each article's paragraph and noise offsets, and the ids that
    sources, stories, duplicates and later-stage items use to point at one another.
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
    for i, t in enumerate(doc.get("timeline") or []):
        ref(f"/timeline/{i}/event", t.get("event"), "event", ids["events"])
        ref(f"/timeline/{i}/claim", t.get("claim"), "claim", ids["claims"])
    return problems
