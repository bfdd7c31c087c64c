"""Temporal expressions: find them in a parsed article and resolve them against its
publication date.

Recognition.  spaCy's DATE and TIME entities, minus what is not a time (ages such as
"6-year-old", bare numbers, "24/7", frequency words such as "quarterly"), plus what the
small model misses and the parse shows reliably: "now", "currently", "recently", "the
future", bare weekdays and months, "Aug. 7".  A modifier ("early", "late", "mid") or a
preposition that changes the value ("since", "by", "until", "before", "after") just before
an expression is taken into its span: "since May" is a range, "May" alone a month.

Resolution (:func:`resolve`).  Relative, modified and ranged expressions are handled by a
small grammar here; calendar dates ("Aug. 31", "January 8, 1998") go to ``dateparser``
with ``RELATIVE_BASE`` = the publication date and ``PREFER_DATES_FROM='current_period'``,
on the expression only -- never ``search_dates`` on running text.  News convention: a
bare weekday means the latest one on or before publication unless the verb governing it is
in the future tense (read from the parse) or it is a deadline ("until Tuesday"), then the
next one.  A month or a day of a month named without a year falls in a window around
publication (:data:`PAST_WINDOW`, :data:`FUTURE_WINDOW`): "Aug. 31" in a mid-August article
is the coming one, "October" in a January article the last one.

With no publication date, expressions that need one stay ``precision="relative"`` with
``start``/``end`` None; absolute ones ("May 2021") still resolve.

Each resolution also carries the TIMEX3 value string (``2021-08-12``, ``2021-W32``,
``P30D``, ``PRESENT_REF``...) used by benchmarks/tempeval.py; :func:`find_timexes` gives it.

Use::

    doc = nlp(article.text)
    for m in find_dates(doc, article.id, article.published):
        print(m.text, m.precision, m.start, m.end, m.note)
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsfuse.model import DateMention, DatePrecision, Span

if TYPE_CHECKING:
    from dateparser.date import DateData, DateDataParser
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

#: spaCy entity labels read as temporal expressions.
TIME_LABELS = ("DATE", "TIME")

#: "early May" covers days 1-10, "mid May" 11-20, "late May" 21-end (the usual thirds of a month).
EARLY_LAST_DAY = 10
MID_LAST_DAY = 20

#: A month named without a year lies this many months before/after the publication month
#: (past or present tense / future tense).  Tuned on TempEval-3 dev (benchmarks/tempeval.py):
#: gold months without a year fall 7 months before to 4 after the document date.
PAST_WINDOW = (-7, 4)
FUTURE_WINDOW = (-3, 8)

#: spaCy entities that do not resolve whole are searched for resolvable pieces up to this length.
MAX_SPLIT_TOKENS = 12

#: Expressions that mean "the same quarter a year before" in a sentence about quarters.
QUARTER_CONTEXT = re.compile(r"(?:from )?(?:a|one) year (?:ago|earlier|before)")

#: Longest text resolved as one expression (longer spaCy entities are run-ons, not times).
MAX_EXPR_CHARS = 80

#: Words that, standing alone, are present/past/future references (TIMEX3 PRESENT_REF etc.).
#: Chosen on the TempEval-3 TimeBank+AQUAINT dev set (benchmarks/tempeval.py): these are the
#: lone words the gold marks most often and spaCy misses.
PRESENT_WORDS = {"now", "right now", "currently", "at present", "nowadays", "the present", "just now"}
PAST_WORDS = {"recently", "the past", "previously", "formerly", "more recently", "lately", "in the past"}
FUTURE_WORDS = {"the future", "the near future", "soon", "future", "the coming", "shortly"}

MONTHS = {
    name.lower(): i
    for i in range(1, 13)
    for name in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
MONTHS.update({"sept": 9, "sept.": 9})
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
WEEKDAYS.update({calendar.day_abbr[i].lower() + ".": i for i in range(7)})

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a couple of": 2, "a couple": 2, "couple of": 2, "a dozen": 12,
    "dozen": 12, "half a": 0.5, "a half": 0.5, "half": 0.5,
}
VAGUE_NUMBERS = {"several", "a few", "few", "many", "some", "recent", "the past few", "numerous", "the", "coming"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": 4}

UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M",
    "year": "Y", "decade": "E", "century": "C", "quarter": "Q", "fortnight": "W",
}
UNIT_RE = r"(second|minute|hour|day|week|fortnight|month|year|decade|centur(?:y|ie)|quarter)s?"
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI", "tonight": "NI"}

#: Words before an expression that change its value and are taken into its span.
RANGE_PREPS = {"since", "by", "until", "till", "before", "after", "through", "from", "as of"}
MODIFIERS = {"early", "late", "mid", "mid-", "earlier", "later", "the end of", "end of", "the beginning of",
             "beginning of", "the start of", "start of", "the middle of", "middle of"}
#: Frequencies ("quarterly") and other words spaCy tags DATE that are not a point or span of time.
NOT_TIMES = re.compile(
    r"^(quarterly|annual|annually|daily|weekly|monthly|yearly|hourly|nightly|seasonally|biannual|"
    r"every .*|each .*|per .*|24/7|24-7|year-round|all day|overnight delivery)$"
)
AGE_RE = re.compile(r"\b(\d+|[a-z]+)[- ](year|month|week|day)s?[- ]olds?\b|\byears? old\b|\baged? \d+")


@dataclass(frozen=True, slots=True)
class Value:
    """What an expression means: DateMention's fields plus the TIMEX3 value string."""

    precision: DatePrecision
    start: dt.date | None = None
    end: dt.date | None = None
    note: str = ""
    timex: str | None = None
    relative: bool = False  # the value depends on the publication date


@dataclass(frozen=True, slots=True)
class Timex:
    """One found expression: ``[start, end)`` is the whole span (modifiers and range
    prepositions included), ``core_start``/``core_end`` the TIMEX3 extent without them."""

    start: int
    end: int
    core_start: int
    core_end: int
    text: str
    future: bool
    value: Value


UNKNOWN_ANCHOR = "relative to an unknown publication date"


# ----------------------------------------------------------------------------- date helpers


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _week(d: dt.date) -> Value:
    monday = d - dt.timedelta(days=d.weekday())
    y, w, _ = d.isocalendar()
    return Value("week", monday, monday + dt.timedelta(days=6), f"week of {monday.isoformat()}", f"{y}-W{w:02d}")


def _month(y: int, m: int, note: str = "") -> Value:
    return Value("month", dt.date(y, m, 1), _month_end(y, m), note, f"{y:04d}-{m:02d}")


def _year(y: int, note: str = "") -> Value:
    return Value("year", dt.date(y, 1, 1), dt.date(y, 12, 31), note, f"{y:04d}")


def _day(d: dt.date, note: str = "", timex: str | None = None) -> Value:
    return Value("day", d, d, note, timex or d.isoformat())


