"""Cross-document event coreference on ECB+ (topics 1-35) beside the same-lemma baseline.

Command (from the repository root)::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/event_coref.py          # the table (~3 min cold, ~1 min cached)
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/event_coref.py --tune   # + the weight fits and threshold sweeps
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/event_coref.py --e2e    # + predicted mentions (extract/events.py)
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/event_coref.py --fit-trees  # rewrite align/event_pair_trees.json (~5 min)
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/event_coref.py --kfold 5    # + every topic scored by trees that never saw it

Setting (the standard one for ECB+ with gold mentions): every gold event mention (ACTION_* and
NEG_ACTION_* markables) in the sentences listed in ``ECBplus_coreference_sentences.csv`` becomes a
:class:`newsfuse.model.EventMention` (trigger span, its sentence, head lemma from spaCy, actors from the
dependency parse, a place from :func:`newsfuse.annotate.places.find_places` and an explicit date when
attached to the trigger; type is the generic ``"event"``).  Gold chains: the cross-document
``instance_id``; within-document-only chains; unlinked mentions are singletons (kept, as is standard).

Blocks mentions are clustered within:

* ``topic``: the gold topic (both seminal events together: the standard and hardest setting);
* ``subtopic``: the gold seminal event (topic + ecb/ecbplus);
* ``story``: the project's own story clustering (:func:`newsfuse.cluster.cluster_stories`) run on each
  topic's documents (no gold subtopic used).

System: :func:`newsfuse.align.events.merge_events` with and without the sentence embedder (with it: the
boosted pair trees it ships with their singleton stage, and the linear weights beside them).  The key is
always each gold topic's chains, whatever the blocks (so predicted story blocks that split a chain are
charged for it).  Baseline: mentions with the same head lemma in the same block are coreferent.  Metrics:
MUC, B3, CEAF-e F1 and CoNLL F1 (their mean), implemented below after Pradhan et al. (2014) and checked on
their worked example at start-up.  Topics 1-20 are the tuning topics (weights and thresholds of align/events.py); 21-35 are held
out and reported apart.  Parses and embeddings are cached in /tmp/coref/.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import os
import pickle
import re
import sys
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ecbplus.py

from ecbplus import EcbDoc, EcbMention, load_documents  # noqa: E402

from newsfuse.align import events as ev  # noqa: E402
from newsfuse.annotate import code_digest  # noqa: E402
from newsfuse.model import Annotations, DateMention, EventMention, Place, Span  # noqa: E402

CACHE = Path("/tmp/coref")
TUNE_TOPICS = range(1, 21)
HELD_OUT_TOPICS = range(21, 36)
PARSE_VERSION = "v7"

Clusters = list[set[Hashable]]


# ---- metrics (Pradhan et al. 2014) --------------------------------------------------------------


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def muc(key: Clusters, resp: Clusters) -> tuple[float, float, float]:
    """MUC recall, precision, F1 (Vilain et al. 1995): links kept, counted over partitions."""

    def score(a: Clusters, b: Clusters) -> float:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for c in a:
            parts = {where.get(m, ("alone", m)) for m in c}
            num += len(c) - len(parts)
            den += len(c) - 1
        return num / den if den else 0.0

    r, p = score(key, resp), score(resp, key)
    return r, p, _f1(p, r)


def b_cubed(key: Clusters, resp: Clusters) -> tuple[float, float, float]:
    """B3 recall, precision, F1 (Bagga & Baldwin 1998), over key (recall) / response (precision) mentions."""

    def score(a: Clusters, b: Clusters) -> float:
        where = {m: c for c in b for m in c}
        total = sum(len(c) for c in a)
        s = sum(len(c & where.get(m, set())) / len(c) for c in a for m in c)
        return s / total if total else 0.0

    r, p = score(key, resp), score(resp, key)
    return r, p, _f1(p, r)


def ceaf_e(key: Clusters, resp: Clusters) -> tuple[float, float, float]:
    """Entity-based CEAF (Luo 2005) with phi4 = 2|K∩R| / (|K|+|R|) and the best one-to-one alignment."""
    if not key or not resp:
        return 0.0, 0.0, 0.0
    where = {m: j for j, c in enumerate(resp) for m in c}
    sim = np.zeros((len(key), len(resp)))
    for i, c in enumerate(key):
        for m in c:
            j = where.get(m)
            if j is not None:
                sim[i, j] += 1
    sizes_k = np.array([len(c) for c in key], dtype=float)
    sizes_r = np.array([len(c) for c in resp], dtype=float)
    phi = 2 * sim / (sizes_k[:, None] + sizes_r[None, :])
    rows, cols = linear_sum_assignment(-phi)
    total = phi[rows, cols].sum()
    r, p = total / len(key), total / len(resp)
    return r, p, _f1(p, r)


def conll(key: Clusters, resp: Clusters) -> dict[str, float]:
    m, b, c = muc(key, resp), b_cubed(key, resp), ceaf_e(key, resp)
    return {"MUC": m[2], "B3": b[2], "CEAF-e": c[2], "CoNLL": (m[2] + b[2] + c[2]) / 3}


def _selftest() -> None:
    """Pradhan et al. (2014), section 3 worked example: key {a,b,c}{d,e,f,g}; response {a,b}{c,d}{f,g,h,i}."""
    key = [set("abc"), set("defg")]
    resp = [set("ab"), set("cd"), set("fghi")]
    close = lambda x, y: abs(x - y) < 1e-9  # noqa: E731
    r, p, _ = muc(key, resp)
    assert close(r, 0.4) and close(p, 0.4), (r, p)
    r, p, _ = b_cubed(key, resp)
    assert close(r, 35 / 84) and close(p, 0.5), (r, p)
    r, p, _ = ceaf_e(key, resp)
    assert close(r, 0.65) and close(p, 1.3 / 3), (r, p)
    perfect = conll(key, key)
    assert all(close(v, 1.0) for v in perfect.values()), perfect


# ---- gold mentions -> EventMention ----------------------------------------------------------------

_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+((?:19|20)\d\d)\b")
_MONTH_YEAR = re.compile(r"\b([A-Za-z]{3,9})\.?\s+((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def explicit_date(text: str) -> tuple[str, dt.date, dt.date] | None:
    """A cheap absolute-date reader (ECB+ has no publication dates, so relative dates stay unread)."""
    import calendar

    m = _DAY.search(text)
    if m and m.group(1).lower() in _MONTHS:
        try:
            d = dt.date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
            return "day", d, d
        except ValueError:
            pass
    m = _MONTH_YEAR.search(text)
    if m and m.group(1).lower() in _MONTHS:
        y, mo = int(m.group(2)), _MONTHS[m.group(1).lower()]
        return "month", dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    m = _YEAR.search(text)
    if m:
        y = int(m.group(1))
        return "year", dt.date(y, 1, 1), dt.date(y, 12, 31)
    return None


def _mid(doc_id: str, start: int, end: int) -> str:
    return "em" + hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]


def _arg_text(tok) -> tuple[str, int, int]:  # noqa: ANN001 - spaCy Token
    sub = list(tok.subtree)
    if len(sub) > 6:
        sub = [t for t in tok.lefts if t.dep_ in ("compound", "amod")] + [tok]
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    return tok.doc.text[start:end], start, end


def _actors(root):  # noqa: ANN001, ANN202 - spaCy Token
    subj = obj = None
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass") and subj is None:
            subj = c
        elif c.dep_ in ("dobj", "attr") and obj is None:
            obj = c
        elif c.dep_ == "agent" and subj is None:
            subj = next((g for g in c.children if g.dep_ == "pobj"), None)
        elif c.dep_ == "poss" and subj is None:
            subj = c
        elif c.dep_ == "prep" and c.text.lower() == "of" and obj is None and root.pos_ == "NOUN":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
    if subj is None and root.dep_ in ("xcomp", "conj", "advcl") and root.head is not root:
        subj = next((c for c in root.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj, obj


def _is_dependent(tok, root, hops: int = 3) -> bool:  # noqa: ANN001
    t = tok
    for _ in range(hops):
        if t.head is t:
            return False
        t = t.head
        if t is root:
            return True
    return False


def _place_of(entry) -> Place:  # noqa: ANN001 - gazetteer Entry
    return Place(name=entry.name, lat=entry.lat, lon=entry.lon, kind=entry.kind, country=entry.country,
                 country_code=entry.country_code, admin1=entry.admin1, geonames_id=entry.geonames_id)


def build_mentions(doc: EcbDoc, nlp, gaz) -> list[tuple[EventMention, EcbMention]]:  # noqa: ANN001
    """EventMentions for the gold event mentions of ``doc``'s annotated sentences."""
    from newsfuse.annotate.entities import find_entities
    from newsfuse.annotate.places import find_places
    from newsfuse.extract.events import actor_countries

    gold = [m for m in doc.mentions if m.kind == "event" and m.sentence in doc.annotated_sentences]
    if not gold:
        return []
    parsed = nlp(doc.text)
    found = find_places(parsed, nlp, gaz)
    places = [p for p in found if p.entry is not None]
    # the entities stage, as the product runs it: actor countries are read off its places and groups
    ann = Annotations(doc.doc_id, entities=tuple(find_entities(parsed, doc.doc_id, found)))
    line_starts = [0] + [i + 1 for i, ch in enumerate(doc.text) if ch == "\n"]
    out = []
    for g in gold:
        li = max(k for k, s in enumerate(line_starts) if s <= g.start)
        s0 = line_starts[li]
        s1 = line_starts[li + 1] - 1 if li + 1 < len(line_starts) else len(doc.text)
        span = parsed.char_span(g.start, g.end, alignment_mode="expand")
        root = span.root if span is not None and len(span) else None
        lemma = (root.lemma_ if root is not None else g.text.split()[0]).lower()
        a1 = a2 = None
        a1s = a2s = None
        countries: tuple[str, ...] = ()
        countries2: tuple[str, ...] = ()
        place = place_span = None
        date = None
        if root is not None:
            subj, obj = _actors(root)
            if subj is not None:
                a1, st, en = _arg_text(subj)
                a1s = Span(doc.doc_id, st, en)
                if subj.dep_ != "nsubjpass":  # a passive's subject is acted on: not actor1 in the product
                    countries = actor_countries(parsed, ann, st, en, nation=gaz.nation)
            if obj is not None:
                a2, st, en = _arg_text(obj)
                a2s = Span(doc.doc_id, st, en)
                countries2 = actor_countries(parsed, ann, st, en, nation=gaz.nation)
            for p in places:
                if s0 <= p.start < s1:
                    ptok = parsed.char_span(p.start, p.end, alignment_mode="expand")
                    if ptok is not None and len(ptok) and _is_dependent(ptok.root, root):
                        place, place_span = _place_of(p.entry), Span(doc.doc_id, p.start, p.end)
                        break
            for ent in parsed.ents:
                if ent.label_ == "DATE" and s0 <= ent.start_char < s1 and _is_dependent(ent.root, root):
                    val = explicit_date(ent.text)
                    if val:
                        prec, d0, d1 = val
                        did = "dt" + hashlib.sha256(f"{doc.doc_id}:{ent.start_char}:{ent.end_char}".encode()).hexdigest()[:12]
                        date = DateMention(did, Span(doc.doc_id, ent.start_char, ent.end_char), ent.text, prec, d0, d1)  # type: ignore[arg-type]
                        break
        out.append((EventMention(
            id=_mid(doc.doc_id, g.start, g.end), trigger=Span(doc.doc_id, g.start, g.end),
            sentence=Span(doc.doc_id, s0, s1), type="event", subtype="", plover="", lemma=lemma,
            actor1=a1, actor1_span=a1s, actor2=a2, actor2_span=a2s, place=place, place_span=place_span,
            date=date, modality="negated" if g.tag.startswith("NEG_") else "asserted", actor1_countries=countries,
            actor2_countries=countries2), g))
    return out


