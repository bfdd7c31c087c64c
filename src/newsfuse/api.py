"""The entry points the CLI and the server call.  No printing, no exiting: results and
exceptions only (the edges translate them)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from newsfuse.errors import InputError, NoInputError
from newsfuse.model import Annotations, Article, Report, Skipped, Story, StoryBuild
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
    warnings: tuple[Skipped, ...] = ()

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
    warnings: tuple[Skipped, ...] = ()  # read, but something in it was ignored (an unparseable date)


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
    return IngestOutcome(
        collapse_exact(articles),
        tuple(sorted(set(skipped), key=lambda s: (s.path, s.reason))),
        result.ignored,
        tuple(result.warnings),
    )


# ---- analysis stages (pure functions over the state) -------------------------------------


@dataclass
class Tools:
    """The heavy, lazily loaded tools stages use (a spaCy pipeline, the gazetteer, the
    sentence embedder), made at most once per run and only if some stage needs them."""

    embedder_factory: Callable[[], Any] | None = None
    nlp_factory: Callable[[], Any] | None = None
    gazetteer_factory: Callable[[], Any] | None = None
    _made: dict[str, Any] = field(default_factory=dict)

    def _get(self, name: str, factory: Callable[[], Any] | None) -> Any:
        if factory is None:
            return None
        if name not in self._made:
            self._made[name] = factory()
        return self._made[name]

    def embedder(self) -> Any:
        return self._get("embedder", self.embedder_factory)

    def nlp(self) -> Any:
        return self._get("nlp", self.nlp_factory)

    def gazetteer(self) -> Any:
        return self._get("gazetteer", self.gazetteer_factory)


def _default_embedder() -> Any:
    from newsfuse.embed import Embedder

    return Embedder()


def _default_nlp() -> Any:
    from newsfuse.annotate.places import load_nlp

    return load_nlp()


def _default_gazetteer() -> Any:
    from newsfuse.annotate.gazetteer import Gazetteer

    return Gazetteer()


def _story_groups(scope: Sequence[Article], stories: Sequence[Story]) -> list[tuple[str | None, list[Article]]]:
    """The scope's articles per story (story order), then each article in no story on its own."""
    by_id = {a.id: a for a in scope}
    groups: list[tuple[str | None, list[Article]]] = []
    placed: set[str] = set()
    for st in stories:
        members = [by_id[m] for m in st.articles if m in by_id]
        if members:
            groups.append((st.id, members))
            placed.update(a.id for a in members)
    groups += [(None, [a]) for a in scope if a.id not in placed]
    return groups


