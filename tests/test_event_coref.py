"""Cross-document event coreference (align/events.py): hand-built mentions, no models needed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

import pytest

from newsfuse.align.events import merge_events, place_relation
from newsfuse.model import DateMention, Event, EventMention, Place, Span

HERAT = Place("Herat", 34.35, 62.2, "city", "Afghanistan", "AF", "Herat", 1139027)
HERAT_PROVINCE = Place("Herat", 34.35, 62.2, "admin1", "Afghanistan", "AF", "Herat", 1139025)
KANDAHAR = Place("Kandahar", 31.61, 65.71, "city", "Afghanistan", "AF", "Kandahar", 1138336)
AFGHANISTAN = Place("Afghanistan", 33.0, 65.0, "country", "Afghanistan", "AF", None, 1149361)
TEHRAN = Place("Tehran", 35.69, 51.42, "city", "Iran", "IR", "Tehran", 112931)

THU, FRI = dt.date(2021, 8, 12), dt.date(2021, 8, 13)
CAPTURE = ("Battles", "Non-state actor overtakes territory", "ASSAULT")
CLASH = ("Battles", "Armed clash", "FIGHT")


def mention(
    article: str,
    lemma: str,
    *,
    start: int = 10,
    sentence: tuple[int, int] = (0, 80),
    place: Place | None = None,
    kind: tuple[str, str, str] = CAPTURE,
    actor1: str | None = "the Taliban",
    day: dt.date | None = None,
    modality: str = "asserted",
) -> EventMention:
    """One event mention; ``day`` adds an explicit day-precision DateMention."""
    date = None
    if day is not None:
        date = DateMention("dt" + article + str(start), Span(article, 60, 68), "Thursday", "day", day, day,
                           relative_to="publication date")
    end = start + max(len(lemma), 3)
    mid = "em" + hashlib.sha256(f"{article}:{start}:{end}".encode()).hexdigest()[:12]
    return EventMention(
        id=mid, trigger=Span(article, start, end), sentence=Span(article, *sentence),
        type=kind[0], subtype=kind[1], plover=kind[2], lemma=lemma, actor1=actor1, place=place,
        place_span=Span(article, 40, 45) if place else None, date=date, modality=modality,  # type: ignore[arg-type]
    )


class ToyEncoder:
    """A stand-in sentence encoder: unit vectors from a text's length and its count of "a"."""

    def encode(self, texts):  # noqa: ANN001, ANN202
        import numpy as np

        v = np.array([[len(t) % 7 + 1.0, t.count("a") + 1.0, 1.0] for t in texts])
        return v / np.linalg.norm(v, axis=1, keepdims=True)


#: A one-split tree: feature 0 <= 0.5 -> leaf value 1.0, else 3.0.
STUMP_NODES = {"feature": [0, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 0, 0], "right": [2, 0, 0], "value": [0, 1.0, 3.0]}


def ids(events: list[Event]) -> list[set[str]]:
    return sorted(({m.id for m in e.mentions} for e in events), key=lambda s: sorted(s))


def test_herat_fall_in_four_articles_on_two_days_is_one_event() -> None:
    ms = [
        mention("a1", "fall", place=HERAT, actor1="Herat"),             # "Herat fell"
        mention("a2", "capture", place=HERAT),                          # "the Taliban captured Herat"
        mention("a3", "take", place=HERAT, day=THU),                    # "took control of Herat" Thursday
        mention("a4", "overrun", place=HERAT, actor1=None),             # "the city was overrun"
    ]
    published = {"a1": THU, "a2": THU, "a3": FRI, "a4": FRI}
    sources = {"a1": "s1", "a2": "s2", "a3": "s3", "a4": "s4"}
    events = merge_events(ms, sources, published)
    assert len(events) == 1
    e = events[0]
    assert {m.id for m in e.mentions} == {m.id for m in ms}
    assert e.place == HERAT
    assert (e.date, e.date_end, e.date_precision) == (THU, THU, "day")
    assert e.sources == ("s1", "s2", "s3", "s4")
    assert (e.type, e.subtype, e.plover) == CAPTURE
    assert e.id == "ev" + hashlib.sha256("\n".join(sorted(m.id for m in ms)).encode()).hexdigest()[:12]


def test_fall_of_herat_and_fall_of_kandahar_stay_apart() -> None:
    ms = [mention("a1", "fall", place=HERAT), mention("a2", "fall", place=KANDAHAR),
          mention("a3", "capture", place=HERAT), mention("a4", "capture", place=KANDAHAR)]
    events = merge_events(ms, {}, {"a1": THU, "a2": THU, "a3": THU, "a4": THU})
    assert ids(events) == ids([Event("x", "", "", "", (ms[0], ms[2])), Event("y", "", "", "", (ms[1], ms[3]))])
    assert {e.place.name for e in events if e.place} == {"Herat", "Kandahar"}