def load_all(docs: Sequence[EcbDoc]) -> dict[str, list[tuple[EventMention, EcbMention]]]:
    """Every document's mentions, from the /tmp/coref cache when present."""
    CACHE.mkdir(parents=True, exist_ok=True)
    # keyed to the model's and the extractors' code too: a pickle of another EventMention cannot be read
    path = CACHE / f"mentions-{PARSE_VERSION}-{code_digest()}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    from newsfuse.annotate.gazetteer import Gazetteer
    from newsfuse.annotate.places import load_nlp

    nlp, gaz = load_nlp(), Gazetteer()
    t0 = time.time()
    out = {d.doc_id: build_mentions(d, nlp, gaz) for d in docs}
    print(f"parsed {len(docs)} documents in {time.time() - t0:.0f} s", file=sys.stderr)
    with path.open("wb") as fh:
        pickle.dump(out, fh)
    return out


class CachedEmbedder:
    """An :class:`newsfuse.embed.Embedder` with a text -> vector cache and a span -> contextual vector
    cache on disk (/tmp/coref)."""

    def __init__(self) -> None:
        from newsfuse.embed import Embedder

        self.inner = Embedder()
        self.path = CACHE / "embeddings.pkl"
        self.cache: dict[str, np.ndarray] = {}
        if self.path.exists():
            with self.path.open("rb") as fh:
                self.cache = pickle.load(fh)
        self.dirty = False
        self.span_path = CACHE / "span-embeddings.pkl"
        self.span_cache: dict[tuple[str, int, int], np.ndarray] | None = None
        self.span_dirty = False
        self.span_seconds = 0.0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self.cache})
        if missing:
            for t, v in zip(missing, self.inner.encode(missing)):
                self.cache[t] = v
            self.dirty = True
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def encode_spans(self, spans: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """:meth:`newsfuse.embed.Embedder.encode_spans`, cached per (text, start, end) in its own file
        (the time spent encoding is added up in :attr:`span_seconds`)."""
        if self.span_cache is None:
            self.span_cache = {}
            if self.span_path.exists():
                with self.span_path.open("rb") as fh:
                    self.span_cache = pickle.load(fh)
        keys = [tuple(s) for s in spans]
        missing = sorted({k for k in keys if k not in self.span_cache})
        if missing:
            t0 = time.time()
            for k, v in zip(missing, self.inner.encode_spans(missing)):
                self.span_cache[k] = v
            self.span_seconds += time.time() - t0
            self.span_dirty = True
        return np.stack([self.span_cache[k] for k in keys]) if keys else np.zeros((0, 384), dtype=np.float32)

    def save(self) -> None:
        if self.dirty:
            with self.path.open("wb") as fh:
                pickle.dump(self.cache, fh)
            self.dirty = False
        if self.span_dirty and self.span_cache is not None:
            with self.span_path.open("wb") as fh:
                pickle.dump(self.span_cache, fh)
            self.span_dirty = False


# ---- running ----------------------------------------------------------------------------------


def gold_clusters(items: Iterable[tuple[EventMention, EcbMention]]) -> Clusters:
    by: dict[Hashable, set[Hashable]] = defaultdict(set)
    for em, g in items:
        by[g.chain_id or ("single", em.id)].add(em.id)
    return list(by.values())


def blocks(docs: Sequence[EcbDoc], how: str, story_of: Mapping[str, str] | None = None) -> dict[Hashable, list[str]]:
    out: dict[Hashable, list[str]] = defaultdict(list)
    for d in docs:
        if how == "topic":
            out[d.topic].append(d.doc_id)
        elif how == "subtopic":
            out[d.gold_story].append(d.doc_id)
        else:
            out[(d.topic, (story_of or {}).get(d.doc_id, d.doc_id))].append(d.doc_id)
    return out


def lemma_baseline(items: Sequence[tuple[EventMention, EcbMention]]) -> Clusters:
    by: dict[str, set[Hashable]] = defaultdict(set)
    for em, _ in items:
        by[em.lemma].add(em.id)
    return list(by.values())


def system(items: Sequence[tuple[EventMention, EcbMention]], texts: Mapping[str, str], embedder, **kw) -> Clusters:  # noqa: ANN001
    events = ev.merge_events([em for em, _ in items], {}, {}, embedder, texts=texts, **kw)
    return [{m.id for m in e.mentions} for e in events]


def evaluate(docs: Sequence[EcbDoc], mentions, block_map, fn) -> dict[str, float]:  # noqa: ANN001
    """Scores of ``fn`` run on each block; the key is always the gold chains of each whole topic (a block
    that splits a chain must pay for it, so predicted blocks do not make the key easier)."""
    return conll(*key_and_response(docs, mentions, block_map, fn))


def key_and_response(docs: Sequence[EcbDoc], mentions, block_map, fn) -> tuple[Clusters, Clusters]:  # noqa: ANN001
    """The gold chains of each whole topic of ``docs`` (the key) and ``fn``'s clusters of each block."""
    key: Clusters = []
    resp: Clusters = []
    for _, doc_ids in sorted(blocks(docs, "topic").items()):
        key.extend(gold_clusters([x for d in doc_ids for x in mentions[d]]))
    for _, doc_ids in sorted(block_map.items(), key=lambda kv: str(kv[0])):
        items = [x for d in doc_ids for x in mentions[d]]
        if not items:
            continue
        resp.extend(fn(items))
    return key, resp


def story_map(docs: Sequence[EcbDoc]) -> dict[str, str]:
    """doc_id -> story id from newsfuse.cluster, run on each topic's documents (gold topics, no subtopics)."""
    from newsfuse.cluster import cluster_stories
    from newsfuse.model import Article, article_id

    path = CACHE / "stories.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)
    out: dict[str, str] = {}
    by_topic: dict[int, list[EcbDoc]] = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d)
    for topic, ds in by_topic.items():
        arts = {article_id(d.text): d.doc_id for d in ds}
        stories = cluster_stories([Article(id=article_id(d.text), text=d.text, origins=(str(d.path),)) for d in ds])
        for s in stories:
            for a in s.articles:
                out[arts[a]] = s.id
    with path.open("wb") as fh:
        pickle.dump(out, fh)
    return out


