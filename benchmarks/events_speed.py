"""Speed and memory of events + claims + cross-source alignment on 1,000 ECB+ articles.

    .venv/bin/python benchmarks/events_speed.py              # 1,000 articles, ~4-6 min on 2 cores
    .venv/bin/python benchmarks/events_speed.py --n 200      # a quicker look

The texts are the ECB+ documents of topics 1-35 (772; cycled to reach ``--n``: a cycled copy is the same
text under another id, as a wire copy would be), as articles with no publication date.  The run does what
``newsfuse run`` does, stage by stage, and times each: the annotation stage (the parse plus places,
entities, dates, figures, quotes and event mentions), story clustering, near-duplicates, shared passages
and source groups (the grouping the alignment counts independent sources with), then the measured part:

* events: cross-document event coreference (``merge_events``) within each story;
* claims: claim extraction from each article's annotations and events, and claim alignment with
  conflict detection (``extract_claims`` + ``align_claims``) within each story.

Memory: the process's resident set is sampled every 20 ms; the figure is the peak during the measured
part above the resident set when it started (the spaCy model, the embedder and the annotations of all
articles are already loaded then), and the peak of the whole process.  The issue asks for seconds and
peak memory; the annotation stage on the same articles is printed beside them as the reference cost.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecbplus import cycled_articles  # noqa: E402

from newsfuse.align.claims import align_claims  # noqa: E402
from newsfuse.align.events import merge_events  # noqa: E402
from newsfuse.annotate import annotate  # noqa: E402
from newsfuse.annotate.gazetteer import Gazetteer  # noqa: E402
from newsfuse.annotate.places import load_nlp  # noqa: E402
from newsfuse.cluster import cluster_stories  # noqa: E402
from newsfuse.dedup import near_duplicates  # noqa: E402
from newsfuse.embed import Embedder  # noqa: E402
from newsfuse.extract.claims import extract_claims  # noqa: E402
from newsfuse.passages import shared_passages  # noqa: E402
from newsfuse.sources import group_sources  # noqa: E402

PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE_MB


class PeakRss:
    """The highest resident set seen while the block runs (sampled every ``every`` seconds)."""

    def __init__(self, every: float = 0.02) -> None:
        self.every, self.start, self.peak = every, 0.0, 0.0
        self._stop = threading.Event()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss_mb())
            time.sleep(self.every)

    def __enter__(self) -> PeakRss:
        self.start = self.peak = _rss_mb()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="articles (default 1000)")
    args = ap.parse_args()
    articles = cycled_articles(args.n)
    texts = [a.text for a in articles]
    nlp, gaz, embedder = load_nlp(), Gazetteer(), Embedder()
    times: dict[str, float] = {}

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        t0 = time.perf_counter()
        out = fn()
        times[name] = time.perf_counter() - t0
        print(f"  {name:<28}{times[name]:>8.1f} s", file=sys.stderr, flush=True)
        return out

    print(f"{args.n} ECB+ articles: preparing (annotation and grouping) ...", file=sys.stderr, flush=True)
    anns = {a.article: a for a in timed("annotation", lambda: annotate(articles, nlp, gaz))}
    stories = timed("story clustering", lambda: cluster_stories(articles))
    dups = timed("near-duplicates", lambda: near_duplicates(articles))
    by_id = {a.id: a for a in articles}
    passages = timed("shared passages", lambda: tuple(
        p for st in stories for p in shared_passages([by_id[m] for m in st.articles], embedder)))
    sources = timed("source groups", lambda: group_sources(articles, passages, dups))
    source_of = {m: g.id for g in sources for m in g.articles}
    published = {a.id: a.published for a in articles}
    groups = [[by_id[m] for m in st.articles] for st in stories]

    def events() -> list:
        out = []
        for members in groups:
            mentions = [m for a in members for m in anns[a.id].events]
            if mentions:
                out += merge_events(mentions, source_of, published, embedder, texts={a.id: a.text for a in members})
        return out

    def claims() -> list:
        out = []
        for members in groups:
            found = [c for a in members for c in extract_claims(a, anns[a.id], anns[a.id].events)]
            out += align_claims(found, source_of)
        return out

    print("measuring events + claims + alignment ...", file=sys.stderr, flush=True)
    with PeakRss() as mem:
        evs = timed("events (coreference)", events)
        cls = timed("claims (extract + align)", claims)
    measured = times["events (coreference)"] + times["claims (extract + align)"]
    n_mentions = sum(len(a.events) for a in anns.values())
    status = Counter(c.status for c in cls)

    print(f"\n{args.n} ECB+ articles ({sum(len(t) for t in texts) / 1e6:.1f} M chars), {len(stories)} stories, "
          f"{len(sources)} independent sources")
    print(f"{'stage':<52}{'seconds':>9}{'articles/s':>12}")
    for name in ("events (coreference)", "claims (extract + align)"):
        print(f"{name:<52}{times[name]:>9.1f}{args.n / times[name]:>12.1f}")
    print(f"{'events + claims + alignment (measured)':<52}{measured:>9.1f}{args.n / measured:>12.1f}")
    print(f"{'reference: annotation stage, same articles':<52}{times['annotation']:>9.1f}"
          f"{args.n / times['annotation']:>12.1f}")
    grouping = sum(times[k] for k in ("story clustering", "near-duplicates", "shared passages", "source groups"))
    print(f"{'reference: stories, near-dups, passages, sources':<52}{grouping:>9.1f}{args.n / grouping:>12.1f}")
    print(f"peak memory during the measured part: {mem.peak - mem.start:.0f} MB above the {mem.start:.0f} MB "
          f"already resident; process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"found {n_mentions} event mentions -> {len(evs)} events; {len(cls)} claims "
          f"({', '.join(f'{v} {k}' for k, v in sorted(status.items()))})")


if __name__ == "__main__":
    main()
