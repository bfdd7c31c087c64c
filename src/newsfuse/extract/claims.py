"""Claims: the atomic statements one article makes, each pointing at the sentence that states it.

A claim is (subject, relation, value, date, place) normalised for matching across articles, with
``mentions`` = the sentence (clipped to its paragraph) and ``text`` = exactly those words.  Claims
are read from the article's annotations -- no parse is needed here:

* **figures** (``ann.figures``):

  - *counts* ("3,000 US troops will be deployed"): subject = the actor's country (a country named
    inside the counted phrase, "US troops", else the first country named before the number in the
    sentence, "Britain has said it will deploy 600 troops") + the counted noun, troop words folded
    to "troops" (:data:`TROOP_WORDS`); relation = a verb near the number (:data:`RELATION_WORDS`,
    "deployed"), else "number"; value = the number; place = a place named after "to"/"in"/"into";
    people counted as people (:data:`PEOPLE_WORDS`: "2,000 residents", "2,000 people") are
    "people", their leaving home in any words ("were moved out", "packed up and left", "had left
    their homes") is "evacuated", their place the town named before the count (else the
    dateline's), their date the day stated ("by Thursday evening" is Thursday);
  - *distances* with a direction or reference ("Ghazni city -- about 80 miles southwest of
    Afghanistan's capital, Kabul"; "Shrewsbury, about 90 km upstream"; not "peaked at 5.61 metres"):
    subject = the place measured, relation = "distance from <place>" (the place named, else "the
    capital" when so called, else the dateline's place; none of these: no claim), the two places in
    name order so "A, 40 miles from B" and "B, 64 km from A" are one distance; value = kilometres;
  - *ranks* ("Herat would the tenth provincial capital", "Kandahar, the country's second-largest
    city"): subject = the place ranked, relation = "<superlative> <noun>" ("largest city") or
    "<noun> to fall" when the sentence is about places falling, value = the rank.
* **events** (``events``, from :mod:`newsfuse.extract.events`): an *asserted* territory event with
  a place ("the Taliban captured Ghazni") is a claim (place, "taken", "taken by <actor>"); its date
  only when the sentence states one.  Buildings taken inside a place ("took control of the police
  headquarters") are "parts taken".
* **states** (text rules, dated the day they are stated -- the sentence's date, else publication):
  "<place> has been entirely taken over" -> (place, "control", "entirely taken"); government forces
  "remained in control of" / "still hold" / control "has shrunk to" something in a place ->
  (place, "control", "government still holds part").
* **attributed disagreement** (``ann.quotes``): one speaker reports a capture ("The Associated Press
  ... reported both had been captured") and the next speaker says "that was not yet clear": two
  claims (place, "captured (attributed)", "captured, per X" / "not yet clear, per Y") that carry a
  :class:`~newsfuse.model.Conflict` of kind "attributed" against each other.

Not facts: events that are not asserted (future, hypothetical, negated, uncertain) give **no**
claim; figures in an "if"/"unless" sentence keep their claim with the relation marked
:data:`CONDITIONAL` so they never merge with, or contradict, an asserted statement as if equal.
Spans inside noise (captions, trailers, ...) give nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence

from newsfuse.extract.taxonomy import SETTLEMENT_NOUNS, TERRITORY_SUBTYPES
from newsfuse.model import SHARE_KINDS, Annotations, Article, Claim, Conflict, EntityMention, EventMention, Figure, Span

#: Appended to a relation stated under a condition ("would be sent ... if the situation worsened").
CONDITIONAL = " (conditional)"

#: Words for soldiers that count the same thing in news of deployments.
TROOP_WORDS = frozenset({"troops", "troop", "soldiers", "soldier", "marines", "marine", "personnel",
                         "forces", "servicemembers", "paratroopers", "service members"})

#: Words for people counted as people (not as soldiers, officials or victims of one kind): folded
#: to "people", so "2,000 residents" and "2,000 people" of one town count the same thing.
PEOPLE_WORDS = frozenset({"people", "persons", "residents", "inhabitants", "locals", "villagers", "townspeople"})

#: Phrases after a count of people that say they left their homes (evacuated), beyond the verb
#: stems below: "were moved out of riverside streets", "packed up and left", "had left their homes".
_LEFT_HOMES = re.compile(
    r"\b(?:(?:were|was|been|being)\s+moved\s+out|(?:moved|forced|driven)\s+(?:out\s+of|from)\s+(?:their\s+)?homes?|"
    r"moved\s+out\s+of|packed\s+up\s+and\s+left|told\s+to\s+leave|"
    r"(?:left|leave|leaving|fled|flee|fleeing)\s+(?:their|his|her|the)?\s*(?:own\s+)?homes?)\b", re.I)
#: How far after a count such a phrase may start (characters: "some 2,000 people in this
#: Worcestershire riverside town packed up and left"); read off news syntax, not tuned.
LEFT_HOMES_REACH = 60

#: A distance is a distance between places only with a direction or reference next to it ("80 miles
#: southwest of", "90 km upstream", "40 miles to the south-east"); "peaked at 5.61 metres" is a level.
_DIRECTION = re.compile(
    r"^(?:\s*\([^)]{0,25}\))?\s*(?:to\s+the\s+|further\s+|farther\s+)?"
    r"(?:(?:north|south|east|west)(?:[\s-]?(?:north|south|east|west))?(?:ward)?|up(?:stream|river)|"
    r"down(?:stream|river)|away|from|of|inland|offshore|outside|beyond)\b", re.I)

#: Verb stems near a count -> the relation they state (first match within the window wins).
RELATION_WORDS: tuple[tuple[str, str], ...] = (
    ("deploy", "deployed"), ("send", "deployed"), ("sent", "deployed"), ("dispatch", "deployed"),
    ("rush", "deployed"), ("airlift", "deployed"), ("remain", "remaining"), ("kill", "killed"),
    ("dead", "killed"), ("die", "killed"), ("wound", "wounded"), ("injur", "wounded"), ("hurt", "wounded"),
    ("arrest", "arrested"), ("displac", "displaced"), ("flee", "fled"), ("fled", "fled"),
    ("surrender", "surrendered"), ("evacuat", "evacuated"), ("control", "controlled"), ("hold", "controlled"),
    ("holding", "controlled"),
)
#: Words near a count of places that state the places were taken ("overran three key cities", "saw more
#: than a third of the provincial capitals fall"): whole words, for counts of towns and provinces only
#: (``SETTLEMENT_NOUNS``), so "his fellow soldiers", "the fall of Kabul ... 120,000 people" and "captured
#: 20 soldiers" keep theirs.
TAKEN_WORDS = frozenset({"fall", "falls", "fell", "fallen", "falling", "captured", "capture", "capturing",
                         "seized", "seize", "seizing", "overran", "overrun", "overrunning", "taken", "took"})
#: How many words either side of a count the relation verb may stand (a clause's reach in news
#: prose: "The Pentagon said that it would send about 3000 additional US troops"); not tuned.
RELATION_WINDOW = 8
#: A country named within this many words of a sentence's start is its subject ("Britain has said
#: it will deploy 600 troops", "The United States will ... send"); read off news syntax, not tuned.
SUBJECT_LEAD_WORDS = 2
#: Words before a capture that make it a prospect, not a report ("prepare for a Taliban takeover").
_PROSPECT = re.compile(r"\b(?:prepar\w*|fear\w*|threat\w*|risk|potential|possible|plans?|brink|verge|ahead of)\b[^.]{0,30}$", re.I)

_FALL_WORDS = re.compile(r"\b(?:fall|fell|fallen|falling|taken|captured|seized|overrun|overran|surrender\w*)\b", re.I)
_IF = re.compile(r"\b(?:if|unless)\b", re.I)
_BUILDINGS = re.compile(
    r"\b(?:headquarters|compound|buildings?|office|jail|prison|base|barracks|airport|police|palace|ministry)\b", re.I)
_ENTIRELY = re.compile(r"\b(?:entirely|completely|fully|totally|wholly)\s+(?:been\s+)?(?:taken|captured|seized|overrun|fallen)", re.I)
_GOV_HOLDS = re.compile(
    r"(?:government|afghan|security)\s+(?:\w+\s+)?(?:forces|troops|control|soldiers)\b[^.]{0,40}?"
    r"\b(?:remain(?:ed|s)?\s+in\s+control|still\s+(?:hold|control)s?|(?:has|had)\s+shrunk\s+to|held\s+on\s+to|hold(?:s|ing)?\s+on\s+to)",
    re.I,
)
#: Structures whose state news reports (a bridge, a crossing, a dam): "crossing" and "bridge" are
#: one kind, so "The crossing is closed but standing" can answer "The bridge ... has collapsed".
STRUCTURE_KINDS: dict[str, str] = {"bridge": "bridge", "crossing": "bridge", "viaduct": "bridge", "footbridge": "bridge",
                                   "dam": "dam", "levee": "levee", "embankment": "levee"}
_STRUCTURE = "(?:" + "|".join(sorted(STRUCTURE_KINDS, key=len, reverse=True)) + ")"
#: "<structure> ... has collapsed / was washed away" and "<structure> is (closed but) standing".
_STRUCTURE_DOWN = re.compile(
    rf"\b({_STRUCTURE})\b[^.;]{{0,60}}?\b(?:has|had|have)?\s*(?:collapsed|been\s+(?:destroyed|washed\s+away|swept\s+away))",
    re.I)
_STRUCTURE_UP = re.compile(
    rf"\b({_STRUCTURE})\b[^.;]{{0,60}}?\s(?:is|was|remains|remained|was\s+still|is\s+still)\s+(?:closed\s+but\s+|still\s+)?"
    r"(?:standing|intact)\b", re.I)
_DOUBT = re.compile(
    r"^(?:that|this|it)\s+(?:was|is|had|has)\s+(?:not\s+(?:yet\s+)?(?:clear|confirmed|true|the case)|unclear|unconfirmed|untrue|false)"
    r"|^(?:that|this|it)\s+(?:had\s+)?not\s+(?:yet\s+)?happened", re.I)
_CAPTURE_WORDS = re.compile(r"\b(?:captured|taken|seized|fallen|overrun|fell)\b", re.I)
_CLAUSE_BREAK = re.compile(r"\b(?:was|were|is|are|has|have|had|as|while|after|when|but|which|who)\b", re.I)
_POSSESSIVE = re.compile(r"^\s*['’]s?\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: What may stand between a place and its rank: a comma or copula, then "the"/possessors.
_RANK_LINK = re.compile(
    r"\s*(?:,|—|–|\(|is|was|were|would(?: be)?|will be|became|has become|remains)?\s*"
    r"(?:(?:the|a|an|[\w-]+['’]s?)\s+)*", re.I)
_SUPERLATIVE = re.compile(r"rank: \w+ (\w+)")


def claim_id(article: str, start: int, end: int, subject: str, relation: str, value: str) -> str:
    """The content-derived id of one article's claim."""
    key = f"{article}:{start}:{end}:{subject}:{relation}:{value}"
    return "c" + hashlib.sha256(key.encode()).hexdigest()[:12]


