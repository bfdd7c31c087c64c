"""Finding sentences that say the same thing: the shared mechanics of passage alignment
(``passages.py``) and the summary's citations (``synthesize/summary.py``).  Each caller keeps its
own thresholds, tuned for its own purpose; only the search lives here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence

import numpy as np
from rapidfuzz import fuzz


def near_identical_pairs(
    folded: Sequence[str],
    owners: Sequence[str],
    *,
    gram_words: int,
    max_df: int,
    min_ratio: float,
    skip: Collection[tuple[int, int]] = (),
) -> dict[tuple[int, int], float]:
    """Index pairs ``(i, j)``, ``i < j``, of texts with different owners (articles) whose
    rapidfuzz ``fuzz.ratio`` (0-100) is at least ``min_ratio`` -> that ratio.

    Only pairs sharing a run of ``gram_words`` words are compared (a lightly edited copy keeps
    one), so the work grows with the matches rather than the square of the input; a run found in
    more than ``max_df`` texts is boilerplate and proposes nothing.  Pairs in ``skip`` are not
    compared (already known).
    """
    grams: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(folded):
        toks = text.split()
        for g in {" ".join(toks[k : k + gram_words]) for k in range(max(1, len(toks) - gram_words + 1))}:
            grams[g].append(i)
    found: dict[tuple[int, int], float] = {}
    checked: set[tuple[int, int]] = set(skip)
    for members in grams.values():
        if len(members) < 2 or len(members) > max_df:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) in checked or owners[i] == owners[j]:
                    continue
                checked.add((i, j))
                score = fuzz.ratio(folded[i], folded[j], score_cutoff=min_ratio)
                if score:
                    found[(i, j)] = score
    return found


def cosine_pairs(vecs: np.ndarray, min_cosine: float, block_rows: int) -> Iterator[tuple[int, int, float]]:
    """Every ``(i, j, cosine)`` with cosine >= ``min_cosine`` between rows of ``vecs`` (unit
    vectors), the diagonal included, row by row; the similarity matrix is computed
    ``block_rows`` rows at a time to bound memory."""
    for lo in range(0, len(vecs), block_rows):
        block = vecs[lo : lo + block_rows] @ vecs.T
        rows, cols = np.nonzero(block >= min_cosine)
        for r, j in zip(rows.tolist(), cols.tolist()):
            yield lo + r, j, float(block[r, j])
