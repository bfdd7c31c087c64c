"""Near-duplicate detection at scale: newsfuse's NearDuplicateIndex beside bare datasketch.

Run (from the repository root, with ../shared beside it)::

    .venv/bin/python benchmarks/near_duplicates.py            # 100,000 articles
    .venv/bin/python benchmarks/near_duplicates.py --n 20000  # a quicker run

The corpus (built in memory, deterministic for a given ``--seed``)
------------------------------------------------------------------
ECB+ (../shared/data/ecbplus, 772 real news articles in 35 topics) has far fewer than 100,000 texts, so
the benchmark *recombines* them: every ECB+ document is split into sentences (spaCy sentencizer) and
each topic's sentences form a pool.  An **original** is 10-16 sentences drawn without replacement
from one topic's pool: real news sentences about one event, so originals of the same topic share
names, places and phrasing (a hard case for precision), yet no two originals are copies.  60% of
the ``--n`` articles are originals; the other 40% are **perturbed copies**, one per original for
a random subset of originals.  Each copy gets, at random:

* 1 sentence deleted (and a 2nd with probability 0.5);
* with probability 0.7, 1 sentence of the same topic inserted at a random place;
* with probability 0.7, two sentences swapped (reordering);
* 2-5% of its words changed to another word of the topic's vocabulary (at least one).

Gold pairs are the (original, copy) pairs.  Every article is queried against the ones indexed
before it, then indexed (the online use newsfuse makes of it); a predicted pair is any pair a
method reports.  Articles per second cover shingling, MinHash, LSH and (where done) verification.
Peak memory is each run's growth of resident memory (ru_maxrss minus the RSS when the run starts,
each run in its own forked process, so runs do not share allocations).

Methods, all with the same word shingles (newsfuse.dedup.shingles), num_perm and LSH threshold:

* ``newsfuse NearDuplicateIndex`` — candidates verified by estimated Jaccard >= NEAR_DUP_THRESHOLD,
  signatures in one uint32 array;
* ``datasketch LSH + jaccard`` — MinHash() per text, MinHashLSH, candidates verified with
  ``MinHash.jaccard`` against the kept MinHash objects (the straightforward direct use);
* ``datasketch LSH only`` — the same without verification (the raw candidates).

Then a memory-vs-n check: the newsfuse index on the first n/4, n/2 and n articles.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ecbplus.py

from datasketch import MinHash, MinHashLSH  # noqa: E402

from newsfuse.dedup import (  # noqa: E402
    LSH_THRESHOLD,
    NEAR_DUP_THRESHOLD,
    NUM_PERM,
    NearDuplicateIndex,
    jaccard,
    shingles,
)

ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus"
ORIGINAL_FRACTION = 0.6
Corpus = list[tuple[str, str]]  # (id, text)
Pairs = set[tuple[str, str]]


def _sentences_by_topic() -> dict[int, list[str]]:
    try:
        from ecbplus import load_documents  # benchmarks/ecbplus.py (the ECB+ loader)
    except ImportError as exc:
        sys.exit(f"benchmarks/ecbplus.py (the ECB+ loader, load_documents) is missing: {exc}")
    if not ECBPLUS.is_dir():
        sys.exit(f"ECB+ not found at {ECBPLUS}: clone the project beside ../shared")
    import spacy

    docs = load_documents(ECBPLUS)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    pools: dict[int, list[str]] = {}
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs)):
        for s in parsed.sents:
            text = " ".join(s.text.split())
            if len(text.split()) >= 4:
                pools.setdefault(int(doc.topic), []).append(text)
    return {t: sorted(set(p)) for t, p in sorted(pools.items())}


def build_corpus(n: int, seed: int) -> tuple[Corpus, Pairs]:
    """``n`` articles (originals + perturbed copies, shuffled) and the gold copy pairs."""
    rng = random.Random(seed)
    pools = _sentences_by_topic()
    topics = sorted(pools)
    vocab = {t: sorted({w for s in pools[t] for w in s.split() if w.isalpha()}) for t in topics}
    n_orig = round(n * ORIGINAL_FRACTION)
    originals: list[tuple[int, list[str]]] = []
    for _ in range(n_orig):
        t = rng.choice(topics)
        originals.append((t, rng.sample(pools[t], min(len(pools[t]), rng.randint(10, 16)))))
    corpus: Corpus = [(f"o{i}", " ".join(s)) for i, (_, s) in enumerate(originals)]
    gold: Pairs = set()
    for i in rng.sample(range(n_orig), n - n_orig):
        t, sents = originals[i]
        sents = list(sents)
        for _ in range(1 + (rng.random() < 0.5)):
            del sents[rng.randrange(len(sents))]
        if rng.random() < 0.7:
            sents.insert(rng.randrange(len(sents) + 1), rng.choice(pools[t]))
        if rng.random() < 0.7:
            j = rng.randrange(len(sents) - 1)
            sents[j], sents[j + 1] = sents[j + 1], sents[j]
        toks = " ".join(sents).split(" ")
        for k in rng.sample(range(len(toks)), max(1, round(len(toks) * rng.uniform(0.02, 0.05)))):
            toks[k] = rng.choice(vocab[t])
        corpus.append((f"c{i}", " ".join(toks)))
        gold.add((f"c{i}", f"o{i}"))
    rng.shuffle(corpus)
    return corpus, gold


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_newsfuse(corpus: Corpus) -> Pairs:
    index = NearDuplicateIndex(NEAR_DUP_THRESHOLD, lsh_threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    pairs: Pairs = set()
    for aid, text in corpus:
        sig = index.signature(text)
        for other, _ in index.query_scored(text, sig):
            pairs.add(tuple(sorted((aid, other))))  # type: ignore[arg-type]
        index.insert(aid, text, sig)
    return pairs


def _datasketch(corpus: Corpus, verify: bool) -> Pairs:
    lsh = MinHashLSH(threshold=min(LSH_THRESHOLD, NEAR_DUP_THRESHOLD), num_perm=NUM_PERM)
    kept: dict[str, MinHash] = {}
    pairs: Pairs = set()
    for aid, text in corpus:
        m = MinHash(num_perm=NUM_PERM)
        m.update_batch(shingles(text))
        for other in lsh.query(m):
            if not verify or m.jaccard(kept[other]) >= NEAR_DUP_THRESHOLD:
                pairs.add(tuple(sorted((aid, other))))  # type: ignore[arg-type]
        lsh.insert(aid, m, check_duplication=False)
        if verify:
            kept[aid] = m
    return pairs


def run_datasketch_verified(corpus: Corpus) -> Pairs:
    return _datasketch(corpus, verify=True)


def run_datasketch_raw(corpus: Corpus) -> Pairs:
    return _datasketch(corpus, verify=False)


_CORPUS: Corpus = []  # set in the parent before forking; the child reads it copy-on-write


def _child(name: str, limit: int) -> tuple[Pairs, float, float]:
    fn: Callable[[Corpus], Pairs] = globals()[name]
    corpus = _CORPUS[:limit]
    start_rss = _rss_mb()
    t0 = time.perf_counter()
    pairs = fn(corpus)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return pairs, elapsed, max(peak - start_rss, 0.0)


def measure(name: str, limit: int) -> tuple[Pairs, float, float]:
    """Run ``name`` on the first ``limit`` articles in a fresh forked process."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as ex:
        return ex.submit(_child, name, limit).result()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="articles in the corpus (default 100000)")
    ap.add_argument("--seed", type=int, default=13, help="random seed of the corpus")
    ap.add_argument("--no-scaling", action="store_true", help="skip the memory-vs-n runs")
    args = ap.parse_args()

    t0 = time.perf_counter()
    corpus, gold = build_corpus(args.n, args.seed)
    texts = dict(corpus)
    gold_j = sorted(jaccard(shingles(texts[a]), shingles(texts[b])) for a, b in gold)
    print(f"corpus: {len(corpus):,} articles ({len(corpus) - len(gold):,} originals, {len(gold):,} perturbed copies) "
          f"from ECB+ in {time.perf_counter() - t0:.0f}s, mean {sum(len(t.split()) for _, t in corpus) / len(corpus):.0f} words")
    q = lambda p: gold_j[min(len(gold_j) - 1, int(p * len(gold_j)))]  # noqa: E731
    print(f"exact Jaccard of gold copy pairs: min {gold_j[0]:.2f}, p1 {q(0.01):.2f}, p5 {q(0.05):.2f}, median {q(0.5):.2f}; "
          f"threshold {NEAR_DUP_THRESHOLD}, LSH threshold {min(LSH_THRESHOLD, NEAR_DUP_THRESHOLD)}, num_perm {NUM_PERM}")

    global _CORPUS
    _CORPUS = corpus
    rows = []
    for label, fn in (
        ("newsfuse NearDuplicateIndex", "run_newsfuse"),
        ("datasketch LSH + jaccard", "run_datasketch_verified"),
        ("datasketch LSH only", "run_datasketch_raw"),
    ):
        pairs, secs, mem = measure(fn, len(corpus))
        tp = len(pairs & gold)
        rows.append((label, tp / max(len(gold), 1), tp / max(len(pairs), 1), len(pairs), len(corpus) / secs, secs, mem))
        print(f"  ran {label}: {secs:.0f}s", flush=True)

    print()
    print(f"{'method':30} {'recall':>7} {'precision':>9} {'pairs':>8} {'art/s':>7} {'seconds':>8} {'peak MB':>8}")
    for label, rec, prec, npairs, rate, secs, mem in rows:
        print(f"{label:30} {rec:7.4f} {prec:9.4f} {npairs:8,} {rate:7.0f} {secs:8.1f} {mem:8.0f}")
    nf, ds = rows[0], rows[1]
    print(f"\ntime newsfuse / datasketch (LSH + jaccard): {nf[5] / ds[5]:.2f}x (target <= 1.2x); "
          f"recall {nf[1]:.4f} (target >= 0.95) at precision {nf[2]:.4f} (target >= 0.99)")

    if not args.no_scaling:
        print("\nmemory vs n (newsfuse NearDuplicateIndex):")
        print(f"{'n':>8} {'peak MB':>8} {'KB/article':>10} {'art/s':>7}")
        sizes = [len(corpus) // 4, len(corpus) // 2]
        results = [(m, *measure("run_newsfuse", m)[1:]) for m in sizes] + [(len(corpus), nf[5], nf[6])]
        for m, secs, mem in results:
            print(f"{m:8,} {mem:8.0f} {mem * 1024 / m:10.2f} {m / secs:7.0f}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