def fmt(name: str, s: Mapping[str, float]) -> str:
    return f"  {name:<34} MUC {100 * s['MUC']:5.1f}  B3 {100 * s['B3']:5.1f}  CEAF-e {100 * s['CEAF-e']:5.1f}  CoNLL {100 * s['CoNLL']:5.1f}"


def tune(docs, mentions, texts, embedder) -> None:  # noqa: ANN001
    """Fit the pair weights by logistic regression on topics 1-20 and sweep the merge thresholds."""
    from sklearn.linear_model import LogisticRegression

    tdocs = [d for d in docs if d.topic in TUNE_TOPICS]
    for label, emb, names in (
        ("WEIGHTS_EMBEDDING", embedder, ["lemma", "synonym", "trigger_sim", "window_sim", "sentence_sim", "doc_lex", "doc_sim",
                                          "doc_tfidf", "name_overlap", "both_lead", "actor", "place", "date", "same_article",
                                          "lemma_x_spread", "lemma_x_tfidf", "synonym_x_tfidf", "trigger_x_tfidf", "window_x_tfidf",
                                          "lemma_x_lead", "lemma_x_sentence"]),
        ("WEIGHTS_LEXICAL", None, ["lemma", "synonym", "doc_lex", "doc_tfidf", "name_overlap", "both_lead", "actor", "place", "date",
                                   "same_article", "lemma_x_spread", "lemma_x_tfidf", "synonym_x_tfidf", "lemma_x_lead",
                                   "lemma_x_doc_lex", "synonym_x_doc_lex"]),
    ):
        pairs = _tree_pairs(tdocs, mentions, texts, emb, names)
        Xa = np.concatenate([X for X, _ in pairs.values()])
        ya = np.concatenate([y for _, y in pairs.values()])
        lr = LogisticRegression(C=1.0, max_iter=2000).fit(Xa, ya)
        print(f"{label}: {len(ya)} pairs, {int(ya.sum())} coreferent")
        print("    bias", round(float(lr.intercept_[0]), 2), {n: round(float(w), 2) for n, w in zip(names, lr.coef_[0])})
        weights = {"bias": float(lr.intercept_[0]), **{n: float(w) for n, w in zip(names, lr.coef_[0])}}
        for thr in [round(x, 2) for x in np.arange(0.1, 0.56, 0.05)]:
            s = evaluate(tdocs, mentions, blocks(tdocs, "topic"),
                         lambda items: system(items, texts, emb, threshold=thr, weights=weights))
            print(f"    threshold {thr:.2f}: CoNLL {100 * s['CoNLL']:.1f}  (MUC {100 * s['MUC']:.1f} B3 {100 * s['B3']:.1f} CEAF-e {100 * s['CEAF-e']:.1f})")


