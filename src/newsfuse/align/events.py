"""Cross-document event coreference: event mentions from many articles merged into events.

One real event ("Herat fell", "the Taliban captured Herat", "took control of Herat") is reported in
several articles on several days in different words; :func:`merge_events` groups those mentions into
one :class:`~newsfuse.model.Event` and keeps distinct events apart (the fall of Herat vs the fall of
Kandahar: same type, different place; Kandahar contested on Thursday vs taken on Friday: one situation
evolving, two events).

How (every number is a named constant below, with the data it was tuned on):

1. **Cannot-link constraints** (a pair that may never end up in one event): two mentions in the same
   sentence; incompatible event types; places that exclude each other (two different cities, a city
   outside a named province or country); a report about several towns or provinces left unnamed
   (:attr:`~newsfuse.model.EventMention.aggregate`) and a report about one; actors of different
   countries (:attr:`~newsfuse.model.EventMention.actor1_countries`: "UK troops" vs "the US"), or done
   to actors of different countries (:attr:`~newsfuse.model.EventMention.actor2_countries`); dates
   that cannot overlap (a mention's own date, or for an undated mention the days up to its article's
   publication date).
2. **A pair score**: a logistic combination of trigger lemma match (same lemma or stem), a synonym table
   of news-event words, trigger-word, trigger-window (five words either side) and sentence embedding
   similarity (only with an :class:`~newsfuse.embed.Embedder`), the similarity of the trigger as used in
   its sentence (the model's contextual vectors of the trigger's sub-word tokens,
   :meth:`~newsfuse.embed.Embedder.encode_spans`), article context (TF-IDF cosine of the two
   articles' full texts; their event vocabulary; their mean sentence embedding), names shared by the two
   sentences (participants, places, times), lead sentences, actor overlap, same place, same explicit
   date, interactions of the trigger features with article similarity (the same word means the same
   event far more often in similar articles), and a subtype mismatch penalty.  With embeddings the pair
   logit comes from small boosted regression trees over the same features (:data:`PAIR_TREES_FILE`,
   written by ``benchmarks/event_coref.py --fit-trees``); the linear weights remain for the lexical
   setting and when that file is missing.
3. **A singleton stage** (with the trees): most reported acts are told once ("said", a side remark, a
   player's earlier score), and a pair score alone joins too many of them to something.  Small boosted
   trees (:class:`SingletonTrees`, in the same file) read, per mention, how strongly the pair model ties
   it to the others, how many mentions share its word and in how many articles, its best contextual
   similarity to another article's mention, where its sentence sits and which roles it fills
   (:func:`mention_features`), and give the chance it reports an event no other mention does; each pair's
   probability is discounted by both mentions' chances (:func:`discount_singletons`).
4. **Average-linkage agglomerative clustering**: repeatedly join the two clusters whose mean pair
   probability is highest, until no pair of clusters reaches the threshold (the trees' own, or
   :data:`MERGE_THRESHOLD` / :data:`MERGE_THRESHOLD_LEXICAL` with the linear weights); a join is refused
   when any cross pair is a cannot-link.  Mentions are sorted by id first, so ties resolve the same way
   on every run.

The trees, their settings and threshold come from ECB+ topics 1-20 only (two-fold cross-validation over
those topics); the singleton trees from the same topics' out-of-fold pair probabilities (each topic scored
by pair trees fitted on the other half), their discount exponent by the same cross-validation.  The
weights were fitted by logistic regression on mention pairs of ECB+ topics 1-20 (gold mentions, within
topic) and the thresholds swept on the same topics; ``benchmarks/event_coref.py --tune`` prints both fits.
Topics 21-35 are held out.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from newsfuse.extract.taxonomy import (
    AHEAD_MODALITIES, GENERIC_VIOLENCE_LEMMAS, TAKING_SUBTYPES, TERRITORY_SUBTYPES, VIOLENCE_TYPES,
)
from newsfuse.model import DateMention, Event, EventMention, Place

if TYPE_CHECKING:  # pragma: no cover
    from newsfuse.embed import Embedder


class _Encoder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class _SpanEncoder(_Encoder, Protocol):
    """An encoder that also embeds character spans in their context (:meth:`newsfuse.embed.Embedder.encode_spans`):
    one L2-normalised row per ``(text, start, end)``, a zero row when the span has no token.  Optional:
    with a plain :class:`_Encoder` the contextual features are zero."""

    def encode_spans(self, spans: Sequence[tuple[str, int, int]]) -> np.ndarray: ...


# ---- constants --------------------------------------------------------------------------------

#: Pair-score weights (logit space) with embeddings; fitted by logistic regression (C=1.0, balanced
#: classes off) on all within-topic gold event-mention pairs of ECB+ topics 1-20 that pass the
#: cannot-link constraints (``benchmarks/event_coref.py --tune``).
WEIGHTS_EMBEDDING: Mapping[str, float] = {
    "bias": -7.7,
    "lemma": -0.34,
    "synonym": 1.94,
    "trigger_sim": 4.26,
    "window_sim": 3.06,
    "sentence_sim": -2.52,
    "doc_lex": -1.55,
    "doc_sim": 4.1,
    "doc_tfidf": 1.37,
    "name_overlap": 1.74,
    "both_lead": -0.21,
    "actor": 0.7,
    "place": 0.0,  # rarely both present on ECB+; the cannot-link on places does the work
    "date": 0.0,  # idem (ECB+ has no publication dates; few explicit ones)
    "same_article": -1.91,
    "lemma_x_spread": -0.27,
    "lemma_x_tfidf": 4.08,
    "synonym_x_tfidf": 1.22,
    "trigger_x_tfidf": 4.01,
    "window_x_tfidf": -1.13,
    "lemma_x_lead": -0.03,
    "lemma_x_sentence": 0.8,
}

#: The same fit without the embedding features (used when no Embedder is given), ECB+ topics 1-20.
WEIGHTS_LEXICAL: Mapping[str, float] = {
    "bias": -4.45,
    "lemma": 2.24,
    "synonym": 2.6,
    "doc_lex": -1.0,
    "doc_tfidf": 3.51,
    "name_overlap": 1.93,
    "both_lead": -0.26,
    "actor": 1.02,
    "place": 0.0,
    "date": 0.0,
    "same_article": -1.68,
    "lemma_x_spread": -0.27,
    "lemma_x_tfidf": 7.06,
    "synonym_x_tfidf": 1.34,
    "lemma_x_lead": 0.17,
    "lemma_x_doc_lex": 1.38,
    "synonym_x_doc_lex": 1.55,
}

#: Average-linkage stopping threshold on the mean pair probability, with embeddings: swept 0.10-0.55 in
#: steps of 0.05 for the best CoNLL F1 on ECB+ topics 1-20 (gold mentions, gold topics): 78.5 at 0.30.
MERGE_THRESHOLD = 0.3
#: The same sweep for the lexical-only weights, ECB+ topics 1-20: 78.0 at 0.30 (77.7 at 0.25).
MERGE_THRESHOLD_LEXICAL = 0.3

#: Logit penalty when both mentions carry a specific but different subtype.  Not tunable on ECB+ (its
#: gold mentions carry no newsfuse types): set so that a subtype mismatch is outweighed only by an exact
#: lemma match plus strong context, and never by context alone.
SUBTYPE_MISMATCH_PENALTY = 2.0
#: Logit bonus when both mentions carry the same specific subtype (the mirror of the penalty; not
#: tunable on ECB+ either): with it, a synonym trigger of the same subtype ("fell" / "captured") links
#: without further context, while a same-subtype pair with unrelated triggers still does not.
SUBTYPE_MATCH_BONUS = 2.0

#: Words either side of the trigger embedded as its local context ("the Taliban captured Herat on
#: Friday"): 5 was better than 3 on ECB+ topics 1-20.
WINDOW_WORDS = 5
#: A sentence starting within this many characters of the article's start is a lead sentence (ECB+
#: articles: headline and first sentence or two).
LEAD_CHARS = 300

#: Days before its article's publication date an undated mention may lie.  On TempEval-3 (TimeBank +
#: AQUAINT, ../shared/data/tempeval3) 77% of day-valued past TIMEX3s lie within 7 days of the document
#: creation time; the cumulative curve flattens after that.
UNDATED_WINDOW_DAYS = 7

#: Types that say nothing about the event (a generic extractor's or a benchmark's default).
GENERIC_TYPES = frozenset({"", "event", "other", "unknown", "generic"})

#: Date precisions that carry a usable [start, end] interval, most precise first.
_PRECISION_RANK = {"day": 0, "week": 1, "range": 2, "month": 3, "year": 4}

#: Place kinds, most precise first.
_PLACE_RANK = {"city": 0, "admin2": 1, "admin1": 2, "country": 3}

#: News-event words that name the same happening.  Each set is a synonym group; a word may be in
#: several.  Written for news events (conflict, crime, disasters, business, politics, health, sport),
#: checked on ECB+ topics 1-20 (a set was kept when it added more true than false links there).
SYNONYMS: tuple[frozenset[str], ...] = tuple(frozenset(s.split()) for s in (
    "capture seize take overrun overtake conquer fall occupy control",
    "kill slay murder assassinate execute",
    "die death dead perish",
    "shoot gun fire shot",
    "attack assault strike raid hit bomb bombing",
    "fight clash battle combat fighting",
    "arrest detain apprehend nab custody capture",
    "charge indict accuse",
    "convict sentence jail imprison",
    "earthquake quake temblor tremor shake",
    "fire blaze inferno",
    "flood flooding",
    "crash collision collide wreck",
    "explode explosion blast detonate",
    "resign quit step leave",
    "fire sack dismiss oust",
    "hire appoint name",
    "elect election win victory",
    "defeat beat lose loss win",
    "acquire buy purchase acquisition takeover deal",
    "announce unveil reveal declare",
    "release launch introduce unveil",
    "withdraw retreat flee pull evacuate",
    "surrender capitulate yield",
    "injure wound hurt injury",
    "rescue save",
    "rehab rehabilitation treatment",
    "enter check admit",
    "sign agree agreement deal",
    "meet meeting talk talks",
    "protest demonstration rally",
    "hijack hijacking seize",
    "steal rob robbery theft heist",
    "strike walkout",
    "score goal",
    "deploy send dispatch",
))

_SUFFIXES = ("ations", "ation", "ings", "ing", "ments", "ment", "ions", "ion", "ied", "ies", "ed", "es", "s", "e")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_STOP = frozenset("the a an of and or in on at to for by with from his her its their our my your this that "
                  "these those he she it they we you i who which what government officials official forces "
                  "people".split())


def _stem(word: str) -> str:
    """A crude suffix stripper for trigger lemmas ("killing" ~ "kill", "arrested" ~ "arrest")."""
    w = word.lower().strip()
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _content_words(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    return frozenset(w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1)


# ---- features ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """Pairwise feature matrices over ``mentions`` (all ``n x n``), and the cannot-link mask."""

    mentions: tuple[EventMention, ...]
    features: Mapping[str, np.ndarray]
    cannot_link: np.ndarray  # bool
    subtype_mismatch: np.ndarray  # bool
    subtype_match: np.ndarray  # bool


def _trigger_word(m: EventMention, texts: Mapping[str, str] | None) -> str:
    if m.lemma:
        return m.lemma.lower()
    if texts is not None and m.trigger.article in texts:
        return texts[m.trigger.article][m.trigger.start : m.trigger.end].lower()
    return ""


def _sentence_text(m: EventMention, texts: Mapping[str, str] | None) -> str:
    if texts is not None and m.sentence.article in texts:
        text = texts[m.sentence.article][m.sentence.start : m.sentence.end]
        if text.strip():
            return text
    parts = [m.actor1, m.lemma, m.actor2, m.place.name if m.place else None]
    return " ".join(p for p in parts if p)


def _trigger_in_sentence(m: EventMention, texts: Mapping[str, str] | None) -> tuple[str, int, int] | None:
    """``(sentence text, trigger start, trigger end)`` with offsets inside the sentence, or None without
    the article's text (or when the trigger lies outside its sentence span)."""
    if texts is None or m.sentence.article not in texts or m.trigger.article != m.sentence.article:
        return None
    if not (m.sentence.start <= m.trigger.start < m.trigger.end <= m.sentence.end):
        return None
    text = texts[m.sentence.article][m.sentence.start : m.sentence.end]
    return text, m.trigger.start - m.sentence.start, m.trigger.end - m.sentence.start


