"""Geoparsing benchmark on LGL and GeoVirus (../shared/data/geoparsing).

Run (from the repo root)::

    NEWSFUSE_CACHE_DIR=/tmp/nfcache .venv/bin/python benchmarks/geoparsing.py

(the cache dir is optional; the first run builds the gazetteer, about 35 s).

Prints, for each set and each half (A = first half of the file's lines, the part the
weights in newsfuse.annotate.places were tuned on; B = second half, held out):

* recognition: precision / recall / F1 of ``find_places`` against the gold toponym spans,
  exact span and any overlap, beside bare spaCy GPE/LOC entities;
* resolution given the gold spans: Acc@161 (share of gold toponyms with coordinates
  placed within 161 km; a name the gazetteer does not know counts as a miss), mean and
  median error in km over the placed ones, of ``resolve`` (with each document's outlet
  prior, and without it) beside the most-populous-candidate baseline, and the oracle:
  the share a perfect choice among the gazetteer's candidates would place.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "geoparsing"


def prf(tp_p: int, n_pred: int, tp_g: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_g / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def recog_scores(pred: list[list[tuple[int, int]]], gold: list[list[tuple[int, int]]]) -> dict[str, float]:
    """Exact and overlap P/R/F1 over documents."""
    n_pred = sum(map(len, pred))
    n_gold = sum(map(len, gold))
    ex_p = ex_g = ov_p = ov_g = 0
    for ps, gs in zip(pred, gold):
        gset, pset = set(gs), set(ps)
        ex_p += len(pset & gset)
        ex_g += len(pset & gset)
        ov_p += sum(1 for a, b in ps if any(a < d and c < b for c, d in gs))
        ov_g += sum(1 for c, d in gs if any(a < d and c < b for a, b in ps))
    return dict(zip(("P", "R", "F1"), prf(ex_p, n_pred, ex_g, n_gold))) | dict(
        zip(("oP", "oR", "oF1"), prf(ov_p, n_pred, ov_g, n_gold))
    )


def res_scores(errors: list[float | None]) -> dict[str, float]:
    placed = [e for e in errors if e is not None]
    return {
        "acc161": sum(1 for e in placed if e <= 161) / len(errors) if errors else 0.0,
        "mean_km": statistics.fmean(placed) if placed else float("nan"),
        "median_km": statistics.median(placed) if placed else float("nan"),
        "placed": len(placed) / len(errors) if errors else 0.0,
        "n": len(errors),
    }


def outlet(doc: dict) -> str | None:
    """A document's outlet: its URL's host (LGL: 88 local papers; GeoVirus: all Wikinews)."""
    from urllib.parse import urlparse

    return urlparse(doc.get("url") or "").netloc or None


def outlet_priors(docs: list[dict], found: list[list]) -> dict[str, object]:
    """doc id -> its outlet prior (newsfuse.annotate.places.local_priors), built from the places
    ``find_places`` recognised and resolved in the outlet's other documents (no gold used)."""
    from newsfuse.annotate.places import local_priors

    return local_priors(
        {d["doc_id"]: outlet(d) for d in docs},
        {d["doc_id"]: [(m.entry, m.confidence) for m in f if m.entry is not None] for d, f in zip(docs, found)},
    )


def gold_points(doc: dict) -> list[dict]:
    """A document's gold toponyms that have coordinates."""
    return [t for t in doc["toponyms"] if t.get("lat") is not None and t.get("lon") is not None]


def error_km(gold: dict, entry) -> float | None:  # noqa: ANN001 - a gazetteer Entry or None
    """How far the chosen entry lies from the gold point (None when nothing was chosen)."""
    from newsfuse.annotate.gazetteer import haversine_km

    return haversine_km(gold["lat"], gold["lon"], entry.lat, entry.lon) if entry is not None else None


