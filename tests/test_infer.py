"""Metadata from the article's own words: dateline, credited agencies, the writing outlet."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from conftest import seed_text

from newsfuse.infer import canonical_credit, find_metadata, infer_metadata
from newsfuse.model import Article, Metadata, RawArticle
from newsfuse.normalise import normalise


def seed(name: str) -> Article:
    return infer_metadata(normalise(RawArticle(origin=f"seeds/{name}.txt", text=seed_text(name))))


def infer(*paragraphs: str) -> Article:
    return infer_metadata(normalise(RawArticle("hand.txt", "\n\n".join(paragraphs))))


BODY = "The governor fled the city as it fell and was later arrested on the road to the capital, a spokesman said."
MORE = "Government forces still held the airport and an adjoining military base late on Thursday, residents said."


# ---- the seeds ----------------------------------------------------------------------------------

SEED_EXPECTED = {
    # name: (dateline, credits, outlet)
    # 000 cites Reuters for the UN statement ("..., Reuters reported."), a credit by the same rule
    # as 002's "..., the BBC reported"; "Global News reported" is not in the agency table.
    "000": ("KABUL", ("Reuters",), "The Washington Post"),
    "001": ("KABUL", ("The Associated Press",), "The Washington Post"),
    "002": (None, ("Reuters", "BBC"), None),
    "003": (None, ("AFP",), None),
    "004": (None, ("AFP",), None),
}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_inference(seeds_dir, name: str) -> None:
    a = seed(name)
    assert (a.dateline, a.credits, a.outlet) == SEED_EXPECTED[name]
    assert a.published is None  # never inferred
    inferred = {f for f, src in a.meta_from if src == "text"}
    assert inferred == {f for f, v in zip(("dateline", "credits", "outlet"), SEED_EXPECTED[name]) if v}


@pytest.mark.parametrize("name", sorted(SEED_EXPECTED))
def test_seed_evidence_offsets_resolve(seeds_dir, name: str) -> None:
    a = normalise(RawArticle(origin=name, text=seed_text(name)))
    found = find_metadata(a)
    for f in (found.dateline, found.outlet, *found.credits):
        if f is None:
            continue
        assert 0 <= f.start < f.end <= len(a.text)
        evidence = a.text[f.start : f.end]
        # The evidence is the name as written (possibly an alias) or a trailer naming it by form.
        assert evidence == f.value or canonical_credit(evidence) == f.value or "Reporting by" in evidence


def test_keeps_what_the_source_gave_and_only_fills_gaps(seeds_dir) -> None:
    meta = Metadata(outlet="Some Paper", credits=("dpa",), published=dt.date(2021, 8, 13))
    a = normalise(RawArticle("seeds/000.txt", seed_text("000"), meta, "manifest"))
    b = infer_metadata(a)
    assert (b.outlet, b.credits, b.published) == ("Some Paper", ("dpa",), dt.date(2021, 8, 13))
    assert b.dateline == "KABUL"
    assert b.meta_from == (("outlet", "manifest"), ("published", "manifest"), ("credits", "manifest"), ("dateline", "text"))
    assert (b.id, b.text, b.noise, b.paragraphs) == (a.id, a.text, a.noise, a.paragraphs)  # text untouched
    assert infer_metadata(b) == b  # idempotent


def test_nothing_to_infer_returns_the_same_article() -> None:
    a = normalise(RawArticle("x.txt", "Plain text with no credits at all."))
    assert infer_metadata(a) == a


# ---- rule tables --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "dateline"),
    [
        ("KABUL \u2014 Taliban fighters took the city on Thursday.", "KABUL"),
        ("KABUL, Afghanistan \u2014 Taliban fighters took the city on Thursday.", "KABUL, Afghanistan"),
        ("LONDON (Reuters) - Britain will send 600 troops, the ministry said.", "LONDON"),
        ("NEW DELHI, Aug. 13 (Reuters) - India told its citizens to leave.", "NEW DELHI"),
        ("Kabul (AFP) - Taliban fighters took the city on Thursday.", "Kabul"),
        ("LASHKAR GAH, Afghanistan (AP) \u2014 The city fell.", "LASHKAR GAH, Afghanistan"),
        # near-misses: a title-case word before a dash with no agency, a sentence, an acronym inside
        ("Herat \u2014 an ancient silk road city \u2014 fell on Thursday.", None),
        ("The Taliban \u2014 who control most of the country \u2014 pressed on.", None),
        ("US officials said Thursday that troops would be sent.", None),
        ("A KABUL resident \u2014 speaking by phone \u2014 said the city was calm.", None),
    ],
)
def test_dateline_rule(lead: str, dateline: str | None) -> None:
    a = infer(lead, BODY)
    assert a.dateline == dateline
    assert a.text.startswith(lead)  # the dateline stays in the text


@pytest.mark.parametrize(
    ("paragraphs", "credits"),
    [
        (["Officials in Kandahar told AFP the forces had withdrawn."], ("AFP",)),
        (["According to Agence France-Presse, the officials fled."], ("AFP",)),
        (["The Associated Press, citing officials and witnesses, reported both had been captured."], ("The Associated Press",)),
        (["Both cities fell, according to the Associated Press.", "A commander told Reuters the fight went on."], ("The Associated Press", "Reuters")),
        (["Personnel will help relocate staff, the BBC reported."], ("BBC",)),
        (["LONDON (Reuters) - Britain will send troops."], ("Reuters",)),
        ([MORE, "Reporting by Kabul newsroom; Writing by Jane Roe; Editing by John Doe"], ("Reuters",)),
        ([MORE, "- Reuters / BBC"], ("Reuters", "BBC")),
        ([MORE, "The AP contributed to this report."], ("The Associated Press",)),
        # near-misses: people and outlets outside the table, agencies not credited for a fact
        (["A council member told Hashimi the city was calm."], ()),
        (["Young children are sheltering there, Canadian news outlet Global News reported."], ()),
        (["With phone lines down, Reuters was unable to contact government officials."], ()),
        (["APCs rolled into the square, residents said."], ()),
        # captions and read-more links are noise: their agencies are not credits
        (["Fighters patrol a street in Herat. (AP Photo/Rahmat Gul)"], ()),
        (["Read more:", "Reuters: Taliban take Kandahar"], ()),
    ],
)
def test_credit_rule(paragraphs: list[str], credits: tuple[str, ...]) -> None:
    assert infer(BODY, *paragraphs).credits == credits


@pytest.mark.parametrize(
    ("paragraphs", "outlet"),
    [
        ([MORE, "Roe reported from Kabul. The Washington Post's Dan Lamothe contributed to this report."], "The Washington Post"),
        (["Author Jane Roe explains the war. (Joy Yi/The Washington Post)", MORE], "The Washington Post"),
        (["Families wait at a camp in Kabul. (Jim Huylebroek for The New York Times)", MORE], "The New York Times"),
        (["An internal memo, obtained by The Guardian, told staff to destroy documents."], "The Guardian"),
        # near-misses: agencies and photo agencies are credits, cited outlets are not the writer
        (["Fighters patrol a street in Herat. (AP Photo/Rahmat Gul)", MORE], None),
        (["Fighters patrol a street in Herat. (Hoshang Hashimi/AFP via Getty Images)", MORE], None),
        (["The news, first reported by Reuters, alarmed officials."], None),
        (["Young children are sheltering there, Canadian news outlet Global News reported."], None),
        (["A memo obtained by Afghan officials listed the governors."], None),
        ([MORE, "The Associated Press contributed to this report."], None),
    ],
)
def test_outlet_rule(paragraphs: list[str], outlet: str | None) -> None:
    assert infer(BODY, *paragraphs).outlet == outlet


def test_most_frequent_outlet_wins() -> None:
    a = infer(
        "A memo obtained by The Guardian said staff should leave.",
        "A cable obtained by The Washington Post said the same.",
        MORE,
        "The Washington Post's Jane Roe contributed to this report.",
    )
    assert a.outlet == "The Washington Post"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("AP", "The Associated Press"), ("Associated Press", "The Associated Press"), ("The Associated Press", "The Associated Press"),
     ("Agence France-Presse", "AFP"), ("AFP", "AFP"), ("Reuters", "Reuters"), ("Local Paper", "Local Paper")],
)
def test_canonical_credit(name: str, canonical: str) -> None:
    assert canonical_credit(name) == canonical


def test_infer_returns_an_article_with_the_same_text() -> None:
    a = normalise(RawArticle("x.txt", "KABUL \u2014 The city fell, a commander told AFP."))
    b = infer_metadata(a)
    assert isinstance(b, Article) and b == replace(a, dateline="KABUL", credits=("AFP",), meta_from=(("dateline", "text"), ("credits", "text")))