def _undated_window(published: dt.date) -> tuple[dt.date, dt.date]:
    """The days a report published on ``published`` may speak of when it states no date: the
    :data:`UNDATED_WINDOW_DAYS` days up to its publication."""
    return published - dt.timedelta(days=UNDATED_WINDOW_DAYS), published


#: A report may be written the day before the date it carries: an act it tells of as still to come
#: may be one another paper of that day tells of as done.  Not tuned.
REPORT_LAG_DAYS = 1


def _interval(m: EventMention, published: Mapping[str, dt.date | None]) -> tuple[int, int] | None:
    """The days (ordinals) ``m`` may be about: its date's; else, for an act still to come in a dated
    clause ("announced Thursday that it will send troops"), the :data:`UNDATED_WINDOW_DAYS` days from
    that date; else its report's :func:`_undated_window`, for an act still to come ("will send troops",
    "would be sent if") the :data:`UNDATED_WINDOW_DAYS` days from :data:`REPORT_LAG_DAYS` before its
    publication on, and for one under way ("is deploying troops") both."""
    d = m.date
    if d is not None and d.start is not None and d.end is not None and d.precision in _PRECISION_RANK:
        return d.start.toordinal(), d.end.toordinal()
    nb = m.not_before
    if nb is not None and nb.start is not None and nb.precision in _PRECISION_RANK:
        return nb.start.toordinal(), nb.start.toordinal() + UNDATED_WINDOW_DAYS
    pub = published.get(m.trigger.article)
    if pub is None:
        return None
    lo, hi = _undated_window(pub)
    ahead = m.modality in AHEAD_MODALITIES
    if ahead:
        lo = pub - dt.timedelta(days=REPORT_LAG_DAYS)
    if ahead or m.ongoing:
        hi = pub + dt.timedelta(days=UNDATED_WINDOW_DAYS)
    return lo.toordinal(), hi.toordinal()


