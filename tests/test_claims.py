"""Claims: extracted per article with provenance, aligned across independent sources, with
contradictions that explain themselves."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest

from newsfuse.align.claims import align_claims, value_interval
from newsfuse.annotate.dates import find_dates
from newsfuse.annotate.entities import find_entities
from newsfuse.annotate.figures import find_figures
from newsfuse.annotate.places import find_places
from newsfuse.annotate.quotes import find_quotes
from newsfuse.extract.claims import CONDITIONAL, extract_claims
from newsfuse.extract.events import find_events
from newsfuse.model import Annotations, Article, Claim, Figure, Noise, Span, article_id


def annotate(article: Article, nlp, gaz) -> tuple[Annotations, list]:
    doc = nlp(article.text)
    places = find_places(doc, nlp, gaz)
    ents = find_entities(doc, article.id, places)
    ann = Annotations(
        article=article.id,
        sentences=tuple((s.start_char, s.end_char) for s in doc.sents),
        entities=tuple(ents),
        dates=tuple(find_dates(doc, article.id, article.published)),
        figures=tuple(find_figures(doc, article.id)),
        quotes=tuple(find_quotes(doc, article.id, 0, ents)),
    )
    return ann, find_events(doc, ann)


def make(text: str, published: dt.date | None = dt.date(2021, 8, 13)) -> Article:
    return Article(id=article_id(text), text=text, origins=(f"mem:{article_id(text)}",), published=published)


def claims_of(articles, nlp, gaz) -> list[Claim]:
    out = []
    for a in articles:
        ann, events = annotate(a, nlp, gaz)
        out.extend(extract_claims(a, ann, events))
    return out


def check_provenance(claims, articles):
    texts = {a.id: a.text for a in articles}
    for c in claims:
        assert c.text == texts[c.mentions[0].article][c.mentions[0].start:c.mentions[0].end]
        for m in c.mentions:
            assert 0 <= m.start < m.end <= len(texts[m.article])
        for cf in c.conflicts:
            assert cf.why and cf.mine in c.mentions
            assert cf.theirs.end <= len(texts[cf.theirs.article])


# ---- the seeds ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seeds_dir, nlp, gaz):
    from newsfuse.api import read_articles
    from newsfuse.sources import group_sources

    arts = sorted(read_articles([seeds_dir]).articles, key=lambda a: a.origin)
    source_of = {aid: g.id for g in group_sources(arts) for aid in g.articles}
    per_article = {a.origin.rsplit("/", 1)[-1][:3]: a for a in arts}
    claims = claims_of(arts, nlp, gaz)
    return arts, per_article, source_of, claims, align_claims(claims, source_of)


def key(c: Claim) -> tuple[str, str, str]:
    return c.subject, c.relation, c.value


def test_seed_source_groups_are_the_expected_three(seeds):
    _, s, source_of, _, _ = seeds
    assert source_of[s["000"].id] == source_of[s["001"].id]
    assert source_of[s["003"].id] == source_of[s["004"].id]
    assert len({source_of[s[n].id] for n in ("000", "002", "003")}) == 3


def test_3000_us_troops_corroborated_by_three_independent_sources(seeds):
    arts, s, _, _, aligned = seeds
    (c,) = [c for c in aligned if c.relation == "deployed" and c.value == "3000" and c.subject.endswith("troops")]
    assert c.status == "corroborated" and c.independent_sources == 3
    assert {m.article for m in c.mentions} >= {s["000"].id, s["002"].id, s["003"].id}
    assert "United States" in c.subject
    check_provenance(aligned, arts)


def test_seed_disagreements_are_found_with_reasons(seeds):
    _, s, _, _, aligned = seeds
    contradicted = {key(c) for c in aligned if c.status == "contradicted"}
    # The full set: the four disagreements of the seed README, nothing else.
    assert contradicted == {
        ("Ghazni", "distance from Kabul", "128.7 km"),  # about 80 miles ...
        ("Ghazni", "distance from Kabul", "150.0 km"),  # ... vs 150 km / 150 kilometers (95 miles)
        ("Herāt", "capital to fall" + CONDITIONAL, "10"),  # the tenth provincial capital ...
        ("Ghazni", "capital to fall", "10"),  # ... vs the 10th and 11th
        ("Kandahār", "control", "entirely taken"),  # entirely taken over ...
        ("Kandahār", "control", "government still holds part"),  # ... vs government holds the airport
        ("Kandahār", "captured (attributed)", "captured, per Associated Press"),  # AP reports a capture ...
        ("Kandahār", "captured (attributed)", "not yet clear, per A U.S. defense official"),  # ... "not yet clear"
        ("Herāt", "captured (attributed)", "captured, per Associated Press"),
        ("Herāt", "captured (attributed)", "not yet clear, per A U.S. defense official"),
    }
    by_key = {key(c): c for c in aligned}
    about80 = by_key[("Ghazni", "distance from Kabul", "128.7 km")]
    (cf,) = about80.conflicts
    assert cf.kind == "numeric" and "about 80 miles" in cf.why and "do not overlap" in cf.why
    km150 = by_key[("Ghazni", "distance from Kabul", "150.0 km")]
    assert {m.article for m in km150.mentions} == {s["002"].id, s["004"].id}  # 150 km and 150 kilometers (95 miles) agree
    assert cf.claim == km150.id
    kinds = {cf.kind for c in aligned for cf in c.conflicts}
    assert kinds == {"numeric", "count", "status", "attributed"}
    status = by_key[("Kandahār", "control", "entirely taken")].conflicts[0]
    assert status.kind == "status" and "2021-08-13" in status.why
    assert status.theirs.article == s["000"].id
    attributed = by_key[("Kandahār", "captured (attributed)", "captured, per Associated Press")].conflicts[0]
    assert attributed.mine.article == attributed.theirs.article == s["001"].id
    assert "not yet clear" in attributed.why


def test_seed_corroborations_count_source_groups(seeds):
    _, _, _, _, aligned = seeds
    by_key = {key(c): c for c in aligned}
    assert by_key[("Kandahār", "largest city", "2")].independent_sources == 3
    assert by_key[("Ghazni", "taken", "taken")].independent_sources == 3
    assert by_key[("United Kingdom troops", "deployed", "600")].status == "corroborated"
    for c in aligned:
        assert c.independent_sources == len(c.sources) == len(set(c.sources))
        assert c.independent_sources <= 3  # three source groups, five articles


def test_extracted_claims_carry_exact_text_and_skip_noise(seeds):
    arts, s, _, claims, _ = seeds
    check_provenance(claims, arts)
    caption = s["001"].text.index("(Joy Yi/The Washington Post)")
    assert s["001"].is_noise(caption, caption + 10)
    assert not any(m.article == s["001"].id and m.start <= caption < m.end for c in claims for m in c.mentions)


def test_align_is_deterministic_and_order_free(seeds):
    _, _, source_of, claims, aligned = seeds
    shuffled = list(claims)
    random.Random(7).shuffle(shuffled)
    assert align_claims(shuffled, source_of) == aligned


# ---- stories built by hand ------------------------------------------------------------------


def test_one_article_story_is_all_unique(seeds):
    arts, s, source_of, claims, _ = seeds
    mine = [c for c in claims if c.mentions[0].article == s["004"].id]
    aligned = align_claims(mine, source_of)
    assert aligned and all(c.status == "unique" and c.independent_sources == 1 for c in aligned)


def test_two_identical_articles_in_one_source_do_not_corroborate_themselves(seeds, nlp, gaz):
    _, s, _, claims, _ = seeds
    original = s["003"]
    copy = replace(original, id="acopy0000000000", origins=("elsewhere/copy.txt",))
    mine = [c for c in claims if c.mentions[0].article == original.id]
    copied = extract_claims(copy, *annotate(copy, nlp, gaz))
    assert [key(c) for c in copied] == [key(c) for c in mine]
    one_source = align_claims(mine + copied, {original.id: "g", copy.id: "g"})
    assert all(c.status == "unique" and c.independent_sources == 1 for c in one_source)
    assert any(len(c.mentions) == 2 for c in one_source)  # merged, just not counted twice
    two_sources = align_claims(mine + copied, {original.id: "g", copy.id: "h"})
    assert all(c.status in ("corroborated", "contradicted") for c in two_sources)


def test_counts_conflict_only_with_same_actor_place_and_counted_noun(nlp, gaz):
    a = make("Britain will deploy 600 troops to Kabul to evacuate its citizens.")
    b = make("Britain will deploy 900 troops to Kabul to help its nationals leave.")
    c = make("Britain will deploy 900 police officers to Kabul.")
    d = make("Canada will deploy 900 troops to Kabul.")
    claims = claims_of([a, b, c, d], nlp, gaz)
    aligned = align_claims(claims, {x.id: x.id for x in (a, b, c, d)})
    bad = sorted((c for c in aligned if c.status == "contradicted"), key=lambda c: c.value)
    assert [(c.subject, c.value) for c in bad] == [("United Kingdom troops", "600"), ("United Kingdom troops", "900")]
    assert "600" in bad[0].conflicts[0].why and "900" in bad[0].conflicts[0].why


def test_figures_without_units_compare_only_with_the_same_of():
    def fig(article, of, value):
        return Figure(id=f"f{article}", span=Span(article, 0, 3), text="n", kind="count", value=value, of=of)

    def claim(article, of, value):
        return Claim(id=f"c{article}", text="x", subject="United States " + of, relation="deployed",
                     value=f"{value:g}", mentions=(Span(article, 0, 3),), place="Kabul", figure=fig(article, of, value))

    same = align_claims([claim("a1", "troops", 3000), claim("a2", "troops", 5000)], {})
    assert {c.status for c in same} == {"contradicted"}
    other = align_claims([claim("a1", "troops", 3000), claim("a2", "civilians", 5000)], {})
    assert {c.status for c in other} == {"unique"}


def test_conflicting_dates_for_the_same_capture(nlp, gaz):
    a = make("The Taliban captured Ghazni on Thursday, officials said.")
    b = make("The Taliban captured Ghazni on Wednesday after a long siege.")
    claims = claims_of([a, b], nlp, gaz)
    taken = [c for c in claims if c.relation == "taken"]
    assert {c.date for c in taken} == {dt.date(2021, 8, 12), dt.date(2021, 8, 11)}
    aligned = align_claims(claims, {a.id: "s1", b.id: "s2"})
    dated = [c for c in aligned if c.relation == "taken"]
    assert len(dated) == 2 and all(c.status == "contradicted" for c in dated)
    assert all(cf.kind == "date" and "2021-08-11" in cf.why and "2021-08-12" in cf.why for c in dated for cf in c.conflicts)
    same_source = align_claims(claims, {a.id: "s1", b.id: "s1"})
    assert not any(c.conflicts for c in same_source)


def test_non_asserted_captures_are_not_facts(nlp, gaz):
    a = make("The Taliban may capture Ghazni on Thursday. Officials fear the militants could soon seize Herat.")
    ann, events = annotate(a, nlp, gaz)
    assert not [c for c in extract_claims(a, ann, events) if c.relation == "taken"]


def test_one_of_many_is_no_figure_claim(nlp, gaz):
    a = make('"One of the main reasons we lost so much ground is the cooperation of officials," said one '
             "State Department official. One soldier was killed in Kabul.")
    claims = claims_of([a], nlp, gaz)
    assert [(c.subject, c.relation, c.value) for c in claims] == [("troops", "killed", "1")], claims


def test_conditional_figures_are_marked(nlp, gaz):
    a = make("About 3500 additional US troops would be sent to the region if the situation worsened.")
    (c,) = extract_claims(a, *annotate(a, nlp, gaz))
    assert c.relation.endswith(CONDITIONAL)


@pytest.mark.parametrize(
    ("approx", "value", "lo", "hi"),
    [(None, 150, 147, 153), ("about", 80, 75, 85), ("more than", 10, 10, float("inf")), ("up to", 500, 0, 500),
     ("nearly", 200, 180, 200)],
)
def test_value_interval_honours_the_stated_hedge(approx, value, lo, hi):
    f = Figure(id="f", span=Span("a", 0, 1), text="x", kind="count", value=value, approx=approx)
    assert value_interval(f) == (pytest.approx(lo), pytest.approx(hi))


def test_works_without_events_and_on_bad_input(nlp, gaz):
    for text in ["", "   ", "¿¡ 💥 ⅔ 1e10", "The Taliban took Kabul with 3,000 fighters. " * 150]:
        a = make(text) if text else Article(id="aempty", text="", origins=("x",))
        ann = annotate(a, nlp, gaz)[0] if text else Annotations(article="aempty")
        assert isinstance(extract_claims(a, ann), list)
    text = "Britain will deploy 600 troops to Kabul."
    a = replace(make(text), noise=(Noise("caption", 0, len(text)),))
    assert extract_claims(a, annotate(a, nlp, gaz)[0]) == []
    assert align_claims([], {}) == []


def test_people_leaving_one_town_are_one_count_whatever_the_words(nlp, gaz):
    # the sample's planted disagreement, in fresh words: two outlets' totals for one town and day
    a = make("In Bewdley, about 1,200 residents had left their homes by Thursday evening, the council said.")
    b = make("The minister visited the town of Bewdley on Thursday as some 2,000 people were moved out of riverside streets.")
    c = make("In Bewdley, about 1,150 people had been told to leave their homes by Thursday evening.")
    d = make("In Tewkesbury, some 2,000 residents left their homes on Thursday.")
    e = make("In Bewdley, some 2,000 residents had left their homes by Monday.")
    claims = claims_of([a, b, c, d, e], nlp, gaz)
    counts = {x.mentions[0].article: x for x in claims if x.subject == "people"}
    assert {x.relation for x in counts.values()} == {"evacuated"}
    assert counts[a.id].place == counts[b.id].place == "Bewdley" and counts[d.id].place == "Tewkesbury"
    aligned = align_claims(claims, {x.id: x.id for x in (a, b, c, d, e)})
    by_value = {x.value: x for x in aligned if x.subject == "people" and x.place == "Bewdley"}
    # 1,200 and 1,150 ("about") agree; both disagree with Thursday's 2,000, not with Monday's
    agree = next(x for x in aligned if {m.article for m in x.mentions} == {a.id, c.id})
    assert agree.status == "contradicted" and agree.independent_sources == 2
    thursday = next(x for x in aligned if b.id in {m.article for m in x.mentions})
    assert thursday.status == "contradicted"
    assert "some 2,000" in thursday.conflicts[0].why and "the ranges do not overlap" in thursday.conflicts[0].why
    monday = next(x for x in aligned if e.id in {m.article for m in x.mentions})
    assert all(cf.claim != monday.id for x in (agree, thursday) for cf in x.conflicts)
    tewkesbury = next(x for x in aligned if d.id in {m.article for m in x.mentions})
    assert tewkesbury.status == "unique"
    assert by_value


def test_distances_need_a_direction_and_a_reference_and_have_no_direction(nlp, gaz):
    one = make("SHREWSBURY — Shops in Shrewsbury stayed shut on Wednesday. The River Severn will reach the city "
               "of Worcester, about 40 miles to the south-east, by Friday.")
    one = replace(one, dateline="SHREWSBURY")
    two = make("WORCESTER — Worcester braced for the crest on Friday. The river set a record at Shrewsbury, "
               "about 90 km upstream, on Thursday.")
    two = replace(two, dateline="WORCESTER")
    level = make("The Severn peaked at 5.61 metres at the Welsh Bridge gauge in Shrewsbury.")
    nowhere = make("A rest centre opened in Kidderminster, three miles away.")
    claims = claims_of([one, two, level, nowhere], nlp, gaz)
    dist = [x for x in claims if x.relation.startswith("distance")]
    assert sorted((x.subject, x.relation) for x in dist) == [("Shrewsbury", "distance from Worcester")] * 2
    aligned = align_claims(dist, {one.id: "s1", two.id: "s2"})
    assert {x.status for x in aligned} == {"contradicted"}
    assert "64.4 km" in aligned[0].conflicts[0].why and "90.0 km" in aligned[0].conflicts[0].why


def test_a_structure_collapsed_in_one_report_and_standing_in_another_conflict(nlp, gaz):
    down = make("Hauliers said the loss of river crossings was adding hours to journeys. The bridge at Cressage, "
                "south-east of Shrewsbury, has collapsed, according to a haulage firm.", published=dt.date(2026, 2, 12))
    up = make("The council corrected reports about the bridge at Cressage. The crossing is closed but standing, a "
              "spokeswoman said, after debris struck its piers on Wednesday night.", published=dt.date(2026, 2, 12))
    later = make("The bridge at Cressage has collapsed, engineers said.", published=dt.date(2026, 2, 20))
    earlier_up = make("The bridge at Cressage is still standing, the council said.", published=dt.date(2026, 2, 5))
    claims = claims_of([down, up, later, earlier_up], nlp, gaz)
    states = {c.mentions[0].article: c for c in claims if c.relation == "state"}
    assert states[down.id].subject == states[up.id].subject == "bridge at Cressage"
    assert (states[down.id].value, states[up.id].value) == ("collapsed", "standing")
    aligned = align_claims([states[down.id], states[up.id]], {down.id: "s1", up.id: "s2"})
    assert {c.status for c in aligned} == {"contradicted"}
    assert all(cf.kind == "status" and "collapsed" in cf.why for c in aligned for cf in c.conflicts)
    # standing on the 5th, collapsed on the 20th: the story moved on, nobody is wrong
    moved_on = align_claims([states[earlier_up.id], states[later.id]], {earlier_up.id: "s1", later.id: "s2"})
    assert {c.status for c in moved_on} == {"unique"}


@pytest.mark.parametrize("text", [
    "The advance leaves the insurgents holding half of Afghanistan's 34 provincial capitals.",
    "The Taliban now control more than a third of the 34 provincial capitals.",
    "The militants hold half of its 34 provincial capitals.",
])
def test_the_count_a_share_is_taken_of_is_a_total_not_the_share(nlp, gaz, text):
    claims = claims_of([make(text)], nlp, gaz)
    held = {c.value for c in claims if c.relation == "controlled"}
    assert "34" not in held, [key(c) for c in claims]
    assert any(c.relation == "number" and c.value == "34" for c in claims), [key(c) for c in claims]
    assert held, [key(c) for c in claims]  # the share itself is still what is held


@pytest.mark.parametrize(("text", "value"), [
    # a count of places that fell is a count of places taken, not a bare number
    ("Hundreds of soldiers surrendered after the militants overran three key cities.", "3"),
    ("A swift march saw more than a third of the country's provincial capitals fall in a week.", "0.33"),
    ("The Taliban have captured 12 provincial capitals since last Friday.", "12"),
])
def test_a_count_of_places_that_fell_is_what_was_taken(nlp, gaz, text, value):
    claims = claims_of([make(text)], nlp, gaz)
    assert any(c.relation == "taken" and c.value == value for c in claims), [key(c) for c in claims]


@pytest.mark.parametrize(("text", "relation"), [
    # words of taking near a count of people or things say nothing of places taken
    ("Three of his fellow soldiers were killed in the attack.", "killed"),
    ("Since the fall of Kabul, some 120,000 people have been evacuated.", "evacuated"),
    ("The Taliban captured 20 Afghan soldiers near the base.", "number"),
])
def test_a_count_of_people_near_a_word_of_taking_keeps_its_own_relation(nlp, gaz, text, relation):
    claims = [c for c in claims_of([make(text)], nlp, gaz) if c.figure is not None and c.figure.kind == "count"]
    assert claims and all(c.relation == relation for c in claims), [key(c) for c in claims]


def test_a_share_and_a_count_of_the_same_things_neither_agree_nor_conflict(nlp, gaz):
    share = make("The Taliban now control more than a third of the provincial capitals.")
    count = make("The insurgents now hold 34 provincial capitals, officials said.")
    claims = claims_of([share, count], nlp, gaz)
    aligned = align_claims(claims, {share.id: "a", count.id: "b"})
    capitals = [c for c in aligned if c.subject.endswith("capital")]
    assert len(capitals) == 2, [(key(c), c.independent_sources) for c in aligned]
    assert all(c.status == "unique" and c.independent_sources == 1 for c in capitals), [key(c) for c in capitals]
