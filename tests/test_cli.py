"""End-to-end: the real console script on real files, a real SQLite store, real report files."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NEWSFUSE = [sys.executable, "-m", "newsfuse"]


def newsfuse(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", NO_COLOR="1", COLUMNS="200")
    env.pop("NEWSFUSE_STORE", None)
    return subprocess.run([*NEWSFUSE, *map(str, args)], capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def seeds_run(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path, Path]:
    work = tmp_path_factory.mktemp("seeds")
    proc = newsfuse("run", seeds_dir, "-o", work / "out", "--store", work / "store.db")
    return proc, work / "out", work / "store.db"


def load(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_seeds_run_writes_three_reports_with_all_articles(seeds_run):
    proc, out, _ = seeds_run
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir()} >= {"report.json", "report.md", "report.html"}
    doc = load(out)
    assert doc["schema"] == "newsfuse.report/1"
    assert len(doc["articles"]) == 5
    by_file = {Path(a["path"]).name[:3]: a for a in doc["articles"]}
    assert set(by_file) == {"000", "001", "002", "003", "004"}
    assert by_file["002"]["credits"] == ["Reuters", "BBC"]
    assert by_file["003"]["credits"] == ["AFP"] and by_file["004"]["credits"] == ["AFP"]
    assert by_file["000"]["outlet"] == "The Washington Post"
    assert by_file["000"]["published"] == "2021-08-13"
    kinds = {k: {n["kind"] for n in a["noise"]} for k, a in by_file.items()}
    assert {"caption", "read_more"} <= kinds["001"]
    assert "repeat" in kinds["004"]
    assert "credits" in kinds["000"]
    assert "subheading" in kinds["002"]
    assert "standfirst" in kinds["003"]


def test_every_offset_in_the_seed_report_resolves(seeds_run):
    from newsfuse.render import check_provenance, validate

    _, out, _ = seeds_run
    doc = load(out)
    validate(doc)
    assert check_provenance(doc) == []
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    for a in doc["articles"]:
        for n in a["noise"]:
            assert 0 <= n["start"] < n["end"] <= len(a["text"])
    for link in doc["passages"]:
        for side in ("a", "b"):
            p = link[side]
            assert 0 <= p["start"] < p["end"] <= len(texts[p["article"]])


def test_seed_source_groups(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    name = {a["id"]: Path(a["path"]).name[:3] for a in doc["articles"]}
    groups = sorted(sorted(name[i] for i in s["articles"]) for s in doc["sources"])
    assert groups == [["000", "001"], ["002"], ["003", "004"]]
    assert all(s["why"] for s in doc["sources"])
    assert len(doc["stories"]) == 1


def test_rerun_adds_nothing_twice_and_gives_the_same_bytes(seeds_run, seeds_dir, tmp_path):
    proc, out, store = seeds_run
    copy = tmp_path / "store.db"
    shutil.copy(store, copy)
    again = newsfuse("run", seeds_dir, "-o", tmp_path / "out", "--store", copy)
    assert again.returncode == 0, again.stderr
    assert "0 new, 5 already stored" in again.stdout
    for name in ("report.json", "report.md", "report.html"):
        assert (tmp_path / "out" / name).read_bytes() == (out / name).read_bytes(), name
    with sqlite3.connect(copy) as db:
        assert db.execute("select count(*) from articles").fetchone()[0] == 5


def test_ls_lists_the_store(seeds_run):
    _, _, store = seeds_run
    proc = newsfuse("ls", "--store", store)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("The Washington Post") >= 2


def test_broken_files_are_skipped_and_named_and_the_batch_goes_on(seeds_dir, tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(next(seeds_dir.glob("003_*.txt")), corpus / "good.txt")
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "bad.jsonl").write_text('{"text": "A full sentence about the city council vote on Tuesday."}\n{not json\n')
    (corpus / "broken.html").write_bytes(b"\x00\x01\x02<html")
    proc = newsfuse("run", corpus, "-o", tmp_path / "out", "--store", tmp_path / "s.db")
    assert proc.returncode == 1, proc.stderr
    doc = load(tmp_path / "out")
    skipped = {Path(s["path"].split(":")[0]).name: s["reason"] for s in doc["skipped"]}
    assert {"empty.txt", "binary.txt", "bad.jsonl", "broken.html"} <= set(skipped)
    for name in ("empty.txt", "binary.txt", "bad.jsonl"):
        assert name in proc.stderr
    assert len(doc["articles"]) == 2


def test_no_readable_input_is_a_clear_error(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    proc = newsfuse("run", tmp_path / "empty.txt", "-o", tmp_path / "out", "--store", tmp_path / "s.db")
    assert proc.returncode == 3
    assert "no readable article" in proc.stderr and "empty.txt" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_corrupt_store_is_a_clear_error_and_left_untouched(seeds_dir, tmp_path):
    store = tmp_path / "s.db"
    junk = b"this is not a database " * 100
    store.write_bytes(junk)
    proc = newsfuse("run", seeds_dir, "-o", tmp_path / "out", "--store", store)
    assert proc.returncode == 3
    assert "s.db" in proc.stderr and "Traceback" not in proc.stderr
    assert store.read_bytes() == junk


def test_help_for_every_command():
    for args in ([], ["run"], ["ingest"], ["ls"]):
        proc = newsfuse(*args, "--help")
        assert proc.returncode == 0, (args, proc.stderr)
        assert "Usage" in proc.stdout


def test_readme_commands_exist():
    """The README's first screen has exactly two set-up commands, and they name real targets."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make sample", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nsample:" in makefile and "\ntest:" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_sample_corpus_runs(sample_dir, tmp_path):
    proc = newsfuse("run", sample_dir, "-o", tmp_path / "out", "--store", tmp_path / "s.db")
    assert proc.returncode == 0, proc.stderr
    doc = load(tmp_path / "out")
    assert len(doc["articles"]) >= 6
    assert any(a["published"] is None for a in doc["articles"])
    assert "no publication date" in proc.stderr
