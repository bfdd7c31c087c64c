"""Figures: numbers with what they count, their unit and the hedge the text put on them.

Candidates come from spaCy's CARDINAL / QUANTITY / ORDINAL / MONEY / PERCENT entities, plus a token
scan for what NER misses or mislabels (ordinal lists such as "the 10th and 11th", which the small
model tags DATE; vague counts such as "dozens of Humvees").  Each figure keeps:

* ``value`` (and ``high`` for a range "24 to 48");
* ``approx``: the qualifier as written ("about", "more than", "up to", ...), ``None`` when exact;
* ``of``: what is counted, from the parse -- the noun the number modifies ("3,000 troops" -> "troops",
  "the tenth provincial capital" -> "provincial capital"), the object of "of" ("hundreds of Afghan
  forces" -> "forces"), the subject of a copula ("the capitals ... were the 10th" -> "capitals"), or
  the dimension of a unit ("80 miles" -> "distance");
* ``unit`` and ``normalized``/``normalized_unit`` in a canonical unit (km, kg, km**2, l, km/h) via
  pint; money keeps its currency (no exchange rates offline).

A measurement restated in parentheses -- "150 kilometers (95 miles)" -- is ONE figure: the span covers
both, the first unit is the figure's, and ``note`` records the other.

Vague counts get documented conservative values (:data:`VAGUE_COUNTS`, the ACLED convention of coding
"hundreds" as 100) with ``kind="vague"`` and ``approx="at least"``.

Not figures: dates and years ("2021", "Aug. 31"), times ("5 p.m."), durations, and "24/7".
quantulum3 is used only on spans spaCy tagged QUANTITY/MONEY (it reads "11th" as tonne-hour and
"third largest" as 1/3, so it never sees ordinals).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.model import LENGTH_UNIT, Figure, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

#: Conservative values for vague counts: the lower end a reader can be sure of.  ACLED codes
#: "hundreds" as 100 and "dozens" as 24 ("two dozen"), "several" as 3; we follow that scheme.
VAGUE_COUNTS: dict[str, float] = {
    "dozens": 24.0,
    "scores": 40.0,
    "hundreds": 100.0,
    "thousands": 1000.0,
    "tens of thousands": 10000.0,
    "hundreds of thousands": 100000.0,
    "millions": 1000000.0,
    "several": 3.0,
    "a few": 2.0,
    "a handful": 2.0,
    "many": 2.0,
    "dozen": 12.0,
}
_VAGUE_SCAN = ("dozens", "scores", "hundreds", "thousands", "millions")

#: Qualifiers kept as ``approx`` (longest first so "more than" wins over "more").
APPROX_PHRASES: tuple[str, ...] = (
    "upwards of", "as many as", "as few as", "no more than", "no fewer than", "not more than",
    "more than", "fewer than", "less than", "at least", "at most", "up to", "close to", "just over",
    "just under", "an estimated", "approximately", "roughly", "around", "about", "nearly", "almost",
    "some", "over", "under", "within", "estimated", "approx.", "approx", "c.", "circa",
)
_APPROX_WORDS = tuple((phrase, len(phrase.split())) for phrase in APPROX_PHRASES)
_APPROX_MAX_WORDS = max(n for _, n in _APPROX_WORDS)

_NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
    "dozen": 12,
}
_SCALES: dict[str, float] = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
                             "mn": 1e6, "m": 1e6, "bn": 1e9, "k": 1e3}
_ORDINAL_WORDS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100,
}
_FRACTION_WORDS: dict[str, float] = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4, "quarters": 1 / 4,
    "fourth": 1 / 4, "fourths": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5, "tenth": 1 / 10, "tenths": 1 / 10,
}
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug. sep sep. sept sept. oct oct. "
    "nov nov. dec dec.".split()
)
_DATE_WORDS = _MONTHS | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday day days week weeks month months year "
    "years decade decades century hour hours minute minutes today yesterday tomorrow".split()
)
_TIME_AFTER = frozenset({"am", "pm", "a.m.", "p.m.", "gmt", "utc", "o'clock", "hrs", "local"})
#: Adjectives that say nothing about *what* is counted ("an additional 3,000 soldiers").
_NOT_OF = frozenset(
    "additional more other new further several many few such same extra total some own estimated "
    "approximately about roughly nearly around least".split()
)
#: quantulum3 entity -> (what is measured, canonical pint unit).
_DIMENSIONS: dict[str, tuple[str, str | None]] = {
    "length": ("distance", LENGTH_UNIT),
    "mass": ("weight", "kg"),
    "area": ("area", "km**2"),
    "volume": ("volume", "l"),
    "speed": ("speed", "km/h"),
    "time": ("duration", "hour"),
    "temperature": ("temperature", None),
    "energy": ("energy", "kWh"),
    "power": ("power", "kW"),
}
_CURRENCIES: dict[str, str] = {
    "$": "USD", "us$": "USD", "dollar": "USD", "dollars": "USD", "usd": "USD", "£": "GBP", "pound": "GBP",
    "pounds": "GBP", "gbp": "GBP", "€": "EUR", "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "afghani": "AFN", "afghanis": "AFN", "rupee": "INR", "rupees": "INR", "yen": "JPY", "¥": "JPY",
}
_NUM_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_NUM_IN = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_ORD_RE = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*(?:\bto\b|\band\b|–|—|-)\s*")
_FRACTION_SPACING = re.compile(r"\s*-\s*")
_FRACTION_RE = re.compile(r"^(\d+)\s*/\s*(\d+)$")

#: Unit words that make a bare number a measurement ("5 km" tagged CARDINAL "5").
_UNIT_WORD = re.compile(
    r"^(?:km|kms|kilomet(?:er|re)s?|mi|miles?|m|met(?:er|re)s?|ft|feet|foot|kg|kgs|kilograms?|tonnes?|tons?|"
    r"hectares?|ha|acres?|lb|lbs|litres?|liters?|sq)$",
    re.IGNORECASE,
)

_LABELS = ("CARDINAL", "QUANTITY", "ORDINAL", "MONEY", "PERCENT")


def figure_id(article: str, start: int, end: int) -> str:
    """The content-derived id of a figure at ``[start, end)`` in ``article``."""
    return "f" + hashlib.sha256(f"{article}:{start}:{end}".encode()).hexdigest()[:12]


@dataclass(slots=True)
class _Cand:
    start: int  # token index
    end: int
    label: str


# ---- number words ---------------------------------------------------------------------------


def _number(words: list[str]) -> float | None:
    """The value of a cardinal written in digits and/or words ("3,000", "1.5 million", "twenty-five")."""
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    for w in words:
        w = w.lower().strip(",")
        if not w or w == "and":
            continue
        if _NUM_RE.match(w):
            current += float(w.replace(",", ""))
            seen = True
        elif "-" in w and all(p in _NUMBER_WORDS for p in w.split("-")):
            current += sum(_NUMBER_WORDS[p] for p in w.split("-"))
            seen = True
        elif w in _NUMBER_WORDS:
            current += _NUMBER_WORDS[w]
            seen = True
        elif w in _SCALES and seen:
            scale = _SCALES[w]
            if scale == 100:
                current *= scale
            else:
                total += (current or 1) * scale
                current = 0.0
        else:
            return None
    return total + current if seen else None


def _fraction(words: list[str]) -> float | None:
    """ "two-thirds", "a third", "half", "one quarter", "3/4" -> the fraction, else None."""
    text = " ".join(words).lower()
    m = _FRACTION_RE.match(text)
    if m:
        num, den = int(m.group(1)), int(m.group(2))
        return num / den if 0 < num < den else None
    parts = re.split(r"[\s-]+", text)
    if parts and parts[0] in ("a", "an", "one") and len(parts) == 2 and parts[1] in _FRACTION_WORDS:
        return _FRACTION_WORDS[parts[1]]
    if len(parts) == 1 and parts[0] in ("half",):
        return 0.5
    if len(parts) == 2 and parts[1] in _FRACTION_WORDS and parts[0] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]] * _FRACTION_WORDS[parts[1]]
    return None


def _ordinal(word: str) -> int | None:
    w = word.lower()
    m = _ORD_RE.match(w)
    if m:
        return int(m.group(1))
    return _ORDINAL_WORDS.get(w)


# ---- the parse: what a number counts ---------------------------------------------------------


def _noun_phrase(noun: Token) -> str:
    """The counted noun with its descriptive modifiers ("provincial capital"), lower-cased."""
    mods: list[Token] = []
    for child in reversed(list(noun.lefts)):
        if child.i != (mods[0].i if mods else noun.i) - 1:
            break
        if child.dep_ in ("amod", "compound") and child.pos_ in ("ADJ", "NOUN") and child.tag_ not in ("JJS", "JJR"):
            if child.lower_ in _NOT_OF or child.like_num or _ordinal(child.text) is not None:
                break
            mods.insert(0, child)
        else:
            break
    return " ".join([*(m.lower_ for m in mods), noun.lower_])


def _text_between(a: Token, b: Token) -> str:
    """The text from token ``a`` to token ``b`` (a paragraph break there means a mis-parse)."""
    return a.doc.text[a.idx:b.idx]


def _counted(tok: Token, span_tokens: set[int]) -> str | None:
    """What the number at ``tok`` counts, from the dependency parse."""
    # "the 10th and 11th": the conjunct counts what its first conjunct counts.
    while tok.dep_ == "conj" and tok.head.i != tok.i and (tok.head.like_num or _ordinal(tok.head.text) is not None):
        tok = tok.head
    # "hundreds of Afghan forces", "two-thirds of the country", "half of Afghanistan's 34 capitals"
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return _noun_phrase(pobj)
    head = tok.head
    # "second largest city": the rank word modifies a superlative that modifies the noun.
    if tok.dep_ in ("advmod", "npadvmod") and head.tag_ in ("JJS", "RBS") and head.head.pos_ in ("NOUN", "PROPN"):
        return _noun_phrase(head.head)
    if tok.dep_ in ("nummod", "amod", "det", "quantmod", "compound", "nmod", "npadvmod") and head.pos_ in ("NOUN", "PROPN") and head.i not in span_tokens:
        if head.pos_ == "PROPN" and head.ent_type_:
            return None
        return _noun_phrase(head)
    # "The capitals of Ghazni and Badghis were the 10th and 11th"
    if tok.dep_ in ("attr", "acomp") and head.lemma_ == "be":
        subjects = [c for c in head.lefts if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")
                    and "\n" not in _text_between(c, head)]
        if subjects:
            return _noun_phrase(subjects[-1])
    return None


# ---- candidates ------------------------------------------------------------------------------


def _is_date_like(doc: Doc, start: int, end: int) -> bool:
    """A CARDINAL that is really a year, a day of a month, a clock time or "24/7"."""
    toks = doc[start:end]
    text = toks.text
    if "/" in text and not _FRACTION_RE.match(text.strip()):
        return True
    if ":" in text:
        return True
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if before in _MONTHS or after in _MONTHS or after in _TIME_AFTER:
        return True
    if len(toks) == 1 and re.fullmatch(r"1[89]\d\d|20\d\d", text):
        tok = toks[0]
        if not (tok.dep_ == "nummod" and tok.head.pos_ == "NOUN" and tok.head.lower_ not in _DATE_WORDS):
            return True
    return False


def _numeric_date(ent: SpacySpan) -> str | None:
    """The label a DATE entity made only of numbers should have had, else None.

    The small model tags "the 10th and 11th" and "Between 30 and 40 (fighters)" DATE; a DATE with no
    date word, no year-like number and no time word after it is an ORDINAL or CARDINAL.
    """
    has_ord = has_num = False
    for t in ent:
        if t.lower_ in _DATE_WORDS or re.fullmatch(r"1[89]\d\d|20\d\d", t.text):
            return None
        if _ORD_RE.match(t.text) or t.lower_ in _ORDINAL_WORDS:
            has_ord = True
        elif _NUM_RE.match(t.text) or t.lower_ in _NUMBER_WORDS and t.lower_ not in ("a", "an"):
            has_num = True
        elif t.lower_ not in ("the", "and", ",", "or", "&", "to", "between", "-", "–"):
            return None
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and (after.lower_ in _DATE_WORDS or after.lower_ in _TIME_AFTER):
        return None
    if has_ord and not has_num:
        return "ORDINAL"
    if has_num and not has_ord and after is not None and after.pos_ == "NOUN":
        return "CARDINAL"
    return None


def _candidates(doc: Doc) -> list[_Cand]:
    cands: list[_Cand] = []
    blocked: set[int] = set()  # tokens inside DATE/TIME entities
    for ent in doc.ents:
        if ent.label_ in _LABELS:
            cands.append(_Cand(ent.start, ent.end, ent.label_))
        elif ent.label_ in ("DATE", "TIME"):
            relabel = _numeric_date(ent) if ent.label_ == "DATE" else None
            if relabel is not None:
                cands.append(_Cand(ent.start, ent.end, relabel))
            else:
                blocked.update(range(ent.start, ent.end))
    covered = {i for c in cands for i in range(c.start, c.end)}
    # Token scan: ordinals, vague counts and digit numbers NER did not tag.
    for tok in doc:
        if tok.i in covered or tok.i in blocked:
            continue
        low = tok.lower_
        if _ORD_RE.match(tok.text):
            cands.append(_Cand(tok.i, tok.i + 1, "ORDINAL"))
        elif low in _VAGUE_SCAN and tok.pos_ in ("NOUN", "NUM"):
            cands.append(_Cand(tok.i, tok.i + 1, "CARDINAL"))
        elif _NUM_RE.match(tok.text) and any(c.isdigit() for c in tok.text):
            cands.append(_Cand(tok.i, tok.i + 1, "CARDINAL"))
    cands.sort(key=lambda c: (c.start, c.end))
    return _merge_ranges(doc, _attach_units(doc, cands))


def _attach_units(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "5 km" that NER left as a bare CARDINAL "5": take the unit word in."""
    out = []
    for c in cands:
        if c.label == "CARDINAL" and c.end < len(doc) and _UNIT_WORD.match(doc[c.end].text):
            c = _Cand(c.start, c.end + 1, "QUANTITY")
        out.append(c)
    return out