def test_kandahar_contested_thursday_and_taken_friday_stay_apart() -> None:
    contested = mention("a1", "fight", place=KANDAHAR, kind=CLASH, day=THU)
    taken = mention("a2", "take", place=KANDAHAR, kind=CAPTURE, day=FRI)
    # Even with the same words and type, two different days are two events.
    taken_same_words = mention("a3", "fight", place=KANDAHAR, kind=CLASH, day=FRI)
    events = merge_events([contested, taken, taken_same_words], {}, {"a1": THU, "a2": FRI, "a3": FRI})
    assert not any(contested in e.mentions and len(e.mentions) > 1 for e in events)
    assert [e.date for e in events] == sorted(e.date for e in events)  # ordered by date


def test_a_report_about_several_unnamed_towns_never_joins_one_towns_event() -> None:
    herat = [mention("a1", "fall", place=HERAT, actor1="Herat"), mention("a2", "fall", place=HERAT)]
    # "many districts and provincial capitals fell", "the Taliban seize more provincial capitals"
    several = [dataclasses.replace(mention("a3", "fall"), aggregate=True),
               dataclasses.replace(mention("a4", "seize", place=AFGHANISTAN), aggregate=True)]
    unplaced = mention("a5", "fall", start=30)  # "the city fell" with no place found: free to join either
    published = {a: THU for a in ("a1", "a2", "a3", "a4", "a5")}
    events = merge_events([*herat, *several, unplaced], {}, published)
    for e in events:
        kinds = {m.aggregate for m in e.mentions}
        assert not (True in kinds and any(m.place == HERAT for m in e.mentions)), ids([e])
    assert any({m.id for m in herat} <= {m.id for m in e.mentions} for e in events)
    # without the mark the same words join Herat's fall
    plain = [dataclasses.replace(m, aggregate=False) for m in several]
    assert len(merge_events([*herat, *plain], {}, published)) < len(merge_events([*herat, *several], {}, published))


def test_acts_of_actors_of_different_countries_stay_apart() -> None:
    deploy = ("Troop movements", "Troop deployment", "MOBILIZE")
    us = [dataclasses.replace(mention(a, "send", kind=deploy, actor1=w), actor1_countries=("US",))
          for a, w in (("a1", "the US"), ("a2", "the United States"))]
    uk = [dataclasses.replace(mention(a, "send", kind=deploy, actor1=w), actor1_countries=("GB",))
          for a, w in (("a3", "UK troops"), ("a4", "Britain"))]
    both = dataclasses.replace(mention("a5", "send", kind=deploy, actor1="the US and the UK"),
                               actor1_countries=("US", "GB"))
    published = {f"a{i}": THU for i in range(1, 6)}
    events = merge_events([*us, *uk, both], {}, published)
    for e in events:
        assert not ({m.id for m in us} & {m.id for m in e.mentions} and {m.id for m in uk} & {m.id for m in e.mentions})
    assert any({m.id for m in us} <= {m.id for m in e.mentions} for e in events)
    assert any({m.id for m in uk} <= {m.id for m in e.mentions} for e in events)
    # without the countries the same words are one deployment
    plain = [dataclasses.replace(m, actor1_countries=()) for m in (*us, *uk)]
    assert len(merge_events(plain, {}, published)) == 1


def test_acts_done_to_actors_of_different_countries_stay_apart() -> None:
    support = ("Strategic developments", "Support/praise", "SUPPORT")
    forces = [dataclasses.replace(mention(a, "support", kind=support), actor2="Afghan forces", actor2_countries=("AF",))
              for a in ("a1", "a2")]
    embassy = dataclasses.replace(mention("a3", "support", kind=support), actor2="the U.S. Embassy",
                                  actor2_countries=("US",))
    published = {f"a{i}": THU for i in range(1, 4)}
    events = merge_events([*forces, embassy], {}, published)
    assert any({m.id for m in forces} == {m.id for m in e.mentions} for e in events), ids(events)
    assert any([embassy.id] == [m.id for m in e.mentions] for e in events), ids(events)
    # without the countries the same words are one act
    plain = [dataclasses.replace(m, actor2_countries=()) for m in (*forces, embassy)]
    assert len(merge_events(plain, {}, published)) == 1


def test_an_events_type_and_plover_code_are_those_of_its_subtype() -> None:
    regains = ("Battles", "Government regains territory", "FIGHT")
    transfer = ("Strategic developments", "Non-violent transfer of territory", "RETREAT")
    # one change of control of Herat reported four ways: two Battles sub-types, one Strategic sub-type twice
    ms = [mention("a1", "capture", place=HERAT, day=THU), mention("a2", "retake", place=HERAT, day=THU, kind=regains),
          mention("a3", "surrender", place=HERAT, day=THU, kind=transfer),
          mention("a4", "hand over", place=HERAT, day=THU, kind=transfer)]
    (e,) = merge_events(ms, {}, {f"a{i}": THU for i in range(1, 5)})
    assert (e.type, e.subtype, e.plover) == transfer


