"""The default store: one SQLite file (stdlib :mod:`sqlite3`) in WAL mode.

* Every write is one ``BEGIN IMMEDIATE`` transaction (:meth:`SqliteStore._tx`): a failing batch
  leaves the file exactly as it was.
* Reads run in one (deferred) transaction too, so they see one consistent snapshot while another
  process writes (WAL readers never wait for writers).
* Every :class:`sqlite3.Error` leaving the public API is turned into a :mod:`newsfuse.errors`
  store error naming the file and saying what to do (:func:`_translate`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from newsfuse import settings
from newsfuse.errors import StoreCorruptError, StoreError, StoreLockedError, StoreVersionError
from newsfuse.model import Annotations, Article, NearDuplicate, Noise, PassageLink, Skipped, SourceGroup, Span, Story, StoryBuild
from newsfuse.store import codec
from newsfuse.store import migrations as _migrations
from newsfuse.store.base import AddResult, ArticleRow, MissingArticleError, RunInfo, StoreSummary

P = ParamSpec("P")
R = TypeVar("R")

#: Ids per ``IN (...)`` query: well under SQLite's bound-parameter limit on every build (999 on old ones).
_CHUNK = 900

_ARTICLE_COLUMNS = "id, text, paragraphs, noise, outlet, url, published, title, byline, dateline, credits, meta_from"


def _utcnow() -> str:
    """Wall-clock time for a run's display column (never part of a report)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _article_row(article: Article) -> tuple[Any, ...]:
    """The ``articles`` row for ``article`` (origins live in their own table)."""
    published = article.published.isoformat() if article.published is not None else None
    return (
        article.id,
        article.text,
        _json([[start, end] for start, end in article.paragraphs]),
        _json([[n.kind, n.start, n.end] for n in article.noise]),
        article.outlet,
        article.url,
        published,
        article.title,
        article.byline,
        article.dateline,
        _json(list(article.credits)),
        _json([[k, v] for k, v in article.meta_from]),
    )


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    if "T" in value or " " in value:  # a datetime was stored; give back a datetime
        return dt.datetime.fromisoformat(value)
    return dt.date.fromisoformat(value)


def _article_from_row(row: sqlite3.Row | tuple[Any, ...], origins: Sequence[str]) -> Article:
    (aid, text, paragraphs, noise, outlet, url, published, title, byline, dateline, credits, meta_from) = row
    return Article(
        id=aid,
        text=text,
        origins=tuple(sorted(origins)),
        paragraphs=tuple((int(s), int(e)) for s, e in json.loads(paragraphs)),
        noise=tuple(Noise(k, int(s), int(e)) for k, s, e in json.loads(noise)),
        outlet=outlet,
        url=url,
        published=_parse_date(published),
        title=title,
        byline=byline,
        dateline=dateline,
        credits=tuple(json.loads(credits)),
        meta_from=tuple((k, v) for k, v in json.loads(meta_from)),
    )


def _translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """The newsfuse error for an sqlite3 error on the store at ``path``."""
    code = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc)
    low = message.lower()
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in low or "busy" in low:
        return StoreLockedError(
            f"{path} is being written by another process; wait for it to finish, or use --store OTHER.db"
        )
    if code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or "not a database" in low or "malformed" in low:
        return StoreCorruptError(
            f"{path} is not a newsfuse store or is damaged ({message}); move it aside (newsfuse then starts "
            f"a new store there) or use --store OTHER.db"
        )
    if code.startswith("SQLITE_READONLY") or "readonly" in low or "read-only" in low:
        return StoreError(
            f"cannot write to {path}: the file or its folder is read-only; make it writable, "
            f"or use --store with a file in a writable folder"
        )
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in low:
        return StoreError(
            f"cannot open {path}: check that its folder exists and is writable, or use --store OTHER.db"
        )
    if code.startswith("SQLITE_FULL") or "disk is full" in low:
        return StoreError(f"cannot write to {path}: the disk is full; free some space and run again")
    if code.startswith("SQLITE_IOERR") or "disk i/o" in low:
        return StoreError(f"cannot read or write {path}: disk I/O error ({message}); check the disk and run again")
    if isinstance(exc, sqlite3.ProgrammingError) and "closed" in low:
        return StoreError(f"the store {path} is closed; open it again with open_store()")
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreError(
            f"{path}: refused to store inconsistent data ({message}); nothing was written. "
            f"This is a newsfuse bug: please report it"
        )
    return StoreError(f"{path}: {message}")