def _merge_ranges(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "24 to 48 people" tagged as two CARDINALs: one range."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.label == c.label and c.label in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT")
            and c.start == prev.end + 1 and doc[prev.end].lower_ in ("to", "-", "–")
        ):
            out[-1] = _Cand(prev.start, c.end, c.label)
            continue
        out.append(c)
    return out


def _approx_before(doc: Doc, start: int) -> tuple[int, str | None]:
    """Extend ``start`` left over a qualifier written just before the entity ("within 150km")."""
    lows = [t.lower_ for t in doc[max(0, start - _APPROX_MAX_WORDS):start]]  # the words before, read once
    for phrase, n in _APPROX_WORDS:
        if start - n < 0:
            continue
        if " ".join(lows[len(lows) - n:]) == phrase:
            if doc[start - n].dep_ == "prt" or doc[start - n].tag_ == "RP":
                continue  # "handed over dozens": a verb particle, not a qualifier
            return start - n, phrase
    return start, None


def _strip_leading(words: list[str]) -> tuple[list[str], str | None, list[str]]:
    """Split qualifiers and determiners off the front: (rest, approx, notes)."""
    approx: str | None = None
    notes: list[str] = []
    changed = True
    while changed and words:
        changed = False
        low = [w.lower() for w in words]
        for phrase in APPROX_PHRASES:
            p = phrase.split()
            if low[: len(p)] == p and len(words) > len(p):
                approx = approx or phrase
                words = words[len(p):]
                changed = True
                break
        else:
            if low[0] in ("the", "an", "a") and len(words) > 1 and low[1] in ("additional", "extra", "further", "estimated"):
                notes.append(low[1])
                approx = approx or ("estimated" if low[1] == "estimated" else None)
                words = words[2:]
                changed = True
            elif low[0] in ("additional", "extra", "further"):
                notes.append(low[0])
                words = words[1:]
                changed = True
            elif low[0] == "the" and len(words) > 1:
                words = words[1:]
                changed = True
    return words, approx, notes