def test_an_events_actors_are_those_of_its_subtype() -> None:
    transfer = ("Strategic developments", "Non-violent transfer of territory", "RETREAT")
    # Herat taken by the Taliban, reported twice so; once as the Afghan military surrendering it (twice
    # named so: more than any one name of the takers)
    ms = [mention("a1", "capture", place=HERAT, day=THU, actor1="Taliban fighters"),
          mention("a2", "take", place=HERAT, day=THU, actor1="the Taliban"),
          mention("a3", "surrender", place=HERAT, day=THU, kind=transfer, actor1="Afghan military"),
          mention("a4", "capture", place=HERAT, day=THU, actor1=None),
          mention("a5", "surrender", start=40, place=HERAT, day=THU, kind=transfer, actor1="Afghan military")]
    (e,) = merge_events(ms, {}, {f"a{i}": THU for i in range(1, 6)})
    assert e.subtype == CAPTURE[1]
    assert e.actor1 in {"Taliban fighters", "the Taliban"}
    # the surrenderer is not the taker: a capture none of whose reports names the takers has no actor1
    ms2 = [mention("b1", "capture", place=KANDAHAR, day=THU, actor1=None),
           mention("b2", "take", place=KANDAHAR, day=THU, actor1=None),
           mention("b3", "surrender", place=KANDAHAR, day=THU, kind=transfer, actor1="Afghan forces")]
    (e2,) = merge_events(ms2, {}, {f"b{i}": THU for i in range(1, 4)})
    assert (e2.subtype, e2.actor1) == (CAPTURE[1], None)
    # a change of control reported mostly as a surrender: actor1 is still who took the place (ACLED)
    ms3 = [mention("c1", "fall", place=KANDAHAR, day=THU, kind=transfer, actor1=None),
           mention("c2", "surrender", place=KANDAHAR, day=THU, kind=transfer, actor1="Afghan forces"),
           mention("c3", "capture", place=KANDAHAR, day=THU, actor1="the Taliban")]
    (e3,) = merge_events(ms3, {}, {f"c{i}": THU for i in range(1, 4)})
    assert (e3.subtype, e3.actor1) == (transfer[1], "the Taliban")


def test_identical_articles_of_one_source_merge_and_keep_one_source() -> None:
    a = mention("b1", "capture", place=HERAT)
    b = mention("b2", "capture", place=HERAT)
    events = merge_events([a, b], {"b1": "afp", "b2": "afp"}, {"b1": THU, "b2": THU})
    assert len(events) == 1
    assert events[0].sources == ("afp",)
    assert len(events[0].mentions) == 2


def test_one_mention_alone() -> None:
    m = mention("a1", "capture", place=HERAT, day=THU, modality="uncertain")
    (e,) = merge_events([m], {}, {})
    assert e.mentions == (m,)
    assert e.sources == ("a1",)  # an article with no source group is its own source
    assert e.modality == "uncertain"
    assert (e.date, e.place, e.actor1) == (THU, HERAT, "the Taliban")


def test_empty_input() -> None:
    assert merge_events([], {}, {}) == []


def test_shuffled_input_gives_identical_output() -> None:
    ms = [mention(f"a{i}", lem, start=10 + 20 * j, sentence=(20 * j, 20 * j + 19), place=p)
          for i in range(4) for j, (lem, p) in enumerate([("fall", HERAT), ("capture", KANDAHAR), ("flee", None)])]
    pub = {f"a{i}": THU for i in range(4)}
    expected = merge_events(ms, {}, pub)
    for seed in range(3):
        shuffled = list(ms)
        random.Random(seed).shuffle(shuffled)
        assert merge_events(shuffled, {}, pub) == expected


def test_same_sentence_never_merges_and_duplicates_collapse() -> None:
    a = mention("a1", "capture", start=5, place=HERAT)
    b = mention("a1", "capture", start=30, place=HERAT)  # same sentence (0, 80)
    events = merge_events([a, b, a], {}, {})
    assert len(events) == 2
    assert sum(len(e.mentions) for e in events) == 2


def test_one_subject_doing_one_kind_of_act_in_two_verbs_of_a_sentence_is_one_event() -> None:
    withdrawal = ("Strategic developments", "Troop withdrawal", "RETREAT")
    soldiers = Span("a1", 0, 19)  # "Government soldiers withdrew from Herat ... and retreated to a barracks"
    a = dataclasses.replace(mention("a1", "withdraw", start=20, place=HERAT, kind=withdrawal, day=THU),
                            actor1="Government soldiers", actor1_span=soldiers)
    b = dataclasses.replace(mention("a1", "retreat", start=50, kind=withdrawal, day=THU),
                            actor1="Government soldiers", actor1_span=soldiers)
    published = {"a1": THU}
    (e,) = merge_events([a, b], {}, published)
    assert len(e.mentions) == 2
    # two subjects, or one subject doing two kinds of act, are two acts
    other = dataclasses.replace(b, actor1="the police", actor1_span=Span("a1", 40, 50))
    assert len(merge_events([a, other], {}, published)) == 2
    captured = dataclasses.replace(b, type=CAPTURE[0], subtype=CAPTURE[1], plover=CAPTURE[2])
    assert len(merge_events([a, captured], {}, published)) == 2


