"""The data model: typed, small, and free of I/O.

Everything newsfuse says points back into an article's normalised text through a
:class:`Span` (article id + character offsets, end exclusive).  Stages never copy
source words into their outputs without the span they came from.

Flow::

    files --ingest--> RawArticle --normalise/infer--> Article --stages--> Report
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Literal

NoiseKind = Literal["caption", "read_more", "credits", "repeat", "subheading", "standfirst"]
NOISE_KINDS: tuple[str, ...] = ("caption", "read_more", "credits", "repeat", "subheading", "standfirst")


def article_id(text: str) -> str:
    """The id of an article: derived from its normalised text only.

    Re-ingesting the same text (from any file, format or outlet) gives the same id,
    which is what lets the store add nothing twice and lets exact duplicates collapse.
    """
    return "a" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:15]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Provenance: character offsets ``[start, end)`` into one article's normalised text."""

    article: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"span {self.article}[{self.start}:{self.end}] is empty or negative")

    def to_json(self) -> dict[str, object]:
        return {"article": self.article, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True, order=True)
class Noise:
    """A stretch of an article's text that is not reporting (caption, trailer, ...).

    Noise is *marked*, never deleted: offsets stay valid and a reader can still see it.
    """

    kind: str  # one of NOISE_KINDS
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.kind not in NOISE_KINDS:
            raise ValueError(f"unknown noise kind {self.kind!r}; expected one of {NOISE_KINDS}")
        if not (0 <= self.start < self.end):
            raise ValueError(f"noise {self.kind}[{self.start}:{self.end}] is empty or negative")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a file, page, feed entry, manifest line or sidecar said about an article.

    Every field may be missing (``None`` / empty).  Nothing here is guessed: a missing
    publication date stays ``None``.
    """

    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    byline: str | None = None
    credits: tuple[str, ...] = ()
    site: str | None = None

    def merged_over(self, other: Metadata) -> Metadata:
        """This metadata with ``other`` filling whatever this leaves empty."""
        return Metadata(
            outlet=self.outlet or other.outlet,
            url=self.url or other.url,
            published=self.published or other.published,
            title=self.title or other.title,
            byline=self.byline or other.byline,
            credits=self.credits or other.credits,
            site=self.site or other.site,
        )


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from its source, before normalisation.

    ``origin`` names where it came from precisely enough for a person to find it:
    a file path, ``path:LINE`` for a JSONL line, ``path#N`` for the Nth feed entry or
    WARC record, and the URL when the source gave one.
    """

    origin: str
    text: str
    meta: Metadata = field(default_factory=Metadata)
    meta_from: str = ""  # which source gave ``meta``: manifest|sidecar|html|feed|jsonl|warc


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that could not be read, with a reason a person can act on."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A normalised article: the text every offset in newsfuse points into.

    ``meta_from`` says where each metadata field came from (``"manifest"``,
    ``"sidecar"``, ``"html"``, ``"feed"``, ``"jsonl"``, ``"warc"`` or ``"text"`` when
    inferred from the article's own words), so a reader can weigh it.
    """

    id: str
    text: str
    origins: tuple[str, ...]
    paragraphs: tuple[tuple[int, int], ...] = ()
    noise: tuple[Noise, ...] = ()
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    credits: tuple[str, ...] = ()
    meta_from: tuple[tuple[str, str], ...] = ()

    @property
    def origin(self) -> str:
        """The first place this text was seen (origins are kept sorted)."""
        return self.origins[0]

    def span(self, start: int, end: int) -> Span:
        """A provenance span into this article, checked against its text."""
        if end > len(self.text):
            raise ValueError(f"span end {end} is past the end of article {self.id} ({len(self.text)} chars)")
        return Span(self.id, start, end)

    def is_noise(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies entirely inside a noise mark."""
        return any(n.start <= start and end <= n.end for n in self.noise)

    def with_origins(self, *more: str) -> Article:
        """The same article, also seen at ``more`` places."""
        return replace(self, origins=tuple(sorted(set(self.origins) | set(more))))


@dataclass(frozen=True, slots=True)
class PassageLink:
    """Two passages in two articles that carry the same words or the same content.

    ``kind`` is ``"verbatim"`` (same words, allowing quote-mark and spacing changes)
    or ``"reworded"`` (same content in other words, found by embeddings).
    """

    a: Span
    b: Span
    kind: Literal["verbatim", "reworded"]
    score: float


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """Two articles that are the same text re-published with small edits."""

    a: str
    b: str
    similarity: float


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """Articles that are one independent source (same outlet, same agency copy, ...).

    ``why`` gives one human-readable reason per grouping decision.
    """

    id: str
    name: str
    articles: tuple[str, ...]
    why: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one unfolding real-world story."""

    id: str
    articles: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found, ready for the renderers (JSON, Markdown, HTML).

    Later stages add their own fields; each defaults to empty so a renderer can
    always show what is there.
    """

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = ()
    sources: tuple[SourceGroup, ...] = ()
    stories: tuple[Story, ...] = ()
    duplicates: tuple[NearDuplicate, ...] = ()
    passages: tuple[PassageLink, ...] = ()

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