def _shift(d: dt.date, n: float, unit: str) -> dt.date:
    if unit in ("second", "minute", "hour"):
        secs = {"second": 1, "minute": 60, "hour": 3600}[unit] * n
        return d + dt.timedelta(days=int(secs // 86400))
    if unit == "day":
        return d + dt.timedelta(days=round(n))
    if unit in ("week", "fortnight"):
        return d + dt.timedelta(days=round(7 * n * (2 if unit == "fortnight" else 1)))
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}[unit]
    return _add_months(d, round(months * n))


def _at_unit(d: dt.date, unit: str, note: str) -> Value:
    """The ``unit``-sized period containing ``d`` ("two weeks ago" -> that week)."""
    if unit in ("week", "fortnight"):
        return _week(d)
    if unit in ("month", "quarter"):
        return _month(d.year, d.month, note)
    if unit in ("year", "decade", "century"):
        return _year(d.year, note)
    return _day(d, note)


def _unit(word: str) -> str:
    w = word.lower().rstrip("s")
    return "century" if w.startswith("centur") else w


def _number(text: str) -> float | None:
    """"24", "twenty four", "a", "2 1/2", "two-and-a-half" -> a number; None if not one."""
    t = text.strip().lower().replace("-", " ").replace(",", "")
    t = re.sub(r"\s+", " ", t)
    if not t:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: (?:and )?(\d)/(\d))?", t)
    if m:
        v = float(m.group(1))
        return v + (int(m.group(2)) / int(m.group(3)) if m.group(2) else 0)
    if t in NUMBER_WORDS:
        return NUMBER_WORDS[t]
    m = re.fullmatch(r"(.+?) and a half", t)
    if m and (base := _number(m.group(1))) is not None:
        return base + 0.5
    total = 0.0
    for part in t.split(" "):
        if part not in NUMBER_WORDS or part in ("a", "an", "half"):
            return None
        v = NUMBER_WORDS[part]
        total = total * v if v == 100 else total + v
    return total


def _fmt_num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _duration_timex(n: float | None, unit: str) -> str:
    code = UNITS[unit]
    if unit == "fortnight":
        n = None if n is None else n * 2
    if n is None:
        qty = "X"
    elif float(n).is_integer():
        qty = str(int(n))
    elif unit == "year" and (n * 12).is_integer():
        return f"P{int(n)}Y{int(round((n % 1) * 12))}M"
    elif unit == "hour" and (n * 60).is_integer():
        return f"PT{int(n)}H{int(round((n % 1) * 60))}M"
    else:
        qty = _fmt_num(n)
    return f"PT{qty}{code}" if unit in ("second", "minute", "hour") else f"P{qty}{code}"


# ----------------------------------------------------------------------------- the grammar


def _norm(text: str) -> str:
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", " to ").replace("\u2014", " ")
    t = re.sub(r"\s+", " ", t.strip().lower())
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"\b(eighteen|nineteen) (ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
               r"nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|"
               r"six|seven|eight|nine))?)\b", _spelled_year, t)
    t = re.sub(r"\bthe year two thousand\b", "2000", t)
    return t.strip(" ,;:!?\"'()")


def _spelled_year(m: re.Match[str]) -> str:
    """"nineteen ninety-six" -> "1996" (years as spoken in broadcast transcripts)."""
    hi = 18 if m.group(1) == "eighteen" else 19
    lo = _number(m.group(2))
    return f"{hi}{int(lo):02d}" if lo is not None and lo < 100 else m.group(0)


def _parser(published: dt.date | None) -> DateDataParser:
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(published or dt.date(2000, 1, 1), dt.time(12, 0))
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "current_period", "RETURN_TIME_AS_PERIOD": True},
    )


class _DocParser:
    """A ``DateDataParser`` that keeps its answers for the expressions of one document: the
    same string reaches dateparser several times (the whole entity, its pieces, with and
    without a modifier).  Errors are not kept: the call is made again and raises again."""

    __slots__ = ("_parser", "_seen", "values")

    def __init__(self, parser: DateDataParser) -> None:
        self._parser = parser
        self._seen: dict[str, DateData | None] = {}
        #: :func:`_resolve` answers for this document, by (expression text, future); see :func:`_resolve_in_doc`.
        self.values: dict[tuple[str, bool], Value | None] = {}

    def get_date_data(self, text: str) -> DateData | None:
        try:
            return self._seen[text]
        except KeyError:
            data = self._seen[text] = self._parser.get_date_data(text)
            return data


def _resolve_in_doc(text: str, pub: dt.date | None, future: bool, parser: _DocParser) -> Value | None:
    """:func:`_resolve` for an expression of the document ``parser`` serves (one publication
    date), answered once per (text, future): the same words are resolved whole, in pieces and
    with their modifier."""
    key = (text, future)
    try:
        return parser.values[key]
    except KeyError:
        value = parser.values[key] = _resolve(text, pub, future, parser)
        return value


def _weekday(pub: dt.date, wd: int, future: bool, which: str = "") -> dt.date:
    if which == "next":
        delta = (wd - pub.weekday()) % 7 or 7
        return pub + dt.timedelta(days=delta)
    if which == "last":
        delta = (pub.weekday() - wd) % 7 or 7
        return pub - dt.timedelta(days=delta)
    if future:
        return pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
    return pub - dt.timedelta(days=(pub.weekday() - wd) % 7)


def _relative(note: str, timex: str | None = None) -> Value:
    return Value("relative", None, None, f"{note}: {UNKNOWN_ANCHOR}" if note else UNKNOWN_ANCHOR, timex, True)


def _modify(v: Value, mod: str, pub: dt.date | None) -> Value:
    """Apply "early/mid/late" or a range preposition to a resolved value."""
    if v.start is None or v.end is None:
        return v  # nothing to narrow: unknown anchor or a duration
    s, e = v.start, v.end
    if mod in ("early", "the beginning of", "beginning of", "the start of", "start of"):
        if v.precision == "month":
            return Value("range", s, s.replace(day=EARLY_LAST_DAY), f"early {v.note or s.strftime('%B %Y')}".strip(),
                         v.timex, v.relative)
        if v.precision == "year":
            return Value("range", s, dt.date(s.year, 4, 30), f"early {s.year}", v.timex, v.relative)
        return Value(v.precision, s, e, f"early: {v.note or s.isoformat()}", v.timex, v.relative)
    if mod in ("mid", "mid-", "the middle of", "middle of"):
        if v.precision == "month":
            return Value("range", s.replace(day=EARLY_LAST_DAY + 1), s.replace(day=MID_LAST_DAY),
                         f"mid {s.strftime('%B %Y')}", v.timex, v.relative)
        if v.precision == "year":
            return Value("range", dt.date(s.year, 5, 1), dt.date(s.year, 8, 31), f"mid {s.year}", v.timex, v.relative)
        return v
    if mod in ("late", "the end of", "end of"):
        if v.precision == "month":
            return Value("range", s.replace(day=MID_LAST_DAY + 1), e, f"late {s.strftime('%B %Y')}", v.timex,
                         v.relative)
        if v.precision == "year":
            return Value("range", dt.date(s.year, 9, 1), e, f"late {s.year}", v.timex, v.relative)
        return Value(v.precision, s, e, f"late: {v.note or s.isoformat()}", v.timex, v.relative)
    if mod in ("since", "from") and pub is not None:
        end = max(pub, s)
        return Value("range", s, end, f"from {s.isoformat()} to the publication date", v.timex, True)
    if mod == "after":
        return Value("range", e + dt.timedelta(days=1), None, f"after {e.isoformat()}", v.timex, v.relative)
    if mod in ("by", "until", "till", "through"):
        start = pub if pub is not None and pub <= e else None
        return Value("range", start, e, f"by {e.isoformat()}", v.timex, v.relative)
    if mod == "before":
        return Value("range", None, s - dt.timedelta(days=1), f"before {s.isoformat()}", v.timex, v.relative)
    return v


