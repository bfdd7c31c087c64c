"""Shared passages: sentences one article shares with another, verbatim or reworded.

Sentences are found per paragraph with spaCy's rule-based sentencizer; sentences inside noise
marks (captions, trailers, repeats, ...) and very short ones are left out.  Three kinds of reuse
become :class:`~newsfuse.model.PassageLink` s, each holding both sentences' exact spans:

* verbatim — the same words once case, quote marks, punctuation and spacing are folded away;
* near-verbatim (also ``kind="verbatim"``, score < 1) — a few words edited, by rapidfuzz's
  normalised Indel similarity, only on sentence pairs that share a word 4-gram (so the work grows
  with the matches, not with the square of the corpus);
* reworded — the same content in other words: sentence embeddings (:class:`~newsfuse.embed.Embedder`)
  with cosine above :data:`REWORDED_MIN_COSINE`, keeping only pairs that are each other's best
  match between their two articles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.embed import Embedder
from newsfuse.model import Article, PassageLink, Span
from newsfuse.similar import cosine_pairs, near_identical_pairs

#: Sentences with fewer words than this are not linked: "Read more:", a dateline or "He said."
#: say nothing about who copied whom.  (Seeds: the shortest reused sentence, 004's Taliban tweet, has 9.)
MIN_SENTENCE_WORDS = 6

#: rapidfuzz ``fuzz.ratio`` (0-100) on folded sentences at or above which two different sentences
#: count as the same words lightly edited.  Checked on the seeds: edited copies of seed sentences
#: (one or two words changed in a 20-word sentence) score 93-97, while the closest independent
#: sentences about the same fact (002 vs 003 on the Pentagon's 3,000 troops) score below 60.
NEAR_VERBATIM_MIN_RATIO = 90.0

#: Words per gram of the blocking index for near-verbatim candidates (a lightly edited sentence
#: keeps at least one unedited 4-word run).
BLOCK_GRAM_WORDS = 4

#: A 4-gram found in more sentences than this is boilerplate ("according to a security source")
#: and proposes no candidates.
BLOCK_GRAM_MAX_DF = 64

#: Cosine (all-MiniLM-L6-v2) at or above which two sentences of different articles are the same
#: content reworded.  Checked on the seeds: 003/004's reworded AFP sentences score 0.75-0.77 and
#: independent reports of one fact in the same story mostly 0.60-0.74; 0.75 keeps the reworded
#: pairs and (with the mutual-best rule) at most one or two pairs per independent article pair.
REWORDED_MIN_COSINE = 0.75

#: Rows of the similarity matrix computed at once (bounds memory at ~4 MB x corpus sentences / 1000).
SIM_BLOCK_ROWS = 1024

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of one article: its span and its folded words."""

    article: str
    start: int
    end: int
    text: str
    folded: str

    @property
    def span(self) -> Span:
        return Span(self.article, self.start, self.end)


def fold(text: str) -> str:
    """The words of ``text`` with case, quote marks, punctuation and spacing folded away."""
    return " ".join(_WORD.findall(text.casefold()))


def _paragraphs(article: Article) -> list[tuple[int, int]]:
    if article.paragraphs:
        return list(article.paragraphs)
    spans, pos = [], 0
    for line in article.text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def sentences(articles: Sequence[Article]) -> list[Sentence]:
    """The linkable sentences of ``articles`` (outside noise, at least MIN_SENTENCE_WORDS words)."""
    import spacy  # imported here: only passage alignment needs it

    nlp = spacy.blank("xx")  # language-neutral tokenizer: any language, no model download
    nlp.add_pipe("sentencizer")
    jobs = [(art, start, end) for art in articles for start, end in _paragraphs(art)]
    out: list[Sentence] = []
    for (art, p_start, p_end), doc in zip(jobs, nlp.pipe(art.text[s:e] for art, s, e in jobs)):
        for sent in doc.sents:
            raw = sent.text
            lead = len(raw) - len(raw.lstrip())
            start = p_start + sent.start_char + lead
            end = p_start + sent.start_char + len(raw.rstrip())
            if end <= start or any(n.start < end and start < n.end for n in art.noise):
                continue
            folded = fold(art.text[start:end])
            if len(folded.split()) >= MIN_SENTENCE_WORDS:
                out.append(Sentence(art.id, start, end, art.text[start:end], folded))
    return out


def _pair(x: Sentence, y: Sentence) -> tuple[Span, Span]:
    a, b = sorted((x.span, y.span))
    return a, b


def _verbatim(sents: Sequence[Sentence]) -> dict[tuple[int, int], float]:
    """Index pairs (i < j, different articles) of same-words or lightly edited sentences -> score."""
    found: dict[tuple[int, int], float] = {}
    by_fold: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sents):
        by_fold[s.folded].append(i)
    for members in by_fold.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if sents[i].article != sents[j].article:
                    found[(i, j)] = 1.0
    near = near_identical_pairs(
        [s.folded for s in sents], [s.article for s in sents],
        gram_words=BLOCK_GRAM_WORDS, max_df=BLOCK_GRAM_MAX_DF, min_ratio=NEAR_VERBATIM_MIN_RATIO, skip=found,
    )
    found.update({pair: round(score / 100.0, 4) for pair, score in near.items()})
    return found


def _reworded(sents: Sequence[Sentence], embedder: Embedder) -> dict[tuple[int, int], float]:
    """Index pairs (i < j) that are mutual best matches between their articles above the cosine cut."""
    if len(sents) < 2:
        return {}
    vecs = embedder.encode([s.text for s in sents])
    arts = np.array([s.article for s in sents])
    # (sentence, other article) -> (best cosine, best partner); candidates above the cut only.
    best: dict[tuple[int, str], tuple[float, int]] = {}
    cands: list[tuple[int, int, float]] = []
    for i, j, score in cosine_pairs(vecs, REWORDED_MIN_COSINE, SIM_BLOCK_ROWS):
        if arts[i] == arts[j]:
            continue
        key = (i, str(arts[j]))
        if key not in best or (score, -j) > (best[key][0], -best[key][1]):
            best[key] = (score, j)
        if i < j:
            cands.append((i, j, score))
    found: dict[tuple[int, int], float] = {}
    for i, j, score in cands:
        if best[(i, str(arts[j]))][1] == j and best[(j, str(arts[i]))][1] == i:
            found[(i, j)] = round(min(score, 1.0), 4)
    return found


def shared_passages(articles: Sequence[Article], embedder: Embedder | None = None) -> tuple[PassageLink, ...]:
    """Sentence-level links between different articles: verbatim (or lightly edited) and, given an
    ``embedder``, reworded.  Links come out sorted, with ``a`` in the smaller span's article."""
    unique = {a.id: a for a in articles}
    if len(unique) < 2:
        return ()
    sents = sentences([unique[k] for k in sorted(unique)])
    verbatim = _verbatim(sents)
    links = [PassageLink(*_pair(sents[i], sents[j]), kind="verbatim", score=s) for (i, j), s in verbatim.items()]
    if embedder is not None:
        taken = set(verbatim)
        for (i, j), s in _reworded(sents, embedder).items():
            if (i, j) not in taken:
                links.append(PassageLink(*_pair(sents[i], sents[j]), kind="reworded", score=s))
    return tuple(sorted(links, key=lambda l: (l.a, l.b, l.kind)))
