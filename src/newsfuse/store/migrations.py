"""The store's schema, as an ordered list of migration steps.

The schema version lives in SQLite's own ``PRAGMA user_version``: a fresh file is version 0,
and step ``n`` (1-based) takes a store from version ``n - 1`` to ``n``.  :func:`migrate` applies
the missing steps inside the caller's transaction, so a store is either fully upgraded or left
exactly as it was.

To change the schema, *append* a step; never edit a released one.  A step is any callable taking
the connection; :func:`script` turns a block of SQL into one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

Migration = Callable[[sqlite3.Connection], None]


def script(sql: str) -> Migration:
    """A migration step running the statements of ``sql`` in order, inside the open transaction.

    (``executescript`` would COMMIT first, breaking the all-or-nothing upgrade, so statements are
    split with SQLite's own :func:`sqlite3.complete_statement` and run one by one.)
    """
    statements: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        raise ValueError(f"migration script ends with an incomplete statement: {buf.strip()[:80]!r}")

    def step(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    step.__doc__ = sql
    return step


# Version 1: the whole schema.  JSON columns hold small ordered lists that belong to one row
# (paragraph offsets, noise marks, credits, metadata provenance); anything a user may want to
# join on (origins, group and story members, links) is a table of its own.
SCHEMA_1 = """
CREATE TABLE articles (
    id         TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
    text       TEXT NOT NULL CHECK (text <> ''),
    paragraphs TEXT NOT NULL DEFAULT '[]',  -- JSON [[start, end], ...] into text
    noise      TEXT NOT NULL DEFAULT '[]',  -- JSON [[kind, start, end], ...] into text
    outlet     TEXT,
    url        TEXT,
    published  TEXT,                        -- ISO date, NULL when no source said
    title      TEXT,
    byline     TEXT,
    dateline   TEXT,
    credits    TEXT NOT NULL DEFAULT '[]',  -- JSON ["AFP", ...]
    meta_from  TEXT NOT NULL DEFAULT '[]'   -- JSON [[field, where-from], ...]
);

CREATE TABLE article_origins (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    origin  TEXT NOT NULL,
    PRIMARY KEY (article, origin)
) WITHOUT ROWID;

CREATE TABLE runs (
    number INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,  -- UTC wall-clock time, shown by `newsfuse ls` only, never in a report
    inputs TEXT NOT NULL   -- JSON ["path", ...] as given
);

CREATE TABLE run_articles (
    run     INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
    article TEXT NOT NULL,
    status  TEXT NOT NULL CHECK (status IN ('added', 'known')),
    PRIMARY KEY (run, article)
) WITHOUT ROWID;

CREATE TABLE skipped (
    run      INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    path     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    PRIMARY KEY (run, position)
) WITHOUT ROWID;

CREATE TABLE sources (
    id       TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL UNIQUE,
    name     TEXT NOT NULL,
    why      TEXT NOT NULL DEFAULT '[]'  -- JSON ["same outlet", ...]
);

CREATE TABLE source_members (
    source   TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    article  TEXT NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (source, article)
) WITHOUT ROWID;
CREATE INDEX source_members_article ON source_members(article);

CREATE TABLE stories (
    id       TEXT PRIMARY KEY NOT NULL,
    position INTEGER NOT NULL UNIQUE,
    label    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE story_members (
    story    TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article  TEXT NOT NULL REFERENCES articles(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (story, article)
) WITHOUT ROWID;
CREATE INDEX story_members_article ON story_members(article);

CREATE TABLE duplicates (
    position   INTEGER PRIMARY KEY,
    a          TEXT NOT NULL REFERENCES articles(id),
    b          TEXT NOT NULL REFERENCES articles(id),
    similarity REAL NOT NULL
);

CREATE TABLE passages (
    position  INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('verbatim', 'reworded')),
    score     REAL NOT NULL,
    a_article TEXT NOT NULL REFERENCES articles(id),
    a_start   INTEGER NOT NULL,
    a_end     INTEGER NOT NULL,
    b_article TEXT NOT NULL REFERENCES articles(id),
    b_start   INTEGER NOT NULL,
    b_end     INTEGER NOT NULL,
    CHECK (0 <= a_start AND a_start < a_end AND 0 <= b_start AND b_start < b_end)
);
"""

# Version 2: what each article says (kept per article, so a later run re-reads only new
# articles) and what each run concluded about each story (so the next run can say what changed).
# Both are JSON of model dataclasses (store/codec.py): read back whole, never queried inside.
SCHEMA_2 = """
CREATE TABLE annotations (
    article   TEXT PRIMARY KEY NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    annotator TEXT NOT NULL,  -- version key of the annotation stage; another key means re-annotate
    data      TEXT NOT NULL   -- JSON of model.Annotations
) WITHOUT ROWID;

CREATE TABLE story_builds (
    story TEXT NOT NULL,
    run   INTEGER NOT NULL REFERENCES runs(number) ON DELETE CASCADE,
    data  TEXT NOT NULL,      -- JSON of model.StoryBuild
    PRIMARY KEY (story, run)
) WITHOUT ROWID;
"""

#: Every step, oldest first.  ``len(MIGRATIONS)`` is the schema version this newsfuse writes.
MIGRATIONS: tuple[Migration, ...] = (script(SCHEMA_1), script(SCHEMA_2))

#: Tables a usable store must have (checked after migrating, so a foreign SQLite file that merely
#: claims a version is reported as "not a newsfuse store" instead of failing later).
REQUIRED_TABLES: frozenset[str] = frozenset(
    {
        "articles",
        "article_origins",
        "runs",
        "run_articles",
        "skipped",
        "sources",
        "source_members",
        "stories",
        "story_members",
        "duplicates",
        "passages",
        "annotations",
        "story_builds",
    }
)


def version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file (0 for a new or empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> tuple[int, int]:
    """Apply the steps the store is missing; the caller holds the write transaction.

    Returns ``(from_version, to_version)``.  Raises :class:`ValueError` when the file is newer
    than ``migrations`` knows (the caller turns that into a StoreVersionError).
    """
    start = version(conn)
    target = len(migrations)
    if start > target:
        raise ValueError(f"store version {start} is newer than the newest known version {target}")
    for number in range(start + 1, target + 1):
        migrations[number - 1](conn)
        # PRAGMA takes no parameters; ``number`` is an int we computed.
        conn.execute(f"PRAGMA user_version = {int(number)}")
    return start, target