def _guard(method: Callable[P, R]) -> Callable[P, R]:
    """Let no raw sqlite3 error out of a public method."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise _translate(exc, args[0].path) from exc  # type: ignore[attr-defined]

    return wrapper


def _chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _unique(ids: Iterable[str], what: str, path: Path) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise StoreError(f"{path}: two {what}s share the id {i!r}; ids must be unique (nothing was written)")
        seen.add(i)


class SqliteStore:
    """A newsfuse store in one SQLite file.  Use :func:`newsfuse.store.open_store` to get one.

    ``busy_timeout`` (seconds) is how long a write waits for another process's write;
    ``migrations`` and ``clock`` exist so tests can exercise upgrades and pin run times.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        create: bool = True,
        busy_timeout: float = settings.STORE_BUSY_TIMEOUT_S,
        migrations: Sequence[_migrations.Migration] = _migrations.MIGRATIONS,
        clock: Callable[[], str] = _utcnow,
    ) -> None:
        self.path = Path(path)
        self._migrations = tuple(migrations)
        self._clock = clock
        self._conn: sqlite3.Connection | None = None
        self.version = 0
        try:
            self._check_path(create)
            uri = f"{self.path.resolve().as_uri()}?mode={'rwc' if create else 'rw'}"
            self._conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None)
            self._setup()
        except sqlite3.Error as exc:
            self.close()
            raise _translate(exc, self.path) from exc
        except OSError as exc:
            self.close()
            raise StoreError(f"cannot open {self.path}: {exc.strerror or exc}; use --store OTHER.db") from exc
        except BaseException:
            self.close()
            raise

    def _check_path(self, create: bool) -> None:
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a store file; pass a file name such as {self.path / 'newsfuse.db'}")
        if self.path.exists():
            return
        if not create:
            raise StoreError(
                f"no store at {self.path}; run `newsfuse run PATH...` to create one, or pass --store with an existing store"
            )
        parent = self.path.parent
        if not parent.is_dir():
            raise StoreError(f"cannot create {self.path}: the folder {parent} does not exist; create it or use --store OTHER.db")

    def _setup(self) -> None:
        conn = self._connection()
        conn.execute("PRAGMA foreign_keys = ON")
        found = _migrations.version(conn)  # the first read: a non-SQLite file fails here, untouched
        self._check_version(found)
        if found == 0:
            foreign = self._objects(conn)
            if foreign:
                raise StoreCorruptError(
                    f"{self.path} is an SQLite database but not a newsfuse store (it holds {', '.join(foreign[:5])}); "
                    f"use --store with another file name"
                )
        conn.execute("PRAGMA journal_mode = WAL")
        if found < len(self._migrations):
            with self._tx():
                try:
                    _migrations.migrate(conn, self._migrations)
                except ValueError:  # another, newer newsfuse upgraded it while we waited
                    self._check_version(_migrations.version(conn))
                    raise
        self.version = _migrations.version(conn)
        missing = sorted(_migrations.REQUIRED_TABLES - set(self._objects(conn)))
        if missing:
            raise StoreCorruptError(
                f"{self.path} is not a complete newsfuse store (missing tables: {', '.join(missing)}); "
                f"move it aside (newsfuse then starts a new store there) or use --store OTHER.db"
            )

    def _check_version(self, found: int) -> None:
        if found > len(self._migrations):
            raise StoreVersionError(
                f"{self.path} was written by a newer newsfuse (store version {found}; this newsfuse reads up to "
                f"version {len(self._migrations)}); upgrade newsfuse (pip install -U newsfuse) or use --store OTHER.db"
            )

    @staticmethod
    def _objects(conn: sqlite3.Connection) -> list[str]:
        rows = conn.execute(
            "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        return [r[0] for r in rows]

    # -- plumbing ---------------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.path} is closed; open it again with open_store()")
        return self._conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any error."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:  # the original error says more than a failed rollback
                    pass
            raise

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction, so several queries see the same snapshot."""
        conn = self._connection()
        conn.execute("BEGIN DEFERRED")
        try:
            yield conn
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    def _existing(self, conn: sqlite3.Connection, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def _require_articles(self, conn: sqlite3.Connection, ids: Iterable[str], what: str) -> None:
        wanted = sorted(set(ids))
        missing = sorted(set(wanted) - self._existing(conn, wanted))
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise StoreError(
                f"{self.path}: cannot store {what} naming articles the store does not hold ({shown}); "
                f"add those articles first (nothing was written)"
            )

    # -- lifecycle --------------------------------------------------------------------------------

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file (idempotent).  The last connection to close folds the WAL back into it."""
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error as exc:
                raise _translate(exc, self.path) from exc

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else f"version {self.version}"
        return f"SqliteStore({str(self.path)!r}, {state})"

    # -- articles ---------------------------------------------------------------------------------

    @_guard
    def add_articles(self, articles: Sequence[Article]) -> AddResult:
        """Store the articles not stored yet and merge new origins into those that are (one transaction)."""
        batch: dict[str, Article] = {}
        for a in articles:
            batch[a.id] = batch[a.id].with_origins(*a.origins) if a.id in batch else a
        ids = list(batch)
        with self._tx() as conn:
            known = self._existing(conn, ids)
            for aid, article in batch.items():
                if aid not in known:
                    conn.execute(
                        f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        _article_row(article),
                    )
                conn.executemany(
                    "INSERT OR IGNORE INTO article_origins (article, origin) VALUES (?, ?)",
                    [(aid, origin) for origin in sorted(set(article.origins))],
                )
        return AddResult(tuple(sorted(set(ids) - known)), tuple(sorted(known)))

    @_guard
    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """The stored articles (all, or those with ``ids``), sorted by id.

        Raises :class:`MissingArticleError` naming any id the store does not hold.
        """
        with self._read() as conn:
            if ids is None:
                rows = conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles ORDER BY id").fetchall()
                origin_rows = conn.execute("SELECT article, origin FROM article_origins").fetchall()
            else:
                wanted = sorted(set(ids))
                rows, origin_rows = [], []
                for chunk in _chunks(wanted):
                    marks = ",".join("?" * len(chunk))
                    rows += conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk)
                    origin_rows += conn.execute(
                        f"SELECT article, origin FROM article_origins WHERE article IN ({marks})", chunk
                    )
                missing = sorted(set(wanted) - {r[0] for r in rows})
                if missing:
                    shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
                    raise MissingArticleError(
                        f"{self.path} holds no article {shown}; run `newsfuse ls --store {self.path}` to see what it holds",
                        missing,
                    )
        origins: dict[str, list[str]] = {}
        for aid, origin in origin_rows:
            origins.setdefault(aid, []).append(origin)
        return sorted((_article_from_row(r, origins.get(r[0], ())) for r in rows), key=lambda a: a.id)

    def article(self, article_id: str) -> Article:
        """One stored article; :class:`MissingArticleError` (a StoreError and a KeyError) if absent."""
        (found,) = self.articles([article_id])
        return found

    # -- runs -------------------------------------------------------------------------------------

    @_guard
    def record_run(
        self, inputs: Sequence[str], added: Sequence[str], known: Sequence[str], skipped: Sequence[Skipped]
    ) -> int:
        """Record one run (its inputs as given, what it added or found known, what it skipped); its number."""
        added_ids = sorted(set(added))
        known_ids = sorted(set(known) - set(added_ids))
        with self._tx() as conn:
            cur = conn.execute("INSERT INTO runs (at, inputs) VALUES (?, ?)", (self._clock(), _json([str(i) for i in inputs])))
            number = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO run_articles (run, article, status) VALUES (?, ?, ?)",
                [(number, a, "added") for a in added_ids] + [(number, a, "known") for a in known_ids],
            )
            conn.executemany(
                "INSERT INTO skipped (run, position, path, reason) VALUES (?, ?, ?, ?)",
                [(number, i, s.path, s.reason) for i, s in enumerate(skipped)],
            )
        return number

    @_guard
    def runs(self) -> list[RunInfo]:
        """Every recorded run, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                """
                SELECT r.number, r.inputs, r.at,
                       (SELECT count(*) FROM run_articles x WHERE x.run = r.number AND x.status = 'added'),
                       (SELECT count(*) FROM run_articles x WHERE x.run = r.number AND x.status = 'known'),
                       (SELECT count(*) FROM skipped s WHERE s.run = r.number)
                FROM runs r ORDER BY r.number
                """
            ).fetchall()
        return [
            RunInfo(number=n, inputs=tuple(json.loads(inputs)), added=a, known=k, skipped=s, at=at)
            for n, inputs, at, a, k, s in rows
        ]

    @_guard
    def skipped(self, run: int | None = None) -> list[Skipped]:
        """What a run skipped and why (default: the latest run), in the order it was recorded."""
        with self._read() as conn:
            if run is None:
                latest = conn.execute("SELECT max(number) FROM runs").fetchone()[0]
                if latest is None:
                    return []
                run = int(latest)
            rows = conn.execute("SELECT path, reason FROM skipped WHERE run = ? ORDER BY position", (run,)).fetchall()
        return [Skipped(p, r) for p, r in rows]

    # -- analysis (replaced wholesale by each run) ------------------------------------------------

    @_guard
    def put_sources(self, sources: Sequence[SourceGroup]) -> None:
        """Replace the stored independent-source grouping with ``sources`` (one transaction)."""
        _unique((s.id for s in sources), "source group", self.path)
        with self._tx() as conn:
            self._require_articles(conn, (m for s in sources for m in s.articles), "source groups")
            conn.execute("DELETE FROM source_members")
            conn.execute("DELETE FROM sources")
            for pos, s in enumerate(sources):
                conn.execute(
                    "INSERT INTO sources (id, position, name, why) VALUES (?, ?, ?, ?)", (s.id, pos, s.name, _json(list(s.why)))
                )
                conn.executemany(
                    "INSERT INTO source_members (source, article, position) VALUES (?, ?, ?)",
                    [(s.id, m, i) for i, m in enumerate(s.articles)],
                )

    @_guard
    def sources(self) -> list[SourceGroup]:
        """The stored source groups, in the order they were put."""
        with self._read() as conn:
            groups = conn.execute("SELECT id, name, why FROM sources ORDER BY position").fetchall()
            members = conn.execute("SELECT source, article FROM source_members ORDER BY source, position").fetchall()
        by_group: dict[str, list[str]] = {}
        for gid, aid in members:
            by_group.setdefault(gid, []).append(aid)
        return [SourceGroup(gid, name, tuple(by_group.get(gid, ())), tuple(json.loads(why))) for gid, name, why in groups]

    @_guard
    def put_stories(self, stories: Sequence[Story]) -> None:
        """Replace the stored stories with ``stories`` (one transaction)."""
        _unique((s.id for s in stories), "story", self.path)
        with self._tx() as conn:
            self._require_articles(conn, (m for s in stories for m in s.articles), "stories")
            conn.execute("DELETE FROM story_members")
            conn.execute("DELETE FROM stories")
            for pos, s in enumerate(stories):
                conn.execute("INSERT INTO stories (id, position, label) VALUES (?, ?, ?)", (s.id, pos, s.label))
                conn.executemany(
                    "INSERT INTO story_members (story, article, position) VALUES (?, ?, ?)",
                    [(s.id, m, i) for i, m in enumerate(s.articles)],
                )

    @_guard
    def stories(self) -> list[Story]:
        """The stored stories, in the order they were put."""
        with self._read() as conn:
            rows = conn.execute("SELECT id, label FROM stories ORDER BY position").fetchall()
            members = conn.execute("SELECT story, article FROM story_members ORDER BY story, position").fetchall()
        by_story: dict[str, list[str]] = {}
        for sid, aid in members:
            by_story.setdefault(sid, []).append(aid)
        return [Story(sid, tuple(by_story.get(sid, ())), label) for sid, label in rows]

    @_guard
    def put_links(self, duplicates: Sequence[NearDuplicate], passages: Sequence[PassageLink]) -> None:
        """Replace the stored near-duplicate pairs and passage links (one transaction)."""
        named = [d.a for d in duplicates] + [d.b for d in duplicates]
        named += [p.a.article for p in passages] + [p.b.article for p in passages]
        with self._tx() as conn:
            self._require_articles(conn, named, "links")
            conn.execute("DELETE FROM duplicates")
            conn.execute("DELETE FROM passages")
            conn.executemany(
                "INSERT INTO duplicates (position, a, b, similarity) VALUES (?, ?, ?, ?)",
                [(i, d.a, d.b, float(d.similarity)) for i, d in enumerate(duplicates)],
            )
            conn.executemany(
                "INSERT INTO passages (position, kind, score, a_article, a_start, a_end, b_article, b_start, b_end)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (i, p.kind, float(p.score), p.a.article, p.a.start, p.a.end, p.b.article, p.b.start, p.b.end)
                    for i, p in enumerate(passages)
                ],
            )

    @_guard
    def links(self) -> tuple[list[NearDuplicate], list[PassageLink]]:
        """The stored near-duplicate pairs and passage links, in the order they were put."""
        with self._read() as conn:
            dups = conn.execute("SELECT a, b, similarity FROM duplicates ORDER BY position").fetchall()
            passages = conn.execute(
                "SELECT kind, score, a_article, a_start, a_end, b_article, b_start, b_end FROM passages ORDER BY position"
            ).fetchall()
        return (
            [NearDuplicate(a, b, sim) for a, b, sim in dups],
            [PassageLink(Span(aa, as_, ae), Span(ba, bs, be), kind, score) for kind, score, aa, as_, ae, ba, bs, be in passages],
        )

    # -- what each article says, and what each run concluded ---------------------------------------

    @_guard
    def put_annotations(self, annotations: Sequence[Annotations], annotator: str) -> None:
        """Store (or replace) the annotations of these articles, made by ``annotator`` (one transaction)."""
        _unique((a.article for a in annotations), "annotation", self.path)
        rows = [(a.article, annotator, codec.dump(a)) for a in annotations]
        with self._tx() as conn:
            self._require_articles(conn, (a.article for a in annotations), "annotations")
            conn.executemany("INSERT OR REPLACE INTO annotations (article, annotator, data) VALUES (?, ?, ?)", rows)

    @_guard
    def annotations(self, ids: Iterable[str], annotator: str) -> dict[str, Annotations]:
        """The stored annotations of ``ids`` made by ``annotator`` (articles annotated otherwise are absent)."""
        wanted = sorted(set(ids))
        found: dict[str, Annotations] = {}
        with self._read() as conn:
            for chunk in _chunks(wanted):
                marks = ",".join("?" * len(chunk))
                for aid, data in conn.execute(
                    f"SELECT article, data FROM annotations WHERE annotator = ? AND article IN ({marks})", (annotator, *chunk)
                ):
                    found[aid] = self._decode(Annotations, data, f"the annotations of {aid}")
        return found

    @_guard
    def put_story_builds(self, builds: Sequence[StoryBuild], run: int) -> None:
        """Keep what run ``run`` concluded about each story (one transaction)."""
        _unique((b.story for b in builds), "story build", self.path)
        with self._tx() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO story_builds (story, run, data) VALUES (?, ?, ?)",
                [(b.story, run, codec.dump(b)) for b in builds],
            )

    @_guard
    def story_build(self, story: str, before_run: int | None = None) -> StoryBuild | None:
        """The latest stored build of ``story`` (from a run before ``before_run``, if given); None if never built."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT data FROM story_builds WHERE story = ? AND run < ? ORDER BY run DESC LIMIT 1",
                (story, before_run if before_run is not None else 2**62),
            ).fetchone()
        return None if row is None else self._decode(StoryBuild, row[0], f"the stored build of story {story}")

    def _decode(self, cls: type[Any], data: str, what: str) -> Any:
        try:
            return codec.load(cls, data)
        except ValueError as exc:
            raise StoreCorruptError(
                f"{self.path}: {what} cannot be read ({exc}); it was written by another newsfuse version or damaged: "
                f"re-run `newsfuse run` with a new --store"
            ) from exc

    # -- overview ---------------------------------------------------------------------------------

    @_guard
    def summary(self) -> StoreSummary:
        """Counts, and one row per article (sorted by id) with its origins count, story and source group."""
        with self._read() as conn:
            counts = {
                table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("articles", "sources", "stories", "duplicates", "passages", "runs")
            }
            rows = conn.execute(
                """
                SELECT a.id, a.outlet, a.published, a.title,
                       (SELECT count(*) FROM article_origins o WHERE o.article = a.id),
                       (SELECT min(m.story) FROM story_members m WHERE m.article = a.id),
                       (SELECT min(m.source) FROM source_members m WHERE m.article = a.id)
                FROM articles a ORDER BY a.id
                """
            ).fetchall()
        return StoreSummary(
            **counts,
            rows=tuple(
                ArticleRow(aid, outlet, _parse_date(published), title, n, story, source)
                for aid, outlet, published, title, n, story, source in rows
            ),
        )
