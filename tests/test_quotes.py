"""Quotes and attributions: speakers, channels, messy quote marks, provenance."""

from __future__ import annotations

import pytest

from conftest import seed_text
from newsfuse.annotate.quotes import find_attributions, find_quotes, quote_id
from newsfuse.model import EntityMention, RawArticle, Span
from newsfuse.normalise import normalise


@pytest.fixture(scope="module")
def seed_quotes(nlp, seeds_dir):
    """Quotes of the five seeds, as raw (curly marks) and as normalised (straight marks) text."""
    out = {}
    for name in ("000", "001", "002", "003", "004"):
        raw = seed_text(name)
        art = normalise(RawArticle(f"seeds/{name}.txt", raw))
        out[name] = (raw, find_quotes(nlp(raw), "raw" + name))
        out[name + "n"] = (art.text, find_quotes(nlp(art.text), art.id))
    return out


def _quote(quotes, words, direct=None):
    hits = [q for q in quotes if words in q.text and direct in (None, q.direct)]
    assert hits, f"no quote holds {words!r}: {[q.text[:50] for q in quotes]}"
    return hits[0]


@pytest.mark.parametrize("variant", ["", "n"])
@pytest.mark.parametrize(
    ("name", "words", "speaker", "direct"),
    [
        ("002", "evaluating the security situation every day", "Ned Price", True),
        ("002", "further reducing our civilian footprints", "Price", True),
        ("004", "we are further decreasing our civilian footprint", "Ned Price", True),
        ("004", "the US would begin sending in daily planes", "Price", False),
        ("003", "This isn’t a case of abandonment", "Ned Price", True),  # continues the previous paragraph's quote
        ("000", "move thousands per day", "John Kirby", True),  # "he said", antecedent two sentences back
        ("000", "A first wave of Marines arrived at the airport", "John Kirby", False),
        ("001", "Afghan forces with their Humvees were running away", "Hashimi", True),
        ("001", "The government was so indifferent", "Hashimi", True),
        ("000", "resigned their posts", "Ghulam Habib Hashimi", False),
        ("000", "avoid civilian casualties", "Sayed Ahmad Seylab", True),
        ("000", "Afghan forces and officials retreated", "Sayed Ahmad Seylab", False),
        ("001", "Ghazni’s governor was arrested by the Afghan government", "Mirwais Stanikzai", False),
        ("004", "The enemy gained possession", "Mirwais Stanikzai", True),
        ("004", "Soldiers put down their arms", "a Taliban spokesman", True),
        ("003", "The Mujahideen have arrived in Martyrs’ Square", "A Taliban spokesman", True),
        ("001", "One of the main reasons we lost so much ground", "A senior Interior Ministry official", True),
    ],
)
def test_seed_speakers(seed_quotes, variant, name, words, speaker, direct):
    text, quotes = seed_quotes[name + variant]
    if variant:
        words = words.replace("’", "'")
    q = _quote(quotes, words, direct)
    assert q.speaker_text == speaker
    assert q.speaker_span is not None and text[q.speaker_span.start : q.speaker_span.end] == speaker
    assert q.speaker is None  # entity ids are linked later


def test_he_said_points_at_the_antecedent(seed_quotes):
    text, quotes = seed_quotes["000"]
    q = _quote(quotes, "move thousands per day")
    he = text.index("he said", text.index("move thousands per day"))
    # the pronoun's antecedent "John Kirby" stands in an earlier sentence, before the pronoun
    assert q.speaker_span.end < he and text[q.speaker_span.start : q.speaker_span.end] == "John Kirby"
    assert q.cue == "said"


@pytest.mark.parametrize("variant", ["", "n"])
def test_told_afp_is_the_channel_not_the_speaker(seed_quotes, variant):
    _, quotes = seed_quotes["004" + variant]
    q = _quote(quotes, "We had to flee the city")
    assert q.channel == "AFP" and q.cue == "told"
    assert q.speaker_text == "a top security source"
    price = _quote(quotes, "decreasing our civilian footprint")
    assert price.channel == "reporters"
    for name in ("000", "001", "002", "003", "004"):
        for q in seed_quotes[name + variant][1]:
            if q.cue == "told":
                assert q.speaker_text not in ("AFP", "Reuters", "reporters", "the BBC")


def test_unclosed_quote_mark_gives_a_bounded_quote(seed_quotes):
    text, quotes = seed_quotes["003"]
    # “Kandahar has been entirely taken over. A Taliban spokesman tweeted, “The Mujahideen ...
    q = _quote(quotes, "Kandahar has been entirely taken over")
    assert q.text == "Kandahar has been entirely taken over."
    # 004 ends with a quote opened and never closed: it runs to its paragraph end, no further
    text4, quotes4 = seed_quotes["004"]
    last = _quote(quotes4, "Everything changed late in the afternoon")
    assert last.span.end == len(text4.rstrip())
    assert "\n" not in last.text