#: The grid ``--tune`` searches: resolution weights of newsfuse.annotate.places ("KIND_PRIOR.x"
#: is one entry of that dict).
TUNE_GRID: dict[str, list[float]] = {
    "W_POP": [0.7, 1.0, 1.3, 1.6], "W_ALT_ONLY": [-3, -2, -1, -0.5, 0], "W_PRIMARY": [0, 1, 2],
    "W_COUNTRY": [1.5, 3, 4.5], "W_ADMIN1": [1.5, 3, 4.5, 6], "W_NEAR": [0, 1, 2, 3, 4],
    "KIND_PRIOR.country": [2, 4, 6], "KIND_PRIOR.admin1": [1, 2.5, 4], "KIND_PRIOR.continent": [2, 4, 6],
    "W_CITY_OVER_AREA": [1, 3, 5], "W_CAPITAL": [0.5, 1, 2, 4], "W_CAPITALS": [0, 2, 4, 6, 8], "W_SIBLING": [0, 2, 4, 6], "W_A1_ANY": [0, 1, 2, 3, 4],
    "W_LOCAL": [0, 2, 4, 6, 8, 10, 12, 16], "W_LOCAL_COUNTRY": [0, 1, 2, 3, 4, 6], "W_APPOSITION": [3, 6, 10, 15, 20],
    "LOCAL_MIN_CONFIDENCE": [0.5, 0.7, 0.8, 0.9, 0.95, 0.99], "LOCAL_MIN_ARTICLES": [1, 2, 3, 4, 6],
}