def test_asserted_wins_and_majority_type() -> None:
    ms = [mention("a1", "capture", place=HERAT, modality="uncertain"),
          mention("a2", "capture", place=HERAT, modality="asserted"),
          mention("a3", "capture", place=HERAT, modality="uncertain")]
    (e,) = merge_events(ms, {}, {})
    assert e.modality == "asserted"


def test_odd_input_does_not_crash() -> None:
    ms = [mention("a1", "", actor1=None), mention("a2", "", actor1="   "),
          mention("a3", "ʻéæ", actor1="!!", kind=("", "", ""))]
    events = merge_events(ms, {}, {"a1": None}, texts={"a1": "", "a2": "x"})
    assert sum(len(e.mentions) for e in events) == 3


@pytest.mark.parametrize(("p", "q", "rel"), [
    (HERAT, HERAT, 1), (HERAT, KANDAHAR, -1), (HERAT, HERAT_PROVINCE, 0),
    (KANDAHAR, HERAT_PROVINCE, -1), (HERAT, AFGHANISTAN, 0), (HERAT, TEHRAN, -1),
])
def test_place_relation(p: Place, q: Place, rel: int) -> None:
    assert place_relation(p, q) == rel == place_relation(q, p)


def test_scorers_on_the_reference_example() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import event_coref

    event_coref._selftest()  # raises on a wrong MUC / B3 / CEAF-e value
    key = [{"a", "b"}, {"c"}]
    assert event_coref.conll(key, [{"a"}, {"b"}, {"c"}])["MUC"] == 0.0


def test_a_place_taken_and_a_place_surrendered_on_the_same_days_are_one_change_of_control() -> None:
    import dataclasses

    taken = mention("a1", "capture", start=5, place=HERAT)
    surrendered = dataclasses.replace(
        mention("a2", "surrender", start=5, place=HERAT),
        subtype="Non-violent transfer of territory", plover="RETREAT",
    )
    events = merge_events([taken, surrendered], {"a1": "s1", "a2": "s2"}, {"a1": None, "a2": None})
    assert len(events) == 1 and events[0].sources == ("s1", "s2")


def test_article_text_similarity_links_the_same_word_in_similar_articles_only() -> None:
    """The same trigger word in two articles on one event links; in an article on another event of the
    same kind (ECB+'s two seminal events of a topic) it does not (full-text TF-IDF of the articles)."""
    quake = "A magnitude 6.1 earthquake struck Lombok island in Indonesia on Sunday, killing 14 people in Lombok."
    quake2 = "The earthquake that struck Lombok island in Indonesia killed 14 people on Sunday, officials in Lombok said."
    other = "An earthquake struck central Chile near Talca on Monday; Chilean officials in Talca reported damage."
    texts = {"q1": quake, "q2": quake2, "c1": other}
    generic = ("event", "", "")
    ms = [mention(a, "strike", start=texts[a].index("struck"), sentence=(0, len(texts[a])), kind=generic,
                  actor1=None) for a in ("q1", "q2", "c1")]
    from newsfuse.align.events import pair_features

    pf = pair_features(ms, {}, texts=texts)
    by = {m.trigger.article: i for i, m in enumerate(pf.mentions)}
    assert pf.features["doc_tfidf"][by["q1"], by["q2"]] > pf.features["doc_tfidf"][by["q1"], by["c1"]]
    assert pf.features["name_overlap"][by["q1"], by["q2"]] > pf.features["name_overlap"][by["q1"], by["c1"]]
    events = merge_events(ms, {}, {}, texts=texts)
    assert {frozenset(m.trigger.article for m in e.mentions) for e in events} == {frozenset({"q1", "q2"}), frozenset({"c1"})}


def test_a_place_less_mention_takes_the_place_its_actor_belongs_to() -> None:
    """"Ghazni's governor fled" names no place, but its actor is Ghazni's: it must not join Herat's event."""
    from newsfuse.align.events import pair_features

    ghazni = Place("Ghazni", 33.55, 68.42, "city", "Afghanistan", "AF", "Ghazni", 1141269)
    fled = dataclasses.replace(mention("a1", "flee", actor1="Ghazni’s governor"), place_span=None)
    herat = mention("a2", "withdraw", place=HERAT, actor1="Afghan forces")
    ghazni_fell = mention("a3", "fall", place=ghazni, actor1="Ghazni")
    pf = pair_features([fled, herat, ghazni_fell], {})
    ix = {m.trigger.article: i for i, m in enumerate(pf.mentions)}
    assert pf.cannot_link[ix["a1"], ix["a2"]]
    assert not pf.cannot_link[ix["a1"], ix["a3"]]
    # No place named anywhere for the possessor: nothing changes.
    pf = pair_features([fled, mention("a4", "withdraw", place=KANDAHAR)], {})
    assert not pf.cannot_link[0, 1]


