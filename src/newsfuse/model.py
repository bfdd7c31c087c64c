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


# ---- annotations: what one article says (annotate/) ------------------------------------

EntityKind = Literal["person", "org", "place", "group"]


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry a place mention was resolved to (lat/lon in WGS84 degrees)."""

    name: str
    lat: float
    lon: float
    kind: str  # "country" | "admin1" | "admin2" | "city"
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    geonames_id: int | None = None


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One mention of a person, organisation, group or place in one article.

    ``key`` is the article-local canonical name the mention was linked to ("Ned Price"
    for both "State Department spokesman Ned Price" and "Price"); ``role`` is a role the
    text gives at this mention ("State Department spokesman"), if any.
    """

    span: Span
    text: str
    kind: EntityKind
    key: str
    role: str | None = None
    place: Place | None = None
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity across the bundle, with every name, role and mention."""

    id: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    place: Place | None = None
    mentions: tuple[Span, ...] = ()


DatePrecision = Literal["day", "week", "month", "year", "range", "relative", "duration"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A temporal expression and its value against the article's publication date.

    A day has ``start == end``; a week, month, year or range spans ``[start, end]``
    (inclusive).  ``precision="relative"`` keeps a weekday/relative expression whose
    anchor (publication date) is unknown: ``start``/``end`` stay None and ``note`` says so.
    ``precision="duration"`` is a length of time ("30 to 90 days"), not a point: then
    ``start``/``end`` are None and ``note`` gives the length.
    """

    id: str
    span: Span
    text: str
    precision: DatePrecision
    start: dt.date | None = None
    end: dt.date | None = None
    relative_to: str | None = None  # "publication date" when the value depends on it
    note: str = ""