def _analysis_stages(tools: Tools, settings: Settings, progress: Progress) -> list[Stage]:
    from newsfuse.cluster import cluster_stories
    from newsfuse.dedup import near_duplicates
    from newsfuse.passages import shared_passages
    from newsfuse.sources import group_sources

    @stage("stories", requires=["articles", "known_stories", "known_articles"], assigns=["stories"])
    def _stories(s: Mapping[str, Any]) -> dict[str, Any]:
        return {"stories": cluster_stories(s["articles"], s["known_stories"], s["known_articles"])}

    @stage("scope", requires=["articles", "known_articles", "stories"], assigns=["scope", "stories"])
    def _scope(s: Mapping[str, Any]) -> dict[str, Any]:
        # A run reports on the stories its articles belong to, with the articles earlier runs
        # stored in those stories: adding one report shows the whole story, and what changed.
        given = {a.id: a for a in s["articles"]}
        touched = [st for st in s["stories"] if any(m in given for m in st.articles)]
        known = {a.id: a for a in s["known_articles"]}
        scope = dict(given)
        for st in touched:
            scope.update({m: known[m] for m in st.articles if m in known and m not in scope})
        return {"scope": tuple(sorted(scope.values(), key=lambda a: a.id)), "stories": tuple(touched)}

    @stage("near-duplicates", requires=["scope"], assigns=["duplicates"])
    def _dups(s: Mapping[str, Any]) -> dict[str, Any]:
        return {"duplicates": near_duplicates(s["scope"])}

    @stage("shared passages", requires=["scope"], assigns=["passages"])
    def _passages(s: Mapping[str, Any]) -> dict[str, Any]:
        embedder = tools.embedder() if len(s["scope"]) > 1 else None
        return {"passages": shared_passages(s["scope"], embedder)}

    @stage("source groups", requires=["scope", "passages", "duplicates"], assigns=["sources"])
    def _sources(s: Mapping[str, Any]) -> dict[str, Any]:
        return {"sources": group_sources(s["scope"], s["passages"], s["duplicates"])}

    @stage("annotations", requires=["scope", "cached_annotations"], assigns=["annotations", "new_annotations"])
    def _annotate(s: Mapping[str, Any]) -> dict[str, Any]:
        from newsfuse.annotate import annotate

        cached = s["cached_annotations"]
        todo = [a for a in s["scope"] if a.id not in cached]
        fresh: list[Annotations] = []
        if todo:
            progress.start("reading articles (entities, places, dates, figures, quotes, events)", len(todo))
            fresh = annotate(todo, tools.nlp(), tools.gazetteer(), on_article=lambda _a: progress.advance())
        by_id = {**cached, **{a.article: a for a in fresh}}
        return {"annotations": tuple(by_id[a.id] for a in s["scope"]), "new_annotations": tuple(fresh)}

    @stage("entities", requires=["scope", "annotations"], assigns=["entities", "annotations"])
    def _entities(s: Mapping[str, Any]) -> dict[str, Any]:
        from newsfuse.annotate import link, localise

        entities, linked = link(localise(s["scope"], s["annotations"], tools.gazetteer))
        return {"entities": tuple(entities), "annotations": tuple(linked)}

    @stage("events", requires=["scope", "stories", "sources", "annotations"], assigns=["events"])
    def _events(s: Mapping[str, Any]) -> dict[str, Any]:
        from newsfuse.align.events import merge_events

        source_of = {m: g.id for g in s["sources"] for m in g.articles}
        published = {a.id: a.published for a in s["scope"]}
        anns = {a.article: a for a in s["annotations"]}
        events = []
        for _story, members in _story_groups(s["scope"], s["stories"]):
            mentions = [m for a in members for m in anns[a.id].events]
            if mentions:
                texts = {a.id: a.text for a in members}
                events += merge_events(mentions, source_of, published, tools.embedder(), texts=texts)
        return {"events": tuple(sorted(events, key=lambda e: (e.date is None, e.date or dt.date.min, e.id)))}

    @stage("claims", requires=["scope", "stories", "sources", "annotations"], assigns=["claims"])
    def _claims(s: Mapping[str, Any]) -> dict[str, Any]:
        from newsfuse.align.claims import align_claims
        from newsfuse.extract.claims import extract_claims

        source_of = {m: g.id for g in s["sources"] for m in g.articles}
        anns = {a.article: a for a in s["annotations"]}
        claims = []
        for _story, members in _story_groups(s["scope"], s["stories"]):
            found = [c for a in members for c in extract_claims(a, anns[a.id], anns[a.id].events)]
            claims += align_claims(found, source_of)
        return {"claims": tuple(claims)}

    @stage("summary", requires=["scope", "stories", "sources", "annotations", "claims"], assigns=["summary"])
    def _summary(s: Mapping[str, Any]) -> dict[str, Any]:
        from newsfuse.synthesize.summary import summarize

        source_of = {m: g.id for g in s["sources"] for m in g.articles}
        sentences = {a.article: a.sentences for a in s["annotations"]}
        summary = []
        for story, members in _story_groups(s["scope"], s["stories"]):
            ids = {a.id for a in members}
            claims = [c for c in s["claims"] if any(m.article in ids for m in c.mentions)]
            summary += [
                replace(sentence, story=story)
                for sentence in summarize(
                    members, sentences, source_of, claims, max_words=settings.summary_words, embedder=tools.embedder()
                )
            ]
        return {"summary": tuple(summary)}

    @stage("timeline", requires=["events", "claims"], assigns=["timeline"])
    def _timeline(s: Mapping[str, Any]) -> dict[str, Any]:
        from newsfuse.synthesize.timeline import build_timeline

        return {"timeline": tuple(build_timeline(s["events"], s["claims"]))}

    @stage("what changed", requires=["scope", "stories", "sources", "events", "claims", "previous_builds"],
           assigns=["builds", "changes"])
    def _changes(s: Mapping[str, Any]) -> dict[str, Any]:
        from newsfuse.synthesize.changes import what_changed

        builds, changes = [], []
        for story, members in _story_groups(s["scope"], s["stories"]):
            if story is None:
                continue
            ids = {a.id for a in members}
            build = StoryBuild(
                story=story,
                articles=tuple(sorted(ids)),
                sources=tuple(g for g in s["sources"] if ids & set(g.articles)),
                events=tuple(e for e in s["events"] if any(m.trigger.article in ids for m in e.mentions)),
                claims=tuple(c for c in s["claims"] if any(m.article in ids for m in c.mentions)),
            )
            builds.append(build)
            changes += what_changed(s["previous_builds"].get(story), build)
        return {"builds": tuple(builds), "changes": tuple(changes)}

    return [_stories, _scope, _dups, _passages, _sources, _annotate, _entities, _events, _claims, _summary,
            _timeline, _changes]


