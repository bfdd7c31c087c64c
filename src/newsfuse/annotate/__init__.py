"""Per-article annotation: one spaCy parse per article, read by every annotator.

Flow for one article: parse (long texts in chunks) -> places (gazetteer geoparser) ->
entities (NER + places + roles) -> dates, figures, quotes -> event mentions.  Everything
:func:`annotate` does looks at one article only (so its output can be stored per article);
the bundle-level steps come after it: :func:`localise` (places re-read with the geography
of the outlet's other articles) and :func:`link` (canonical entities, quote speakers).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse import __version__
from newsfuse.model import Annotations, Article, Entity, EventMention, Place, Quote

if TYPE_CHECKING:
    from spacy.language import Language

    from newsfuse.annotate.gazetteer import Gazetteer

#: spaCy batch size for nlp.pipe over the articles of a run (larger batches gave no speed-up
#: on 2 cores for news-length texts; smaller ones lose the batching benefit).
PIPE_BATCH = 16


#: The packages whose code decides what :func:`annotate` stores for an article (and the data model
#: it is stored as): a change to any of their files is a new annotator.
ANNOTATING_CODE = ("annotate", "extract", "model.py", "normalise.py")


@functools.cache
def code_digest(root: Path = Path(__file__).resolve().parent.parent) -> str:
    """A short digest of the annotating code (:data:`ANNOTATING_CODE`) under the package folder
    ``root`` (the installed newsfuse by default)."""
    h = hashlib.sha256()
    for part in ANNOTATING_CODE:
        path = root / part
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            h.update(f.relative_to(root).as_posix().encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def annotator_key() -> str:
    """The key stored beside cached annotations: another newsfuse version, another model, or any change
    to the annotating code (an upgrade, or a development checkout between releases) re-annotates."""
    from newsfuse.annotate.places import DEFAULT_MODEL

    return f"newsfuse-{__version__}+{code_digest()}/{DEFAULT_MODEL}"


def _sentences(doc: Any, offset: int) -> list[tuple[int, int]]:
    """Sentence offsets, cut at line breaks too: spaCy's sentences can run over a paragraph
    break (a sub-heading glued to the next paragraph's first sentence)."""
    out = []
    for s in doc.sents:
        pos = s.start_char
        for line in s.text.split("\n"):
            lead = len(line) - len(line.lstrip())
            trail = len(line) - len(line.rstrip())
            start, end = pos + lead, pos + len(line) - trail
            if end > start:
                out.append((offset + start, offset + end))
            pos += len(line) + 1
    return out


def annotate(
    articles: Sequence[Article],
    nlp: Language,
    gazetteer: Gazetteer,
    on_article: Callable[[Article], None] | None = None,
) -> list[Annotations]:
    """Annotations of every article (in the order given), parsing each text once."""
    from newsfuse.annotate.dates import find_dates
    from newsfuse.annotate.entities import find_entities
    from newsfuse.annotate.figures import find_figures
    from newsfuse.annotate.places import _chunks, find_places
    from newsfuse.annotate.quotes import find_quotes
    from newsfuse.extract.events import find_events

    pieces = [(a, off, text) for a in articles for off, text in _chunks(a.text)]
    parts: dict[str, list[Annotations]] = {a.id: [] for a in articles}
    docs = nlp.pipe((text for _, _, text in pieces), batch_size=PIPE_BATCH)
    for (article, off, text), doc in zip(pieces, docs):
        aid = article.id
        places = find_places(doc, None, gazetteer)
        entities = find_entities(doc, aid, places, off)
        part = Annotations(
            article=aid,
            sentences=tuple(_sentences(doc, off)),
            entities=tuple(entities),
            dates=tuple(find_dates(doc, aid, article.published, off)),
            figures=tuple(find_figures(doc, aid, off)),
            quotes=tuple(find_quotes(doc, aid, off, entities)),
        )
        part = replace(part, events=tuple(find_events(doc, part, off, gazetteer.nation)))
        parts[aid].append(part)
        if off + len(text) >= len(article.text) and on_article is not None:  # doc.text == text, rebuilt per access
            on_article(article)
    return [_join(a.id, parts[a.id]) for a in articles]


def _join(article: str, parts: Iterable[Annotations]) -> Annotations:
    parts = list(parts)
    if len(parts) == 1:
        return parts[0]
    return Annotations(
        article=article,
        sentences=tuple(s for p in parts for s in p.sentences),
        entities=tuple(e for p in parts for e in p.entities),
        dates=tuple(d for p in parts for d in p.dates),
        figures=tuple(f for p in parts for f in p.figures),
        quotes=tuple(q for p in parts for q in p.quotes),
        events=tuple(e for p in parts for e in p.events),
    )


def localise(
    articles: Sequence[Article], annotations: Sequence[Annotations], gazetteer: Callable[[], Gazetteer]
) -> list[Annotations]:
    """The annotations with each place re-read in the light of its outlet's geography.

    An article whose outlet has enough other articles here (see
    :func:`newsfuse.annotate.places.local_priors`) has its place mentions resolved again, with and
    without that prior; a mention changes only where the prior alone changes the reading it was
    given, and the event mentions placed there follow it.  ``gazetteer`` is called only when some
    article has a prior.
    """
    from newsfuse.annotate.entities import to_place
    from newsfuse.annotate.places import local_priors, resolve

    priors = local_priors(
        {a.id: a.outlet for a in articles},
        {an.article: [(e.place, e.confidence) for e in an.entities if e.kind == "place" and e.place is not None]
         for an in annotations},
    )
    if not priors:
        return list(annotations)
    gaz = gazetteer()
    text_of = {a.id: a.text for a in articles}
    out = []
    for an in annotations:
        prior, text = priors.get(an.article), text_of.get(an.article)
        if prior is None or text is None:
            out.append(an)
            continue
        at = [k for k, e in enumerate(an.entities) if e.kind == "place"]
        spans = [(an.entities[k].span.start, an.entities[k].span.end) for k in at]
        before, after = resolve(spans, text, gaz), resolve(spans, text, gaz, prior=prior)
        entities = list(an.entities)
        moved: dict[tuple[int, int], Place] = {}
        for k, b, a in zip(at, before, after):
            e = entities[k]
            if e.place is None or b.entry is None or a.entry is None:
                continue
            was, now = (b.entry.geonames_id, b.entry.kind), (a.entry.geonames_id, a.entry.kind)
            if now != was and (e.place.geonames_id, e.place.kind) == was:
                place = to_place(a.entry)
                entities[k] = replace(e, place=place, key=a.entry.name, confidence=min(e.confidence, a.confidence))
                moved[(e.span.start, e.span.end)] = place
        if not moved:
            out.append(an)
            continue
        events = tuple(_moved_event(m, moved) for m in an.events)
        out.append(replace(an, entities=tuple(entities), events=events))
    return out


def _moved_event(m: EventMention, moved: Mapping[tuple[int, int], Place]) -> EventMention:
    if m.place_span is None or (m.place_span.start, m.place_span.end) not in moved:
        return m
    return replace(m, place=moved[(m.place_span.start, m.place_span.end)])


def link(annotations: Sequence[Annotations]) -> tuple[list[Entity], list[Annotations]]:
    """Canonical entities across the bundle, and the annotations with quote speakers linked to them."""
    from newsfuse.annotate.entities import entity_at, link_entities

    entities = link_entities(m for a in annotations for m in a.entities)

    def speaker(q: Quote) -> Quote:
        if q.speaker_span is None:
            return q
        hit = entity_at(entities, q.speaker_span)
        return replace(q, speaker=hit.id) if hit is not None else q

    linked = [replace(a, quotes=tuple(speaker(q) for q in a.quotes)) for a in annotations]
    return entities, linked
