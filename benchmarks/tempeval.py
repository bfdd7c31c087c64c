"""Temporal-expression benchmark on TempEval-3 TimeBank + AQUAINT (../shared/data/tempeval3).

Run (from the repo root)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/tempeval.py [--cache /tmp/dates] [--errors N]

(``--cache DIR`` keeps the spaCy parses in DIR/tempeval-<digest>.spacy between runs, benchmarks/parses.py; without the
option the 256 documents are parsed afresh, about 40 s on one core.  The baseline takes about 35 s.)

Prints, for ``newsfuse.annotate.dates.find_timexes`` beside a baseline of dateparser alone
(``dateparser.search.search_dates`` on each whole text, ``RELATIVE_BASE`` = the document
creation time, each found string formatted at the granularity dateparser reports for it):

* detection precision / recall / F1 against the gold TIMEX3 extents, relaxed (any overlap,
  one-to-one) and strict (same extent; for newsfuse, its TIMEX3 core without "since"/"by");
* value accuracy: the share of relaxed-matched expressions whose TIMEX3 value equals the gold
  value (given the document creation time);
* value F1: F1 counting a detected expression as correct only if matched *and* its value is right.

This file is the development part of TempEval-3; the test part is held back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "tempeval3" / "timex.jsonl"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/parses.py

from parses import cached_parses  # noqa: E402


def norm_value(v: str | None) -> str | None:
    """Equal TIMEX3 values written differently: "2000-W6" = "2000-W06", "T24" midnight kept."""
    if v is None:
        return None
    v = re.sub(r"-W(\d)(?=$|-)", r"-W0\1", v.strip())
    return v


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def match(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs of overlapping extents, largest overlap first."""
    cands = []
    for i, (a, b) in enumerate(pred):
        for j, (c, d) in enumerate(gold):
            ov = min(b, d) - max(a, c)
            if ov > 0:
                cands.append((-ov, i, j))
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in sorted(cands):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score(system: list[list[tuple[int, int, int, int, str | None]]], docs: list[dict]) -> dict[str, float]:
    """system: per doc, (start, end, strict_start, strict_end, value) per expression."""
    n_pred = n_gold = rel = strict = val_ok = 0
    for preds, doc in zip(system, docs):
        gold = doc["timexes"]
        n_pred += len(preds)
        n_gold += len(gold)
        gspans = [(g["start"], g["end"]) for g in gold]
        pairs = match([(p[0], p[1]) for p in preds], gspans)
        rel += len(pairs)
        strict += len({(p[2], p[3]) for p in preds} & set(gspans))
        val_ok += sum(1 for i, j in pairs if norm_value(preds[i][4]) == norm_value(gold[j]["value"]))
    rp, rr, rf = prf(rel, n_pred, rel, n_gold)
    sp, sr, sf = prf(strict, n_pred, strict, n_gold)
    vp, vr, vf = prf(val_ok, n_pred, val_ok, n_gold)
    return {
        "relaxed P": rp, "relaxed R": rr, "relaxed F1": rf,
        "strict P": sp, "strict R": sr, "strict F1": sf,
        "value accuracy": val_ok / rel if rel else 0.0,
        "value P": vp, "value R": vr, "value F1": vf,
    }


def dct_of(doc: dict) -> dt.date:
    return dt.date.fromisoformat(doc["dct"][:10])


def run_newsfuse(docs: list[dict], cache: Path | None) -> list[list[tuple[int, int, int, int, str | None]]]:
    from newsfuse.annotate.dates import find_timexes
    from newsfuse.annotate.places import load_nlp

    parsed = cached_parses([d["text"] for d in docs], load_nlp(), cache, "tempeval")
    out = []
    for d, doc in zip(docs, parsed):
        out.append([(t.start, t.end, t.core_start, t.core_end, t.value.timex) for t in find_timexes(doc, dct_of(d))])
    return out


def run_baseline(docs: list[dict]) -> list[list[tuple[int, int, int, int, str | None]]]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    out = []
    for d in docs:
        base = dt.datetime.combine(dct_of(d), dt.time(12))
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period"}
        parser = DateDataParser(languages=["en"], settings=settings)
        found = search_dates(d["text"], languages=["en"], settings=settings) or []
        preds, pos = [], 0
        for s, when in found:
            i = d["text"].find(s, pos)
            if i < 0:
                continue
            pos = i + len(s)
            period = parser.get_date_data(s).period or "day"
            fmt = {"year": "%Y", "month": "%Y-%m", "week": "%G-W%V"}.get(period, "%Y-%m-%d")
            preds.append((i, i + len(s), i, i + len(s), when.strftime(fmt)))
        out.append(preds)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=None, help="directory for the spaCy parse cache")
    ap.add_argument("--errors", type=int, default=0, help="print this many newsfuse value errors and misses")
    ap.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline (faster)")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA} not found: clone the project beside ../shared", file=sys.stderr)
        return 1
    docs = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = time.time()
    ours = run_newsfuse(docs, args.cache)
    t1 = time.time()
    base = None if args.no_baseline else run_baseline(docs)
    t2 = time.time()
    s_ours = score(ours, docs)
    s_base = score(base, docs) if base is not None else {}
    n_gold = sum(len(d["timexes"]) for d in docs)
    print(f"TempEval-3 TimeBank+AQUAINT dev: {len(docs)} documents, {n_gold} gold TIMEX3")
    print(f"{'':16}{'newsfuse':>10}{'dateparser':>12}")
    for k, v in s_ours.items():
        b = f"{s_base[k]:12.3f}" if s_base else f"{'-':>12}"
        print(f"{k:16}{v:10.3f}{b}")
    print(f"{'seconds':16}{t1 - t0:10.1f}{(t2 - t1) if base is not None else 0:12.1f}")
    if args.errors:
        wrong, missed, spurious = Counter(), Counter(), Counter()
        for preds, d in zip(ours, docs):
            gold = d["timexes"]
            pairs = match([(p[0], p[1]) for p in preds], [(g["start"], g["end"]) for g in gold])
            for i, j in pairs:
                if norm_value(preds[i][4]) != norm_value(gold[j]["value"]):
                    wrong[(d["text"][preds[i][0]:preds[i][1]], preds[i][4], gold[j]["text"], gold[j]["value"],
                           d["dct"][:10])] += 1
            mg = {j for _, j in pairs}
            mp = {i for i, _ in pairs}
            for j, g in enumerate(gold):
                if j not in mg:
                    missed[(g["text"], g["value"])] += 1
            for i, p in enumerate(preds):
                if i not in mp:
                    spurious[(d["text"][p[0]:p[1]], p[4])] += 1
        print("\nvalue errors (found, ours, gold text, gold, dct):")
        for k, n in wrong.most_common(args.errors):
            print(n, k)
        print("\nmissed:")
        for k, n in missed.most_common(args.errors):
            print(n, k)
        print("\nspurious:")
        for k, n in spurious.most_common(args.errors):
            print(n, k)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