def _analyse(
    store: Any, articles: Sequence[Article], skipped: Sequence[Skipped], settings: Settings, progress: Progress,
    tools: Tools,
) -> tuple[Report, Mapping[str, Any]]:
    """Every analysis stage over ``articles`` (already stored) and the stories they join."""
    from newsfuse.annotate import annotator_key

    known_stories = tuple(store.stories())
    members = {m for st in known_stories for m in st.articles}
    known_articles = tuple(store.articles(sorted(members))) if members else ()

    stages = _analysis_stages(tools, settings, progress)
    progress.start("analysing", None)
    # first which stories the run touches (its scope), then only their stored annotations and
    # builds are read: a store of many stories is not read whole for a run that adds to one
    split = next(i for i, st in enumerate(stages) if st.name == "scope") + 1
    log_stage = lambda name: log.info("stage: %s", name)  # noqa: E731
    state = run_stages(
        stages[:split],
        {"articles": tuple(articles), "known_stories": known_stories, "known_articles": known_articles},
        on_stage=log_stage,
    )
    in_scope = {a.id for a in state["scope"]}
    cached = store.annotations(sorted(in_scope), annotator_key())
    previous = {st.id: b for st in known_stories
                if in_scope.intersection(st.articles) and (b := store.story_build(st.id)) is not None}
    state = run_stages(
        stages[split:],
        {**state, "cached_annotations": cached, "previous_builds": previous},
        on_stage=log_stage,
    )
    if state["new_annotations"]:
        store.put_annotations(state["new_annotations"], annotator_key())
    report = Report(
        articles=state["scope"],
        skipped=tuple(skipped),
        sources=tuple(state["sources"]),
        stories=tuple(state["stories"]),
        duplicates=tuple(state["duplicates"]),
        passages=tuple(state["passages"]),
        annotations=tuple(state["annotations"]),
        entities=tuple(state["entities"]),
        events=tuple(state["events"]),
        claims=tuple(state["claims"]),
        summary=tuple(state["summary"]),
        timeline=tuple(state["timeline"]),
        changes=tuple(state["changes"]),
    )
    return report, state


def run(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    progress: Progress | None = None,
    embedder_factory: Callable[[], Any] | None = _default_embedder,
    tools: Tools | None = None,
) -> RunResult:
    """Ingest ``paths`` into the store, analyse them and the stories they join, and write
    report.json/.md/.html to ``out_dir``."""
    from newsfuse.render import write_report
    from newsfuse.sources import merge_groups
    from newsfuse.store import open_store

    settings = settings or Settings()
    progress = progress or _Silent()
    tools = tools or Tools(embedder_factory, _default_nlp, _default_gazetteer)
    outcome = read_articles(paths, progress)

    with open_store(settings.store, settings.backend) as store:
        added = store.add_articles(outcome.articles)
        # Articles seen before keep their stored origins too: the report shows every place seen.
        articles = tuple(store.articles([a.id for a in outcome.articles]))
        report, state = _analyse(store, articles, outcome.skipped, settings, progress, tools)
        # the run regrouped and relinked its scope; what the store knows of other stories stays
        scope = {a.id for a in state["scope"]}
        stored_dups, stored_passages = store.links()
        store.put_links(
            [d for d in stored_dups if d.a not in scope and d.b not in scope] + list(state["duplicates"]),
            [p for p in stored_passages if p.a.article not in scope and p.b.article not in scope] + list(state["passages"]),
        )
        store.put_sources(merge_groups(store.sources(), state["sources"], scope))
        store.put_stories(_merge_stories(store.stories(), state["stories"]))
        number = store.record_run([str(p) for p in paths], added.added, added.known, outcome.skipped)
        store.put_story_builds(state["builds"], number)

    progress.start("writing report", None)
    written = write_report(report, Path(out_dir))
    return RunResult(report, tuple(written), added.added, added.known, outcome.ignored, outcome.warnings)


def _merge_stories(stored: Sequence[Story], touched: Sequence[Story]) -> list[Story]:
    """The stored stories with the ones this run touched replaced (or added), in a stable order."""
    new = {st.id: st for st in touched}
    kept = [new.pop(st.id, st) for st in stored]
    return kept + [new[k] for k in sorted(new)]


EXPORT_FORMATS = ("csv", "json")


def export(fmt: str, settings: Settings | None = None, progress: Progress | None = None, tools: Tools | None = None) -> str:
    """The analysis of everything the store holds, as text: ``csv`` (one row per event, in the
    style of ACLED) or ``json`` (the whole report.json)."""
    from newsfuse.errors import ConfigError, StoreError
    from newsfuse.render import render_json
    from newsfuse.render.csv import events_csv
    from newsfuse.store import open_store

    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    settings = settings or Settings()
    progress = progress or _Silent()
    tools = tools or Tools(_default_embedder, _default_nlp, _default_gazetteer)
    if not Path(settings.store).exists():
        raise StoreError(f"no store at {settings.store}; run `newsfuse run PATH...` first or pass --store")
    with open_store(settings.store, settings.backend, create=False) as store:
        articles = tuple(store.articles())
        if not articles:
            raise StoreError(f"the store {settings.store} holds no article yet; run `newsfuse run PATH...` first")
        report, _state = _analyse(store, articles, (), settings, progress, tools)
    return events_csv(report) if fmt == "csv" else render_json(report)


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


