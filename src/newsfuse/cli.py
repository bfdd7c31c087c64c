"""The command line: turns flags into Settings (in one place), shows progress, and
translates newsfuse errors into readable messages and exit codes.

Exit codes: 0 everything read; 1 finished, but some inputs were skipped (named in the
report and on the console); 2 bad usage; 3 nothing could be done (no readable input, a
store problem).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsfuse import __version__
from newsfuse.errors import NewsfuseError
from newsfuse.settings import Settings

EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3

app = typer.Typer(
    help="newsfuse: many news reports of one unfolding story, fused into one verified, source-attributed picture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

StoreOpt = Annotated[
    Optional[Path],
    typer.Option("--store", help="SQLite store file (default: ./newsfuse.db, or $NEWSFUSE_STORE).", show_default=False),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the final line.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log each stage and every skipped input.")]


def _settings(store: Path | None, quiet: bool, verbose: bool, summary_words: int | None = None) -> Settings:
    """The one place CLI flags become Settings."""
    if quiet and verbose:
        raise typer.BadParameter("--quiet and --verbose contradict each other; pick one")
    settings = Settings.from_env(
        store=store, quiet=quiet, verbose=verbose, progress=not quiet, summary_words=summary_words
    )
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=err, show_time=False, show_path=False)],
        force=True,
    )
    for noisy in ("sentence_transformers", "transformers", "urllib3", "filelock", "trafilatura", "htmldate"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)
    return settings


class _Bar:
    """Adapts rich's progress bar to newsfuse.api.Progress."""

    def __init__(self, progress: Progress) -> None:
        self._p = progress
        self._task: object | None = None

    def start(self, task: str, total: int | None) -> None:
        if self._task is not None:
            self._p.update(self._task, completed=self._p.tasks[-1].total or self._p.tasks[-1].completed)  # type: ignore[arg-type]
        self._task = self._p.add_task(task, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._p.advance(self._task, n)  # type: ignore[arg-type]


def _progress(settings: Settings) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not settings.progress,
        transient=False,
    )


def _fail(exc: NewsfuseError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}")
    return typer.Exit(EXIT_FAILED)


def _report_skipped(skipped, ignored, verbose: bool, warnings=()) -> None:  # type: ignore[no-untyped-def]
    for w in warnings:
        err.print(f"[yellow]warning[/] {escape(w.path)}: {escape(w.reason)}")
    for s in skipped:
        err.print(f"[yellow]skipped[/] {escape(s.path)}: {escape(s.reason)}")
    if ignored:
        names = ", ".join(ignored if verbose else ignored[:5]) + ("" if verbose or len(ignored) <= 5 else ", ...")
        err.print(f"ignored {len(ignored)} file(s) that are not in an article format: {names}")