def _norm(name: str | None) -> str:
    return " ".join(_WORD.findall((name or "").lower()))


def place_relation(p: Place, q: Place) -> int:
    """1 = the same place, 0 = compatible (one may contain the other), -1 = they exclude each other."""
    if p.geonames_id is not None and p.geonames_id == q.geonames_id:
        return 1
    if _norm(p.name) == _norm(q.name) and p.kind == q.kind:
        return 1
    if p.country_code and q.country_code and p.country_code != q.country_code:
        return -1
    rp, rq = _PLACE_RANK.get(p.kind, 0), _PLACE_RANK.get(q.kind, 0)
    if p.kind == "country" or q.kind == "country":
        return 0 if p.kind != q.kind else -1
    if rp == rq:
        return -1  # two different cities, two different provinces
    inner, outer = (p, q) if rp < rq else (q, p)
    if outer.kind == "admin1":
        return 0 if _norm(inner.admin1) == _norm(outer.name) or _norm(inner.admin1) == _norm(outer.admin1) else -1
    # city vs admin2: containment is not recorded; compatible unless the provinces differ
    return 0 if not (inner.admin1 and outer.admin1) or _norm(inner.admin1) == _norm(outer.admin1) else -1


#: "Ghazni's governor", "the Taliban's fighters": the possessor (capitalised words before 's).
_POSSESSOR = re.compile(r"^(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)['’]s\b")

_NAME = re.compile(r"\b(?:[A-Z][\w'’-]+|\d[\d,.:]*)\b")
_NAME_STOP = frozenset("The A An In On At He She It They We I This That But And Or For Of To As By If When After "
                       "Before While His Her Its Their Our".split())
_TOKEN = re.compile(r"\S+")


def _names(text: str) -> frozenset[str]:
    """Capitalised words and numbers of a sentence: a cheap stand-in for its participants, places, times."""
    return frozenset(w.lower() for w in _NAME.findall(text) if w not in _NAME_STOP)


def _window(m: EventMention, texts: Mapping[str, str] | None) -> str:
    """The trigger with :data:`WINDOW_WORDS` words either side (within its sentence)."""
    if texts is None or m.trigger.article not in texts:
        return ""
    t = texts[m.trigger.article]
    s0, s1 = min(m.sentence.start, m.trigger.start), max(m.sentence.end, m.trigger.end)
    left = _TOKEN.findall(t[s0 : m.trigger.start])[-WINDOW_WORDS:]
    right = _TOKEN.findall(t[m.trigger.end : s1])[:WINDOW_WORDS]
    return " ".join([*left, t[m.trigger.start : m.trigger.end], *right]).strip()


def _doc_tfidf(arts: Sequence[str], texts: Mapping[str, str] | None) -> np.ndarray:
    """Cosine of the articles' TF-IDF vectors (sublinear tf, English stop words, IDF over these articles);
    the identity where texts are missing."""
    sim = np.eye(len(arts))
    have = [k for k, a in enumerate(arts) if texts is not None and (texts.get(a) or "").strip()]
    if len(have) < 2:
        return sim
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([texts[arts[k]] for k in have])  # type: ignore[index]
    except ValueError:  # only stop words
        return sim
    ix = np.array(have)
    sim[np.ix_(ix, ix)] = (x @ x.T).toarray()
    return sim


def _incidence(rows: Sequence[frozenset[str]]) -> np.ndarray:
    """A 0/1 matrix: one row per set of words, one column per distinct word (at least one column)."""
    vocab: dict[str, int] = {}
    for r in rows:
        for w in r:
            vocab.setdefault(w, len(vocab))
    out = np.zeros((len(rows), max(len(vocab), 1)), dtype=float)
    for i, r in enumerate(rows):
        for w in r:
            out[i, vocab[w]] = 1.0
    return out


def _codes(keys: Sequence[object]) -> np.ndarray:
    table: dict[object, int] = {}
    return np.array([table.setdefault(k, len(table)) for k in keys], dtype=np.int64)


def _cos_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    u = m / norms
    return np.clip(u @ u.T, -1.0, 1.0)


def _relative(pair_sim: np.ndarray, aidx: np.ndarray, n_arts: int) -> tuple[np.ndarray, np.ndarray]:
    """Mention-pair matrices of relative article similarity from a mention-pair article similarity:
    sim(a, b) / max(sim(a, c) over c != a), the smaller of the two ways; and log1p of the larger of the
    two neighbour ranks (0 = each is the other's nearest).  Same-article pairs: 1 and 0."""
    n = len(aidx)
    if n == 0:
        return np.zeros((0, 0)), np.zeros((0, 0))
    first = np.full(n_arts, -1, dtype=np.int64)
    for i in range(n - 1, -1, -1):
        first[aidx[i]] = i
    sim = pair_sim[np.ix_(first, first)].astype(float)
    np.fill_diagonal(sim, -np.inf)
    best = sim.max(axis=1) if n_arts > 1 else np.ones(1)
    best = np.where(np.isfinite(best) & (best > 1e-6), best, 1e-6)
    rel = sim / best[:, None]
    rel = np.minimum(rel, rel.T)
    np.fill_diagonal(rel, 1.0)
    order = np.argsort(-sim, axis=1, kind="stable")
    rank = np.empty_like(order)
    rows = np.arange(n_arts)[:, None]
    rank[rows, order] = np.arange(n_arts)[None, :]
    worst = np.log1p(np.maximum(rank, rank.T).astype(float))
    np.fill_diagonal(worst, 0.0)
    return rel[aidx[:, None], aidx[None, :]], worst[aidx[:, None], aidx[None, :]]


def _other_countries(rows: Sequence[tuple[str, ...]]) -> np.ndarray:
    """Pairs where both name countries and share none."""
    nations = _incidence([frozenset(r) for r in rows])
    named = nations.any(axis=1)
    return named[:, None] & named[None, :] & ((nations @ nations.T) == 0)


