"""Entity mentions (people, organisations, groups, places) and their canonical names.

One parsed spaCy ``Doc`` plus the geoparser's place mentions go in; a list of
:class:`~newsfuse.model.EntityMention` comes out.  Every decision reads the parse once:

* **Places** come from the geoparser (``annotate.places``), which overrides whatever
  spaCy's small model said about the same words ("Lashkar Gah" PERSON, "Herat" ORG).
  When spaCy called exactly those words a PERSON and the gazetteer reading is *weak*
  (no place cue in the sentence and no other place of the document in the same
  country), the words stay a person with a lowered confidence; when the place reading
  is strong it wins, still below full confidence.
* **Groups** are spaCy's NORP nouns ("Afghans") and collective actors read off the
  parse: a noun of :data:`STATE_HEADS` or :data:`ARMED_HEADS` with its modifiers
  ("Afghan government forces", "Taliban fighters", "US troops", "the insurgents").
  The key is built by rule: a named organisation among the modifiers is the group
  ("Taliban fighters" -> "Taliban"); a nation with state forces gives
  "<nation> government forces" ("Afghan forces", "government soldiers" -> "Afghan
  government forces", the nation of a bare "government" being the one the document
  pairs most with government/military words); a bare "the militants" is the
  document's armed group.  An organisation that heads armed-group nouns ("Taliban
  gunmen"), is the subject of a plural verb ("the Taliban have taken") or is named in
  "pro-"/"anti-" compounds is itself a group.
* **People and organisations** are spaCy's PERSON and ORG entities, cleaned
  (determiners, possessives, trailing punctuation, "The Washington Post's Dan
  Lamothe" split in two) and corrected by the parse: an entity with a role apposition
  ("Mirwais Khadem, a parliament member") or equal to the surname of a person named in
  full ("Hashimi" after "Ghulam Habib Hashimi") is a person.
* **Keys and roles**: a short form matching exactly one full name of the document gets
  that name as key ("Price" -> "Ned Price"); roles come from title pre-modifiers
  ("State Department spokesman Ned Price") and appositions ("Hashimi, a provincial
  council member"; "An Interior Ministry spokesman, Mirwais Stanikzai").

:func:`link_entities` joins mentions across a bundle into :class:`~newsfuse.model.Entity`
records and :func:`entity_at` finds the entity under a span (quote speakers, actors).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from newsfuse.model import Entity, EntityMention, Place, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as TokSpan

    from newsfuse.annotate.places import PlaceMention

# ----------------------------------------------------------------------------- lexicons

#: Head nouns of state armed forces ("Afghan forces", "US troops", "government soldiers").
STATE_HEADS = {"force", "forces", "troop", "troops", "soldier", "soldiers", "military", "army", "marines"}
#: Head nouns of non-state armed actors ("Taliban fighters", "the insurgents").
ARMED_HEADS = {"fighter", "fighters", "militant", "militants", "insurgent", "insurgents", "gunman", "gunmen",
               "rebel", "rebels", "jihadist", "jihadists", "militia", "militias", "militiamen", "extremists"}
#: Nouns that, modified by a nation, say which nation the document's bare "government" is:
#: first the government words themselves, then (when no nation modifies those) military ones.
GOVERNMENT_WORDS = {"government", "administration", "state", "authorities", "regime"}
MILITARY_WORDS = {"military", "army", "forces", "troops", "security", "soldiers"}
_NATION_HEAD_WORDS = GOVERNMENT_WORDS | MILITARY_WORDS
#: Modifiers of a state-force noun that add nothing to its identity.
FORCE_FILLERS = {"government", "security", "armed", "military", "national", "state", "regular", "additional", "more",
                 "other", "local", "combat", "ground", "special"}
#: Capitalised titles before a name that are a role ("President Biden").  A lower-case
#: noun right before a name in the same phrase ("spokesman", "resident") is a role too.
TITLE_WORDS = {"president", "vice", "prime", "minister", "secretary", "gen.", "general", "col.", "colonel", "lt.",
               "sgt.", "adm.", "admiral", "governor", "gov.", "sen.", "senator", "rep.", "representative", "mayor",
               "chancellor", "king", "queen", "prince", "princess", "sheikh", "mullah", "judge", "justice",
               "ambassador", "commander", "chief", "director", "spokesman", "spokeswoman", "spokesperson", "dr.",
               "mr.", "mrs.", "ms.", "pope", "emir", "marshal"}
#: Nouns that make an apposition a person's role (plus any noun ending in these suffixes).
ROLE_NOUNS = {"official", "member", "minister", "governor", "commander", "spokesman", "spokeswoman", "spokesperson",
              "resident", "leader", "chief", "president", "author", "director", "head", "secretary", "lawmaker",
              "legislator", "analyst", "expert", "professor", "envoy", "ambassador", "correspondent", "reporter",
              "journalist", "officer", "general", "colonel", "mayor", "senator", "diplomat", "adviser", "advisor",
              "aide", "deputy", "chairman", "founder", "executive", "activist", "witness", "doctor", "lawyer",
              "researcher", "fellow", "editor", "representative", "negotiator", "mullah", "cleric", "student",
              "teacher", "worker", "owner", "manager", "father", "mother", "son", "daughter", "brother", "sister",
              "wife", "husband", "survivor", "victim", "soldier", "fighter", "pilot", "judge", "candidate"}
ROLE_SUFFIXES = ("man", "woman", "person", "ist", "ian")
#: Prepositions after which a name is read as a location.
LOCATIVE_PREPS = {"in", "at", "near", "from", "into", "to", "outside", "inside", "across", "around", "toward",
                  "towards", "within", "throughout", "of", "through", "over", "via", "between"}
#: Nouns whose apposition or compound a place name is ("the capital, Lashkar Gah").
PLACE_NOUNS = {"capital", "city", "town", "province", "district", "village", "region", "seat", "country", "state",
               "area", "county", "port", "border", "outskirts", "centre", "center"}
#: Verbs whose object is a place, never a person ("retook Kherson", "shelled Kharkiv").
PLACE_VERBS = {"retake", "recapture", "overrun", "liberate", "occupy", "besiege", "encircle", "shell", "invade",
               "capture", "seize", "storm"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
POSSESSIVES = {"'s", "’s", "'", "’"}

# ----------------------------------------------------------------------------- confidences
# spaCy's small model gives no per-entity score, so these are fixed levels that only order
# the readings by how much evidence each has (NER alone > a parse rule > a reading against
# spaCy's label).  They are NOT tuned on any data yet: calibrating them on the entity
# mentions of ../shared/data/ecbplus is open work.  Place confidences come from the
# geoparser (a softmax share of its resolution scores) and are only capped here.

#: A PERSON/ORG/NORP entity as spaCy gave it.
NER_CONF = 0.85
#: An entity whose kind a parse rule changed (ORG -> person by apposition or surname).
RULE_CONF = 0.7
#: A group read from a collective noun phrase ("Afghan forces").
GROUP_CONF = 0.8
#: A place the geoparser found but could not resolve to a gazetteer entry.
UNRESOLVED_PLACE_CONF = 0.5
#: A place spaCy called a PERSON: its confidence is at most this (the name is also a name).
PERSON_LIKE_PLACE_CAP = 0.8
#: A person kept over a weak gazetteer reading ("Jordan scored").
PERSON_OVER_PLACE_CONF = 0.6
#: A place spaCy called NORP ("Marine" of "Marine infantry battalions"): confidence factor.
NORP_PLACE_FACTOR = 0.5


@dataclass(slots=True)
class _Cand:
    start: int  # token offsets into the doc
    end: int
    kind: str
    key: str
    priority: int
    conf: float
    role: str | None = None
    place: Place | None = None


# ----------------------------------------------------------------------------- helpers


def _norm_key(text: str) -> str:
    """A key from surface words: curly quotes straightened, spaces collapsed, "U.S." -> "US"."""
    t = text.replace("’", "'").replace("‘", "'")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"\b((?:[A-Z]\.){2,})", lambda m: m.group(1).replace(".", ""), t)
    t = re.sub(r"^(?:the|The|THE)\s+", "", t)
    t = re.sub(r"'s?$", "", t).strip()
    return t


def _clean(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without leading determiners/punctuation and trailing possessives/punctuation."""
    while start < end and (doc[start].lower_ in DETERMINERS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in POSSESSIVES or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _is_role_noun(tok: Token) -> bool:
    low = tok.lower_
    lem = tok.lemma_.lower()
    return tok.pos_ == "NOUN" and (lem in ROLE_NOUNS or low in ROLE_NOUNS or low.endswith(ROLE_SUFFIXES))


def _phrase_until_break(doc: Doc, head: Token) -> tuple[int, int]:
    """The head's phrase from its left edge, cut before a comma, dash, quote or clause after the head."""
    start = head.left_edge.i
    end = head.i + 1
    for t in doc[head.i + 1 : head.right_edge.i + 1]:
        if t.is_punct or t.dep_ in {"relcl", "acl", "appos", "cc", "conj"} or t.is_space:
            break
        end = t.i + 1
    return start, end


def _role_text(doc: Doc, start: int, end: int) -> str | None:
    t = re.sub(r"\s+", " ", doc[start:end].text).strip(" ,;:-–—\"“”'")
    return t or None


def _roles(doc: Doc, start: int, end: int) -> str | None:
    """A role given at a person mention: title pre-modifiers, else an apposition."""
    span = doc[start:end]
    root = span.root
    # title pre-modifiers: the name's own left dependents before it ("State Department spokesman")
    pre = [t for t in root.subtree if t.i < start]
    if pre and start > 0:
        first = min(t.i for t in pre)
        if all(first <= t.i < start for t in pre) and len(pre) == start - first:
            last = doc[start - 1]
            if (last.pos_ == "NOUN" and last.text.islower()) or last.lower_ in TITLE_WORDS:
                s = first
                while s < start and (doc[s].lower_ in DETERMINERS or doc[s].is_punct or doc[s].dep_ == "poss"
                                     and doc[s].pos_ == "PRON"):
                    s += 1
                if s < start and not any(t.is_punct and t.text not in {"-", "."} for t in doc[s:start]):
                    return _role_text(doc, s, start)
    # apposition after the name: "Ghulam Habib Hashimi, a legislative official" (on any
    # word of the name: a misparsed name's root may be outside it)
    for tok in span:
        for child in tok.rights:
            if child.dep_ == "appos" and child.i >= end and _is_role_noun(child):
                return _role_text(doc, *_phrase_until_break(doc, child))
    # the name is the apposition of a role: "An Interior Ministry spokesman, Mirwais Stanikzai"
    if root.dep_ == "appos" and root.head.i < start and _is_role_noun(root.head):
        head = root.head
        s = head.left_edge.i
        return _role_text(doc, s, head.i + 1)
    return None


def _has_role_apposition(doc: Doc, start: int, end: int) -> bool:
    root = doc[start:end].root

    def one(t: Token) -> bool:  # a singular role: "officials" is not one person's role
        return _is_role_noun(t) and t.tag_ != "NNS"

    if any(c.dep_ == "appos" and one(c) and c.i >= end for t in doc[start:end] for c in t.rights):
        return True
    return root.dep_ == "appos" and root.head.i < start and one(root.head)


def _nation(tok: Token, ent_of: dict[int, TokSpan]) -> str | None:
    """The nation a modifier names ("Afghan", "US", "Afghanistan's"), as written."""
    ent = ent_of.get(tok.i)
    if ent is None or ent.label_ not in {"NORP", "GPE"}:
        return None
    s, e = _clean(tok.doc, ent.start, ent.end)
    if s >= e:
        return None
    return _norm_key(tok.doc[s:e].text)


# ----------------------------------------------------------------------------- groups


def _group_phrases(doc: Doc, ent_of: dict[int, TokSpan], default_nation: str | None) -> list[_Cand]:
    """Collective actors read from the parse: a group head noun and its left modifiers."""
    out: list[_Cand] = []
    for h in doc:
        low = h.lower_
        if h.pos_ not in {"NOUN", "PROPN"} or not (low in STATE_HEADS or low in ARMED_HEADS):
            continue
        if h.pos_ == "PROPN" and low not in {"marines"}:
            continue
        mods = [c for c in h.lefts if c.dep_ in {"compound", "amod", "nmod", "npadvmod", "poss", "nummod"}]
        kept = [c for c in mods if c.dep_ != "nummod" and c.lower_ not in {"some", "many"}]
        start = min((c.left_edge.i for c in kept), default=h.i)
        start, _ = _clean(doc, start, h.i + 1)
        words = [t for t in doc[start : h.i] if not t.is_punct]
        # a named organisation among the modifiers is the group ("Taliban fighters")
        org = next((ent_of[t.i] for t in words if t.i in ent_of and ent_of[t.i].label_ in {"ORG", "PERSON"}), None)
        nation = next((n for t in words if (n := _nation(t, ent_of)) is not None), None)
        led = any(t.lower_ == "led" for t in words)
        if org is not None:
            s, e = _clean(doc, org.start, org.end)
            key = _norm_key(doc[s:e].text) if s < e else _norm_key(org.text)
        elif low in ARMED_HEADS:
            if not words and not any(c.lower_ == "the" for c in h.lefts):
                continue  # "fighters took control": who, the text does not say here
            key = "" if not words else _norm_key(" ".join(t.text for t in words) + " " + low)
        else:
            fillers = [t for t in words if t.lower_ not in FORCE_FILLERS and t.i not in ent_of]
            if led and nation:
                key = f"{nation}-led forces"
            elif nation is not None:
                key = f"{nation} government forces"
            elif any(t.lower_ == "government" for t in words) and default_nation:
                key = f"{default_nation} government forces"
            elif [t for t in fillers if t.lower_ == "foreign"]:
                key = "foreign forces"
            else:
                continue  # "the troops", "3,000 soldiers": no actor named
        out.append(_Cand(start, h.i + 1, "group", key, 4, GROUP_CONF))
    return out


def _default_nation(doc: Doc, ent_of: dict[int, TokSpan]) -> str | None:
    """The nation the document pairs most with government/military words (first on ties)."""
    heads = [t for t in doc if t.lower_ in _NATION_HEAD_WORDS]  # one pass over the tokens for both lists
    for words in (GOVERNMENT_WORDS, MILITARY_WORDS):
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for t in heads:
            if t.lower_ in words and t.pos_ in {"NOUN", "ADJ"}:
                for c in t.lefts:
                    n = _nation(c, ent_of)
                    if n is not None:
                        counts[n] += 1
                        first.setdefault(n, c.i)
        if counts:
            return min(counts, key=lambda n: (-counts[n], first[n]))
    return None


def _org_group_evidence(doc: Doc, ent: TokSpan) -> bool:
    """An ORG read as a collective actor: heads an armed-group noun, takes a plural verb, or "pro-X"."""
    for t in ent:
        head = t.head
        if t.dep_ in {"compound", "amod", "nmod", "poss"} and head.i >= ent.end and (
            head.lower_ in ARMED_HEADS or head.lemma_.lower() in ARMED_HEADS
        ):
            return True
    s = ent.start
    if s > 1 and doc[s - 1].text == "-" and doc[s - 2].lower_ in {"pro", "anti"}:
        return True  # "anti-Taliban militia"
    root = ent.root
    if root.dep_ == "nsubj" and not any(c.dep_ == "conj" for c in root.children):
        v = root.head
        if v.tag_ == "VBP" or any(c.dep_ == "aux" and c.tag_ == "VBP" for c in v.children):
            return True
    return False


# ----------------------------------------------------------------------------- places


def to_place(entry: object) -> Place | None:
    if entry is None:
        return None
    return Place(
        name=entry.name, lat=float(entry.lat), lon=float(entry.lon), kind=entry.kind, country=entry.country,
        country_code=entry.country_code, admin1=entry.admin1, geonames_id=entry.geonames_id,
    )


def _place_cue(doc: Doc, start: int, end: int) -> bool:
    """The words around a name read it as a location ("in X", "X province", "the capital, X", "retook X")."""
    root = doc[start:end].root
    if root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in PLACE_VERBS:
        return True
    if end < len(doc) and doc[end].lower_ in PLACE_NOUNS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
        return True
    if root.dep_ in {"appos", "compound"} and root.head.lower_ in PLACE_NOUNS:
        return True
    return any(c.dep_ == "appos" and c.lower_ in PLACE_NOUNS for c in root.children)


# ----------------------------------------------------------------------------- main


def find_entities(
    doc: Doc, article_id: str, places: Sequence[PlaceMention] = (), offset: int = 0
) -> list[EntityMention]:
    """Every person, organisation, group and place mention of one parsed text.

    ``places`` are the geoparser's mentions of the same text (offsets into ``doc.text``);
    ``offset`` is where ``doc.text`` starts in the article (for a chunk of a long text).
    Mentions are sorted by span and never overlap.
    """
    if len(doc) == 0 or not any(t.is_alpha for t in doc):
        return []
    ents = list(doc.ents)
    ent_of: dict[int, TokSpan] = {t.i: e for e in ents for t in e}

    # --- people and organisations: clean spaCy's entities
    named: list[tuple[int, int, str]] = []  # token start, end, label
    for ent in ents:
        if ent.label_ not in {"PERSON", "ORG", "NORP", "FAC"}:
            continue
        pieces = [(ent.start, ent.end, ent.label_)]
        poss = [t.i for t in ent[:-1] if t.lower_ in POSSESSIVES and t.i > ent.start]
        if poss and ent.label_ == "ORG":  # "The Washington Post's Dan Lamothe"
            cut = poss[0]
            rest = doc[cut + 1 : ent.end]
            second = "PERSON" if rest and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in rest) else "ORG"
            pieces = [(ent.start, cut, "ORG"), (cut + 1, ent.end, second)]
        for s, e, label in pieces:
            s, e = _clean(doc, s, e)
            if s >= e or not any(t.text[:1].isupper() for t in doc[s:e]):
                continue  # "spokeperson": no capitalised word, no name
            if label == "ORG" and all(t.pos_ not in {"PROPN"} for t in doc[s:e]) and e - s == 1:
                continue  # "Videos": a common noun at the start of a sentence
            named.append((s, e, label))

    named = [
        (s, e, "PERSON_RULE" if label == "ORG" and e - s > 1 and _has_role_apposition(doc, s, e) else label)
        for s, e, label in named
    ]
    person_full = {}
    for s, e, label in named:
        if label in {"PERSON", "PERSON_RULE"} and e - s > 1:
            person_full.setdefault(_norm_key(doc[s:e].text), (s, e))
    surname_of: dict[str, set[str]] = defaultdict(set)
    for full in person_full:
        parts = full.split()
        surname_of[parts[-1]].add(full)

    cands: list[_Cand] = []
    # a surname spaCy missed ("Price said" after "Ned Price")
    for t in doc:
        if t.i in ent_of or t.pos_ not in {"PROPN", "NOUN"} or not t.text[:1].isupper():
            continue
        if len(surname_of.get(t.text, ())) == 1:
            cands.append(_Cand(t.i, t.i + 1, "person", t.text, 1, RULE_CONF, role=_roles(doc, t.i, t.i + 1)))
    for s, e, label in named:
        key = _norm_key(doc[s:e].text)
        if not key:
            continue
        root = doc[s:e].root
        has_det = any(c.dep_ == "det" and c.lower_ in {"a", "an", "the"} for c in root.children)
        if label == "PERSON":
            if has_det:
                if root.tag_ == "NNPS" or root.text.endswith("s") or root.text.endswith("een"):
                    cands.append(_Cand(s, e, "group", key, 1, RULE_CONF))
                continue  # "a Kalashnikov": not a person
            cands.append(_Cand(s, e, "person", key, 1, NER_CONF, role=_roles(doc, s, e)))
        elif label == "PERSON_RULE":
            cands.append(_Cand(s, e, "person", key, 2, RULE_CONF, role=_roles(doc, s, e)))
        elif label == "ORG":
            if (e - s == 1 and len(surname_of.get(key, ())) == 1) or _has_role_apposition(doc, s, e):
                cands.append(_Cand(s, e, "person", key, 2, RULE_CONF, role=_roles(doc, s, e)))
            else:
                cands.append(_Cand(s, e, "org", key, 1, NER_CONF))
        elif label == "NORP":
            if root.pos_ in {"NOUN", "PROPN"} and root.dep_ not in {"amod", "compound"}:
                cands.append(_Cand(s, e, "group", key, 1, NER_CONF))
        elif label == "FAC":
            cands.append(_Cand(s, e, "place", key, 0, UNRESOLVED_PLACE_CONF))

    # --- places from the geoparser override spaCy (unless the person reading is stronger)
    place_countries = Counter(
        m.entry.country_code for m in places if m.entry is not None and not m.person_like and m.entry.country_code
    )
    last = doc[-1]
    n_chars = last.idx + len(last.text_with_ws)  # == len(doc.text), which spaCy rebuilds from every token
    for m in places:
        if not (0 <= m.start < m.end <= n_chars):
            continue  # not a mention of this text
        sp = doc.char_span(m.start, m.end, alignment_mode="expand")
        if sp is None or len(sp) == 0:
            continue
        s, e = sp.start, sp.end
        ent = ent_of.get(s)
        key = m.entry.name if m.entry is not None else _norm_key(m.text)
        if m.entry is None:
            text_key = _norm_key(m.text)
            if len(surname_of.get(text_key, ())) == 1:
                cands.append(_Cand(s, e, "person", text_key, 3, RULE_CONF, role=_roles(doc, s, e)))
                continue
            cands.append(_Cand(s, e, "place", key, 3, UNRESOLVED_PLACE_CONF))
            continue
        conf = float(m.confidence)
        if m.person_like:
            own = m.entry.country_code
            other = place_countries.get(own, 0) if own else 0
            strong = m.kind_hint is not None or _place_cue(doc, s, e) or other > 0
            if not strong or len(surname_of.get(_norm_key(m.text), ())) == 1 or _has_role_apposition(doc, s, e):
                cands.append(_Cand(s, e, "person", _norm_key(m.text), 3, PERSON_OVER_PLACE_CONF,
                                   role=_roles(doc, s, e)))
                continue
            conf = min(conf, PERSON_LIKE_PLACE_CAP)
        elif ent is not None and ent.label_ == "NORP" and (ent.start, ent.end) == (s, e) and m.source == "gazetteer":
            conf *= NORP_PLACE_FACTOR
        cands.append(_Cand(s, e, "place", key, 3, round(conf, 4), place=to_place(m.entry)))

    # --- organisations that are collective actors, and collective noun phrases
    group_keys = {
        _norm_key(doc[s:e].text)
        for ent in ents if ent.label_ == "ORG"
        for s, e in [_clean(doc, ent.start, ent.end)]
        if s < e and _org_group_evidence(doc, ent)
    }
    phrases = _group_phrases(doc, ent_of, _default_nation(doc, ent_of))
    group_keys |= {
        c.key
        for c in phrases
        if c.key and any(t.i in ent_of and ent_of[t.i].label_ == "ORG" for t in doc[c.start : c.end])
    }
    for c in cands:
        if c.kind == "org" and c.key in group_keys:
            c.kind = "group"
    armed = Counter(c.key for c in cands if c.kind == "group" and c.key in group_keys)
    main_armed = min(armed, key=lambda k: (-armed[k], k)) if armed else None
    for c in phrases:
        if not c.key:
            if main_armed is None:
                head = doc[c.end - 1]
                c.key = head.lemma_.lower() + "s" if not head.lower_.endswith("s") else head.lower_
            else:
                c.key = main_armed
        cands.append(c)

    # --- resolve overlaps: higher priority, then longer, then earlier
    cands.sort(key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    taken = [False] * len(doc)
    kept: list[_Cand] = []
    for c in cands:
        if any(taken[c.start : c.end]):
            continue
        for i in range(c.start, c.end):
            taken[i] = True
        kept.append(c)

    # --- article-local keys: a short form matching exactly one longer name of the same kind
    full_by_kind: dict[str, set[str]] = defaultdict(set)
    for c in kept:
        if c.kind in {"person", "org"}:
            full_by_kind[c.kind].add(c.key)
    for c in kept:
        if c.kind in {"person", "org"}:
            longer = _expansions(c.key, full_by_kind[c.kind], person=c.kind == "person")
            if len(longer) == 1:
                c.key = next(iter(longer))

    out: list[EntityMention] = []
    for c in kept:
        sp = doc[c.start : c.end]
        s_char, e_char = sp.start_char, sp.end_char
        if e_char <= s_char:
            continue
        out.append(
            EntityMention(
                span=Span(article_id, offset + s_char, offset + e_char),
                text=sp.text,  # == doc.text[s_char:e_char]
                kind=c.kind,  # type: ignore[arg-type]
                key=c.key,
                role=c.role,
                place=c.place,
                confidence=c.conf,
            )
        )
    out.sort(key=lambda m: (m.span, m.kind, m.key))
    return out


def _expansions(key: str, names: Iterable[str], *, person: bool) -> set[str]:
    """Longer names of which ``key`` is a short form (a surname, or a run of final words)."""
    words = key.split()
    out = set()
    for n in names:
        nw = n.split()
        if len(nw) <= len(words) or n == key:
            continue
        if nw[-len(words) :] == words or (not person and nw[: len(words)] == words):
            out.add(n)
    return out


# ----------------------------------------------------------------------------- linking


def _entity_id(kind: str, name: str) -> str:
    return "e" + hashlib.sha256(f"{kind}:{name}".encode()).hexdigest()[:12]


def _class(kind: str) -> str:
    return "actor" if kind in {"org", "group"} else kind


def link_entities(mentions: Iterable[EntityMention]) -> list[Entity]:
    """Canonical entities across a bundle of articles' mentions.

    Mentions join when they share a key (organisations and groups together: the same
    name read as either), when a short form (surname, final words) matches exactly one
    longer key of the same kind, or when they resolve to the same gazetteer place.
    """
    ms = sorted(set(mentions), key=lambda m: (m.span, m.kind, m.key))
    groups: dict[tuple, list[EntityMention]] = defaultdict(list)
    for m in ms:
        if m.kind == "place" and m.place is not None and m.place.geonames_id is not None:
            groups[("place", "geo", m.place.geonames_id, m.place.kind)].append(m)
        else:
            groups[(_class(m.kind), "key", m.key)].append(m)

    # short forms join the one longer key of the same class
    keys_by_class: dict[str, set[str]] = defaultdict(set)
    for g in groups:
        if g[1] == "key" and g[0] in {"person", "actor"}:
            keys_by_class[g[0]].add(g[2])
    for g in sorted(k for k in groups if k[1] == "key" and k[0] in {"person", "actor"}):
        longer = _expansions(g[2], keys_by_class[g[0]], person=g[0] == "person")
        if len(longer) == 1:
            target = (g[0], "key", next(iter(longer)))
            if target in groups and target != g:
                groups[target].extend(groups.pop(g))

    # unresolved places with the name of a resolved place join it
    resolved_names: dict[str, list[tuple]] = defaultdict(list)
    for g, gm in groups.items():
        if g[1] == "geo":
            resolved_names[gm[0].place.name].append(g)
    for g in sorted(k for k in list(groups) if k[0] == "place" and k[1] == "key"):
        targets = resolved_names.get(g[2], [])
        if len(targets) == 1:
            groups[targets[0]].extend(groups.pop(g))
        elif ("actor", "key", g[2]) in groups:  # "the US Embassy" read as a building and as an organisation
            groups[("actor", "key", g[2])].extend(groups.pop(g))

    out: list[Entity] = []
    for g, gm in groups.items():
        kinds = Counter(m.kind for m in gm)
        if g[0] == "actor":
            kind = "group" if kinds["group"] else "org"
        else:
            kind = g[0]
        place = None
        places = Counter(m.place for m in gm if m.place is not None)
        if places:
            place = min(places, key=lambda p: (-places[p], p.name, p.geonames_id or 0))
        if place is not None:
            name = place.name
        else:
            name = max((m.key for m in gm), key=lambda k: (len(k.split()), len(k), k))
        out.append(
            Entity(
                id="",
                name=name,
                kind=kind,  # type: ignore[arg-type]
                aliases=tuple(sorted({m.text for m in gm})),
                roles=tuple(sorted({m.role for m in gm if m.role})),
                place=place,
                mentions=tuple(sorted({m.span for m in gm})),
            )
        )
    # names must be unique per kind (they make the id): qualify same-named distinct places
    seen: Counter[tuple[str, str]] = Counter((e.kind, e.name) for e in out)
    fixed = []
    for e in out:
        name = e.name
        if seen[(e.kind, e.name)] > 1:
            if e.place is not None:
                where = ", ".join(x for x in (e.place.admin1, e.place.country) if x and x != e.name)
                name = f"{e.name} ({e.place.kind}{', ' + where if where else ''}; {e.place.geonames_id})"
            else:
                name = f"{e.name} ({e.mentions[0].article}:{e.mentions[0].start})"
        fixed.append(replace(e, name=name, id=_entity_id(e.kind, name)))
    fixed.sort(key=lambda e: (e.kind, e.name))
    return fixed


#: Among mentions equally covered by a span, the kind a speaker or actor most likely is:
#: "State Department spokesman Ned Price" is Ned Price, not the State Department.
_ACTOR_ORDER = {"person": 3, "group": 2, "org": 1, "place": 0}


def entity_at(entities: Sequence[Entity], span: Span) -> Entity | None:
    """The entity with a mention overlapping ``span`` most.

    Overlap is the share of the mention's characters inside ``span`` (a mention wholly
    inside the span scores 1); ties go to a person, then a group, an organisation, a
    place, then to the larger overlap in characters and the later mention (English
    noun phrases end in their head).  None when no mention overlaps.
    """
    best: tuple[float, int, int, int] | None = None
    found: Entity | None = None
    for ent in entities:
        for m in ent.mentions:
            if m.article != span.article:
                continue
            ov = min(m.end, span.end) - max(m.start, span.start)
            if ov <= 0:
                continue
            score = (ov / (m.end - m.start), _ACTOR_ORDER.get(ent.kind, 0), ov, m.start)
            if best is None or score > best:
                best, found = score, ent
    return found


__all__ = ["find_entities", "link_entities", "entity_at"]