# ---- value readers ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Read:
    kind: str
    value: float
    high: float | None = None
    unit: str | None = None
    of: str | None = None
    normalized: float | None = None
    normalized_unit: str | None = None
    approx: str | None = None
    note: str = ""


def _read_plain(words: list[str]) -> _Read | None:
    """A cardinal, fraction, vague count, percent or range written in ``words``."""
    if not words:
        return None
    low = " ".join(w.lower() for w in words)
    if low in VAGUE_COUNTS and low not in ("a", "many", "dozen"):
        return _Read("vague", VAGUE_COUNTS[low], approx="at least", note=f"vague count {low!r} coded as {VAGUE_COUNTS[low]:g}")
    pct = re.sub(r"\s*(%|percent|per cent|pct)$", "", low)
    if pct != low:
        inner = _read_plain(pct.split())
        if inner and inner.kind in ("count",):
            return _Read("percent", inner.value, inner.high, unit="%", normalized=inner.value, normalized_unit="%")
        return None
    frac = _fraction(words)
    if frac is not None:
        return _Read("fraction", frac, note=f"fraction {_FRACTION_SPACING.sub('-', low)!r}")
    parts = _RANGE_SEP.split(low)
    if len(parts) == 2 and all(parts):
        a, b = _number(parts[0].split()), _number(parts[1].split())
        if a is not None and b is not None and a < b:
            # "24 to 48 million": the scale of the second end applies to the first.
            if b >= 1e3 * a and not any(s in parts[0] for s in _SCALES if len(s) > 2):
                for s, mult in _SCALES.items():
                    if len(s) > 2 and parts[1].endswith(s):
                        a *= mult
            return _Read("count", a, b)
    if low.startswith("between ") and " and " in low:
        a, b = (_number(p.split()) for p in low[8:].split(" and ", 1))
        if a is not None and b is not None:
            return _Read("count", min(a, b), max(a, b))
    n = _number(re.split(r"[\s]+", low))
    if n is not None:
        return _Read("count", n)
    return None


