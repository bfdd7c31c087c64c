"""Temporal expressions: resolution tables against a publication date, recognition on
hand-made sentences and on the seed articles, and bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from newsfuse.annotate.dates import find_dates, find_timexes, resolve, timex_value
from newsfuse.model import DateMention

D = dt.date
FRI = D(2021, 8, 13)  # seed 000 and 003 were published on Friday 13 August 2021
THU = D(2021, 8, 12)  # seeds 001, 002, 004 on Thursday 12 August 2021


# ----------------------------------------------------------------------------- resolve()


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        # weekdays: the latest such day on or before publication unless the tense is future
        ("Thursday", FRI, False, ("day", D(2021, 8, 12), D(2021, 8, 12))),
        ("Friday", FRI, False, ("day", FRI, FRI)),
        ("on Friday", FRI, False, ("day", FRI, FRI)),
        ("on Tuesday", FRI, False, ("day", D(2021, 8, 10), D(2021, 8, 10))),
        ("Tuesday", THU, False, ("day", D(2021, 8, 10), D(2021, 8, 10))),
        ("Tuesday", FRI, True, ("day", D(2021, 8, 17), D(2021, 8, 17))),
        ("Friday", FRI, True, ("day", FRI, FRI)),
        ("last Friday", FRI, False, ("day", D(2021, 8, 6), D(2021, 8, 6))),
        ("next Monday", FRI, False, ("day", D(2021, 8, 16), D(2021, 8, 16))),
        ("late Thursday", FRI, False, ("day", D(2021, 8, 12), D(2021, 8, 12))),
        ("Thursday night", FRI, False, ("day", D(2021, 8, 12), D(2021, 8, 12))),
        # days relative to publication
        ("today", FRI, False, ("day", FRI, FRI)),
        ("yesterday", FRI, False, ("day", THU, THU)),
        ("tomorrow", FRI, False, ("day", D(2021, 8, 14), D(2021, 8, 14))),
        ("now", FRI, False, ("day", FRI, FRI)),
        # calendar dates: dateparser with the publication date as base, current period
        ("Aug. 31", FRI, False, ("day", D(2021, 8, 31), D(2021, 8, 31))),
        ("31 August", THU, False, ("day", D(2021, 8, 31), D(2021, 8, 31))),
        ("September 11", FRI, False, ("day", D(2021, 9, 11), D(2021, 9, 11))),
        ("January 8, 1998", FRI, False, ("day", D(1998, 1, 8), D(1998, 1, 8))),
        ("Dec. 20", D(1998, 1, 8), False, ("day", D(1997, 12, 20), D(1997, 12, 20))),
        # months, years, weeks
        ("May", FRI, False, ("month", D(2021, 5, 1), D(2021, 5, 31))),
        ("May 2021", FRI, False, ("month", D(2021, 5, 1), D(2021, 5, 31))),
        ("October", D(1998, 1, 8), False, ("month", D(1997, 10, 1), D(1997, 10, 31))),
        ("last month", FRI, False, ("month", D(2021, 7, 1), D(2021, 7, 31))),
        ("this week", FRI, False, ("week", D(2021, 8, 9), D(2021, 8, 15))),
        ("last week", FRI, False, ("week", D(2021, 8, 2), D(2021, 8, 8))),
        ("1996", FRI, False, ("year", D(1996, 1, 1), D(1996, 12, 31))),
        ("last year", FRI, False, ("year", D(2020, 1, 1), D(2020, 12, 31))),
        ("two years ago", FRI, False, ("year", D(2019, 1, 1), D(2019, 12, 31))),
        # modifiers and range prepositions
        ("early May", FRI, False, ("range", D(2021, 5, 1), D(2021, 5, 10))),
        ("mid-May", FRI, False, ("range", D(2021, 5, 11), D(2021, 5, 20))),
        ("late May", FRI, False, ("range", D(2021, 5, 21), D(2021, 5, 31))),
        ("since May", FRI, False, ("range", D(2021, 5, 1), FRI)),
        ("by September 11", FRI, False, ("range", FRI, D(2021, 9, 11))),
        ("until Aug. 31", FRI, False, ("range", FRI, D(2021, 8, 31))),
        # ranges and periods counted from publication
        ("the next 24 to 48 hours", FRI, False, ("range", D(2021, 8, 14), D(2021, 8, 15))),
        ("the next 24 and 48 hours", THU, False, ("range", D(2021, 8, 13), D(2021, 8, 14))),
        ("the past week", THU, False, ("range", D(2021, 8, 5), THU)),
        ("the next three days", FRI, False, ("range", FRI, D(2021, 8, 16))),
        ("the third quarter", D(1989, 11, 2), False, ("range", D(1989, 7, 1), D(1989, 9, 30))),
        ("the 1990s", FRI, False, ("range", D(1990, 1, 1), D(1999, 12, 31))),
        ("last fall", FRI, False, ("range", D(2020, 9, 1), D(2020, 11, 30))),
        # lengths of time are durations, with no dates
        ("30 to 90 days", FRI, False, ("duration", None, None)),
        ("three months", FRI, False, ("duration", None, None)),
        ("nearly two decades", FRI, False, ("duration", None, None)),
        ("five-hour", FRI, False, ("duration", None, None)),
    ],
)
def test_resolve_table(text: str, published: dt.date, future: bool, expected: tuple) -> None:
    got = resolve(text, published, future=future)
    assert got is not None, text
    assert got[:3] == expected


@pytest.mark.parametrize(
    ("text", "note_has"),
    [
        ("30 to 90 days", "30 to 90 days"),
        ("since May", "publication date"),
        ("Thursday", "2021-08-12"),
    ],
)
def test_resolve_notes_say_what_the_value_is(text: str, note_has: str) -> None:
    got = resolve(text, FRI)
    assert got is not None and note_has in got[3]


@pytest.mark.parametrize("text", ["Thursday", "on Tuesday", "last month", "yesterday", "the next 24 to 48 hours",
                                  "Aug. 31", "since May", "now"])
def test_without_publication_date_relative_stays_relative(text: str) -> None:
    got = resolve(text, None)
    assert got is not None
    precision, start, end, note = got
    assert (precision, start, end) == ("relative", None, None)
    assert "relative to an unknown publication date" in note


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("May 2021", ("month", D(2021, 5, 1), D(2021, 5, 31))),
        ("January 8, 1998", ("day", D(1998, 1, 8), D(1998, 1, 8))),
        ("1996", ("year", D(1996, 1, 1), D(1996, 12, 31))),
        ("30 to 90 days", ("duration", None, None)),
    ],
)
def test_without_publication_date_absolute_still_resolves(text: str, expected: tuple) -> None:
    got = resolve(text, None)
    assert got is not None and got[:3] == expected


@pytest.mark.parametrize("text", ["24/7", "one", "the 10th", "6-year-old", "44", "quarterly", "", "   ", "Olympic",
                                  "80486", "\x00\u200b", "x" * 5000])
def test_not_times_resolve_to_none(text: str) -> None:
    assert resolve(text, FRI) is None


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("Thursday", FRI, "2021-08-12"),
        ("last month", FRI, "2021-07"),
        ("this week", FRI, "2021-W32"),
        ("1996", FRI, "1996"),
        ("30 to 90 days", FRI, "P30D"),
        ("the past three months", FRI, "P3M"),
        ("a couple of years", FRI, "P2Y"),
        ("2 1/2 years", FRI, "P2Y6M"),
        ("now", FRI, "PRESENT_REF"),
        ("recently", FRI, "PAST_REF"),
        ("the future", FRI, "FUTURE_REF"),
        ("the fourth quarter", D(1998, 1, 26), "1997-Q4"),
        ("the late 1970s", FRI, "197"),
        ("10 p.m. Wednesday", D(1998, 2, 13), "1998-02-11T22:00"),
        ("this morning", D(1998, 2, 6), "1998-02-06TMO"),
        ("nineteen ninety-six", FRI, "1996"),
    ],
)
def test_timex_values(text: str, published: dt.date, value: str) -> None:
    assert timex_value(text, published) == value


# ----------------------------------------------------------------------------- find_dates()


def _dates(nlp, text: str, published: dt.date | None) -> list[DateMention]:
    return find_dates(nlp(text), "a1", published)


def _by_text(mentions: list[DateMention]) -> dict[str, DateMention]:
    return {m.text: m for m in mentions}


def test_find_dates_spans_ids_and_provenance(nlp) -> None:
    text = "Kirby said troops will arrive in the next 24 to 48 hours. Since May, the fighting has grown."
    found = _dates(nlp, text, FRI)
    assert [m.text for m in found] == ["the next 24 to 48 hours", "Since May"]
    for m in found:
        assert text[m.span.start : m.span.end] == m.text
        assert m.span.article == "a1"
        assert m.id.startswith("d") and len(m.id) == 13
        assert m.relative_to == "publication date"
    assert found == _dates(nlp, text, FRI)  # deterministic
    assert found[1].precision == "range" and (found[1].start, found[1].end) == (D(2021, 5, 1), FRI)


def test_find_dates_offset_shifts_spans(nlp) -> None:
    text = "The city fell on Thursday."
    (m,) = find_dates(nlp(text), "a1", FRI, offset=100)
    assert (m.span.start, m.span.end) == (100 + text.index("on Thursday") + 3, 100 + len(text) - 1)


def test_tense_decides_the_weekday(nlp) -> None:
    past = _by_text(_dates(nlp, "The ministers met on Tuesday in Doha.", FRI))
    future = _by_text(_dates(nlp, "The ministers will meet on Tuesday in Doha.", FRI))
    assert past["Tuesday"].start == D(2021, 8, 10)
    assert future["Tuesday"].start == D(2021, 8, 17)
    # "went" is the past of "go", not the "going to" of a plan
    went = _by_text(_dates(nlp, "A car bomb went off in Mogadishu on Tuesday.", FRI))
    going = _by_text(_dates(nlp, "The minister is going to visit Doha on Tuesday.", FRI))
    goes = _by_text(_dates(nlp, "He goes to Doha on Tuesday for talks.", FRI))
    assert went["Tuesday"].start == D(2021, 8, 10)
    assert going["Tuesday"].start == D(2021, 8, 17)
    assert goes["Tuesday"].start == D(2021, 8, 17)


def test_modifiers_and_prepositions_join_the_span(nlp) -> None:
    text = ("The offensive began in early May, with Biden keen to end the war by September 11. "
            "Late Thursday, Washington declared plans to evacuate.")
    found = _by_text(_dates(nlp, text, FRI))
    assert found["early May"].precision == "range"
    assert (found["early May"].start, found["early May"].end) == (D(2021, 5, 1), D(2021, 5, 10))
    assert (found["by September 11"].start, found["by September 11"].end) == (FRI, D(2021, 9, 11))
    assert found["Late Thursday"].start == D(2021, 8, 12)


def test_duration_is_honest(nlp) -> None:
    found = _by_text(_dates(nlp, "An assessment forecast the collapse of Kabul within 30 to 90 days.", FRI))
    m = found["30 to 90 days"]
    assert (m.precision, m.start, m.end) == ("duration", None, None)
    assert "30 to 90 days" in m.note


def test_split_entities_become_two_mentions(nlp) -> None:
    found = _dates(nlp, "Profit rose in the quarter ended Sept. 30, the company said.", D(1989, 11, 2))
    assert "Sept. 30" in [m.text for m in found]


@pytest.mark.parametrize(
    "text",
    [
        "The embassy called for potential 24/7 operations supporting the mission.",
        "Herat would be the tenth provincial capital, and Ghazni the 10th to fall.",
        "One of the main reasons we lost so much ground is the cooperation of officials.",
        "The 6-year-old boy and his 44-year-old father arrived.",
        "",
        "   \n\n  ",
        "No dates here at all, just words about a city and its people.",
        "\u200b\u00a0— “” ‘’ \x00 ☃",
    ],
)
def test_no_false_dates_and_no_crash(nlp, text: str) -> None:
    assert _dates(nlp, text, FRI) == []


def test_unpublished_article(nlp) -> None:
    text = "The city fell on Thursday, weeks after talks in May 2021 failed. Last month was calm."
    found = _by_text(_dates(nlp, text, None))
    assert found["Thursday"].precision == "relative"
    assert found["Thursday"].start is None and "unknown publication date" in found["Thursday"].note
    assert found["Last month"].precision == "relative"
    assert found["May 2021"].precision == "month" and found["May 2021"].start == D(2021, 5, 1)
    assert all(m.relative_to is None for m in found.values())


def test_long_text_does_not_crash(nlp) -> None:
    text = "The Taliban took Herat on Thursday. " * 400
    found = _dates(nlp, text, FRI)
    assert len(found) == 400 and all(m.start == THU for m in found)


def test_timexes_have_core_extents(nlp) -> None:
    doc = nlp("Since May, the fighting has increased.")
    (t,) = find_timexes(doc, FRI)
    assert doc.text[t.start : t.end] == "Since May"
    assert doc.text[t.core_start : t.core_end] == "May"
    assert t.value.timex == "2021-05"


# ----------------------------------------------------------------------------- the seeds


def _seed(seeds_dir, prefix: str) -> tuple[str, dt.date]:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    manifest = {json.loads(line)["file"]: json.loads(line) for line in
                (seeds_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    return path.read_text(encoding="utf-8"), dt.date.fromisoformat(manifest[path.name]["published"])


def test_seed_000_weekdays(nlp, seeds_dir) -> None:
    # Friday 13 August 2021: "surrendered ... Friday" and "on Friday" are that day, "the city
    # was overrun Thursday" the day before; "an Aug. 31 timeline" the coming 31st.
    text, published = _seed(seeds_dir, "000")
    assert published == FRI
    found = find_dates(nlp(text), "a000", published)
    days = [(m.text.removeprefix("on ").removeprefix("On "), m.start) for m in found if m.precision == "day"]
    assert ("Thursday", THU) in days
    assert all(d == FRI for t, d in days if t == "Friday")
    assert sum(1 for t, _ in days if t == "Friday") >= 4
    assert ("Aug. 31", D(2021, 8, 31)) in days
    assert any(m.text == "30 to 90 days" and m.precision == "duration" for m in found)
    assert not any("24/7" in m.text for m in found)
    for m in found:
        assert text[m.span.start : m.span.end] == m.text


def test_seed_001_weekdays(nlp, seeds_dir) -> None:
    # Thursday 12 August 2021: "Thursday" is that day, "On Wednesday" the 11th, "On Tuesday" the 10th.
    text, published = _seed(seeds_dir, "001")
    assert published == THU
    found = find_dates(nlp(text), "a001", published)
    days = {m.text.removeprefix("On ").removeprefix("on "): m.start for m in found if m.precision == "day"}
    assert days["Thursday"] == THU
    assert days["Wednesday"] == D(2021, 8, 11)
    assert days["Tuesday"] == D(2021, 8, 10)
    assert all(m.start == THU for m in found if m.text.endswith("Thursday"))
    assert not any(m.text in ("10th", "11th", "the 10th") for m in found)


def test_seed_003_modifiers(nlp, seeds_dir) -> None:
    text, published = _seed(seeds_dir, "003")
    found = _by_text(find_dates(nlp(text), "a003", published))
    assert (found["early May"].start, found["early May"].end) == (D(2021, 5, 1), D(2021, 5, 10))
    assert found["Since May"].end == published
    assert found["by September 11"].end == D(2021, 9, 11)
    assert found["Late Thursday"].start == THU
    assert (found["the next 24 to 48 hours"].start, found["the next 24 to 48 hours"].end) == (
        D(2021, 8, 14), D(2021, 8, 15))


def test_doc_without_parse_does_not_crash() -> None:
    import spacy

    doc = spacy.blank("en")("A year ago, in the quarter, Thursday.")
    assert isinstance(find_dates(doc, "a1", FRI), list)
