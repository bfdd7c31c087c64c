"""The report document -> ``report.md``: a readable report to paste into a document.

Everything taken from the articles is escaped, so an article's ``*``, ``#``, ``|`` or
``<script>`` shows as itself instead of becoming formatting or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsfuse.render.segments import label, noise_kinds, paragraphs, snippet

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