def _resolve(
    text: str, pub: dt.date | None, future: bool = False, parser: DateDataParser | _DocParser | None = None
) -> Value | None:
    """The value of one temporal expression, or None when it is not one."""
    t = _norm(text)
    if not t or len(t) > MAX_EXPR_CHARS or NOT_TIMES.match(t) or AGE_RE.search(t):
        return None
    # a range preposition or a modifier in front
    for prep in sorted(RANGE_PREPS | MODIFIERS, key=len, reverse=True):
        for sep in (" ", "-") if prep == "mid" else (" ",):
            if t.startswith(prep + sep) and len(t) > len(prep) + 1:
                inner = _resolve(t[len(prep) + len(sep) :], pub, future, parser)
                if inner is None:
                    return None
                if prep in ("earlier", "later"):
                    return inner
                return _modify(inner, prep, pub)
    if t.startswith("mid") and t[3:] in MONTHS:
        return _resolve("mid " + t[3:], pub, future, parser)
    return _core(t, pub, future, parser)


def _core(t: str, pub: dt.date | None, future: bool, parser: DateDataParser | _DocParser | None) -> Value | None:
    # ---- present / past / future references
    if t in PRESENT_WORDS or t in ("current", "the current", "present", "these days", "today's"):
        if t == "today's":
            return _day(pub, "the publication date") if pub else _relative("today")
        if pub is None:
            return _relative("the present", "PRESENT_REF")
        return Value("day", pub, pub, "the present (publication date)", "PRESENT_REF", True)
    if t in PAST_WORDS or t in ("recent", "the recent past", "once", "earlier", "in recent times", "the time",
                                "ago", "some time ago", "years ago", "the old days"):
        if pub is None:
            return _relative("the past", "PAST_REF")
        return Value("range", None, pub, "an unspecified time before the publication date", "PAST_REF", True)
    if t in FUTURE_WORDS or t in ("later", "one day", "some day", "someday", "eventually", "the days ahead",
                                  "in the future", "the long term", "the near term", "the short term"):
        if pub is None:
            return _relative("the future", "FUTURE_REF")
        return Value("range", pub, None, "an unspecified time after the publication date", "FUTURE_REF", True)

    # ---- today / yesterday / tomorrow, parts of day
    m = re.fullmatch(r"(?:(early|late|this|yesterday|tomorrow|last|today|the) )?"
                     r"(morning|afternoon|evening|night|overnight|tonight)(?: (today|yesterday|tomorrow))?", t)
    if m or t in ("today", "yesterday", "tomorrow", "tonight", "the day before yesterday", "the day after tomorrow",
                  "this day", "the day", "that day", "last night"):
        word = (m.group(1) or m.group(3) or "") if m else t
        part = PARTS_OF_DAY.get(m.group(2)) if m else ("NI" if t in ("tonight", "last night") else None)
        shift = {"yesterday": -1, "tomorrow": 1, "last": -1, "the day before yesterday": -2,
                 "the day after tomorrow": 2, "last night": -1}.get(word, 0)
        if t in ("the day", "that day") or (m and (not word or word == "the") and m.group(2) != "tonight"):
            return None  # anaphoric: "the day", "night" depend on an earlier date, not on publication
        if pub is None:
            return _relative(t)
        d = pub + dt.timedelta(days=shift)
        tx = d.isoformat() + (f"T{part}" if part else "")
        return Value("day", d, d, t if not shift else f"{t}: {d.isoformat()}", tx, True)

    # ---- clock times with an optional day: "10 p.m. wednesday", "noon thursday", "7:15 p.m."
    m = re.fullmatch(r"(?:around |about |at |shortly after |shortly before |just after |just before )?"
                     r"(\d{1,2})(?:[:.](\d{2}))? ?(a\.?m\.?|p\.?m\.?|o'clock)(?: [a-z]{2,4}t)?(?:,? (.+))?", t) \
        or re.fullmatch(r"(?:around |about |at )?(noon|midnight)(?:,? (.+))?", t)
    if m:
        if m.group(1) in ("noon", "midnight"):
            hh, mm, rest = (12 if m.group(1) == "noon" else 24), 0, m.group(2)
        else:
            hh, mm, ap, rest = int(m.group(1)), int(m.group(2) or 0), m.group(3), m.group(4)
            if ap.startswith("p") and hh < 12:
                hh += 12
            if ap.startswith("a") and hh == 12:
                hh = 0
        if hh > 24 or mm > 59:
            return None
        day = _resolve(rest, pub, future, parser) if rest else (_day(pub) if pub else _relative(t))
        if day is None:
            return None
        if day.precision != "day" or day.start is None:
            return day
        clock = "T24" if m.group(1) == "midnight" else f"T{hh:02d}:{mm:02d}"
        return Value("day", day.start, day.end, t, day.start.isoformat() + clock, day.relative or rest is None)

    # ---- weekdays: "thursday", "last thursday", "thursday night", "thursday, aug. 12"
    m = re.fullmatch(r"(?:(last|next|this|this past|this coming|early|late|on) )?([a-z]+\.?)"
                     r"(?: (morning|afternoon|evening|night))?(?:,? (.+))?", t)
    if m and m.group(2) in WEEKDAYS:
        which, wd, part, rest = m.group(1) or "", WEEKDAYS[m.group(2)], m.group(3), m.group(4)
        if rest:  # "thursday, aug. 12": the date says which
            v = _resolve(rest, pub, future, parser)
            return v if v is not None and v.precision == "day" else None
        if pub is None:
            return _relative(t)
        if which in ("this past",):
            which = "last"
        if which == "this coming":
            which = "next"
        if which == "this":  # the one in the publication week
            d = pub + dt.timedelta(days=wd - pub.weekday())
        else:
            d = _weekday(pub, wd, future, which if which in ("last", "next") else "")
        tx = d.isoformat() + (f"T{PARTS_OF_DAY[part]}" if part else "")
        note = f"{calendar.day_name[wd]} {d.isoformat()}, the " + (
            "next one after publication" if d > pub else "latest one on or before publication")
        return Value("day", d, d, note, tx, True)

    # ---- reporting quarters: "the quarter", "the latest quarter" (the last one completed),
    # "the year-ago quarter" (the same quarter a year before)
    m = re.fullmatch(r"(?:the |its |this )?(?:(latest|most recent|just-ended|just ended|recent|comparable|"
                     r"year-ago|year-earlier|comparable year-ago|comparable year-earlier) )?"
                     r"(?:fiscal )?(quarter|period)", t) or re.fullmatch(r"(?:the )?(year-ago|year-earlier)", t)
    if m and (m.group(0).endswith("quarter") or m.group(1) in ("year-ago", "year-earlier")):
        if pub is None:
            return _relative(t)
        back = 1 if (m.group(1) or "").endswith(("year-ago", "year-earlier")) else 0
        return _last_quarter(pub, back)

    # ---- ranges of units: "the next 24 to 48 hours", "30 to 90 days", "two or three years"
    m = re.fullmatch(r"(?:(?:the )?(next|coming|past|last|previous|following) )?([\w. ]+?) ?(?:to|and|or|-) ?"
                     r"([\w. ]+?)[ -]" + UNIT_RE + r"(?: (ago|earlier|later|from now|before|after))?", t)
    if m and (lo := _number(m.group(2))) is not None and (hi := _number(m.group(3))) is not None and lo < hi:
        direction, unit, ago = m.group(1), _unit(m.group(4)), m.group(5)
        label = f"{_fmt_num(lo)} to {_fmt_num(hi)} {unit}s"
        tx = _duration_timex(lo, unit)
        if direction in ("next", "coming", "following") and pub is not None:
            return Value("range", _shift(pub, lo, unit), _shift(pub, hi, unit), f"{label} after the publication date",
                         tx, True)
        if direction in ("past", "last", "previous") and pub is not None:
            return Value("range", _shift(pub, -hi, unit), pub, f"the {label} before the publication date", tx, True)
        if ago in ("ago", "earlier") and pub is not None:
            return Value("range", _shift(pub, -hi, unit), _shift(pub, -lo, unit), f"{label} ago", tx, True)
        if direction or ago:
            return _relative(label, tx) if pub is None else None
        return Value("duration", None, None, f"a length of {label}", tx)

    # ---- "N units ago", "the past N units", "N-unit", "several years", "a week"
    m = re.fullmatch(r"(?:(the )?(next|coming|past|last|previous|following|first|final|recent|latest|same) )?"
                     r"(?:(?:about|around|nearly|almost|some|at least|more than|less than|over|up to|no more than|"
                     r"roughly|approximately|just|only|another|an additional|within|the better part of) )?"
                     r"([\w./ ]+?)?[ -]?(?:more |long |full )?" + UNIT_RE +
                     r"(?:[- ](long|old))?(?: (ago|earlier|later|from now|before|after|back|since|hence))?", t)
    if m:
        the, direction, qty, unit, _long, ago = m.groups()
        unit = _unit(unit)
        qty = (qty or "").strip()
        if qty.startswith(("the ", "a ", "an ")) and _number(qty.split(" ", 1)[1]) is not None:
            qty = qty.split(" ", 1)[1]
        n: float | None
        plural = bool(re.search(r"s(?: (?:ago|earlier|later|from now|before|after|back|since|hence))?$", t))
        if qty in ("", "the", "a", "an", "one", "per", "a single", "single"):
            n = None if plural and qty in ("", "the") else 1.0
        elif qty in VAGUE_NUMBERS or qty in ("a few", "the past few", "few", "several", "the", "many", "recent",
                                              "coming", "several more", "a couple more", "these", "those"):
            n = None
        else:
            n = _number(qty)
            if n is None:
                return _other(t, pub, future, parser)
        # "this week", "last month", "next year": calendar periods, not lengths
        if qty == "" and direction in ("last", "next", "past", "previous", "coming", "following") and not plural \
                and not ago and the is None and unit in ("week", "month", "year", "quarter", "decade", "century"):
            return _calendar_unit(direction, unit, pub, t)
        if ago in ("ago", "earlier", "back", "before") and n is not None:
            if pub is None:
                return _relative(t)
            return replace(_at_unit(_shift(pub, -n, unit), unit, f"{t}"), relative=True)
        if ago in ("from now", "hence") and n is not None:
            if pub is None:
                return _relative(t)
            return replace(_at_unit(_shift(pub, n, unit), unit, f"{t}"), relative=True)
        tx = _duration_timex(n, unit)
        label = f"{_fmt_num(n)} {unit}{'s' if n != 1 else ''}" if n is not None else f"{qty or 'some'} {unit}s"
        if ago in ("later", "after", "since"):
            # "two days later": after an event the text told before, not after publication
            return Value("duration", None, None, f"{label} after an earlier time in the text", tx)
        if ago is not None and n is None:
            return Value("range", None, pub, "an unspecified time before the publication date", "PAST_REF", True) \
                if pub else _relative(t, "PAST_REF")
        the_label = f"the {unit}" if n == 1 else f"the {label}"
        if direction in ("next", "coming", "following") and pub is not None and n is not None:
            return Value("range", pub, _shift(pub, n, unit), f"{the_label} after the publication date", tx, True)
        if direction in ("past", "last", "previous", "recent") and pub is not None and n is not None:
            return Value("range", _shift(pub, -n, unit), pub, f"{the_label} before the publication date", tx, True)
        if direction in ("recent", "past", "last", "previous") and n is None and pub is not None:
            return Value("range", None, pub, f"{label} before the publication date", tx, True)
        if direction in ("next", "coming", "following") and n is None and pub is not None:
            return Value("range", pub, None, f"{label} after the publication date", tx, True)
        return Value("duration", None, None, f"a length of {label}", tx)

    return _other(t, pub, future, parser)


