"""A multi-document summary whose every sentence is a source sentence, cited to all its sources.

The summary is *extractive*: each sentence is the exact words of one article sentence
(``SummarySentence.text == article.text[start:end]`` of ``citations[0]``), so nothing is
paraphrased and every word can be checked.  How sentences are chosen:

1. **Candidates** are the given sentence offsets of each article, minus any sentence that
   touches a noise mark (captions, credits, "Read more" trailers, repeats, sub-headings,
   standfirsts), minus sentences that hold one side of a contradicted claim (see 4), and minus
   sentences that cannot stand alone: too short, cut out of a longer quotation, or opening with a
   pronoun or demonstrative that points back ("This isn't a mandatory evacuation.").
2. **Content units.**  Each candidate holds content units: its content-word stems and stem
   bigrams, and the corroborated claims it mentions.  A unit weighs the number of *independent
   sources* (source groups, via ``source_of``) that state it: what many sources say is central,
   and two rewrites of one agency story count once.  Units said by a single source weigh nothing
   when the bundle has several sources.  A corroborated claim is a unit weighing
   :data:`CLAIM_WEIGHT` times its ``independent_sources``.
3. **Selection** maximises the total weight of the units covered under the length budget
   (budgeted maximum coverage, greedy by gain per word ** :data:`LENGTH_EXPONENT`, also
   restarted from the :data:`SEED_TRIES` best-rated sentences, keeping the best run).  A unit counts once, so a second sentence saying the
   same thing gains nothing: the summary is redundancy-aware by construction.
4. **Disagreements are named, not settled.**  For each contradicted claim's conflict, one
   *connective* sentence (``connective=True``) is added whose text is
   :data:`DISAGREEMENT_MARKER` followed only by the two conflicting spans' own words, quoted
   and separated by :data:`SIDE_SEPARATOR`.  The marker is the *only* wording newsfuse adds to
   a summary; the citations are both conflicting spans.  They come on top of the length budget
   (which is for what the sources say), at most :data:`MAX_DISAGREEMENTS` of them, the
   disagreements between the most independent sources first; the report's disagreements panel
   lists every one.
5. **Citations.**  Every extracted sentence cites itself first, then every candidate sentence
   of the other articles that says the same thing: near-identical words (rapidfuzz ratio on
   folded text >= :data:`SAME_WORDS_MIN_RATIO`) or, given an embedder, the same content
   reworded (cosine >= :data:`SAME_CONTENT_MIN_COSINE`).
6. **Order**: by the article's publication date (undated last), then by relative position in
   the article, so the story reads forward; connective sentences close the summary.

Same input, same output, whatever the order of ``articles``: articles are handled in
(publication date, id) order and every tie is broken by (article, offset).

Not done: sentences are never shortened or fused, so a long sentence costs its full length;
a connective sentence quotes only the two conflicting spans, not their whole sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import snowballstemmer
from newsfuse.model import Article, Claim, Conflict, Span, SummarySentence
from newsfuse.similar import cosine_pairs, near_identical_pairs

if TYPE_CHECKING:  # the embedder is optional and passed in; never imported for its own sake
    from newsfuse.embed import Embedder

#: The words newsfuse itself adds to a summary, and nothing else: a connective sentence is this
#: marker followed by the two conflicting spans' own words.
DISAGREEMENT_MARKER = "Sources disagree:"

#: Punctuation (no words) between the two sides of a disagreement.
SIDE_SEPARATOR = " / "

#: Budgeted coverage picks the sentence with the best ``gain / words ** LENGTH_EXPONENT``.
#: Tuned on ECB+ topics 1-35 (benchmarks/summary.py, 100-word summaries of each seminal event):
#: coverage/oracle (micro, plain greedy) 0.911 at 0.3, 0.913 at 0.5, <= 0.905 at 0.7 and 1.0
#: (1.0, pure gain per word, favours short headline fragments; 0.0 long sentences).
LENGTH_EXPONENT = 0.5

#: The greedy selection is also run starting from each of this many best-rated sentences, keeping
#: the run that covers most (partial enumeration).  Tuned on ECB+ topics 1-35: coverage/oracle
#: micro 0.913 -> 0.921 (3 seeds: 0.917, all sentences: 0.917); cost grows linearly with it.
#: (Figures in these comments were measured with spaCy's stop list; the STOP_WORDS below, which
#: spare a summary the spaCy import, give 0.920 micro / 0.931 macro with the settings shipped.)
SEED_TRIES = 10

#: Units (stems, bigrams) stated by fewer independent sources than this weigh nothing when the
#: bundle has at least this many sources (tuned on ECB+ topics 1-35 with the benchmark above:
#: 1 -> 0.906, 2 -> 0.913, 3 -> 0.88 coverage/oracle; a share of the sources, 15-25%, did worse).
MIN_UNIT_SOURCES = 2

#: A unit stated by k independent sources weighs k ** SOURCE_EXPONENT (tuned on ECB+ topics 1-35:
#: 0.5, 1.5 and 2 all did worse than 1; so did adding log mention counts within a source, a bonus
#: for units in each article's lead, and extra weight on capitalised names).
SOURCE_EXPONENT = 1.0

#: Weight of a stem bigram relative to a single stem (tuned on ECB+ topics 1-35: 0 -> 0.911,
#: 0.5 -> 0.905, 1 -> 0.913, 2 -> 0.899 coverage/oracle with the plain greedy).
BIGRAM_WEIGHT = 1.0

#: Weight of a single content stem (the unit of the weights above).
UNIGRAM_WEIGHT = 1.0

#: A corroborated claim weighs this many times its independent sources.  Not tuned (no dev set
#: here has claims, so the ECB+ coverage figure does not depend on it): set so a claim said by k
#: sources outweighs a handful of k-source stem bigrams, which makes sentences holding
#: corroborated claims clearly preferred (3.0 left them out against longer descriptive sentences).
CLAIM_WEIGHT = 10.0

#: rapidfuzz ``fuzz.ratio`` (0-100) on folded text at or above which two sentences are the same
#: words lightly edited and the summary cites both.  Measured on ECB+ topics 1-35 (annotated
#: sentences of different articles in one story): pairs at >= 85 have the same event chains 82% of
#: the time (chain Jaccard 0.93); at >= 70 only 61% (0.81).
SAME_WORDS_MIN_RATIO = 85.0

#: all-MiniLM-L6-v2 cosine at or above which two sentences of different articles say the same
#: thing in other words (cited together).  Measured as SAME_WORDS_MIN_RATIO: pairs at >= 0.95 have
#: the same chains 81% of the time (Jaccard 0.93), at >= 0.90 60% (0.82), at >= 0.85 43% (0.69);
#: 0.95 matches the word-level cut.  (0.85 also cost 0.01 of summary coverage by over-excluding.)
SAME_CONTENT_MIN_COSINE = 0.95

#: Words per gram of the blocking index for near-identical sentences (a lightly edited copy keeps
#: at least one unedited 3-word run).
BLOCK_GRAM_WORDS = 3

#: A word trigram found in more sentences than this is boilerplate and proposes no citation pairs.
BLOCK_GRAM_MAX_SENTENCES = 64

#: Rows of the cosine matrix computed at once (bounds memory at ~1.5 kB x bundle sentences a row).
SIM_BLOCK_ROWS = 1024

#: At most this many "Sources disagree" lines close a summary (the disagreements panel of the
#: report lists all of them): the seeds' four disagreements fit, a story with dozens does not
#: turn its summary into a list of conflicts.
MAX_DISAGREEMENTS = 5

#: Sentences with fewer words than this are not summary material ("He said.", a dateline).
MIN_SENTENCE_WORDS = 4

#: A sentence opening with one of these words points back at something said before it ("He
#: added ...", "This isn't a mandatory evacuation."): out of its article it reads as a riddle,
#: so it is not summary material.  ("It" is left out: "It is estimated that ..." stands alone.)
DANGLING_OPENERS = frozenset("he she they his her their them this that these those such".split())

#: ... but only a short one: a longer sentence opening that way still carries its own content
#: ("They seized Herat on Thursday, officials said").  Measured on ECB+ topics 1-35
#: (benchmarks/summary.py, coverage/oracle micro): no filter 0.920; every such sentence left out
#: 0.912; those under 8 words 0.921, under 12 0.920, under 16 0.917 (still 0.920 with "that" and
#: the pronoun speakers below added).
DANGLING_MAX_WORDS = 12

_WORD = re.compile(r"\w+(?:['’]\w+)*")
#: "..., he added." / "he said": a speaker known only as a pronoun (who is "he" out of context?)
_PRONOUN_SPEAKER = re.compile(r"[,;]\s*(?:he|she|they)\s+(?:said|says|added|adds|told\s+\w+)\W*$", re.IGNORECASE)

#: Function words that carry no content of their own (plus reporting verbs, which every sentence
#: of a news bundle shares); a plain list so a summary needs no NLP package loaded.
STOP_WORDS = frozenset(
    """a about above after again against all almost also although am among an and another any are
    around as at back be became because become been before being below between both but by can
    could did do does doing done down during each either else even ever every few for from further
    get got had has have having he her here hers herself him himself his how however i if in into
    is it its itself just last least less like made make many may me might more most much must my
    myself neither no nor not now of off often on once one only or other others our ours ourselves
    out over own per perhaps rather same several she should since so some such than that the their
    theirs them themselves then there these they this those though through thus to too under until
    up upon us very was we well were what whatever when where whether which while who whom whose
    why will with within without would yet you your yours yourself yourselves
    said says say saying told tells according reported reports
    mr mrs ms s t n't 's""".split()
)
#: The Snowball (Porter 2) English stemmer: "reports"/"reported"/"reporting" are one unit.
_STEMMER = snowballstemmer.stemmer("english")


def count_words(text: str) -> int:
    """Words as the summary budget counts them (runs of letters/digits, apostrophes kept inside)."""
    return len(_WORD.findall(text))


def _stem(word: str) -> str:
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return _STEMMER.stemWord(w)


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


@dataclass(slots=True)
class _Cand:
    index: int
    article: Article
    order: int  # article order (date, id)
    start: int
    end: int
    words: int
    folded: str
    units: set[str] = field(default_factory=set)

    @property
    def span(self) -> Span:
        return Span(self.article.id, self.start, self.end)

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]


def _article_key(a: Article) -> tuple[dt.date, str]:
    return (a.published or dt.date.max, a.id)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _partial_quote(text: str) -> bool:
    """A sentence cut out of a longer quotation (an odd number of double quote marks): out of
    its quote it reads as the writer's words, so it is not summary material."""
    return (text.count('"') + text.count("\u201c") + text.count("\u201d")) % 2 == 1