def pair_features(
    mentions: Sequence[EventMention],
    published: Mapping[str, dt.date | None],
    embedder: _Encoder | _SpanEncoder | None = None,
    *,
    texts: Mapping[str, str] | None = None,
) -> PairFeatures:
    """The pairwise features and constraints :func:`merge_events` clusters on (``mentions`` are used in
    the order given; the benchmark calls this to fit the weights).  The embedding features need
    ``embedder``; the contextual trigger features need it to be a :class:`_SpanEncoder` and ``texts``
    (otherwise they are zero)."""
    ms = tuple(mentions)
    n = len(ms)
    f: dict[str, np.ndarray] = {}
    words = [_trigger_word(m, texts) for m in ms]

    lemma_code = _codes(words)
    stem_code = _codes([_stem(w) for w in words])
    f["lemma"] = ((lemma_code[:, None] == lemma_code[None, :]) | (stem_code[:, None] == stem_code[None, :])).astype(float)
    syn = np.zeros((n, len(SYNONYMS)), dtype=float)
    for i, w in enumerate(words):
        for variant in {w, _stem(w)}:
            for k, group in enumerate(SYNONYMS):
                if variant in group or any(_stem(g) == variant for g in group):
                    syn[i, k] = 1.0
    f["synonym"] = np.where(f["lemma"] > 0, 0.0, ((syn @ syn.T) > 0).astype(float))

    # Actors: any shared content word between the two mentions' actor strings.
    act = _incidence([_content_words(m.actor1) | _content_words(m.actor2) for m in ms])
    f["actor"] = ((act @ act.T) > 0).astype(float)

    # Places: resolved places compared by gazetteer id / containment; unresolved ones by name.  A mention
    # with no place whose actor is a place's possession ("Ghazni's governor fled") takes that place when
    # another mention of these resolved a place of that name.
    by_name: dict[str, Place] = {}
    for m in sorted((m for m in ms if m.place is not None), key=lambda m: _PLACE_RANK.get(m.place.kind, 0)):  # type: ignore[union-attr]
        by_name.setdefault(_norm(m.place.name), m.place)  # type: ignore[union-attr]
    place_keys: list[Place | str | None] = []
    for m in ms:
        if m.place is not None:
            place_keys.append(m.place)
        elif m.place_span is not None and texts is not None and m.place_span.article in texts:
            place_keys.append(_norm(texts[m.place_span.article][m.place_span.start : m.place_span.end]) or None)
        else:
            owner = _POSSESSOR.match(m.actor1 or "")
            place_keys.append(by_name.get(_norm(owner.group(1))) if owner else None)
    uniq: dict[object, int] = {}
    idx = np.array([-1 if k is None else uniq.setdefault(k, len(uniq)) for k in place_keys], dtype=np.int64)
    keys = list(uniq)
    rel = np.zeros((len(keys), len(keys)), dtype=np.int64)
    for a, ka in enumerate(keys):
        for b, kb in enumerate(keys):
            if isinstance(ka, Place) and isinstance(kb, Place):
                rel[a, b] = place_relation(ka, kb)
            elif isinstance(ka, Place) or isinstance(kb, Place):
                name = ka if isinstance(ka, str) else kb
                pl = ka if isinstance(ka, Place) else kb
                rel[a, b] = 1 if _norm(pl.name) == name else 0  # type: ignore[union-attr]
            else:
                rel[a, b] = 1 if ka == kb else 0
    both = (idx[:, None] >= 0) & (idx[None, :] >= 0)
    if keys:
        prel = np.where(both, rel[np.maximum(idx, 0)[:, None], np.maximum(idx, 0)[None, :]], 0)
    else:
        prel = np.zeros((n, n), dtype=np.int64)
    f["place"] = (prel == 1).astype(float)
    place_conflict = prel == -1
    # A report about several towns or provinces left unnamed ("seized more provincial capitals") is not
    # the report of one town's or province's event.
    aggregate = np.array([m.aggregate for m in ms], dtype=bool)
    one_place = np.array([k is not None and not (isinstance(k, Place) and k.kind == "country") for k in place_keys],
                         dtype=bool) & ~aggregate
    several_vs_one = (aggregate[:, None] & one_place[None, :]) | (one_place[:, None] & aggregate[None, :])
    # Actors of different countries do different things: the UK's deployment is not the US's, the
    # Afghan forces' withdrawal not the US withdrawal ("the US and the UK" shares a country with both).
    # So do acts done to different countries' actors: support for Afghan forces is not support for the
    # US embassy.
    other_nations = (_other_countries([m.actor1_countries for m in ms])
                     | _other_countries([m.actor2_countries for m in ms]))

    # Dates: explicit dates that agree; any two intervals that cannot overlap.
    lo = np.full(n, np.nan)
    hi = np.full(n, np.nan)
    explicit = np.zeros(n, dtype=bool)
    for i, m in enumerate(ms):
        iv = _interval(m, published)
        if iv is not None:
            lo[i], hi[i] = iv
            explicit[i] = m.date is not None and m.date.start is not None and m.date.precision in _PRECISION_RANK
    known = ~np.isnan(lo)
    kk = known[:, None] & known[None, :]
    with np.errstate(invalid="ignore"):
        disjoint = kk & ((lo[:, None] > hi[None, :]) | (lo[None, :] > hi[:, None]))
    f["date"] = (explicit[:, None] & explicit[None, :] & ~disjoint).astype(float)

    # Types: a specific type differing is a cannot-link; a specific subtype differing a penalty.
    def specific(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
        codes = _codes([v.lower() for v in values])
        spec = np.array([v.lower() not in GENERIC_TYPES for v in values])
        return codes, spec

    # ACLED's kinds of violence are one family: "the attack", "the car bomb exploded" and "killing 12" may
    # tell one incident.  Across the family the sub-types differ (a penalty), unless one mention's word
    # names violence of no kind in particular ("attack", "killed"): then neither penalty nor bonus.
    tc, ts = specific([m.type for m in ms])
    violent = np.array([m.type in VIOLENCE_TYPES for m in ms], dtype=bool)
    type_conflict = ts[:, None] & ts[None, :] & (tc[:, None] != tc[None, :]) & ~(violent[:, None] & violent[None, :])
    sc, ss = specific([m.subtype for m in ms])
    vague = violent & np.array([m.lemma.lower() in GENERIC_VIOLENCE_LEMMAS for m in ms], dtype=bool)
    either_vague = (vague[:, None] | vague[None, :]) & violent[:, None] & violent[None, :]
    subtype_mismatch = ss[:, None] & ss[None, :] & (sc[:, None] != sc[None, :]) & ~either_vague
    subtype_match = ss[:, None] & ss[None, :] & (sc[:, None] == sc[None, :])

    # Article context: the two articles' event vocabularies (lemma counts over the mentions given).
    arts = sorted({m.trigger.article for m in ms})
    art_ix = {a: k for k, a in enumerate(arts)}
    aidx = np.array([art_ix[m.trigger.article] for m in ms], dtype=np.int64)
    lem_vocab = {w: k for k, w in enumerate(sorted({_stem(w) for w in words}))}
    bag = np.zeros((len(arts), max(len(lem_vocab), 1)))
    for m, w in zip(ms, words):
        bag[art_ix[m.trigger.article], lem_vocab[_stem(w)]] += 1.0
    f["doc_lex"] = _cos_rows(bag)[aidx[:, None], aidx[None, :]] if n else np.zeros((0, 0))
    f["same_article"] = (aidx[:, None] == aidx[None, :]).astype(float)
    f["doc_tfidf"] = _doc_tfidf(arts, texts)[aidx[:, None], aidx[None, :]] if n else np.zeros((0, 0))

    # Participants, places, times named in the two sentences: capitalised words and numbers shared.
    nmat = _incidence([_names(_sentence_text(m, texts)) for m in ms])
    inter = nmat @ nmat.T
    size = nmat.sum(axis=1)
    union = size[:, None] + size[None, :] - inter
    f["name_overlap"] = np.where(union > 0, inter / np.maximum(union, 1.0), 0.0)

    # Lead sentences report an article's main event; a trigger word found in many of the articles is
    # the story's event rather than a side remark.
    off = np.array([m.sentence.start for m in ms], dtype=float)
    lead = off < LEAD_CHARS
    f["both_lead"] = (lead[:, None] & lead[None, :]).astype(float)
    df = Counter(w for w, _a in {(_stem(w), m.trigger.article) for m, w in zip(ms, words)})
    share = np.array([df[_stem(w)] / len(arts) for w in words]) if n else np.zeros(0)
    f["lemma_x_spread"] = f["lemma"] * np.minimum(share[:, None], share[None, :])

    if embedder is not None and n:
        trig = embedder.encode([w or "event" for w in words])
        sent_texts = [_sentence_text(m, texts) or (w or "event") for m, w in zip(ms, words)]
        sent = embedder.encode(sent_texts)
        f["trigger_sim"] = np.asarray(trig @ trig.T, dtype=float)
        win = embedder.encode([_window(m, texts) or (w or "event") for m, w in zip(ms, words)])
        f["window_sim"] = np.asarray(win @ win.T, dtype=float)
        f["sentence_sim"] = np.asarray(sent @ sent.T, dtype=float)
        docvec = np.zeros((len(arts), sent.shape[1]))
        for i in range(n):
            docvec[aidx[i]] += sent[i]
        f["doc_sim"] = _cos_rows(docvec)[aidx[:, None], aidx[None, :]]
    else:
        for k in ("trigger_sim", "window_sim", "sentence_sim", "doc_sim"):
            f[k] = np.zeros((n, n))
    # The trigger as used in its sentence (contextual token vectors), when the encoder can embed spans.
    f["trigger_ctx_sim"] = np.zeros((n, n))
    encode_spans = getattr(embedder, "encode_spans", None)
    if callable(encode_spans) and n:
        where = [_trigger_in_sentence(m, texts) for m in ms]
        have = [i for i, x in enumerate(where) if x is not None]
        if have:
            vecs = np.asarray(encode_spans([where[i] for i in have]), dtype=float)
            ctx = np.zeros((n, vecs.shape[1]))
            ctx[have] = vecs
            f["trigger_ctx_sim"] = np.clip(ctx @ ctx.T, -1.0, 1.0)

    # Relative article similarity: how near each article of the pair is to the other compared with its
    # nearest other article (a ratio, and the worse of the two neighbour ranks, log1p), so that a topic
    # of many alike articles and a story of few both read the same way.
    for key in ("doc_tfidf", "doc_sim"):
        rel, rank = _relative(f[key], aidx, len(arts))
        f[key + "_rel"], f[key + "_rank"] = rel, rank

    # Interactions: the same word means the same event far more often inside similar articles.
    f["lemma_x_doc"] = f["lemma"] * f["doc_sim"]
    f["lemma_x_tfidf"] = f["lemma"] * f["doc_tfidf"]
    f["synonym_x_tfidf"] = f["synonym"] * f["doc_tfidf"]
    f["trigger_x_tfidf"] = f["trigger_sim"] * f["doc_tfidf"]
    f["window_x_tfidf"] = f["window_sim"] * f["doc_tfidf"]
    f["trigger_ctx_x_tfidf"] = f["trigger_ctx_sim"] * f["doc_tfidf"]
    f["lemma_x_lead"] = f["lemma"] * f["both_lead"]
    f["trigger_x_doc"] = f["trigger_sim"] * f["doc_sim"]
    f["lemma_x_sentence"] = f["lemma"] * f["sentence_sim"]
    f["lemma_x_doc_lex"] = f["lemma"] * f["doc_lex"]
    f["synonym_x_doc_lex"] = f["synonym"] * f["doc_lex"]

    sent_code = _codes([(m.sentence.article, m.sentence.start, m.sentence.end) for m in ms])
    same_sentence = (sent_code[:, None] == sent_code[None, :]) & ~np.eye(n, dtype=bool)
    # One sentence tells two acts, except when one subject does one kind of act in two verbs ("soldiers
    # withdrew from Herat ... and retreated to a barracks": the one withdrawal).
    subject_code = _codes([m.actor1_span for m in ms])
    has_subject = np.array([m.actor1_span is not None for m in ms], dtype=bool)
    told_twice = has_subject[:, None] & (subject_code[:, None] == subject_code[None, :]) & subtype_match
    cannot = (same_sentence & ~told_twice) | type_conflict | place_conflict | several_vs_one | other_nations | disjoint
    return PairFeatures(ms, f, cannot, subtype_mismatch, subtype_match)


def pair_probabilities(pf: PairFeatures, weights: Mapping[str, float]) -> np.ndarray:
    """Pair probabilities (sigmoid of the weighted features) with the subtype penalty applied."""
    n = len(pf.mentions)
    logit = np.full((n, n), float(weights.get("bias", 0.0)))
    for name, w in weights.items():
        if name != "bias" and w:
            logit += w * pf.features[name]
    return _with_subtypes(logit, pf)


def _with_subtypes(logit: np.ndarray, pf: PairFeatures) -> np.ndarray:
    """Pair probabilities from pair logits, after the subtype mismatch penalty and match bonus."""
    logit = logit - SUBTYPE_MISMATCH_PENALTY * pf.subtype_mismatch + SUBTYPE_MATCH_BONUS * pf.subtype_match
    return 1.0 / (1.0 + np.exp(-logit))


#: The boosted pair model (used with embeddings): regression trees over the :func:`pair_features`
#: features, written by ``benchmarks/event_coref.py --fit-trees`` from ECB+ topics 1-20 only (gold
#: mentions, within-topic pairs that pass the cannot-link constraints; scikit-learn's
#: HistGradientBoostingClassifier with a fixed random_state; its settings and threshold chosen by two-fold
#: cross-validation over those topics), and its singleton stage (:class:`SingletonTrees`).  Read lazily;
#: None when the file is missing.
PAIR_TREES_FILE = Path(__file__).with_name("event_pair_trees.json")


@dataclass(frozen=True, slots=True)
class Trees:
    """A sum of regression trees giving a logit: ``baseline + sum(tree(x))``.  Node arrays per tree
    (``feature`` -1 marks a leaf); a row goes left when its feature value is <= the node's threshold."""

    features: tuple[str, ...]
    baseline: float
    trees: tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray], ...]

    @staticmethod
    def _parse(data: Mapping[str, object]) -> tuple[tuple[str, ...], float, tuple]:  # type: ignore[type-arg]
        trees = tuple(
            (np.asarray(t["feature"], dtype=np.int64), np.asarray(t["threshold"], dtype=float),
             np.asarray(t["left"], dtype=np.int64), np.asarray(t["right"], dtype=np.int64),
             np.asarray(t["value"], dtype=float))
            for t in data["trees"]  # type: ignore[union-attr]
        )
        return tuple(data["features"]), float(data["baseline"]), trees  # type: ignore[arg-type]

    def logit(self, x: np.ndarray) -> np.ndarray:
        """Logits for the rows of ``x`` (columns in :attr:`features` order)."""
        out = np.full(x.shape[0], self.baseline)
        rows = np.arange(x.shape[0])
        for feat, thr, left, right, value in self.trees:
            node = np.zeros(x.shape[0], dtype=np.int64)
            while True:
                f = feat[node]
                inner = f >= 0
                if not inner.any():
                    break
                go_left = x[rows, np.maximum(f, 0)] <= thr[node]
                node = np.where(inner, np.where(go_left, left[node], right[node]), node)
            out += value[node]
        return out