def tune(data: Path, rounds: int = 2, keys: list[str] | None = None) -> None:
    """Coordinate ascent of TUNE_GRID (or only ``keys`` of it) on the mean Acc@161 (gold spans) of
    the two half-As; prints each step and the final weights with half B's figures (scored, never
    searched).  The outlet priors are read off ``find_places`` run once with the starting weights."""
    from newsfuse.annotate import places
    from newsfuse.annotate.gazetteer import Gazetteer

    gaz = Gazetteer()
    nlp = places.load_nlp()
    halves = {}
    found: dict[str, tuple[list[dict], list]] = {}
    for name in ("lgl", "geovirus"):
        docs = [json.loads(line) for line in (data / f"{name}.jsonl").open(encoding="utf-8")]
        halves[name] = {"A": docs[: len(docs) // 2], "B": docs[len(docs) // 2 :]}
        found[name] = (docs, [places.find_places(d, nlp, gaz) for d in nlp.pipe((d["text"] for d in docs), batch_size=16)])
    grid = {k: v for k, v in TUNE_GRID.items() if keys is None or k in keys}

    def get(k: str) -> float:
        return places.KIND_PRIOR[k.split(".")[1]] if "." in k else getattr(places, k)

    def put(k: str, v: float) -> None:
        if "." in k:
            places.KIND_PRIOR[k.split(".")[1]] = v
        else:
            setattr(places, k, v)

    def acc(part: str) -> dict[str, float]:
        out = {}
        priors: dict[str, object] = {}
        for docs, fs in found.values():
            priors |= outlet_priors(docs, fs)
        for name, h in halves.items():
            errs = []
            for d in h[part]:
                tops = gold_points(d)
                spans = [(t["start"], t["end"]) for t in tops]
                for t, m in zip(tops, places.resolve(spans, d["text"], gaz, prior=priors.get(d["doc_id"]))):
                    errs.append(error_km(t, m.entry))
            out[name] = res_scores(errs)["acc161"]
        return out

    best = statistics.fmean(acc("A").values())
    print(f"start: mean A Acc@161 {best:.4f}")
    for _ in range(rounds):
        moved = False
        for k, values in grid.items():
            cur, res = get(k), {}
            for v in values:
                put(k, v)
                res[v] = best if v == cur else statistics.fmean(acc("A").values())
            v = max(res, key=lambda x: (round(res[x], 4), x == cur))
            put(k, v if res[v] > best + 1e-9 else cur)
            if res[v] > best + 1e-9:
                best, moved = res[v], True
            print(k, {x: round(y, 4) for x, y in res.items()}, "->", get(k), flush=True)
        if not moved:
            break
    print("final weights", {k: get(k) for k in grid})
    print("A", acc("A"), "B (held out)", acc("B"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--limit", type=int, default=0, help="only the first N documents of each file (smoke run)")
    ap.add_argument("--demonyms", action="store_true", help="find_places(demonyms=True) (LGL tags 'American')")
    ap.add_argument("--errors", type=Path, help="write resolution errors > 161 km of half A as JSON lines here")
    ap.add_argument("--tune", action="store_true", help="search the resolution weights on half A (TUNE_GRID; a few minutes)")
    ap.add_argument("--tune-keys", nargs="*", help="with --tune: search only these TUNE_GRID keys")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data at {args.data}: clone the project beside ../shared", file=sys.stderr)
        return 2
    if args.tune:
        tune(args.data, keys=args.tune_keys)
        return 0

    from newsfuse.annotate.gazetteer import Gazetteer
    from newsfuse.annotate.places import _candidates, find_places, load_nlp, most_populous, resolve

    t0 = time.perf_counter()
    gaz = Gazetteer()
    t_gaz = time.perf_counter() - t0
    nlp = load_nlp()
    print(f"gazetteer open {t_gaz:.2f}s ({gaz.path.name}); stats {gaz.stats()}")

    rows = []
    err_out = args.errors.open("w") if args.errors else None
    for name in ("lgl", "geovirus"):
        docs = [json.loads(line) for line in (args.data / f"{name}.jsonl").open(encoding="utf-8")]
        if args.limit:
            docs = docs[: args.limit]
        half = len(docs) // 2
        t1 = time.perf_counter()
        parsed = list(nlp.pipe((d["text"] for d in docs), batch_size=16))
        t_nlp = time.perf_counter() - t1
        t2 = time.perf_counter()
        found = [find_places(doc, nlp, gaz, demonyms=args.demonyms) for doc in parsed]
        t_find = time.perf_counter() - t2
        priors = outlet_priors(docs, found)
        for part, sl in (("A", slice(0, half)), ("B", slice(half, None))):
            ds, ps, fs = docs[sl], parsed[sl], found[sl]
            gold = [[(t["start"], t["end"]) for t in d["toponyms"]] for d in ds]
            ours = [[(m.start, m.end) for m in f] for f in fs]
            bare = [[(e.start_char, e.end_char) for e in p.ents if e.label_ in {"GPE", "LOC"}] for p in ps]
            r_ours, r_bare = recog_scores(ours, gold), recog_scores(bare, gold)
            e_ours: list[float | None] = []
            e_base: list[float | None] = []
            e_alone: list[float | None] = []
            oracle = 0
            for d in ds:
                tops = gold_points(d)
                spans = [(t["start"], t["end"]) for t in tops]
                res = resolve(spans, d["text"], gaz, prior=priors.get(d["doc_id"]))
                alone = resolve(spans, d["text"], gaz)
                base = most_populous(spans, d["text"], gaz)
                for t, m, m0, b in zip(tops, res, alone, base):
                    cands = _candidates(d["text"][t["start"] : t["end"]], gaz, demonyms=True)
                    oracle += any((error_km(t, c.entry) or 0.0) <= 161 for c in cands)
                    eo = error_km(t, m.entry)
                    eb = error_km(t, b)
                    e_ours.append(eo)
                    e_alone.append(error_km(t, m0.entry))
                    e_base.append(eb)
                    if err_out and part == "A" and (eo is None or eo > 161):
                        err_out.write(json.dumps({
                            "set": name, "doc": d["doc_id"], "name": t["name"], "gold": [t["lat"], t["lon"]],
                            "ours": m.entry and [m.entry.name, m.entry.kind, m.entry.country_code, m.entry.admin1],
                            "km": eo and round(eo), "base_km": eb and round(eb),
                        }) + "\n")
            rows.append((name, part, len(ds), r_ours, r_bare, res_scores(e_ours), res_scores(e_alone), res_scores(e_base),
                         oracle / len(e_ours) if e_ours else 0.0))
        print(f"{name}: {len(docs)} docs, spaCy parse {t_nlp:.1f}s, find_places {t_find:.1f}s")

    hdr = (f"{'set':9}{'half':5}{'docs':>5} | {'recognition P/R/F1 exact':>25} {'overlap F1':>10} | {'spaCy GPE/LOC exact':>21} {'ovl F1':>7}"
           f" | {'Acc@161':>7} {'mean km':>8} {'med km':>7} {'placed':>6} | {'no outlet':>9} | {'pop Acc':>7} {'mean km':>8} {'n':>5} | {'oracle':>6}")
    print(hdr)
    print("-" * len(hdr))
    for name, part, nd, ro, rb, so, s0, sb, orc in rows:
        print(
            f"{name:9}{part:5}{nd:5d} | {ro['P']:.3f}/{ro['R']:.3f}/{ro['F1']:.3f}{'':7} {ro['oF1']:10.3f} |"
            f" {rb['P']:.3f}/{rb['R']:.3f}/{rb['F1']:.3f} {rb['oF1']:7.3f}"
            f" | {so['acc161']:7.3f} {so['mean_km']:8.0f} {so['median_km']:7.0f} {so['placed']:6.3f}"
            f" | {s0['acc161']:9.3f} | {sb['acc161']:7.3f} {sb['mean_km']:8.0f} {so['n']:5d} | {orc:6.3f}"
        )
    print("oracle: the share of gold toponyms with *some* gazetteer candidate of the name within 161 km,"
          " the ceiling of any choice among the candidates")
    if err_out:
        err_out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
