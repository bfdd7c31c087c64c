"""Summary coverage on ECB+ topics 1-35: how much of what many articles report a 100-word summary holds.

Command (from the repository root; about 20 s on 2 cores; with --embed, embeddings cached in /tmp/summary/)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/summary.py            # add --embed to use the embedder

Set-up (stated so the figures can be read):

* **One summary per seminal event** (ECB+ *subtopic*, e.g. ``1ecb`` and ``1ecbplus``: 66 stories from
  ~770 articles), since a summary is of one story.
* **Input sentences** are the sentences ECB+ lists as annotated (``ECBplus_coreference_sentences.csv``):
  only those were read by the annotators, so a sentence outside them has unknown, not zero, content.
  Every system and the oracle choose among exactly these sentences (gold sentence split, one a line).
* **Content units** are the cross-document event chains (``CROSS_DOC_COREF`` instances of ACTION /
  NEG_ACTION mentions; within-document chains and unlinked mentions are not units).  A unit weighs the
  number of articles of the story that mention it.  A sentence covers the chains it holds a mention of;
  a summary's coverage is the total weight of the distinct units its sentences cover.
* **Length**: at most 100 words (runs of letters/digits, as ``newsfuse.synthesize.summary.count_words``
  counts them), whole sentences only.  Ranked baselines take sentences in rank order, skipping those
  that no longer fit.
* **Systems**: newsfuse ``summarize`` (each article its own source: ECB+ articles are from different
  outlets); LexRank and TextRank from ``sumy`` fed our sentence split through a small tokenizer object
  (no NLTK data needed) with sumy's English stop words and Snowball stemmer; a first-sentences baseline
  (the first sentence of each article in turn, then the second, ...); and the **oracle**, the best
  coverage any set of input sentences reaches within 100 words, solved exactly as an integer program
  (``scipy.optimize.milp``, budgeted maximum coverage).
* Printed per system: mean absolute coverage per story, micro ratio (sum of coverage / sum of oracle)
  and macro ratio (mean per-story fraction of the oracle), and for newsfuse the share of summary
  sentences whose text is exactly the cited span (must be 100%).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ecbplus import EcbDoc, load_documents  # noqa: E402

from newsfuse.model import Article  # noqa: E402
from newsfuse.synthesize.summary import count_words, summarize  # noqa: E402

#: Summary length of the benchmark, in words.
LENGTH = 100
CACHE = Path("/tmp/summary")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")


# ---- the data --------------------------------------------------------------------------------


def sentence_offsets(doc: EcbDoc) -> dict[int, tuple[int, int]]:
    """ECB+ sentence number -> (start, end) of its line in ``doc.text``."""
    spans: dict[int, tuple[int, int]] = {}
    for t in doc.tokens:
        s, e = spans.get(t.sentence, (t.start, t.end))
        spans[t.sentence] = (min(s, t.start), max(e, t.end))
    return spans


def story_units(docs: list[EcbDoc]) -> tuple[dict[str, int], dict[tuple[str, int], set[str]]]:
    """Unit weights (chain -> number of articles mentioning it) and (doc, sentence) -> chains."""
    arts_of: dict[str, set[str]] = defaultdict(set)
    covers: dict[tuple[str, int], set[str]] = defaultdict(set)
    for d in docs:
        for m in d.mentions:
            if m.kind != "event" or not m.chain_id or "/intra/" in m.chain_id:
                continue
            if m.sentence not in d.annotated_sentences:
                continue
            arts_of[m.chain_id].add(d.doc_id)
            covers[(d.doc_id, m.sentence)].add(m.chain_id)
    return {c: len(a) for c, a in arts_of.items()}, covers


class Unit:
    """One input sentence of a story."""

    def __init__(self, doc: EcbDoc, number: int, start: int, end: int) -> None:
        self.doc, self.number, self.start, self.end = doc, number, start, end
        self.text = doc.text[start:end]
        self.words = count_words(self.text)


def story_sentences(docs: list[EcbDoc]) -> list[Unit]:
    out = []
    for d in docs:
        offs = sentence_offsets(d)
        for n in sorted(d.annotated_sentences):
            if n in offs:
                out.append(Unit(d, n, *offs[n]))
    return out


def coverage(chosen: list[Unit], weights: dict[str, int], covers) -> int:
    units: set[str] = set()
    for u in chosen:
        units |= covers.get((u.doc.doc_id, u.number), set())
    return sum(weights[c] for c in units)


def fill(ranked: list[Unit], length: int = LENGTH) -> list[Unit]:
    """Sentences in rank order, skipping those that no longer fit the length."""
    out, words, seen = [], 0, set()
    for u in ranked:
        if id(u) in seen:
            continue
        seen.add(id(u))
        if u.words and words + u.words <= length:
            out.append(u)
            words += u.words
    return out


# ---- systems ---------------------------------------------------------------------------------


class CachedEmbedder:
    """An ``Embedder`` stand-in that reads/writes vectors in /tmp/summary (model loaded on a miss)."""

    def __init__(self) -> None:
        self.path = CACHE / "ecb_embeddings.pkl"
        self.store: dict[str, np.ndarray] = pickle.loads(self.path.read_bytes()) if self.path.exists() else {}
        self.model = None
        self.dirty = False

    def encode(self, texts):
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = [t for t, k in zip(texts, keys) if k not in self.store]
        if missing:
            if self.model is None:
                from newsfuse.embed import Embedder

                self.model = Embedder()
            for t, v in zip(missing, self.model.encode(missing)):
                self.store[hashlib.sha1(t.encode()).hexdigest()] = v
            self.dirty = True
        dim = next(iter(self.store.values())).shape[0] if self.store else 384
        return np.array([self.store[k] for k in keys], dtype=np.float32).reshape(len(texts), dim)

    def save(self) -> None:
        if self.dirty:
            CACHE.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps(self.store))


def run_newsfuse(docs: list[EcbDoc], sents: list[Unit], embedder=None) -> tuple[list[Unit], int, int]:
    arts, sentences, by_span = [], defaultdict(list), {}
    for d in docs:
        arts.append(Article(id="e" + hashlib.sha256(d.doc_id.encode()).hexdigest()[:15], text=d.text,
                            origins=(str(d.path),)))
    ids = {d.doc_id: a.id for d, a in zip(docs, arts)}
    for u in sents:
        sentences[ids[u.doc.doc_id]].append((u.start, u.end))
        by_span[(ids[u.doc.doc_id], u.start, u.end)] = u
    text_of = {a.id: a.text for a in arts}
    out = summarize(arts, sentences, {a.id: a.id for a in arts}, max_words=LENGTH, embedder=embedder)
    exact = sum(1 for s in out if s.citations and text_of[s.citations[0].article][
        s.citations[0].start:s.citations[0].end] == s.text)
    return [by_span[(s.citations[0].article, s.citations[0].start, s.citations[0].end)] for s in out], exact, len(out)


class _Tokenizer:
    """sumy's tokenizer protocol over our own split (sumy's default needs NLTK data downloads)."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(line for line in paragraph.split("\n") if line.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_TOKEN.findall(sentence))