def _calendar_unit(direction: str, unit: str, pub: dt.date | None, t: str) -> Value:
    if pub is None:
        return _relative(t)
    step = -1 if direction in ("last", "past", "previous") else 1
    if unit == "week":
        v = _week(pub + dt.timedelta(days=7 * step))
    elif unit == "month":
        d = _add_months(pub.replace(day=1), step)
        v = _month(d.year, d.month)
    elif unit == "quarter":
        q = (pub.month - 1) // 3 + step
        y = pub.year + (q // 4)
        q = q % 4
        v = Value("range", dt.date(y, 3 * q + 1, 1), _month_end(y, 3 * q + 3), f"Q{q + 1} {y}", f"{y}-Q{q + 1}")
    elif unit == "decade":
        y = (pub.year // 10 + step) * 10
        v = Value("range", dt.date(y, 1, 1), dt.date(y + 9, 12, 31), f"the {y}s", f"{y // 10}")
    elif unit == "century":
        c = pub.year // 100 + step
        v = Value("range", dt.date(max(c * 100, 1), 1, 1), dt.date(c * 100 + 99, 12, 31), f"{c * 100}s", f"{c:02d}")
    else:
        v = _year(pub.year + step)
    return Value(v.precision, v.start, v.end, v.note or t, v.timex, True)


def _last_quarter(pub: dt.date, years_back: int = 0) -> Value:
    """The last calendar quarter completed by ``pub`` (what "the quarter" means in results news)."""
    q = (pub.month - 1) // 3  # 0 = the quarter before Q1, i.e. Q4 of last year
    y = pub.year if q else pub.year - 1
    v = _quarter(y - years_back, q or 4)
    return replace(v, relative=True)


def _quarter(y: int, q: int) -> Value:
    return Value("range", dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"Q{q} {y}", f"{y}-Q{q}")


def _other(t: str, pub: dt.date | None, future: bool, parser: DateDataParser | _DocParser | None) -> Value | None:
    """Calendar periods: this week/month/year, quarters, halves, seasons, decades, years, months, dates."""
    # "this week", "this year", "the year", "this month"
    m = re.fullmatch(r"(this|the current|the|current|this past|the past|the latest|the same|that) (?:fiscal )?"
                     r"(week|month|year|quarter|weekend|decade|century)", t)
    if m:
        who, unit = m.groups()
        if who in ("that", "the same") or (who == "the" and unit in ("month", "week", "decade", "century")):
            return None  # anaphoric
        if pub is None:
            return _relative(t)
        if unit == "week":
            return replace(_week(pub), relative=True)
        if unit == "weekend":
            # the coming weekend in the future tense, else the latest one begun by publication
            sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7) if future \
                else pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
            y, w, _ = sat.isocalendar()
            return Value("range", sat, sat + dt.timedelta(days=1), "the weekend", f"{y}-W{w:02d}-WE", True)
        if unit == "month":
            return replace(_month(pub.year, pub.month), relative=True)
        if unit == "quarter":
            return replace(_quarter(pub.year, (pub.month - 1) // 3 + 1), relative=True)
        if unit == "decade":
            y = pub.year // 10 * 10
            return Value("range", dt.date(y, 1, 1), dt.date(y + 9, 12, 31), f"the {y}s", f"{y // 10}", True)
        if unit == "century":
            c = pub.year // 100
            return Value("range", dt.date(c * 100, 1, 1), dt.date(c * 100 + 99, 12, 31), t, f"{c:02d}", True)
        return replace(_year(pub.year), relative=True)
    m = re.fullmatch(r"(last|next|this past|this coming|the coming|the next|the last|this) weekend", t)
    if m:
        if pub is None:
            return _relative(t)
        back = m.group(1) in ("last", "this past", "the last")
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7 or 7) if back \
            else pub + dt.timedelta(days=(5 - pub.weekday()) % 7 or 7)
        y, w, _ = sat.isocalendar()
        return Value("range", sat, sat + dt.timedelta(days=1), "the weekend", f"{y}-W{w:02d}-WE", True)

    # quarters: "the third quarter", "third-quarter", "the fourth quarter of 1989", "q3", "fiscal second quarter"
    m = re.fullmatch(r"(?:(?:the|its|this|the latest|a) )?(?:(?:fiscal|calendar) )?"
                     r"(first|second|third|fourth|1st|2nd|3rd|4th|last)[- ](?:fiscal[- ])?quarters?"
                     r"(?:(?: of| in)?(?: fiscal| calendar)? ('?\d{2,4}))?", t) \
        or re.fullmatch(r"q([1-4])(?: ('?\d{2,4}))?", t) \
        or re.fullmatch(r"(?:the |its )?((?:1[0-9]|20)\d{2})'?s? (?:fiscal )?(first|second|third|fourth)[- ]quarter", t)
    if m:
        if m.group(1).isdigit() and len(m.group(1)) == 4:
            return _quarter(int(m.group(1)), ORDINALS[m.group(2)])
        q = ORDINALS.get(m.group(1), None) or int(m.group(1))
        y = _year_num(m.group(2)) if m.group(2) else None
        if y is None:
            if pub is None:
                return _relative(t)
            cur = (pub.month - 1) // 3 + 1
            y = pub.year if (q <= cur or future) else pub.year - 1
            v = _quarter(y, q)
            return replace(v, relative=True)
        return _quarter(y, q)
    m = re.fullmatch(r"(?:the )?(first|second|last|latter) half(?: of)?"
                     r"(?: (?:fiscal )?('?\d{2,4}|this year|the year))?", t)
    if m:
        h = 1 if m.group(1) == "first" else 2
        y = _year_num(m.group(2))
        rel = y is None
        if y is None:
            if pub is None:
                return _relative(t)
            named_year = m.group(2) in ("this year", "the year")
            y = pub.year if (named_year or h == 1 or pub.month > 6 or future) else pub.year - 1
        s = dt.date(y, 1 if h == 1 else 7, 1)
        return Value("range", s, _month_end(y, 6 if h == 1 else 12), f"H{h} {y}", f"{y}-H{h}", rel)

    # seasons: "last fall", "this summer", "the winter of 1994", "spring 2021"
    m = re.fullmatch(r"(?:(last|this|next|this past|the|early|late|the early|the late|this coming) )?"
                     r"(spring|summer|fall|autumn|winter)(?:,? (?:of )?('?\d{2,4}))?", t)
    if m:
        who, season, year = m.groups()
        code = SEASONS[season]
        if year:
            y = _year_num(year)
            if y is None:
                return None
        elif pub is None:
            return _relative(t)
        else:
            y = pub.year + {"last": -1, "this past": -1, "next": 1, "this coming": 1}.get(who or "", 0)
            if code == "WI" and pub.month <= 3 and who not in ("next", "this coming"):
                y -= 1  # "this winter" in February began last December
        start_m = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        s = dt.date(y, start_m, 1)
        e = _month_end(y + (1 if code == "WI" else 0), (start_m + 2 - 1) % 12 + 1)
        return Value("range", s, e, f"{season} {y}", f"{y}-{code}", not year)

    # decades and centuries: "the 1990s", "the late 1970s", "the '80s", "the nineties", "the 20th century"
    m = re.fullmatch(r"(?:the )?(?:(early|mid|late)[ -]?)?(?:(1[0-9]|20)(\d)0|'?(\d)0)'?s", t)
    words = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
             "eighties": 8, "nineties": 9}
    m2 = re.fullmatch(r"(?:the )?(?:(early|mid|late)[ -]?)?(" + "|".join(words) + ")", t)
    if m or m2:
        if m and m.group(2):
            mod, y, rel = m.group(1), int(m.group(2) + m.group(3) + "0"), False
        else:
            if pub is None:
                return _relative(t)
            mod = (m or m2).group(1)  # type: ignore[union-attr]
            yy = 10 * (int(m.group(4)) if m else words[m2.group(2)])  # type: ignore[union-attr]
            y, rel = pub.year // 100 * 100 + yy, True
            if y > pub.year:
                y -= 100  # "the '80s" in 2021 are the 1980s
        s, e = dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
        if mod == "early":
            e = dt.date(y + 3, 12, 31)
        elif mod == "late":
            s = dt.date(y + 6, 1, 1)
        elif mod == "mid":
            s, e = dt.date(y + 3, 1, 1), dt.date(y + 6, 12, 31)
        return Value("range", s, e, f"the {mod + ' ' if mod else ''}{y}s", f"{y // 10}", rel)
    m = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)[ -]century", t)
    if m:
        c = int(m.group(1)) - 1
        return Value("range", dt.date(max(c * 100, 1), 1, 1), dt.date(c * 100 + 99, 12, 31),
                     f"the {m.group(1)}th century", f"{c:02d}")

    # a year: "1996", "fiscal 1989", "the year 2000", "mid-1990"
    m = re.fullmatch(r"(?:(?:the )?(?:fiscal|calendar|model|school|the year|year|fy|crop)[- ]?)?"
                     r"((?:1[0-9]|20)\d{2})(?:[- ](\d{2}))?", t)
    if m:
        y = int(m.group(1))
        if m.group(2):
            y2 = y // 100 * 100 + int(m.group(2))
            if y2 != y + 1:
                return None
            return Value("range", dt.date(y, 1, 1), dt.date(y2, 12, 31), f"{y}-{y2}", f"{y}")
        return _year(y)
    if re.fullmatch(r"'\d{2}", t):
        y = _year_num(t)
        return _year(y) if y else None

    # a bare month, "may 2021", "august 1988"
    m = re.fullmatch(r"(?:(last|next|this|this past|this coming|past|coming) )?([a-z]+\.?)"
                     r"(?:,? (?:of )?((?:1[0-9]|20)\d{2}|'\d{2}|this year|last year|next year))?", t)
    if m and m.group(2) in MONTHS:
        which, mon, year = m.group(1) or "", MONTHS[m.group(2)], m.group(3)
        if year and year[0] in "0123456789'":
            y = _year_num(year)
            return _month(y, mon) if y else None
        if pub is None:
            return _relative(t)
        if year:
            y = pub.year + {"this year": 0, "last year": -1, "next year": 1}[year]
        else:
            y = _month_year(mon, pub, future, which)
        v = _month(y, mon)
        return Value("month", v.start, v.end, v.note, v.timex, True)

    # fixed holidays: "christmas", "thanksgiving day", "new year's eve"
    m = HOLIDAY_RE.fullmatch(t)
    if m:
        which, name, year = m.groups()
        if year is None and pub is None:
            return _relative(t)
        def day_in(y: int) -> dt.date:
            if name.startswith("thanksgiving"):
                first = dt.date(y, 11, 1)
                return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
            md = {"christmas eve": (12, 24), "new year's eve": (12, 31), "new year's day": (1, 1),
                  "halloween": (10, 31), "valentine's day": (2, 14)}.get(name, (12, 25))
            return dt.date(y, *md)
        if year:
            return _day(day_in(int(year)), name)
        assert pub is not None
        y = _month_year(day_in(pub.year).month, pub, future, which or "")
        d = day_in(y)
        return Value("day", d, d, name, d.isoformat(), True)

    # month-day dates and everything calendar-like: dateparser, on the expression only
    return _calendar(t, pub, future, parser)


