"""PLOVER event typing and actor benchmark on the PLOVER gold standard records.

Run (from the repo root)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/plover.py [--cache /tmp/newsfuse-plover] [--errors]

Data: ../shared/data/plover/gsr.json, the development half of the PLOVER GSR (161 sentences,
each coded with one event type and source/target actors).  The lexicon in
newsfuse.extract.taxonomy was tuned on these sentences; the other half is held back.

Per sentence, :func:`newsfuse.extract.events.find_events` runs on the parsed sentence (with the
place and entity annotations of newsfuse.annotate) and the *most salient* mention is kept: the
one whose trigger word stands highest in the dependency tree (fewest steps to the root), the
earliest on a tie.  Its type is read in two ways:

* ``act``: the mention's own PLOVER code;
* ``coded``: PLOVER's convention for *intended* acts applied (:func:`taxonomy.intent_plover`):
  a future/hypothetical cooperative act is AGREE ("will give a grant"), a hostile one THREATEN.

A sentence where no trigger fires has no prediction: ``strict`` counts it wrong; ``backoff``
predicts the majority class there (the baseline's answer), which is the sensible "no event"
reading for a set in which every sentence has an event.  Printed beside the majority-class
baseline (always the most frequent gold code).

Actors: the salient mention's actor1 against the gold source actors and actor2 against the gold
targets.  A match is any shared content word (lower-cased, stop-words and a possessive's "'s"
dropped) with any gold actor text.  The match rate is over the sentences whose gold has that role;
the precision is over the sentences where an actor is named in that role (one named where gold has
none counts as wrong: "threatened sanctions" names no target).  Baseline: the sentence's first noun
chunk as source and its second as target.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "plover" / "gsr.json"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/parses.py

from parses import cached_parses  # noqa: E402

_STOP = frozenset("the a an of and in on to for its his her their from by with at".split())


def _words(text: str | None) -> set[str]:
    """Lower-cased content words, a possessive's "'s" dropped ("Haiti's" is Haiti)."""
    low = re.sub(r"['’]s\b", "", (text or "").lower())
    return {w for w in re.findall(r"[a-z0-9']+", low) if w not in _STOP}


def _actor_texts(field: object) -> list[str]:
    if not isinstance(field, list):
        return []
    return [a.get("actorText", "") for a in field if isinstance(a, dict) and a.get("actorText")]


def actor_match(pred: str | None, gold: list[str]) -> bool:
    """Whether a predicted actor shares a content word with any gold actor text."""
    pw = _words(pred)
    return bool(pw) and any(pw & _words(g) for g in gold)


def _depth(tok) -> int:
    d = 0
    while tok.head is not tok and d < 50:
        tok, d = tok.head, d + 1
    return d