def test_shipped_pair_trees_are_small_and_score_pairs_symmetrically() -> None:
    import numpy as np

    from newsfuse.align.events import PAIR_TREES_FILE, PairTrees, pair_features, pair_trees, tree_probabilities

    assert PAIR_TREES_FILE.stat().st_size < 200_000
    trees = pair_trees()
    assert trees is not None and 0.0 < trees.threshold < 1.0

    ms = [mention("a1", "capture", place=HERAT), mention("a2", "capture", place=HERAT), mention("a3", "fall", place=KANDAHAR)]
    pf = pair_features(ms, {}, ToyEncoder())
    assert set(trees.features) <= set(pf.features)
    p = tree_probabilities(pf, trees)
    assert np.allclose(p, p.T) and ((p >= 0) & (p <= 1)).all()
    # A hand-built stump: logit = 0.5 + (1 if lemma <= 0.5 else 3).
    stump = PairTrees.from_json({"features": ["lemma"], "baseline": 0.5, "threshold": 0.5, "trees": [STUMP_NODES]})
    assert np.allclose(stump.logit(np.array([[0.0], [1.0]])), [1.5, 3.5])


def test_contextual_trigger_similarity_comes_from_encode_spans_when_the_encoder_has_it() -> None:
    import numpy as np

    from newsfuse.align.events import pair_features

    texts = {"a1": "Gunmen fired on a crowd in Herat on Thursday.", "a2": "The club fired its coach in Kabul on Friday.",
             "a3": "Police said gunmen fired at the market in Herat."}
    ms = [mention(a, "fired", start=t.index("fired"), sentence=(0, len(t))) for a, t in texts.items()]

    class Plain:
        def encode(self, texts):  # noqa: ANN001, ANN202
            return np.ones((len(texts), 3)) / np.sqrt(3)

    class Spans(Plain):
        seen: list = []

        def encode_spans(self, spans):  # noqa: ANN001, ANN202
            self.seen.extend(spans)
            v = np.array([[1.0, 0.0] if "gunmen" in t.lower() else [0.0, 1.0] for t, _s, _e in spans])
            return v

    assert not pair_features(ms, {}, Plain(), texts=texts).features["trigger_ctx_sim"].any()
    enc = Spans()
    pf = pair_features(ms, {}, enc, texts=texts)
    assert sorted(t[s:e] for t, s, e in enc.seen) == ["fired"] * 3
    ix = {m.trigger.article: i for i, m in enumerate(pf.mentions)}
    sim = pf.features["trigger_ctx_sim"]
    assert sim[ix["a1"], ix["a3"]] == 1.0 and sim[ix["a1"], ix["a2"]] == 0.0
    assert np.allclose(pf.features["trigger_ctx_x_tfidf"], sim * pf.features["doc_tfidf"])
    # Without the articles' texts there is no context to embed: zeros, and no call.
    enc.seen.clear()
    assert not pair_features(ms, {}, enc).features["trigger_ctx_sim"].any() and not enc.seen


def test_embedder_encode_spans_embeds_a_word_as_used_in_its_text() -> None:
    import numpy as np

    from newsfuse.embed import Embedder, EmbedderUnavailableError

    try:
        emb = Embedder()
        emb.encode(["x"])
    except EmbedderUnavailableError as exc:
        pytest.skip(str(exc))
    gun = "Gunmen fired on the crowd outside the mosque."
    gun2 = "Soldiers fired on protesters in the square."
    sack = "The company fired its chief executive on Monday."
    sack2 = "The club fired its coach after the defeat."
    long = "Word " * 400 + gun
    v = emb.encode_spans([(gun, 7, 12), (gun2, 9, 14), (sack, 12, 17), (sack2, 9, 14), (gun, 3, 3),
                          (long, 2000 + 7, 2000 + 12)])
    assert v.shape == (6, v.shape[1]) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[[0, 1, 2, 3, 5]], axis=1), 1.0, atol=1e-5) and not v[4].any()
    # "fired" on people is nearer "fired" on people than "fired" an employee, and the other way round.
    assert v[0] @ v[1] > max(v[0] @ v[2], v[0] @ v[3]) and v[2] @ v[3] > max(v[2] @ v[0], v[2] @ v[1])
    assert v[5] @ v[0] > 0.5  # a span deep in a long text is embedded in the window around it (not lost)
    assert np.allclose(emb.encode_spans([(sack, 12, 17)]), v[2], atol=1e-4)