@dataclass(frozen=True, slots=True)
class SingletonTrees(Trees):
    """How likely a mention is to report an event no other mention of the block reports (a singleton),
    from :func:`mention_features`; a pair's probability is discounted by ``((1 - s_a)(1 - s_b)) **
    (exponent / 2)``, so a mention that reads as a side remark joins an event only on strong evidence."""

    exponent: float = 1.0

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> SingletonTrees:
        return cls(*cls._parse(data), exponent=float(data.get("exponent", 1.0)))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class PairTrees(Trees):
    """The boosted pair model: pair logits from :func:`pair_features`, the clustering ``threshold``, the
    fit's ``settings`` (max_leaf_nodes, min_samples_leaf, max_iter, learning_rate) and, when fitted, the
    :class:`SingletonTrees` applied before clustering."""

    threshold: float = 0.5
    settings: tuple[float, ...] = ()
    singleton: SingletonTrees | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> PairTrees:
        single = data.get("singleton")
        return cls(*cls._parse(data), threshold=float(data["threshold"]),  # type: ignore[arg-type]
                   settings=tuple(float(x) for x in data.get("settings") or ()),  # type: ignore[union-attr]
                   singleton=SingletonTrees.from_json(single) if isinstance(single, Mapping) else None)


@functools.cache
def pair_trees() -> PairTrees | None:
    """The shipped :class:`PairTrees` (read once), or None when :data:`PAIR_TREES_FILE` is absent."""
    try:
        data = json.loads(PAIR_TREES_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return PairTrees.from_json(data)


def tree_probabilities(pf: PairFeatures, trees: PairTrees) -> np.ndarray:
    """Pair probabilities from :class:`PairTrees` (symmetric; cannot-link pairs are not scored), with the
    subtype penalty and bonus applied in logit space as in :func:`pair_probabilities`, then discounted by
    the trees' singleton stage when they have one and the mentions come from more than one article (the
    stage reads how a mention is tied to other articles' mentions, and learnt from blocks of many
    articles: in a single article it would only split what the pair model joins)."""
    prob = _pair_tree_probabilities(pf, trees)
    if trees.singleton is None or len({m.trigger.article for m in pf.mentions}) < 2:
        return prob
    return discount_singletons(prob, pf, trees.singleton)


def _pair_tree_probabilities(pf: PairFeatures, trees: PairTrees) -> np.ndarray:
    n = len(pf.mentions)
    logit = np.full((n, n), -30.0)
    iu = np.triu_indices(n, 1)
    ok = ~pf.cannot_link[iu]
    a, b = iu[0][ok], iu[1][ok]
    if len(a):
        x = np.stack([pf.features[k][a, b] for k in trees.features], axis=1)
        lg = trees.logit(x)
        logit[a, b] = lg
        logit[b, a] = lg
    return _with_subtypes(logit, pf)


#: The per-mention features :class:`SingletonTrees` read (:func:`mention_features`, in this order).
MENTION_FEATURES = (
    "best_pair", "best_other_article", "best_same_article", "top3_pairs", "likely_pairs",
    "likely_other_article", "same_word", "same_word_other_article", "same_word_article_share",
    "best_trigger_ctx_other_article", "best_window_other_article", "sentence_offset_log", "article_mentions",
    "has_actor1", "has_actor2", "has_place", "has_date", "trigger_chars",
)


def mention_features(pf: PairFeatures, prob: np.ndarray) -> np.ndarray:
    """Per mention (rows, :data:`MENTION_FEATURES` columns): how strongly the pair model ties it to the
    other mentions (best pair probability overall, to other articles and to its own; the sum of its three
    best; how many pairs pass 0.5), how many mentions share its word (and in how many other articles),
    its best contextual-trigger and window similarity to another article's mention, where its sentence
    sits in the article, how busy its article is, and which roles it fills."""
    ms = pf.mentions
    n = len(ms)
    if n == 0:
        return np.zeros((0, len(MENTION_FEATURES)))
    p = np.where(pf.cannot_link, 0.0, prob)
    np.fill_diagonal(p, 0.0)
    same = pf.features["same_article"] > 0
    np.fill_diagonal(same, True)
    other = np.where(same, 0.0, p)
    own = np.where(same, p, 0.0)
    top = -np.sort(-p, axis=1)[:, :3]
    word = pf.features["lemma"] > 0
    np.fill_diagonal(word, False)
    arts = [m.trigger.article for m in ms]
    n_arts = len(set(arts))
    share = np.array([len({arts[j] for j in np.nonzero(word[i])[0]} - {arts[i]}) for i in range(n)]) / max(n_arts - 1, 1)
    ctx = np.where(same, -1.0, pf.features["trigger_ctx_sim"])
    win = np.where(same, -1.0, pf.features["window_sim"])
    per_article = Counter(arts)
    return np.column_stack([
        p.max(axis=1), other.max(axis=1), own.max(axis=1), top.sum(axis=1), (p > 0.5).sum(axis=1),
        (other > 0.5).sum(axis=1), word.sum(axis=1), (word & ~same).sum(axis=1), share,
        ctx.max(axis=1), win.max(axis=1), np.log1p([m.sentence.start for m in ms]),
        [per_article[a] for a in arts],
        [m.actor1 is not None for m in ms], [m.actor2 is not None for m in ms],
        [m.place is not None or m.place_span is not None for m in ms], [m.date is not None for m in ms],
        [m.trigger.end - m.trigger.start for m in ms],
    ]).astype(float)


def discount_singletons(prob: np.ndarray, pf: PairFeatures, model: SingletonTrees) -> np.ndarray:
    """``prob`` with each pair discounted by how likely its two mentions are singletons
    (:class:`SingletonTrees`)."""
    if prob.shape[0] == 0:
        return prob
    x = mention_features(pf, prob)[:, [MENTION_FEATURES.index(k) for k in model.features]]
    keep = (1.0 - 1.0 / (1.0 + np.exp(-model.logit(x)))) ** (model.exponent / 2.0)
    return prob * keep[:, None] * keep[None, :]


def agglomerate(prob: np.ndarray, cannot: np.ndarray, threshold: float) -> list[list[int]]:
    """Average-linkage clustering of ``n`` items: join the best pair of clusters while their mean pair
    probability reaches ``threshold`` and no cross pair is a cannot-link.  Deterministic: ties go to
    the lowest index pair.  Returns clusters (lists of indices, ascending), ordered by first index."""
    n = prob.shape[0]
    if n == 0:
        return []
    # Only items joined by a candidate edge can ever share a cluster: cluster each component alone.
    edge = (prob >= threshold) & ~cannot
    np.fill_diagonal(edge, False)
    comp = _components(edge)
    clusters: list[list[int]] = []
    for members in comp:
        if len(members) == 1:
            clusters.append(members)
            continue
        ix = np.array(members)
        sim = prob[np.ix_(ix, ix)].astype(float).copy()
        sim[cannot[np.ix_(ix, ix)]] = -np.inf
        np.fill_diagonal(sim, -np.inf)
        groups: list[list[int] | None] = [[int(i)] for i in ix]
        sizes = np.ones(len(ix))
        while True:
            flat = int(np.argmax(sim))
            a, b = divmod(flat, len(ix))
            if not np.isfinite(sim[a, b]) or sim[a, b] < threshold:
                break
            a, b = min(a, b), max(a, b)
            row = (sizes[a] * sim[a] + sizes[b] * sim[b]) / (sizes[a] + sizes[b])
            row[np.isneginf(sim[a]) | np.isneginf(sim[b])] = -np.inf
            sim[a], sim[:, a] = row, row
            sim[b, :], sim[:, b] = -np.inf, -np.inf
            sim[a, a] = -np.inf
            sizes[a] += sizes[b]
            groups[a] = groups[a] + groups[b]  # type: ignore[operator]
            groups[b] = None
        clusters.extend(sorted(g) for g in groups if g is not None)
    return sorted(clusters, key=lambda c: c[0])


def _components(edge: np.ndarray) -> list[list[int]]:
    n = edge.shape[0]
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(*np.nonzero(np.triu(edge, 1))):
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(find(i), []).append(i)
    return sorted(out.values(), key=lambda c: c[0])


# ---- events -----------------------------------------------------------------------------------


def _mention_key(m: EventMention) -> tuple[object, ...]:
    return (m.id, m.trigger.article, m.trigger.start, m.trigger.end)


def _majority(values: Sequence[str]) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))


