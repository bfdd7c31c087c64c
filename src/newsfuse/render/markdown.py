"""The report document -> ``report.md``: a readable report to paste into a document.

Everything taken from the articles is escaped, so an article's ``*``, ``#``, ``|`` or
``<script>`` shows as itself instead of becoming formatting or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsfuse.render.segments import (
    events_by_date, label, noise_kinds, paragraphs, snippet, summary_headings, when,
)

# Characters CommonMark/GFM give meaning to inside a line (``&`` only where it would start
# an entity such as ``&amp;``; brackets cover links and images, so ``(`` and ``!`` stay plain).
_INLINE = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
# Line starts that open a block: headings, lists, quotes, rules, setext underlines; and
# numbered-list markers, whose ``.`` or ``)`` is escaped.
_BLOCK_START = re.compile(r"^(\s*)([-+=#])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


def escape_inline(text: str) -> str:
    """``text`` safe inside a Markdown line: markup characters backslash-escaped."""
    return _INLINE.sub(r"\\\1", text)


def escape_cell(value: object) -> str:
    """A table cell: escaped, on one line (newlines become spaces), never empty."""
    if value is None or value == "" or value == []:
        return "–"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return escape_inline(" ".join(text.split())) or "–"


def escape_block(text: str) -> str:
    """Multi-line article text escaped so each line stays literal text."""
    lines = []
    for line in text.split("\n"):
        line = escape_inline(line)
        line = _BLOCK_START.sub(r"\1\\\2", line)
        line = _NUMBERED.sub(r"\1\\\2", line)
        lines.append(line)
    # Hard line breaks keep the article's own line structure inside a paragraph.
    return "  \n".join(lines)


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(escape_cell(c) for c in row) + " |" for row in rows]
    return out


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def _inline_noise(kinds: tuple[str, ...], text: str) -> str:
    return "*" + escape_inline("[" + ", ".join(kinds) + "]") + " " + escape_block(text.strip()) + "*"


def _article_body(a: Mapping[str, Any]) -> list[str]:
    """Markdown blocks of one article: a paragraph that is all noise becomes a blockquote
    tagged with its kind; noise inside a paragraph is marked in place, in italics."""
    blocks: list[str] = []
    for p in paragraphs(a):
        if not p.segments or not p.segments[0].text.strip() and len(p.segments) == 1:
            continue
        if p.kinds:
            blocks.append(_quote(escape_inline("[" + ", ".join(p.kinds) + "]") + " " + escape_block(p.segments[0].text.strip())))
            continue
        parts: list[str] = []
        for seg in p.segments:
            if seg.is_noise and seg.text.strip():
                lead = seg.text[: len(seg.text) - len(seg.text.lstrip())]
                trail = seg.text[len(seg.text.rstrip()):]
                parts.append(lead + _inline_noise(seg.kinds, seg.text) + trail)
            else:
                parts.append(escape_block(seg.text))
        blocks.append("".join(parts).strip())
    return blocks


def _where(p: Mapping[str, Any], by_id: Mapping[str, Mapping[str, Any]]) -> str:
    """A citation a reader can follow by hand: outlet (or title), article id and offsets."""
    a = by_id.get(p["article"])
    who = (a.get("outlet") or label(a)) if a else p["article"]
    return f"{who}, {p['article']} [{p['start']}:{p['end']}]"


def _said(p: Mapping[str, Any] | None, by_id: Mapping[str, Mapping[str, Any]], limit: int = 160) -> str:
    a = by_id.get(p["article"]) if p else None
    return snippet(a["text"], p["start"], p["end"], limit) if a and p else ""


def _picture(doc: Mapping[str, Any], by_id: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """What changed, the summary with numbered citations, the timeline, disagreements, claims,
    events, quotes and figures: each section only when there is something to show."""
    lines: list[str] = []
    if doc.get("changes"):
        lines += ["## What changed", ""]
        for c in doc["changes"]:
            extra = f" ({escape_cell(c.get('before'))} → {escape_cell(c.get('after'))})" if c.get("before") or c.get("after") else ""
            lines.append(f"- **{escape_inline(c['kind'].replace('_', ' '))}**: {escape_cell(c['text'])}{extra}")
        lines.append("")
    if doc.get("summary"):
        lines += ["## Summary", ""]
        refs: list[str] = []
        headings = summary_headings(doc)
        for i, s in enumerate(doc["summary"]):
            if i in headings:
                lines += [f"### {escape_inline(headings[i])}", ""]
            nums = []
            for p in s.get("citations") or []:
                refs.append(f"{len(refs) + 1}. {escape_inline(_where(p, by_id))}: “{escape_cell(_said(p, by_id))}”")
                nums.append(f"\\[{len(refs)}\\]")
            text = escape_cell(s["text"])
            lines.append(f"{'*' + text + '*' if s.get('connective') else text} {''.join(nums)}".rstrip())
            lines.append("")
        lines += ["Citations:", ""] + refs + [""]
    claims = {c["id"]: c for c in doc.get("claims") or [] if "id" in c}
    events = {v["id"]: v for v in doc.get("events") or [] if "id" in v}
    if doc.get("timeline"):
        lines += ["## Timeline", ""]
        rows = []
        for t in doc["timeline"]:
            item = events.get(t.get("event") or "") or claims.get(t.get("claim") or "") or {}
            first = (item.get("mentions") or [None])[0]
            rows.append([t.get("date") or "undated", t.get("date_precision"), "event" if t.get("event") else "claim",
                         t.get("label") or item.get("text"), _where(first, by_id) if first else None])
        lines += _table(["date", "precision", "what", "label", "source"], rows)
        lines.append("")
    conflicts = []
    seen: set[frozenset[tuple[str, str]]] = set()
    for c in claims.values():
        for k in c.get("conflicts") or []:
            key = frozenset({(c["id"], str(k.get("mine"))), (k["claim"], str(k.get("theirs")))})
            if key not in seen:
                seen.add(key)
                conflicts.append([k.get("kind"), _said(k.get("mine"), by_id), _where(k["mine"], by_id) if k.get("mine") else None,
                                  _said(k.get("theirs"), by_id), _where(k["theirs"], by_id) if k.get("theirs") else None, k.get("why")])
    if conflicts:
        lines += ["## Disagreements", ""]
        lines += _table(["kind", "one source says", "where", "another says", "where", "why they conflict"], conflicts)
        lines.append("")
    if claims:
        lines += ["## Claims", ""]
        lines += _table(
            ["claim", "status", "independent sources", "sources", "conflicts with", "first said in"],
            [[c.get("text"), c.get("status"), c.get("independent_sources"), c.get("sources"), [k["claim"] for k in c.get("conflicts") or []],
              _where(c["mentions"][0], by_id) if c.get("mentions") else None] for c in claims.values()],
        )
        lines.append("")
    if events:
        lines += ["## Events", ""]
        lines += _table(
            ["date", "type", "actor 1", "actor 2", "where", "sources", "reported as", "sentence"],
            [[when(v), f"{v.get('type')} / {v.get('subtype')}", v.get("actor1"), v.get("actor2"),
              (v.get("location") or {}).get("name"), v.get("sources"), v.get("modality"),
              _said((v.get("mentions") or [None])[0], by_id)] for v in events_by_date(doc)],
        )
        lines.append("")
    if doc.get("quotes"):
        names = {e["id"]: e["name"] for e in doc.get("entities") or []}
        lines += ["## Quotes", ""]
        lines += _table(
            ["speaker", "quote", "cue", "channel", "kind", "where"],
            [[names.get(q.get("speaker") or "") or q.get("speaker_text") or "unknown", q.get("text"), q.get("cue"), q.get("channel"),
              "direct" if q.get("direct") else "indirect", _where(q["mentions"][0], by_id) if q.get("mentions") else None] for q in doc["quotes"]],
        )
        lines.append("")
    if doc.get("figures"):
        lines += ["## Figures", ""]
        rows = []
        for f in doc["figures"]:
            nz = f.get("normalized") or {}
            value = f"{f.get('value')}" + (f"–{f['high']}" if f.get("high") is not None else "")
            rows.append([value, f.get("unit"), f"{nz.get('value')} {nz.get('unit') or ''}".strip() if nz.get("value") is not None else None,
                         (f.get("qualifier") or "yes") if f.get("approx") else "exact", f.get("of"), f.get("text"),
                         _where(f["mentions"][0], by_id) if f.get("mentions") else None])
        lines += _table(["value", "unit", "normalized", "approx", "of", "words", "where"], rows)
        lines.append("")
    return lines


def render_markdown_doc(doc: Mapping[str, Any]) -> str:
    """``report.md`` text for a report document (the output of :func:`to_dict`)."""
    arts = doc["articles"]
    by_id = {a["id"]: a for a in arts}
    lines: list[str] = ["# newsfuse report", ""]
    undated = sum(1 for a in arts if not a["published"])
    lines.append(
        f"{len(arts)} article(s) from {len({a['outlet'] for a in arts if a['outlet']})} named outlet(s)"
        f" · {len(doc['sources'])} independent source(s) · {len(doc['stories'])} story(ies)"
        f" · {len(doc['passages'])} shared passage(s) · {len(doc['duplicates'])} near-duplicate pair(s)"
        f" · {len(doc['skipped'])} input(s) skipped"
        + (f" · {undated} undated" if undated else "")
    )
    lines += ["", f"_{escape_inline(doc['generated_by'])}, schema {escape_inline(doc['schema'])}._", ""]

    lines += _picture(doc, by_id)

    lines += ["## Articles", ""]
    lines += _table(
        ["id", "outlet", "published", "title", "credits", "source", "noise"],
        [[a["id"], a["outlet"], a["published"] or "undated", label(a), a["credits"], a["source"], noise_kinds(a)] for a in arts],
    )
    lines.append("")

    if doc["sources"]:
        lines += ["## Independent sources", ""]
        lines += _table(["id", "name", "articles", "why"], [[g["id"], g["name"], g["articles"], "; ".join(g["why"])] for g in doc["sources"]])
        lines.append("")
    if doc["stories"]:
        lines += ["## Stories", ""]
        lines += _table(["id", "label", "articles"], [[s["id"], s.get("label"), s["articles"]] for s in doc["stories"]])
        lines.append("")
    if doc["duplicates"]:
        lines += ["## Near-duplicates", ""]
        lines += _table(["a", "b", "similarity"], [[d["a"], d["b"], f"{d['similarity']:.2f}"] for d in doc["duplicates"]])
        lines.append("")
    if doc["passages"]:
        lines += ["## Shared passages", ""]
        rows = []
        for p in doc["passages"]:
            a, b = p["a"], p["b"]
            rows.append([
                p["kind"], f"{p['score']:.2f}",
                f"{a['article']} [{a['start']}:{a['end']}]", snippet(by_id[a["article"]]["text"], a["start"], a["end"], 160) if a["article"] in by_id else "",
                f"{b['article']} [{b['start']}:{b['end']}]", snippet(by_id[b["article"]]["text"], b["start"], b["end"], 160) if b["article"] in by_id else "",
            ])
        lines += _table(["kind", "score", "a", "a says", "b", "b says"], rows)
        lines.append("")
    if doc["skipped"]:
        lines += ["## Skipped inputs", ""]
        lines += _table(["path", "reason"], [[s["path"], s["reason"]] for s in doc["skipped"]])
        lines.append("")

    lines += ["## Article texts", ""]
    for a in arts:
        lines += [f"### {escape_inline(' '.join(label(a).split()))}", ""]
        facts = [
            ("id", a["id"]), ("outlet", a["outlet"]), ("published", a["published"] or "undated"),
            ("byline", a["byline"]), ("dateline", a["dateline"]), ("credits", a["credits"]),
            ("source", a["source"]), ("story", a["story"]), ("from", a["path"] or a["url"]),
        ]
        lines += [f"- {k}: {escape_cell(v)}" for k, v in facts if v not in (None, "", [])]
        lines.append("")
        for block in _article_body(a):
            lines += [block, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
