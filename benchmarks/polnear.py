"""Quote and attribution extraction on PolNeAR dev: speaker (source) and content span P/R/F1.

Run (from the project root; the first run parses the 84 dev articles, about a minute, and
caches the parses in /tmp/quotes/)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/polnear.py

Data: ../shared/data/polnear/attributions.jsonl (Newell et al. 2018; train+dev, one line
per annotated document: ``doc_id``, ``annotator``, ``split``, ``text``, ``attributions`` with
``source``/``cue``/``content`` spans).  Only ``split == "dev"`` is scored (train is never
read).  A few documents were annotated twice; each annotation is scored as its own
document.  Gold attributions without a content span are ignored.

What is compared:

* **newsfuse** -- :func:`newsfuse.annotate.quotes.find_attributions` (direct quotes and
  indirect speech; its ``source`` is the words where they stand, a pronoun stays "he",
  which is what PolNeAR annotates).
* **baseline (quote marks only)** -- content = the text between a pair of quote marks in
  one paragraph; speaker = the nearest PERSON/ORG entity of the quote's sentence outside
  the quote, none if there is none.

Matching.  Span boundaries are compared after stripping white space, punctuation, quote
marks and a leading "that" at both ends (PolNeAR's content spans keep the quote marks and
the trailing comma; newsfuse's keep only the words).  *Exact*: the stripped boundaries are
equal (for gold content split in pieces by an interrupting "he said", equal to the whole
stretch or to one piece).  *Overlap*: the spans share at least one character.  Precision =
share of predictions matching some gold item; recall = share of gold items matched by some
prediction.  A source counts only inside its attribution: a predicted source matches when a
gold attribution whose content overlaps the predicted content has that source.

Subsets.  *all*: every dev attribution with content.  *speech cue*: the gold attributions
whose cue holds a word with a lemma in :data:`newsfuse.annotate.quotes.SPEECH_VERBS` (or is
"according to"); predictions overlapping only gold attributions outside the subset are
left out of its precision (they are neither right nor wrong for it).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear" / "attributions.jsonl"
CACHE = Path("/tmp/quotes")
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/parses.py

from parses import cached_parses  # noqa: E402

_PAIR = re.compile(r"(?:“|\"|''|``)(.+?)(?:”|\"|'')")


@dataclass(frozen=True)
class Item:
    content: tuple[tuple[int, int], ...]  # pieces
    source: tuple[int, int] | None
    speech: bool = True  # in the speech-cue subset (gold only)


def norm(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without white space, punctuation, quote marks or a leading "that"."""
    s, e = start, end
    while True:
        while s < e and not text[s].isalnum():
            s += 1
        if text[s : s + 5].lower() == "that " and e - s > 5:
            s += 5
            continue
        break
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return (s, e) if s < e else (start, end)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def content_match(text: str, pred: tuple[int, int], gold: Item, exact: bool) -> bool:
    if not exact:
        return any(overlaps(pred, p) for p in gold.content)
    hull = (gold.content[0][0], gold.content[-1][1])
    p = norm(text, *pred)
    return any(p == norm(text, *g) for g in (hull, *gold.content))


def span_match(text: str, pred: tuple[int, int] | None, gold: tuple[int, int] | None, exact: bool) -> bool:
    if pred is None or gold is None:
        return False
    return norm(text, *pred) == norm(text, *gold) if exact else overlaps(pred, gold)


def load_dev() -> list[dict]:
    if not DATA.exists():
        sys.exit(f"{DATA} not found: clone the project beside ../shared")
    rows = []
    with DATA.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("split") == "dev":
                rows.append(row)
    return rows


def parse_rows(rows: Sequence[dict], nlp) -> dict[str, object]:
    """doc_id -> spaCy Doc, cached in /tmp/quotes/ by ``cached_parses`` (benchmarks/parses.py)."""
    texts = {r["doc_id"]: r["text"] for r in rows}
    ids = sorted(texts)
    return dict(zip(ids, cached_parses([texts[i] for i in ids], nlp, CACHE, "polnear_dev", batch_size=8), strict=True))


def gold_items(row: dict, doc) -> list[Item]:
    from newsfuse.annotate.quotes import SPEECH_VERBS

    out = []
    for a in row["attributions"]:
        content = a.get("content")
        if not content:
            continue
        source = a.get("source")
        cue = a.get("cue")
        speech = False
        if cue:
            cs, ce = cue["spans"][0][0], cue["spans"][-1][1]
            span = doc.char_span(cs, ce, alignment_mode="expand")
            lemmas = {t.lemma_.lower() for t in span} if span is not None else set()
            speech = bool(lemmas & SPEECH_VERBS) or cue["text"].lower().startswith("according to")
        src = (source["spans"][0][0], source["spans"][-1][1]) if source else None
        out.append(Item(tuple(tuple(s) for s in sorted(content["spans"])), src, speech))
    return out