#: Settings the two-fold cross-validation over topics 1-20 chooses from for the boosted pair model
#: (max_leaf_nodes, min_samples_leaf, max_iter, learning_rate), and the thresholds it sweeps.  Small trees
#: keep the shipped file small and generalise better across topics than large ones did.
TREE_GRID = [(7, 200, 100, 0.05), (7, 200, 300, 0.05), (15, 200, 100, 0.05), (15, 200, 200, 0.05)]
TREE_THRESHOLDS = [0.3, 0.35, 0.4, 0.45, 0.5]


def _features_memo(embedder, texts):  # noqa: ANN001, ANN202
    """``items -> PairFeatures``, computing each block's features once (they depend on no setting,
    threshold or fold)."""
    pf_of: dict[tuple[str, ...], ev.PairFeatures] = {}

    def features(items):  # noqa: ANN001, ANN202
        ids = tuple(em.id for em, _ in items)
        if ids not in pf_of:
            pf_of[ids] = ev.pair_features([em for em, _ in items], {}, embedder, texts=texts)
        return pf_of[ids]

    return features


def _tree_pairs(tdocs, mentions, texts, embedder, names, features=None):  # noqa: ANN001, ANN202
    """Per topic of ``tdocs``: (X, y) over within-topic pairs that pass the cannot-link constraints
    (the training pairs of both the linear fit and the pair trees); ``features`` is a
    :func:`_features_memo` to share with later clustering."""
    features = features or _features_memo(embedder, texts)
    out = {}
    for topic, doc_ids in sorted(blocks(tdocs, "topic").items()):
        items = [x for d in doc_ids for x in mentions[d]]
        if len(items) < 2:
            continue
        pf = features(items)
        chain = [g.chain_id or ("single", em.id) for em, g in items]
        iu = np.triu_indices(len(items), 1)
        ok = ~pf.cannot_link[iu]
        out[topic] = (np.stack([pf.features[n][iu][ok] for n in names], axis=1),
                      np.array([chain[a] == chain[b] for a, b in zip(*iu)])[ok])
    return out


