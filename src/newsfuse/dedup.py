"""Exact and near-duplicate articles.

* :func:`collapse_exact` — the same normalised text seen in several places becomes one
  :class:`~newsfuse.model.Article` that keeps every place it was seen.
* :func:`near_duplicates` — the same text re-published with small edits (a sentence cut, a few
  words changed, paragraphs reordered), found with MinHash LSH (datasketch) over word shingles of
  the article's reporting text (noise marks such as captions and trailers are left out), then
  verified by the exact Jaccard similarity of the two shingle sets.
* :class:`NearDuplicateIndex` — the incremental index behind it, usable on its own for large
  corpora (``benchmarks/near_duplicates.py`` runs it on 100,000 articles).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsfuse.model import Article, NearDuplicate

#: Words per shingle.  3-word shingles keep a copy with a few changed words above the threshold
#: (each changed word breaks at most 3 shingles) while distinct reports of one story share almost
#: none (checked on the seeds: the five Kabul reports have pairwise Jaccard <= 0.06 on 3-word
#: shingles; and on ECB+ in benchmarks/near_duplicates.py).
SHINGLE_WORDS = 3

#: Number of MinHash permutations: 128 gives a Jaccard estimate with standard error <= 0.045.
NUM_PERM = 128

#: Seed of the MinHash permutations (fixed: the same text always gets the same signature).
MINHASH_SEED = 1

#: Two texts whose shingle sets have Jaccard similarity at least this are near-duplicates.
#: Tuned with benchmarks/near_duplicates.py on ECB+ texts (n=10,000, seed 13): perturbed copies (1-2
#: sentences deleted, one inserted, two swapped, 2-5% of words changed) have Jaccard median 0.65,
#: 5th percentile 0.53; the most similar non-copies (same-topic ECB+ recombinations that happen to
#: share sentences) reach 0.48.  0.5 sits in that gap.  On the seeds, light edits score 0.85-0.94
#: and distinct reports <= 0.06 (tests/test_dedup.py).
NEAR_DUP_THRESHOLD = 0.5

#: The LSH band/row layout is chosen for this (lower) threshold, so pairs just above
#: NEAR_DUP_THRESHOLD are not lost on the LSH's S-curve; verification then applies the real one.
#: Checked with benchmarks/near_duplicates.py: recall of copy pairs 0.96 at precision 0.9997.
LSH_THRESHOLD = 0.4

#: Texts with fewer words than this are not indexed: a headline or a one-line item has too few
#: shingles for a shared fraction of them to mean copying (two one-line briefs on one event would
#: otherwise "match").
MIN_WORDS = 12

_WORD = re.compile(r"\w+")


def reporting_text(article: Article) -> str:
    """The article's text outside its noise marks (captions, trailers, repeats, ...)."""
    if not article.noise:
        return article.text
    keep: list[str] = []
    pos = 0
    for n in sorted(article.noise):
        if n.start > pos:
            keep.append(article.text[pos : n.start])
        pos = max(pos, n.end)
    keep.append(article.text[pos:])
    return "\n".join(keep)


