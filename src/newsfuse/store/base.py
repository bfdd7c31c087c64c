"""What every store backend offers: the :class:`Store` protocol and the small records it returns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable

from newsfuse.errors import StoreError
from newsfuse.model import Annotations, Article, NearDuplicate, PassageLink, Skipped, SourceGroup, Story, StoryBuild


@dataclass(frozen=True, slots=True)
class AddResult:
    """Which of the articles given to :meth:`Store.add_articles` were new and which were known (ids, sorted)."""

    added: tuple[str, ...]
    known: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RunInfo:
    """One recorded run: its number, its inputs as given, and how many articles it added, found known or skipped.

    ``at`` is the wall-clock time (UTC, ISO 8601) for display by ``newsfuse ls``; never put it in a report.
    """

    number: int
    inputs: tuple[str, ...]
    added: int
    known: int
    skipped: int
    at: str = ""


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One line of ``newsfuse ls``: an article with its independent-source group and story."""

    id: str
    outlet: str | None
    published: dt.date | None
    title: str | None
    origins: int
    story: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class StoreSummary:
    """Counts of what a store holds, and one :class:`ArticleRow` per article (sorted by id)."""

    articles: int
    sources: int
    stories: int
    duplicates: int
    passages: int
    runs: int
    rows: tuple[ArticleRow, ...] = ()


class MissingArticleError(StoreError, KeyError):
    """The store holds no article with the id asked for (also a :class:`KeyError`)."""

    def __init__(self, message: str, ids: Sequence[str]) -> None:
        super().__init__(message)
        self.ids = tuple(ids)

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


@runtime_checkable
class Store(Protocol):
    """An open store of articles, runs and the analysis of the latest run.

    Every write is one transaction: it happens entirely or not at all.  Errors are always
    :mod:`newsfuse.errors` store errors naming the file and saying what to do.
    """

    path: Path

    def __enter__(self) -> Store: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def close(self) -> None: ...

    def add_articles(self, articles: Sequence[Article]) -> AddResult: ...

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]: ...

    def article(self, article_id: str) -> Article: ...

    def record_run(
        self, inputs: Sequence[str], added: Sequence[str], known: Sequence[str], skipped: Sequence[Skipped]
    ) -> int: ...

    def runs(self) -> list[RunInfo]: ...

    def skipped(self, run: int | None = None) -> list[Skipped]: ...

    def put_sources(self, sources: Sequence[SourceGroup]) -> None: ...

    def sources(self) -> list[SourceGroup]: ...

    def put_stories(self, stories: Sequence[Story]) -> None: ...

    def stories(self) -> list[Story]: ...

    def put_links(self, duplicates: Sequence[NearDuplicate], passages: Sequence[PassageLink]) -> None: ...

    def links(self) -> tuple[list[NearDuplicate], list[PassageLink]]: ...

    def put_annotations(self, annotations: Sequence[Annotations], annotator: str) -> None: ...

    def annotations(self, ids: Iterable[str], annotator: str) -> dict[str, Annotations]: ...

    def put_story_builds(self, builds: Sequence[StoryBuild], run: int) -> None: ...

    def story_build(self, story: str, before_run: int | None = None) -> StoryBuild | None: ...

    def summary(self) -> StoreSummary: ...
