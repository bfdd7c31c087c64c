"""The embedded SQLite store: real files in tmp_path, real sqlite3 connections, no mocks of SQLite."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsfuse import settings
from newsfuse.errors import (
    NewsfuseError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
    UnknownBackendError,
)
from newsfuse.model import Article, NearDuplicate, Noise, PassageLink, Skipped, SourceGroup, Span, Story, article_id
from newsfuse.store import AddResult, MissingArticleError, RunInfo, Store, open_store
from newsfuse.store import migrations, sqlite as sqlite_backend
from newsfuse.store.sqlite import SqliteStore

SHORT = 0.2  # seconds: busy timeout for the lock tests, far below settings.STORE_BUSY_TIMEOUT_S


def make(text: str, *origins: str, **fields: object) -> Article:
    """An article whose id is derived from its text, as ingest makes them."""
    return Article(id=article_id(text), text=text, origins=tuple(sorted(origins or ("in.txt",))), **fields)  # type: ignore[arg-type]


def full_article() -> Article:
    text = (
        "KABUL, Aug 13 (AFP) \u2014 The Taliban took Herat on Thursday.\n\n"
        "Photo: a street in Herat. \u201cWe are leaving,\u201d one official said.\n\nRead more: kabul.example"
    )
    p1 = text.index("\n\n")
    p2 = text.index("\n\n", p1 + 2)
    return make(
        text,
        "seeds/001.txt",
        "archive.warc#3",
        "https://example.org/herat",
        paragraphs=((0, p1), (p1 + 2, p2), (p2 + 2, len(text))),
        noise=(Noise("caption", p1 + 2, p1 + 27), Noise("read_more", p2 + 2, len(text))),
        outlet="Agence France-Presse",
        url="https://example.org/herat",
        published=dt.date(2021, 8, 13),
        title="Taliban take Herat \u2014 Afghanistan's third city",
        byline="",  # empty, not missing: must come back as "" rather than None
        dateline="KABUL",
        credits=("AFP", "Reuters"),
        meta_from=(("outlet", "manifest"), ("published", "sidecar"), ("dateline", "text")),
    )


def table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in sorted(migrations.REQUIRED_TABLES)}


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return tmp_path / "newsfuse.db"


@pytest.fixture()
def three() -> list[Article]:
    return [make(f"Report number {i} about the fall of Kabul.", f"in/{i}.txt") for i in range(3)]


# -- articles ---------------------------------------------------------------------------------------


def test_a_fully_populated_article_round_trips_exactly(db):
    a = full_article()
    bare = make("A short report with no metadata at all.")
    with open_store(db) as store:
        assert isinstance(store, Store)
        store.add_articles([a, bare])
        assert store.article(a.id) == a
    with open_store(db, create=False) as store:  # from the file, not a cache
        got = store.articles()
    assert got == sorted([a, bare], key=lambda x: x.id)
    back = next(x for x in got if x.id == a.id)
    assert back.byline == "" and back.title == a.title and back.published == dt.date(2021, 8, 13)
    assert back.noise == a.noise and back.paragraphs == a.paragraphs and back.meta_from == a.meta_from
    assert next(x for x in got if x.id == bare.id).published is None


def test_articles_by_id_are_sorted_and_missing_ids_are_named(db, three):
    with open_store(db) as store:
        store.add_articles(three)
        wanted = [three[2].id, three[0].id, three[2].id]
        assert [a.id for a in store.articles(wanted)] == sorted({three[0].id, three[2].id})
        assert store.articles([]) == []
        with pytest.raises(MissingArticleError, match="anothereid") as info:
            store.articles([three[0].id, "anothereid"])
        assert isinstance(info.value, KeyError) and isinstance(info.value, StoreError)
        with pytest.raises(KeyError, match="a0000000000000000"):
            store.article("a0000000000000000")


def test_adding_the_same_articles_twice_adds_nothing_the_second_time(db, three):
    with open_store(db) as store:
        first = store.add_articles(three)
        before = table_counts(db)
        second = store.add_articles(three)
        assert first == AddResult(tuple(sorted(a.id for a in three)), ())
        assert second == AddResult((), tuple(sorted(a.id for a in three)))
        assert store.articles() == sorted(three, key=lambda a: a.id)
    assert table_counts(db) == before


def test_known_articles_get_their_new_origins_merged_and_sorted(db):
    a = make("The same wire copy printed by several papers.", "z/paper.html")
    with open_store(db) as store:
        store.add_articles([a])
        again = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "origins": ("b/feed.xml#2", "z/paper.html")})
        twice_in_batch = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "origins": ("a/first.txt",)})
        result = store.add_articles([again, twice_in_batch])
        assert result == AddResult((), (a.id,))
        assert store.article(a.id).origins == ("a/first.txt", "b/feed.xml#2", "z/paper.html")
        # Stored metadata is kept: a later copy does not overwrite what was first stored.
        assert store.article(a.id).text == a.text


def test_the_same_new_article_twice_in_one_batch_is_added_once_with_both_origins(db):
    a = make("Only one copy of this text should be stored.", "x.txt")
    b = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "origins": ("w.txt",)})
    with open_store(db) as store:
        assert store.add_articles([a, b]) == AddResult((a.id,), ())
        assert store.article(a.id).origins == ("w.txt", "x.txt")


def test_a_batch_failing_midway_rolls_back_entirely(db, three, monkeypatch):
    old = make("An article stored by an earlier run.", "old.txt")
    with open_store(db) as store:
        store.add_articles([old])
        before_rows = table_counts(db)
        before = store.articles()

        real = sqlite_backend._article_row
        calls = []

        def failing(article: Article):
            calls.append(article.id)
            if len(calls) == 2:
                raise RuntimeError("serializer broke on the second new article")
            return real(article)

        monkeypatch.setattr(sqlite_backend, "_article_row", failing)
        batch = [three[0], old.with_origins("new-origin.txt"), three[1], three[2]]
        with pytest.raises(RuntimeError, match="second new article"):
            store.add_articles(batch)
        assert len(calls) == 2  # the first new article and the origin merge did reach the database
        monkeypatch.setattr(sqlite_backend, "_article_row", real)

        assert store.articles() == before
        assert store.article(old.id).origins == ("old.txt",)
        assert table_counts(db) == before_rows
        # The store is still usable afterwards.
        assert store.add_articles(three).added == tuple(sorted(a.id for a in three))


def test_a_database_level_failure_midway_rolls_back_and_is_a_store_error(db, three):
    empty_text = Article(id=article_id(""), text="", origins=("empty.txt",))  # refused by a CHECK constraint
    with open_store(db) as store:
        store.add_articles([three[0]])
        before = table_counts(db)
        with pytest.raises(StoreError, match="newsfuse.db") as info:
            store.add_articles([three[1], empty_text, three[2]])
        assert not isinstance(info.value, sqlite3.Error)
        assert [a.id for a in store.articles()] == [three[0].id]
    assert table_counts(db) == before


# -- runs ---------------------------------------------------------------------------------------------


def test_runs_are_numbered_and_keep_their_counts_and_skips(db, three):
    times = iter(["2021-08-15T10:00:00+00:00", "2021-08-16T10:00:00+00:00"])
    with SqliteStore(db, clock=lambda: next(times)) as store:
        added = store.add_articles(three)
        skips = [Skipped("in/empty.txt", "empty file"), Skipped("in/bad.jsonl:2", "line 2 is not JSON")]
        n1 = store.record_run(["in/"], added.added, added.known, skips)
        again = store.add_articles(three[:2])
        n2 = store.record_run(["in/0.txt", "in/1.txt"], again.added, again.known, [])
        assert (n1, n2) == (1, 2)
        assert store.runs() == [
            RunInfo(1, ("in/",), added=3, known=0, skipped=2, at="2021-08-15T10:00:00+00:00"),
            RunInfo(2, ("in/0.txt", "in/1.txt"), added=0, known=2, skipped=0, at="2021-08-16T10:00:00+00:00"),
        ]
        assert store.skipped(1) == skips
        assert store.skipped() == []  # the latest run skipped nothing
        assert store.summary().runs == 2


# -- analysis: sources, stories, links ------------------------------------------------------------------


def test_sources_stories_and_links_round_trip_and_are_replaced(db, three):
    a, b, c = (x.id for x in three)
    sources = [
        SourceGroup("s2", "AFP", (c, a), ("agency credit: AFP", "shared passages with " + a)),
        SourceGroup("s1", "The Washington Post", (b,), ("same outlet",)),
    ]
    stories = [Story("t1", (b, a, c), label="Kabul falls"), Story("t0", ())]
    dups = [NearDuplicate(a, c, 0.9731234567891234)]
    passages = [
        PassageLink(Span(a, 0, 12), Span(c, 3, 15), "verbatim", 1.0),
        PassageLink(Span(b, 5, 30), Span(a, 1, 20), "reworded", 0.8123456789),
    ]
    with open_store(db) as store:
        store.add_articles(three)
        store.put_sources(sources)
        store.put_stories(stories)
        store.put_links(dups, passages)
    with open_store(db) as store:
        assert store.sources() == sources  # order of groups, members and reasons kept
        assert store.stories() == stories
        assert store.links() == (dups, passages)  # floats come back bit for bit

        store.put_sources([SourceGroup("s9", "Reuters", (a, b, c), ("same wire copy",))])
        store.put_stories([])
        store.put_links([], passages[:1])
        assert store.sources() == [SourceGroup("s9", "Reuters", (a, b, c), ("same wire copy",))]
        assert store.stories() == []
        assert store.links() == ([], passages[:1])
    counts = table_counts(db)
    assert (counts["source_members"], counts["story_members"], counts["duplicates"]) == (3, 0, 0)


def test_analysis_naming_unknown_articles_is_refused_and_keeps_the_old_one(db, three):
    with open_store(db) as store:
        store.add_articles(three)
        kept = [SourceGroup("s1", "AFP", (three[0].id,), ("agency credit",))]
        store.put_sources(kept)
        with pytest.raises(StoreError, match="aunknown"):
            store.put_sources([SourceGroup("s2", "X", (three[1].id, "aunknown"), ())])
        with pytest.raises(StoreError, match="unique"):
            store.put_sources([SourceGroup("s3", "X", (), ()), SourceGroup("s3", "Y", (), ())])
        with pytest.raises(StoreError, match="aunknown"):
            store.put_links([NearDuplicate(three[0].id, "aunknown", 0.9)], [])
        assert store.sources() == kept


def test_summary_lists_every_article_with_its_story_and_source(db, three):
    a = full_article()
    with open_store(db) as store:
        store.add_articles([*three, a])
        store.put_sources([SourceGroup("src-afp", "AFP", (a.id, three[0].id), ("agency credit",))])
        store.put_stories([Story("story-kabul", (a.id,))])
        summary = store.summary()
    assert (summary.articles, summary.sources, summary.stories, summary.runs) == (4, 1, 1, 0)
    assert [r.id for r in summary.rows] == sorted(x.id for x in [*three, a])
    row = next(r for r in summary.rows if r.id == a.id)
    assert (row.outlet, row.published, row.origins, row.story, row.source) == (
        "Agence France-Presse",
        dt.date(2021, 8, 13),
        3,
        "story-kabul",
        "src-afp",
    )
    other = next(r for r in summary.rows if r.id == three[1].id)
    assert (other.story, other.source, other.origins) == (None, None, 1)


# -- files: creation, versions, corruption, locks ---------------------------------------------------------


def test_a_new_file_is_migrated_to_the_full_schema_in_wal_mode_and_reopens(db, three):
    with open_store(db) as store:
        store.add_articles(three)
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS) == 2
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert migrations.REQUIRED_TABLES <= tables
    for _ in range(2):  # re-opening neither re-migrates nor loses anything
        with open_store(db, create=False) as store:
            assert len(store.articles()) == 3


def test_an_empty_existing_file_is_migrated_from_version_0(db):
    db.write_bytes(b"")
    with open_store(db) as store:
        assert store.version == len(migrations.MIGRATIONS) and store.articles() == []


def test_migrate_applies_missing_steps_in_order_in_the_callers_transaction(tmp_path):
    steps = [
        migrations.script("CREATE TABLE t (x INTEGER);\nINSERT INTO t VALUES (1);"),
        migrations.script("ALTER TABLE t ADD COLUMN y TEXT DEFAULT 'two';"),
    ]
    raw = sqlite3.connect(tmp_path / "m.db", isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    assert migrations.migrate(raw, steps[:1]) == (0, 1)
    raw.execute("COMMIT")
    assert migrations.version(raw) == 1
    raw.execute("BEGIN IMMEDIATE")
    assert migrations.migrate(raw, steps) == (1, 2)
    raw.execute("ROLLBACK")  # the caller's rollback undoes the step and the version bump together
    assert migrations.version(raw) == 1
    assert [r[0] for r in raw.execute("SELECT name FROM pragma_table_info('t')")] == ["x"]
    with pytest.raises(ValueError, match="newer"):
        migrations.migrate(raw, [])
    raw.close()


def test_an_old_store_is_upgraded_by_a_new_step_and_keeps_its_data(db, three):
    with open_store(db) as store:
        store.add_articles(three)
        store.record_run(["in/"], [a.id for a in three], [], [])

    def step2(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE notes (article TEXT REFERENCES articles(id), note TEXT)")
        conn.execute("INSERT INTO notes SELECT id, 'migrated' FROM articles")

    newer = (*migrations.MIGRATIONS, step2)
    with SqliteStore(db, migrations=newer) as store:
        assert store.version == len(newer)
        assert store.articles() == sorted(three, key=lambda a: a.id)
        assert store.runs()[0].added == 3
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT count(*) FROM notes WHERE note = 'migrated'").fetchone()[0] == 3
    # This newsfuse (one step) now meets a store from the "newer" one.
    with pytest.raises(StoreVersionError, match="upgrade newsfuse"):
        open_store(db)


def test_a_failing_migration_leaves_the_store_at_its_old_version(db, three):
    with open_store(db) as store:
        store.add_articles(three)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE articles ADD COLUMN lang TEXT")
        raise RuntimeError("the new step is broken")

    with pytest.raises(RuntimeError, match="new step"):
        SqliteStore(db, migrations=(*migrations.MIGRATIONS, broken))
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == len(migrations.MIGRATIONS)
        assert "lang" not in {r[1] for r in raw.execute("PRAGMA table_info(articles)")}
    with open_store(db) as store:
        assert len(store.articles()) == 3


def test_a_store_from_a_newer_newsfuse_is_refused_untouched(db):
    with sqlite3.connect(db) as raw:
        raw.execute("PRAGMA user_version = 99")
    before = db.read_bytes()
    with pytest.raises(StoreVersionError) as info:
        open_store(db)
    message = str(info.value)
    assert "newsfuse.db" in message and "99" in message and "upgrade newsfuse" in message
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "junk",
    [
        pytest.param(b"this is not a database " * 100, id="plain-text"),
        pytest.param(bytes(range(256)) * 32, id="binary"),
        pytest.param(b"SQLite format 3\x00\x10\x00\x01", id="truncated-header"),
    ],
)
def test_a_file_that_is_not_sqlite_is_a_corrupt_store_and_is_left_untouched(db, junk):
    db.write_bytes(junk)
    with pytest.raises(StoreCorruptError) as info:
        open_store(db)
    assert "newsfuse.db" in str(info.value) and "--store" in str(info.value)
    assert db.read_bytes() == junk
    assert not Path(f"{db}-wal").exists()


def test_a_damaged_store_is_a_corrupt_store(db):
    with open_store(db) as store:
        store.add_articles([make(f"Report {i}. " + "Kabul airport was crowded. " * 80) for i in range(40)])
    data = db.read_bytes()
    page = 4096
    db.write_bytes(data[: page * 2] + os.urandom(len(data) - page * 2))  # keep the header, smash the rest
    with pytest.raises(StoreCorruptError, match="newsfuse.db"):
        with open_store(db) as store:
            store.articles()


def test_a_sqlite_file_without_newsfuse_tables_is_not_taken_over(db):
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE users (name TEXT)")
    with pytest.raises(StoreCorruptError, match="not a newsfuse store"):
        open_store(db)
    with sqlite3.connect(db) as raw:
        assert {r[0] for r in raw.execute("SELECT name FROM sqlite_master")} == {"users"}

    other = db.with_name("claims-v1.db")
    with sqlite3.connect(other) as raw:
        raw.execute("PRAGMA user_version = 1")
    with pytest.raises(StoreCorruptError, match="missing tables"):
        open_store(other)


def test_a_store_being_written_by_another_connection_is_a_clear_locked_error(db, three):
    with open_store(db) as store:
        store.add_articles(three[:1])
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with open_store(db, busy_timeout=SHORT) as store:
            assert len(store.articles()) == 1  # WAL: reading goes on while another writes
            start = time.monotonic()
            with pytest.raises(StoreLockedError) as info:
                store.add_articles(three[1:])
            assert time.monotonic() - start < settings.STORE_BUSY_TIMEOUT_S
            assert str(info.value) == (
                f"{db} is being written by another process; wait for it to finish, or use --store OTHER.db"
            )
            other.execute("ROLLBACK")
            assert store.add_articles(three[1:]).added == tuple(sorted(a.id for a in three[1:]))
    finally:
        other.close()


def test_a_store_locked_by_another_process_cannot_be_created_or_written(tmp_path):
    db = tmp_path / "busy.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(db)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "c.execute('CREATE TABLE held (x)')\n"
            "print('held', flush=True)\n"
            "sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreLockedError, match="busy.db is being written by another process"):
            open_store(db, busy_timeout=SHORT)
    finally:
        holder.communicate("\n", timeout=30)


def test_unknown_backend_names_the_known_ones(db):
    with pytest.raises(UnknownBackendError, match="'postgres'.*sqlite"):
        open_store(db, "postgres")
    assert not db.exists()


def test_create_false_on_a_missing_store_says_so_and_creates_nothing(db):
    with pytest.raises(StoreError, match=r"no store at .*newsfuse.db"):
        open_store(db, create=False)
    assert not db.exists()


def test_bad_locations_are_store_errors(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no-such-folder" / "s.db")
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through read-only permissions")
def test_a_read_only_folder_is_a_store_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(StoreError) as info:
            open_store(folder / "s.db")
        assert "s.db" in str(info.value) and not isinstance(info.value, sqlite3.Error)
    finally:
        folder.chmod(0o755)


def test_a_closed_store_says_so(db):
    store = open_store(db)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.articles()


def test_two_stores_on_one_file_see_each_others_writes(db, three):
    with open_store(db) as one, open_store(db) as two:
        one.add_articles(three[:2])
        assert two.add_articles(three).known == tuple(sorted(a.id for a in three[:2]))
        assert len(one.articles()) == 3


def test_every_store_error_is_a_newsfuse_error():
    for cls in (StoreError, StoreLockedError, StoreCorruptError, StoreVersionError, MissingArticleError):
        assert issubclass(cls, NewsfuseError)


# -- annotations and story builds (schema version 2) -------------------------------------------------


def test_a_version_1_store_is_upgraded_to_hold_annotations_and_keeps_its_articles(db, three):
    from newsfuse.store.sqlite import _ARTICLE_COLUMNS, _article_row

    raw = sqlite3.connect(db, isolation_level=None)  # a store as the version-1 newsfuse left it
    raw.execute("BEGIN IMMEDIATE")
    migrations.migrate(raw, migrations.MIGRATIONS[:1])
    for a in three:
        raw.execute(f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({','.join('?' * 12)})", _article_row(a))
        raw.executemany("INSERT INTO article_origins VALUES (?, ?)", [(a.id, o) for o in a.origins])
    raw.execute("COMMIT")
    assert migrations.version(raw) == 1
    raw.close()
    with open_store(db) as store:
        assert store.version == 2
        assert store.articles() == sorted(three, key=lambda a: a.id)
        assert store.annotations([a.id for a in three], "v1") == {}


def _annotations(article):
    import datetime as dt

    from newsfuse.model import Annotations, DateMention, EntityMention, Place, Quote, Span

    s = Span(article.id, 0, 4)
    return Annotations(
        article.id,
        sentences=((0, len(article.text)),),
        entities=(EntityMention(s, article.text[:4], "place", "X", place=Place("X", 1.5, 2.5, "city", "C", "CC", "A1", 7)),),
        dates=(DateMention("d1", s, article.text[:4], "day", dt.date(2021, 8, 12), dt.date(2021, 8, 12), "publication date"),),
        quotes=(Quote("q1", s, article.text[:4], True, speaker_text="X", speaker_span=s),),
    )


def test_annotations_round_trip_per_annotator_and_replace(db, three):
    anns = [_annotations(a) for a in three]
    with open_store(db) as store:
        store.add_articles(three)
        store.put_annotations(anns, "v1")
        assert store.annotations([a.id for a in three], "v1") == {a.article: a for a in anns}
        assert store.annotations([a.id for a in three], "v2") == {}  # another annotator: re-annotate
        store.put_annotations(anns[:1], "v2")
        assert set(store.annotations([a.id for a in three], "v2")) == {three[0].id}


def test_annotations_of_an_unknown_article_are_refused_and_nothing_is_written(db, three):
    with open_store(db) as store:
        store.add_articles(three[:1])
        with pytest.raises(StoreError, match="add those articles first"):
            store.put_annotations([_annotations(a) for a in three], "v1")
        assert store.annotations([three[0].id], "v1") == {}


def test_story_builds_give_the_latest_before_a_run(db, three):
    from newsfuse.model import StoryBuild

    with open_store(db) as store:
        store.add_articles(three)
        r1 = store.record_run(["in/"], [a.id for a in three], [], [])
        store.put_story_builds([StoryBuild("s1", (three[0].id,))], r1)
        r2 = store.record_run(["in/"], [], [a.id for a in three], [])
        store.put_story_builds([StoryBuild("s1", tuple(a.id for a in three))], r2)
        assert store.story_build("s1", before_run=r2) == StoryBuild("s1", (three[0].id,))
        assert store.story_build("s1").articles == tuple(a.id for a in three)
        assert store.story_build("s2") is None


def test_a_damaged_annotation_row_is_a_clear_corrupt_store_error(db, three):
    with open_store(db) as store:
        store.add_articles(three)
        store.put_annotations([_annotations(three[0])], "v1")
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE annotations SET data = '{\"article\": 5}'")
    with open_store(db) as store, pytest.raises(StoreCorruptError, match="cannot be read"):
        store.annotations([three[0].id], "v1")