def words(text: str) -> list[str]:
    """Case-folded word tokens (punctuation, quote marks and spacing ignored)."""
    return _WORD.findall(text.casefold())


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of ``k``-word shingles of ``text`` (UTF-8 encoded, as MinHash wants bytes)."""
    toks = words(text)
    if len(toks) < k:
        return {" ".join(toks).encode("utf-8")} if toks else set()
    return {" ".join(toks[i : i + k]).encode("utf-8") for i in range(len(toks) - k + 1)}


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 when both are empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


class NearDuplicateIndex:
    """An incremental MinHash LSH index of texts, keyed by article id.

    ``insert`` adds one text; ``query`` returns the ids of indexed texts whose estimated Jaccard
    similarity to a text is at least ``threshold``.  Signatures are kept in one growing ``uint32``
    array (``num_perm * 4`` bytes per text), so memory grows linearly with the number of texts.
    """

    def __init__(
        self,
        threshold: float = NEAR_DUP_THRESHOLD,
        *,
        lsh_threshold: float = LSH_THRESHOLD,
        num_perm: int = NUM_PERM,
        shingle_words: int = SHINGLE_WORDS,
        min_words: int = MIN_WORDS,
        seed: int = MINHASH_SEED,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"near-duplicate threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.min_words = min_words
        self._template = MinHash(num_perm=num_perm, seed=seed)
        self._lsh = MinHashLSH(threshold=min(lsh_threshold, threshold), num_perm=num_perm)
        self._rows: dict[str, int] = {}
        self._sigs = np.empty((1024, num_perm), dtype=np.uint32)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._rows

    def signature(self, text: str) -> MinHash | None:
        """The MinHash of ``text``'s shingles, or ``None`` when it is too short to compare."""
        toks = words(text)
        if len(toks) < max(self.min_words, self.shingle_words):
            return None
        k = self.shingle_words
        grams = {" ".join(toks[i : i + k]).encode("utf-8") for i in range(len(toks) - k + 1)}
        m = MinHash(
            num_perm=self.num_perm,
            permutations=self._template.permutations,
            scheme=self._template.scheme,
        )
        m.update_batch(grams)
        return m

    def insert(self, article_id: str, text: str, signature: MinHash | None = None) -> bool:
        """Index ``text`` under ``article_id``; ``False`` (nothing indexed) if it is too short.

        Raises :class:`ValueError` if ``article_id`` is already indexed.
        """
        if article_id in self._rows:
            raise ValueError(f"article {article_id} is already in the near-duplicate index")
        m = signature if signature is not None else self.signature(text)
        if m is None:
            return False
        row = len(self._rows)
        if row == len(self._sigs):
            grown = np.empty((2 * len(self._sigs), self.num_perm), dtype=np.uint32)
            grown[:row] = self._sigs[:row]
            self._sigs = grown
        self._sigs[row] = m.hashvalues
        self._rows[article_id] = row
        self._lsh.insert(article_id, m, check_duplication=False)
        return True

    def candidates(self, text: str, signature: MinHash | None = None) -> list[str]:
        """Ids the LSH proposes for ``text`` (unverified, in no particular order)."""
        m = signature if signature is not None else self.signature(text)
        if m is None or not self._rows:
            return []
        return list(self._lsh.query(m))

    def query_scored(self, text: str, signature: MinHash | None = None) -> tuple[tuple[str, float], ...]:
        """``(id, estimated Jaccard)`` of indexed near-duplicates of ``text``, most similar first."""
        m = signature if signature is not None else self.signature(text)
        if m is None:
            return ()
        found = self.candidates(text, m)
        if not found:
            return ()
        rows = np.fromiter((self._rows[i] for i in found), dtype=np.int64, count=len(found))
        sims = (self._sigs[rows] == m.hashvalues.astype(np.uint32)).mean(axis=1)
        keep = [(i, float(s)) for i, s in zip(found, sims) if s >= self.threshold]
        return tuple(sorted(keep, key=lambda p: (-p[1], p[0])))

    def query(self, text: str) -> tuple[str, ...]:
        """Ids of indexed texts that are near-duplicates of ``text``, most similar first."""
        return tuple(i for i, _ in self.query_scored(text))


def collapse_exact(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Merge articles with the same id (same normalised text) into one that keeps every origin.

    The metadata of the merged article is that of the copy with the smallest origin; articles come
    out ordered by their first origin, so the result does not depend on the input order.
    """
    by_id: dict[str, list[Article]] = {}
    for a in articles:
        by_id.setdefault(a.id, []).append(a)
    merged: list[Article] = []
    for group in by_id.values():
        group.sort(key=lambda a: (a.origins, a.outlet or "", a.url or ""))
        first = group[0]
        merged.append(first.with_origins(*(o for a in group[1:] for o in a.origins)))
    merged.sort(key=lambda a: (a.origins, a.id))
    return tuple(merged)


def near_duplicates(articles: Sequence[Article], *, threshold: float = NEAR_DUP_THRESHOLD) -> tuple[NearDuplicate, ...]:
    """Pairs of distinct articles whose reporting texts are near-duplicates (exact Jaccard >= threshold).

    Each article is checked against those indexed before it, then indexed (online: a later article
    needs no re-indexing of earlier ones).  Pairs come out with ``a < b`` and sorted.
    """
    index = NearDuplicateIndex(threshold)
    texts: dict[str, str] = {}
    found: dict[tuple[str, str], float] = {}
    for art in _unique(articles):
        text = reporting_text(art)
        sig = index.signature(text)
        if sig is None:
            continue
        mine = shingles(text, index.shingle_words)
        for other in index.candidates(text, sig):
            sim = jaccard(mine, shingles(texts[other], index.shingle_words))
            if sim >= threshold:
                a, b = sorted((art.id, other))
                found[(a, b)] = round(sim, 4)
        index.insert(art.id, text, sig)
        texts[art.id] = text
    return tuple(NearDuplicate(a, b, s) for (a, b), s in sorted(found.items()))


def _unique(articles: Iterable[Article]) -> list[Article]:
    """Articles in a deterministic order with one per id (exact copies are not near-duplicates)."""
    seen: dict[str, Article] = {}
    for a in articles:
        seen.setdefault(a.id, a)
    return [seen[k] for k in sorted(seen)]