def _best_place(ms: Sequence[EventMention]) -> Place | None:
    places = [m.place for m in ms if m.place is not None]
    if not places:
        return None
    best = min(_PLACE_RANK.get(p.kind, 0) for p in places)
    top = [p for p in places if _PLACE_RANK.get(p.kind, 0) == best]
    counts = Counter(top)
    return min(counts, key=lambda p: (-counts[p], p.geonames_id or 0, p.name))


_JOINT = re.compile(r"\s(?:and|&)\s")  # "the US and the UK": a joint actor


def _best_actor(values: Sequence[str | None]) -> str | None:
    """The actor the most reports name, alone or as one party of a joint actor ("the US" is named by "the
    US and the UK" too, "forces" is not named by "Afghan forces"); then the name used most often as it
    stands; then the first in alphabetical order."""
    vals = [v.strip() for v in values if v and v.strip()]
    if not vals:
        return None
    counts = Counter(vals)
    words = {v: _content_words(v) for v in counts}
    joint = [words[u] for u in vals if _JOINT.search(u)]
    named = {v: counts[v] + sum(1 for w in joint if words[v] and words[v] < w) for v in counts}
    return min(counts, key=lambda v: (-named[v], -counts[v], v))


def _best_date(ms: Sequence[EventMention]) -> DateMention | None:
    dated = [m.date for m in ms if m.date is not None and m.date.start is not None and m.date.end is not None
             and m.date.precision in _PRECISION_RANK]
    if not dated:
        return None
    best = min(_PRECISION_RANK[d.precision] for d in dated)
    top = [d for d in dated if _PRECISION_RANK[d.precision] == best]
    counts = Counter((d.start, d.end) for d in top)
    start, end = min(counts, key=lambda k: (-counts[k], k))
    return next(d for d in top if (d.start, d.end) == (start, end))


