"""End-to-end: the real console script on real files, a real SQLite store, real report files."""

from __future__ import annotations

import re

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


def test_a_run_on_another_story_keeps_what_the_store_knows_of_the_first(seeds_run, sample_dir, tmp_path):
    from newsfuse.store import open_store

    _, _, seeds_store = seeds_run
    store = tmp_path / "both.db"
    shutil.copy(seeds_store, store)
    with open_store(store) as st:
        before = {r.id: r.source for r in st.summary().rows}
        passages_before = len(st.links()[1])
    assert all(before.values()) and passages_before
    proc = newsfuse("run", sample_dir, "-o", tmp_path / "out", "--store", store)
    assert proc.returncode == 0, proc.stderr
    with open_store(store) as st:
        after = {r.id: r.source for r in st.summary().rows}
        dups, passages = st.links()
    # the seeds' source groups and passage links are still stored beside the sample's
    assert {k: after[k] for k in before} == before
    assert len(after) > len(before) and all(after.values())
    seed_ids = set(before)
    assert sum(1 for p in passages if p.a.article in seed_ids) == passages_before
    assert any(p.a.article not in seed_ids for p in passages)


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


# -- the verified picture (issues 4-6): what a journalist reads off the seeds ----------------------


def _words(doc: dict, prov: dict) -> str:
    text = next(a["text"] for a in doc["articles"] if a["id"] == prov["article"])
    return text[prov["start"] : prov["end"]]


def test_seed_summary_cites_every_sentence_and_covers_the_story(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    assert doc["summary"], "the seeds give a summary"
    for s in doc["summary"]:
        assert s["citations"], s
        if not s.get("connective"):
            assert _words(doc, s["citations"][0]) == s["text"]
    text = " ".join(s["text"] for s in doc["summary"])
    for must in ("Herat", "Kandahar"):
        assert must in text
    # the US and the UK deployments, each from the sentence that states it
    assert re.search(r"3,?000 (additional )?(US )?troops", text), text
    assert re.search(r"600 (UK )?troops", text), text
    # every disagreement the seed README lists is named in the summary, each side quoted
    lines = [s["text"] for s in doc["summary"] if s.get("connective")]
    for a, b in (("80 miles", "150 k"), ("tenth", "10th"), ("entirely taken over", "airport"),
                 ("not yet clear", "Associated Press")):
        assert any(a in line and b in line for line in lines), (a, b, lines)


def test_seed_falls_of_provincial_capitals_are_one_event_each_placed_and_dated(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    import unicodedata

    def fold(name: str) -> str:  # the gazetteer keeps GeoNames' spelling: "Herāt", "Lashkar Gāh"
        return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))

    taken = [e for e in doc["events"] if (e.get("location") or {}).get("name") and e["modality"] == "asserted"
             and "territory" in e["subtype"]]
    by_place: dict[str, list[dict]] = {}
    for e in taken:
        by_place.setdefault(fold(e["location"]["name"]), []).append(e)
    for city in ("Herat", "Kandahar", "Ghazni", "Lashkar Gah", "Qala i Naw"):
        assert city in by_place, (city, sorted(by_place))
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    several = re.compile(r"\b(?:provincial capitals|districts|cities|towns)\b", re.I)
    for city in ("Herat", "Kandahar", "Ghazni", "Lashkar Gah", "Qala i Naw"):
        # one asserted change of control per city, all its reports in it
        assert len(by_place[city]) == 1, (city, [len(e["mentions"]) for e in by_place[city]])
        fall = by_place[city][0]
        # a report about several towns left unnamed ("many districts ... fell") is not this city's fall
        for m in fall["mentions"]:
            sentence = texts[m["article"]][m["start"] : m["end"]]
            assert not several.search(sentence) or fold(city)[:4].lower() in fold(sentence).lower(), (city, sentence)
        # dated: the day a report states, else the week up to the first report (all seeds: 12-13 August)
        assert fall["date_precision"] in ("day", "week"), (city, fall["date_precision"])
        assert "2021-08-05" <= fall["date"] <= fall["date_end"] <= "2021-08-13", (city, fall["date"], fall["date_end"])
    herat = max(by_place["Herat"], key=lambda e: len(e["mentions"]))
    assert len({m["article"] for m in herat["mentions"]}) >= 4, "Herat's fall is reported in four seed articles"
    assert herat["date"] and herat["date"].startswith("2021-08-1")
    assert abs(herat["location"]["lat"] - 34.35) < 0.25 and abs(herat["location"]["lon"] - 62.2) < 0.25