def _dangling(text: str) -> bool:
    """A short sentence opening with a pronoun or demonstrative, or closing on a pronoun speaker
    ("..., he added."), that needs the sentence before it."""
    if count_words(text) >= DANGLING_MAX_WORDS:
        return False
    first = _WORD.search(text)
    return first is not None and first.group().casefold() in DANGLING_OPENERS or _PRONOUN_SPEAKER.search(text) is not None


def _candidates(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[tuple[int, int]]],
    blocked: Mapping[str, list[tuple[int, int]]],
) -> list[_Cand]:
    out: list[_Cand] = []
    for order, art in enumerate(articles):
        noise = [(n.start, n.end) for n in art.noise]
        seen: set[tuple[int, int]] = set()
        for raw_start, raw_end in sorted({(int(a), int(b)) for a, b in sentences.get(art.id, ())}):
            start, end = max(0, raw_start), min(len(art.text), raw_end)
            if end <= start:
                continue
            piece = art.text[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            if end <= start or (start, end) in seen:
                continue
            seen.add((start, end))
            if _overlaps(start, end, noise) or _overlaps(start, end, blocked.get(art.id, [])):
                continue
            text = art.text[start:end]
            n = count_words(text)
            if n < MIN_SENTENCE_WORDS or _partial_quote(text) or _dangling(text):
                continue
            out.append(_Cand(len(out), art, order, start, end, n, _fold(text)))
    return out


def _content_units(cands: Sequence[_Cand]) -> None:
    stop = STOP_WORDS
    for c in cands:
        toks = [w.casefold() for w in _WORD.findall(c.text)]
        stems = [None if (t in stop or t.isdigit() and len(t) < 2) else _stem(t) for t in toks]
        units = {f"u:{s}" for s in stems if s} if UNIGRAM_WEIGHT else set()
        if BIGRAM_WEIGHT:
            units |= {f"b:{a} {b}" for a, b in zip(stems, stems[1:]) if a and b}
        c.units = units


def _claim_units(cands: Sequence[_Cand], claims: Sequence[Claim]) -> dict[str, float]:
    """Corroborated claims as units: sentence -> claim unit when it holds one of its mentions."""
    weights: dict[str, float] = {}
    by_article: dict[str, list[_Cand]] = defaultdict(list)
    for c in cands:
        by_article[c.article.id].append(c)
    for claim in claims:
        if claim.status != "corroborated":
            continue
        key = f"c:{claim.id}"
        for m in claim.mentions:
            for c in by_article.get(m.article, ()):
                if c.start <= m.start and m.end <= c.end:
                    c.units.add(key)
                    weights[key] = CLAIM_WEIGHT * max(1, claim.independent_sources)
    return weights


def _unit_weights(cands: Sequence[_Cand], source_of: Mapping[str, str]) -> dict[str, float]:
    sources: dict[str, set[str]] = defaultdict(set)
    for c in cands:
        src = source_of.get(c.article.id, c.article.id)
        for u in c.units:
            if not u.startswith("c:"):
                sources[u].add(src)
    n_sources = len({source_of.get(c.article.id, c.article.id) for c in cands})
    floor = min(MIN_UNIT_SOURCES, n_sources)
    if not any(len(srcs) >= floor for srcs in sources.values()):
        floor = 1  # sources that share no content at all: summarise what each says
    weights: dict[str, float] = {}
    for u, srcs in sources.items():
        if len(srcs) >= floor:
            weights[u] = len(srcs) ** SOURCE_EXPONENT * (BIGRAM_WEIGHT if u.startswith("b:") else UNIGRAM_WEIGHT)
    return weights


def _same_groups(cands: Sequence[_Cand], vecs: np.ndarray | None) -> list[list[int]]:
    """For each candidate, the candidates of *other* articles saying the same thing.

    Near-identical words are looked for only among pairs sharing a word trigram (a lightly edited
    copy keeps one), so the work grows with the matches rather than the square of the bundle.
    """
    same: list[set[int]] = [set() for _ in cands]

    def link(i: int, j: int) -> None:
        if cands[i].article.id != cands[j].article.id:
            same[i].add(j)
            same[j].add(i)

    near = near_identical_pairs(
        [c.folded for c in cands], [c.article.id for c in cands],
        gram_words=BLOCK_GRAM_WORDS, max_df=BLOCK_GRAM_MAX_SENTENCES, min_ratio=SAME_WORDS_MIN_RATIO,
    )
    for i, j in near:
        link(i, j)
    if vecs is not None and len(cands) > 1:
        for i, j, _score in cosine_pairs(vecs, SAME_CONTENT_MIN_COSINE, SIM_BLOCK_ROWS):
            if i < j:
                link(i, j)
    return [sorted(s) for s in same]


def _select(
    cands: Sequence[_Cand],
    weights: Mapping[str, float],
    same: Sequence[Sequence[int]],
    max_words: int | None,
    max_sentences: int | None,
) -> list[int]:
    """Budgeted maximum coverage, greedy by gain per word ** LENGTH_EXPONENT (Khuller et al. 1999),
    run once freely and once started from each of the :data:`SEED_TRIES` best-rated sentences;
    the run covering the most weight wins (earliest run on ties), or the best single sentence
    if it alone covers more."""

    def fits(c: _Cand, words: int, count: int) -> bool:
        return (max_words is None or words + c.words <= max_words) and (
            max_sentences is None or count + 1 <= max_sentences
        )

    def gain(c: _Cand, covered: set[str]) -> float:
        return sum(weights.get(u, 0.0) for u in c.units - covered)

    def rate(c: _Cand, covered: set[str]) -> tuple[float, float, int, int]:
        g = gain(c, covered)
        return (g / (c.words**LENGTH_EXPONENT), g, -c.order, -c.start)

    def greedy(first: _Cand | None) -> tuple[float, list[int]]:
        chosen: list[int] = []
        excluded: set[int] = set()
        covered: set[str] = set()
        words = 0
        nxt = first
        while True:
            if nxt is None:
                best: tuple[float, float, int, int] | None = None
                for c in cands:
                    if c.index in excluded or not fits(c, words, len(chosen)):
                        continue
                    key = rate(c, covered)
                    if key[1] > 0 and (best is None or key > best):
                        best, nxt = key, c
                if nxt is None:
                    break
            c, nxt = nxt, None
            chosen.append(c.index)
            words += c.words
            covered |= c.units
            excluded.add(c.index)
            excluded.update(same[c.index])
        return sum(weights.get(u, 0.0) for u in covered), chosen

    fitting = [c for c in cands if fits(c, 0, 0) and gain(c, set()) > 0]
    if not fitting:
        return []
    seeds = sorted(fitting, key=lambda c: rate(c, set()), reverse=True)[:SEED_TRIES]
    best_total, best_chosen = greedy(None)
    for seed in seeds:
        total, chosen = greedy(seed)
        if total > best_total:
            best_total, best_chosen = total, chosen
    top = max(fitting, key=lambda c: (gain(c, set()), -c.order, -c.start))
    if gain(top, set()) > best_total:
        return [top.index]
    return best_chosen


def _connective(conflict: Conflict, arts: Mapping[str, Article]) -> SummarySentence | None:
    sides = []
    for sp in (conflict.mine, conflict.theirs):
        art = arts.get(sp.article)
        if art is None or sp.end > len(art.text):
            return None
        sides.append((sp, art.text[sp.start : sp.end]))
    text = f"{DISAGREEMENT_MARKER} “{sides[0][1].strip()}”{SIDE_SEPARATOR}“{sides[1][1].strip()}”"
    return SummarySentence(text=text, citations=(sides[0][0], sides[1][0]), connective=True)


def summarize(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[tuple[int, int]]],
    source_of: Mapping[str, str],
    claims: Sequence[Claim] = (),
    *,
    max_words: int | None = 120,
    max_sentences: int | None = None,
    embedder: Embedder | None = None,
) -> list[SummarySentence]:
    """A cited extractive summary of ``articles`` (see the module docstring for how it is built).

    ``sentences`` maps article id -> sentence ``(start, end)`` offsets into its text;
    ``source_of`` maps article id -> independent-source group id (an article missing from it is
    its own source).  ``max_words`` / ``max_sentences`` bound the sentences taken from the
    articles (``None``: no bound); the "Sources disagree" lines come on top.
    Every non-connective sentence's text is ``article.text[start:end]`` of its first citation.
    """
    if max_words is not None and max_words < 0 or max_sentences is not None and max_sentences < 0:
        raise ValueError("max_words and max_sentences must be >= 0 (or None for no limit)")
    arts_by_id: dict[str, Article] = {}
    for a in articles:
        arts_by_id.setdefault(a.id, a)
    ordered = sorted(arts_by_id.values(), key=_article_key)
    order_of = {a.id: i for i, a in enumerate(ordered)}

    # Disagreements: one connective sentence per distinct pair of conflicting spans, those
    # between the most independent sources first.
    by_id = {c.id: c for c in claims}
    ranked: list[tuple[int, str, Conflict]] = []
    seen_pairs: set[tuple[Span, Span]] = set()
    for claim in sorted(claims, key=lambda c: c.id):
        if claim.status != "contradicted":
            continue
        for cf in claim.conflicts:
            pair = tuple(sorted((cf.mine, cf.theirs)))
            if pair not in seen_pairs and cf.mine.article in arts_by_id and cf.theirs.article in arts_by_id:
                seen_pairs.add(pair)  # type: ignore[arg-type]
                other = by_id.get(cf.claim)
                weight = claim.independent_sources + (other.independent_sources if other else 1)
                ranked.append((-weight, claim.id, cf))
    conflicts = [cf for _, _, cf in sorted(ranked, key=lambda t: (t[0], t[1]))]
    blocked: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for cf in conflicts:
        for sp in (cf.mine, cf.theirs):
            blocked[sp.article].append((sp.start, sp.end))

    connectives: list[SummarySentence] = []
    for cf in conflicts:
        if len(connectives) == MAX_DISAGREEMENTS:
            break
        s = _connective(cf, arts_by_id)
        if s is not None:
            connectives.append(s)

    cands = _candidates(ordered, sentences, blocked)
    picked: list[int] = []
    same: list[list[int]] = [[] for _ in cands]
    if cands:
        _content_units(cands)
        weights = _unit_weights(cands, source_of)
        weights.update(_claim_units(cands, claims))
        vecs = None if embedder is None else np.asarray(embedder.encode([c.text for c in cands]), dtype=np.float32)
        same = _same_groups(cands, vecs)
        picked = _select(
            cands,
            weights,
            same,
            max_words,
            max_sentences,
        )

    def position(sp: Span) -> tuple[int, float, int]:
        art = arts_by_id[sp.article]
        return (order_of[sp.article], sp.start / max(1, len(art.text)), sp.start)

    def date_pos(sp: Span) -> tuple[dt.date, float, str, int]:
        art = arts_by_id[sp.article]
        return (art.published or dt.date.max, sp.start / max(1, len(art.text)), art.id, sp.start)

    out: list[tuple[tuple, int, SummarySentence]] = []
    for i in picked:
        c = cands[i]
        cites = (c.span,) + tuple(sorted((cands[j].span for j in same[i]), key=position))
        # A sentence holding a claim also cites every other report of that claim.
        held = {m for cl in claims if cl.status != "contradicted" and any(
            m.article == c.span.article and c.span.start <= m.start and m.end <= c.span.end for m in cl.mentions
        ) for m in cl.mentions}
        extra = sorted((m for m in held if not any(m.article == x.article and x.start <= m.start and m.end <= x.end
                                                   for x in cites)), key=position)
        cites += tuple(dict.fromkeys(extra))
        out.append((date_pos(c.span), 0, SummarySentence(text=c.text, citations=cites)))
    for s in connectives:  # disagreements close the summary, in the order of their first side
        out.append(((dt.date.max, 2.0, "", 0) + date_pos(s.citations[0]), 1, s))
    out.sort(key=lambda t: (t[0], t[1], t[2].citations[0]))
    return [s for _, _, s in out]