_MODALITY_ORDER = ("asserted", "negated", "hypothetical", "future", "uncertain")


#: Modalities of an event that happened, as far as its reports say (an event that will, could or did
#: not happen has no date to take from its reports).
_PAST_MODALITIES = frozenset({"asserted", "uncertain"})


def _reported_window(ms: Sequence[EventMention], published: Mapping[str, dt.date | None]) -> tuple[dt.date, dt.date] | None:
    """For an event no mention dates: the :func:`_undated_window` of its first report (the earliest
    publication date of the articles of ``ms``: the caller passes the reports of the event's modality,
    so an asserted fall is dated by the reports that say it happened, not by "appeared close to
    capturing Kandahar" the day before), the window :func:`_interval` assumes for an undated mention;
    None when no article of it has a publication date."""
    days = [d for d in (published.get(m.trigger.article) for m in ms) if d is not None]
    return _undated_window(min(days)) if days else None


def _event_precision(d: DateMention) -> str:
    """An event's date precision in the report's terms (day, week, month, year): a range ("between 1 and
    10 May", "in the next 24 to 48 hours") is named by the shortest of those it fits in."""
    if d.precision != "range" or d.start is None or d.end is None:
        return d.precision
    days = (d.end - d.start).days + 1
    return "day" if days <= 1 else "week" if days <= 8 else "month" if days <= 31 else "year"