#: Common units read without quantulum3 (whose first use costs ~15 s: it loads inflect and its
#: unit tables): unit word -> (quantulum3-style unit name, dimension, pint unit).
COMMON_UNITS: dict[str, tuple[str, str, str]] = {
    **{w: ("kilometre", "length", "km") for w in ("km", "kms", "kilometer", "kilometers", "kilometre", "kilometres")},
    **{w: ("mile", "length", "mile") for w in ("mi", "mile", "miles")},
    **{w: ("metre", "length", "m") for w in ("m", "meter", "meters", "metre", "metres")},
    **{w: ("foot", "length", "foot") for w in ("ft", "foot", "feet")},
    **{w: ("kilogram", "mass", "kg") for w in ("kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes")},
    **{w: ("tonne", "mass", "tonne") for w in ("tonne", "tonnes", "metric ton", "metric tons")},
    **{w: ("pound-mass", "mass", "lb") for w in ("lb", "lbs")},
    **{w: ("hectare", "area", "hectare") for w in ("ha", "hectare", "hectares")},
    **{w: ("acre", "area", "acre") for w in ("acre", "acres")},
    **{w: ("square kilometre", "area", "km**2") for w in ("sq km", "square km", "km2", "square kilometers", "square kilometres")},
    **{w: ("square mile", "area", "mile**2") for w in ("sq mi", "square miles", "square mile")},
    **{w: ("litre", "volume", "l") for w in ("l", "litre", "litres", "liter", "liters")},
}
_LEADING_NUMBER = re.compile(r"^\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:(million|billion|thousand)\s+)?([a-z][a-z. ]*?)\s*$", re.I)