def newsfuse_items(doc) -> list[Item]:
    from newsfuse.annotate.quotes import find_attributions

    return [Item((a.content,), a.source) for a in find_attributions(doc)]


def baseline_items(doc) -> list[Item]:
    """Quote marks only: the text between a pair of marks, speaker the nearest name."""
    text = doc.text
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("PERSON", "ORG")]
    out = []
    for para in re.finditer(r"[^\n]+", text):
        for m in _PAIR.finditer(text, para.start(), para.end()):
            s, e = m.start(1), m.end(1)
            sent = doc.char_span(s, e, alignment_mode="expand")
            lo = min(t.sent.start_char for t in sent) if sent is not None and len(sent) else s
            hi = max(t.sent.end_char for t in sent) if sent is not None and len(sent) else e
            near = [n for n in names if lo <= n[0] and n[1] <= hi and not overlaps(n, (s, e))]
            src = min(near, key=lambda n: min(abs(n[0] - e), abs(s - n[1]))) if near else None
            out.append(Item(((s, e),), src))
    return out


class Score:
    def __init__(self) -> None:
        self.tp_p = self.n_p = self.tp_r = self.n_r = 0

    def add(self, tp_p: int, n_p: int, tp_r: int, n_r: int) -> None:
        self.tp_p += tp_p
        self.n_p += n_p
        self.tp_r += tp_r
        self.n_r += n_r

    def prf(self) -> tuple[float, float, float]:
        p = self.tp_p / self.n_p if self.n_p else 0.0
        r = self.tp_r / self.n_r if self.n_r else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_doc(text: str, preds: list[Item], gold: list[Item], scores: dict, subset: bool) -> None:
    if subset:
        in_sub = [g for g in gold if g.speech]
        out_sub = [g for g in gold if not g.speech]
        preds = [
            p
            for p in preds
            if any(content_match(text, p.content[0], g, False) for g in in_sub)
            or not any(content_match(text, p.content[0], g, False) for g in out_sub)
        ]
        gold = in_sub
    for exact in (True, False):
        m = "exact" if exact else "overlap"
        c = scores[("content", m)]
        c.add(
            sum(any(content_match(text, p.content[0], g, exact) for g in gold) for p in preds),
            len(preds),
            sum(any(content_match(text, p.content[0], g, exact) for p in preds) for g in gold),
            len(gold),
        )
        s = scores[("source", m)]
        with_src = [p for p in preds if p.source is not None]
        gold_src = [g for g in gold if g.source is not None]
        s.add(
            sum(
                any(content_match(text, p.content[0], g, False) and span_match(text, p.source, g.source, exact) for g in gold_src)
                for p in with_src
            ),
            len(with_src),
            sum(
                any(content_match(text, p.content[0], g, False) and span_match(text, p.source, g.source, exact) for p in with_src)
                for g in gold_src
            ),
            len(gold_src),
        )


def main() -> None:
    from newsfuse.annotate.places import load_nlp

    rows = load_dev()
    nlp = load_nlp()
    docs = parse_rows(rows, nlp)
    systems = {"newsfuse": newsfuse_items, "baseline": baseline_items}
    keys = [(k, m) for k in ("content", "source") for m in ("exact", "overlap")]
    table = {(sys_, sub): {k: Score() for k in keys} for sys_ in systems for sub in ("all", "speech cue")}
    n_gold = n_speech = 0
    cache: dict[tuple[str, str], list[Item]] = {}
    for row in rows:
        doc = docs[row["doc_id"]]
        gold = gold_items(row, doc)
        n_gold += len(gold)
        n_speech += sum(g.speech for g in gold)
        for name, fn in systems.items():
            preds = cache.setdefault((name, row["doc_id"]), fn(doc))
            for sub in ("all", "speech cue"):
                score_doc(doc.text, preds, gold, table[(name, sub)], sub == "speech cue")
    print(f"PolNeAR dev: {len(rows)} annotated documents ({len(docs)} texts), {n_gold} gold attributions with content, {n_speech} with a speech cue")
    for sub in ("all", "speech cue"):
        print(f"\n[{sub}]   {'':22}  {'newsfuse P / R / F1':>22}    {'baseline (quote marks) P / R / F1':>34}")
        for k in keys:
            ours = table[("newsfuse", sub)][k].prf()
            base = table[("baseline", sub)][k].prf()
            label = f"{k[0]} {k[1]}"
            print(f"  {label:30} {ours[0]:.3f} / {ours[1]:.3f} / {ours[2]:.3f}      {base[0]:.3f} / {base[1]:.3f} / {base[2]:.3f}")
        print(f"  {'predictions':30} {table[('newsfuse', sub)][('content', 'exact')].n_p:>22}      {table[('baseline', sub)][('content', 'exact')].n_p:>21}")


if __name__ == "__main__":
    main()