# ---- sentences -------------------------------------------------------------------------------


def _sentences(article: Article, ann: Annotations) -> list[tuple[int, int]]:
    """Sentences clipped to paragraphs and stripped of whitespace; noise dropped."""
    text = article.text
    raw = list(ann.sentences) or _split_sentences(text)
    out: list[tuple[int, int]] = []
    for s, e in raw:
        s, e = max(0, s), min(len(text), e)
        pos = s
        for piece in re.split(r"(\n+)", text[s:e]):
            ps, pe = pos, pos + len(piece)
            pos = pe
            if not piece.strip() or piece.startswith("\n"):
                continue
            ps += len(piece) - len(piece.lstrip())
            pe -= len(piece) - len(piece.rstrip())
            if pe > ps and not article.is_noise(ps, pe):
                out.append((ps, pe))
    return sorted(set(out))


def _split_sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+(?:[.!?]+[\"”’]?|$)", text) if m.group().strip()]


def _sentence_of(sents: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    for s, e in sents:
        if s <= start and end <= e:
            return s, e
    for s, e in sents:  # a span crossing a sentence break: the sentence it starts in
        if s <= start < e:
            return s, e
    return None


# ---- helpers over entity mentions ------------------------------------------------------------


def _places(ann: Annotations, start: int, end: int) -> list[EntityMention]:
    return [m for m in ann.entities if m.kind == "place" and start <= m.span.start and m.span.end <= end]


def _place_name(m: EntityMention) -> str:
    return m.place.name if m.place is not None else m.key


def _country(m: EntityMention) -> str | None:
    """The country a place mention names when it names a whole country ("US", "Britain")."""
    if m.place is not None and m.place.kind == "country":
        return m.place.name
    return None


def _noun_key(of: str) -> str:
    words = of.lower().split()
    if not words:
        return of
    if words[-1] in TROOP_WORDS or " ".join(words[-2:]) in TROOP_WORDS:
        return "troops"
    if words[-1] in PEOPLE_WORDS:
        return "people"
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return last


def _value(f: Figure) -> str:
    if f.kind == "vague":
        return f.text.lower().split()[-1]
    if f.kind == "fraction":
        return f"{f.value:.2f}"
    if f.normalized is not None and f.normalized_unit and f.kind == "measure":
        return f"{f.normalized:.1f} {f.normalized_unit}"
    num = f"{f.value:g}" + (f"-{f.high:g}" if f.high is not None else "")
    if f.kind == "percent":
        return num + "%"
    if f.kind == "money":
        return f"{num} {f.unit}"
    return num


def _words_around(text: str, start: int, end: int, s: int, e: int, window: int) -> list[str]:
    before = _WORD.findall(text[s:start])[-window:]
    after = _WORD.findall(text[end:e])[:window]
    # nearest first, alternating sides
    out: list[str] = []
    for i in range(window):
        if i < len(before):
            out.append(before[-1 - i].lower())
        if i < len(after):
            out.append(after[i].lower())
    return out


def _relation(text: str, f: Figure, s: int, e: int, noun: str) -> str:
    after = _LEFT_HOMES.search(text, f.span.end, e)
    if after is not None and after.start() - f.span.end <= LEFT_HOMES_REACH:
        return "evacuated"
    for w in _words_around(text, f.span.start, f.span.end, s, e, RELATION_WINDOW):
        if noun in SETTLEMENT_NOUNS and w in TAKEN_WORDS:
            return "taken"
        for stem, rel in RELATION_WORDS:
            if w.startswith(stem):
                return rel
    return "number"


def _date_in(ann: Annotations, s: int, e: int) -> dt.date | None:
    days = [d for d in ann.dates if s <= d.span.start and d.span.end <= e and d.precision == "day" and d.start]
    return days[0].start if days else None


def is_running_count(subject: str, relation: str) -> bool:
    """People who did something in one place ("2,000 residents moved out" of Bewdley): a total that
    runs with time, and whose place and deed (not an actor) say which count it is."""
    if relation.endswith(CONDITIONAL):
        relation = relation[: -len(CONDITIONAL)]
    return subject == "people" and relation != "number"


def _count_date(ann: Annotations, s: int, e: int) -> dt.date | None:
    """The day a running total is given for: a stated day, or the end of "by Thursday (evening)"."""
    for d in sorted(ann.dates, key=lambda d: d.span.start):
        if not (s <= d.span.start and d.span.end <= e):
            continue
        if d.precision == "day" and d.start:
            return d.start
        if d.precision == "range" and d.start is None and d.end is not None:
            return d.end
    return None


# ---- figure claims ---------------------------------------------------------------------------


def _country_words(ann: Annotations) -> dict[str, str]:
    """Surface form -> country, from the article's own place mentions ("US" -> "United States")."""
    out: dict[str, str] = {}
    for m in ann.entities:
        if m.kind == "place" and (c := _country(m)):
            out.setdefault(m.text.lower(), c)
    return out


def _count_claim(article: Article, ann: Annotations, f: Figure, s: int, e: int) -> tuple[str, str, str, str | None]:
    text = article.text
    noun = _noun_key(f.of or "")
    # the counted phrase: from the number to the counted noun ("3000 additional US troops")
    phrase_end = f.span.end
    if f.of:
        m = re.search(re.escape(f.of.split()[-1]), text[f.span.end:e], re.I)
        if m and m.start() < 40:
            phrase_end = f.span.end + m.end()
    actor: str | None = None
    if noun == "troops":
        # whose troops: a country named in the counted phrase, else the sentence's subject country
        countries = _country_words(ann)
        actor = next((countries[w.lower()] for w in re.findall(r"[\w.]+", text[f.span.end:phrase_end])
                      if w.lower() in countries), None)
        if actor is None:
            for m in _places(ann, s, f.span.start):
                lead = _WORD.findall(text[s:m.span.start])
                if _country(m) and len(lead) <= SUBJECT_LEAD_WORDS and not (lead and lead[-1].lower() in ("in", "to", "of", "from")):
                    actor = _country(m)
                    break
    elif f.kind in SHARE_KINDS:
        # who holds the share: the first group or organisation named before it ("the Taliban ... two-thirds")
        holder = [m for m in ann.entities if m.kind in ("group", "org") and s <= m.span.start and m.span.end <= f.span.start]
        actor = holder[0].key if holder else None
    place = None
    for m in _places(ann, phrase_end, e):
        lead = text[max(s, m.span.start - 12):m.span.start].lower()
        # a country destination ("to Afghanistan") says less than a city: it is left unknown so
        # "sent to Afghanistan" and "deployed to Kabul" can be the same deployment
        if re.search(r"\b(?:to|in|into|at)\s+(?:the\s+)?$", lead) and _country(m) is None:
            place = _place_name(m)
            break
    if place is None and noun == "people":
        place = _people_place(article, ann, f, s, e)
    subject = f"{actor} {noun}" if actor else noun
    # "holding half of Afghanistan's 34 provincial capitals": 34 is how many there are, not how many are held
    relation = "number" if _whole_of_share(ann, f, text) else _relation(text, f, s, e, noun)
    return subject, relation, _value(f), place


#: What stands between a share and the count it is a share of: "of", then "the", "all", possessors
#: ("half of Afghanistan's 34 provincial capitals", "a third of its 34 capitals", "40% of all 34").
_SHARE_OF = re.compile(r"\s+of\s+(?:(?:the|all|these|those|its|their|his|her|our|[\w-]+['’]s?)\s+)*", re.I)


def _whole_of_share(ann: Annotations, f: Figure, text: str) -> bool:
    """Whether the count ``f`` is the whole a share just before it is taken of."""
    return f.kind not in SHARE_KINDS and any(
        g.kind in SHARE_KINDS and g.span.end <= f.span.start
        and _SHARE_OF.fullmatch(text, g.span.end, f.span.start) is not None for g in ann.figures)


def _dateline_place(article: Article, ann: Annotations) -> EntityMention | None:
    """The place the article's dateline names ("BEWDLEY, England (CPA) —"), as a mention."""
    if not article.dateline:
        return None
    head = article.dateline.split(",")[0].strip().casefold()
    for m in sorted(ann.entities, key=lambda m: m.span.start):
        if m.kind == "place" and m.text.casefold() == head and _country(m) is None:
            return m
    return None


def _people_place(article: Article, ann: Annotations, f: Figure, s: int, e: int) -> str | None:
    """Where counted people are: the nearest town named before the count in its sentence ("In
    Bewdley, ..., about 1,200 residents"; "the town of Bewdley ... as some 2,000 residents"), else
    the dateline's place when the sentence names none ("2,000 people in this ... town")."""
    text = article.text
    for m in reversed(_places(ann, s, f.span.start)):
        if _country(m) is None and not _POSSESSIVE.match(text[m.span.end:m.span.end + 3]) and (
            m.place is None or m.place.kind not in ("admin1", "admin2", "region", "continent")
        ):
            return _place_name(m)
    if not any(_country(m) is None for m in _places(ann, s, e)):
        d = _dateline_place(article, ann)
        return _place_name(d) if d is not None else None
    return None


def _distance_claim(article: Article, ann: Annotations, f: Figure, s: int, e: int) -> tuple[str, str, str] | None:
    text = article.text
    subject: str | None = None
    for m in reversed(_places(ann, s, f.span.start)):
        between = text[m.span.end:f.span.start]
        if _POSSESSIVE.match(between):
            continue
        if re.match(r"^\s*(?:city|town|province)?\s*[,—–(-]", between) and not _CLAUSE_BREAK.search(between):
            subject = _place_name(m)
            break
    placed = subject is not None
    if subject is None:
        words = _WORD.findall(text[s:f.span.start])
        if not words:
            return None
        subject = words[-1].lower()
    if not _DIRECTION.match(text[f.span.end:e]):
        return None
    # the reference: a place named after "of" ("80 miles southwest of Afghanistan's capital,
    # Kabul"), else "the capital" when so called, else the dateline's place ("WORCESTER -- ...
    # Shrewsbury, about 90 km upstream"); with none of these, from where is not said: no claim
    ref: str | None = None
    after = text[f.span.end:e]
    of = re.search(r"\bof\b", after)
    if of and of.start() < 30:
        for m in _places(ann, f.span.end + of.end(), e):
            if _POSSESSIVE.match(text[m.span.end:m.span.end + 3]) and "capital" in text[m.span.end:m.span.end + 14]:
                continue  # "Afghanistan's capital, Kabul": the capital is named next
            if m.span.start - (f.span.end + of.end()) > 40:
                break
            ref = _place_name(m)
            break
    if ref is None and re.search(r"\bcapital\b", after[:60]):
        ref = "the capital"
    if ref is None and (d := _dateline_place(article, ann)) is not None and _place_name(d) != subject:
        ref = _place_name(d)
    if ref is None:
        return None
    if placed and ref != "the capital" and ref < subject:  # between two places: one key per pair
        subject, ref = ref, subject
    return subject, f"distance from {ref}", _value(f)


def _rank_claims(article: Article, ann: Annotations, group: list[Figure], s: int, e: int) -> list[tuple[Figure, str, str, str]]:
    """(figure, subject, relation, value) for ordinals ranking places."""
    text = article.text
    first, last = group[0], group[-1]
    noun = _noun_key(first.of or "")
    sup = _SUPERLATIVE.search(first.note)
    if sup:
        relation = f"{sup.group(1)} {noun}"
    elif _FALL_WORDS.search(text[s:e]):
        relation = f"{noun} to fall"
    else:
        relation = f"rank among {noun}s"
    subjects: list[str] = []
    before = _places(ann, s, first.span.start)
    for i in range(len(before) - 1, -1, -1):
        m = before[i]
        between = text[m.span.end:first.span.start]
        if _POSSESSIVE.match(between):
            continue
        if _RANK_LINK.fullmatch(between):
            subjects = [_place_name(m)]
            j = i
            while j > 0 and re.fullmatch(r"\s*(?:,|and|, and)\s*", text[before[j - 1].span.end:before[j].span.start]):
                subjects.insert(0, _place_name(before[j - 1]))
                j -= 1
        break
    if not subjects:
        for m in _places(ann, last.span.end, e):
            between = text[last.span.end:m.span.start]
            if re.fullmatch(r"[\s-]*[\w-]+(?:\s[\w-]+)?,\s*", between):
                subjects = [_place_name(m)]
            break
    if not subjects:
        return []
    if len(subjects) == len(group):
        pairs = list(zip(group, subjects, strict=True))
    else:
        pairs = [(group[0], subjects[-1])]
    return [(f, subj, relation, f"{f.value:g}") for f, subj in pairs]


def _buildings_taken(text: str, s: int, e: int, trigger: Span) -> bool:
    """Whether what was taken is buildings in the place ("took control of the police headquarters",
    "the governor's office had been taken"), not the place itself ("the city was overrun")."""
    before = text[s:trigger.start]
    passive = re.search(r"([\w'’]+)\s+(?:was|were|had been|has been|have been|is being)\s+$", before)
    if passive:
        return bool(_BUILDINGS.fullmatch(passive.group(1)))
    after = re.split(r"[.;]|\bbut\b", text[trigger.end:e], maxsplit=1)[0][:50]
    return bool(_BUILDINGS.search(after)) and not re.search(r"\b(?:city|town|capital)\b", after[:25])


def _ordinal_groups(figs: list[Figure], text: str) -> list[list[Figure]]:
    """Ordinals joined by "and" ("the 10th and 11th") form one group."""
    groups: list[list[Figure]] = []
    for f in figs:
        if groups and re.fullmatch(r"\s*(?:,|and|, and|or)\s*", text[groups[-1][-1].span.end:f.span.start]):
            groups[-1].append(f)
        else:
            groups.append([f])
    return groups


# ---- the stage -------------------------------------------------------------------------------


def extract_claims(article: Article, ann: Annotations, events: Sequence[EventMention] = ()) -> list[Claim]:
    """Every claim ``article`` makes, in text order, from its annotations and event mentions."""
    text = article.text
    sents = _sentences(article, ann)
    out: dict[str, Claim] = {}

    def add(s: int, e: int, subject: str, relation: str, value: str, *, date: dt.date | None = None,
            place: str | None = None, figure: Figure | None = None, event: str | None = None,
            conflicts: tuple[Conflict, ...] = ()) -> str:
        if _IF.search(text[s:e]) and figure is not None:
            relation += CONDITIONAL
        cid = claim_id(article.id, s, e, subject, relation, value)
        if cid not in out:
            out[cid] = Claim(id=cid, text=text[s:e], subject=subject, relation=relation, value=value,
                             mentions=(Span(article.id, s, e),), sources=(), date=date, place=place,
                             event=event, figure=figure, conflicts=conflicts)
        return cid

    # figures
    figs = sorted((f for f in ann.figures if not article.is_noise(f.span.start, f.span.end)), key=lambda f: f.span.start)
    ordinals: dict[tuple[int, int], list[Figure]] = {}
    for f in figs:
        sent = _sentence_of(sents, f.span.start, f.span.end)
        if sent is None:
            continue
        s, e = sent
        if f.kind == "ordinal":
            ordinals.setdefault(sent, []).append(f)
            continue
        if f.of == "distance" and f.normalized is not None:
            d = _distance_claim(article, ann, f, s, e)
            if d is not None:
                add(s, e, *d, figure=f)
            continue
        if not f.of or f.kind == "measure":
            continue
        subject, relation, value, place = _count_claim(article, ann, f, s, e)
        if relation == "number" and f.value == 1 and f.high is None:
            continue  # "said one State Department official", "one of the main reasons": a word, not a figure
        # people leaving a town is a running count: dated by the sentence, so Monday's and
        # Thursday's totals are two statements, not a disagreement
        date = _count_date(ann, s, e) if is_running_count(subject, relation) else None
        add(s, e, subject, relation, value, place=place, figure=f, date=date)
    for (s, e), ords in sorted(ordinals.items()):
        for group in _ordinal_groups(ords, text):
            for f, subject, relation, value in _rank_claims(article, ann, group, s, e):
                add(s, e, subject, relation, value, figure=f)

    # events: places taken
    for ev in sorted(events, key=lambda v: (v.trigger.start, v.id)):
        if ev.trigger.article != article.id or ev.subtype not in TERRITORY_SUBTYPES or ev.modality != "asserted":
            continue
        if ev.place is None or ev.place.kind == "country":
            continue
        if ev.place_span is not None and _POSSESSIVE.match(text[ev.place_span.end:ev.place_span.end + 3]):
            continue  # "startled Kabul's backers": the place is a possessor, not what was taken
        if _PROSPECT.search(text[max(0, ev.trigger.start - 50):ev.trigger.start]):
            continue
        sent = _sentence_of(sents, ev.trigger.start, ev.trigger.end)
        if sent is None:
            continue
        s, e = sent
        value = "parts taken" if _buildings_taken(text, s, e, ev.trigger) else "taken"
        date = ev.date.start if ev.date is not None and ev.date.precision == "day" else None
        add(s, e, ev.place.name, "taken", value, date=date, event=ev.id)

    # states: entirely taken / government still holds part
    published = article.published
    for s, e in sents:
        sent_text = text[s:e]
        state = None
        if _ENTIRELY.search(sent_text):
            state = "entirely taken"
        elif _GOV_HOLDS.search(sent_text):
            state = "government still holds part"
        if state is None:
            continue
        places = [m for m in _places(ann, s, e) if _country(m) is None]
        if not places:
            continue
        date = _date_in(ann, s, e) or published
        add(s, e, _place_name(places[0]), "control", state, date=date)

    # states of structures: a bridge collapsed / still standing
    for i, (s, e) in enumerate(sents):
        sent_text = text[s:e]
        for pattern, state in ((_STRUCTURE_DOWN, "collapsed"), (_STRUCTURE_UP, "standing")):
            m = pattern.search(sent_text)
            if m is None or re.search(r"\b(?:not|never|no longer)\b", sent_text[m.start():m.end()]):
                continue
            kind = STRUCTURE_KINDS[m.group(1).lower()]
            where = _structure_place(article, ann, s, e, s + m.start(1))
            if where is None and i > 0 and _same_paragraph(article, sents[i - 1][0], s):
                # "The crossing is closed but standing": the bridge named in the sentence before
                ps, pe = sents[i - 1]
                prev = re.search(rf"\b{_STRUCTURE}\b", text[ps:pe], re.I)
                if prev is not None and STRUCTURE_KINDS[prev.group().lower()] == kind:
                    where = _structure_place(article, ann, ps, pe, ps + prev.start())
            if where is None:
                continue
            # a state is reported as of the day the report is published ("is closed but standing,
            # ... after debris struck its piers on Wednesday night": standing on publication day)
            add(s, e, f"{kind} at {where}", "state", state, date=published or _date_in(ann, s, e))

    # attributed disagreement between consecutive speakers
    for claim in _attributed(article, ann, sents):
        out.setdefault(claim.id, claim)
    return sorted(out.values(), key=lambda c: (c.mentions[0].start, c.mentions[0].end, c.subject, c.relation, c.value))


def _structure_place(article: Article, ann: Annotations, s: int, e: int, at: int) -> str | None:
    """The place a structure named at ``at`` stands in: "the bridge at Cressage", "Cressage bridge"."""
    text = article.text
    # "the bridge at X" makes X a place even where the tagger took it for an organisation
    named = [m for m in ann.entities if m.kind in ("place", "org") and s <= m.span.start and m.span.end <= e]
    for m in named:
        if _country(m) is not None:
            continue
        if m.span.start >= at and re.fullmatch(r"\w+\s+(?:at|in|near|over|of)\s+(?:the\s+)?", text[at:m.span.start], re.I):
            return _place_name(m)
        if m.span.end <= at and re.fullmatch(r"\s*(?:['’]s\s+)?", text[m.span.end:at]):
            return _place_name(m)
    return None


def _same_paragraph(article: Article, a: int, b: int) -> bool:
    return not article.paragraphs or any(ps <= a and b < pe for ps, pe in article.paragraphs)


def _attributed(article: Article, ann: Annotations, sents: Sequence[tuple[int, int]]) -> Iterable[Claim]:
    text = article.text
    quotes = sorted((q for q in ann.quotes if not article.is_noise(q.span.start, q.span.end)), key=lambda q: q.span.start)
    for a, b in zip(quotes, quotes[1:], strict=False):
        if not (_CAPTURE_WORDS.search(a.text) and _DOUBT.search(b.text.strip())):
            continue
        if (a.speaker_text or "").lower() == (b.speaker_text or "").lower():
            continue
        sa, sb = _sentence_of(sents, a.span.start, a.span.end), _sentence_of(sents, b.span.start, b.span.end)
        if sa is None or sb is None:
            continue
        idx = list(sents).index(sa)
        if list(sents).index(sb) - idx > 2:
            continue
        places = [m for m in _places(ann, *sa) if _country(m) is None]
        if not places and idx > 0:  # "reported both had been captured": the places named just before
            places = [m for m in _places(ann, *sents[idx - 1]) if _country(m) is None]
        names = sorted({_place_name(m) for m in places}, key=lambda n: min(m.span.start for m in places if _place_name(m) == n))
        for name in names:
            va = f"captured, per {a.speaker_text or 'an unnamed source'}"
            vb = f"not yet clear, per {b.speaker_text or 'an unnamed source'}"
            ida = claim_id(article.id, sa[0], sa[1], name, "captured (attributed)", va)
            idb = claim_id(article.id, sb[0], sb[1], name, "captured (attributed)", vb)
            span_a, span_b = Span(article.id, *sa), Span(article.id, *sb)
            why = (f"{a.speaker_text or 'one source'} reports {name} captured; "
                   f"{b.speaker_text or 'another source'} says {b.text.strip()!r}")
            yield Claim(id=ida, text=text[sa[0]:sa[1]], subject=name, relation="captured (attributed)", value=va,
                        mentions=(span_a,), conflicts=(Conflict(idb, "attributed", why, span_a, span_b),))
            yield Claim(id=idb, text=text[sb[0]:sb[1]], subject=name, relation="captured (attributed)", value=vb,
                        mentions=(span_b,), conflicts=(Conflict(ida, "attributed", why, span_b, span_a),))