def _common_unit(text: str) -> _Read | None:
    m = _LEADING_NUMBER.match(text)
    if not m:
        return None
    unit = COMMON_UNITS.get(m.group(3).lower().rstrip("."))
    if unit is None:
        return None
    value = float(m.group(1).replace(",", "")) * (_SCALES[m.group(2).lower()] if m.group(2) else 1)
    name, entity, pint_unit = unit
    dim, canon = _DIMENSIONS[entity]
    normalized = _convert(value, pint_unit, canon) if canon else None
    return _Read("measure", value, unit=name, of=dim, normalized=normalized,
                 normalized_unit=canon if normalized is not None else None)


def _unit_reading(text: str) -> list[_Read]:
    """Measures and money in a QUANTITY/MONEY span: common units from :data:`COMMON_UNITS`, the
    rest by quantulum3 (never called on ordinals: it reads "11th" as tonne-hour)."""
    common = _common_unit(text)
    if common is not None:
        return [common]
    if _currency(text) is not None:
        return []  # money is read by _money_plain: no need to load quantulum3 for "$5 million"
    import quantulum3.classifier as qclf

    qclf.USE_CLF = False  # the classifier crashes beside scikit-learn; rules are enough for units
    from quantulum3 import parser as qparser

    try:
        quantities = qparser.parse(text)
    except Exception:  # quantulum3 raises bare errors on odd text; no unit is the safe reading
        return []
    out: list[_Read] = []
    for q in quantities:
        entity = q.unit.entity.name
        if entity == "currency":
            code = _currency(text) or q.unit.name
            out.append(_Read("money", float(q.value), unit=code, normalized=float(q.value), normalized_unit=code))
            continue
        if entity in ("dimensionless", "unknown") or q.unit.name in ("dimensionless",):
            continue
        dim, canon = _DIMENSIONS.get(entity, (entity, None))
        normalized = _convert(float(q.value), q.unit.name, canon) if canon else None
        out.append(_Read("measure", float(q.value), unit=q.unit.name, of=dim,
                         normalized=normalized, normalized_unit=canon if normalized is not None else None))
    return out