def test_an_event_no_report_dates_is_dated_by_its_first_report_as_a_week() -> None:
    # "Kandahar has been entirely taken over" (Friday's paper), "the Taliban seized control of Kandahar"
    # (Saturday's): no date in either sentence, so the fall happened in the week up to Friday's report.
    ms = [mention("a1", "take", place=KANDAHAR), mention("a2", "seize", place=KANDAHAR)]
    events = merge_events(ms, {}, {"a1": FRI, "a2": FRI + dt.timedelta(days=1)})
    assert len(events) == 1
    e = events[0]
    assert (e.date, e.date_end, e.date_precision) == (FRI - dt.timedelta(days=7), FRI, "week")


@pytest.mark.parametrize("modality", ["future", "hypothetical", "negated"])
def test_an_event_that_did_not_happen_takes_no_date_from_its_reports(modality: str) -> None:
    e, = merge_events([mention("a1", "send", modality=modality)], {}, {"a1": FRI})
    assert (e.date, e.date_end, e.date_precision) == (None, None, None)


def test_a_stated_date_wins_over_the_report_date_and_no_publication_date_leaves_it_undated() -> None:
    e, = merge_events([mention("a1", "take", place=HERAT, day=THU), mention("a2", "take", place=HERAT)], {},
                      {"a1": FRI, "a2": FRI})
    assert (e.date, e.date_end, e.date_precision) == (THU, THU, "day")
    e, = merge_events([mention("a1", "take", place=HERAT)], {}, {"a1": None})
    assert e.date is None and e.date_precision is None


@pytest.mark.parametrize(("days", "precision"), [(2, "week"), (10, "month"), (60, "year")])
def test_an_event_dated_by_a_range_gets_a_report_precision(days: int, precision: str) -> None:
    m = mention("a1", "deploy")
    rng = DateMention("dt1", Span("a1", 60, 68), "in the next days", "range", FRI, FRI + dt.timedelta(days=days - 1))
    e, = merge_events([dataclasses.replace(m, date=rng)], {}, {"a1": FRI})
    assert (e.date, e.date_end, e.date_precision) == (FRI, FRI + dt.timedelta(days=days - 1), precision)


@pytest.mark.parametrize(("modality", "ongoing", "apart"), [
    ("asserted", False, True),   # "troops were sent" (Friday's paper): done by Friday, not Sunday's deployment
    ("future", False, False),    # "will send troops": from Friday on
    ("hypothetical", False, False),  # "troops would be sent if the situation worsened"
    ("asserted", True, False),   # "is deploying troops": under way on Friday, going on after it
])
def test_an_undated_act_still_to_come_or_under_way_may_be_a_later_dated_one(
        modality: str, ongoing: bool, apart: bool) -> None:
    """Friday's "the US will send 3,000 troops" and Saturday's "3,000 troops will be deployed in the next 24
    to 48 hours" (Sunday and Monday) can be one deployment; a deployment told as done on Friday cannot."""
    from newsfuse.align.events import pair_features

    deploy = ("Troop movements", "Troop deployment", "MOBILIZE")
    undated = dataclasses.replace(mention("a1", "send", kind=deploy, actor1="the US", modality=modality),
                                  ongoing=ongoing)
    sat = FRI + dt.timedelta(days=1)
    later = mention("a2", "deploy", kind=deploy, actor1=None, modality="future")
    later = dataclasses.replace(later, date=DateMention(
        "dt2", Span("a2", 60, 68), "in the next 24 to 48 hours", "range", sat + dt.timedelta(days=1),
        sat + dt.timedelta(days=2)))
    pf = pair_features([undated, later], {"a1": FRI, "a2": sat})
    assert bool(pf.cannot_link[0, 1]) is apart


def test_an_act_still_to_come_lies_in_the_week_from_the_date_it_was_announced() -> None:
    """"Late Thursday, Washington and London declared plans to evacuate" and "ordered troops in on Friday to
    evacuate" can be one evacuation; had both dates dated the evacuations, they could not."""
    from newsfuse.align.events import pair_features

    evac = ("Troop movements", "Evacuation", "RETREAT")
    fri_date = DateMention("dt2", Span("a2", 60, 68), "Friday", "day", FRI, FRI)
    thu = dataclasses.replace(mention("a1", "evacuate", kind=evac, actor1="Washington and London", day=THU),
                              modality="future")
    fri = dataclasses.replace(mention("a2", "evacuate", kind=evac, actor1="the US and the UK"), date=fri_date)
    published = {"a1": FRI, "a2": FRI}
    assert pair_features([thu, fri], published).cannot_link[0, 1]
    bounded = dataclasses.replace(thu, date=None, not_before=thu.date)
    assert not pair_features([bounded, fri], published).cannot_link[0, 1]
    # on or after Thursday, for a week: not a deployment dated a fortnight later
    late = dataclasses.replace(fri, date=dataclasses.replace(fri_date, start=THU + dt.timedelta(days=14),
                                                             end=THU + dt.timedelta(days=14)))
    assert pair_features([bounded, late], published).cannot_link[0, 1]