HOLIDAY_RE = re.compile(r"(?:(last|this|next) )?(christmas(?: day| eve)?|new year's(?: day| eve)|thanksgiving(?: day)?|"
                        r"halloween|valentine's day)(?:,? ((?:1[0-9]|20)\d{2}))?")


def _year_num(s: str | None) -> int | None:
    if not s:
        return None
    s = s.strip("'")
    if not s.isdigit():
        return None
    if len(s) == 2:
        return 1900 + int(s) if int(s) > 30 else 2000 + int(s)
    y = int(s)
    return y if 1000 <= y <= 2100 else None


#: What an expression must contain to be handed to dateparser: a month name or a numeric date.
CALENDAR_RE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"
)


def _calendar(t: str, pub: dt.date | None, future: bool, parser: DateDataParser | _DocParser | None) -> Value | None:
    if not CALENDAR_RE.search(t):
        return None
    t = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", t)
    t = re.sub(r"^(?:on|in|the) ", "", t)
    has_year = bool(re.search(r"\b(1[0-9]|20)\d{2}\b|'\d{2}\b", t))
    has_day = bool(re.search(r"\b\d{1,2}\b", re.sub(r"\b(1[0-9]|20)\d{2}\b", "", t))) or bool(
        re.search(r"\d[/.-]\d", t))
    if pub is None and not has_year:
        return _relative(t) if has_day else None
    p = parser or _parser(pub)
    try:
        data = p.get_date_data(t)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd strings
        return None
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "month" or (not has_day and data.period in ("day", "month")):
        return _month(d.year, d.month) if has_year else _relative_month(d, pub, future)
    if data.period == "year":
        return _year(d.year)
    if data.period not in ("day", "time"):
        return None
    if not has_year and pub is not None:
        # dateparser's current_period puts "Aug. 31" in the publication year; a past-tense
        # December in a January article means last year, a future-tense January in December next year.
        y = _month_year(d.month, pub, future)
        d = d.replace(year=y, day=min(d.day, calendar.monthrange(y, d.month)[1]))
        return Value("day", d, d, "year taken from the publication date", d.isoformat(), True)
    return _day(d)