def _event(ms: list[EventMention], source_of: Mapping[str, str], published: Mapping[str, dt.date | None]) -> Event:
    """The event of mentions ``ms``.  Its date is the most precise date its mentions state; an event
    reported as having happened whose mentions state none ("Kandahar has been entirely taken over")
    is dated by its reports: the :data:`UNDATED_WINDOW_DAYS` days up to its first report, precision
    "week" (so it is never a point on the timeline)."""
    ms = sorted(ms, key=_mention_key)
    eid = "ev" + hashlib.sha256("\n".join(sorted(m.id for m in ms)).encode("utf-8")).hexdigest()[:12]
    subtype = _majority([m.subtype for m in ms])
    typed = [m for m in ms if m.subtype == subtype]  # type, PLOVER code and actors of that sub-type
    # Who did it to whom, as the reports of that sub-type say: "the Afghan military surrendered Herat"
    # has the roles the other way round from "the Taliban took Herat".  Of a change of control, actor1
    # is whoever took the place (as ACLED codes it), from the reports that say so.
    takers = [m for m in ms if m.subtype in TAKING_SUBTYPES] if subtype in TERRITORY_SUBTYPES else []
    date = _best_date(ms)
    modalities = [m.modality for m in ms]
    if "asserted" in modalities:
        modality = "asserted"
    else:
        counts = Counter(modalities)
        modality = min(counts, key=lambda v: (-counts[v], _MODALITY_ORDER.index(v) if v in _MODALITY_ORDER else 99))
    if date is not None:
        start, end, precision = date.start, date.end, _event_precision(date)
    elif modality in _PAST_MODALITIES and (window := _reported_window(
            [m for m in ms if m.modality == modality], published)) is not None:
        (start, end), precision = window, "week"
    else:
        start = end = precision = None
    return Event(
        id=eid,
        type=_majority([m.type for m in typed]),
        subtype=subtype,
        plover=_majority([m.plover for m in typed]),
        mentions=tuple(ms),
        actor1=_best_actor([m.actor1 for m in takers]) or _best_actor([m.actor1 for m in typed]),
        actor2=_best_actor([m.actor2 for m in typed]),
        place=_best_place(ms),
        date=start,
        date_end=end,
        date_precision=precision,
        modality=modality,  # type: ignore[arg-type]
        sources=tuple(sorted({source_of.get(m.trigger.article, m.trigger.article) for m in ms})),
    )


def merge_events(
    mentions: Sequence[EventMention],
    source_of: Mapping[str, str],
    published: Mapping[str, dt.date | None],
    embedder: Embedder | _Encoder | None = None,
    *,
    texts: Mapping[str, str] | None = None,
    threshold: float | None = None,
    weights: Mapping[str, float] | None = None,
) -> list[Event]:
    """Group event mentions that report the same real event into :class:`~newsfuse.model.Event` s.

    ``source_of`` maps an article id to its independent-source group id (an article missing from it is
    its own source); ``published`` maps an article id to its publication date (or None).  ``embedder``
    (a :class:`newsfuse.embed.Embedder`) adds trigger, sentence and article embedding similarity; without
    it the lexical weights are used.  ``texts`` (article id -> normalised text) gives the embedder the
    mentions' sentences; without it each mention is described by its lemma, actors and place.
    ``threshold``/``weights`` override :data:`MERGE_THRESHOLD` and the fitted weights (for tuning).

    Events come ordered by date (undated last), then id; the same mentions in any order give the same
    events.  A mention id given twice is kept once.
    """
    uniq: dict[str, EventMention] = {}
    for m in sorted(mentions, key=_mention_key):
        uniq.setdefault(m.id, m)
    ms = sorted(uniq.values(), key=_mention_key)
    if not ms:
        return []
    pf = pair_features(ms, published, embedder, texts=texts)
    trees = pair_trees() if embedder is not None and weights is None else None
    if trees is not None:
        prob = tree_probabilities(pf, trees)
        if threshold is None:
            threshold = trees.threshold
    else:
        if weights is None:
            weights = WEIGHTS_EMBEDDING if embedder is not None else WEIGHTS_LEXICAL
        if threshold is None:
            threshold = MERGE_THRESHOLD if embedder is not None else MERGE_THRESHOLD_LEXICAL
        prob = pair_probabilities(pf, weights)
    clusters = agglomerate(prob, pf.cannot_link, threshold)
    events = [_event([ms[i] for i in c], source_of, published) for c in clusters]
    events = [
        events[g[0]] if len(g) == 1 else _event([ms[i] for n in g for i in clusters[n]], source_of, published)
        for g in _join_place_changes(clusters, events, ms, published)
    ]
    return sorted(events, key=lambda e: (e.date is None, e.date or dt.date.min, e.id))


#: Two asserted reports that the same place changed hands (taken by force, surrendered, handed
#: over) whose dates overlap within this many days are one change of control, however differently
#: worded ("Herat fell", "the Taliban captured Herat", "forces surrendered Herat").  One day of
#: slack covers "late Thursday" reported as Friday.  Not tuned: ECB+ has no territory events.
PLACE_CHANGE_SLACK_DAYS = 1


def _place_key(p: Place | None) -> str | None:
    if p is None:
        return None
    return f"g{p.geonames_id}" if p.geonames_id else _norm(p.name)


def _join_place_changes(
    clusters: list[list[int]], events: Sequence[Event], ms: Sequence[EventMention],
    published: Mapping[str, dt.date | None],
) -> list[list[int]]:
    """Groups of cluster numbers (``events[n]`` is built from ``clusters[n]``): clusters that are
    asserted changes of control of the same place at overlapping dates share a group, and a change of
    control of that place reported as possible, coming or denied at those dates ("it was possible they
    could fall soon", "appeared close to capturing Kandahar") joins it: a report of that change, whose
    mentions keep their modality."""

    def window(c: list[int]) -> tuple[int, int] | None:
        spans = [_interval(ms[i], published) for i in c]
        spans = [x for x in spans if x is not None]
        if not spans:
            return None
        return max(a for a, _ in spans) - PLACE_CHANGE_SLACK_DAYS, min(b for _, b in spans) + PLACE_CHANGE_SLACK_DAYS

    keyed: dict[str, list[int]] = {}
    tentative: list[tuple[str, int]] = []
    for n, e in enumerate(events):
        key = _place_key(e.place)
        if key and e.subtype in TERRITORY_SUBTYPES:
            if e.modality == "asserted":
                keyed.setdefault(key, []).append(n)
            else:
                tentative.append((key, n))

    def joinable(a: int, b: int) -> bool:
        if {ms[i].sentence for i in clusters[a]} & {ms[i].sentence for i in clusters[b]}:
            return False  # two events in one sentence are two events (as in merge_events)
        wa, wb = window(clusters[a]), window(clusters[b])
        return wa is None or wb is None or (wa[0] <= wb[1] and wb[0] <= wa[1])

    edge = np.zeros((len(clusters), len(clusters)), dtype=bool)
    for group in keyed.values():
        for a_i, a in enumerate(group):
            for b in group[a_i + 1 :]:
                if joinable(a, b):
                    edge[a, b] = edge[b, a] = True
    for key, b in tentative:
        a = next((a for a in keyed.get(key, ()) if joinable(a, b)), None)
        if a is not None:
            edge[a, b] = edge[b, a] = True
    return _components(edge)


__all__ = ["merge_events", "pair_features", "pair_probabilities", "agglomerate", "place_relation", "PairFeatures"]
