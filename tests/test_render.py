"""The report renderers: report.json shape, schema and provenance; Markdown and HTML escaping,
self-containment and determinism; atomic writing."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from dataclasses import replace

import jsonschema
import lxml.html
import pytest

import newsfuse
from newsfuse.errors import NewsfuseError
from newsfuse.model import (
    Article,
    NearDuplicate,
    Noise,
    PassageLink,
    Report,
    Skipped,
    SourceGroup,
    Story,
    article_id,
)
from newsfuse.render import (
    SCHEMA_ID,
    check_provenance,
    render_html,
    render_json,
    render_markdown,
    to_dict,
    validate,
    write_report,
)
from newsfuse.render.report_json import load_schema

CONTRACT_KEYS = [
    "schema", "generated_by", "articles", "skipped", "sources", "stories", "duplicates", "passages",
    "entities", "quotes", "dates", "figures", "events", "claims", "summary", "timeline",
]
ARTICLE_KEYS = [
    "id", "path", "url", "origins", "outlet", "published", "title", "byline", "dateline", "credits",
    "source", "story", "text", "paragraphs", "noise", "meta_from",
]

# ---- factories -------------------------------------------------------------------------------


def make_article(paragraphs: list[str], origin: str, noise: dict[int, str] | None = None, **meta: object) -> Article:
    """An article whose text is ``paragraphs`` joined by blank lines; ``noise`` marks whole
    paragraphs by index with a kind."""
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 2
    marks = tuple(Noise(kind, *spans[i]) for i, kind in sorted((noise or {}).items()))
    return Article(
        id=article_id(text), text=text, origins=(origin,), paragraphs=tuple(spans), noise=marks, **meta  # type: ignore[arg-type]
    )


def sentence_span(a: Article, sentence: str):
    start = a.text.index(sentence)
    return a.span(start, start + len(sentence))


EVIL_TITLE = '"><img src=x onerror=alert(2)>'
EVIL_TEXT = "Officials said <script>alert(1)</script> & more | pipes were found."


def build_report() -> Report:
    """Three articles (one with markup in its text and title), a near-copy, two source groups,
    a story, a verbatim and a reworded passage link, two skipped inputs."""
    wapo = make_article(
        [
            "KABUL — The Taliban captured Herat, the country's third-largest city, on Thursday.",
            "Video: Taliban fighters patrol the streets of Herat",
            "The State Department said it would send 3,000 troops to Kabul airport.",
            EVIL_TEXT,
            "Read more: Biden's Afghanistan withdrawal",
        ],
        "corpus/000_wapo.txt",
        noise={1: "caption", 4: "read_more"},
        outlet="The Washington Post",
        published=dt.date(2021, 8, 13),
        title=EVIL_TITLE,
        byline="Susannah George",
        dateline="KABUL",
        credits=("The Washington Post",),
        meta_from=(("published", "manifest"), ("outlet", "manifest"), ("title", "html")),
    )
    afp1 = make_article(
        [
            "Kabul (AFP) - Taliban fighters seized Herat on Thursday, officials said.",
            "The United States will deploy 3,000 troops to help evacuate embassy staff, the State Department said.",
        ],
        "corpus/003_afp.txt",
        outlet=None,
        published=dt.date(2021, 8, 12),
        credits=("AFP",),
    )
    afp2 = make_article(
        [
            "The Taliban seized Herat on Thursday as the insurgents swept across the country.",
            "The United States will deploy 3,000 troops to help evacuate embassy staff, the State Department said.",
        ],
        "corpus/004_afp.txt",
        noise={0: "standfirst"},
        credits=("AFP",),
    )
    dup = replace(afp1, id=article_id(afp1.text + " "), text=afp1.text + " ", origins=("corpus/003_copy.txt", "https://example.org/a"))
    shared = "The United States will deploy 3,000 troops to help evacuate embassy staff, the State Department said."
    return Report(
        articles=(wapo, afp2, afp1, dup),  # deliberately not in report order
        skipped=(Skipped("corpus/broken.pdf", "not a text, HTML, feed, JSONL or WARC file"), Skipped("corpus/empty.txt", "file is empty")),
        sources=(
            SourceGroup("s-afp", "AFP", (afp2.id, afp1.id, dup.id), ("agency credit", "shared passages")),
            SourceGroup("s-wapo", "The Washington Post", (wapo.id,), ("same outlet",)),
        ),
        stories=(Story("st-kabul", (wapo.id, afp1.id, afp2.id, dup.id), "Taliban take provincial capitals"),),
        duplicates=(NearDuplicate(afp1.id, dup.id, 0.9876543),),
        passages=(
            PassageLink(sentence_span(afp1, shared), sentence_span(afp2, shared), "verbatim", 1.0),
            PassageLink(
                sentence_span(wapo, "The State Department said it would send 3,000 troops to Kabul airport."),
                sentence_span(afp1, shared),
                "reworded",
                0.7812345678,
            ),
        ),
    )


@pytest.fixture
def report() -> Report:
    return build_report()


# ---- report.json -------------------------------------------------------------------------------


def test_the_shipped_schema_is_valid_draft_2020_12():
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == set(CONTRACT_KEYS)


def test_report_json_has_every_contract_key_and_validates(report):
    doc = to_dict(report)
    assert list(doc)[:2] == ["schema", "generated_by"]
    assert doc["schema"] == SCHEMA_ID == "newsfuse.report/1"
    assert doc["generated_by"] == f"newsfuse {newsfuse.__version__}"
    assert set(CONTRACT_KEYS) <= set(doc)
    for key in ("entities", "quotes", "dates", "figures", "events", "claims", "summary", "timeline"):
        assert doc[key] == []
    for a in doc["articles"]:
        assert list(a) == ARTICLE_KEYS
    validate(doc)
    validate(json.loads(render_json(report)))


def test_articles_fields_and_ordering(report):
    doc = to_dict(report)
    arts = doc["articles"]
    # undated first, then by date, then by first origin
    assert [a["published"] for a in arts] == [None, "2021-08-12", "2021-08-12", "2021-08-13"]
    assert [a["path"] for a in arts] == ["corpus/004_afp.txt", "corpus/003_afp.txt", "corpus/003_copy.txt", "corpus/000_wapo.txt"]
    wapo = arts[-1]
    assert wapo["source"] == "s-wapo" and wapo["story"] == "st-kabul"
    assert wapo["credits"] == ["The Washington Post"]
    assert wapo["meta_from"] == {"outlet": "manifest", "published": "manifest", "title": "html"}
    assert list(wapo["meta_from"]) == sorted(wapo["meta_from"])
    assert [n["kind"] for n in wapo["noise"]] == ["caption", "read_more"]
    assert arts[2]["origins"] == ["corpus/003_copy.txt", "https://example.org/a"]
    assert arts[2]["url"] is None and arts[3]["byline"] == "Susannah George" and arts[3]["dateline"] == "KABUL"
    assert all(a["source"] == "s-afp" for a in arts[:3])
    for n in wapo["noise"]:
        assert wapo["text"][n["start"]:n["end"]].startswith(("Video:", "Read more:"))
    # member lists follow the report's article order; lists of items sort by id
    assert doc["sources"][0]["articles"] == [a["id"] for a in arts[:3]]
    assert [s["id"] for s in doc["sources"]] == ["s-afp", "s-wapo"]
    assert doc["sources"][0]["why"] == ["agency credit", "shared passages"]
    assert doc["duplicates"][0]["similarity"] == 0.9877
    keys = [(p["a"]["article"], p["a"]["start"], p["b"]["article"]) for p in doc["passages"]]
    assert keys == sorted(keys)
    assert {p["score"] for p in doc["passages"]} == {1.0, 0.7812}
    assert doc["skipped"] == [
        {"path": "corpus/broken.pdf", "reason": "not a text, HTML, feed, JSONL or WARC file"},
        {"path": "corpus/empty.txt", "reason": "file is empty"},
    ]


def test_article_without_source_or_story_gets_null(report):
    lone = make_article(["A lone report from nowhere, with nothing shared."], "x/lone.txt")
    doc = to_dict(replace(report, articles=report.articles + (lone,)))
    (a,) = [a for a in doc["articles"] if a["id"] == lone.id]
    assert a["source"] is None and a["story"] is None
    validate(doc)


def test_every_prov_resolves_and_quotes_the_linked_words(report):
    doc = to_dict(report)
    assert check_provenance(doc) == []
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    shared = "The United States will deploy 3,000 troops to help evacuate embassy staff, the State Department said."
    verbatim = [p for p in doc["passages"] if p["kind"] == "verbatim"][0]
    for side in ("a", "b"):
        p = verbatim[side]
        assert texts[p["article"]][p["start"]:p["end"]] == shared


@pytest.mark.parametrize(
    "break_it, expected",
    [
        (lambda d: d["passages"][0]["a"].update(end=10_000), "outside"),
        (lambda d: d["passages"][0]["b"].update(start=5, end=5), "outside"),
        (lambda d: d["passages"][0]["a"].update(article="a000000000000000"), "unknown article"),
        (lambda d: d["articles"][0]["noise"].append({"kind": "caption", "start": -1, "end": 3}), "outside"),
        (lambda d: d["claims"].append({"id": "c1", "mentions": [{"article": d["articles"][0]["id"], "start": 0, "end": 10**6}]}), "/claims/0/mentions/0"),
        (lambda d: d["sources"][0]["articles"].append("anope"), "not in the report"),
        (lambda d: d["articles"][0].update(story="no-such-story"), "story id"),
    ],
)
def test_check_provenance_catches_a_bad_reference(report, break_it, expected):
    doc = to_dict(report)
    break_it(doc)
    problems = check_provenance(doc)
    assert problems and any(expected in p for p in problems), problems


def test_validate_raises_a_newsfuse_error_naming_the_place(report):
    doc = to_dict(report)
    doc["articles"][1]["published"] = "13 August 2021"
    del doc["timeline"]
    with pytest.raises(NewsfuseError, match=r"newsfuse.report/1.*(timeline|articles/1/published)"):
        validate(doc)


def test_later_stage_items_are_described_by_the_schema(report):
    doc = to_dict(report)
    aid = doc["articles"][0]["id"]
    prov = {"article": aid, "start": 0, "end": 5}
    words = doc["articles"][0]["text"][0:5]
    doc["entities"] = [{"id": "e1", "name": "Herat", "kind": "place", "aliases": ["Hirat"], "mentions": [prov],
                        "place": {"lat": 34.35, "lon": 62.2, "country": "AF", "admin1": "Herat", "geonames_id": 1139715}}]
    doc["quotes"] = [{"id": "q1", "speaker": None, "speaker_text": "a spokesman", "text": words, "direct": True, "mentions": [prov]}]
    doc["dates"] = [{"id": "d1", "text": words, "value": "2021-08-12", "precision": "day", "relative_to": "publication date", "mentions": [prov]},
                    {"id": "d2", "text": words, "value": {"start": "2021-05-01", "end": None}, "precision": "range", "mentions": [prov]}]
    doc["figures"] = [{"id": "f1", "value": 3000, "unit": None, "approx": False, "of": "troops", "mentions": [prov]}]
    doc["events"] = [{"id": "v1", "type": "conflict", "subtype": "capture", "plover": "ASSAULT", "actor1": "Taliban", "actor2": None,
                      "place": "e1", "date": "2021-08-12", "date_precision": "day", "sources": ["s-afp"], "mentions": [prov]}]
    doc["claims"] = [{"id": "c1", "text": words, "status": "corroborated", "independent_sources": 2, "conflicts": [], "mentions": [prov]}]
    doc["summary"] = [{"text": words, "citations": [prov]}]
    doc["timeline"] = [{"date": "2021-08-12", "date_precision": "day", "event": "v1"}]
    validate(doc)
    assert check_provenance(doc) == []
    doc["entities"][0]["kind"] = "planet"
    with pytest.raises(NewsfuseError, match="entities/0/kind"):
        validate(doc)


# ---- determinism and writing ---------------------------------------------------------------


def test_rendering_is_deterministic_and_independent_of_input_order(report):
    shuffled = replace(
        report,
        articles=tuple(reversed(report.articles)),
        sources=tuple(reversed(report.sources)),
        passages=tuple(reversed(report.passages)),
        skipped=tuple(reversed(report.skipped)),
    )
    for render in (render_json, render_markdown, render_html):
        assert render(report) == render(report) == render(shuffled), render.__name__


def test_write_report_creates_the_folder_atomically_and_repeatably(report, tmp_path):
    out = tmp_path / "deep" / "out"
    paths = write_report(report, out)
    assert [p.name for p in paths] == ["report.json", "report.md", "report.html"]
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]  # no tmp files left
    first = {p.name: p.read_bytes() for p in paths}
    assert first["report.json"].decode("utf-8") == render_json(report)
    assert first["report.md"].decode("utf-8") == render_markdown(report)
    assert first["report.html"].decode("utf-8") == render_html(report)
    write_report(report, out)
    assert {p.name: p.read_bytes() for p in paths} == first
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json", "report.md"]


def test_write_report_refuses_a_report_whose_offsets_do_not_resolve(report, tmp_path):
    a = report.articles[0]
    bad = replace(report, passages=report.passages + (PassageLink(a.span(0, 5), replace(a.span(0, 5), article="a123"), "verbatim", 1.0),))
    with pytest.raises(NewsfuseError, match="do not resolve"):
        write_report(bad, tmp_path / "out")
    assert not (tmp_path / "out" / "report.json").exists()


def test_write_report_into_an_unwritable_place_raises_newsfuse_error(report, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(NewsfuseError, match="cannot write the report"):
        write_report(report, blocker / "out")


# ---- Markdown -----------------------------------------------------------------------------------


def _table_rows(md: str, header_start: str) -> list[str]:
    lines = md.splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[i + 2:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_has_counts_tables_and_marked_noise(report):
    md = render_markdown(report)
    assert md.startswith("# newsfuse report\n")
    assert "4 article(s)" in md and "2 independent source(s)" in md and "2 input(s) skipped" in md
    for heading in ("## Articles", "## Independent sources", "## Stories", "## Skipped inputs", "## Article texts"):
        assert heading in md
    rows = _table_rows(md, "| id | outlet |")
    assert len(rows) == 4
    assert all(len(_cells(r)) == 7 for r in rows)
    assert "corpus/broken.pdf" in md and "not a text, HTML, feed, JSONL or WARC file" in md
    assert "> \\[caption\\] Video: Taliban fighters patrol the streets of Herat" in md
    assert "> \\[read\\_more\\] Read more:" in md
    assert "> \\[standfirst\\] The Taliban seized Herat" in md


def test_markdown_escapes_table_cells_and_article_text(report):
    a = report.articles[0]
    nasty = replace(a, title="Herat | Kandahar\nfall *now*", id=a.id)
    md = render_markdown(replace(report, articles=(nasty,) + report.articles[1:]))
    rows = _table_rows(md, "| id | outlet |")
    assert all(len(_cells(r)) == 7 for r in rows), rows  # the pipe did not add a column
    (row,) = [r for r in rows if nasty.id in r]
    assert "Herat \\| Kandahar fall \\*now\\*" in row
    assert "<script>" not in md and "\\<script\\>alert(1)\\</script\\>" in md
    assert "pipes" in md and "\\| pipes" in md


# ---- HTML --------------------------------------------------------------------------------------


def test_html_escapes_article_text_and_titles(report):
    page = render_html(report)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp; more" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert page.count("<script>") == 1  # only the page's own inline script


def test_html_is_self_contained(report):
    page = render_html(report)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"@import|url\(", page, re.I)
    assert not re.search(r"<(?:link|iframe|object|embed)\b", page, re.I)
    # the article's own URL is shown as text, not fetched or linked
    assert "https://example.org/a" in page


def test_html_paragraphs_carry_offsets_and_addressable_ids(report):
    page = render_html(report)
    tree = lxml.html.fromstring(page)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "element ids must be unique"
    doc = to_dict(report)
    for a in doc["articles"]:
        panel = tree.get_element_by_id(a["id"])
        paras = panel.xpath(".//p[@data-start]")
        assert [[int(p.get("data-start")), int(p.get("data-end"))] for p in paras] == a["paragraphs"]
        for p in paras:
            s, e = int(p.get("data-start")), int(p.get("data-end"))
            assert p.get("id") == f"{a['id']}-{s}-{e}"
            # the DOM text of a paragraph is exactly the article's text there (labels come from CSS)
            assert p.text_content() == a["text"][s:e]
        for n in a["noise"]:
            el = tree.get_element_by_id(f"{a['id']}-{n['start']}-{n['end']}")
            assert n["kind"] in el.get("data-kind").split() and "noise" in el.get("class").split()
    # passages link to their ranges
    for link in doc["passages"]:
        for side in ("a", "b"):
            p = link[side]
            assert f'href="#{p["article"]}-{p["start"]}-{p["end"]}"' in page


def test_html_marks_inline_noise_inside_a_paragraph(report):
    a = report.articles[0]
    start = a.text.index("Officials")
    inline = replace(a, noise=a.noise + (Noise("credits", start, start + len("Officials said")),))
    page = render_html(replace(report, articles=(inline,) + report.articles[1:]))
    el = lxml.html.fromstring(page).get_element_by_id(f"{a.id}-{start}-{start + 14}")
    assert el.tag == "span" and el.get("data-kind") == "credits" and el.text_content() == "Officials said"


def test_html_has_panels_and_counts(report):
    tree = lxml.html.fromstring(render_html(report))
    sections = tree.xpath("//section/@data-section")
    assert sections == ["articles", "sources", "stories", "passages", "duplicates", "skipped", "texts"]
    assert len(tree.xpath("//table[@id='articles-table']/tbody/tr")) == 4
    counts = " ".join(tree.xpath("//ul[@class='counts']//text()"))
    assert re.search(r"4\s+articles", counts) and re.search(r"2\s+skipped", counts)
    empty = tree.xpath("//section/@data-section")
    bare = lxml.html.fromstring(render_html(Report(articles=report.articles[:1])))
    assert bare.xpath("//section/@data-section") == ["articles", "texts"] != empty


def test_html_shows_later_stage_items_without_their_own_partial(report):
    from newsfuse.render.html import render_html_doc

    doc = to_dict(report)
    aid = doc["articles"][0]["id"]
    doc["claims"] = [{"id": "c1", "text": "Herat <fell>", "status": "unique", "independent_sources": 1, "conflicts": [],
                      "mentions": [{"article": aid, "start": 0, "end": 5}]}]
    tree = lxml.html.fromstring(render_html_doc(doc))
    (section,) = tree.xpath("//section[@data-section='claims']")
    assert "Herat <fell>" in section.text_content()
    assert section.xpath(f".//a[@href='#{aid}-0-5']")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: cannot syntax-check the page's script")
def test_html_script_is_valid_javascript(report, tmp_path):
    (script,) = lxml.html.fromstring(render_html(report)).xpath("//script/text()")
    js = tmp_path / "page.js"
    js.write_text(script, encoding="utf-8")
    proc = subprocess.run(["node", "--check", str(js)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_real_seed_texts_render(seeds_dir, tmp_path):
    """The five seed articles, split into paragraphs at blank lines, render and check clean."""
    arts = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans, pos = [], 0
        for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
            spans.append((m.start(), m.end()))
            pos = m.end()
        arts.append(Article(article_id(text), text, (str(path),), paragraphs=tuple(spans)))
    report = Report(articles=tuple(arts))
    paths = write_report(report, tmp_path / "seeds")
    doc = json.loads(paths[0].read_text(encoding="utf-8"))
    validate(doc)
    assert check_provenance(doc) == []
    assert len(doc["articles"]) == 5
    tree = lxml.html.fromstring(paths[2].read_text(encoding="utf-8"))
    for a in doc["articles"]:
        for p in tree.get_element_by_id(a["id"]).xpath(".//p[@data-start]"):
            assert p.text_content() == a["text"][int(p.get("data-start")):int(p.get("data-end"))]


# ---- the full picture: annotations, events, claims, summary, timeline, changes ------------------

from newsfuse.model import (  # noqa: E402
    Annotations,
    Change,
    Claim,
    Conflict,
    DateMention,
    Entity,
    Event,
    EventMention,
    Figure,
    Place,
    Quote,
    SummarySentence,
    TimelineEntry,
)
from newsfuse.render.csv import EVENT_COLUMNS, events_csv  # noqa: E402

HERAT = Place("Herat", 34.35, 62.2, "city", "Afghanistan", "AF", "Herat", 1139715)
KANDAHAR = Place("Kandahar", 31.6, 65.7, "city", "Afghanistan", "AF", "Kandahar", 1138958)


def span_of(a: Article, words: str, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = a.text.index(words, start + 1)
    return a.span(start, start + len(words))


def build_full_report() -> Report:
    """Two independent sources on the fall of Herat and Kandahar: a corroborated capture, a
    troop figure they disagree on (3,000 vs 5,000), a quote, dates, a summary and a timeline."""
    wapo = make_article(
        [
            "KABUL — The Taliban captured Herat, the country's third-largest city, on Thursday.",
            "Kandahar fell to the insurgents on Friday, officials said.",
            "About 3,000 troops will fly to Kabul airport, the State Department said.",
            "\"We are not going to leave anyone behind,\" Ned Price told reporters <b>in Washington</b>.",
        ],
        "corpus/000_wapo.txt", outlet="The Washington Post", published=dt.date(2021, 8, 13),
    )
    afp = make_article(
        [
            "Kabul (AFP) - Taliban fighters seized Herat on Thursday, officials said.",
            "The Pentagon will send 5,000 troops to Kabul, a spokesman said.",
        ],
        "corpus/003_afp.txt", published=dt.date(2021, 8, 12), credits=("AFP",),
    )
    thursday = DateMention("d-thu", span_of(wapo, "Thursday"), "Thursday", "day", dt.date(2021, 8, 12), dt.date(2021, 8, 12), "publication date")
    friday = DateMention("d-fri", span_of(wapo, "Friday"), "Friday", "day", dt.date(2021, 8, 13), dt.date(2021, 8, 13), "publication date")
    days = DateMention("d-dur", span_of(afp, "Thursday"), "Thursday", "relative", note="no publication date to anchor it")
    f3000 = Figure("f-3000", span_of(wapo, "About 3,000 troops"), "About 3,000 troops", "count", 3000.0, unit=None, of="troops", approx="about")
    f5000 = Figure("f-5000", span_of(afp, "5,000 troops"), "5,000 troops", "count", 5000.0, of="troops")
    quote = Quote("q-price", span_of(wapo, "We are not going to leave anyone behind,"), "We are not going to leave anyone behind,", True,
                  "Ned Price", span_of(wapo, "Ned Price"), "e-price", "told", "reporters")
    ents = (
        Entity("e-herat", "Herat", "place", ("Hirat",), (), HERAT, (span_of(wapo, "Herat"), span_of(afp, "Herat"))),
        Entity("e-kandahar", "Kandahar", "place", (), (), KANDAHAR, (span_of(wapo, "Kandahar"),)),
        Entity("e-price", "Ned Price", "person", ("Price",), ("State Department spokesman",), None, (span_of(wapo, "Ned Price"),)),
        Entity("e-taliban", "Taliban", "group", ("the insurgents",), (), None, (span_of(wapo, "Taliban"), span_of(afp, "Taliban"))),
    )
    s_herat_w = span_of(wapo, "KABUL — The Taliban captured Herat, the country's third-largest city, on Thursday.")
    s_herat_a = span_of(afp, "Kabul (AFP) - Taliban fighters seized Herat on Thursday, officials said.")
    s_kand = span_of(wapo, "Kandahar fell to the insurgents on Friday, officials said.")
    s_3000 = span_of(wapo, "About 3,000 troops will fly to Kabul airport, the State Department said.")
    s_5000 = span_of(afp, "The Pentagon will send 5,000 troops to Kabul, a spokesman said.")
    herat = Event(
        "v-herat", "Battles", "Non-state actor overtakes territory", "ASSAULT",
        (EventMention("m1", span_of(wapo, "captured"), s_herat_w, "Battles", "Non-state actor overtakes territory", "ASSAULT", "capture", "Taliban"),
         EventMention("m2", span_of(afp, "seized"), s_herat_a, "Battles", "Non-state actor overtakes territory", "ASSAULT", "seize", "Taliban")),
        actor1="Taliban", actor2="Afghan government", place=HERAT, date=dt.date(2021, 8, 12), date_precision="day", sources=("s-wapo", "s-afp"),
    )
    kand = Event(
        "v-kandahar", "Battles", "Non-state actor overtakes territory", "ASSAULT",
        (EventMention("m3", span_of(wapo, "fell"), s_kand, "Battles", "Non-state actor overtakes territory", "ASSAULT", "fall"),),
        actor1="Taliban", place=KANDAHAR, date=dt.date(2021, 8, 13), date_precision="day", sources=("s-wapo",),
    )
    c_herat = Claim("c-herat", s_herat_w and wapo.text[s_herat_w.start:s_herat_w.end], "Taliban", "captured", "Herat", (s_herat_w, s_herat_a),
                    "corroborated", 2, ("s-afp", "s-wapo"), date=dt.date(2021, 8, 12), place="Herat", event="v-herat")
    c3 = Claim("c-3000", wapo.text[s_3000.start:s_3000.end], "US", "send troops", "3000", (s_3000,), "contradicted", 1, ("s-wapo",),
               (Conflict("c-5000", "numeric", "3,000 vs 5,000 troops to Kabul", s_3000, s_5000),), figure=f3000)
    c5 = Claim("c-5000", afp.text[s_5000.start:s_5000.end], "US", "send troops", "5000", (s_5000,), "contradicted", 1, ("s-afp",),
               (Conflict("c-3000", "numeric", "5,000 vs 3,000 troops to Kabul", s_5000, s_3000),), figure=f5000)
    summary = (
        SummarySentence(wapo.text[s_herat_w.start:s_herat_w.end], (s_herat_w, s_herat_a)),
        SummarySentence("Sources disagree on the number of troops:", (s_3000, s_5000), connective=True),
        SummarySentence(afp.text[s_5000.start:s_5000.end], (s_5000,)),
    )
    return Report(
        articles=(wapo, afp),
        sources=(SourceGroup("s-afp", "AFP", (afp.id,), ("agency credit",)), SourceGroup("s-wapo", "The Washington Post", (wapo.id,), ("same outlet",))),
        stories=(Story("st-1", (wapo.id, afp.id), "Taliban advance"),),
        annotations=(
            Annotations(wapo.id, dates=(thursday, friday), figures=(f3000,), quotes=(quote,)),
            Annotations(afp.id, dates=(days,), figures=(f5000,)),
        ),
        entities=ents,
        events=(kand, herat),
        claims=(c5, c3, c_herat),
        summary=summary,
        timeline=(
            TimelineEntry(dt.date(2021, 8, 13), "day", "Kandahar falls", event="v-kandahar"),
            TimelineEntry(dt.date(2021, 8, 12), "day", "Herat falls", event="v-herat"),
            TimelineEntry(dt.date(2021, 8, 12), "day", "Taliban captured Herat", claim="c-herat"),
        ),
        changes=(Change("new_source", "s-afp", "AFP reports 5,000 troops", None, "5000"),),
    )


@pytest.fixture
def full() -> Report:
    return build_full_report()


def test_full_report_json_has_every_contract_field_and_checks_clean(full):
    doc = to_dict(full)
    validate(doc)
    assert check_provenance(doc) == []
    herat = next(e for e in doc["entities"] if e["id"] == "e-herat")
    assert herat["place"].items() >= {"lat": 34.35, "lon": 62.2, "country": "Afghanistan", "admin1": "Herat", "geonames_id": 1139715}.items()
    (q,) = doc["quotes"]
    assert q["speaker"] == "e-price" and q["cue"] == "told" and q["channel"] == "reporters" and q["direct"] is True
    assert q["speaker_mentions"] and q["mentions"][0]["article"] == doc["articles"][1]["id"]
    dates = {d["id"]: d for d in doc["dates"]}
    assert dates["d-thu"]["value"] == "2021-08-12" and dates["d-dur"]["value"] is None and dates["d-dur"]["note"]
    figs = {f["id"]: f for f in doc["figures"]}
    assert figs["f-3000"]["value"] == 3000 and figs["f-3000"]["approx"] is True and figs["f-3000"]["qualifier"] == "about"
    assert figs["f-5000"]["approx"] is False and figs["f-5000"]["of"] == "troops"
    events = {v["id"]: v for v in doc["events"]}
    assert events["v-herat"]["place"] == "e-herat" and events["v-kandahar"]["place"] == "e-kandahar"
    assert events["v-herat"]["location"]["lat"] == 34.35 and events["v-herat"]["sources"] == ["s-afp", "s-wapo"]
    assert len(events["v-herat"]["mentions"]) == 2 and events["v-herat"]["modality"] == "asserted"
    claims = {c["id"]: c for c in doc["claims"]}
    (k,) = claims["c-3000"]["conflicts"]
    assert k["claim"] == "c-5000" and k["kind"] == "numeric" and set(k) == {"claim", "kind", "why", "mine", "theirs"}
    assert claims["c-3000"]["figure"] == "f-3000" and claims["c-herat"]["event"] == "v-herat"
    assert [s["connective"] for s in doc["summary"]] == [False, True, False]
    assert [t["date"] for t in doc["timeline"]] == ["2021-08-12", "2021-08-12", "2021-08-13"]
    assert doc["changes"] == [{"kind": "new_source", "item": "s-afp", "text": "AFP reports 5,000 troops", "before": None, "after": "5000"}]
    assert "changes" not in to_dict(build_report())  # only when there are some
    for key in ("entities", "quotes", "dates", "figures", "events", "claims"):
        assert [x["id"] for x in doc[key]] == sorted(x["id"] for x in doc[key])


def test_check_provenance_catches_quoted_words_that_are_not_the_text(full):
    doc = to_dict(full)
    doc["quotes"][0]["text"] = "We will leave everyone behind"
    doc["summary"][0]["text"] = "Herat fell."
    problems = check_provenance(doc)
    assert any(p.startswith("/quotes/0/text") for p in problems) and any(p.startswith("/summary/0/text") for p in problems)
    doc = to_dict(full)
    doc["summary"][1]["text"] = "Sources disagree:"  # connective: newsfuse's own words, not checked
    doc["claims"][0]["event"] = "v-nope"
    problems = check_provenance(doc)
    assert problems == ["/claims/0/event: event id 'v-nope' is not in the report"]


def test_event_place_falls_back_to_name_then_null(full):
    renamed = replace(HERAT, geonames_id=None)
    nowhere = Place("Atlantis", 0.0, 0.0, "city")
    ev = [replace(full.events[1], place=renamed), replace(full.events[0], place=nowhere)]
    doc = to_dict(replace(full, events=tuple(ev)))
    events = {v["id"]: v for v in doc["events"]}
    assert events["v-herat"]["place"] == "e-herat"
    assert events["v-kandahar"]["place"] is None and events["v-kandahar"]["location"]["name"] == "Atlantis"


def test_full_report_renders_deterministically_whatever_the_input_order(full):
    shuffled = replace(full, entities=full.entities[::-1], events=full.events[::-1], claims=full.claims[::-1],
                       annotations=full.annotations[::-1], timeline=full.timeline[::-1], articles=full.articles[::-1])
    for render in (render_json, render_markdown, render_html, events_csv):
        assert render(full) == render(shuffled), render.__name__


def test_markdown_has_the_picture(full):
    md = render_markdown(full)
    order = [md.index(h) for h in ("## What changed", "## Summary", "## Timeline", "## Disagreements", "## Claims", "## Events",
                                    "## Quotes", "## Figures", "## Articles")]
    assert order == sorted(order)
    assert "KABUL — The Taliban captured Herat, the country's third-largest city, on Thursday. \\[1\\]\\[2\\]" in md
    assert "*Sources disagree on the number of troops:* \\[3\\]\\[4\\]" in md
    rows = _table_rows(md, "| kind | one source says |")
    assert len(rows) == 1 and "3,000 vs 5,000" in rows[0]  # one disagreement, not one per side
    assert len(_table_rows(md, "| claim | status |")) == 3
    (quote,) = _table_rows(md, "| speaker | quote |")
    assert "Ned Price" in quote and "told" in quote and "reporters" in quote
    figs = _table_rows(md, "| value | unit |")
    assert any("about" in r and "3000" in r for r in figs)
    assert "<b>" not in md


def test_html_has_the_picture_in_reading_order(full):
    page = render_html(full)
    tree = lxml.html.fromstring(page)
    assert tree.xpath("//section/@data-section") == [
        "changes", "summary", "timeline", "map", "claims", "disagreements", "events", "quotes", "figures", "dates", "places",
        "entities", "articles", "sources", "stories", "texts",
    ]
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    # every summary sentence carries a clickable citation that resolves to a range in the text
    for p in tree.xpath("//div[@class='summary']/p"):
        cites = p.xpath(".//a[@class='cite']/@href")
        assert cites and all(re.fullmatch(r"#a[0-9a-f]+-\d+-\d+", h) for h in cites)
    # matrix: rows claims, columns sources; the 3,000 claim is supported by WaPo, contradicted by AFP
    heads = tree.xpath("//table[contains(@class,'matrix')]/thead//th/text()")
    assert heads[3:] == ["AFP", "The Washington Post"]
    row = tree.get_element_by_id("claim-c-3000")
    assert [td.get("class") for td in row.xpath("./td[contains(@class,'cell')]")] == ["cell contradicts", "cell supports"]
    herat = tree.get_element_by_id("claim-c-herat")
    assert [td.get("class") for td in herat.xpath("./td[contains(@class,'cell')]")] == ["cell supports", "cell supports"]
    # one disagreement with both spans side by side and the reason
    (dis,) = tree.xpath("//div[contains(@class,'dis')]")
    assert [m.text_content() for m in dis.xpath(".//mark")] == [
        "About 3,000 troops will fly to Kabul airport, the State Department said.",
        "The Pentagon will send 5,000 troops to Kabul, a spokesman said."]
    assert "3,000 vs 5,000 troops" in dis.text_content()
    # map: one big marker per placed event, small ones for places
    titles = tree.xpath("//svg//circle[contains(@class,'mk-event')]/title/text()")
    assert len(titles) == 2 and any("Herat" in t and "2021-08-12" in t for t in titles)
    assert len(tree.xpath("//svg//circle[contains(@class,'mk-place')]")) == 2
    assert "Afghanistan" in tree.xpath("//svg//path[contains(@class,'main')]/title/text()")
    assert len(tree.xpath("//svg//path")) >= 4  # neighbours in view
    # quotes and figures tables
    quotes = tree.xpath("//section[@data-section='quotes']//tbody/tr")[0].text_content()
    assert "Ned Price" in quotes and "told" in quotes and "reporters" in quotes
    figures = tree.xpath("//section[@data-section='figures']//tbody")[0].text_content()
    assert "3,000" in figures and "about" in figures and "5,000" in figures
    places = tree.xpath("//section[@data-section='places']//tbody")[0].text_content()
    assert "34.3500" in places and "65.7000" in places
    # the article's markup shows as text, and statements are clickable spans with their range
    assert "<b>in Washington</b>" not in page and "&lt;b&gt;in Washington&lt;/b&gt;" in page
    doc = to_dict(full)
    for a in doc["articles"]:
        for p in tree.get_element_by_id(a["id"]).xpath(".//p[@data-start]"):
            assert p.text_content() == a["text"][int(p.get("data-start")):int(p.get("data-end"))]
    c = doc["claims"][0]["mentions"][0]
    spans = tree.xpath(f"//span[@data-r='{c['start']}-{c['end']}']")
    assert spans and "".join(s.text_content() for s in spans) == doc["claims"][0]["text"]


def test_html_map_is_self_contained_and_absent_without_places(full):
    page = render_html(full)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<svg" in page and "xlink" not in page
    unplaced = replace(full, events=tuple(replace(v, place=None) for v in full.events),
                       entities=tuple(replace(e, place=None) for e in full.entities))
    tree = lxml.html.fromstring(render_html(unplaced))
    assert "map" not in tree.xpath("//section/@data-section") and "places" not in tree.xpath("//section/@data-section")


def test_events_csv_is_acled_like(full):
    import csv as _csv
    import io

    text = events_csv(full)
    rows = list(_csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == EVENT_COLUMNS
    assert [r["event_id"] for r in rows] == ["v-herat", "v-kandahar"]  # by date
    herat = rows[0]
    assert herat["event_date"] == "2021-08-12" and herat["event_type"] == "Battles" and herat["plover"] == "ASSAULT"
    assert herat["location"] == "Herat" and herat["latitude"] == "34.35000" and herat["longitude"] == "62.20000"
    assert herat["country"] == "Afghanistan" and herat["admin1"] == "Herat"
    assert herat["sources"] == "AFP; The Washington Post" and herat["source_count"] == "2"
    assert herat["notes"] == "KABUL — The Taliban captured Herat, the country's third-largest city, on Thursday."
    assert len(herat["source_articles"].split("; ")) == 2
    assert events_csv(Report(articles=full.articles[:1])) == ",".join(EVENT_COLUMNS) + "\n"


@pytest.mark.parametrize("text", ["", "x", "\u200b\u202e odd \U0001F600 <>&\"' \r\n\t text " * 3, "word " * 20000])
def test_odd_articles_render_with_the_full_picture(full, text, tmp_path):
    extra = Article(article_id(text or "empty"), text, ("odd.txt",))
    report = replace(full, articles=full.articles + (extra,))
    paths = write_report(report, tmp_path / "out")
    assert all(p.stat().st_size > 0 for p in paths)
    events_csv(report)


def test_the_map_focuses_on_the_country_where_most_events_happen():
    from newsfuse.render.geo import map_view

    def event(i: int, lat: float, lon: float, name: str, country: str, code: str) -> dict:
        loc = {"name": name, "lat": lat, "lon": lon, "country": country, "country_code": code}
        return {"id": f"ev{i}", "type": "Battles", "subtype": "x", "location": loc,
                "mentions": [{"article": "a1", "start": 0, "end": 4}]}

    doc = {"events": [
        event(1, 34.35, 62.2, "Herat", "Afghanistan", "AF"),
        event(2, 31.6, 65.7, "Kandahar", "Afghanistan", "AF"),
        event(3, 33.55, 68.42, "Ghazni", "Afghanistan", "AF"),
        event(4, 38.9, -77.04, "Washington", "United States", "US"),  # a statement made far away
    ]}
    view = map_view(doc, lambda prov: "#x")
    lon0, lat0, lon1, lat1 = view.bounds
    assert lon0 > 50 and lon1 < 80 and lat0 > 20 and lat1 < 45, view.bounds
    assert sorted(m.ref for m in view.markers) == ["ev1", "ev2", "ev3"]


def test_summary_of_several_stories_is_headed_by_story(full):
    wapo, afp = full.articles
    s1, s2 = full.summary[0], full.summary[2]
    two = replace(
        full,
        stories=(Story("st-1", (wapo.id,), "Herat falls"), Story("st-2", (afp.id,), "Troops to Kabul")),
        summary=(replace(s1, story="st-1"), replace(s2, story="st-2")),
        claims=(), timeline=(), changes=(),
    )
    doc = to_dict(two)
    validate(doc)
    assert check_provenance(doc) == []
    assert [s["story"] for s in doc["summary"]] == ["st-1", "st-2"]
    md = render_markdown(two)
    summary_md = md[md.index("## Summary"):md.index("Citations:")]
    assert summary_md.index("### Story: Herat falls (1 article)") < summary_md.index(s1.text[:30])
    assert summary_md.index("### Story: Troops to Kabul (1 article)") < summary_md.index(s2.text[:30])
    page = lxml.html.fromstring(render_html(two))
    assert [h.text_content() for h in page.xpath("//h3[@class='story-heading']")] == [
        "Story: Herat falls (1 article)", "Story: Troops to Kabul (1 article)"]
    # one story: no heading, the summary reads as one piece
    assert "### Story:" not in render_markdown(replace(two, summary=(replace(s1, story="st-1"),)))
    doc["summary"][0]["story"] = "st-nope"
    assert check_provenance(doc) == ["/summary/0/story: story id 'st-nope' is not in the report"]


@pytest.mark.parametrize(("event", "shown"), [
    ({"date": "2021-08-12", "date_end": "2021-08-12", "date_precision": "day"}, "2021-08-12"),
    ({"date": "2021-05-01", "date_end": "2021-05-31", "date_precision": "month"}, "2021-05"),
    ({"date": "2021-01-01", "date_end": "2021-12-31", "date_precision": "year"}, "2021"),
    ({"date": "2021-08-06", "date_end": "2021-08-13", "date_precision": "week"}, "2021-08-06 – 2021-08-13"),
    ({"date": None, "date_end": None, "date_precision": None}, "undated"),
])
def test_event_dates_are_shown_as_precisely_as_they_are_known(event, shown):
    from newsfuse.render.segments import when

    assert when(event) == shown


def test_events_read_in_date_order_in_every_rendering(full):
    """report.json keeps events by id; the Markdown and HTML tables and the CSV list them by date, undated
    last, whatever their ids."""
    herat, kand = sorted(full.events, key=lambda v: v.id)
    assert herat.date < kand.date
    later_first = replace(kand, id="v-a-kandahar")  # its id now sorts before Herat's
    undated = replace(kand, id="v-0-undated", date=None, date_precision=None)
    doc = replace(full, events=(herat, later_first, undated))
    ids = [v["id"] for v in json.loads(render_json(doc))["events"]]
    assert ids == sorted(ids)
    md_rows = _table_rows(render_markdown(doc), "| date | type |")
    assert [r.split("|")[1].strip() for r in md_rows] == ["2021-08-12", "2021-08-13", "undated"]
    page = lxml.html.fromstring(render_html(doc))
    rows = page.xpath('//tr[starts-with(@id, "event-")]/@id')
    assert rows == ["event-v-herat", "event-v-a-kandahar", "event-v-0-undated"]
    csv_ids = [line.split(",")[0] for line in events_csv(doc).splitlines()[1:]]
    assert csv_ids == ["v-herat", "v-a-kandahar", "v-0-undated"]