def test_a_fall_reported_as_possible_on_its_days_is_a_report_of_that_fall() -> None:
    """"It was possible they could fall soon" (Thursday's paper) and "appeared close to capturing Kandahar"
    are reports of Kandahar's fall, which Friday's papers tell as done; the fall stays asserted and is dated
    by the reports that say it happened (the week up to Friday), not by Thursday's."""
    taken = mention("a1", "take", place=KANDAHAR)
    seized = mention("a2", "seize", place=KANDAHAR)
    could = dataclasses.replace(mention("a3", "fall", place=KANDAHAR, actor1=None, modality="hypothetical"),
                                subtype="Non-violent transfer of territory", plover="RETREAT")
    close = mention("a4", "capture", place=KANDAHAR, actor1=None, modality="uncertain")
    herat = dataclasses.replace(mention("a5", "fall", place=HERAT, modality="hypothetical"),
                                subtype="Non-violent transfer of territory", plover="RETREAT")
    published = {"a1": FRI, "a2": FRI, "a3": THU, "a4": THU, "a5": THU}
    events = merge_events([taken, seized, could, close, herat], {}, published)
    (fall,) = [e for e in events if taken in e.mentions]
    assert {m.trigger.article for m in fall.mentions} == {"a1", "a2", "a3", "a4"}
    assert fall.modality == "asserted"
    assert {m.modality for m in fall.mentions} == {"asserted", "hypothetical", "uncertain"}
    assert (fall.date, fall.date_end, fall.date_precision) == (FRI - dt.timedelta(days=7), FRI, "week")
    # Herat's possible fall has no asserted fall to join
    assert any(e.mentions == (herat,) for e in events)



def test_singleton_stage_reads_from_the_trees_file_and_discounts_each_pair_by_both_mentions() -> None:
    import numpy as np

    from newsfuse.align.events import PairTrees, discount_singletons, mention_features, pair_features

    data = {"features": ["lemma"], "baseline": 0.5, "threshold": 0.3, "trees": [STUMP_NODES],
            "singleton": {"features": ["has_place"], "baseline": -1.0, "exponent": 2.0, "trees": [STUMP_NODES]}}
    trees = PairTrees.from_json(data)
    assert trees.singleton is not None and trees.singleton.exponent == 2.0
    assert PairTrees.from_json({k: v for k, v in data.items() if k != "singleton"}).singleton is None
    # The stump reads has_place: no place -> logit -1 + 1 = 0 (s = 0.5); a place -> -1 + 3 = 2 (s = 0.88).
    ms = [mention("a1", "capture", place=HERAT), mention("a2", "capture", place=HERAT), mention("a3", "capture")]
    pf = pair_features(ms, {})
    prob = np.full((3, 3), 0.8)
    out = discount_singletons(prob, pf, trees.singleton)
    keep = 1.0 - 1.0 / (1.0 + np.exp(-np.array([2.0, 2.0, 0.0])))  # exponent 2: (1 - s_a)(1 - s_b)
    assert np.allclose(out, 0.8 * keep[:, None] * keep[None, :])
    # The pair of the two likelier singletons keeps least.
    assert out[0, 1] < out[0, 2] < 0.8 and np.allclose(out, out.T)
    assert mention_features(pf, prob).shape == (3, 18)


def test_mention_features_tell_how_strongly_a_mention_is_tied_to_other_articles() -> None:
    import numpy as np

    from newsfuse.align.events import MENTION_FEATURES, mention_features, pair_features

    ms = [mention("a1", "capture", place=HERAT), mention("a2", "capture", place=HERAT),
          mention("a2", "meet", start=100, sentence=(90, 160), actor1=None), mention("a3", "capture", place=HERAT)]
    pf = pair_features(ms, {})
    prob = np.zeros((4, 4))
    prob[0, 1] = prob[1, 0] = 0.9   # a1 capture - a2 capture
    prob[1, 2] = prob[2, 1] = 0.7   # two mentions of one article
    prob[0, 3] = prob[3, 0] = 0.4
    x = dict(zip(MENTION_FEATURES, mention_features(pf, prob).T))
    assert x["best_pair"].tolist() == [0.9, 0.9, 0.7, 0.4]
    assert x["best_other_article"].tolist() == [0.9, 0.9, 0.0, 0.4]
    assert x["best_same_article"].tolist() == [0.0, 0.7, 0.7, 0.0]
    assert x["likely_pairs"].tolist() == [1, 2, 1, 0]
    # "capture" is named in all three articles; "meet" in one.
    assert x["same_word_other_article"].tolist() == [2, 2, 0, 2]
    assert x["same_word_article_share"].tolist() == [1.0, 1.0, 0.0, 1.0]
    assert x["article_mentions"].tolist() == [1, 2, 2, 1]
    assert x["has_actor1"].tolist() == [1, 1, 0, 1] and x["has_place"].tolist() == [1, 1, 0, 1]
    # A cannot-link pair (same sentence) ties nothing, whatever its probability.
    same = [mention("a1", "capture", place=HERAT), mention("a1", "seize", start=30, place=HERAT)]
    pf = pair_features(same, {})
    assert pf.cannot_link[0, 1]
    assert mention_features(pf, np.full((2, 2), 0.9))[:, 0].tolist() == [0.0, 0.0]


