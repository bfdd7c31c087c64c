"""Normalisation: unified text with clean paragraph offsets, and noise marked (never deleted)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import seed_text

from newsfuse.errors import InputError
from newsfuse.model import Article, Metadata, RawArticle, article_id
from newsfuse.normalise import normalise

SEEDS = ("000", "001", "002", "003", "004")

#: Every noise mark expected on each seed: (kind, the marked paragraph's opening words).
#: Anything else marked is a false positive.
EXPECTED_SEED_NOISE: dict[str, set[tuple[str, str]]] = {
    "000": {("credits", "Pannett reported from Sydney.")},
    "001": {
        ("caption", '"The Afghanistan Papers" author Craig Whitlock'),
        ("read_more", "Read more:"),
    },
    "002": {
        ("subheading", "US to reduce Kabul embassy staff, send troops to help"),
        ("subheading", "UK troops sent to get Britons out as Taliban advances"),
        ("credits", "- Reuters / BBC"),
    },
    "003": {("standfirst", "As the Taliban advance across Afghanistan, the US and the UK")},
    "004": {
        ("standfirst", "As the Taliban seize more provincial capitals"),
        ("repeat", '"The situation in the city was calm until this afternoon," Herat resident'),
    },
}


def seed(name: str) -> Article:
    return normalise(RawArticle(origin=f"seeds/{name}.txt", text=seed_text(name)))


def paras(article: Article) -> list[str]:
    return [article.text[s:e] for s, e in article.paragraphs]


def kinds(*paragraphs: str, sep: str = "\n\n") -> dict[int, str]:
    """Noise kinds by paragraph index for a hand-made article."""
    a = normalise(RawArticle("hand.txt", sep.join(paragraphs)))
    starts = [s for s, _ in a.paragraphs]
    return {starts.index(n.start): n.kind for n in a.noise}


# ---- the seeds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEEDS)
def test_seed_noise_marks_exactly_the_expected_paragraphs(seeds_dir, name: str) -> None:
    a = seed(name)
    found = set()
    for n in a.noise:
        marked = a.text[n.start : n.end]
        prefix = next((p for k, p in EXPECTED_SEED_NOISE[name] if k == n.kind and marked.startswith(p)), None)
        found.add((n.kind, prefix or marked[:60]))
    assert found == EXPECTED_SEED_NOISE[name]
    assert list(a.noise) == sorted(a.noise, key=lambda n: n.start)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_text_is_unified_and_offsets_resolve(seeds_dir, name: str) -> None:
    a = seed(name)
    assert a.id == article_id(a.text)
    assert a.origins == (f"seeds/{name}.txt",)
    for ch in "\u201c\u201d\u2018\u2019\u00a0\r\t":
        assert ch not in a.text
    assert "  " not in a.text and "\n\n\n" not in a.text
    # Paragraph offsets tile the text with exactly "\n\n" between them.
    assert "\n\n".join(paras(a)) == a.text
    assert a.paragraphs[0][0] == 0 and a.paragraphs[-1][1] == len(a.text)
    assert all(p and p == p.strip() and "\n" not in p for p in paras(a))
    # Every noise mark resolves and covers whole paragraphs.
    for n in a.noise:
        assert 0 <= n.start < n.end <= len(a.text)
        assert (n.start, n.end) in a.paragraphs


def test_seed_paragraph_counts_and_words_kept(seeds_dir) -> None:
    # 002 has one paragraph per line; the others separate paragraphs with blank lines.
    raw_002 = [line for line in seed_text("002").splitlines() if line.strip()]
    assert len(seed("002").paragraphs) == len(raw_002)
    assert len(seed("000").paragraphs) == len([b for b in seed_text("000").split("\n\n") if b.strip()])
    # Typos are never corrected; words are untouched apart from quote marks.
    assert "in theweeks before" in seed("001").text
    assert "the Herat governer's office" in seed("002").text
    assert "the country's west" in seed("000").text  # curly apostrophe unified


def test_seed_repeat_marks_the_later_copy(seeds_dir) -> None:
    a = seed("004")
    (rep,) = [n for n in a.noise if n.kind == "repeat"]
    copy = a.text[rep.start : rep.end]
    first = a.text.index(copy)
    assert first < rep.start and not a.is_noise(first, first + len(copy))


# ---- character and paragraph normalisation -------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("He said \u201cno\u201d.", 'He said "no".'),
        ("\u00abNon\u00bb, he said", '"Non", he said'),
        ("\u201eJa\u201c und \u2033x\u2033", '"Ja" und "x"'),
        ("the group\u2019s \u2018spokesman\u2019 \u201ahi\u201b", "the group's 'spokesman' 'hi'"),
        ("a\u00a0b\u2009c\u202fd\u3000e", "a b c d e"),
        ("tabs\t\tand   spaces", "tabs and spaces"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("  padded line   ", "padded line"),
    ],
)
def test_quotes_and_whitespace_are_unified(raw: str, expected: str) -> None:
    assert normalise(RawArticle("x.txt", raw)).text == expected


def test_crlf_nbsp_input_gives_the_same_article_as_clean_input() -> None:
    messy = "KABUL \u2014 First\u00a0paragraph  here.\r\n\r\n\r\nSecond \u201cquoted\u201d one.\r\n"
    clean = 'KABUL \u2014 First paragraph here.\n\nSecond "quoted" one.'
    a, b = normalise(RawArticle("a.txt", messy)), normalise(RawArticle("b.txt", clean))
    assert a.text == b.text == clean
    assert a.id == b.id
    assert a.paragraphs == ((0, 29), (31, len(clean)))


def test_unicode_line_and_paragraph_separators() -> None:
    a = normalise(RawArticle("x.txt", "One.\u2029Two.\rThree.\u2028Four."))
    assert paras(a) == ["One.", "Two.", "Three.", "Four."]


def test_hard_wrapped_block_joins_but_one_line_per_paragraph_splits() -> None:
    wrapped = (
        "This is a paragraph that was hard wrapped at seventy columns by some\n"
        "tool, and it keeps going on the next line where the sentence goes on\n"
        "and ends here.\n\nSecond paragraph."
    )
    assert paras(normalise(RawArticle("w.txt", wrapped)))[0].startswith("This is a paragraph that was hard wrapped at seventy columns by some tool,")
    assert len(normalise(RawArticle("w.txt", wrapped)).paragraphs) == 2
    lines = "Short first paragraph line.\nAnother short paragraph.\nA third one that ends."
    assert paras(normalise(RawArticle("l.txt", lines))) == lines.split("\n")
    # A dash/URL line is its own paragraph even under a line that could be wrapped text.
    trailer = "It is estimated that around 4,000 British citizens are still there.\n- Reuters / BBC"
    assert paras(normalise(RawArticle("t.txt", trailer)))[-1] == "- Reuters / BBC"


@pytest.mark.parametrize("raw", ["", "   ", "\n\n\t\r\n", "\u00a0\u200b\ufeff", "\x00\x01"])
def test_empty_after_normalisation_raises_input_error(raw: str) -> None:
    with pytest.raises(InputError) as err:
        normalise(RawArticle("feeds/x.xml#3", raw))
    assert err.value.path == "feeds/x.xml#3"
    assert err.value.reason == "no text after normalisation"


def test_determinism(seeds_dir) -> None:
    for name in SEEDS:
        a, b = seed(name), seed(name)
        assert (a.id, a.text, a.noise, a.paragraphs) == (b.id, b.text, b.noise, b.paragraphs)


# ---- metadata copied from the source ------------------------------------------------------------


def test_source_metadata_is_copied_with_its_origin() -> None:
    meta = Metadata(
        outlet="The  Washington\u00a0Post",
        url=" https://example.com/a ",
        published=dt.date(2021, 8, 13),
        title="Taliban \u201csurge\u201d",
        byline="By A. Writer",
        credits=("AP", "Agence France-Presse", "AP", "Local Paper"),
        site="washingtonpost.com",
    )
    a = normalise(RawArticle("page.html", "Body text.", meta, "html"))
    assert (a.outlet, a.url, a.published, a.title, a.byline) == (
        "The Washington Post", "https://example.com/a", dt.date(2021, 8, 13), 'Taliban "surge"', "By A. Writer"
    )
    assert a.credits == ("The Associated Press", "AFP", "Local Paper")
    assert a.meta_from == tuple((f, "html") for f in ("outlet", "url", "published", "title", "byline", "credits"))
    assert a.dateline is None


def test_site_fills_outlet_only_when_outlet_is_missing() -> None:
    a = normalise(RawArticle("p.html", "Body.", Metadata(site="example.com"), "html"))
    assert a.outlet == "example.com" and a.meta_from == (("outlet", "html"),)
    b = normalise(RawArticle("p.html", "Body.", Metadata(outlet="Example", site="example.com"), "html"))
    assert b.outlet == "Example"
    c = normalise(RawArticle("p.txt", "Body."))
    assert c.outlet is None and c.meta_from == () and c.published is None


# ---- noise rules and their near-misses ----------------------------------------------------------

LEAD = "KABUL \u2014 Taliban fighters took control of the city on Thursday, officials said, after weeks of fighting."
BODY = "The governor fled the city as it fell and was later arrested on the road to the capital, a spokesman said."
MORE = "Government forces still held the airport and an adjoining military base late on Thursday, residents said."


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Author Jane Roe explains how the war was lost over two decades. (Joy Yi/The Washington Post)", "caption"),
        ("Taliban fighters patrol a street in Herat on Aug. 13. (AP Photo/Rahmat Gul)", "caption"),
        ("Displaced families at a camp in Kabul. (Jim Huylebroek for The New York Times)", "caption"),
        ("Smoke rises over the city. (Photo: Handout)", "caption"),
        ("Image caption, Thousands have fled their homes", "caption"),
        ("FILE PHOTO: Afghan soldiers stand guard in Kabul", "caption"),
        # near-misses: parentheses that are reporting, not credits
        ("Ghazni lies about 150 kilometers (95 miles) south of Kabul on the main highway.", None),
        ("The Ministry of Defence (MoD) said the deployment was needed.", None),
        ("They (the Taliban) rushed into the city, a resident said.", None),
        ("Photographs circulating online showed the governor in a convoy, officials said.", None),
        ("Video, posted online by the group, showed fighters in the governor's office.", None),
    ],
)
def test_caption_rule(paragraph: str, kind: str | None) -> None:
    assert kinds(LEAD, BODY, paragraph, MORE).get(2) == kind


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (["Read more:"], {3: "read_more"}),
        (["Read more:", "https://example.com/taliban-herat", "Taliban seize Kandahar as US sends troops"], {3: "read_more", 4: "read_more", 5: "read_more"}),
        (["Related: Biden defends withdrawal"], {3: "read_more"}),
        # Prose after the trailer is not a link and stays reporting.
        (["Read more:", "Taliban seize Kandahar", "Officials said on Friday that the airport would stay open for evacuation flights."], {3: "read_more", 4: "read_more"}),
        # near-miss: a sentence that merely starts with the words
        (["Read more carefully, the memo shows the embassy expected to close within weeks, officials said."], {}),
    ],
)
def test_read_more_rule(tail: list[str], expected: dict[int, str]) -> None:
    assert kinds(LEAD, BODY, MORE, *tail) == expected


@pytest.mark.parametrize(
    ("trailer", "kind"),
    [
        ("Pannett reported from Sydney. Hudson reported from Washington.", "credits"),
        ("Jane Roe in Kabul and John Doe in London contributed to this report.", "credits"),
        ("The Associated Press contributed to this report.", "credits"),
        ("Reporting by Kabul newsroom; Additional reporting by Jane Roe; Editing by John Doe", "credits"),
        ("- Reuters / BBC", "credits"),
        ("\u2014 AFP", "credits"),
        ("(Reuters)", "credits"),
        ("\u00a9 Agence France-Presse", "credits"),
        ("Copyright 2021 The Associated Press. All rights reserved.", "credits"),
        # near-misses: reporting that mentions reporters or agencies
        ("Reuters reported from Kabul that the airport was closed to civilian flights on Friday.", None),
        ("Pannett reported from Sydney. The embassy said it would stay open.", None),
        ("- The Taliban took the city, a resident said.", None),
        ("- " + " / ".join(["Reuters Wire Service"] * 6), None),  # far too long for a credit line
    ],
)
def test_credits_trailer_rule(trailer: str, kind: str | None) -> None:
    assert kinds(LEAD, BODY, MORE, trailer).get(3) == kind


def test_credits_are_only_a_trailer_and_a_leading_byline() -> None:
    # The same credit line in mid-article is not marked: only noise may follow a trailer.
    assert kinds(LEAD, "Pannett reported from Sydney.", BODY, MORE) == {}
    # Two trailers, and the caption after them does not break the trailer.
    assert kinds(LEAD, BODY, "Pannett reported from Sydney.", "- Reuters", "Smoke rises. (Photo: Handout)") == {
        2: "credits", 3: "credits", 4: "caption"
    }
    assert kinds("By Jane Roe and John Doe", LEAD, BODY) == {0: "credits"}
    assert kinds("By Thursday, the city had fallen to the insurgents", BODY, MORE) == {}


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("US to reduce Kabul embassy staff, send troops to help", "subheading"),
        ("What happens next", "subheading"),
        # near-misses: short real paragraphs end with punctuation or a closing quote
        ('"We suspect a long list of governors who might have Taliban ties."', None),
        ("Herat, too, succumbed without much of a fight in the end.", None),
        ("Is the capital next?", None),
        ("the lower-case start of a broken line", None),
        # too long for a heading
        ("UK troops are sent to get Britons out of the country as the Taliban advances across it", None),
    ],
)
def test_subheading_rule(paragraph: str, kind: str | None) -> None:
    assert kinds(LEAD, BODY, paragraph, MORE).get(2) == kind


def test_subheading_needs_prose_after_it() -> None:
    # A short line at the very end or followed by another short line is not a sub-heading.
    assert kinds(LEAD, BODY, "Final thoughts") == {}
    assert kinds(LEAD, "Taliban advance", "Herat falls", MORE) == {}


STANDFIRST = "As the Taliban seize more cities, the US will evacuate its embassy staff in Afghanistan."
STANDFIRST_LEAD = (
    "As a swift Taliban march across Afghanistan saw more cities fall in a week, the US announced "
    "Thursday that it will send troops to evacuate embassy staff from Kabul."
)


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        (STANDFIRST, STANDFIRST_LEAD, "standfirst"),
        # near-misses
        ("The Taliban captured Herat on Thursday after weeks of heavy fighting around the city.", BODY, None),  # not restated
        ("KABUL \u2014 The Taliban seize more cities as the US evacuates its embassy staff.", STANDFIRST_LEAD, None),  # dateline
        ("The Taliban seize more cities, the US will evacuate embassy staff, officials said.", STANDFIRST_LEAD, None),  # attribution
        ("Taliban seize cities. The US will evacuate its embassy staff in Afghanistan.", STANDFIRST_LEAD, None),  # two sentences
        (STANDFIRST, "The US will evacuate its embassy staff as the Taliban seize more cities.", None),  # next is not longer
    ],
)
def test_standfirst_rule(first: str, second: str, kind: str | None) -> None:
    assert kinds(first, second, BODY, MORE).get(0) == kind


@pytest.mark.parametrize(
    ("earlier", "later", "kind"),
    [
        ("\u201cThe city was calm until this afternoon,\u201d a resident told AFP.", '"The city was calm until this afternoon," a resident told AFP.', "repeat"),
        ("The city was calm  until this afternoon, a resident said.", "the city was calm until this afternoon, a resident said.", "repeat"),
        # near-misses: a changed word, or a short line
        ("The city was calm until this afternoon, a resident said.", "The city was calm until this evening, a resident said.", None),
        ('"No," he said.', '"No," he said.', None),
    ],
)
def test_repeat_rule(earlier: str, later: str, kind: str | None) -> None:
    found = kinds(LEAD, earlier, BODY, later, MORE)
    assert found.get(3) == kind
    assert 1 not in found  # never the earlier copy