def _reporting(doc: dict, phrase: str, subtype: str = "") -> list[dict]:
    """The events of a report.json whose sub-type starts with ``subtype`` and one of whose sentences
    holds ``phrase``."""
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    return [e for e in doc["events"] if e["subtype"].startswith(subtype) and any(
        phrase in texts[m["article"]][m["start"] : m["end"]] for m in e["mentions"])]


def test_seed_acts_of_different_countries_are_different_events(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    texts = {a["id"]: a["text"] for a in doc["articles"]}

    def others(phrase: str) -> list[str]:
        """The other sentences of every troop movement event reporting ``phrase``."""
        events = _reporting(doc, phrase, "Troop")
        assert events, phrase
        return [t for e in events for m in e["mentions"]
                if phrase not in (t := texts[m["article"]][m["start"] : m["end"]])]

    us = re.compile(r"\bU\.S\.|\bUS\b|United States|Pentagon")
    # Canada's dispatch is not the US deployment; the Afghan forces' withdrawal from Kandahar is not the US one
    assert not [t for t in others("Canada will dispatch military personnel") if us.search(t)]
    assert not [t for t in others("government forces had withdrawn in large numbers") if us.search(t)]
    # the US deployment is not Canada's or Britain's
    assert not [t for t in others("would send about 3000 additional US troops") if re.search(r"Canada|Britain", t)]


def test_seed_us_deployment_is_one_event_however_its_reports_tell_it(seeds_run):
    """"will send" (Thursday's papers), "is deploying" and "will be deployed ... in the next 24 to 48 hours"
    (Friday's), the crosshead "US to reduce Kabul embassy staff, send troops to help" and the Pentagon
    spokesman's "the first deployment would occur in the next 24 and 48 hours" are one deployment."""
    _, out, _ = seeds_run
    doc = load(out)

    def event_of(phrase: str) -> dict:
        (e,) = _reporting(doc, phrase, "Troop deployment")
        return e

    us = event_of("would send about 3000 additional US troops")
    for phrase in ("it is deploying an additional 3,000 soldiers", "3,000 US troops will be deployed to Kabul",
                   "will send thousands of troops", "US to reduce Kabul embassy staff, send troops to help",
                   "the first deployment would occur"):
        assert event_of(phrase)["id"] == us["id"], phrase
    assert len({m["article"] for m in us["mentions"]}) >= 4
    assert us["actor1"] in ("US", "U.S.", "United States")  # the country, not "the Biden administration"
    # Britain's 600 troops: the crosshead, the announcement and Friday's "will deploy 600 troops", apart from the US's
    uk = event_of("600 UK troops are to be sent")
    assert uk["id"] != us["id"]
    assert event_of("UK troops sent to get Britons out")["id"] == event_of("will deploy 600 troops")["id"] == uk["id"]


def test_seed_evacuation_of_us_staff_is_one_event_and_not_canadas(seeds_run):
    """Announced on Thursday ("declared plans to evacuate", "will evacuate its embassy staff"), ordered on
    Friday ("ordered the deployment ... to evacuate"): one evacuation, dated by neither announcement."""
    _, out, _ = seeds_run
    doc = load(out)

    def event_of(phrase: str) -> str:
        (e,) = _reporting(doc, phrase, "Evacuation")
        return e["id"]

    us = event_of("the US will evacuate its embassy staff")
    for phrase in ("declared plans to evacuate their diplomatic employees", "sending troops to evacuate nationals",
                   "rushing thousands of troops to help evacuate"):
        assert event_of(phrase) == us, phrase
    assert event_of("Canada will dispatch military personnel to evacuate embassy staff") != us


def test_seed_talk_of_surrender_deals_in_general_is_no_report_of_lashkar_gahs_ceasefire(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    (ceasefire,) = _reporting(doc, "reaching a local ceasefire agreement", "Agreement")
    assert not [m for m in ceasefire["mentions"]
                if "surrender deals made with the Taliban" in texts[m["article"]][m["start"] : m["end"]]]


def test_seed_troops_claim_is_corroborated_by_three_independent_sources(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    troops = [c for c in doc["claims"] if "3,000" in c["text"] or "3000" in c["text"]]
    assert troops and max(c["independent_sources"] for c in troops) == 3
    assert any(c["status"] == "corroborated" for c in troops)


def test_seed_disagreements_are_shown_with_both_spans_and_a_reason(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    conflicts = [(c, x) for c in doc["claims"] for x in c["conflicts"]]
    assert conflicts
    for c, x in conflicts:
        assert x["why"]
        assert _words(doc, x["mine"]) and _words(doc, x["theirs"])
    ghazni = [x for c, x in conflicts if "80" in _words(doc, x["mine"]) + _words(doc, x["theirs"])]
    assert ghazni, "about 80 miles vs 150 km"


def test_seed_quotes_have_their_speakers(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    speakers = {q["speaker_text"] for q in doc["quotes"] if q["speaker_text"]}
    for name in ("Price", "Kirby"):
        assert any(name in s for s in speakers), (name, sorted(speakers))


def test_seed_timeline_runs_from_tuesday_10_to_friday_13_august(seeds_run):
    _, out, _ = seeds_run
    doc = load(out)
    dates = sorted(t["date"] for t in doc["timeline"])
    assert dates[0] == "2021-08-10" and dates[-1] == "2021-08-13", dates


def test_a_second_run_with_a_new_article_shows_what_changed(seeds_dir, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    for f in sorted(seeds_dir.glob("00[0-3]_*.txt")):
        shutil.copy(f, first / f.name)
    lines = (seeds_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    (first / "manifest.jsonl").write_text("\n".join(x for x in lines if '"004_' not in x) + "\n", encoding="utf-8")
    store = tmp_path / "store.db"
    assert newsfuse("run", first, "-o", tmp_path / "out1", "--store", store).returncode == 0
    assert "changes" not in load(tmp_path / "out1")
    later = next(iter(sorted(seeds_dir.glob("004_*.txt"))))
    proc = newsfuse("run", later, "-o", tmp_path / "out2", "--store", store)
    assert proc.returncode == 0, proc.stderr
    doc = load(tmp_path / "out2")
    assert len(doc["articles"]) == 5, "the new report is shown with the story it joined"
    kinds = {c["kind"] for c in doc["changes"]}
    assert "new_article" in kinds
    assert "what changed" in proc.stdout
    assert "What changed" in (tmp_path / "out2" / "report.html").read_text(encoding="utf-8")


def test_export_csv_has_one_row_per_event_with_acled_columns(seeds_run, tmp_path):
    import csv
    import io

    _, out, store = seeds_run
    copy = tmp_path / "store.db"
    shutil.copy(store, copy)
    proc = newsfuse("export", "--format", "csv", "--store", copy)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == len(load(out)["events"])
    assert {"event_id", "event_date", "event_type", "actor1", "latitude", "longitude", "notes"} <= set(rows[0])
    bad = newsfuse("export", "--format", "xml", "--store", copy)
    assert bad.returncode == 2 and "csv" in bad.stderr