def salient(doc, events):
    """The mention whose trigger stands highest in the parse (earliest on a tie)."""
    best, key = None, None
    for e in events:
        toks = [t for t in doc if t.idx == e.trigger.start]
        k = (_depth(toks[0]) if toks else 99, e.trigger.start)
        if key is None or k < key:
            best, key = e, k
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=None, help="directory for cached spaCy parses (never the repo)")
    ap.add_argument("--errors", action="store_true", help="list the sentences typed wrongly")
    args = ap.parse_args(argv)

    from newsfuse.annotate.gazetteer import Gazetteer
    from newsfuse.annotate.places import find_places, load_nlp
    from newsfuse.extract import taxonomy as tx
    from newsfuse.extract.events import find_events
    from newsfuse.model import Annotations, article_id

    try:
        from newsfuse.annotate.entities import find_entities
    except ImportError:  # the entity stage is optional here: actors then come from noun chunks
        find_entities = None

    records = json.loads(DATA.read_text(encoding="utf-8"))
    texts = [r["text"].strip() for r in records]
    gold = [r["event"] for r in records]
    nlp, gaz = load_nlp(), Gazetteer()
    docs = cached_parses(texts, nlp, args.cache, "plover")
    majority = Counter(gold).most_common(1)[0][0]

    n = len(records)
    hits = {"act": 0, "coded": 0, "act_backoff": 0, "coded_backoff": 0, "majority": 0}
    covered = 0
    src = {"n": 0, "ours": 0, "base": 0, "named": 0, "named_ok": 0, "base_named": 0, "base_ok": 0}
    tar = {"n": 0, "ours": 0, "base": 0, "named": 0, "named_ok": 0, "base_named": 0, "base_ok": 0}
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    for rec, text, doc, g in zip(records, texts, docs, gold):
        aid = article_id(text)
        places = find_places(doc, nlp, gaz)
        ents = tuple(find_entities(doc, aid, places)) if find_entities else ()
        events = find_events(doc, Annotations(aid, entities=ents), nation=gaz.nation)
        best = salient(doc, events)
        if best is not None:
            covered += 1
        act = best.plover if best else None
        coded = tx.intent_plover(best.plover, best.modality) if best else None
        hits["act"] += act == g
        hits["coded"] += coded == g
        hits["act_backoff"] += (act or majority) == g
        hits["coded_backoff"] += (coded or majority) == g
        hits["majority"] += majority == g
        confusion[(g, coded or "-")] += 1
        if coded != g:
            errors.append((g, coded, best.lemma if best else "", text))
        chunks = list(doc.noun_chunks)
        gs, gt = _actor_texts(rec.get("source")), _actor_texts(rec.get("target"))
        for tally, golds, ours, base in ((src, gs, best.actor1 if best else None, chunks[0].text if chunks else None),
                                         (tar, gt, best.actor2 if best else None,
                                          chunks[1].text if len(chunks) > 1 else None)):
            if golds:
                tally["n"] += 1
                tally["ours"] += actor_match(ours, golds)
                tally["base"] += actor_match(base, golds)
            if ours:  # precision: a named actor where gold has none in that role is wrong
                tally["named"] += 1
                tally["named_ok"] += actor_match(ours, golds)
            if base:
                tally["base_named"] += 1
                tally["base_ok"] += actor_match(base, golds)

    pct = lambda k, d: f"{100 * k / d:5.1f}%" if d else "  n/a"  # noqa: E731
    print(f"PLOVER GSR dev half: {n} sentences, {len(set(gold))} event types; majority class {majority}")
    print(f"sentences with an event mention: {covered}/{n} ({pct(covered, n)})")
    print()
    print(f"{'PLOVER type accuracy':38} {'newsfuse':>9} {'majority baseline':>18}")
    print(f"{'coded (intent convention), strict':38} {pct(hits['coded'], n):>9} {pct(hits['majority'], n):>18}")
    print(f"{'coded (intent convention), backoff':38} {pct(hits['coded_backoff'], n):>9} {pct(hits['majority'], n):>18}")
    print(f"{'act code, strict':38} {pct(hits['act'], n):>9} {pct(hits['majority'], n):>18}")
    print(f"{'act code, backoff':38} {pct(hits['act_backoff'], n):>9} {pct(hits['majority'], n):>18}")
    print()
    print(f"{'actor match rate':38} {'newsfuse':>9} {'noun-chunk baseline':>20}")
    print(f"{'source (actor1), ' + str(src['n']) + ' sentences':38} {pct(src['ours'], src['n']):>9} {pct(src['base'], src['n']):>20}")
    print(f"{'target (actor2), ' + str(tar['n']) + ' sentences':38} {pct(tar['ours'], tar['n']):>9} {pct(tar['base'], tar['n']):>20}")
    print(f"{'actor precision (named actors that match)':38} {'newsfuse':>9} {'noun-chunk baseline':>20}")
    for role, t in (("source (actor1)", src), ("target (actor2)", tar)):
        print(f"{role:38} {pct(t['named_ok'], t['named']):>9} {pct(t['base_ok'], t['base_named']):>20}"
              f"   ({t['named_ok']}/{t['named']} vs {t['base_ok']}/{t['base_named']})")
    print()
    print("per gold type (coded, strict): correct/total")
    for g in sorted(set(gold)):
        tot = sum(v for (a, _), v in confusion.items() if a == g)
        print(f"  {g:12} {confusion[(g, g)]:3}/{tot:<3} most often predicted: "
              + ", ".join(f"{p}×{v}" for (a, p), v in confusion.most_common() if a == g and p != g)[:80])
    if args.errors:
        print()
        for g, p, lemma, text in errors:
            print(f"{g:11} <- {p or '-':11} [{lemma}] {text[:140]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