def _currency(text: str) -> str | None:
    low = text.lower()
    for sym in ("us$", "$", "£", "€", "¥"):
        if sym in low:
            return _CURRENCIES[sym]
    for w in re.findall(r"[a-z]+", low):
        if w in _CURRENCIES:
            return _CURRENCIES[w]
    return None


def _convert(value: float, unit: str, canon: str) -> float | None:
    import pint

    ureg = pint.get_application_registry()
    try:
        return float(ureg.Quantity(value, unit.replace(" ", "_")).to(canon).magnitude)
    except Exception:  # pint raises several unrelated types for names it does not know
        try:
            return float(ureg.Quantity(value, unit).to(canon).magnitude)
        except Exception:
            return None


def _money_plain(words: list[str]) -> _Read | None:
    text = " ".join(words)
    code = _currency(text)
    nums = [w for w in re.split(r"[\s$£€¥]+", text) if w and w.lower() not in _CURRENCIES and w.lower() != "us"]
    n = _read_plain(nums)
    if n is None or code is None:
        return None
    return _Read("money", n.value, n.high, unit=code, normalized=n.value, normalized_unit=code)


# ---- the stage -------------------------------------------------------------------------------


def _merge_parenthetical(doc: Doc, cands: list[_Cand]) -> list[tuple[_Cand, _Cand | None]]:
    """Pair a QUANTITY with a QUANTITY restating it in parentheses right after it."""
    out: list[tuple[_Cand, _Cand | None]] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        nxt = cands[i + 1] if i + 1 < len(cands) else None
        if (
            nxt is not None
            and c.label in ("QUANTITY", "MONEY") and nxt.label == c.label
            and nxt.start == c.end + 1 and doc[c.end].text == "("
            and nxt.end < len(doc) and doc[nxt.end].text == ")"
        ):
            out.append((c, nxt))
            i += 2
            continue
        out.append((c, None))
        i += 1
    return out


def _make(doc: Doc, article_id: str, offset: int, start_tok: int, end_tok: int, r: _Read, approx: str | None,
          span_tokens: set[int], root: Token, notes: list[str]) -> Figure:
    s, e = doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
    of = r.of if r.of is not None else _counted(root, span_tokens)
    if r.kind == "money" and of is not None and of.split()[-1] in _CURRENCIES:
        of = None  # "2 million euros": the currency is the unit, not what is counted
    note = "; ".join(n for n in [r.note, *notes] if n)
    return Figure(
        id=figure_id(article_id, offset + s, offset + e),
        span=Span(article_id, offset + s, offset + e),
        text=doc[start_tok:end_tok].text,  # == doc.text[s:e], without rebuilding the whole text
        kind=r.kind,  # type: ignore[arg-type]
        value=r.value,
        high=r.high,
        unit=r.unit,
        of=of,
        approx=approx or r.approx,
        normalized=r.normalized,
        normalized_unit=r.normalized_unit,
        note=note,
    )


def _root(doc: Doc, start: int, end: int) -> Token:
    """The number token of the span whose head lies outside it (the one the parse attaches)."""
    toks = [t for t in doc[start:end] if t.like_num or _ordinal(t.text) is not None or t.lower_ in VAGUE_COUNTS or t.lower_ in _FRACTION_WORDS]
    for t in reversed(toks or list(doc[start:end])):
        if not (start <= t.head.i < end) or t.head.i == t.i:
            return t
    return (toks or list(doc[start:end]))[-1]


