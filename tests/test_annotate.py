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


def test_localise_reads_a_local_papers_bare_town_in_its_state_and_moves_its_events(nlp, gaz):
    from newsfuse.annotate import localise
    from newsfuse.model import Article

    def art(aid: str, outlet: str, text: str) -> Article:
        return Article(id=aid, text=text, origins=(f"{aid}.txt",), outlet=outlet)

    ohio = ["The Columbus city council met in Columbus, Ohio, on Monday.",
            "Firefighters in Westerville, Ohio, rescued a dog.",
            "A new school opened in Delaware County, Ohio.",
            "Voters in Franklin County, Ohio, approved the levy."]
    local = [art(f"o{k}", "dispatch.example", t) for k, t in enumerate(ohio)]
    dublin = "Police arrested two men in Dublin on Sunday after a break-in."
    articles = [*local, art("d", "dispatch.example", dublin), art("x", "wire.example", dublin)]
    annotated = annotate(articles, nlp, gaz)
    by_id = {a.article: a for a in annotated}

    def dublin_places(ann):
        return [e.place for e in ann.entities if e.kind == "place" and e.text == "Dublin"]

    assert [p.country_code for p in dublin_places(by_id["d"])] == ["IE"], "one article alone: the capital"
    out = {a.article: a for a in localise(articles, annotated, lambda: gaz)}
    [moved] = dublin_places(out["d"])
    assert (moved.country_code, moved.admin1) == ("US", "Ohio")
    placed = [m for m in out["d"].events if m.place_span is not None and dublin[m.place_span.start : m.place_span.end] == "Dublin"]
    assert placed and all(m.place == moved for m in placed), "the arrest is placed where Dublin now is"
    assert out["x"] == by_id["x"], "another outlet's article is left as it was"
    assert out["o0"].entities == by_id["o0"].entities


def test_localise_without_outlets_needs_no_gazetteer(seeds, annotated):
    from newsfuse.annotate import localise

    def no_gazetteer():
        raise AssertionError("no article has enough same-outlet company: nothing to re-read")

    assert localise(seeds, annotated, no_gazetteer) == list(annotated)


def test_cached_annotations_are_keyed_by_the_annotating_code(tmp_path):
    """A store's cached annotations are served only to the same annotating code: a changed extractor
    (an upgrade, or a checkout between releases) re-annotates; a changed renderer does not."""
    import shutil

    import newsfuse
    from newsfuse.annotate import annotator_key, code_digest

    src = Path(newsfuse.__file__).resolve().parent
    assert code_digest() in annotator_key() and newsfuse.__version__ in annotator_key()
    tree = tmp_path / "newsfuse"
    shutil.copytree(src, tree, ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.j2", "sample"))
    before = code_digest(tree)
    (tree / "render" / "markdown.py").write_text("# another renderer\n", encoding="utf-8")
    code_digest.cache_clear()
    assert code_digest(tree) == before
    events = tree / "extract" / "events.py"
    events.write_text(events.read_text(encoding="utf-8") + "\n# another extractor\n", encoding="utf-8")
    code_digest.cache_clear()
    assert code_digest(tree) != before
