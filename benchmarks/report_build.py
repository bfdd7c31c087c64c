"""Report build time and size: the seeds, and a 500-article story.

    .venv/bin/python benchmarks/report_build.py             # seeds + 500 ECB+ articles, ~10 min on 2 cores
    .venv/bin/python benchmarks/report_build.py --n 100     # a quicker look

Runs ``newsfuse.api.run`` end to end (read, store, dedup, sources, stories, annotation, events,
claims, summary, render) into a fresh store in a temporary folder, twice: the second run on the same
store shows what the per-article annotation cache saves.  The "500-article story" is the ECB+
documents of topics 1-35 written out as .txt files (cycled, with a line added so copies differ);
it is larger than one story ever is in ECB+, which is the point: it times the stages at that size.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecbplus import DEFAULT_ROOT, load_documents  # noqa: E402

from newsfuse.api import run  # noqa: E402
from newsfuse.settings import Settings  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "kabul-2021-08"


def timed(inputs: Path, work: Path) -> list[tuple[str, float, int, int]]:
    rows = []
    work.mkdir(parents=True, exist_ok=True)
    store = work / "store.db"
    for label in ("first run", "re-run (cached)"):
        out = work / label.split()[0]
        t0 = time.perf_counter()
        result = run([inputs], out, Settings(store=store, progress=False))
        secs = time.perf_counter() - t0
        rows.append((label, secs, len(result.report.articles), (out / "report.html").stat().st_size))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=500, help="articles in the large story (default 500)")
    args = ap.parse_args()
    results: list[tuple[str, str, float, int, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if SEEDS.is_dir():
            for label, secs, n, size in timed(SEEDS, tmpdir / "seeds"):
                results.append(("kabul seeds", label, secs, n, size))
        else:
            print(f"seeds not found at {SEEDS}: skipped")
        if DEFAULT_ROOT.is_dir():
            docs = load_documents()
            folder = tmpdir / "ecb"
            folder.mkdir()
            for i in range(args.n):
                d = docs[i % len(docs)]
                (folder / f"{i:04d}.txt").write_text(f"{d.text}\n\nCopy {i}.\n", encoding="utf-8")
            for label, secs, n, size in timed(folder, tmpdir / "ecbrun"):
                results.append((f"{args.n} ECB+ articles", label, secs, n, size))
        else:
            print(f"ECB+ not found at {DEFAULT_ROOT}: skipped")
    print(f"{'input':<20}{'run':<18}{'seconds':>9}{'articles':>10}{'s/article':>11}{'report.html':>13}")
    for inp, label, secs, n, size in results:
        print(f"{inp:<20}{label:<18}{secs:>9.1f}{n:>10}{secs / max(n, 1):>11.2f}{size / 1024:>10.0f} KB")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