def _relative_month(d: dt.date, pub: dt.date | None, future: bool) -> Value:
    if pub is None:
        return _relative(d.strftime("%B"))
    v = _month(_month_year(d.month, pub, future), d.month)
    return Value("month", v.start, v.end, v.note, v.timex, True)


def _month_year(month: int, pub: dt.date, future: bool, which: str = "") -> int:
    """The year of a month named without one: inside the window around publication
    (:data:`PAST_WINDOW` / :data:`FUTURE_WINDOW`), or the last/next one when ``which`` says so."""
    diff = month - pub.month
    if which in ("last", "this past", "past"):
        return pub.year - (1 if diff >= 0 else 0)
    if which in ("next", "this coming", "coming"):
        return pub.year + (1 if diff <= 0 else 0)
    if which == "this":
        return pub.year
    lo, hi = FUTURE_WINDOW if future else PAST_WINDOW
    if diff < lo:
        return pub.year + 1
    if diff > hi:
        return pub.year - 1
    return pub.year


def resolve(
    text: str, published: dt.date | None, *, future: bool = False
) -> tuple[DatePrecision, dt.date | None, dt.date | None, str] | None:
    """(precision, start, end, note) of one temporal expression against a publication date.

    ``future`` says the verb governing the expression is in the future tense ("will meet
    Friday"): then a bare weekday or month is the next one, else the latest on or before
    publication.  Returns None when ``text`` is not a temporal expression ("24/7", "one").
    """
    v = _resolve(text, published, future)
    return None if v is None else (v.precision, v.start, v.end, v.note)