def _fit_pair_model(data, topics, settings):  # noqa: ANN001, ANN202
    """The boosted pair model on the pairs of ``topics`` (``data`` from :func:`_tree_pairs`) with
    ``settings`` = (max_leaf_nodes, min_samples_leaf, max_iter, learning_rate)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    mln, msl, it, lr = settings
    X = np.concatenate([data[t][0] for t in topics])
    y = np.concatenate([data[t][1] for t in topics])
    return HistGradientBoostingClassifier(max_leaf_nodes=int(mln), min_samples_leaf=int(msl), max_iter=int(it),
                                          learning_rate=lr, l2_regularization=1.0, early_stopping=False,
                                          random_state=0).fit(X, y)


def _tree_clusterer(trees, features):  # noqa: ANN001, ANN202
    """``items -> clusters`` (sets of mention ids) by ``trees`` (with their singleton stage, if any) at their
    threshold."""

    def clusters(items):  # noqa: ANN001, ANN202
        pf = features(items)
        cl = ev.agglomerate(ev.tree_probabilities(pf, trees), pf.cannot_link, trees.threshold)
        return [{items[i][0].id for i in c} for c in cl]

    return clusters


def _tree_nodes(model) -> list[dict]:  # noqa: ANN001
    """The fitted trees of a HistGradientBoostingClassifier as node arrays (:class:`ev.Trees`)."""
    trees = []
    for (pred,) in model._predictors:  # noqa: SLF001 - the fitted trees
        nodes = pred.nodes
        leaf = nodes["is_leaf"].astype(bool)
        trees.append({
            "feature": [-1 if lf else int(f) for f, lf in zip(nodes["feature_idx"], leaf)],
            "threshold": [0.0 if lf else float(np.float32(t)) for t, lf in zip(nodes["num_threshold"], leaf)],
            "left": [0 if lf else int(x) for x, lf in zip(nodes["left"], leaf)],
            "right": [0 if lf else int(x) for x, lf in zip(nodes["right"], leaf)],
            "value": [round(float(v), 6) if lf else 0.0 for v, lf in zip(nodes["value"], leaf)],
        })
    return trees


def _baseline(model) -> float:  # noqa: ANN001
    return float(np.ravel(model._baseline_prediction)[0])  # noqa: SLF001


def _export_trees(model, names: Sequence[str], threshold: float, settings: Sequence[float] | None = None,
                  singleton=None, exponent: float = 0.0) -> dict:  # noqa: ANN001
    out = {"about": "newsfuse event-pair model: written by benchmarks/event_coref.py --fit-trees from ECB+ topics 1-20",
           "features": list(names), "baseline": _baseline(model), "threshold": threshold,
           **({"settings": list(settings)} if settings is not None else {}), "trees": _tree_nodes(model)}
    if singleton is not None and exponent > 0:
        out["singleton"] = _singleton_json(singleton, exponent)
    return out


def _singleton_json(model, exponent: float) -> dict:  # noqa: ANN001
    """A fitted singleton classifier as :class:`ev.SingletonTrees` JSON."""
    return {"features": list(ev.MENTION_FEATURES), "baseline": _baseline(model), "exponent": exponent,
            "settings": list(SINGLETON_SETTINGS), "trees": _tree_nodes(model)}


#: The singleton model's settings (max_leaf_nodes, min_samples_leaf, max_iter, learning_rate): fixed, not
#: tuned; and the discount exponents the cross-validation chooses from (0: no singleton stage).
SINGLETON_SETTINGS = (7, 50, 200, 0.05)
SINGLETON_EXPONENTS = [0.0, 0.5, 1.0, 1.5, 2.0]


def _gold_singletons(items) -> np.ndarray:  # noqa: ANN001
    """Which of ``items`` no other mention of the topic corefers with."""
    alone = {m for c in gold_clusters(items) if len(c) == 1 for m in c}
    return np.array([em.id in alone for em, _ in items])


def _out_of_fold(docs, mentions, data, names, settings, topics, features):  # noqa: ANN001, ANN202
    """For each topic of ``topics``: (items, pair probabilities from trees fitted on the other half of
    ``topics`` (alternate topics), mention features from those probabilities, gold singleton marks)."""
    halves = [topics[0::2], topics[1::2]]
    out = {}
    for k in range(2):
        trees = ev.PairTrees.from_json(_export_trees(_fit_pair_model(data, halves[1 - k], settings), names, 0.5))
        for t in halves[k]:
            items = [x for d in blocks([d for d in docs if d.topic == t], "topic")[t] for x in mentions[d]]
            pf = features(items)
            prob = ev.tree_probabilities(pf, trees)
            out[t] = (items, prob, ev.mention_features(pf, prob), _gold_singletons(items))
    return out


def _fit_singleton(oof, topics):  # noqa: ANN001, ANN202
    from sklearn.ensemble import HistGradientBoostingClassifier

    mln, msl, it, lr = SINGLETON_SETTINGS
    X = np.concatenate([oof[t][2] for t in topics])
    y = np.concatenate([oof[t][3] for t in topics])
    return HistGradientBoostingClassifier(max_leaf_nodes=mln, min_samples_leaf=msl, max_iter=it, learning_rate=lr,
                                          random_state=0).fit(X, y)


def _singleton_model(model, exponent: float) -> ev.SingletonTrees:  # noqa: ANN001
    return ev.SingletonTrees.from_json(_singleton_json(model, exponent))


def fit_trees(docs, mentions, texts, embedder) -> None:  # noqa: ANN001
    """Fit the boosted pair model on topics 1-20 (settings and threshold by two-fold cross-validation over
    those topics: even vs odd), then the singleton model on those topics' out-of-fold pair probabilities
    (its discount exponent by two-fold cross-validation at the pair model's threshold), and write
    both to src/newsfuse/align/event_pair_trees.json."""
    import json

    tdocs = [d for d in docs if d.topic in TUNE_TOPICS]
    names = sorted(ev.pair_features([em for em, _ in mentions[tdocs[0].doc_id]][:2], {}, embedder, texts=texts).features)
    features = _features_memo(embedder, texts)
    data = _tree_pairs(tdocs, mentions, texts, embedder, names, features)
    folds = [[t for t in data if t % 2 == 0], [t for t in data if t % 2 == 1]]

    best = None
    for grid in TREE_GRID:
        models = [_fit_pair_model(data, folds[k], grid) for k in range(2)]
        for thr in TREE_THRESHOLDS:
            key: Clusters = []
            resp: Clusters = []
            for k in range(2):
                clusters = _tree_clusterer(ev.PairTrees.from_json(_export_trees(models[k], names, thr)), features)
                held = [d for d in tdocs if d.topic in folds[1 - k]]
                fold_key, fold_resp = key_and_response(held, mentions, blocks(held, "topic"), clusters)
                key.extend(fold_key)
                resp.extend(fold_resp)
            s = conll(key, resp)
            print(f"  cv {grid} threshold {thr:.2f}: CoNLL {100 * s['CoNLL']:.2f}", flush=True)
            if best is None or s["CoNLL"] > best[0] + 1e-9:
                best = (s["CoNLL"], grid, thr)
    assert best is not None
    print(f"chosen {best[1]} threshold {best[2]} (cv CoNLL {100 * best[0]:.2f})")
    grid = best[1]

    # The singleton stage: out-of-fold pair probabilities for every tuning topic (the same even/odd
    # halves), a singleton model fitted on one half's and applied to the other's; only its exponent is
    # chosen, the clustering threshold stays the pair model's.
    oof = _out_of_fold(docs, mentions, data, names, grid, sorted(data), features)
    single = [_fit_singleton(oof, folds[k]) for k in range(2)]
    model_of = {t: single[k] for k in range(2) for t in folds[1 - k]}
    chosen = (best[0], 0.0)
    for exponent in SINGLETON_EXPONENTS[1:]:
        key, resp = [], []
        for t, (items, prob, _x, _y) in sorted(oof.items()):
            pf = features(items)
            discounted = ev.discount_singletons(prob, pf, _singleton_model(model_of[t], exponent))
            cl = ev.agglomerate(discounted, pf.cannot_link, best[2])
            key.extend(gold_clusters(items))
            resp.extend({items[i][0].id for i in c} for c in cl)
        s = conll(key, resp)
        print(f"  cv singleton exponent {exponent}: CoNLL {100 * s['CoNLL']:.2f}", flush=True)
        if s["CoNLL"] > chosen[0] + 1e-9:
            chosen = (s["CoNLL"], exponent)
    print(f"chosen singleton exponent {chosen[1]} (cv CoNLL {100 * chosen[0]:.2f}; 0 = no singleton stage)")
    out = _export_trees(_fit_pair_model(data, list(data), grid), names, best[2], grid,
                        _fit_singleton(oof, list(oof)), chosen[1])
    path = Path(__file__).resolve().parent.parent / "src" / "newsfuse" / "align" / "event_pair_trees.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def kfold(docs, mentions, texts, embedder, k: int) -> None:  # noqa: ANN001
    """Every topic of 1-35 clustered by models that never saw it: the topics split into ``k`` folds
    (every k-th topic); pair trees fitted on the other folds with the shipped model's settings and
    threshold (event_pair_trees.json), and, when the shipped model has a singleton stage, a singleton model
    fitted on those folds' out-of-fold pair probabilities (alternate topics) with its exponent; beside the
    same-lemma baseline on the same topics."""
    shipped = ev.pair_trees()
    settings = getattr(shipped, "settings", None)
    if shipped is None or not settings:
        print("\nk-fold: skipped (no event_pair_trees.json with its settings; run --fit-trees)")
        return
    names = list(shipped.features)
    features = _features_memo(embedder, texts)
    data = _tree_pairs(docs, mentions, texts, embedder, names, features)
    topics = sorted(data)
    folds = [[t for n, t in enumerate(topics) if n % k == f] for f in range(k)]
    key: Clusters = []
    resp: Clusters = []
    base: Clusters = []
    for held in folds:
        train = [t for t in topics if t not in held]
        model = _fit_pair_model(data, train, settings)
        single = None
        if shipped.singleton is not None:
            oof = _out_of_fold(docs, mentions, data, names, settings, train, features)
            single = _singleton_model(_fit_singleton(oof, train), shipped.singleton.exponent)
        trees = ev.PairTrees.from_json(_export_trees(model, names, shipped.threshold))
        hdocs = [d for d in docs if d.topic in held]
        bm = blocks(hdocs, "topic")
        fold_key, fold_resp = key_and_response(hdocs, mentions, bm, _tree_clusterer(
            dataclasses.replace(trees, singleton=single), features))
        key.extend(fold_key)
        resp.extend(fold_resp)
        base.extend(key_and_response(hdocs, mentions, bm, lemma_baseline)[1])
    print(f"\n{k}-fold over topics 1-35, gold topics (each topic clustered by models fitted on the other folds; "
          f"settings {tuple(settings)}, threshold {shipped.threshold}"
          + (f", singleton exponent {shipped.singleton.exponent})" if shipped.singleton else ")"))
    print(fmt("baseline: same lemma", conll(key, base)))
    print(fmt("merge_events + embeddings, trees", conll(key, resp)))


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tune", action="store_true", help="fit the weights and sweep thresholds on topics 1-20")
    ap.add_argument("--fit-trees", action="store_true",
                    help="fit the boosted pair model on topics 1-20 and write src/newsfuse/align/event_pair_trees.json")
    ap.add_argument("--e2e", action="store_true", help="also score predicted mentions from extract/events.py")
    ap.add_argument("--no-embed", action="store_true", help="skip the embedding runs")
    ap.add_argument("--kfold", type=int, metavar="K", default=0,
                    help="also score every topic by trees fitted on the others (K folds over topics 1-35)")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    _selftest()
    t0 = time.time()
    docs = load_documents()
    mentions = load_all(docs)
    texts = {d.doc_id: d.text for d in docs}
    embedder = None if args.no_embed else CachedEmbedder()
    n = sum(len(v) for v in mentions.values())
    print(f"ECB+ topics 1-35: {len(docs)} documents, {n} gold event mentions in annotated sentences")
    if args.fit_trees:
        fit_trees(docs, mentions, texts, embedder)
        if embedder is not None:
            embedder.save()
        return
    if args.tune:
        tune(docs, mentions, texts, embedder)
        if embedder is not None:
            embedder.save()
        return
    stories = story_map(docs)
    for part, topics in (("all topics 1-35", range(1, 36)), ("tuning topics 1-20", TUNE_TOPICS),
                         ("held-out topics 21-35", HELD_OUT_TOPICS)):
        pdocs = [d for d in docs if d.topic in topics]
        print(f"\n{part} ({len(pdocs)} documents)")
        for how in ("topic", "subtopic", "story"):
            bm = blocks(pdocs, how, stories)
            print(f" blocks = {how}" + (" (newsfuse.cluster per topic)" if how == "story" else " (gold)"))
            print(fmt("baseline: same lemma", evaluate(pdocs, mentions, bm, lemma_baseline)))
            print(fmt("merge_events, lexical", evaluate(pdocs, mentions, bm, lambda it: system(it, texts, None))))
            if embedder is not None:
                print(fmt("merge_events + embeddings, linear", evaluate(
                    pdocs, mentions, bm, lambda it: system(it, texts, embedder, weights=ev.WEIGHTS_EMBEDDING))))
                print(fmt("merge_events + embeddings" + (", trees" if ev.pair_trees() else ""),
                          evaluate(pdocs, mentions, bm, lambda it: system(it, texts, embedder))))
                embedder.save()
    if args.e2e:
        end_to_end(docs, mentions, texts, embedder)
    if args.kfold and embedder is not None:
        kfold(docs, mentions, texts, embedder, args.kfold)
    if embedder is not None and embedder.span_seconds:
        print(f"\n(contextual span encoding, uncached part: {embedder.span_seconds:.0f} s)")
    print(f"\n({time.time() - t0:.0f} s)")


def end_to_end(docs, mentions, texts, embedder) -> None:  # noqa: ANN001
    """Predicted mentions from extract/events.py (annotations: sentences only, no entities), in the
    annotated sentences; a predicted mention whose trigger overlaps a gold trigger takes its gold id, the
    rest stay twinless (they cost precision).  Gold topics."""
    try:
        from newsfuse.extract.events import find_events
    except ImportError as exc:
        print(f"\nend-to-end: skipped (extract/events.py not importable: {exc})")
        return

    path = CACHE / f"predicted-{code_digest()}.pkl"  # another extractor, other predictions
    if path.exists():
        with path.open("rb") as fh:
            predicted = pickle.load(fh)
    else:
        from newsfuse.annotate.gazetteer import Gazetteer
        from newsfuse.annotate.places import load_nlp

        nlp, gaz = load_nlp(), Gazetteer()
        predicted = {}
        for d in docs:
            parsed = nlp(d.text)
            ann = Annotations(article=d.doc_id, sentences=tuple((s.start_char, s.end_char) for s in parsed.sents))
            found = find_events(parsed, ann, 0, gaz.nation)
            predicted[d.doc_id] = [m for m in found if any(
                t.start <= m.trigger.start < t.end for t in d.tokens if t.sentence in d.annotated_sentences)]
        with path.open("wb") as fh:
            pickle.dump(predicted, fh)
    key: Clusters = []
    resp: Clusters = []
    resp_base: Clusters = []
    n_pred = n_match = 0
    for _, doc_ids in sorted(blocks(docs, "topic").items()):
        items = [x for d in doc_ids for x in mentions[d]]
        key.extend(gold_clusters(items))
        preds: list[EventMention] = []
        alias: dict[str, str] = {}
        for d in doc_ids:
            gold = [em for em, _ in mentions[d]]
            for pm in predicted.get(d, []):
                n_pred += 1
                hit = next((g for g in gold if g.trigger.start < pm.trigger.end and pm.trigger.start < g.trigger.end), None)
                if hit is not None and hit.id not in alias.values():
                    alias[pm.id] = hit.id
                    n_match += 1
                preds.append(pm)
        events = ev.merge_events(preds, {}, {}, embedder, texts=texts)
        resp.extend({alias.get(m.id, m.id) for m in e.mentions} for e in events)
        by: dict[str, set[Hashable]] = defaultdict(set)
        for pm in preds:
            by[pm.lemma].add(alias.get(pm.id, pm.id))
        resp_base.extend(by.values())
    n_gold = sum(len(v) for v in mentions.values())
    print(f"\nend-to-end, predicted mentions (gold topics, topics 1-35): {n_pred} predicted, {n_match} match one of "
          f"{n_gold} gold triggers (recall {100 * n_match / max(n_gold, 1):.1f}%, precision {100 * n_match / max(n_pred, 1):.1f}%)")
    print(fmt("baseline: same lemma", conll(key, resp_base)))
    print(fmt("merge_events" + (" + embeddings" if embedder is not None else ", lexical"), conll(key, resp)))


if __name__ == "__main__":
    main()
