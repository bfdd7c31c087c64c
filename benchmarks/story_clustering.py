"""Story clustering on ECB+ (topics 1-35) beside a TF-IDF + agglomerative baseline, and the 10k timing.

Command (from the repository root)::

    .venv/bin/python benchmarks/story_clustering.py            # quality table (~1 min)
    .venv/bin/python benchmarks/story_clustering.py --scale    # + 10,000-article timing and peak memory
    .venv/bin/python benchmarks/story_clustering.py --tune     # + the sweeps the constants were picked from

Gold: one story per seminal event = topic + subtopic (``N_Mecb.xml`` vs ``N_Mecbplus.xml``), 66 stories in
772 documents.  The online clusterer (:class:`newsfuse.cluster.StoryClusterer`) gets the documents one at a
time in a fixed shuffled order (``random.Random(SEED)``); the baseline (scikit-learn
``AgglomerativeClustering``, average linkage, cosine distance over TF-IDF fit on all documents) sees them all
at once.  The baseline's distance threshold is picked on the tuning topics (1-20), the same topics the
clusterer's constants were tuned on; topics 21-35 are held out and reported separately (scores restricted to
their documents).  Metrics: BCubed precision/recall/F1 and pairwise F1 at the subtopic (seminal event) level,
and BCubed F1 at the topic level.  An article the clusterer leaves out (too few words) counts as a singleton.

The 10k timing builds 10,000 synthetic articles from ECB+: for each article, one seminal event is picked
(seeded), and 8-20 sentences are drawn from that event's documents (each sentence kept in its document's
order), so articles share a story's vocabulary without being copies.  Gold = the seminal event the sentences
came from.  It reports seconds and peak RSS growth of the clustering stage (features + online assignment),
measured in a child process so the figure is not polluted by the quality run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ecbplus.py

from ecbplus import DEFAULT_ROOT, EcbDoc, load_documents  # noqa: E402

from newsfuse.cluster import StoryClusterer  # noqa: E402
from newsfuse.model import Article, article_id  # noqa: E402

SEED = 13
TUNE_TOPICS = range(1, 21)
HELD_OUT_TOPICS = range(21, 36)
TUNE_THRESHOLDS = (0.19, 0.21, 0.23, 0.25, 0.27, 0.29)
TUNE_WEIGHTS = ((0.4, 0.4, 0.2), (0.45, 0.35, 0.2), (0.6, 0.4, 0.0))
TUNE_MERGE = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 1.1)
TUNE_IDF_PRIOR = (0, 20, 100, 300, 500, 1000)
TUNE_SPLIT = (0.0, 0.35, 0.38, 0.40, 0.42, 0.45, 0.50)
BASELINE_THRESHOLDS = [round(x, 2) for x in np.arange(0.50, 0.99, 0.02)]


# ---- metrics ------------------------------------------------------------------------------------


def bcubed(pred: dict[str, Hashable], gold: dict[str, Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall, F1 over the items of ``gold``."""
    items = sorted(gold)
    by_pred: dict[Hashable, set[str]] = defaultdict(set)
    by_gold: dict[Hashable, set[str]] = defaultdict(set)
    for i in items:
        by_pred[pred[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        overlap = len(by_pred[pred[i]] & by_gold[gold[i]])
        p += overlap / len(by_pred[pred[i]])
        r += overlap / len(by_gold[gold[i]])
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise_f1(pred: dict[str, Hashable], gold: dict[str, Hashable]) -> float:
    """F1 of same-cluster pairs."""
    def pairs(labels: dict[str, Hashable]) -> set[tuple[str, str]]:
        groups: dict[Hashable, list[str]] = defaultdict(list)
        for i in sorted(gold):
            groups[labels[i]].append(i)
        return {(a, b) for g in groups.values() for k, a in enumerate(g) for b in g[k + 1 :]}

    pp, gp = pairs(pred), pairs(gold)
    if not pp or not gp:
        return 0.0
    tp = len(pp & gp)
    prec, rec = tp / len(pp), tp / len(gp)
    return 2 * prec * rec / (prec + rec) if tp else 0.0


def scores(pred: dict[str, Hashable], docs: Sequence[EcbDoc]) -> dict[str, float]:
    gold = {d.doc_id: d.gold_story for d in docs}
    topic = {d.doc_id: d.topic for d in docs}
    sub = {k: pred[k] for k in gold}
    p, r, f = bcubed(sub, gold)
    return {"B3 P": p, "B3 R": r, "B3 F1": f, "pair F1": pairwise_f1(sub, gold), "topic B3 F1": bcubed(sub, topic)[2]}


# ---- systems -----------------------------------------------------------------------------------


def to_article(doc: EcbDoc) -> Article:
    return Article(id=article_id(doc.text), text=doc.text, origins=(str(doc.path),))


def shuffled(docs: Sequence[EcbDoc], seed: int = SEED) -> list[EcbDoc]:
    order = list(docs)
    random.Random(seed).shuffle(order)
    return order


def run_online(docs: Sequence[EcbDoc], seed: int = SEED, **kwargs: object) -> dict[str, Hashable]:
    """Online clustering in the seeded shuffled order; doc_id -> story id (left-out docs are singletons)."""
    order = shuffled(docs, seed)
    clusterer = StoryClusterer(**kwargs)  # type: ignore[arg-type]
    articles = [to_article(d) for d in order]
    clusterer.add_many(articles)
    # The story each document ends up in (a later article may have merged two stories).
    sids = [clusterer.story_of(a.id) for a in articles]
    return {d.doc_id: (sid if sid is not None else f"alone:{d.doc_id}") for d, sid in zip(order, sids)}


def run_baseline(docs: Sequence[EcbDoc], threshold: float) -> dict[str, Hashable]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([d.text for d in docs]).toarray()
    labels = AgglomerativeClustering(
        n_clusters=None, distance_threshold=threshold, metric="cosine", linkage="average"
    ).fit_predict(x)
    return {d.doc_id: int(lab) for d, lab in zip(docs, labels)}


def pick_baseline_threshold(tune_docs: Sequence[EcbDoc], verbose: bool = False) -> float:
    best = (-1.0, 0.0)
    for t in BASELINE_THRESHOLDS:
        f = scores(run_baseline(tune_docs, t), tune_docs)["B3 F1"]
        if verbose:
            print(f"  baseline distance {t:.2f}: tune B3 F1 {f:.3f}")
        best = max(best, (f, -t))
    return -best[1]


# ---- the 10k timing ---------------------------------------------------------------------------


def synthetic_articles(docs: Sequence[EcbDoc], n: int, seed: int = SEED) -> tuple[list[Article], dict[str, str]]:
    """``n`` articles recombined from the sentences of one seminal event each; (articles, id -> gold)."""
    rng = random.Random(seed)
    pools: dict[str, list[list[str]]] = defaultdict(list)
    for d in docs:
        pools[d.gold_story].append([s for s in d.sentences() if len(s.split()) >= 4])
    events = sorted(pools)
    out: list[Article] = []
    gold: dict[str, str] = {}
    while len(out) < n:
        event = rng.choice(events)
        sentences = [(di, si, s) for di, doc in enumerate(pools[event]) for si, s in enumerate(doc)]
        k = min(len(sentences), rng.randint(8, 20))
        picked = sorted(rng.sample(sentences, k))
        text = "\n".join(s for _, _, s in picked)
        aid = article_id(text)
        if aid in gold:
            continue
        gold[aid] = event
        out.append(Article(id=aid, text=text, origins=(f"synthetic/{len(out):05d}",)))
    return out, gold


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (VmRSS, VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _reset_peak() -> None:
    """Reset the kernel's peak-RSS mark (VmHWM) so the peak covers the clustering stage only."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:  # not Linux, or not allowed: the peak then includes loading ECB+
        pass


#: Share of the --scale articles that are re-publications of another one: half exact copies (another
#: origin, same text), half light edits (one sentence dropped), so the dedup stage has work to do.
SCALE_COPY_SHARE = 0.10


def _scale_child(n: int, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    import gc

    from newsfuse.dedup import collapse_exact, near_duplicates

    docs = load_documents(DEFAULT_ROOT)
    n_copies = int(n * SCALE_COPY_SHARE)
    articles, gold = synthetic_articles(docs, n - n_copies)
    rng = random.Random(SEED + 1)
    planted: set[tuple[str, str]] = set()
    for k, src in enumerate(rng.sample(articles, n_copies)):
        lines = src.text.split("\n")
        if k % 2 == 0 or len(lines) < 3:
            articles.append(Article(id=src.id, text=src.text, origins=(f"copy/{k:05d}",)))
            continue
        del lines[rng.randrange(len(lines))]
        text = "\n".join(lines)
        aid = article_id(text)
        gold[aid] = gold[src.id]
        planted.add((min(aid, src.id), max(aid, src.id)))
        articles.append(Article(id=aid, text=text, origins=(f"edit/{k:05d}",)))
    rng.shuffle(articles)
    del docs
    gc.collect()
    _reset_peak()
    base = _status_mb("VmRSS")
    start = time.perf_counter()
    unique = collapse_exact(articles)
    dups = near_duplicates(unique)
    dedup_seconds = time.perf_counter() - start
    clusterer = StoryClusterer()
    for i in range(0, len(unique), 500):  # arriving in batches, as a feed would deliver them
        clusterer.add_many(unique[i : i + 500])
    stories = clusterer.stories()
    seconds = time.perf_counter() - start
    peak = _status_mb("VmHWM")
    pred = {a.id: (clusterer.story_of(a.id) or a.id) for a in unique}
    p, r, f = bcubed(pred, {a.id: gold[a.id] for a in unique})
    found = {(d.a, d.b) for d in dups}
    recall = len(planted & found) / len(planted) if planted else 1.0
    queue.put((seconds, dedup_seconds, base, peak, len(stories), f, len(articles), len(unique), len(dups), recall))


def scale(n: int) -> None:
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=_scale_child, args=(n, queue))
    proc.start()
    seconds, dedup_seconds, base, peak, n_stories, f, n_in, n_unique, n_dups, recall = queue.get()
    proc.join()
    print(f"\n{n_in:,} synthetic articles (66 seminal events; {SCALE_COPY_SHARE:.0%} re-published: half exact copies, "
          f"half with a sentence dropped): dedup + clustering stage {seconds:.1f} s ({n_in / seconds:,.0f} articles/s; "
          f"dedup {dedup_seconds:.1f} s: {n_unique:,} distinct texts, {n_dups:,} near-duplicate pairs, "
          f"planted edits found {recall:.3f}), peak RSS {peak:.0f} MB ({peak - base:+.0f} MB over the articles in memory), "
          f"{n_stories} stories, BCubed F1 {f:.3f}")


# ---- main --------------------------------------------------------------------------------------


def tune(tune_docs: Sequence[EcbDoc]) -> None:
    """The sweeps behind newsfuse.cluster's JOIN_THRESHOLD, CHANNEL_WEIGHTS, MERGE_THRESHOLD, SPLIT_THRESHOLD and IDF_PRIOR_DOCS:
    mean (std) BCubed F1 on topics 1-20 over 4 shuffled orders (an online clusterer's result depends on the order)."""
    print("online clusterer sweep on topics 1-20, BCubed F1 mean±std over shuffle seeds 1-4:")
    for words, names, numbers in TUNE_WEIGHTS:
        row = []
        for th in TUNE_THRESHOLDS:
            f = [scores(run_online(tune_docs, seed=seed, join_threshold=th,
                                   weights={"words": words, "names": names, "numbers": numbers}), tune_docs)["B3 F1"]
                 for seed in (1, 2, 3, 4)]
            row.append(f"{th:.2f}:{np.mean(f):.3f}±{np.std(f):.3f}")
        print(f"  weights words/names/numbers {words:.2f}/{names:.2f}/{numbers:.2f}  " + "  ".join(row), flush=True)
    row = []
    for merge in TUNE_MERGE:
        f = [scores(run_online(tune_docs, seed=seed, merge_threshold=merge), tune_docs)["B3 F1"] for seed in (1, 2, 3, 4)]
        row.append(f"{merge:.2f}:{np.mean(f):.3f}±{np.std(f):.3f}")
    print("  merge threshold (above 1: never merge)  " + "  ".join(row), flush=True)
    row = []
    for split in TUNE_SPLIT:
        f = [scores(run_online(tune_docs, seed=seed, split_threshold=split), tune_docs)["B3 F1"] for seed in (1, 2, 3, 4)]
        row.append(f"{split:.2f}:{np.mean(f):.3f}±{np.std(f):.3f}")
    print("  split threshold (0: never split)  " + "  ".join(row), flush=True)
    # The IDF prior matters for small batches: each topic alone (~20 documents, two events), and all at once.
    by_topic: dict[int, list[EcbDoc]] = defaultdict(list)
    for d in tune_docs:
        by_topic[d.topic].append(d)
    for prior in TUNE_IDF_PRIOR:
        alone = [np.mean([scores(run_online(ds, seed=seed, idf_prior_docs=prior), ds)["B3 F1"] for ds in by_topic.values()])
                 for seed in (1, 2, 3, 4)]
        together = [scores(run_online(tune_docs, seed=seed, idf_prior_docs=prior), tune_docs)["B3 F1"] for seed in (1, 2, 3, 4)]
        print(f"  IDF prior {prior:>5}: one topic at a time {np.mean(alone):.3f}, topics 1-20 together {np.mean(together):.3f}",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", action="store_true", help="also time the dedup + clustering stage on 10,000 synthetic articles")
    ap.add_argument("--scale-n", type=int, default=10_000)
    ap.add_argument("--tune", action="store_true", help="also print the sweeps the constants came from")
    args = ap.parse_args()
    if not (DEFAULT_ROOT / "ECB+").is_dir():
        sys.exit(f"ECB+ not found at {DEFAULT_ROOT}: clone the project beside ../shared")

    docs = load_documents(DEFAULT_ROOT)
    tune_docs = [d for d in docs if d.topic in TUNE_TOPICS]
    held_docs = [d for d in docs if d.topic in HELD_OUT_TOPICS]
    if args.tune:
        tune(tune_docs)

    start = time.perf_counter()
    online = run_online(docs)
    online_s = time.perf_counter() - start
    threshold = pick_baseline_threshold(tune_docs, verbose=args.tune)
    start = time.perf_counter()
    baseline = run_baseline(docs, threshold)
    baseline_s = time.perf_counter() - start

    print(f"\nECB+ story clustering: {len(docs)} documents, {len({d.gold_story for d in docs})} gold stories "
          f"(topic+subtopic); online order shuffled with seed {SEED}")
    print(f"baseline: TF-IDF + AgglomerativeClustering(average, cosine, distance_threshold={threshold:.2f} "
          f"picked on topics 1-20)\n")
    cols = ["B3 P", "B3 R", "B3 F1", "pair F1", "topic B3 F1"]
    print(f"{'split':<16}{'system':<22}" + "".join(f"{c:>12}" for c in cols) + f"{'stories':>9}")
    for name, split in (("topics 1-35", docs), ("tune 1-20", tune_docs), ("held-out 21-35", held_docs)):
        for system, pred in (("newsfuse online", online), ("tfidf+agglomerative", baseline)):
            s = scores(pred, split)
            n = len({pred[d.doc_id] for d in split})
            print(f"{name:<16}{system:<22}" + "".join(f"{s[c]:>12.3f}" for c in cols) + f"{n:>9}")
    print(f"\n(time: online {online_s:.1f} s, baseline {baseline_s:.1f} s; target: subtopic B3 F1 >= 0.90)")

    if args.scale:
        scale(args.scale_n)


if __name__ == "__main__":
    main()
