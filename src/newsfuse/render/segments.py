"""Cutting an article's paragraphs into runs of plain text and marked noise.

Shared by the Markdown and HTML renderers, which both show noise *marked* beside the
reporting rather than removed.  Works on the report document (see :func:`to_dict`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Segment:
    """``text[start:end]`` of one article, with the noise kinds covering it (empty = reporting)
    and the statement ranges (``(start, end)`` of a claim, event, quote or citation) covering
    it, shortest first."""

    start: int
    end: int
    text: str
    kinds: tuple[str, ...]
    marks: tuple[tuple[int, int], ...] = ()

    @property
    def is_noise(self) -> bool:
        return bool(self.kinds)


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    segments: tuple[Segment, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """Noise kinds when the whole paragraph is one noise segment, else empty."""
        if len(self.segments) == 1:
            return self.segments[0].kinds
        return ()


def paragraphs(article: Mapping[str, Any], marks: Iterable[tuple[int, int]] = ()) -> list[Paragraph]:
    """The article's paragraphs (the whole text when none are given), cut at noise edges and
    at the edges of ``marks`` (statement ranges to make clickable).

    A noise stretch is never cut by a mark, so each noise run stays one element; a segment
    lists the marks that cover it whole.
    """
    text: str = article["text"]
    spans = [(int(s), int(e)) for s, e in article.get("paragraphs") or []] or ([(0, len(text))] if text else [])
    noise = [(n["start"], n["end"], n["kind"]) for n in article.get("noise") or []]
    ranges = sorted({(int(s), int(e)) for s, e in marks if 0 <= s < e <= len(text)})
    out: list[Paragraph] = []
    for ps, pe in spans:
        cuts = {ps, pe}
        for ns, ne, _ in noise:
            if ns < pe and ne > ps:
                cuts.update(x for x in (ns, ne) if ps < x < pe)
        mine = [(ms, me) for ms, me in ranges if ms < pe and me > ps]
        for ms, me in mine:
            cuts.update(x for x in (ms, me) if ps < x < pe and not any(ns < x < ne for ns, ne, _ in noise))
        edges = sorted(cuts)
        segs = []
        for s, e in zip(edges, edges[1:]):
            kinds = tuple(sorted({k for ns, ne, k in noise if ns <= s and e <= ne}))
            covering = sorted(((ms, me) for ms, me in mine if ms <= s and e <= me), key=lambda r: (r[1] - r[0], r))
            segs.append(Segment(s, e, text[s:e], kinds, tuple(covering)))
        out.append(Paragraph(ps, pe, tuple(segs)))
    return out


def first_words(article: Mapping[str, Any], n: int = 8) -> str:
    """The first ``n`` words of the article's reporting (noise skipped), for a title-less article."""
    words: list[str] = []
    for p in paragraphs(article):
        for seg in p.segments:
            if not seg.is_noise:
                words.extend(seg.text.split())
            if len(words) >= n:
                return " ".join(words[:n]) + " …"
    return " ".join(words)


def label(article: Mapping[str, Any]) -> str:
    """What to call an article in a table: its title, else its first words."""
    return article.get("title") or first_words(article) or article["id"]


def noise_kinds(article: Mapping[str, Any]) -> list[str]:
    """The distinct noise kinds marked in an article, sorted."""
    return sorted({n["kind"] for n in article.get("noise") or []})


def events_by_date(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The report's events as a reader looks for them: by date (start, then end), undated last, then
    by id (report.json keeps them by id)."""
    return sorted(doc.get("events") or [], key=lambda v: (
        v.get("date") is None, v.get("date") or "", v.get("date_end") or "", str(v.get("id"))))


def when(event: Mapping[str, Any]) -> str:
    """An event's date as precisely as it is known: ``2021-08-12`` (day), ``2021-05`` (month),
    ``2021`` (year), ``2021-08-05 – 2021-08-13`` (a week or range), else "undated"."""
    start, end, precision = event.get("date"), event.get("date_end"), event.get("date_precision")
    if not start:
        return "undated"
    if precision == "month":
        return start[:7]
    if precision == "year":
        return start[:4]
    if end and end != start and precision != "day":
        return f"{start} – {end}"
    return start


def snippet(text: str, start: int, end: int, limit: int = 240) -> str:
    """``text[start:end]`` on one line, cut to ``limit`` characters."""
    s = " ".join(text[start:end].split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def summary_headings(doc: Mapping[str, Any]) -> dict[int, str]:
    """Summary index -> heading naming its story, at the first sentence of each story; empty
    when the summary covers one story (or says nothing of stories)."""
    stories = {s["id"]: s for s in doc.get("stories") or [] if isinstance(s, Mapping) and "id" in s}
    order = [s.get("story") for s in doc.get("summary") or []]
    if len(set(order)) < 2:
        return {}
    out: dict[int, str] = {}
    for i, sid in enumerate(order):
        if i and order[i - 1] == sid:
            continue
        story = stories.get(sid or "")
        if story is None:
            out[i] = "Articles in no story"
        else:
            n = len(story.get("articles") or [])
            out[i] = f"Story: {story.get('label') or story['id']} ({n} article{'s' if n != 1 else ''})"
    return out
