"""The cited multi-document summary: exact quotes, full citations, no noise, disagreements named."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from newsfuse.model import Article, Claim, Conflict, Noise, Span, SummarySentence, article_id
from newsfuse.synthesize.summary import DISAGREEMENT_MARKER, count_words, summarize


# ---- helpers ----------------------------------------------------------------------------------


def make_article(text: str, *, published: dt.date | None = None, noise: tuple[Noise, ...] = ()) -> Article:
    return Article(id=article_id(text), text=text, origins=(f"test:{article_id(text)}",), published=published,
                   noise=noise)


def split(text: str) -> list[tuple[int, int]]:
    """A plain sentence split for hand-built articles: after . ! ? followed by space or line end."""
    out, start = [], 0
    for m in re.finditer(r"[.!?](?=\s|$)", text):
        out.append((start, m.end()))
        start = m.end() + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


def check_exact(summary: list[SummarySentence], arts: dict[str, Article]) -> None:
    for s in summary:
        assert s.citations, s
        for c in s.citations:
            assert 0 <= c.start < c.end <= len(arts[c.article].text)
        if not s.connective:
            first = s.citations[0]
            assert s.text == arts[first.article].text[first.start : first.end]


# ---- the seeds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path, nlp):
    from newsfuse.api import read_articles

    articles = read_articles([seeds_dir]).articles
    sentences = {a.id: [(s.start_char, s.end_char) for s in nlp(a.text).sents] for a in articles}
    by_file = {Path(a.origin).name[:3]: a for a in articles}
    groups = [("000", "001"), ("002",), ("003", "004")]
    source_of = {by_file[f].id: "+".join(g) for g in groups for f in g}
    return articles, sentences, source_of, by_file


def test_seed_summary_is_cited_exact_short_and_clean(seeds) -> None:
    articles, sentences, source_of, _ = seeds
    arts = {a.id: a for a in articles}
    summary = summarize(articles, sentences, source_of)
    assert 3 <= len(summary)
    check_exact(summary, arts)
    # the length budget is for the sources' sentences; the disagreement line comes on top
    assert sum(count_words(s.text) for s in summary if not s.connective) <= 120
    for s in summary:
        art = arts[s.citations[0].article]
        assert not any(n.start < s.citations[0].end and s.citations[0].start < n.end for n in art.noise), s.text
        assert "Read more" not in s.text and "Washington Post)" not in s.text
    text = " ".join(s.text for s in summary)
    assert "Kandahar" in text
    assert re.search(r"\b(troops|deploy\w*|Marines)\b", text), text


def test_seed_summary_cites_every_article_saying_the_same(seeds) -> None:
    articles, sentences, source_of, by_file = seeds
    summary = summarize(articles, sentences, source_of, max_words=400)
    price = [s for s in summary if "decreasing our civilian footprint" in s.text]
    assert price, [s.text for s in summary]
    # the AFP rewrites 003 and 004 both carry the State Department sentence word for word
    cited = {c.article for c in price[0].citations}
    assert {by_file["003"].id, by_file["004"].id} <= cited
    assert len(price) == 1  # said once, cited twice


def _first_mention(article: Article, word: str) -> Span:
    for m in re.finditer(re.escape(word), article.text):
        if not article.is_noise(m.start(), m.end()):
            return article.span(m.start(), m.end())
    raise AssertionError(word)


def test_corroborated_claim_is_preferred(seeds) -> None:
    articles, sentences, source_of, by_file = seeds
    mentions = tuple(_first_mention(by_file[f], "Herat") for f in ("001", "002", "004"))
    claim = Claim(id="c-herat", text="Herat", subject="Taliban", relation="capture", value="Herat",
                  mentions=mentions, status="corroborated", independent_sources=3)
    summary = summarize(articles, sentences, source_of, [claim])
    arts = {a.id: a for a in articles}
    check_exact(summary, arts)
    assert any(
        c.article == m.article and c.start <= m.start and m.end <= c.end
        for s in summary for c in s.citations[:1] for m in mentions
    ), [s.text for s in summary]
    text = " ".join(s.text for s in summary)
    assert "Herat" in text and "Kandahar" in text


def test_contradiction_is_named_not_settled(seeds) -> None:
    articles, sentences, source_of, by_file = seeds
    mine = _first_mention(by_file["001"], "about 80 miles southwest")
    theirs = _first_mention(by_file["002"], "some 150 km southwest")
    claim = Claim(id="c-ghazni", text="about 80 miles southwest", subject="Ghazni", relation="distance",
                  value="80 miles", mentions=(mine,), status="contradicted",
                  conflicts=(Conflict(claim="c-other", kind="numeric", why="80 miles != 150 km",
                                      mine=mine, theirs=theirs),))
    arts = {a.id: a for a in articles}
    summary = summarize(articles, sentences, source_of, [claim])
    check_exact(summary, arts)
    conn = [s for s in summary if s.connective]
    assert len(conn) == 1
    assert set(conn[0].citations) == {mine, theirs}
    assert conn[0].text.startswith(DISAGREEMENT_MARKER)
    # no word outside the marker that is not one of the two sides' own words
    quoted = set(re.findall(r"\w+", arts[mine.article].text[mine.start : mine.end] + " "
                            + arts[theirs.article].text[theirs.start : theirs.end]))
    rest = conn[0].text[len(DISAGREEMENT_MARKER):]
    assert set(re.findall(r"\w+", rest)) <= quoted
    # neither side is picked as a plain summary sentence
    for s in summary:
        if not s.connective:
            for side in (mine, theirs):
                c = s.citations[0]
                assert not (c.article == side.article and c.start < side.end and side.start < c.end)
    # the length budget is for the sources' sentences; the disagreement line comes on top
    assert sum(count_words(s.text) for s in summary if not s.connective) <= 120


def test_max_sentences_and_words(seeds) -> None:
    articles, sentences, source_of, _ = seeds
    two = summarize(articles, sentences, source_of, max_words=None, max_sentences=2)
    assert len(two) == 2
    short = summarize(articles, sentences, source_of, max_words=40)
    assert short and sum(count_words(s.text) for s in short) <= 40
    assert summarize(articles, sentences, source_of, max_words=0) == []


def test_deterministic_and_order_free(seeds) -> None:
    articles, sentences, source_of, _ = seeds
    a = summarize(articles, sentences, source_of)
    b = summarize(list(reversed(articles)), sentences, source_of)
    assert a == b == summarize(articles, sentences, source_of)


def test_one_article(seeds) -> None:
    articles, sentences, _, by_file = seeds
    one = by_file["002"]
    summary = summarize([one], sentences, {})
    assert summary and all(c.article == one.id for s in summary for c in s.citations)
    check_exact(summary, {one.id: one})
    # the length budget is for the sources' sentences; the disagreement line comes on top
    assert sum(count_words(s.text) for s in summary if not s.connective) <= 120


# ---- hand-built inputs -------------------------------------------------------------------------


def test_same_sentence_in_two_sources_is_cited_to_both_and_said_once() -> None:
    shared = "Rebels captured the northern city of Kunduz after a week of heavy fighting."
    a = make_article(f"{shared} The governor fled to the capital by road.", published=dt.date(2021, 8, 8))
    b = make_article(f"Officials confirmed the news on Sunday. {shared}", published=dt.date(2021, 8, 9))
    c = make_article("Rebels captured Kunduz city, officials said, after heavy fighting in the north.")
    arts = {x.id: x for x in (a, b, c)}
    summary = summarize(list(arts.values()), {k: split(v.text) for k, v in arts.items()},
                        {x.id: x.id for x in arts.values()})
    check_exact(summary, arts)
    hits = [s for s in summary if s.text == shared]
    assert len(hits) == 1
    assert {x.article for x in hits[0].citations} == {a.id, b.id}
    assert hits[0].citations[0].article == a.id  # the earlier report is quoted


def test_noise_is_never_summarised() -> None:
    caption = "Rebels captured the northern city of Kunduz (Photo: Agency)."
    body = "Rebels captured the northern city of Kunduz on Sunday."
    text_a = f"{caption} {body}"
    a = make_article(text_a, noise=(Noise("caption", 0, len(caption)),))
    b = make_article(f"{caption} Fighting went on in the city centre.",
                     noise=(Noise("caption", 0, len(caption)),))
    arts = {a.id: a, b.id: b}
    summary = summarize([a, b], {a.id: split(a.text), b.id: split(b.text)}, {a.id: "s1", b.id: "s2"})
    assert summary
    assert all("Photo" not in s.text for s in summary)
    check_exact(summary, arts)


def test_empty_and_odd_input() -> None:
    assert summarize([], {}, {}) == []
    a = make_article("No sentence offsets were given for this article at all.")
    assert summarize([a], {}, {}) == []
    odd = make_article("\u200b\u00a0 ¿Qué? 🚀🚀 — «» … \t\n")
    assert summarize([odd], {odd.id: [(0, len(odd.text)), (5, 2), (-3, 10**6)]}, {}) == []
    mixed = make_article("Les talibans ont pris Hérat jeudi soir. 塔利班占领了赫拉特。 The Taliban took Herat on Thursday.")
    out = summarize([mixed], {mixed.id: split(mixed.text)}, {})
    check_exact(out, {mixed.id: mixed})
    with pytest.raises(ValueError):
        summarize([a], {}, {}, max_words=-1)


def test_very_long_article_is_bounded() -> None:
    words = ["troops", "city", "airport", "embassy", "fighting", "capital", "province", "governor", "road", "base"]
    sents = [f"Report {i} says the {words[i % 10]} and the {words[(i * 3) % 10]} saw change number {i}."
             for i in range(1500)]
    a = make_article(" ".join(sents))
    out = summarize([a], {a.id: split(a.text)}, {}, max_words=60)
    assert out and sum(count_words(s.text) for s in out) <= 60
    check_exact(out, {a.id: a})


@pytest.mark.parametrize(
    ("first_a", "first_b", "leaning", "leaning_b"),
    [
        # "This isn't a mandatory evacuation." means nothing out of its article
        ("Officials ordered the evacuation of the embassy staff in Kabul on Friday.",
         "Embassy staff in Kabul began leaving on Friday under an evacuation order.",
         "This isn't a mandatory evacuation.", "This isn't a mandatory evacuation, officials stressed."),
        # "..., he added." leaves the reader asking who "he" is
        ("Pentagon spokesman John Kirby said the first Marines reached Kabul airport on Friday.",
         "The first Marines landed at Kabul airport on Friday, the Pentagon said.",
         "More troops were expected to follow soon, he added.", "More troops were expected to follow soon, he added."),
    ],
)
def test_short_sentence_leaning_on_the_one_before_is_not_picked(first_a, first_b, leaning, leaning_b) -> None:
    a = make_article(f"{first_a} {leaning}")
    b = make_article(f"{first_b} {leaning_b}")
    summary = summarize([a, b], {x.id: split(x.text) for x in (a, b)}, {}, max_words=100)
    assert summary
    assert not any(s.text in {leaning, leaning_b} for s in summary), [s.text for s in summary]


def test_disagreement_lines_come_on_top_of_the_budget_and_are_capped() -> None:
    from newsfuse.synthesize.summary import MAX_DISAGREEMENTS

    facts = "The river rose quickly through the town overnight and flooded the main street."
    figures = [f"The flood reached {n} houses on the east side of the town." for n in range(10, 10 + 2 * (MAX_DISAGREEMENTS + 2))]
    a = make_article(" ".join([facts] + figures[0::2]))
    b = make_article(" ".join([facts] + figures[1::2]))
    arts = {x.id: x for x in (a, b)}
    sents = {x.id: split(x.text) for x in (a, b)}

    def span(art: Article, words: str) -> Span:
        i = art.text.index(words)
        return Span(art.id, i, i + len(words))

    claims = []
    for k in range(MAX_DISAGREEMENTS + 2):
        mine, theirs = span(a, figures[2 * k]), span(b, figures[2 * k + 1])
        claims.append(Claim(id=f"c{k}", text=figures[2 * k], subject="flood", relation="houses", value=str(k),
                            mentions=(mine,), status="contradicted", independent_sources=1,
                            conflicts=(Conflict(claim=f"d{k}", kind="numeric", why="differ", mine=mine, theirs=theirs),)))
    summary = summarize([a, b], sents, {}, claims, max_words=20)
    check_exact(summary, arts)
    plain = [s for s in summary if not s.connective]
    lines = [s for s in summary if s.connective]
    assert plain and sum(count_words(s.text) for s in plain) <= 20
    assert len(lines) == MAX_DISAGREEMENTS
    assert summary[-len(lines):] == lines  # disagreements close the summary