@app.command()
def run(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or glob patterns (.txt .html .jsonl .rss/.atom/.xml .warc[.gz]).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write report.json, report.md and report.html into.")] = Path("out"),
    store: StoreOpt = None,
    summary_words: Annotated[
        Optional[int], typer.Option("--summary-words", min=20, help="Length of each story's summary, in words (default 160).")
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Ingest PATHS into the store, analyse them with the stories they join, and write the report to OUTPUT."""
    from newsfuse.api import run as run_pipeline

    settings = _settings(store, quiet, verbose, summary_words=summary_words)
    try:
        with _progress(settings) as p:
            result = run_pipeline(paths, output, settings, progress=_Bar(p))
    except NewsfuseError as exc:
        raise _fail(exc) from None
    _report_skipped(result.skipped, result.ignored, verbose, result.warnings)
    for a in result.undated:
        err.print(f"[yellow]no publication date[/] for {a.origin} ({a.id}): left empty, not guessed")
    rep = result.report
    summary = (
        f"{len(rep.articles)} article(s) ({len(result.added)} new, {len(result.known)} already stored), "
        f"{len(rep.sources)} independent source(s), {len(rep.stories)} story(ies), {len(rep.skipped)} skipped"
    )
    if rep.changes:
        out.print(f"what changed since the last build of this story ({len(rep.changes)}):")
        for ch in rep.changes[: None if verbose else 10]:
            out.print(f"  - {ch.text}", markup=False)
        if len(rep.changes) > 10 and not verbose:
            out.print(f"  ... and {len(rep.changes) - 10} more (see the report)")
    contradicted = sum(1 for c in rep.claims if c.status == "contradicted")
    summary += f"; {len(rep.events)} event(s), {len(rep.claims)} claim(s) ({contradicted} contradicted)"
    out.print(f"{summary}\nreport: {', '.join(str(p) for p in result.written)}")
    raise typer.Exit(EXIT_SKIPPED if rep.skipped else EXIT_OK)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders or glob patterns to add to the store.")],
    store: StoreOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Add PATHS to the store without analysing them or writing a report."""
    from newsfuse.api import ingest as ingest_paths

    settings = _settings(store, quiet, verbose)
    try:
        with _progress(settings) as p:
            outcome, added = ingest_paths(paths, settings, progress=_Bar(p))
    except NewsfuseError as exc:
        raise _fail(exc) from None
    _report_skipped(outcome.skipped, outcome.ignored, verbose, outcome.warnings)
    out.print(f"{len(added.added)} new, {len(added.known)} already stored, {len(outcome.skipped)} skipped; store: {settings.store}")
    raise typer.Exit(EXIT_SKIPPED if outcome.skipped else EXIT_OK)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv: one row per event (ACLED-style columns); json: the whole report.")] = "csv",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
    store: StoreOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Export the analysis of everything in the store as CSV (events) or JSON (report)."""
    from newsfuse.api import EXPORT_FORMATS
    from newsfuse.api import export as export_store

    if fmt not in EXPORT_FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; use one of: {', '.join(EXPORT_FORMATS)}", param_hint="--format")
    settings = _settings(store, quiet, verbose)
    try:
        with _progress(settings) as p:
            text = export_store(fmt, settings, progress=_Bar(p))
    except NewsfuseError as exc:
        raise _fail(exc) from None
    if output is None:
        typer.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            err.print(f"[bold red]error:[/] cannot write {output}: {exc.strerror or exc}")
            raise typer.Exit(EXIT_FAILED) from None
        if not quiet:
            err.print(f"wrote {output}")


@app.command("ls")
def ls(store: StoreOpt = None, verbose: VerboseOpt = False) -> None:
    """List what the store holds: articles with their source group and story, and past runs."""
    from newsfuse.store import open_store

    settings = _settings(store, False, verbose)
    if not settings.store.exists():
        err.print(f"[bold red]error:[/] no store at {settings.store}; run `newsfuse run PATH...` first or pass --store")
        raise typer.Exit(EXIT_FAILED)
    try:
        with open_store(settings.store, settings.backend, create=False) as st:
            summary = st.summary()
    except NewsfuseError as exc:
        raise _fail(exc) from None
    _print_summary(summary, settings.store)


def _print_summary(summary, path: Path) -> None:  # type: ignore[no-untyped-def]
    table = Table(title=f"{path}", show_lines=False)  # cells never wrap: ids and outlets stay whole
    rows = list(summary.rows)
    if rows:
        for col in rows[0].__dataclass_fields__:
            table.add_column(col, no_wrap=True)
        for r in rows:
            table.add_row(*["" if v is None else str(v) for v in (getattr(r, c) for c in r.__dataclass_fields__)])
    out.print(table)
    counts = {k: v for k, v in vars(summary).items() if k != "rows"} if hasattr(summary, "__dict__") else {
        k: getattr(summary, k) for k in summary.__dataclass_fields__ if k != "rows"
    }
    out.print(", ".join(f"{v} {k}" for k, v in counts.items()))


def _version(value: bool) -> None:
    if value:
        out.print(f"newsfuse {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """newsfuse: many news reports of one unfolding story, fused into one verified, source-attributed picture."""


def main() -> None:
    """Console-script entry point."""
    app()