def test_unbalanced_marks_in_hand_made_text(nlp):
    text = 'Officials said "the road is closed and nobody knows when\n\nTraffic resumed later. "Odd " marks " here.'
    quotes = find_quotes(nlp(text), "a1")
    for q in quotes:
        assert q.text == text[q.span.start : q.span.end]
    opened = _quote(quotes, "the road is closed")
    assert opened.direct and opened.span.end <= text.index("\n\n")
    assert opened.speaker_text == "Officials"


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "peace" deal collapsed on Monday. Critics dismissed the "reforms" in the capital.',
        'The so-called "peace" deal collapsed, officials said.',
    ],
)
def test_scare_quotes_are_not_quotes_with_a_speaker(nlp, text):
    quotes = find_quotes(nlp(text), "a1")
    assert not [q for q in quotes if q.text.strip('."') in ("peace", "reforms") and q.speaker_text]
    assert not [q for q in quotes if q.direct]


def test_according_to_and_indirect_speech(nlp):
    text = (
        "Troops left the city overnight, according to a provincial official. "
        "The minister said that the talks would resume in May."
    )
    quotes = find_quotes(nlp(text), "a1")
    acc = _quote(quotes, "Troops left the city overnight")
    assert acc.cue == "according to" and acc.speaker_text == "a provincial official" and not acc.direct
    said = _quote(quotes, "the talks would resume in May")
    assert said.text == "the talks would resume in May"  # no "that", no full stop
    assert said.speaker_text == "The minister" and said.cue == "said"


def test_provenance_ids_and_determinism(nlp, seed_quotes):
    for name, (text, quotes) in seed_quotes.items():
        for q in quotes:
            assert q.text == text[q.span.start : q.span.end]
            assert q.id == quote_id(q.span.article, q.span.start, q.span.end)
            if q.speaker_span is not None:
                assert q.speaker_text == text[q.speaker_span.start : q.speaker_span.end]
        assert quotes == sorted(quotes, key=lambda q: (q.span.start, q.span.end, not q.direct)), name
    raw = seed_text("004")
    assert find_quotes(nlp(raw), "x") == find_quotes(nlp(raw), "x")


def test_offset_shifts_every_span(nlp):
    prefix = "Earlier text. " * 5
    body = '"We will stay," the ambassador told reporters.'
    whole = prefix + body
    quotes = find_quotes(nlp(body), "a1", offset=len(prefix))
    q = _quote(quotes, "We will stay")
    assert whole[q.span.start : q.span.end] == q.text == "We will stay"
    assert whole[q.speaker_span.start : q.speaker_span.end] == "the ambassador"
    assert q.channel == "reporters"


def test_speaker_snaps_to_an_entity_mention(nlp):
    text = '"The embassy stays open," State Department spokesman Ned Price told reporters.'
    start = text.index("State Department spokesman Ned Price")
    mention = EntityMention(
        span=Span("a1", start, start + len("State Department spokesman Ned Price")),
        text="State Department spokesman Ned Price",
        kind="person",
        key="Ned Price",
        role="State Department spokesman",
    )
    (q,) = [q for q in find_quotes(nlp(text), "a1", entities=[mention]) if q.direct]
    assert q.speaker_span == mention.span and q.speaker_text == mention.text
    (plain,) = [q for q in find_quotes(nlp(text), "a1") if q.direct]
    assert plain.speaker_text == "Ned Price"


@pytest.mark.parametrize("text", ["", "   \n\n  ", '"', '“”""„«»', "''", "said said said", "x" * 5000, "é ñ 中文 🙂 " * 50])
def test_bad_input_does_not_crash(nlp, text):
    doc = nlp(text)
    quotes = find_quotes(doc, "a1")
    for q in quotes:
        assert q.text == text[q.span.start : q.span.end]
    assert isinstance(find_attributions(doc), list)


def test_long_text_with_many_quotes(nlp):
    para = '"We are leaving," a soldier said. He added that the base was empty.\n\n'
    text = para * 40
    quotes = find_quotes(nlp(text), "a1")
    assert len([q for q in quotes if q.direct]) == 40
    assert all(q.speaker_text == "a soldier" for q in quotes)


def test_unparsed_doc_still_finds_direct_quotes():
    import spacy

    text = 'The memo asked staff to destroy "embassy or agency logos, American flags, or items which could be misused."'
    quotes = find_quotes(spacy.blank("en")(text), "a1")
    (q,) = quotes
    assert q.direct and q.speaker_text is None and q.text.startswith("embassy or agency logos")


def test_speaker_is_not_snapped_to_an_organisation_inside_it(nlp):
    text = "A senior Interior Ministry official said the Taliban runs a recruitment team."
    start = text.index("Interior Ministry")
    ministry = EntityMention(Span("a1", start, start + len("Interior Ministry")), "Interior Ministry", "org", "Interior Ministry")
    (q,) = find_quotes(nlp(text), "a1", entities=[ministry])
    assert q.speaker_text == "A senior Interior Ministry official"
    assert q.text == "the Taliban runs a recruitment team"