def timex_value(text: str, published: dt.date | None, *, future: bool = False) -> str | None:
    """The TIMEX3 value string of one expression ("2021-08-12", "P30D", "PRESENT_REF"), or None."""
    v = _resolve(text, published, future)
    return None if v is None else v.timex


# ----------------------------------------------------------------------------- recognition

#: Single words read as times outside spaCy's entities (lower-cased token text).
EXTRA_WORDS = {"now", "currently", "recently", "nowadays", "today", "tonight",
               "yesterday", "tomorrow", "christmas", "thanksgiving"}
EXTRA_PHRASES = (("the", "future"), ("the", "near", "future"), ("the", "past"), ("right", "now"),
                 ("in", "recent", "years"))
#: Lower-cased words that can start a candidate outside spaCy's entities (months are checked apart,
#: with a trailing "." stripped).
_FIRST_WORDS = frozenset({ph[0] for ph in EXTRA_PHRASES} | EXTRA_WORDS | set(WEEKDAYS))
FUTURE_AUX = {"will", "shall", "'ll", "wo", "going", "would"}
FUTURE_HEADS = {"set", "schedule", "due", "expect", "plan", "go", "intend", "poise", "slate"}


def _is_future(tok: Token) -> bool:
    """Whether the verb governing ``tok`` is in the future tense, read from the parse.

    Future: "will"/"shall"/"would"/"going to" ("would" is the future of reported speech:
    "said it would leave Tuesday"), "is set/scheduled/expected to", "plans to", "has scheduled".
    The simple present stays non-future: on TempEval-3 dev, reading "meet Monday" as future
    fixed fewer weekdays than it broke."""
    head = tok
    for _ in range(8):
        if head.pos_ in ("VERB", "AUX") and head.dep_ not in ("amod", "acl") or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return False
    for _ in range(3):
        auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lower_ in FUTURE_AUX or a.lemma_ in ("will", "shall") for a in auxes):
            return True
        if head.lemma_ in FUTURE_HEADS and head.dep_ != "xcomp" and (head.lemma_ != "go" or head.tag_ not in ("VBD", "VBN")):
            return True  # "is going to", "goes to Geneva on Friday"; not "went off on Sunday"
        if any(a.tag_ in ("VBD", "VBN") for a in auxes) or head.tag_ == "VBD":
            return False
        # "is set to conclude", "are expected to arrive", "plans to"
        if head.dep_ == "xcomp" and any(a.lower_ == "to" for a in auxes):
            if head.head.lemma_ in FUTURE_HEADS or head.head.lemma_ == "be":
                return True
            head = head.head
            continue
        break
    return False


def _extend_left(doc: Doc, i: int) -> tuple[int, str | None]:
    """Token index where the expression starting at ``i`` really starts (a modifier or range
    preposition in front is taken in), and that word."""
    if i == 0:
        return i, None
    prev = doc[i - 1]
    low = prev.lower_
    if low in ("early", "late", "mid", "mid-") and prev.pos_ in ("ADJ", "ADV", "X", "NOUN", "PROPN"):
        j, word = _extend_left(doc, i - 1)
        return j, word or low
    if low in ("this", "last", "next") and re.fullmatch(UNIT_RE, doc[i].lower_):
        j, word = _extend_left(doc, i - 1)
        return j, word or low
    if low in RANGE_PREPS and prev.pos_ in ("ADP", "SCONJ"):
        return i - 1, low
    if i >= 2 and doc[i - 2].lower_ == "as" and low == "of":
        return i - 2, "as of"
    return i, None