def find_figures(doc: Doc, article_id: str, offset: int = 0) -> list[Figure]:
    """Every figure in ``doc`` (a spaCy parse of text starting at ``offset`` in the article).

    Returns figures in text order; spans point into the article (``offset`` added).  Dates, years,
    clock times and "24/7" are never figures; a span whose number cannot be read is skipped.
    """
    if len(doc) == 0:
        return []
    figures: list[Figure] = []
    for cand, paren in _merge_parenthetical(doc, _candidates(doc)):
        if cand.label == "CARDINAL" and _is_date_like(doc, cand.start, cand.end):
            continue
        start, before = _approx_before(doc, cand.start)
        words = [t.text for t in doc[cand.start:cand.end]]
        words, inner_approx, notes = _strip_leading(words)
        approx = before or inner_approx
        end = paren.end + 1 if paren is not None else cand.end
        span_tokens = set(range(start, end))
        if cand.label == "ORDINAL":
            figures.extend(_ordinals(doc, article_id, offset, cand, approx, span_tokens))
            continue
        reading: _Read | None = None
        if cand.label in ("QUANTITY", "MONEY"):
            found = _unit_reading(" ".join(words))
            reading = found[0] if found else (_money_plain(words) if cand.label == "MONEY" else None)
            if reading is None:
                reading = _read_plain(words)
            if paren is not None and reading is not None:
                other = _unit_reading(doc[paren.start:paren.end].text)
                if other:
                    o = other[0]
                    notes.append(f"also given as {o.value:g} {o.unit}" + (
                        f" = {o.normalized:.1f} {o.normalized_unit}" if o.normalized is not None else ""))
        else:
            reading = _read_plain(words)
        if reading is None:
            continue
        if reading.kind == "count" and end < len(doc) and doc[end].lower_ in _CURRENCIES and paren is None:
            # "2 million euros" tagged CARDINAL: the currency word makes it money
            code = _CURRENCIES[doc[end].lower_]
            reading = _Read("money", reading.value, reading.high, unit=code, normalized=reading.value, normalized_unit=code)
            end += 1
            span_tokens.add(end - 1)
        if cand.label == "PERCENT" and reading.kind == "count":
            reading = _Read("percent", reading.value, reading.high, unit="%", normalized=reading.value, normalized_unit="%")
        if reading.kind == "fraction":
            reading.note = _fraction_note(doc, cand, reading)
        root = _root(doc, cand.start, cand.end)
        fig = _make(doc, article_id, offset, start, end, reading, approx, span_tokens, root, notes)
        if fig.kind in ("count", "vague") and fig.of and fig.of.split()[-1] in _DATE_WORDS:
            continue  # "at least 20 more years", "two weeks": a duration, which the dates stage reads
        figures.append(fig)
    return _dedupe(figures)


def _fraction_note(doc: Doc, cand: _Cand, r: _Read) -> str:
    """ "half of Afghanistan's 34 provincial capitals": say what the fraction comes to."""
    root = _root(doc, cand.start, cand.end)
    for child in root.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                for t in pobj.lefts:
                    if t.dep_ == "nummod":
                        n = _number([t.text])
                        if n is not None:
                            return f"{r.note}; of {n:g} = {r.value * n:g}"
    return r.note


def _ordinals(doc: Doc, article_id: str, offset: int, cand: _Cand, approx: str | None, span_tokens: set[int]) -> Iterable[Figure]:
    """One figure per ordinal word in the span: "the 10th and 11th" is two ordinals."""
    for t in doc[cand.start:cand.end]:
        n = _ordinal(t.text)
        if n is None:
            continue
        if t.dep_ == "advmod" and t.head.pos_ in ("VERB", "AUX"):
            continue  # "first reported by Reuters": an adverb of time, not a rank
        note = ""
        head = t.head
        if t.dep_ in ("advmod", "npadvmod", "amod") and head.tag_ in ("JJS", "RBS"):
            note = f"rank: {t.lower_} {head.lower_}"
        yield _make(doc, article_id, offset, t.i, t.i + 1, _Read("ordinal", float(n), note=note), approx, span_tokens, t, [])


def _dedupe(figures: list[Figure]) -> list[Figure]:
    seen: set[tuple[int, int]] = set()
    out: list[Figure] = []
    for f in sorted(figures, key=lambda f: (f.span.start, f.span.end)):
        if any(f.span.start < e and s < f.span.end for s, e in seen):
            continue
        seen.add((f.span.start, f.span.end))
        out.append(f)
    return out
