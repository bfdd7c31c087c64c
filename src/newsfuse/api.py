"""The entry points the CLI and the server call.  No printing, no exiting: results and
exceptions only (the edges translate them)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from newsfuse.errors import InputError, NoInputError
from newsfuse.model import Article, Report, Skipped
from newsfuse.pipeline import Stage, run_stages, stage
from newsfuse.settings import Settings

log = logging.getLogger("newsfuse")


class Progress(Protocol):
    """What a long run tells whoever shows progress (the CLI's rich bar, a server's job log)."""

    def start(self, task: str, total: int | None) -> None: ...
    def advance(self, n: int = 1) -> None: ...


class _Silent:
    def start(self, task: str, total: int | None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


@dataclass(frozen=True, slots=True)
class RunResult:
    """What one ``newsfuse run`` did."""

    report: Report
    written: tuple[Path, ...]
    added: tuple[str, ...]
    known: tuple[str, ...]
    ignored: tuple[str, ...]

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        return self.report.skipped

    @property
    def undated(self) -> tuple[Article, ...]:
        """Articles with no publication date: reported, never guessed."""
        return tuple(a for a in self.report.articles if a.published is None)


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    ignored: tuple[str, ...]


def read_articles(paths: Sequence[str | os.PathLike[str]], progress: Progress | None = None) -> IngestOutcome:
    """Read, normalise and fill metadata for every article under ``paths``.

    Bad inputs become :class:`Skipped` entries; one bad article never sinks the batch.
    Raises :class:`NoInputError` when nothing at all could be read.
    """
    from newsfuse.dedup import collapse_exact
    from newsfuse.infer import infer_metadata
    from newsfuse.ingest import read_paths
    from newsfuse.normalise import normalise

    progress = progress or _Silent()
    progress.start("reading files", None)
    result = read_paths(list(paths), on_file=lambda _p: progress.advance())
    skipped = list(result.skipped)
    articles: list[Article] = []
    progress.start("normalising", len(result.raw))
    for raw in result.raw:
        try:
            articles.append(infer_metadata(normalise(raw)))
        except InputError as exc:
            skipped.append(Skipped(exc.path, exc.reason))
        progress.advance()
    if not articles:
        named = ", ".join(str(p) for p in paths) or "(nothing)"
        raise NoInputError(
            f"no readable article in {named}"
            + (f" ({len(skipped)} input(s) skipped: {skipped[0].path}: {skipped[0].reason}"
               + (", ..." if len(skipped) > 1 else "") + ")" if skipped else "")
            + "; give .txt, .html, .jsonl, RSS/Atom or WARC files, or a folder holding them"
        )
    return IngestOutcome(collapse_exact(articles), tuple(sorted(set(skipped), key=lambda s: (s.path, s.reason))), result.ignored)


# ---- analysis stages (pure functions over the state) -------------------------------------


def _analysis_stages(embedder_factory: Callable[[], Any] | None) -> list[Stage]:
    from newsfuse.cluster import cluster_stories
    from newsfuse.dedup import near_duplicates
    from newsfuse.passages import shared_passages
    from newsfuse.sources import group_sources

    @stage("near-duplicates", requires=["articles"], assigns=["duplicates"])
    def _dups(s: Mapping[str, Any]) -> dict[str, Any]:
        return {"duplicates": near_duplicates(s["articles"])}

    @stage("shared passages", requires=["articles"], assigns=["passages"])
    def _passages(s: Mapping[str, Any]) -> dict[str, Any]:
        embedder = embedder_factory() if embedder_factory and len(s["articles"]) > 1 else None
        return {"passages": shared_passages(s["articles"], embedder)}

    @stage("source groups", requires=["articles", "passages", "duplicates"], assigns=["sources"])
    def _sources(s: Mapping[str, Any]) -> dict[str, Any]:
        return {"sources": group_sources(s["articles"], s["passages"], s["duplicates"])}

    @stage("stories", requires=["articles", "known_stories", "known_articles"], assigns=["stories"])
    def _stories(s: Mapping[str, Any]) -> dict[str, Any]:
        return {"stories": cluster_stories(s["articles"], s["known_stories"], s["known_articles"])}

    return [_dups, _passages, _sources, _stories]


def _default_embedder() -> Any:
    from newsfuse.embed import Embedder

    return Embedder()


def run(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    progress: Progress | None = None,
    embedder_factory: Callable[[], Any] | None = _default_embedder,
) -> RunResult:
    """Ingest ``paths`` into the store, analyse them and write report.json/.md/.html to ``out_dir``."""
    from newsfuse.render import write_report
    from newsfuse.store import open_store

    settings = settings or Settings()
    progress = progress or _Silent()
    outcome = read_articles(paths, progress)
    articles = outcome.articles

    with open_store(settings.store, settings.backend) as store:
        added = store.add_articles(articles)
        # Articles seen before keep their stored origins too: the report shows every place seen.
        articles = tuple(store.articles([a.id for a in articles]))
        known_stories = tuple(store.stories())
        members = {m for st in known_stories for m in st.articles}
        known_articles = tuple(store.articles(sorted(members))) if members else ()

        stages = _analysis_stages(embedder_factory)
        progress.start("analysing", len(stages))
        state = run_stages(
            stages,
            {"articles": articles, "known_stories": known_stories, "known_articles": known_articles},
            on_stage=lambda name: (log.info("stage: %s", name), progress.advance()),
        )
        store.put_links(state["duplicates"], state["passages"])
        store.put_sources(state["sources"])
        store.put_stories(state["stories"])
        store.record_run([str(p) for p in paths], added.added, added.known, outcome.skipped)

    ids = {a.id for a in articles}
    stories = tuple(
        replace(st, articles=tuple(m for m in st.articles if m in ids))
        for st in state["stories"]
        if any(m in ids for m in st.articles)
    )
    report = Report(
        articles=articles,
        skipped=outcome.skipped,
        sources=tuple(state["sources"]),
        stories=stories,
        duplicates=tuple(state["duplicates"]),
        passages=tuple(state["passages"]),
    )
    progress.start("writing report", None)
    written = write_report(report, Path(out_dir))
    return RunResult(report, tuple(written), added.added, added.known, outcome.ignored)


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> tuple[IngestOutcome, Any]:
    """Read ``paths`` into the store only (no analysis, no report)."""
    from newsfuse.store import open_store

    settings = settings or Settings()
    outcome = read_articles(paths, progress)
    with open_store(settings.store, settings.backend) as store:
        added = store.add_articles(outcome.articles)
        store.record_run([str(p) for p in paths], added.added, added.known, outcome.skipped)
    return outcome, added