def test_one_article_is_clustered_by_the_pair_model_alone() -> None:
    import dataclasses

    import numpy as np

    from newsfuse.align.events import pair_features, pair_trees, tree_probabilities

    trees = pair_trees()
    assert trees is not None and trees.singleton is not None
    alone = dataclasses.replace(trees, singleton=None)
    one = [mention("a1", "capture", place=HERAT), mention("a1", "fall", start=100, sentence=(90, 160), place=HERAT)]
    pf = pair_features(one, {}, ToyEncoder())
    assert np.array_equal(tree_probabilities(pf, trees), tree_probabilities(pf, alone))
    # Two articles: the singleton stage discounts (never raises) every pair.
    two = [*one, mention("a2", "capture", place=HERAT)]
    pf = pair_features(two, {}, ToyEncoder())
    with_stage, without = tree_probabilities(pf, trees), tree_probabilities(pf, alone)
    assert (with_stage <= without + 1e-12).all() and (with_stage < without).any()


@pytest.mark.parametrize(("actors", "best"), [
    # a party of a joint actor is named by it: two "the US", one "the US and the UK" beat two "Biden administration"
    (["Biden administration", "the US", "Biden administration", "the US", "the US and the UK"], "the US"),
    # a word inside another name is no party of it
    (["Afghan forces", "forces", "Afghan forces", "government forces"], "Afghan forces"),
    # otherwise the name used most often
    (["the Taliban", "Taliban fighters", "the Taliban"], "the Taliban"),
])
def test_an_events_actor_is_the_one_most_reports_name(actors, best) -> None:
    ms = [dataclasses.replace(mention(f"a{i}", "deploy", kind=("Strategic developments", "Troop deployment", "MOBILIZE")),
                              actor1=a) for i, a in enumerate(actors)]
    (event,) = merge_events(ms, {}, {})
    assert event.actor1 == best


def test_one_incident_told_as_an_attack_a_bombing_and_a_killing_may_be_one_event() -> None:
    """ACLED's kinds of violence are one family: "the attack", "the car bomb exploded" and "killed 12"
    may tell one incident, so they are never kept apart by their type alone; a vague word ("attack",
    "kill") takes no sub-type penalty against a specific one, two specific ones still do, and violence
    and a non-violent act stay apart."""
    from newsfuse.align.events import pair_features

    mogadishu = Place("Mogadishu", 2.04, 45.34, "city", "Somalia", "SO", "Banaadir", 53654)
    bomb = mention("a1", "explode", place=mogadishu, actor1=None,
                   kind=("Explosions/Remote violence", "Remote explosive/landmine/IED", "ASSAULT"))
    attack = mention("a2", "attack", place=mogadishu, actor1=None, kind=CLASH)
    killed = mention("a3", "kill", place=mogadishu, actor1=None,
                     kind=("Violence against civilians", "Attack", "ASSAULT"))
    shelling = mention("a4", "shell", place=mogadishu, actor1=None,
                       kind=("Explosions/Remote violence", "Shelling/artillery/missile attack", "FIGHT"))
    clash = mention("a5", "clash", place=mogadishu, actor1=None, kind=CLASH)
    talks = mention("a6", "meet", place=mogadishu, actor1=None,
                    kind=("Statements and diplomacy", "Meeting/talks", "CONSULT"))
    pf = pair_features([bomb, attack, killed, shelling, clash, talks], {})
    ix = {m.trigger.article: i for i, m in enumerate(pf.mentions)}
    for a, b in (("a1", "a2"), ("a1", "a3"), ("a2", "a3"), ("a4", "a5")):
        assert not pf.cannot_link[ix[a], ix[b]], (a, b)
    for a, b in (("a1", "a2"), ("a1", "a3")):
        assert not pf.subtype_mismatch[ix[a], ix[b]], (a, b)
    assert pf.subtype_mismatch[ix["a1"], ix["a4"]]  # a car bomb and shelling: two specific kinds
    assert pf.subtype_mismatch[ix["a4"], ix["a5"]]
    assert pf.cannot_link[ix["a1"], ix["a6"]]  # violence and talks