def _candidate_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` that may be temporal expressions."""
    spans: list[tuple[int, int]] = []
    taken = set()
    for ent in doc.ents:
        if ent.label_ in TIME_LABELS or (ent.label_ == "EVENT" and HOLIDAY_RE.fullmatch(_norm(ent.text))):
            spans.append((ent.start, ent.end))
            taken.update(range(ent.start, ent.end))
    n = len(doc)
    # one pass over the tokens; a Token object is made again below only for a word that may start a hit
    lows: list[str] = []
    spaces: list[bool] = []
    for t in doc:
        lows.append(t.lower_)
        spaces.append(t.is_space)
    i = 0
    while i < n:
        if i in taken or spaces[i]:
            i += 1
            continue
        low = lows[i]
        if low not in _FIRST_WORDS and low.rstrip(".") not in MONTHS:
            i += 1  # no phrase, extra word, weekday or month starts here
            continue
        tok = doc[i]
        hit = None
        for ph in EXTRA_PHRASES:
            k = len(ph)
            if tuple(lows[i : i + k]) == ph and not taken & set(range(i, i + k)):
                hit = (i, i + k)
                break
        if hit is None and low in EXTRA_WORDS and tok.pos_ in ("ADV", "NOUN", "PROPN", "ADJ"):
            if low == "now" and i + 1 < n and doc[i + 1].lower_ in ("that",):
                hit = None
            else:
                hit = (i, i + 1)
        if hit is None and (low in WEEKDAYS or low.rstrip(".") in MONTHS) and tok.is_title and tok.tag_ == "NNP" \
                and tok.ent_type_ in ("", "DATE", "TIME"):
            j = i + 1
            if low.rstrip(".") in MONTHS and j < n and re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", doc[j].text):
                j += 1
                if j + 1 < n and doc[j].text == "," and re.fullmatch(r"(1[0-9]|20)\d{2}", doc[j + 1].text):
                    j += 2
            if low in ("may", "march") and j == i + 1:
                hit = (i, j) if tok.dep_ in ("pobj", "npadvmod") else None
            else:
                hit = (i, j)
        if hit is not None:
            spans.append(hit)
            taken.update(range(*hit))
            i = hit[1]
            continue
        i += 1
    return _merge(doc, sorted(spans))


DAY_WORDS = set(WEEKDAYS) | {"today", "yesterday", "tomorrow"}


def _merge(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a day and its time of day that spaCy split: "Thursday" + "evening",
    "noon" + "Thursday", "10 p.m." + "Wednesday"."""
    out: list[tuple[int, int]] = []
    for i, j in spans:
        if out and out[-1][1] == i and doc[i].lower_ in DAY_WORDS and doc[out[-1][0]].ent_type_ == "TIME":
            out[-1] = (out[-1][0], j)
            continue
        if doc[j - 1].lower_ in DAY_WORDS and j < len(doc) and doc[j].lower_ in PARTS_OF_DAY:
            j += 1
        if i > 0 and doc[i].lower_ in DAY_WORDS and doc[i - 1].lower_ in ("noon", "midnight") \
                and not (out and out[-1][1] > i - 1):
            i -= 1
        out.append((i, j))
    return out


def _trim(doc: Doc, i: int, j: int) -> tuple[int, int]:
    """Drop punctuation and conjunctions at the edges of an entity."""
    while i < j and (doc[i].is_punct or doc[i].is_space or doc[i].lower_ in ("and", "or", "to")):
        i += 1
    while j > i and (doc[j - 1].is_punct and doc[j - 1].text not in (".",) or doc[j - 1].is_space
                     or doc[j - 1].lower_ in ("and", "or", "to")):
        j -= 1
    if j > i and doc[j - 1].text == "." and not re.fullmatch(r"[a-z]\.|p\.m\.|a\.m\.", doc[j - 1].lower_):
        j -= 1
    return i, j


def _pieces(doc: Doc, i: int, j: int, published: dt.date | None, parser: _DocParser) -> list[tuple[int, int]]:
    """Sub-ranges of a run-on entity that resolve by themselves ("the quarter ended Sept. 30"
    -> "the quarter", "Sept. 30"): the longest resolvable piece from each position."""
    whole = _norm(doc[i:j].text)
    if AGE_RE.search(whole) or NOT_TIMES.match(whole):
        return []
    out = []
    k = i
    while k < j:
        for e in range(j, k, -1):
            if doc[k].is_punct or doc[e - 1].is_punct or not _piece_ok(doc[k:e]):
                continue
            if _resolve_in_doc(doc[k:e].text, published, False, parser) is not None:
                out.append((k, e))
                k = e
                break
        else:
            k += 1
    return out


def _piece_ok(span: SpacySpan) -> bool:
    """Whether a piece of a run-on entity can stand alone: a lone word only if it names a day,
    month or year, never a bare unit ("day" of "that day") or "the"/"that" + unit."""
    words = [t.lower_ for t in span]
    if len(words) == 1:
        w = words[0]
        return (w in WEEKDAYS or w.rstrip(".") in MONTHS or w in EXTRA_WORDS
                or bool(re.fullmatch(r"(1[0-9]|20)\d{2}", w)))
    if len(words) == 2 and words[0] in ("the", "that", "this", "a", "each", "every") \
            and re.fullmatch(UNIT_RE, words[1]):
        if words[0] in ("this", "a"):
            return True
        # "the year ended March 31": a fiscal period, read as its length
        nxt = span.doc[span.end] if span.end < len(span.doc) else None
        return words[0] == "the" and nxt is not None and nxt.lower_ in ("ended", "ending", "through")
    return True


def _join_ranges(doc: Doc, spans: list[tuple[int, int]], published: dt.date | None,
                 parser: _DocParser) -> list[tuple[int, int]]:
    """Join two candidates around "and"/"to"/"or" when together they are one range that
    spaCy split: "the next 24" + "and" + "48 hours"."""
    out: list[tuple[int, int]] = []
    for i, j in spans:
        if out and out[-1][1] == i - 1 and doc[i - 1].lower_ in ("and", "to", "or", "-", "through"):
            a = out[-1][0]
            v = _resolve_in_doc(doc[a:j].text, published, False, parser)
            if v is not None and v.precision in ("range", "duration"):
                out[-1] = (a, j)
                continue
        out.append((i, j))
    return out


def find_timexes(doc: Doc, published: dt.date | None, offset: int = 0) -> list[Timex]:
    """Every temporal expression of ``doc`` with its value (offsets shifted by ``offset``)."""
    if isinstance(published, dt.datetime):
        published = published.date()
    parser = _DocParser(_parser(published))
    out: list[Timex] = []
    for i0, j0 in _join_ranges(doc, _candidate_spans(doc), published, parser):
        i0, j0 = _trim(doc, i0, j0)
        if i0 >= j0:
            continue
        if _resolve_in_doc(doc[i0:j0].text, published, False, parser) is None and j0 - i0 <= MAX_SPLIT_TOKENS:
            ranges = _pieces(doc, i0, j0, published, parser)
        else:
            ranges = [(i0, j0)]
        for i, j in ranges:
            t = _timex(doc, i, j, published, parser, offset)
            if t is not None:
                out.append(t)
    return out


def _about_quarters(span: SpacySpan) -> bool:
    """Whether the sentence of ``span`` or the one before it speaks of a quarter (TempEval-3
    dev: "a year ago" in WSJ results stories means the year-earlier quarter)."""
    if not span.doc.has_annotation("SENT_START"):
        return "quarter" in span.doc.text.lower()
    sent = span.sent
    before = span.doc[max(sent.start - 1, 0)].sent if sent.start > 0 else sent
    return "quarter" in before.text.lower() or "quarter" in sent.text.lower()


def _timex(doc: Doc, i: int, j: int, published: dt.date | None, parser: _DocParser, offset: int) -> Timex | None:
    core: SpacySpan = doc[i:j]
    k, word = _extend_left(doc, i)
    future = _is_future(core.root) or word in ("until", "till")  # a deadline lies ahead
    full = doc[k:j]
    value = _resolve_in_doc(full.text, published, future, parser)
    if (value is None or value.precision == "duration") and k != i:
        k, value = i, _resolve_in_doc(core.text, published, future, parser)
        full = core
    if value is None:
        return None
    if published is not None and QUARTER_CONTEXT.fullmatch(_norm(core.text)) and _about_quarters(core):
        # "a year earlier" beside quarterly results means the same quarter a year before
        value = _last_quarter(published, 1)
    cs, ce = core.start_char, core.end_char
    if word in ("early", "late", "mid", "mid-", "this", "last", "next"):
        cs = full.start_char  # TIMEX3 keeps the modifier inside the expression
    return Timex(full.start_char + offset, full.end_char + offset, cs + offset, ce + offset, full.text, future, value)


def find_dates(doc: Doc, article_id: str, published: dt.date | None, offset: int = 0) -> list[DateMention]:
    """Every temporal expression in ``doc`` resolved against ``published``.

    ``offset`` is added to every character offset (``doc`` may be one chunk of a longer
    article text).  Mentions come in text order; ids depend on the article and offsets only.
    """
    mentions = []
    for t in find_timexes(doc, published, offset):
        v = t.value
        mentions.append(DateMention(
            id="d" + hashlib.sha256(f"{article_id}:{t.start}:{t.end}".encode()).hexdigest()[:12],
            span=Span(article_id, t.start, t.end),
            text=t.text,
            precision=v.precision,
            start=v.start,
            end=v.end,
            relative_to="publication date" if v.relative and published is not None else None,
            note=v.note,
        ))
    return mentions