def run_sumy(name: str, sents: list[Unit]) -> list[Unit]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tok = _Tokenizer()
    by_doc: dict[str, list[Unit]] = defaultdict(list)
    for u in sents:
        by_doc[u.doc.doc_id].append(u)
    document = ObjectDocumentModel([Paragraph([Sentence(u.text, tok) for u in us]) for us in by_doc.values()])
    summarizer = (LexRankSummarizer if name == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    ranked: list = []
    summarizer(document, lambda infos: ranked.extend(infos) or infos)  # capture the rank order
    first_unit: dict[str, Unit] = {}
    for u in sents:
        first_unit.setdefault(Sentence(u.text, tok)._text, u)
    return fill([first_unit[i.sentence._text] for i in ranked])


def run_lead(sents: list[Unit]) -> list[Unit]:
    by_doc: dict[str, list[Unit]] = defaultdict(list)
    for u in sents:
        by_doc[u.doc.doc_id].append(u)
    order = []
    for k in range(max((len(v) for v in by_doc.values()), default=0)):
        order.extend(v[k] for v in by_doc.values() if k < len(v))
    return fill(order)


def oracle(sents: list[Unit], weights: dict[str, int], covers) -> tuple[int, list[Unit]]:
    """Exact budgeted maximum coverage: max sum w_c y_c  s.t.  sum words_s x_s <= LENGTH,
    y_c <= sum_{s covers c} x_s, x and y binary."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    chains = sorted(weights)
    if not chains:
        return 0, []
    ci = {c: i for i, c in enumerate(chains)}
    n, m = len(sents), len(chains)
    cost = np.concatenate([np.zeros(n), -np.array([weights[c] for c in chains], dtype=float)])
    rows = [np.concatenate([np.array([u.words for u in sents], dtype=float), np.zeros(m)])]
    lo, hi = [-np.inf], [LENGTH]
    link = np.zeros((m, n + m))
    for j, u in enumerate(sents):
        for c in covers.get((u.doc.doc_id, u.number), ()):
            link[ci[c], j] = -1.0
    link[np.arange(m), n + np.arange(m)] = 1.0
    cons = [LinearConstraint(np.array(rows), lo, hi), LinearConstraint(link, -np.inf, 0.0)]
    res = milp(cost, constraints=cons, integrality=np.ones(n + m), bounds=Bounds(0, 1))
    chosen = [sents[j] for j in range(n) if res.x[j] > 0.5]
    return int(round(-res.fun)), chosen


# ---- the run ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--embed", action="store_true", help="pass a (cached) sentence embedder to newsfuse")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    t0 = time.time()
    docs = load_documents()
    stories: dict[str, list[EcbDoc]] = defaultdict(list)
    for d in docs:
        stories[d.gold_story].append(d)
    embedder = CachedEmbedder() if args.embed else None
    systems = ["newsfuse", "lexrank", "textrank", "first sentences", "oracle"]
    score: dict[str, list[int]] = {s: [] for s in systems}
    words: dict[str, list[int]] = {s: [] for s in systems}
    exact = total = 0
    for key in sorted(stories, key=lambda k: (int(re.match(r"\d+", k).group()), k)):
        sdocs = stories[key]
        sents = story_sentences(sdocs)
        weights, covers = story_units(sdocs)
        best, best_set = oracle(sents, weights, covers)
        nf, ex, tot = run_newsfuse(sdocs, sents, embedder)
        exact, total = exact + ex, total + tot
        picks = {"newsfuse": nf, "lexrank": run_sumy("lexrank", sents), "textrank": run_sumy("textrank", sents),
                 "first sentences": run_lead(sents), "oracle": best_set}
        for s in systems:
            score[s].append(coverage(picks[s], weights, covers))
            words[s].append(sum(u.words for u in picks[s]))
        assert score["oracle"][-1] == best and all(w <= LENGTH for ws in words.values() for w in ws[-1:])
    if embedder is not None:
        embedder.save()
    orc = np.array(score["oracle"], dtype=float)
    print(f"ECB+ topics 1-35: {len(stories)} stories (subtopics), {len(docs)} articles, "
          f"summaries of <= {LENGTH} words over the annotated sentences; units = cross-document event chains "
          f"weighted by articles mentioning them")
    print(f"{'system':<16} {'coverage/story':>14} {'micro/oracle':>12} {'macro/oracle':>12} {'words/story':>11}")
    for s in systems:
        sc = np.array(score[s], dtype=float)
        macro = float(np.mean(np.where(orc > 0, sc / np.maximum(orc, 1), 1.0)))
        print(f"{s:<16} {sc.mean():>14.2f} {sc.sum() / orc.sum():>12.3f} {macro:>12.3f} {np.mean(words[s]):>11.1f}")
    print(f"newsfuse summary sentences cited with exact text: {exact}/{total} = {exact / max(total, 1):.1%} "
          f"(embedder: {'yes' if embedder else 'no'}; {time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