FigureKind = Literal["count", "measure", "ordinal", "fraction", "percent", "money", "vague"]
#: Figure kinds that are a share of a whole ("a third", "40%"): never comparable with a count.
SHARE_KINDS: frozenset[str] = frozenset({"fraction", "percent"})
#: The unit every length is normalised to (``Figure.normalized_unit`` of "20 miles", "150km").
LENGTH_UNIT = "km"


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with what it counts and its unit.

    ``value``/``high`` are the number (``high`` for a range "24 to 48"); ``approx`` is
    the qualifier kept from the text ("about", "more than", "at least", ...), ``None``
    when the figure is stated exactly.  ``normalized``/``normalized_unit`` are the
    value in a canonical unit (km, kg, USD...) when the unit converts.
    """

    id: str
    span: Span
    text: str
    kind: FigureKind
    value: float
    high: float | None = None
    unit: str | None = None
    of: str | None = None  # what is counted or measured: "troops", "distance"
    approx: str | None = None
    normalized: float | None = None
    normalized_unit: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: a direct quote or indirect speech with its speaker.

    ``span`` covers the quoted content (``text`` is exactly those words); ``speaker_span``
    the words naming the speaker (for "he said", the antecedent the pronoun was resolved
    to, which may lie in an earlier sentence).  ``channel`` is who the words were told to
    ("AFP" in "told AFP"), never the speaker.  ``speaker`` is an entity id once linked.
    """

    id: str
    span: Span
    text: str
    direct: bool
    speaker_text: str | None = None
    speaker_span: Span | None = None
    speaker: str | None = None
    cue: str | None = None  # "said", "tweeted", "according to"
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything read from one article; every item points into ``article``'s text.

    ``events`` are the article's event mentions (extract/events.py reads them off the same
    parse); merging them across articles happens later (align/events.py).
    """

    article: str
    sentences: tuple[tuple[int, int], ...] = ()
    entities: tuple[EntityMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[EventMention, ...] = ()


# ---- events and claims (extract/, align/) ---------------------------------------------

Modality = Literal["asserted", "negated", "hypothetical", "future", "uncertain"]


@dataclass(frozen=True, slots=True)
class EventMention:
    """One sentence's report of something happening (who did what to whom, where, when).

    ``trigger`` is the word(s) naming the event; ``sentence`` the whole sentence.  Actors
    and place are the words of the text with their spans; ``place`` is resolved when the
    geoparser could.  ``modality`` marks what is not reported as a fact.  ``aggregate`` marks a
    report about several towns or provinces at once that names none of them ("seized more provincial
    capitals", "many districts fell"), or about a kind of act, several at once, named by a bare plural
    with no place ("surrender deals made with the Taliban", "airstrikes"): it is never the report of one
    place's event.
    ``actor1_countries`` are the ISO codes of the countries actor1 names or belongs to ("UK troops",
    "the US and the UK", "Afghan forces"), or for a troop movement with no sender
    named, of the troops moved ("600 UK troops are to be sent"); empty when the text names none.
    ``actor2_countries`` are those of actor2, read the same way ("support Afghan forces").
    ``ongoing`` marks an act told as under way when the report was written ("is deploying troops",
    "are being sent"): it began before and goes on after the publication date.  ``not_before`` is, for
    an act with no date of its own that is still to come in the clause that dates it ("announced
    Thursday that it will send troops", "ordered troops in on Friday to evacuate its staff"), that
    clause's date: the act is on or after it.
    """

    id: str
    trigger: Span
    sentence: Span
    type: str  # the newsfuse/ACLED-style type, see extract/taxonomy
    subtype: str
    plover: str
    lemma: str = ""
    actor1: str | None = None
    actor1_span: Span | None = None
    actor2: str | None = None
    actor2_span: Span | None = None
    place: Place | None = None
    place_span: Span | None = None
    date: DateMention | None = None
    modality: Modality = "asserted"
    aggregate: bool = False
    actor1_countries: tuple[str, ...] = ()
    ongoing: bool = False
    not_before: DateMention | None = None
    actor2_countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world event with every mention of it, across articles."""

    id: str
    type: str
    subtype: str
    plover: str
    mentions: tuple[EventMention, ...]
    actor1: str | None = None
    actor2: str | None = None
    place: Place | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    modality: Modality = "asserted"
    sources: tuple[str, ...] = ()  # source-group ids


ClaimStatus = Literal["corroborated", "contradicted", "unique"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Why a claim cannot be true together with another: both spans, and the reason."""

    claim: str
    kind: str  # "numeric" | "count" | "status" | "attributed" | "date"
    why: str
    mine: Span
    theirs: Span


@dataclass(frozen=True, slots=True)
class Claim:
    """An atomic statement (subject, relation, value, time, place) and who makes it.

    ``text`` is the words of its first mention; ``independent_sources`` counts source
    groups, never articles.
    """

    id: str
    text: str
    subject: str
    relation: str
    value: str
    mentions: tuple[Span, ...]
    status: ClaimStatus = "unique"
    independent_sources: int = 1
    sources: tuple[str, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    date: dt.date | None = None
    place: str | None = None
    event: str | None = None  # the Event this claim reports, if any
    figure: Figure | None = None


# ---- the picture a person reads (synthesize/) ------------------------------------------


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A summary sentence: the words of ``citations[0]`` exactly, cited to every source
    saying it; ``connective=True`` marks newsfuse's own words ("Sources disagree: ...").
    ``story`` is the id of the story it summarises (``None`` when built outside a run)."""

    text: str
    citations: tuple[Span, ...]
    connective: bool = False
    story: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: dt.date
    precision: str
    label: str
    event: str | None = None
    claim: str | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """What is new or different since the previous build of the same story."""

    kind: str  # "new_article" | "new_source" | "new_event" | "new_claim" | "status_changed"
    item: str  # the id of the article / source / event / claim
    text: str
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True, slots=True)
class StoryBuild:
    """What one run concluded about one story: kept in the store so the next run can say
    what changed."""

    story: str
    articles: tuple[str, ...]
    sources: tuple[SourceGroup, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()


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
    annotations: tuple[Annotations, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    changes: tuple[Change, ...] = ()

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
