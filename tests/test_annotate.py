"""The per-article annotation stage as the pipeline runs it: one parse, every annotator, linking."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.annotate import annotate, link
from newsfuse.api import read_articles


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path):
    return read_articles([seeds_dir]).articles


@pytest.fixture(scope="module")
def annotated(seeds, nlp, gaz):
    return annotate(seeds, nlp, gaz)


def test_every_article_gets_annotations_whose_spans_resolve(seeds, annotated):
    assert [a.article for a in annotated] == [s.id for s in seeds]
    texts = {s.id: s.text for s in seeds}
    for ann in annotated:
        text = texts[ann.article]
        assert ann.sentences and ann.entities and ann.events
        for start, end in ann.sentences:
            assert 0 <= start < end <= len(text)
            assert "\n" not in text[start:end], "a sentence never runs over a paragraph break"
        for item in (*ann.dates, *ann.figures, *ann.quotes):
            assert item.span.article == ann.article
            assert text[item.span.start : item.span.end] == item.text


def test_linking_gives_quote_speakers_bundle_entity_ids(annotated):
    entities, linked = link(annotated)
    ids = {e.id: e for e in entities}
    price = [q for a in linked for q in a.quotes if q.speaker_text and "Price" in q.speaker_text]
    assert price and all(q.speaker in ids and ids[q.speaker].name == "Ned Price" for q in price)
    assert len({q.speaker for q in price}) == 1, "one Ned Price across the articles"


def test_a_long_article_is_parsed_in_chunks_with_offsets_into_the_whole_text(seeds, nlp, gaz, monkeypatch):
    import dataclasses

    import newsfuse.annotate.places as places

    monkeypatch.setattr(places, "CHUNK_CHARS", 4_000)
    base = seeds[2]
    long = dataclasses.replace(base, id="along", text=(base.text + "\n\n") * 3)
    [ann] = annotate([long], nlp, gaz)
    assert max(e for _, e in ann.sentences) > 2 * len(base.text)
    for q in ann.quotes:
        assert long.text[q.span.start : q.span.end] == q.text


def test_no_articles_no_work(nlp, gaz):
    assert annotate([], nlp, gaz) == []
