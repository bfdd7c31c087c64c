"""Figures: numbers with what they count, unit normalisation, hedges, ordinals, and what is not a figure."""

from __future__ import annotations

import pytest

from newsfuse.annotate.figures import VAGUE_COUNTS, figure_id, find_figures
from newsfuse.model import Figure

from conftest import seed_text


def figs(nlp, text: str, article: str = "a1") -> list[Figure]:
    out = find_figures(nlp(text), article)
    for f in out:
        assert text[f.span.start:f.span.end] == f.text
        assert f.span.article == article
        assert f.id == figure_id(article, f.span.start, f.span.end)
    return out


def only(nlp, text: str) -> Figure:
    found = figs(nlp, text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "value", "high", "of", "approx"),
    [
        ("The army sent 3,000 troops to the city.", "count", 3000, None, "troops", None),
        ("More than 1,000 people fled.", "count", 1000, None, "people", "more than"),
        ("At least 12 people were killed.", "count", 12, None, "people", "at least"),
        ("Up to 500 troops will go.", "count", 500, None, "troops", "up to"),
        ("Some 2.5 million people were displaced.", "count", 2.5e6, None, "people", "some"),
        ("Officials said 24 to 48 people were hurt.", "count", 24, 48, "people", None),
        ("Between 30 and 40 fighters were killed.", "count", 30, 40, "fighters", None),
        ("Herat would be the tenth provincial capital to fall.", "ordinal", 10, None, "provincial capital", None),
        ("Kandahar is the second largest city.", "ordinal", 2, None, "city", None),
        ("The Taliban control roughly two-thirds of the country.", "fraction", 2 / 3, None, "country", "roughly"),
        ("A 3/4 majority voted.", "fraction", 0.75, None, "majority", None),
        ("Prices rose 12 percent last year.", "percent", 12, None, None, None),
        ("Hundreds of soldiers surrendered.", "vague", VAGUE_COUNTS["hundreds"], None, "soldiers", "at least"),
        ("They handed over dozens of Humvees.", "vague", 24, None, "humvees", "at least"),
    ],
)
def test_phrase_table(nlp, text, kind, value, high, of, approx):
    f = only(nlp, text)
    assert (f.kind, f.of, f.approx) == (kind, of, approx)
    assert f.value == pytest.approx(value)
    assert f.high == (None if high is None else pytest.approx(high))


def test_vague_counts_are_the_documented_conservative_values():
    assert VAGUE_COUNTS["hundreds"] == 100 and VAGUE_COUNTS["dozens"] == 24


@pytest.mark.parametrize(
    ("text", "unit", "normalized", "unit_norm", "approx"),
    [
        ("Ghazni is about 80 miles southwest of Kabul.", "mile", 128.75, "km", "about"),
        ("It lies some 150 km southwest of the capital.", "kilometre", 150, "km", "some"),
        ("The convoy carried 20 tonnes of food.", "tonne", 20000, "kg", None),
        ("The airport is 5 km east.", "kilometre", 5, "km", None),
        ("The fund holds $5 million in cash.", "USD", 5e6, "USD", None),
        ("A ransom of 2 million euros was paid.", "EUR", 2e6, "EUR", None),
    ],
)
def test_units_are_normalised(nlp, text, unit, normalized, unit_norm, approx):
    f = only(nlp, text)
    assert f.unit == unit and f.normalized_unit == unit_norm and f.approx == approx
    assert f.normalized == pytest.approx(normalized, rel=1e-3)


def test_parenthetical_restatement_is_one_figure(nlp):
    f = only(nlp, "Ghazni, approximately 150 kilometers (95 miles) south of Kabul, fell.")
    assert f.text == "approximately 150 kilometers (95 miles)"
    assert f.normalized == pytest.approx(150) and f.normalized_unit == "km" and f.of == "distance"
    assert "95 mile" in f.note


def test_ordinal_list_is_two_ordinals(nlp):
    found = figs(nlp, "The capitals of Ghazni and Badghis were the 10th and 11th to fall to the Taliban.")
    assert [(f.kind, f.value, f.of) for f in found] == [("ordinal", 10, "capitals"), ("ordinal", 11, "capitals")]


def test_fraction_of_a_number_says_what_it_comes_to(nlp):
    half, n = figs(nlp, "They hold half of Afghanistan's 34 provincial capitals.")
    assert (half.kind, half.value, half.of) == ("fraction", 0.5, "provincial capitals")
    assert "17" in half.note
    assert (n.kind, n.value) == ("count", 34)


@pytest.mark.parametrize(
    "text",
    [
        "In 2021 the war ended.",
        "The deadline is Aug. 31.",
        "They offered potential 24/7 operations.",
        "The attack began at 5 p.m. on Friday.",
        "It was 10:30 when they came.",
        "Troops will arrive in the next 24 to 48 hours.",
        "Kabul could fall within 30 to 90 days.",
        "The story was first reported by Reuters.",
        "The ban could last at least 20 more years.",
    ],
)
def test_dates_times_and_durations_are_not_figures(nlp, text):
    assert figs(nlp, text) == []


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "¿¡ 💥 ²³ ⅔ ① 1e10 0x1F 3.14.15 ,,, 1,00,000 $ % km", "9" * 400])
def test_bad_input_does_not_crash(nlp, text):
    figs(nlp, text)


def test_offset_shifts_spans_into_the_article(nlp):
    text = "Nearly 200 civilians died."
    (f,) = find_figures(nlp(text), "a1", offset=100)
    assert (f.span.start, f.span.end) == (100, 100 + len("Nearly 200"))
    assert f.id == figure_id("a1", 100, 110)


def test_deterministic(nlp):
    text = seed_text("002")
    assert find_figures(nlp(text), "x") == find_figures(nlp(text), "x")


def test_seed_distances_and_troops(nlp, seeds_dir):
    dist = []
    troops = []
    for name in ("001", "002", "003", "004"):
        text = seed_text(name)
        for f in figs(nlp, text, name):
            if f.of == "distance":
                dist.append(f)
            if f.of == "troops" and f.value == 3000:
                troops.append(f)
    by_text = {f.text: f for f in dist}
    about80 = by_text["about 80 miles"]
    assert about80.approx == "about" and about80.normalized == pytest.approx(128.7, abs=0.1)
    assert by_text["some 150 km"].normalized == pytest.approx(150)
    paren = by_text["approximately 150 kilometers (95 miles)"]
    assert paren.normalized == pytest.approx(150)
    assert not any(f.text.startswith("95") for f in dist)  # the parenthetical is not a second figure
    assert {f.span.article for f in troops} == {"002", "003"}
    assert all(f.kind == "count" for f in troops)
