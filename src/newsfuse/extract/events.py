"""Event mentions: who did what to whom, where and when, read from one article's parse.

For every sentence, every trigger of the lexicon in :mod:`newsfuse.extract.taxonomy` (a verb, a
verb + particle, a light verb + object, or a noun) becomes one :class:`~newsfuse.model.EventMention`:

* **roles** from the dependency parse: the subject is actor1 (the agent), the object actor2 (the
  patient); a passive's "by" phrase is the agent; a verb without its own subject (a conjunct, an
  infinitive: "will reduce staff and send troops", "agreed to allow") takes its governor's; a
  pronoun subject of reported speech ("Britain said it will deploy") takes the speaker, a possessive
  one its clause's subject ("the U.S. military ... its withdrawal"), and a pronoun left unresolved
  is no actor; a dateline's place the parser took for the subject ("KABUL — Senior officials
  surrendered") is never the actor; who is held to account for an act did it ("the governor was
  arrested for abandoning his capital", "accused the general of abandoning Herat"); a mutual act's
  "between A and B" names its two sides ("talks between the government and the Taliban"; "clashes
  between the Taliban and government forces", which the parser reads as one noun phrase); an act
  as subject is nobody, but when the verb tells its violence or protest, the party it names did it
  ("Taliban attacks killed 12": the Taliban; not "Monday's attack", "Gaza airstrikes", nor "Hamas
  attacks prompted Israel to launch airstrikes"); a bare act that is the subject of a verb telling
  the same act is the verb's ("clashes pushed into Herat", "airstrikes struck": one act, of the
  subject's kind; "the sanctions struck a blow" is no strike).  For
  "theme" triggers ("Herat fell to the Taliban", "Qala-i-Naw surrendered") a place subject is the
  event's place and "to X" names actor1.  Actor words come from ``ann.entities`` overlapping the
  argument's noun chunk when one does, else the noun chunk itself (leading determiners dropped).
* **place**: a place entity (``ann.entities``, kind "place") inside the taken/fallen argument,
  else inside a locative prepositional phrase of the trigger or of the clause it sits in ("In
  Herat, fighters took control of ..."), else -- when the argument is "the city" or "it" -- the
  nearest place named earlier in the sentence or in the :data:`ANAPHORA_SENTENCES` sentences
  before ("the province" may be a provincial capital named like its province: "Ghazni's governor ...
  to abandon the province"); never where a way leads ("arrested on the road to Kabul"); else the
  town or province that owns the agent ("Kandahar's governor abandoned ...", "the city's officials
  fled"); else, for a change of control, where the clause tied to it happens
  ("surrendered after a deal was brokered at a base on the edge of Kunduz city"; "the office in
  Herat had been taken, and forces were surrendering"); else, for a local act (a battle, violence, a
  strategic development, a withdrawal, a concession), the one town where the acts of the paragraph's
  last :data:`SCENE_SENTENCES` sentences were placed ("In the western city of Herat, troops fled ...
  The surrender deal was brokered by Taliban leaders"), unless its own sentence names a town, opens
  with "Meanwhile", or dates it otherwise.  Places joined by "and" give one event each
  (ids then also hash the place's start).
* **aggregate**: an argument that speaks of several towns or provinces without naming them ("seize
  more provincial capitals", "many districts ... fell"), or, for an act with no place of its own, a
  subordinate clause that does ("forces surrendered after the militants overran three key cities"), marks
  the mention :attr:`~newsfuse.model.EventMention.aggregate`: it is never one town's event.
* **actor1's countries** (:attr:`~newsfuse.model.EventMention.actor1_countries`): the countries
  actor1's words name ("the US and the UK"; a town does not count), the nation of a state group
  ("UK troops"; "government forces" in a story about Afghan forces, as the entities stage keys it) and
  nationality words ("British", read with the ``nation`` lookup ``find_events`` is given); for a troop
  movement whose sender is not named, the troops' own ("600 UK troops are to be sent"); actor2's
  (:attr:`~newsfuse.model.EventMention.actor2_countries`) are read from its words the same way.
* **date**: a DateMention of ``ann.dates`` in the trigger's own clause, nearest the trigger; else one
  of a clause above it (the reporting verb's); never one of a clause nested in or beside the
  trigger's, which dates another verb ("since it began ... in May", "keen to end the war by
  September"), and never a length of time ("after a siege of three months").
* **modality**: ``negated`` ("did not fall", "without a fight"), ``hypothetical`` (could, may,
  might, should, must; "if"/"unless" clauses; "threatened to", "on the verge of"; an event noun
  awaited or warded off: "prepare for a takeover", "to prevent an attack"), ``future``
  (will, shall, "is expected to", "are to be sent"; "would" in reported speech, "said it would
  send", is the future seen from the past), ``uncertain`` ("appeared close to capturing", "it was
  not yet clear", "reportedly", "allegedly"), else ``asserted``.  A plain "X said" attribution is
  not uncertainty: attribution is the quotes stage's job.

Offsets: ``doc`` may be a piece of the article starting at character ``offset``; every span is
``offset`` + the doc's character offsets, and ``ann``'s spans are article offsets.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from newsfuse.annotate.gazetteer import normalise
from newsfuse.extract import taxonomy as tx
from newsfuse.model import LENGTH_UNIT, Annotations, DateMention, EntityMention, EventMention, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    #: One side of "between A and B": its head and, when the parse gives it no phrase of its own, its
    #: token bounds (see :func:`_between`).
    _Side = tuple[Token, tuple[int, int] | None]

#: How many sentences back "the city" / "it" may look for the place it stands for.  Set by
#: reading the seed articles' structure (a place named, then "the city was overrun" in the
#: next sentence); not tuned on any score.
ANAPHORA_SENTENCES = 2

#: How many tokens before a "send"/"deploy" verb a troop noun may stand when the parse does not
#: link them ("600 UK troops are to be sent").  Read off the seed sentences' shape, not tuned.
TROOP_WINDOW = 6

#: Prepositions that put an event somewhere.
LOC_PREPS = frozenset({"in", "at", "near", "to", "into", "from", "across", "outside", "inside", "around",
                       "over", "of", "on", "toward", "towards", "within", "throughout"})
#: Of those, the ones that may be read off a *governing* clause ("In Herat, ... took control").
CLAUSE_LOC_PREPS = frozenset({"in", "at", "near", "inside", "outside"})
#: Those and "from", for a clause tied to the act, whose scene it shares ("withdrew from Herat ... and
#: retreated", "withdrew from Herat after weeks of siege").
SCENE_PREPS = CLAUSE_LOC_PREPS | {"from"}

#: Verbs whose clausal complement is reported speech (pronoun resolution, "would" = future).
SPEECH_VERBS = frozenset({"say", "tell", "announce", "declare", "state", "add", "report", "confirm",
                          "claim", "tweet", "write", "warn", "insist", "explain", "note"})

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "them", "its", "their", "this", "that", "which", "who",
                       "him", "her", "me", "whoever", "whomever"})  # not "us" ("US" is a country), nor "you" (never the speaker)
#: Relations through which an ancestor's modality, negation and subject carry down.
_CHAIN = frozenset({"xcomp", "conj", "dobj", "nsubj", "nsubjpass", "pobj", "prep", "pcomp", "acomp",
                    "attr", "oprd", "compound", "appos", "advcl", "agent", "dative"})
_NEG_GOVERNORS = frozenset({"fail", "refuse", "decline", "deny", "unable"})
#: Prepositions whose object an act above them takes as having happened: what is said of the act above,
#: negation included, is not said of it ("did not retreat after the attack", "no one was arrested
#: despite the bombing").
_PRESUPPOSING_PREPS = frozenset({"after", "since", "following", "despite", "amid", "amidst", "during"})
#: Verbs of belief and hearsay that in the passive give their subject's act as believed, not known ("are
#: believed to have seized", "is said to have fled", "were reported to have withdrawn").
_RAISING_HEARSAY = frozenset({"believe", "think", "say", "report", "rumour", "rumor", "presume", "understand",
                              "allege", "suspect", "fear", "claim"})
#: Words that make a clause's subject or object no one, and so the act not done ("no one was
#: arrested", "nobody was killed", "sent no troops").
_NOBODY = frozenset({"nobody", "none", "noone"})


def event_id(article: str, start: int, end: int, extra: int | None = None) -> str:
    """An event mention's id: from its article and trigger offsets (and place start when one
    trigger names several places)."""
    key = f"{article}:{start}:{end}" if extra is None else f"{article}:{start}:{end}:{extra}"
    return "v" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def find_events(doc: Doc, ann: Annotations, offset: int = 0,
                nation: Callable[[str], str | None] | None = None) -> list[EventMention]:
    """Every event mention of ``doc`` (a parsed article, or a piece of one at ``offset``).

    ``nation`` gives the ISO code of the country a word names ("British" -> "GB"; the gazetteer's
    :meth:`~newsfuse.annotate.gazetteer.Gazetteer.nation`); without it only resolved places give
    :attr:`~newsfuse.model.EventMention.actor1_countries`."""
    article = ann.article
    tok_place, tok_ent, place_order = _token_maps(doc, ann, offset)
    lengths = frozenset(t.i for f in ann.figures if f.span.article == article and f.normalized_unit == LENGTH_UNIT
                        for t in (_char_span(doc, f.span.start - offset, f.span.end - offset) or ()))
    dates = [d for d in ann.dates if d.span.article == article]
    sents = [s for s in doc.sents if any(not t.is_space for t in s)]
    paragraph = _paragraphs(doc, sents)
    town_at = {e.span: e for _, e in place_order if _town_or_province(e)}
    placed: list[tuple[int, EntityMention, DateMention | None]] = []  # (sentence, town, date) of acts so far
    out: list[EventMention] = []
    for si, sent in enumerate(sents):
        toks = [t for t in sent if not t.is_space]
        s_start, s_end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        sentence = Span(article, offset + s_start, offset + s_end)
        # the towns the sentence names: an act in a sentence that names one is not placed by the scene
        named = {_town_key(tok_place[t.i]) for t in toks if t.i in tok_place and _town_or_province(tok_place[t.i])}
        ctx = _Ctx(doc, sent, tok_place, tok_ent, place_order, sents[max(0, si - ANAPHORA_SENTENCES)].start, nation,
                   lengths, None if named else _scene(si, toks[0], placed, paragraph))
        first = len(out)
        sent_dates = [d for d in dates if offset + s_start <= d.span.start and d.span.end <= offset + s_end]
        uncertain = _sentence_uncertain(sent)
        consumed: set[int] = set()
        found: list[tuple[list[Token], tx.Trigger, Token]] = []
        for tok in toks:  # verbs first: their light-verb objects are consumed
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT") or (
                    tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod")
                    and (tok.tag_ == "VBN" or tok.lemma_.lower() in tx.VERB_TRIGGERS)):
                m = _match_verb(tok, ctx)
                if m is not None:
                    found.append(m)
                    consumed.update(t.i for t in m[0])
        verb_keys = {head.i: rule.key for _words, rule, head in found}
        # "a car bomb exploded ..., killing 12": the killing is the toll of the explosion, one act
        found = [m for m in found if not _toll_of(m[2], verb_keys, ctx)]
        for tok in toks:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in consumed:
                m = _match_noun(tok, ctx)
                if m is None:
                    continue
                if tok.dep_ in ("dobj", "nsubjpass") and verb_keys.get(tok.head.i) == m[1].key:
                    continue  # "a deal was brokered", "brokering a deal", "fought a battle": one act, the verb's
                if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during") and \
                        verb_keys.get(tok.head.head.i) == m[1].key and not _children(tok, "prep"):
                    continue  # "overthrew the government in a coup": one act told twice
                if tok.dep_ == "nsubj" and _same_act(tok.head, verb_keys.get(tok.head.i), m[1].key) and not any(
                        c.dep_ in _ROLE_PHRASES for c in tok.children) and not _unread_name(
                        tok, _event_agent(tok, ctx, m[1].key)):
                    continue  # "clashes pushed into the city", "airstrikes struck": one act, the verb's
                found.append(m)
        for words, rule, head in found:
            out.extend(_build(words, rule, head, ctx, article, offset, sentence, sent_dates, uncertain))
        # acts placed by the one town their own sentence names set the scene for the next sentences
        if len(named) == 1:
            placed.extend((si, town_at[m.place_span], m.date) for m in out[first:] if m.place_span in town_at
                          and sentence.start <= m.place_span.start < sentence.end and not m.aggregate)
    out.sort(key=lambda e: (e.trigger.start, e.trigger.end, e.place_span.start if e.place_span else -1))
    return out


#: Phrases by which an event noun names its own sides, target or setting ("clashes between A and B",
#: "attacks on civilians", "protests that ..."): such a noun stays an act of its own when it is the
#: subject of a verb telling the same act.
_ROLE_PHRASES = frozenset({"prep", "acl", "relcl"})
#: Modifiers by which an event noun names who did it when they are a party ("the army's offensive",
#: "Taliban attacks", "Afghan airstrikes"; not "heavy clashes", "weekend protests", "a drone strike").
_AGENT_MODIFIERS = frozenset({"poss", "compound", "nmod", "amod"})
#: Kinds of act that "strike" or "march" tells when an act is its subject ("airstrikes struck a
#: hospital", "the protest marched to parliament"); with any other act as subject the verb is a figure
#: of speech ("the withdrawal struck a blow to morale", "the deal strikes a balance") and no event.
_STRIKE_KINDS = frozenset(k for k, et in tx.EVENT_TYPES.items() if et.plover in ("FIGHT", "ASSAULT", "PROTEST"))
_PROTEST_KINDS = frozenset(k for k, et in tx.EVENT_TYPES.items() if et.plover == "PROTEST")
#: Kinds of armed violence: whoever resists one is its target ("Ukraine resisted the Russian offensive"),
#: whoever resists another act opposes it ("resisted a ceasefire").
_VIOLENT_KINDS = frozenset(k for k, et in tx.EVENT_TYPES.items() if et.plover in ("FIGHT", "ASSAULT"))


def _act_kind(noun: Token) -> str:
    """The kind of act an event noun names, as its modifiers and doer make it ("a suicide bombing", "a
    drone strike", "a general strike")."""
    lemma = noun.lemma_.lower()
    rule = _trigger_rule(noun)
    assert rule is not None, "an act's noun has a rule (_act_noun)"
    key = _modified(noun, rule).key
    return _protest_or_force(lemma, noun) if key == "protest" and lemma in tx.PROTEST_OR_FORCE else key


def _same_act(verb: Token, verb_key: str | None, noun_key: str) -> bool:
    """Whether an event noun that is ``verb``'s subject names the act the verb tells: the same kind, or
    a kind of violence or protest under "strike" / "march" (whose own kind is settled by who does it)."""
    if verb_key is None:
        return False
    if verb_key == "protest" and verb.lemma_.lower() in tx.PROTEST_OR_FORCE:
        return noun_key in _STRIKE_KINDS
    return verb_key == noun_key


def _event_agent(noun: Token, ctx: _Ctx, kind: str) -> Token | None:
    """The party an event noun of ``kind`` names as its doer, if any: its possessor ("the army's
    offensive"), an entity name before it ("Taliban attacks", "Afghan airstrikes", "US airstrikes") or
    a noun of forces or people ("army raids").  Never a date ("Monday's attack"), a town or region
    ("Kabul's fall", "Gaza airstrikes"), a country's protests ("Kenya protests": where, not who), civilians
    of violence ("tourist attacks": done to them), an
    adjective ("a general strike") or a capitalised word no stage calls a name ("Weekend protests")."""
    for c in noun.children:
        if c.dep_ not in _AGENT_MODIFIERS or c.i > noun.i or c.ent_type_ in _THING_ENTS:
            continue
        place = ctx.tok_place.get(c.i)
        if place is not None and c.ent_type_ != "ORG":  # "NATO" is an alliance, whatever town shares its name
            country = place.place is not None and place.place.kind == "country"
            if country and kind not in _PROTEST_KINDS:
                return c
            continue
        # an adjective the tagger calls a name is not one ("Mariupol evacuations"), but a nationality is
        named = c.ent_type_ in _PARTY_ENTS and (c.pos_ != "ADJ" or c.ent_type_ == "NORP")
        if c.lemma_.lower() in tx.CIVILIAN_WORDS and kind not in _PROTEST_KINDS:
            continue  # "tourist attacks", "civilian evacuations": done to them; "student protests" are theirs
        if (c.dep_ == "poss" and c.lower_ not in _PRONOUNS) or named or (c.pos_ == "NOUN" and _party_word(c)):
            return c
    return None


def _unread_name(noun: Token, agent: Token | None) -> bool:
    """Whether an event noun has a name before it that :func:`_event_agent` does not take as its doer
    ("Houthi attacks", untagged): the noun's own mention keeps it."""
    return any(c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and (agent is None or c.i != agent.i) and c.i < noun.i
               for c in noun.children)


# ---- matching triggers ----------------------------------------------------------------------


def _token_maps(doc: Doc, ann: Annotations, offset: int
                ) -> tuple[dict[int, EntityMention], dict[int, EntityMention], list[tuple[int, EntityMention]]]:
    """Token index -> place entity, token index -> any entity, and (first token, place) in text order."""
    tok_place: dict[int, EntityMention] = {}
    tok_ent: dict[int, EntityMention] = {}
    place_order: list[tuple[int, EntityMention]] = []
    for e in sorted((e for e in ann.entities if e.span.article == ann.article), key=lambda e: (e.span.start, e.span.end)):
        sp = _char_span(doc, e.span.start - offset, e.span.end - offset)
        if sp is None:
            continue
        for t in sp:
            tok_ent.setdefault(t.i, e)
            if e.kind == "place":
                tok_place.setdefault(t.i, e)
        if e.kind == "place":
            place_order.append((sp.start, e))
    return tok_place, tok_ent, place_order


def actor_countries(doc: Doc, ann: Annotations, start: int, end: int, offset: int = 0,
                    nation: Callable[[str], str | None] | None = None) -> tuple[str, ...]:
    """The countries the words at article offsets [start, end) name or belong to, read as
    :func:`find_events` reads an actor's (for callers that find actors themselves, such as the ECB+
    benchmark's gold mentions)."""
    sp = _char_span(doc, start - offset, end - offset)
    if sp is None:
        return ()
    tok_place, tok_ent, place_order = _token_maps(doc, ann, offset)
    return _countries(sp, _Ctx(doc, sp.sent, tok_place, tok_ent, place_order, sp.sent.start, nation))


class _Ctx:
    """What the matching and role code needs about one sentence (no state across calls)."""

    __slots__ = ("doc", "sent", "tok_place", "tok_ent", "place_order", "window_start", "nation", "lengths", "scene")

    def __init__(self, doc: Doc, sent: SpacySpan, tok_place: dict[int, EntityMention],
                 tok_ent: dict[int, EntityMention], place_order: list[tuple[int, EntityMention]],
                 window_start: int, nation: Callable[[str], str | None] | None = None,
                 lengths: frozenset[int] = frozenset(),
                 scene: tuple[EntityMention, DateMention | None] | None = None) -> None:
        self.doc, self.sent, self.tok_place, self.tok_ent = doc, sent, tok_place, tok_ent
        self.place_order, self.window_start, self.nation = place_order, window_start, nation
        self.lengths = lengths  # tokens of the figures that are lengths ("150km", "20 miles")
        # where the paragraph's last acts were placed (see _scene), and their date; None when this
        # sentence names a town of its own
        self.scene = scene


def _char_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    # len(doc.text) would rebuild the text from every token; the last token's end is the same
    if start < 0 or start >= end or not len(doc) or end > doc[-1].idx + len(doc[-1].text_with_ws):
        return None
    return doc.char_span(start, end, alignment_mode="expand")


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _infinitive(tok: Token) -> bool:
    """Whether a verb is a to-infinitive ("to send", "to assist")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _participle_clause(tok: Token) -> bool:
    """Whether ``tok`` is a bare past participle with its subject before it, the parser's clause for
    what is wished done to that subject ("wanted the shooting investigated", "want the killers
    arrested"); not one set off by a comma ("hope the ceasefire, agreed on Monday, holds")."""
    if tok.dep_ != "ccomp" or tok.tag_ != "VBN" or _children(tok, "aux", "auxpass"):
        return False
    subject = next(iter(_children(tok, "nsubj")), None)
    return subject is not None and subject.i < tok.i and not any(
        t.is_punct for t in tok.doc[subject.right_edge.i + 1 : tok.i])


def _reduced_relative(tok: Token) -> bool:
    """Whether ``tok`` is a past participle modifying the noun it is done to ("Kandahar, captured by the
    Taliban on Friday, ...", "the soldiers arrested by police", a headline's "US troops withdrawn from
    Kabul")."""
    head = tok.head  # a participle may be tagged a past tense, a name an adverb ("Mosul, seized by ...")
    return tok.dep_ == "acl" and tok.tag_ in ("VBN", "VBD") and (head.pos_ in ("NOUN", "PROPN") or (
        head.pos_ == "ADV" and head.text[:1].isupper())) and not _children(
        tok, "nsubj", "nsubjpass", "aux", "auxpass")  # "no evidence that Russia attacked": a clause of its own


def _passive_subject(tok: Token) -> Token | None:
    """The subject a passive verb's act is done to: its passive subject, or the subject of a bare
    participle clause (:func:`_participle_clause`)."""
    found = next(iter(_children(tok, "nsubjpass")), None)
    if found is None and _participle_clause(tok):
        found = next(iter(_children(tok, "nsubj")), None)
    if found is None and _reduced_relative(tok):
        found = tok.head
    return found


def _is_passive(tok: Token) -> bool:
    """Whether a verb is passive: with a passive subject or auxiliary, a participle or adjective as a
    complement ("remained surrounded"), a bare participle clause (:func:`_participle_clause`) or a reduced
    relative (:func:`_reduced_relative`)."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.dep_ == "acomp" and tok.tag_ == "VBN") or (tok.dep_ == "acomp" and tok.pos_ == "ADJ") or (
        _participle_clause(tok)) or _reduced_relative(tok)


def _with_conj(tok: Token) -> list[Token]:
    """``tok`` and the words joined to it by "and" / "or" (the chain of conjuncts hanging from it, not
    those inside its own modifiers)."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(_with_conj(c))
    return out


def _object(tok: Token) -> Token | None:
    """The patient of a verb: its direct object, or a passive's subject; for a participle the
    parser took for an adjective, the noun it modifies ("captured Ghazni" read as amod) or the
    subject of its copula ("the city was overrun" read as acomp).  A relative clause's pronoun stands for
    the noun the clause modifies ("Kandahar, which was captured on Friday"), and so does a reduced
    relative's participle ("Kandahar, captured on Friday")."""
    for dep in ("dobj", "nsubjpass", "dative"):
        cs = _children(tok, dep)
        if cs and cs[0].pos_ != "ADP":
            if tok.dep_ == "relcl" and cs[0].lower_ in ("which", "that", "who", "whom"):
                return tok.head
            return cs[0]
    if _participle_clause(tok) or _reduced_relative(tok):  # "wanted the protesters arrested"
        return _passive_subject(tok)
    if tok.dep_ == "amod" and tok.head.pos_ in ("PROPN", "NOUN"):
        return tok.head
    if tok.dep_ == "acomp":
        return next(iter(_children(tok.head, "nsubj", "nsubjpass")), None)
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.head.i == tok.i and nxt.dep_ in ("advmod", "npadvmod") and nxt.text[:1].isupper() \
            and nxt.pos_ in ("PROPN", "ADV") and nxt.ent_type_ not in _THING_ENTS and nxt.lower_ not in _CALENDAR:
        return nxt  # "had retaken Bakhmut", "captured Bakhmut" with the name read as an adverb
    for c in _children(tok, "ccomp"):  # "captured Ghazni and forces withdrew": object read as a subject
        first = next(iter(_children(c, "nsubj")), None)
        if first is not None and first.i == tok.i + 1 and first.pos_ == "PROPN":
            return first
    return None


#: Dashes that end a dateline ("KABUL —", "KABUL, Afghanistan (AP) --").
_DASHES = frozenset({"—", "–", "--", "-"})


def _in_dateline(tok: Token) -> bool:
    """Whether ``tok`` is in the dateline that opens its sentence: an upper-case place name, perhaps
    a country and an agency, then a dash ("KABUL, Afghanistan (AP) —").  The parser often takes the
    place for the subject of the sentence's verb."""
    sent = tok.sent
    first = sent[0]
    if not (first.is_upper and first.is_alpha and len(first) > 1):
        return False
    for t in sent[:10]:
        if t.text in _DASHES:
            return tok.i < t.i
        if not (t.pos_ == "PROPN" or t.is_punct):
            return False
    return False


def _subject_candidates(verb: Token) -> list[Token]:
    """A verb's subjects, a dateline's place replaced by what it stands beside ("KABUL — Senior
    officials ... surrendered": the officials)."""
    out: list[Token] = []
    for c in _children(verb, "nsubj", "csubj"):
        if _in_dateline(c):
            out.extend(a for a in _children(c, "appos") if not _in_dateline(a))
        else:
            out.append(c)
    return out


def _subject(tok: Token) -> Token | None:
    """The grammatical subject of a verb, inherited through conjuncts and infinitives; for a gerund
    naming what someone is held to account for, that someone (:func:`_held_to_account`)."""
    cur = tok
    for _ in range(8):
        cs = _subject_candidates(cur)
        if cs and cs[0].dep_ == "nsubj" and cur.lemma_ == "be" and cur.i != tok.i:
            return cs[0]
        if cs and cs[0].lower_ not in ("which", "that", "who"):
            return cs[0]
        if cs:  # relative pronoun: the noun the clause modifies
            return cur.head if cur.dep_ == "relcl" else None
        if _is_passive(cur) and cur.i == tok.i:
            return None
        if cur.dep_ == "pcomp" and cur.tag_ == "VBG" and _children(cur.head, "pobj"):
            # a participle the parser gave a preposition that has its own object ("issued an advisory in
            # as many days calling on its citizens"): a free adjunct, whose subject is the clause's
            cur = _clause_verb(cur.head)
            continue
        held = _held_to_account(cur)
        if held is not None:
            return held
        if (cur.dep_ in ("pcomp", "pobj", "prep", "acomp") or (
                cur.dep_ == "advmod" and cur.lemma_.lower() in ("close", "near"))) and cur.head.i != cur.i:
            cur = cur.head  # "on the verge of falling", "came closer to capturing": the clause's subject
            continue
        raised = _children(cur.head, "nsubjpass") if cur.dep_ == "xcomp" and _infinitive(cur) and \
            cur.head.lemma_.lower() in _RAISING_HEARSAY else []
        if raised:
            return raised[0]  # "the rebels are believed to have seized": the rebels
        told = _one_told(cur.head) if cur.dep_ == "xcomp" and _infinitive(cur) else None
        if told is not None:
            return told  # "urged residents to flee": the residents flee, not the one who urged them
        if cur.dep_ in ("conj", "xcomp", "advcl") and cur.head.i != cur.i:
            if cur.dep_ == "advcl" and not _infinitive(cur) and not _free_adjunct(cur):
                return None
            if cur.dep_ == "advcl" and cur.head.pos_ in ("NOUN", "PROPN"):
                # a participle the parser hung on the object ("are accelerating advances, undercutting
                # morale and supplying the militants"): the clause's subject is the verb's
                cur = _clause_verb(cur.head)
                continue
            cur = cur.head
            continue
        if cur.dep_ == "relcl":
            h = cur.head  # "the 10th to fall": the subject of "were the 10th"
            if h.dep_ == "attr":  # the subject nearest before the copula
                subs = [c for c in _children(h.head, "nsubj") if c.i < h.head.i]
                return subs[-1] if subs else h
            return h
        return None
    return None


def _one_told(verb: Token) -> Token | None:
    """For a verb of telling or making someone act (:data:`~taxonomy.OBJECT_CONTROL_VERBS`), the one told
    or made to: its object ("urged residents to flee", "forced the army to retreat"), whom it calls on
    ("called on the Taliban to halt"), or its passive subject ("residents were told to evacuate").  None
    for any other verb, or when it names no one."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in tx.OBJECT_CONTROL_VERBS:
        return None
    obj = next(iter(_children(verb, "dobj", "nsubjpass")), None)
    return obj if obj is not None else next((p for _, p in _prep_objects(verb, ("on", "upon"))), None)


def _held_to_account(tok: Token) -> Token | None:
    """For a gerund naming what someone is held to account for, that someone: "the governor was arrested
    for abandoning his capital" (the passive's subject), "accused the governor of allowing the militants
    in" (the object).  None for any other word."""
    if tok.dep_ != "pcomp" or tok.tag_ != "VBG" or tok.head.lower_ not in tx.ACCOUNT_PREPS:
        return None
    verb = tok.head.head
    if verb.dep_ == "dobj" and verb.pos_ in ("NOUN", "PROPN", "PRON"):  # the parser hung "of" on the object
        held = [verb] if verb.head.lemma_.lower() in tx.ACCOUNT_VERBS and verb.head.pos_ == "VERB" else []
    elif verb.lemma_.lower() in tx.ACCOUNT_VERBS and verb.pos_ == "VERB":
        held = _children(verb, "nsubjpass") if _is_passive(verb) else _children(verb, "dobj")
    else:
        return None
    # someone, not "the practice of detaining journalists"
    return held[0] if held and (held[0].pos_ == "PRON" or _party_word(held[0])) else None


def _party_word(tok: Token) -> bool:
    """Whether a word names a party by the parse alone (no annotations): a name, or a noun of people,
    forces or states ("the governor", "Taliban fighters"; not "the practice")."""
    low = tok.lemma_.lower()
    return _name_word(tok) or low in tx.PERSON_NOUNS or low in tx.CIVILIAN_WORDS or \
        low in tx.NON_STATE_WORDS or low in tx.STATE_WORDS or low in tx.TROOP_NOUNS


def _free_adjunct(tok: Token) -> bool:
    """An active participle clause with no subject of its own, whose subject is the main clause's ("the
    Bureau began preparing for a crisis, calling on volunteers"; "while retreating, the soldiers ...")."""
    return tok.tag_ == "VBG" and not _children(tok, "nsubj", "nsubjpass", "csubj", "expl")


def _prep_objects(tok: Token, preps: Iterable[str]) -> list[tuple[str, Token]]:
    """(preposition, object) pairs hanging off ``tok`` ("to Afghanistan", "in Herat")."""
    wanted = set(preps)
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.append((c.lower_, p))
    return out


def _subtree_has(tok: Token, words: frozenset[str], depth: int = 3) -> bool:
    """Whether ``tok`` or a noun under it (a few levels down) has a lemma in ``words``."""
    if tok.lemma_.lower() in words:
        return True
    if depth == 0:
        return False
    return any(_subtree_has(c, words, depth - 1) for c in tok.children
               if c.dep_ in ("prep", "pobj", "conj", "appos", "compound", "nmod", "nummod", "quantmod"))


def _place_like(tok: Token | None, ctx: _Ctx) -> bool:
    if tok is None:
        return False
    if any(t.i in ctx.tok_place for t in tok.subtree):
        return True
    if tok.lemma_.lower() in _PRONOUNS and tok.lower_ in ("it", "they"):
        return True
    return _subtree_has(tok, tx.PLACE_NOUNS, 2)


def _needs_ok(rule: tx.Trigger, tok: Token, arg: Token | None, ctx: _Ctx) -> bool:
    if rule.needs == "place":
        return _place_like(arg, ctx)
    if rule.needs == "troops":
        cands = [a for a in (arg, *_children(tok, "nsubj"), _subject(tok)) if a is not None]
        if any(_subtree_has(a, tx.TROOP_NOUNS) for a in cands):
            return True  # else a troop noun just before the verb ("600 troops are to be sent")
        near = tok.doc[max(tok.sent.start, tok.i - TROOP_WINDOW):tok.i]
        return any(t.lemma_.lower() in tx.TROOP_NOUNS for t in near)
    if rule.needs == "party":  # a second party: "discussed the plan with Iran", "Norway and Denmark share"
        subj = _subject(tok)
        if subj is not None and any(c.dep_ == "conj" or c.lower_ in ("both", "two") for c in subj.children):
            return True
        if arg is not None and arg.lower_ not in _PRONOUNS and _counterpart(arg, ctx):
            return True
        withs = _prep_objects(tok, ("with",)) + (_prep_objects(arg, ("with",)) if arg is not None else [])
        return any(_counterpart(p, ctx) for _, p in withs)
    if rule.needs == "restriction":  # "lifted sanctions", "lifted a state of emergency", "opened the border"
        if arg is None:
            return False
        words = " ".join(t.lower_ for t in arg.subtree)
        return _subtree_has(arg, tx.RESTRICTION_NOUNS, 1) or any(ph in words for ph in tx.RESTRICTION_PHRASES)
    if rule.needs == "aimed":  # "fired rockets at Israel", "launched 30 cruise missiles"; not "into orbit"
        return _aimed(tok, arg, ctx, strict=tok.lemma_.lower() == "launch" and arg is not None and
                      arg.lemma_.lower() == "rocket")  # a rocket launched may be a space launch
    if rule.needs == "explosive":  # "a car bomb exploded", "detonated an explosive device"
        if any(c.lower_ in ("safely", "controlled") for c in tok.subtree) or any(
                _subtree_has(a, _DISPOSAL_WORDS, 2) for a in _children(tok, "nsubj")):
            return False  # "bomb disposal experts detonated the device safely": no attack
        return any(_subtree_has(a, tx.EXPLOSIVE_NOUNS, 2) for a in (arg, *_children(tok, "nsubj")) if a is not None)
    if rule.needs == "ruler":  # "toppled the government", "ousted the president"; not "toppled a statue"
        return arg is not None and (_a_person(arg) or _subtree_has(arg, tx.RULER_NOUNS, 1)) and \
            not _subtree_has(arg, _NO_RULER_WORDS, 2)
    if rule.needs == "advance":  # "pushed into the city center", "pushed back the insurgents"
        return any(c.dep_ in ("prep", "prt", "advmod") and c.lower_ in tx.ADVANCE_WORDS for c in tok.children)
    return True


def _match_verb(tok: Token, ctx: _Ctx) -> tuple[list[Token], tx.Trigger, Token] | None:
    lemma = tok.lemma_.lower()
    for prt in _children(tok, "prt"):
        rule = tx.PARTICLE_TRIGGERS.get((lemma, prt.lower_))
        if rule is not None and _needs_ok(rule, tok, _object(tok), ctx):
            return sorted([tok, prt], key=lambda t: t.i), rule, tok
    if _verb_in(tok, tx.DEFENCE_VERBS | tx.FOILING_VERBS | tx.DEFERRING_VERBS) and _act_noun(
            _object(tok) or _passive_subject(tok)):
        return None  # "beat back an attack", "blocked the deployment", "pushed back the summit": the act's
    for prep in _children(tok, "prep") if not _children(tok, "prt") else ():  # not "called off ... on Kabul"
        rule = tx.PREP_TRIGGERS.get((lemma, prep.lower_))
        if rule is not None:
            return sorted([tok, prep], key=lambda t: t.i), rule, tok
    obj = _object(tok)
    for o in _children(tok, "dobj", "nsubjpass"):
        rule = tx.OBJECT_TRIGGERS.get((lemma, o.lemma_.lower())) or tx.OBJECT_TRIGGERS.get(
            (lemma, _of_collective(o).lemma_.lower()))  # "fired a salvo of missiles"
        if rule is not None and _needs_ok(rule, tok, o, ctx):
            return sorted([tok, o], key=lambda t: t.i), rule, tok
    rule = tx.VERB_TRIGGERS.get(lemma)
    if lemma == "take" and rule is None:
        rule = tx.Trigger("nonstate_overtakes", needs="place", territory=True)
    if rule is not None and rule.roles == "theme" and lemma == "fall":
        subj = (_children(tok, "nsubj") or [None])[0]
        if not (_place_like(subj, ctx) or _prep_objects(tok, ("to",))):
            return None
        return [tok], tx.Trigger(rule.key, roles="theme", territory=True), tok
    if rule is not None and _needs_ok(rule, tok, obj, ctx):
        return [tok], rule, tok
    rule = tx.VERB_FALLBACK.get(lemma)
    if rule is not None:
        return [tok], rule, tok
    return None


def _match_noun(tok: Token, ctx: _Ctx) -> tuple[list[Token], tx.Trigger, Token] | None:
    rule = _trigger_rule(tok)  # a noun or proper noun: the noun table
    if rule is None:
        return None
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in tx.NOUN_TRIGGERS:
        return None  # "ceasefire agreement": the head noun is the trigger
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in _KIT_AND_FORCE:
        return None  # "riot police", "riot gear", "strike force": kinds of force or kit, no act
    if any(c.dep_ == "amod" and c.lower_ in ("controlled", "accidental") for c in tok.children):
        return None  # "a controlled explosion", "an accidental blast": no attack
    if _topic_of_same_act(tok, rule):
        return None  # "reached an agreement with the insurgents on a truce": one agreement
    rule = _modified(tok, rule)
    if rule.roles == "theme" or rule.territory:  # "the fall of Ghazni": needs the place taken
        of = [p for _, p in _prep_objects(tok, ("of",))] + _children(tok, "poss")
        if not any(_place_like(p, ctx) and p.lower_ not in _PRONOUNS for p in of) and not (
                rule.territory and any(_place_like(p, ctx) for p in of)):
            return None
    return [tok], rule, tok


def _modified(tok: Token, rule: tx.Trigger) -> tx.Trigger:
    """A noun trigger's rule as its modifiers make it (:data:`~newsfuse.extract.taxonomy.NOUN_MODIFIERS`:
    "suicide attack", "rocket attack")."""
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nmod")}
    override = next((tx.NOUN_MODIFIERS[(tok.lemma_.lower(), m)] for m in sorted(mods)
                     if (tok.lemma_.lower(), m) in tx.NOUN_MODIFIERS), None)
    return tx.Trigger(override) if override is not None else rule


def _trigger_rule(tok: Token) -> tx.Trigger | None:
    """The trigger table's rule for a word, a noun's or a verb's by its part of speech (lemma, then form)."""
    table = tx.NOUN_TRIGGERS if tok.pos_ in ("NOUN", "PROPN") else tx.VERB_TRIGGERS
    return table.get(tok.lemma_.lower()) or table.get(tok.lower_)


#: Prepositions that give what an act is about ("an agreement on a truce", "a deal for a ceasefire").
_TOPIC_PREPS = frozenset({"on", "over", "for", "about"})


#: Acts that talks are held about before they happen ("talks on a ceasefire", "negotiations on the
#: withdrawal of troops"); talks about an attack are about one that happened.
_NEGOTIATED = frozenset({"agreement", "troop_withdrawal", "troop_deployment", "evacuation", "transfer_territory"})


def _talked_about(head: Token, key: str) -> bool:
    """Whether an event noun is what talks are about ("held talks on a ceasefire", "discussed a truce"):
    what is negotiated is not reported as done."""
    if head.pos_ != "NOUN" or key not in _NEGOTIATED:
        return False
    if head.dep_ == "pobj" and head.head.lower_ in _TOPIC_PREPS:
        host = head.head.head
    elif head.dep_ == "dobj":
        host = head.head
    else:
        return False
    # the talks word, or the light verb that holds it ("held talks on a ceasefire")
    return any((rule := _trigger_rule(word)) is not None and rule.key == "talks"
               for word in (host, *_children(host, "dobj")))


def _topic_of_same_act(tok: Token, rule: tx.Trigger) -> bool:
    """Whether an event noun is what an act of its own kind is about ("reached an agreement with the
    insurgents on a truce": the truce is the agreement; the parser may hang "on a truce" on the
    insurgents, so the nearest event word up the prepositional phrases is the act)."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in _TOPIC_PREPS:
        return False
    cur = tok.head.head
    for _ in range(4):
        found = _trigger_rule(cur)
        if found is not None:
            return found.key == rule.key
        if cur.dep_ not in ("pobj", "prep") or cur.i == cur.head.i:
            return False
        cur = cur.head
    return False


# ---- roles, place, date, modality -----------------------------------------------------------


#: Sub-types of a verb whose subject asks for, judges or opposes an act rather than doing it.
_ABOUT_ANOTHERS_ACT = frozenset({"demand", "accusation", "rejection", "support", "threat"})
#: Sub-types of an act done together: whoever wants or proposes one takes part in it.
_JOINT_KEYS = frozenset({"talks", "agreement", "cooperation"})


def _displaced(head: Token, actor1: Token | None, ctx: _Ctx) -> bool:
    """Whether a flight or withdrawal ``head`` is people leaving, not a force: every one who leaves is a
    civilian word, a people fleeing ("thousands of Afghans fled", "Ukrainians fled") or a bare number
    ("thousands of residents", "families and children", "thousands fled"), or they flee their homes.  ``actor1`` is the pronoun's antecedent
    where there is one ("residents said they fled")."""
    if any(o.lemma_.lower() == "home" for o in _children(head, "dobj")):
        return True
    if actor1 is None:
        return False
    fled = head.lemma_.lower() in tx.ESCAPE_VERBS
    def people(tok: Token) -> bool:
        inner = _of_collective(tok)
        low = inner.lemma_.lower()
        # a people fleeing: counted ("thousands of Rohingya fled", tagged or not), or a country's people
        # ("Ukrainians fled"); not "the Russians fled Kherson", "the Soviets withdrew" (an army), "jihadists
        # fled" (fighters)
        counted = inner.i != tok.i and (inner.ent_type_ == "NORP" or (inner.pos_ == "PROPN" and not inner.ent_type_))
        a_people = inner.ent_type_ == "NORP" and _a_people(inner, ctx) and not _definite(inner)
        return low in tx.CIVILIAN_WORDS or low in ("family", "families") or (
            inner is tok and low in tx.COLLECTIVE_NOUNS and tok.pos_ != "PROPN") or (fled and (counted or a_people))
    return all(people(t) for t in _with_conj(actor1))


def _verb_in(verb: Token, verbs: frozenset[str | tuple[str, str]]) -> bool:
    """Whether ``verb`` is one of ``verbs``: its lemma, or its lemma and particle ("called off")."""
    low = verb.lemma_.lower()
    return low in verbs or any((low, c.lower_) in verbs for c in _children(verb, "prt", "advmod"))


def _undone(act: Token) -> str | None:
    """The modality an act's noun gets from a verb that calls it off, foils or puts it off: "the talks
    were cancelled", "police foiled a bombing" (negated: it did not happen), "will cancel the talks"
    (hypothetical), "the talks were postponed" (future); None for any other verb.  A headline drops
    the passive's auxiliary ("Talks called off after bombing"): an act's noun as the subject of such a
    verb with no object is what was called off."""
    verb = act.head
    if verb.pos_ != "VERB" or not (act.dep_ in ("dobj", "nsubjpass") or (
            act.dep_ == "nsubj" and _act_noun(act) and not _children(verb, "dobj"))):
        return None
    if _verb_in(verb, tx.DEFERRING_VERBS):
        return "future"
    if _verb_in(verb, tx.CANCELLING_VERBS | tx.FOILING_VERBS):  # a headline's bare participle is past too
        past = _modal_free_past(verb) or (verb.tag_ == "VBN" and not _children(verb, "aux", "auxpass"))
        return "negated" if past else "hypothetical"
    return None


#: Verbs whose subject does not do the act their object names: it escapes, describes, awaits or foresees it.
_NOT_THE_DOERS = tx.ESCAPE_VERBS | tx.DESCRIBING_VERBS | tx.AWAITING_VERBS
#: Verbs whose subject stops or holds off the act their object names.
_STOPPING_VERBS = tx.FOILING_VERBS | tx.DEFENCE_VERBS
#: Words that name a person without a name: people, or the holder of a post.
_PERSON_WORDS = tx.PERSON_NOUNS | tx.POST_NOUNS
#: Heads that an act noun before them only qualifies ("riot police", "riot gear", "strike force").
_KIT_AND_FORCE = tx.TROOP_NOUNS | frozenset({"gear", "squad", "shield"})
#: Who sets off a bomb without an attack: bomb-disposal teams ("bomb disposal experts detonated ...").
_DISPOSAL_WORDS = frozenset({"disposal", "sapper", "deminer"})
#: Doers whose name holds a bomb word but who are no bomb ("bomb disposal experts").
_EXPLOSIVE_HANDLERS = tx.PERSON_NOUNS | frozenset({"expert", "squad", "team", "unit"})
#: What is toppled that no coup topples.
_NO_RULER_WORDS = frozenset({"statue", "monument", "tree", "record"})
#: Verbs that tell that an act foretold as likely happens ("likely to happen", "likely to erupt").
_HAPPENING_VERBS = tx.OCCURRENCE_VERBS | frozenset({"happen", "come", "erupt", "break", "take"})
#: Words of the calendar and the clock, never a verb's object ("jets struck Tuesday near the border").
_CALENDAR = tx.TIME_WORDS | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december today yesterday tomorrow tonight".split())
#: Verbs of harm done to people: as a participle after another violent act they tell its toll.
_TOLL_VERBS = frozenset({"kill", "wound", "injure", "maim"})


def _toll_of(verb: Token, verb_keys: Mapping[int, str], ctx: _Ctx) -> bool:
    """Whether a verb of harm is a participle telling the toll of the violent act it hangs on ("a car bomb
    exploded outside a police station, killing 12", "troops shelled the town, wounding five", "Israel
    struck Gaza, killing 40")."""
    return verb.lemma_.lower() in _TOLL_VERBS and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "conj") \
        and (verb_keys.get(verb.head.i) in _VIOLENT_KINDS or (
            verb.head.i in verb_keys and _strikes_a_target(verb.head, ctx)))


#: Place nouns that are a whole town or province with the name they carry ("Kirkuk province").
_TOWN_WORDS = frozenset({"city", "town", "capital", "province", "district", "village", "region", "territory",
                         "area", "settlement", "neighbourhood", "neighborhood", "valley", "county", "state",
                         "governorate", "oblast", "outskirts", "suburb"})


def _a_town(noun: Token | None, ctx: _Ctx) -> bool:
    """Whether a noun is a town or province, named or not ("Kunduz", "the town of Rubaya", "the city")."""
    return noun is not None and (bool(_town_names(noun, ctx)) or noun.lemma_.lower() in _TOWN_WORDS)


#: Sites named by their town, where what is done to them is done in the town ("Kabul airport").
_SITE_WORDS = frozenset({"airport", "airfield", "port", "harbour", "harbor", "station"})
_NAMED_PLACE_WORDS = _TOWN_WORDS | _SITE_WORDS


def _town_names(noun: Token, ctx: _Ctx) -> list[Token]:
    """The name of the town or province a noun is: itself ("Kandahar"), or the name in a place noun
    ("Kirkuk province", "the town of Bunia", "inhabited areas of Aleppo"); none for anything else."""
    names = [noun] if noun.i in ctx.tok_place else []
    if not names and noun.lemma_.lower() in _NAMED_PLACE_WORDS:  # not "the Jenin refugee camp"
        names = [c for c in noun.children if c.dep_ in ("compound", "appos") and c.i in ctx.tok_place]
        names += [p for _, p in _prep_objects(noun, ("of",)) if p.i in ctx.tok_place]
    return [t for t in names if _town_or_province(ctx.tok_place[t.i])]


#: Where a rocket or missile goes when it is a test or a launch, not an attack.
_NO_TARGET = frozenset({"sea", "ocean", "water", "orbit", "space", "moon", "atmosphere", "coast"})
#: Words that make a launch or a firing a test or an exercise, no attack.
_TRIAL_WORDS = frozenset({"test", "tests", "tested", "exercise", "exercises", "drill", "drills", "trial", "trials"})


def _aimed(verb: Token, obj: Token | None, ctx: _Ctx, strict: bool = False) -> bool:
    """Whether what a verb fires or launches is aimed at someone or somewhere: an aim ("at Israel", "on
    Kyiv", "toward the border", "into Ukraine") says so; a test, an exercise, the sea or space says not
    ("test-fired a missile", "fired a missile into the sea", "launched a rocket into orbit"); with
    neither, a weapon fired or launched is taken as aimed ("launched 30 cruise missiles overnight"),
    except where ``strict`` (a rocket launched may be a space launch)."""
    if any(t.lower_ in _TRIAL_WORDS for t in verb.sent):
        return False
    preps = [(c.lower_, c) for a in (verb, obj) if a is not None for c in _children(a, "prep")
             if not any(o.ent_type_ in ("DATE", "TIME") or o.lower_ in _CALENDAR for o in _children(c, "pobj"))]
    if any(p in ("at", "on", "upon", "against", "toward", "towards") for p, _ in preps):
        return True  # not "on Wednesday"
    if any(o.lemma_.lower() in _NO_TARGET for _, c in preps for o in _children(c, "pobj")):
        return False  # "into the sea", "into the Yellow Sea", "into orbit", "off its east coast"
    if any(o.i in ctx.tok_place for p, c in preps if p in ("into", "across", "over") for o in _children(c, "pobj")):
        return True
    return not strict


def _shooting(verb: Token, ctx: _Ctx) -> bool:
    """Whether "fire" is gunfire: with no object ("troops fired on protesters") or a gun, a shot, a round or
    a shell as its object ("fired shots", "fired tear gas at the crowd"), not into the sea or space ("fired
    a missile into the sea" is a test); "fired up" is no shot."""
    if _children(verb, "prt"):
        return False
    obj = next(iter(_children(verb, "dobj")), None)
    if obj is None:
        return True
    return _subtree_has(obj, tx.FIRED_NOUNS, 1) and _aimed(verb, obj, ctx)


def _done_by_no_one(verb: Token) -> bool:
    """Whether a verb trigger's subject or object is no one ("no one was arrested", "no troops were sent",
    "sent no troops"); not "no one but the Taliban could have", a comparison ("no country has sent more
    troops than Poland") nor a time ("no troops will be deployed until parliament approves")."""
    if verb.pos_ != "VERB" or _until(verb) or any(t.lower_ == "than" for t in verb.subtree):
        return False
    return any(_nobody(c) for c in _children(verb, "nsubj", "nsubjpass", "dobj"))


def _nobody(tok: Token) -> bool:
    """Whether a noun names no one: "no group", "nobody", "none" (not "no one but the Taliban")."""
    return _no_word(tok) and not any(c.lower_ in ("but", "except") for c in tok.children)


def _no_word(tok: Token) -> bool:
    """Whether a noun is said with "no" or "neither" or is "nobody"/"none": no actor's name, whatever follows
    it."""
    return tok.lower_ in _NOBODY or any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in tok.children)


def _bare_weapon(tok: Token) -> bool:
    """Whether a doer is a bomb, mine or shell with no side named ("a car bomb", "a landmine"; not
    "Russian missiles")."""
    return tok.lemma_.lower() in tx.EXPLOSIVE_NOUNS and not any(
        t.ent_type_ in ("NORP", "GPE", "ORG") for t in tok.subtree)


def _a_person(tok: Token | None) -> bool:
    """Whether a word names a person: a person's name, a person noun or the holder of a post ("his
    defence minister", "its coach") or a personal pronoun."""
    if tok is None:
        return False
    return tok.ent_type_ == "PERSON" or tok.lower_ in ("him", "her") or tok.lemma_.lower() in _PERSON_WORDS


def _a_people(tok: Token, ctx: _Ctx) -> bool:
    """Whether a plural word names a country's people ("Afghans", "Ukrainians", "Sudanese")."""
    if ctx.nation is None:
        return False
    return ctx.nation(tok.text) is not None or (tok.lower_.endswith("s") and ctx.nation(tok.text[:-1]) is not None)


def _asks_of_another(act: Token, rule: tx.Trigger) -> bool:
    """Whether the subject of the verb whose object is ``act`` demands, wishes, judges, opposes or escapes
    that act rather than doing it, or saw it: "a UN resolution demanded the withdrawal of foreign troops",
    "praised the evacuation", "fled the fighting", "described the airstrikes", "foiled a bombing",
    "repelled an attack", "feared an ambush".  Who wants talks or a deal *with* another side is a party to
    them ("Hamas wants a ceasefire with Israel"; not "the UN wants a ceasefire in Gaza").
    "Ordered the deployment" is the sender's own act."""
    low = act.head.lemma_.lower()
    if low in _NOT_THE_DOERS or _verb_in(act.head, _STOPPING_VERBS):
        return True  # "families fled the fighting", "described the airstrikes", "police foiled a bombing"
    if low in tx.WISH_GOVERNORS and low not in ("urge", "recommend") and rule.key in _JOINT_KEYS and \
            _prep_objects(act, ("with",)):
        return False  # "protesters demanded talks with the government": they take part ("urged talks": not)
    if low in tx.WISH_GOVERNORS:  # "Iraq wants the withdrawal of US forces", "requested the deployment"
        return True
    own = tx.VERB_TRIGGERS.get(low)
    return own is not None and own.key in _ABOUT_ANOTHERS_ACT and low != "order"


def _territory_key(rule: tx.Trigger, agent_words: str, sideless: bool) -> str:
    """The territory sub-type by the taker: a non-state group overtakes, state forces regain; a taker
    of no side (:func:`_sideless`) leaves the trigger's own sub-type."""
    words = {w.strip(".,'’").lower() for w in agent_words.replace("-", " ").split()}
    words |= {w[:-1] for w in words if w.endswith("s")}
    if words & tx.NON_STATE_WORDS:
        return "nonstate_overtakes"
    if words & tx.STATE_WORDS and not sideless and rule.key in ("nonstate_overtakes", "government_regains"):
        return "government_regains"
    return rule.key


def _sideless(agent: Token | None) -> bool:
    """Whether an agent is "the forces" with nothing saying whose ("the forces", "their forces": a
    story's "fighters" are "the forces" two clauses later)."""
    return agent is not None and agent.lemma_.lower() in tx.SIDELESS_FORCE_WORDS and all(
        c.dep_ == "det" or (c.dep_ == "poss" and c.lower_ in _PRONOUNS) for c in agent.children)


def _troops(tok: Token) -> bool:
    """Whether a noun names troops, itself or through its collective ("US forces", "hundreds of
    Marines": a proper noun's lemma keeps its plural)."""
    low = _of_collective(tok).lemma_.lower()
    return low in tx.TROOP_NOUNS or (low.endswith("s") and low[:-1] in tx.TROOP_NOUNS)


def _of_collective(tok: Token) -> Token:
    """A collective noun's "of" phrase ("a group of refugees", "hundreds of troops"), else ``tok``."""
    if tok.lemma_.lower() in tx.COLLECTIVE_NOUNS or tok.lower_ in tx.COLLECTIVE_NOUNS:
        return next((p for _, p in _prep_objects(tok, ("of",))), tok)
    return tok


#: Agents that make "strike" or "march" an act of force ("government" and "ministry" alone do not:
#: "government workers marched").
_FORCE_AGENTS = tx.TROOP_NOUNS | tx.NON_STATE_WORDS | (tx.STATE_WORDS - {"government", "ministry"})


def _figurative(noun: Token, agent: Token | None, ctx: _Ctx) -> bool:
    """Whether an act noun of :data:`~taxonomy.WEAK_ACT_NOUNS` names no violence: a modifier that makes it
    a figure of speech or a score ("a legal skirmish", "a fridge raid", "a 40-point massacre"), or a raid
    "on" a thing that no force makes ("robbers' raid on a bank"; not "a raid on Kajuru", "a police raid on
    the house")."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and (c.lemma_.lower() in tx.FIGURATIVE_MODIFIERS or any(
                g.like_num for g in c.subtree)):
            return True
    targets = [p for _, p in _prep_objects(noun, ("on",))]
    force = agent is not None and (_subtree_has(agent, _FORCE_AGENTS, 2) or agent.ent_type_ == "NORP"
                                   or agent.i in ctx.tok_place)
    return bool(targets) and not force and not any(_place_like(p, ctx) or _party(p, ctx) for p in targets)


def _strike_on(head: Token, agent: Token | None, ctx: _Ctx) -> bool:
    """Whether the noun "strike" names strikes from the air on a place or party: a state or a people
    strikes a town, country or party ("Russian strikes on Kharkiv", "Israeli strikes on Hamas"), or
    strikes by no one named fall on towns or countries ("strikes on Crimea").  A labour strike is "on" a
    railway, a coast or a company too, and is one strike by workers ("a 24-hour strike on the London
    Underground", "a dock workers' strike on the East Coast", "drivers staged a strike on Lagos
    Island")."""
    if head.pos_ != "NOUN" or head.lemma_.lower() != "strike":
        return False
    targets = [p for _, p in _prep_objects(head, ("on",)) if p.ent_type_ not in _THING_ENTS]
    towns = [p for p in targets if p.i in ctx.tok_place and p.ent_type_ in ("GPE", "")]
    if agent is not None and (agent.ent_type_ in ("NORP", "GPE") or agent.i in ctx.tok_place):
        return bool(towns) or any(_party(p, ctx) for p in targets)
    return agent is None and head.tag_ == "NNS" and bool(towns)


def _strikes_a_target(verb: Token, ctx: _Ctx) -> bool:
    """Whether the verb "strike" hits something a force hits: a place, a party or a military target
    ("struck Kharkiv", "struck a Russian air base"); a labour strike has no object, and "struck a blow",
    "struck a chord" hit nothing ("struck a deal" is an agreement, read before)."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() != "strike":
        return False
    obj = _object(verb)
    if obj is None:
        return False
    if any(_subtree_has(p, tx.ARTILLERY_NOUNS | tx.AIRCRAFT_NOUNS, 1) for _, p in _prep_objects(verb, ("with",))):
        return True  # "struck Ukraine's energy grid with missiles"
    if obj.lower_ in _PRONOUNS:
        return obj.lower_ in ("them", "him", "her", "us", "me")  # "drones struck them"; not "struck it rich"
    return obj.i in ctx.tok_place or _party(obj, ctx) or obj.lemma_.lower() in tx.MILITARY_TARGET_NOUNS


def _strike_kind(verb: Token, agent: Token | None) -> str:
    """The sub-type of a strike on a target: by what it was made with or who made it ("struck ... with
    drones", "jets struck", "artillery struck"), else from the air (a state's or a force's strike on a
    target, as ``_strike_on`` reads the noun)."""
    tools = [p for _, p in _prep_objects(verb, ("with",))] + ([agent] if agent is not None else [])
    if any(_subtree_has(t, tx.ARTILLERY_NOUNS, 2) for t in tools):
        return "shelling"
    return "air_strike"


def _protest_or_force(lemma: str, agent: Token) -> str:
    """The sub-type of "strike" or "march" by ``agent``: a protest when people do it; a strike from the
    air or by artillery, an armed clash or troops on the move when forces do it ("US jets struck",
    "Taliban fighters marched into Kabul")."""
    if lemma == "strike" and _subtree_has(agent, tx.AIRCRAFT_NOUNS, 2):
        return "air_strike"
    if lemma == "strike" and _subtree_has(agent, tx.ARTILLERY_NOUNS, 2):
        return "shelling"
    if _subtree_has(agent, _FORCE_AGENTS, 2):
        return "armed_clash" if lemma == "strike" else "troop_deployment"
    return "protest"


def _roles(words: list[Token], rule: tx.Trigger, head: Token, ctx: _Ctx
           ) -> tuple[Token | None, Token | None, list[Token]]:
    """(actor1 head, actor2 head, place-argument heads in preference order)."""
    place_args: list[Token] = []
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ != "ROOT":
        agent = next((c for c in _children(head, "poss") if c.ent_type_ not in _THING_ENTS), None)  # not "Monday's"
        if agent is None:  # "Taliban takeover", "U.S. withdrawal"; not "Weekend protests", "Gaza airstrikes"
            agent = _event_agent(head, ctx, rule.key) or next((  # or a name no stage tagged: "Houthi attacks"
                c for c in head.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i < head.i
                and not c.ent_type_ and c.i not in ctx.tok_place and c.lower_ not in tx.TIME_WORDS), None)
            place_args.extend(c for c in head.children if c.dep_ in _AGENT_MODIFIERS and c.i < head.i
                              and c.i in ctx.tok_place and (agent is None or c.i != agent.i))  # "Gaza airstrikes"
        of = [p for _, p in _prep_objects(head, ("of",))]
        by = [p for _, p in _prep_objects(head, ("by",))]
        if agent is not None and _place_like(agent, ctx) and (rule.roles == "theme" or rule.territory):
            place_args.append(agent)
            agent = None
        if by:
            agent = by[0]
        patient = None
        withdrawing: Token | None = None
        for p in of:
            if _place_like(p, ctx) or rule.roles == "theme":
                place_args.append(p)
            elif withdrawing is None and rule.key == "troop_withdrawal" and _troops(p):
                withdrawing = p  # "amid the withdrawal of U.S. forces": the forces withdraw (below)
            else:
                patient = p
        if rule.key in ("troop_deployment", "troop_withdrawal", "evacuation"):
            patient = None  # "deployment of hundreds of troops": the theme, not a second party
        place_args.extend(p for _, p in _prep_objects(head, LOC_PREPS - {"of"}))
        role = head.head if head.dep_ == "compound" else head  # "a mediation effort"
        claim = _claimed(role)
        if agent is None and claim is not None:  # "Al-Shabab claimed responsibility for the attack"
            agent = _subject(claim)
        if role.dep_ == "dobj":  # "ordered the deployment of troops to Afghanistan"
            if agent is None and not _asks_of_another(role, rule):
                agent = _subject(role.head)
            if patient is None and rule.key in _VIOLENT_KINDS and _verb_in(role.head, tx.DEFENCE_VERBS):
                patient = _subject(role.head)  # "troops repelled an attack", "Ukraine resisted the offensive"
            place_args.extend(p for _, p in _prep_objects(role.head, LOC_PREPS - {"of"}))
        if role.dep_ == "pobj" and role.head.lower_ in STATE_PREPS:
            subj = _subject(role.head.head)  # "Ghazni city had been under siege", "Herat fell amid fighting"
            if subj is not None and any(_town_or_province(e) for e in _places_in(subj, ctx)):
                place_args.append(subj)  # a town or province ("the US sent troops amid fighting": no place)
        if agent is None:
            agent = withdrawing  # "Britain completed the withdrawal of its troops" is Britain's, above
        return agent, patient, place_args
    passive = _is_passive(head)
    subj = _subject(head)
    obj_word = next((w for w in words if w.i != head.i), None)  # light-verb object / particle
    obj = _object(head) if obj_word is None or obj_word.dep_ == "prt" else None
    if obj_word is not None and obj_word.dep_ != "prt":  # "seize control of X": X is the patient
        inner = [p for _, p in _prep_objects(obj_word, ("of", "over", "in", "on"))]
        # "reached an agreement with the insurgents": the other side
        inner += [p for _, p in _prep_objects(obj_word, ("with", "to", "against")) if _party(p, ctx)]
        obj = inner[0] if inner else None
        place_args.extend(p for _, p in _prep_objects(obj_word, ("at", "into")) if p.i in ctx.tok_place)
    agent = subj
    if passive:  # "by Friday" is a deadline, not who did it
        agent = next((p for _, p in _prep_objects(head, ("by",)) if p.ent_type_ not in ("DATE", "TIME")), None)
        if obj is None:
            obj = _passive_subject(head)
    to = [p for _, p in _prep_objects(head, ("to",))]
    if rule.roles == "theme":
        actor1: Token | None = None
        actor2: Token | None = None
        if head.lemma_.lower() == "fall":  # "X fell to the Taliban": the taker is actor1
            if subj is not None:
                place_args.append(subj)
            actor1 = to[0] if to else None
        elif _place_like(subj, ctx) and not (subj is not None and _subtree_has(subj, tx.TROOP_NOUNS | tx.PERSON_NOUNS, 1)):
            place_args.append(subj)  # "Qala-i-Naw surrendered"
            actor1 = to[0] if to else None
        else:
            actor1 = subj
            actor2 = to[0] if to else None
        if obj is not None and obj is not subj:
            place_args.insert(0, obj)  # "surrendered Herat to insurgents"
        place_args.extend(p for prep, p in _prep_objects(head, LOC_PREPS - {"to"}))
        return actor1, actor2, place_args
    if rule.needs == "explosive":  # the bomb that went off is neither doer nor target
        agent = None if agent is not None and _subtree_has(agent, tx.EXPLOSIVE_NOUNS, 1) and \
            agent.lemma_.lower() not in _EXPLOSIVE_HANDLERS else agent
        obj = None if obj is not None and _subtree_has(obj, tx.EXPLOSIVE_NOUNS, 1) else obj
    actor2 = obj
    if (rule.territory or rule.needs == "place" or rule.key in _TERRITORY_KEYS) and _place_like(obj, ctx):
        place_args.append(obj)
        actor2 = next((p for _, p in _prep_objects(head, ("from",))), None)
    elif obj is not None and (rule.key in _VIOLENT_KINDS or _strikes_a_target(head, ctx)) and \
            (towns := _town_names(obj, ctx)):
        place_args.extend(towns)  # "the Taliban attacked Kandahar", "shelled Kharkiv": where, not whom
        actor2 = None
    if rule.needs == "troops" or rule.key in ("troop_deployment", "troop_withdrawal", "evacuation"):
        if obj is not None and obj.i in ctx.tok_place and rule.key != "troop_deployment":
            place_args.append(obj)  # "fled Lashkar Gah"
        actor2 = None  # the troops / the evacuees are the theme, not a second party
        if agent is None and passive and obj is not None and rule.key != "evacuation" and _troops(obj):
            agent = obj  # "US troops were withdrawn from Kabul": as "the withdrawal of US troops"
    if rule.key == "transfer_territory" and to and actor2 is None:
        actor2 = to[0]
    own = [p for _, p in _prep_objects(head, LOC_PREPS)]
    place_args.extend(p for p in own if p.i > head.i)
    if obj is not None:  # "besieged the local government compound in Lashkar Gah": where its target is
        place_args.extend(p for _, p in _prep_objects(obj, CLAUSE_LOC_PREPS))
    place_args.extend(p for p in own if p.i < head.i)  # the scene set first: "In Helmand province, ..."
    for clause in _when_clauses(head):  # "were killed when a car bomb went off near a police station in X"
        place_args.extend(p for _, p in _prep_objects(clause, LOC_PREPS))
        for _, p in _prep_objects(clause, ("near", "outside", "at", "in")):
            place_args.extend(q for _, q in _prep_objects(p, CLAUSE_LOC_PREPS))
    if rule.key not in _THEME_KEYS and not (rule.territory or rule.needs == "place"):
        actor2 = _target(head, actor2, ctx)
    return agent, actor2, place_args


def _when_clauses(verb: Token) -> list[Token]:
    """Past clauses that time a verb's act by another that happened with it ("were killed when a car bomb
    went off": the same moment and place)."""
    return [c for c in _children(verb, "advcl") if _past(c) and any(
        m.lower_ == "when" for m in _children(c, "mark", "advmod"))]  # not "as" (also "because", "while")


#: Prepositions that put a place's clause in the state an event noun names: the clause's subject is
#: where the event is ("Ghazni city ... had been under siege", "Herat was on the verge of falling
#: amid heavy fighting").
STATE_PREPS = frozenset({"under", "amid", "amidst"})
#: Sub-types whose object is what moves (troops, evacuees), not a second party.
_THEME_KEYS = frozenset({"troop_deployment", "troop_withdrawal", "evacuation", "nonstate_overtakes",
                         "government_regains", "transfer_territory"})
#: Prepositions naming the party an act is directed at ("gave aid to X", "talks with X").
_TARGET_PREPS = ("to", "with", "against", "on", "from", "by", "for", "of", "into")
#: spaCy entity labels of proper nouns that name no party ("on Friday", "in August", "the Olympics").
_THING_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "EVENT",
                         "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE"})


def _named_party(tok: Token, ctx: _Ctx) -> bool:
    """Whether a word is (part of) the name of a party: an entity, or a proper noun that names no date,
    number, event or law."""
    return tok.i in ctx.tok_ent or _name_word(tok)


#: spaCy entity labels that name a party.
_PARTY_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _name_word(tok: Token) -> bool:
    """:func:`_named_party` by the parse alone."""
    if tok.ent_type_ in _PARTY_ENTS:
        return True
    return tok.pos_ == "PROPN" and tok.ent_type_ not in _THING_ENTS


def _party(tok: Token, ctx: _Ctx) -> bool:
    """Whether a noun names a party (a person, group, organisation or state) rather than a thing."""
    return tok.i in ctx.tok_ent or _party_word(tok)


def _counterpart(tok: Token, ctx: _Ctx) -> bool:
    """Whether a noun names a party one can visit, talk or work with: a party that is not a town, a
    region or a river ("visited Russia", "discussed the plan with Iranian officials"; not "visited
    Bewdley"): a country is a state, a place below it only where something happens."""
    if not _party(tok, ctx):
        return False
    place = ctx.tok_place.get(tok.i)
    if place is not None:
        return place.place is not None and place.place.kind == "country"
    return tok.ent_type_ not in ("LOC", "FAC")


def _party_in(tok: Token, ctx: _Ctx) -> Token | None:
    """The party an argument names: itself, or for a thing, the party it belongs to or comes from
    ("Haiti's efforts", "an Indian proposal", "calls by Belarus's rulers"); else None ("threaten
    sanctions", "resigned their posts", "destroyed documents")."""
    tok = _of_collective(tok)
    if _party(tok, ctx):
        return tok
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ not in _PRONOUNS and _party(c, ctx)), None)
    if owner is None:
        owner = next((c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and _named_party(c, ctx)), None)
    if owner is None:
        owner = next((p for _, p in _prep_objects(tok, ("by", "from")) if _party(p, ctx)), None)
    return owner


def _target(head: Token, obj: Token | None, ctx: _Ctx) -> Token | None:
    """The party an act is directed at: an indirect object ("give Tanzania a grant"), a party
    object, a party inside an abstract object ("lifted a ban on the FIS", "accepted demands from
    the rebels"), a "to/with/against" party, the subject of a demanded clause ("demanded that the
    US cancel"), or the same found in an infinitive ("threatened to break relations with Russia")."""
    dative = [c for c in head.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    if dative:
        return dative[0]
    if obj is not None and _party(obj, ctx):
        return obj
    if obj is not None:
        for _, p in _prep_objects(obj, _TARGET_PREPS):
            if _party(p, ctx):
                return p
    for _, p in _prep_objects(head, ("to", "with", "against", "on")):
        if _party(p, ctx):
            return p
    for c in head.children:
        if c.dep_ == "ccomp":
            s = next(iter(_children(c, "nsubj")), None)
            if s is not None and _party(s, ctx) and s.lower_ not in _PRONOUNS:
                return s
    for c in head.children:
        if c.dep_ == "xcomp":
            found = _target(c, _object(c), ctx)
            if found is not None:
                return found
    # a country acted in or from ("intervened in Syria"); a town or province is where, never whom
    for _, p in _prep_objects(head, ("in", "from", "into")):
        e = ctx.tok_place.get(p.i)
        if e is not None and e.place is not None and e.place.kind == "country":
            return p
    return obj


#: Keys of the sub-types in :data:`taxonomy.TERRITORY_SUBTYPES`.
_TERRITORY_KEYS = frozenset(k for k, t in tx.EVENT_TYPES.items() if t.subtype in tx.TERRITORY_SUBTYPES)


def _clause_places(head: Token) -> list[Token]:
    """Locative phrases of the clauses above the trigger ("In Herat, fighters took ..."); never one that
    holds the trigger itself ("(inching closer to collapse) in the final days of the U.S. withdrawal" is
    when, not in the United States).  An act that went before the clause's ("withdrew from Herat ...
    after weeks of siege") was where the clause's act set out "from" too."""
    out: list[Token] = []
    cur = head
    preps = CLAUSE_LOC_PREPS
    for _ in range(6):
        out.extend(p for _, p in _prep_objects(cur, preps) if head not in p.subtree)
        if cur.head.i == cur.i or cur.dep_ not in _CHAIN:
            break
        preps = SCENE_PREPS if cur.dep_ == "prep" and cur.lower_ in _BEFORE_PREPS else CLAUSE_LOC_PREPS
        cur = cur.head
    return out


#: Prepositions that put an act before the clause they hang on ("withdrew from Herat after weeks of siege").
_BEFORE_PREPS = frozenset({"after", "following"})


def _places_in(arg: Token, ctx: _Ctx) -> list[EntityMention]:
    """The place named by an argument and the places joined to it by "and"."""
    skip = {t.i for c in arg.subtree if c.dep_ in ("relcl", "acl", "advcl") and c.i != arg.i for t in c.subtree}
    sub = sorted((t for t in arg.subtree if t.i not in skip), key=lambda t: t.i)  # not "..., which startled Kabul"
    # the head itself ("Herat fell"), then its apposition ("the city, Herat"), then the rest
    appos = [c for c in arg.children if c.dep_ == "appos"]
    # not "on the road to Kabul" (where it leads) nor "within 150km of Kabul" (what it is measured from)
    sub = [t for t in sub if not _away_from(t, ctx)]
    front = [arg] + [t for a in appos for t in [a, *a.children] if t.dep_ in ("appos", "compound") or t is a]
    order = [t for t in front if not _away_from(t, ctx)] + sub
    first = next((ctx.tok_place[t.i] for t in order if t.i in ctx.tok_place), None)
    if first is None:  # "the capital, Lashkar Gah" with the name parsed off elsewhere
        nxt = arg.right_edge.i + 1
        if nxt + 1 < len(arg.doc) and arg.doc[nxt].text == "," and arg.lemma_.lower() in tx.PLACE_NOUNS:
            e = ctx.tok_place.get(nxt + 1)
            return [e] if e is not None else []
        return []
    out = [first]
    first_toks = {t.i for t in sub if ctx.tok_place.get(t.i) is first}
    for t in sub:
        e = ctx.tok_place.get(t.i)
        if e is None or e in out:
            continue
        h = t
        while h.dep_ in ("compound", "amod", "nmod") and h.i != h.head.i:
            h = h.head  # "Logar and Uruzgan provinces": the province noun is the conjunct
        if h.dep_ == "conj" and (h.head.i in first_toks or ctx.tok_place.get(h.head.i) in out):
            out.append(e)
    return out


#: Nouns that stand for a place named before ("the city", "both provinces").
PLACE_ANAPHOR_NOUNS = frozenset({"city", "town", "capital", "province"})
#: Words that stand for several places named before.
PLURAL_ANAPHORS = frozenset({"they", "both", "them"})


def _anaphor_place(arg: Token, ctx: _Ctx) -> list[EntityMention]:
    """For "the city" / "it": the nearest place named before, in this or the last sentences; for
    "they" / "both" / "the two cities": the towns named together last ("Clashes pushed into both
    Kandahar and Herat ... it was possible they could fall soon")."""
    head = arg.lemma_.lower()
    if arg.lower_ in PLURAL_ANAPHORS or (head in PLACE_ANAPHOR_NOUNS and arg.tag_ == "NNS"
                                         and any(c.lower_ in ("the", "both", "two") for c in arg.children)):
        return _places_named_together(arg, ctx, {"admin1"} if head == "province" else {"city"})
    pronoun = arg.lower_ == "it"
    if not (pronoun or (head in PLACE_ANAPHOR_NOUNS and
                        any(c.lower_ in ("the", "its", "this") for c in arg.children))):
        return []
    want = {"admin1"} if head == "province" else {"city"} if head in ("city", "town", "capital") else {"city", "admin1", "admin2"}
    start = arg.sent.start if pronoun else ctx.window_start  # "it": this sentence only
    best = None
    for i, e in ctx.place_order:
        if not (start <= i < arg.i) or _destination(ctx.doc[i]):
            continue
        # a provincial capital named like its province names the province too ("Ghazni's governor ...
        # to abandon the province")
        seat = head == "province" and e.place is not None and e.place.kind == "city" and \
            normalise(e.place.name) == normalise(e.place.admin1 or "")
        if e.place is None or e.place.kind in want or seat:
            best = e
    return [best] if best is not None else []


def _places_named_together(arg: Token, ctx: _Ctx, want: set[str]) -> list[EntityMention]:
    """The places of kinds ``want`` of the last sentence before ``arg`` (within the anaphora window)
    that names two or more of them; none when no sentence does."""
    by_sentence: dict[int, dict[object, EntityMention]] = {}
    for i, e in ctx.place_order:
        if ctx.window_start <= i < arg.i and e.place is not None and e.place.kind in want and \
                not _destination(ctx.doc[i]):
            by_sentence.setdefault(ctx.doc[i].sent.start, {}).setdefault(_town_key(e), e)
    several = [list(g.values()) for _, g in sorted(by_sentence.items()) if len(g) >= 2]
    return several[-1] if several else []


def _under_prep(tok: Token, preps: tuple[str, ...]) -> Token | None:
    """The preposition (one of ``preps``) whose object ``tok`` is or is part of (a compound, apposition,
    conjunct or modifier of it), else None."""
    cur = tok
    for _ in range(4):
        if cur.dep_ == "pobj" and cur.head.lower_ in preps:
            return cur.head
        if cur.head.i == cur.i or cur.dep_ not in ("pobj", "compound", "appos", "conj", "amod", "nmod"):
            return None
        cur = cur.head
    return None


def _destination(tok: Token) -> bool:
    """Whether ``tok`` is in the object of "to"/"toward" after a way ("on the road to Kabul"): where
    the way leads, not where anything happens."""
    prep = _under_prep(tok, ("to", "toward", "towards"))
    return prep is not None and prep.head.lemma_.lower() in tx.PATH_NOUNS


def _measured_from(tok: Token, ctx: _Ctx) -> bool:
    """Whether ``tok`` is in the object of "of"/"from" that a length is measured from: "a bridgehead
    within 150km of Kabul", "a checkpoint 20 miles from Kandahar", "a district 50 kilometres south of
    Kabul".  The act is away from that place, not in it."""
    prep = _under_prep(tok, ("of", "from"))
    if prep is None:
        return False
    above = prep.head  # "km" (150km of), or "south" with its own length (50 kilometres south of)
    return above.i in ctx.lengths or any(
        c.i in ctx.lengths for c in (*prep.children, *above.children) if c.dep_ == "npadvmod")


def _away_from(tok: Token, ctx: _Ctx) -> bool:
    """Whether ``tok`` names a place the act is away from: where a way leads or what a length is
    measured from."""
    return _destination(tok) or _measured_from(tok, ctx)


def _town_key(e: EntityMention) -> object:
    """One resolved place however often it is named: its GeoNames id, else its name."""
    return e.place.geonames_id or e.place.name  # type: ignore[union-attr]


def _town_or_province(e: EntityMention) -> bool:
    """A resolved place below the country: where an act can be placed from who does it or what the
    clause is about (a country named there says nothing of where: "Britain's defence secretary")."""
    return e.place is not None and e.place.kind != "country"


def _several_places(args: Sequence[Token], ctx: _Ctx) -> bool:
    """Whether the first place argument that says where is several towns or provinces left unnamed:
    "seize more provincial capitals", "a third of the country's provincial capitals fall", "many
    districts ... fell".  One that names a town or province ("the capitals of Ghazni and Badghis") or
    only a country ("across Afghanistan") is not."""
    for arg in args:
        named = _places_in(arg, ctx)
        if any(_town_or_province(e) for e in named):
            return False
        if _plural_settlement(arg, 3):
            return True
        if named:
            return False
    return False


def _several_acts(head: Token) -> bool:
    """Whether an event noun names a kind of act, several at once, none in particular: a bare plural
    ("fears that surrender deals made with the Taliban will only fuel the advance", "support forces with
    airstrikes"), not "the clashes", "their attacks", "two airstrikes"."""
    return head.pos_ == "NOUN" and head.tag_ == "NNS" and not any(
        c.dep_ in ("det", "poss", "nummod", "quantmod", "predet") for c in head.children)


def _linked_clause_place(head: Token, ctx: _Ctx) -> tuple[list[EntityMention], bool]:
    """Where a change of control or a withdrawal with no place of its own happened, read off the clause
    tied to it: a subordinate clause ("forces surrendered after a deal was brokered at a base on the
    edge of Kunduz city"; "... after the militants overran three key cities": several, unnamed) or
    the clause it is conjoined to ("the governor's office in Herat had been taken, and forces were
    surrendering"; "withdrew from Herat ... and retreated to a barracks").  ``([town or province],
    False)``, ``([], True)`` for several unnamed, else ``([], False)``."""
    if head.dep_ == "dobj" and head.pos_ == "NOUN":  # "brokering a deal ... to abandon the province": the verb's
        return _linked_clause_place(head.head, ctx)
    conj = head.head if head.dep_ == "conj" else None
    main = None  # the clause it is subordinate to: "fled Lashkar Gah after reaching a ceasefire agreement"
    if head.dep_ == "advcl":
        main = head.head
    elif head.dep_ == "pcomp" and head.head.dep_ == "prep" and head.head.lower_ in ("after", "before"):
        main = head.head.head
    above = [c for c in (conj, main) if c is not None and c.pos_ in ("VERB", "AUX")]
    for clause in _children(head, "advcl") + above:
        theme = _object(clause)  # a passive's subject too ("the office in Herat had been taken")
        # an act it is conjoined or subordinate to shares its scene: "withdrew from Herat ... and retreated"
        preps = SCENE_PREPS if clause in above else CLAUSE_LOC_PREPS
        args = ([theme] if theme is not None else []) + [p for _, p in _prep_objects(clause, preps)]
        for arg in args:  # "the province" or "the city" named before too
            towns = [e for e in _places_in(arg, ctx) or _anaphor_place(arg, ctx) if _town_or_province(e)]
            if towns:
                return towns[:1], False
        if _several_places(args, ctx):
            return [], True
    return [], False


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
#: How many sentences back an act's paragraph may have set its scene.  Set by reading news paragraphs
#: (one to three sentences: a place named, then what happened there); not tuned on any score.
SCENE_SENTENCES = 3
#: Sentence openers that move away from the scene set before ("Meanwhile, thousands protested ...").
SCENE_BREAKS = frozenset({"meanwhile", "elsewhere", "separately", "nationally", "abroad"})


def _paragraphs(doc: Doc, sents: Sequence[SpacySpan]) -> list[int]:
    """The paragraph number of each sentence: a blank line ends a paragraph."""
    out, n = [], 0
    for si, sent in enumerate(sents):
        if si and any(_BLANK_LINE.search(t.text_with_ws) for t in doc[sents[si - 1].start:sent.start]):
            n += 1
        out.append(n)
    return out


def _scene(si: int, first: Token, placed: Sequence[tuple[int, EntityMention, DateMention | None]],
           paragraph: Sequence[int]) -> tuple[EntityMention, DateMention | None] | None:
    """The town or province where the acts of the :data:`SCENE_SENTENCES` sentences before sentence ``si``
    in its paragraph were placed, with the date of the last of them, when they were all placed in one;
    None when they were placed in several, when none was placed, or when the sentence opens with a
    word that moves away ("Meanwhile, ...")."""
    if first.lower_ in SCENE_BREAKS:
        return None
    near = [(town, date) for sj, town, date in placed if si - SCENE_SENTENCES <= sj < si and paragraph[sj] == paragraph[si]]
    if len({_town_key(town) for town, _ in near}) != 1:
        return None
    return near[-1]


def _scene_place(date: DateMention | None, ctx: _Ctx) -> list[EntityMention]:
    """Where a local act with no place of its own happened, when its paragraph has just set the scene
    (:func:`_scene`; none when the act's own sentence names a town or province: the act is not placed
    there for a reason): "In the western city of Herat, an army corps crumbled ... The surrender deal
    was brokered by Taliban leaders".  Empty when the act has a date of its own other than the scene's
    ("Herat was captured in 1995. Last week, insurgents attacked a convoy")."""
    if ctx.scene is None:
        return []
    town, scene_date = ctx.scene
    if date is not None and (scene_date is None or (date.start, date.end) != (scene_date.start, scene_date.end)):
        return []
    return [town]


def _plural_settlement(tok: Token, depth: int) -> bool:
    """A plural town or province noun at ``tok`` or below it through of-phrases and conjuncts."""
    if tok.lemma_.lower() in tx.SETTLEMENT_NOUNS and tok.tag_ in ("NNS", "NNPS"):
        return True
    return depth > 0 and any(_plural_settlement(c, depth - 1) for c in tok.children if c.dep_ in ("prep", "pobj", "conj"))


def _owner_place(agent: Token, ctx: _Ctx, seated: bool = True) -> list[EntityMention]:
    """The town or province whose people act, when nothing else places the act: "Kandahar's governor
    ... abandoned administrative buildings", "the city's main officials fled" (the city named before),
    "India's embassy in Kabul issued an advisory" (where the actor is).  Never a country ("Britain's
    defence secretary said" does not happen in Britain)."""
    seats = [p for _, p in _prep_objects(agent, ("in", "at"))] if seated else []
    for owner in _children(agent, "poss") + seats:
        found = _places_in(owner, ctx) or _anaphor_place(owner, ctx)
        if found and _town_or_province(found[0]):
            return found[:1]
    return []


def _between(head: Token, words: list[Token], ctx: _Ctx) -> tuple[_Side, _Side] | None:
    """The two sides of a mutual act named by "between A and B" on its trigger, its light-verb object
    or the noun a verb takes ("talks between the government and the Taliban", "a deal was brokered
    between Taliban leaders and commanders", "reached a deal between ..."); None unless both are parties.
    When the parser hangs both names on the last one's noun ("clashes between the Taliban and
    government forces" read as "[the Taliban and government] forces"), the sides are the first name and
    the rest of the phrase ("government forces")."""
    holders = [head, *words]
    if head.dep_ in ("dobj", "nsubjpass") and head.pos_ == "NOUN":
        holders.append(head.head)
    for h in holders:
        for _, first in _prep_objects(h, ("between",)):
            sides = _with_conj(first)
            if len(sides) == 2 and all(_counterpart(t, ctx) for t in sides):
                return (sides[0], None), (sides[1], None)
            if len(sides) == 1:
                split = _shared_head_sides(first)
                if split is not None and _counterpart(split[0], ctx) and _counterpart(first, ctx):
                    return (split[0], None), (first, split[1])
    return None


def _shared_head_sides(noun: Token) -> tuple[Token, tuple[int, int]] | None:
    """For a noun whose modifier is joined by "and" to another ("[the Taliban and government] forces"):
    the first modifier (a name of its own) and the bounds of the second side, from the joined word to
    the noun ("government forces"); None for any other shape, or more than two names."""
    for mod in noun.children:
        # a name: "the Taliban and government forces"; not words the noun applies to both sides of
        # ("government and rebel forces", "Sunni and Shia militias")
        if mod.dep_ not in ("nmod", "compound") or mod.i > noun.i or mod.ent_type_ not in ("ORG", "PERSON", "GPE"):
            continue
        names = _with_conj(mod)
        if len(names) == 2 and names[1].pos_ in ("NOUN", "PROPN", "ADJ") and names[1].i < noun.i:
            return mod, (names[1].left_edge.i, noun.i + 1)
    return None


def _antecedent(tok: Token) -> Token:
    """The noun a pronoun stands for where its sentence says, else the pronoun: the speaker of the report
    it is in ("residents said they fled"; not an object: "told them" is not the teller), or the subject
    of a possessive's clause ("the U.S. military is scheduled to conclude its withdrawal").  Any other
    word is itself."""
    if tok.lower_ in _PRONOUNS and tok.dep_ not in ("dobj", "dative", "pobj"):
        cur = tok.head
        for _ in range(6):
            if cur.lemma_.lower() in SPEECH_VERBS:
                s = next(iter(_children(cur, "nsubj")), None)
                if s is not None and s.lower_ not in _PRONOUNS:
                    tok = s
                break
            if cur.head.i == cur.i:
                break
            cur = cur.head
    if tok.lower_ in _PRONOUNS and tok.dep_ == "poss":
        cur = tok.head.head
        for _ in range(4):
            s = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if s is not None or cur.dep_ not in ("xcomp", "conj") or cur.head.i == cur.i:
                break
            cur = cur.head
        if s is not None and s.lower_ not in _PRONOUNS and s.i != tok.head.i:  # "their attacks killed": not the attacks
            tok = s
    return tok


def _actor(tok: Token | None, ctx: _Ctx, article: str, offset: int, bounds: tuple[int, int] | None = None,
           apart_from: Token | None = None) -> tuple[str | None, Span | None, tuple[str, ...]]:
    """The actor's words and span, and the countries it names or belongs to (see :func:`_countries`):
    with the parties joined to it by "and" ("the US and the UK"), unless it is one side ``apart_from``
    another ("between A and B"); with ``bounds``, the words of those token bounds (a side the parse
    gives no phrase of its own)."""
    joint = apart_from is None
    if tok is None:
        return None, None, ()
    tok = _antecedent(tok)
    if tok.lower_ in _PRONOUNS:
        return None, None, ()  # a pronoun nobody resolved names no actor ("it", "its")
    tok = _of_collective(tok)  # "hundreds of Afghan forces", "a group of Moroccan diplomats"
    lo, hi = bounds or _chunk(tok)
    conj = [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")] if joint else []
    if conj:  # "the US and the UK", "officials and hundreds of forces": the whole coordination
        hi = max(hi, _chunk(_of_collective(conj[-1]))[1])
    countries = _countries(ctx.doc[lo:hi], ctx)
    ent = ctx.tok_ent.get(tok.i)
    # "U.S. Embassy Kabul": a place named after an institution's own name is where the institution is,
    # not the actor; the whole name is
    at_place = ent is not None and ent.kind == "place" and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" and offset + c.idx < ent.span.start for c in tok.children)
    # an entity that takes in the other side too ("the Taliban and government forces", one group to the
    # entities stage) is not this side's name ("the Islamic Republic of Iran" is)
    both = apart_from is not None and ent is not None and \
        ent.span.start <= offset + apart_from.idx < ent.span.end
    if ent is not None and not conj and not at_place and not both:
        return ent.text, ent.span, countries
    while lo < hi - 1 and ctx.doc[lo].pos_ in ("DET", "PUNCT"):
        lo += 1
    sp = ctx.doc[lo:hi]
    text = sp.text
    if not text.strip():
        return None, None, ()
    return text, Span(article, offset + sp.start_char, offset + sp.end_char), countries


def _troops_countries(head: Token, ctx: _Ctx) -> tuple[str, ...]:
    """The countries of the troops a troop movement moves: its object's ("sent 3,000 US troops", "US
    troops would be sent", "the deployment of British troops"), else those of a troop noun just before
    the verb that the parse left unlinked ("600 UK troops are to be sent")."""
    troop = None
    for c in (_object(head), *(p for _, p in _prep_objects(head, ("of",)))):
        if c is not None and _subtree_has(c, tx.TROOP_NOUNS):
            troop = next((t for t in c.subtree if t.lemma_.lower() in tx.TROOP_NOUNS), None)
            break
    if troop is None:
        near = head.doc[max(head.sent.start, head.i - TROOP_WINDOW) : head.i]
        troop = next((t for t in reversed(near) if t.lemma_.lower() in tx.TROOP_NOUNS), None)
    if troop is None:
        return ()
    lo, hi = _chunk(troop)
    return _countries(head.doc[lo:hi], ctx)


def _purpose_countries(head: Token, ctx: _Ctx) -> tuple[str, ...]:
    """The countries of the evacuees a troop movement is for, whose country sends the troops when the
    text names neither sender nor troops' country: "deploying 3,000 soldiers to assist in the evacuation
    of some civilian staff from the U.S. Embassy", "send troops to help airlift American personnel"."""
    for clause in head.children:
        if clause.dep_ not in ("advcl", "xcomp") or not _infinitive(clause):
            continue
        for t in clause.subtree:
            if t.lemma_.lower() in _EVACUATION_WORDS:
                found = _evacuees_countries(t, ctx)
                if found:
                    return found
    return ()


#: Trigger words of an evacuation.
_EVACUATION_WORDS = frozenset(w for table in (tx.VERB_TRIGGERS, tx.NOUN_TRIGGERS)
                              for w, rule in table.items() if rule.key == "evacuation")


def _evacuees_countries(head: Token, ctx: _Ctx) -> tuple[str, ...]:
    """The countries of the people an evacuation moves, whose country evacuates them when the text names
    no evacuator's: its object's or "of" phrase's words ("relocate UK nationals", "the evacuation of
    American citizens")."""
    for c in (_object(head), *(p for _, p in _prep_objects(head, ("of",)))):
        if c is not None and c.lower_ not in _PRONOUNS:
            return _countries(head.doc[c.left_edge.i : c.right_edge.i + 1], ctx)
    return ()


#: Endings of a group entity's key after its nation ("UK government forces", "US-led forces").
_NATION_KEY_ENDINGS = (" government forces", "-led forces")


def _countries(words: SpacySpan, ctx: _Ctx) -> tuple[str, ...]:
    """ISO codes of the countries an actor's words name or belong to, in order: a country named ("the
    US and the UK"), the nation of a state group ("UK troops", "government forces" of an Afghan story:
    the entities stage's key), a nationality word ("British", "Afghan").  A town named ("Kandahar's
    governor") gives none."""
    out: list[str] = []
    seen: set[int] = set()
    for t in words:
        code = None
        place = ctx.tok_place.get(t.i)
        group = ctx.tok_ent.get(t.i) if place is None else None
        if place is not None:
            if id(place) in seen:
                continue
            seen.add(id(place))
            # a country named, not a town: a town in an actor says where it is, and a name misread as
            # a town ("Palin's church" as Palín, Guatemala) must not make two acts different countries'
            code = place.place.country_code if place.place is not None and place.place.kind == "country" else None
        elif group is not None and id(group) not in seen:
            seen.add(id(group))
            nation = next((group.key[: -len(end)] for end in _NATION_KEY_ENDINGS if group.key.endswith(end)), None)
            code = ctx.nation(nation) if nation and ctx.nation is not None else None
        if code is None and place is None and t.ent_iob_ == "B" and ctx.nation is not None:
            if t.ent_type_ in ("NORP", "GPE"):  # "Senior Afghan officials": a nationality word inside
                code = ctx.nation(_entity_at(t).text)
            elif t.ent_type_ == "ORG":  # "the U.S. Embassy", "the Afghan Interior Ministry"
                code = _org_nation(_entity_at(t), ctx.nation)
        if code and code not in out:
            out.append(code)
    return tuple(out)


def _entity_at(first: Token) -> SpacySpan:
    """The spaCy entity that begins at ``first``."""
    end = first.i + 1
    while end < len(first.doc) and first.doc[end].ent_iob_ == "I":
        end += 1
    return first.doc[first.i : end]


def _org_nation(name: SpacySpan, nation: Callable[[str], str | None]) -> str | None:
    """The country of an organisation whose name starts with it: "the U.S. Embassy", "the British
    Foreign Office", "the United States Agency for ..." (the longest of its first words that names a
    country or nationality); none for "the Ministry of Defence" or "Kabul University"."""
    words = [t for t in name if t.pos_ != "DET"]
    for n in range(min(3, len(words) - 1), 0, -1):  # never the whole name: "Georgia" is a place, not an org
        code = nation(name.doc[words[0].i : words[n - 1].i + 1].text)
        if code:
            return code
    return None


def _chunk(tok: Token) -> tuple[int, int]:
    """Token bounds of the noun chunk headed by (or holding) ``tok``."""
    chunk = next((c for c in tok.doc.noun_chunks if c.start <= tok.i < c.end), None)
    if chunk is not None and tok.dep_ not in ("compound", "nmod", "amod", "poss"):
        return chunk.start, chunk.end
    lo = min([c.i for c in tok.children if c.dep_ in ("compound", "det", "amod") and c.i < tok.i] + [tok.i])
    return lo, tok.i + 1


def _sentence_uncertain(sent: SpacySpan) -> bool:
    low = sent.text.lower()
    return any(t.lower_ in tx.UNCERTAIN_WORDS for t in sent) or any(p in low for p in tx.UNCERTAIN_PHRASES)


def _own_marks(tok: Token, reported: bool) -> set[str]:
    marks: set[str] = set()
    for c in tok.children:
        low = c.lower_
        if (c.dep_ == "neg" and not (low == "not" and _until(tok))) or (c.dep_ == "det" and low == "no"):
            marks.add("negated")
        elif c.dep_ in ("aux", "auxpass"):
            lem = c.lemma_.lower()
            if low in tx.FUTURE_AUX or lem in tx.FUTURE_AUX:
                marks.add("future")
            elif low == "would" and reported:
                marks.add("future")
            elif low == "to" and tok.dep_ == "ROOT":  # headline style: "US to send troops"
                marks.add("future")
            elif low in tx.MODAL_AUX or lem in tx.MODAL_AUX:
                marks.add("hypothetical")
        elif c.dep_ == "mark" and low in tx.CONDITIONAL_MARKS:
            marks.add("hypothetical")
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        marks.add("negated")
    return marks


def _act_noun(tok: Token | None) -> bool:
    """Whether ``tok`` is a noun naming an act ("the fighting", "attacks")."""
    return tok is not None and tok.pos_ == "NOUN" and _trigger_rule(tok) is not None


def _definite(noun: Token) -> bool:
    """Whether a noun names one thing the text takes as known: "the attack", "this offensive", "Monday's
    attack", "their withdrawal" (not "an attack", "attacks")."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") or c.dep_ == "poss"
               for c in noun.children)


def _known(noun: Token) -> bool:
    """Whether an act's noun names one the text takes as having happened: a definite one
    (:func:`_definite`) not told as still to come ("the planned offensive", "the proposed ceasefire")."""
    return _definite(noun) and not any(c.dep_ == "amod" and c.lower_ in tx.PROSPECT_WORDS for c in noun.children)


def _said_of_known_act(act: Token, verb: Token) -> bool:
    """Whether what ``verb`` says of its subject ``act`` (an act's noun) leaves the act as reported: the
    act is known and the verb tells what it did or does, not whether it happens (:func:`_occurs`): in
    the past ("the attack did not derail the talks"), negated ("the bombing will not derail the peace
    process": the negation is of the effect), as a guess about the past ("the airstrike may have hit a
    hospital"), or whether it goes on ("the fighting will not stop", "the promised ceasefire did not
    hold").  "The talks will focus on prisoners" and "the attack would have killed hundreds" say the
    act is still to come or did not happen."""
    if _occurs(verb) or not _definite(act):
        return False
    if verb.lemma_.lower() in tx.CONTINUATION_VERBS and (_known(act) or _modal_free_past(verb)) and not \
            _children(verb, "dobj", "npadvmod"):
        return True  # whether it goes on ("the ceasefire will hold"), not what it does ("will end the war")
    if not _known(act):
        return False
    # a negated copula says what the act is not ("the deployment is not possible"): not of its effect
    negated = any(c.dep_ == "neg" for c in verb.children) and not _until(verb) and verb.lemma_ != "be"
    aux = _children(verb, "aux")
    guess = any(c.lower_ in ("may", "might", "could") for c in aux) and any(c.lemma_ == "have" for c in aux)
    return _modal_free_past(verb) or negated or guess


def _occurs(verb: Token) -> bool:
    """Whether a verb tells whether or when its subject's act happens (:data:`~taxonomy.OCCURRENCE_VERBS`;
    "take place", "go ahead")."""
    low = verb.lemma_.lower()
    if low == "take":
        return any(c.lemma_.lower() in ("place", "effect") for c in _children(verb, "dobj"))
    if low in ("go", "get"):  # "go ahead", "got off the ground", "got under way"
        return any(c.lower_ in ("ahead", "forward", "off", "under") for c in _children(verb, "advmod", "prt", "prep"))
    if low == "come":  # "the withdrawal never came", not "came as a surprise"
        return not any(c.lower_ == "as" for c in _children(verb, "prep"))
    return low in tx.OCCURRENCE_VERBS


def _modal_free_past(verb: Token) -> bool:
    """Whether a verb is past or perfect with no modal ("did not derail", "has not stopped"; not "would
    have killed")."""
    return _past(verb) and not any(c.tag_ == "MD" for c in _children(verb, "aux"))


def _past(verb: Token) -> bool:
    """Whether a verb tells a past act: "killed", "had attacked", "was shelled", "has killed"."""
    aux = _children(verb, "aux", "auxpass")
    return verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux) or (
        verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in aux))


def _until(verb: Token) -> bool:
    """Whether a verb is timed by "until" ("will not begin until September": it is when, not whether;
    "has not deployed troops until now" is a negation)."""
    for c in _children(verb, "prep", "mark"):
        if c.lower_ in ("until", "till"):
            return not any(o.lower_ in ("now", "today", "date") for o in c.children)
    return any(c.lower_ in ("until", "till") for a in _children(verb, "advcl") for c in _children(a, "mark"))


def _under_way(head: Token) -> bool:
    """Whether a verb trigger is in the present progressive: "is deploying", "are sending", "are being
    sent" (an act going on as the report is written; "was deploying" is past)."""
    if head.pos_ != "VERB":
        return False
    aux = [c for c in head.children if c.dep_ in ("aux", "auxpass") and c.lemma_ == "be"]
    present = any(c.tag_ in ("VBZ", "VBP") for c in aux)
    return present and (head.tag_ == "VBG" or any(c.lower_ == "being" for c in aux))


def _modality(head: Token, sentence_uncertain: bool) -> tuple[str, bool]:
    """The trigger's modality, and whether the act is told as a habit ("it is common for the US military
    to send in troops to evacuate personnel"): a kind of act, no report of one."""
    marks: set[str] = set()
    habit = False
    via_subject = False  # the trigger is (in) a clause's subject: "hope the airstrikes have weakened IS"
    cur = head
    presupposed: set[str] | None = None  # the marks found below a presupposing preposition, once passed
    if _done_by_no_one(head):
        marks.add("negated")  # "no one was arrested", "no troops were sent", "sent no troops"
    for _ in range(8):
        parent = cur.head
        reported = cur.dep_ == "ccomp" and parent.lemma_.lower() in SPEECH_VERBS
        marks |= _own_marks(cur, reported)
        if parent.i == cur.i or _being_ended(cur) or _aftermath_of(cur) or _claimed(cur) is not None:
            break
        if presupposed is None and cur.dep_ == "pobj" and (parent.lower_ in _PRESUPPOSING_PREPS or (
                parent.lower_ == "in" and _act_noun(cur) and not any(
                    c.dep_ == "det" and c.lower_ in ("any", "no") for c in cur.children))):  # "killed in the blast"
            presupposed = set(marks)
        plem = parent.lemma_.lower()
        # an adverbial clause in the past has its own tense ("urged calm after the bombing killed 12"):
        # what its verb says happened, whatever the verb above hopes for ("wants a ceasefire before it
        # releases the hostages", "demanded a ceasefire before they released the hostages" are to come)
        own_tense = cur.dep_ == "advcl" and not _infinitive(cur) and _past(cur) and not any(
            c.lower_ in tx.PENDING_MARKS for c in _children(cur, "mark"))
        if cur.dep_ in ("xcomp", "pcomp", "pobj", "prep", "acomp", "ccomp", "advcl") and not own_tense:
            if plem in tx.UNCERTAIN_GOVERNORS and not (plem == "suspect" and parent.pos_ == "NOUN"):
                marks.add("uncertain")  # not "suspects in the killing": who did it is in doubt, not the act
            elif plem in _NEG_GOVERNORS and (cur.dep_ == "xcomp" or (cur.dep_ == "ccomp" and plem == "deny")):
                marks.add("negated")  # "failed to retake", "unable to capture", "denied that its forces attacked"
            elif cur.dep_ == "xcomp" and _infinitive(cur) and plem in _RAISING_HEARSAY and _is_passive(parent):
                marks.add("uncertain")  # "the rebels are believed to have seized the airport"
            elif cur.dep_ == "xcomp" and _infinitive(cur) and plem in ("have", "be") and any(
                    c.dep_ == "advmod" and c.lower_ == "yet" for c in parent.children):
                marks.add("negated")  # "the army has yet to retake the town": not so far
            elif (plem in tx.HYPOTHETICAL_GOVERNORS and cur.dep_ != "ccomp" and not _children(parent, "prt")
                  and (cur.dep_ != "prep" or cur.lower_ in tx.GOVERNOR_PREPS.get(plem, (cur.lower_,)))) \
                    or _wished(cur, plem, via_subject):  # a particle makes another verb: "called off"
                marks.add("hypothetical")
            elif plem in tx.ASKING_VERBS and cur.dep_ == "xcomp" and _infinitive(cur):
                marks.add("hypothetical")  # "told the army to retake Kunduz", not "told of fighting"
            elif plem in tx.FUTURE_GOVERNORS and cur.dep_ == "xcomp":
                marks.add("future")
            elif plem == "be" and cur.dep_ == "xcomp":  # "troops are to be sent"
                marks.add("future")
            # a participle ("focused on", "tasked with"; the tagger may read one modifying a noun as VBD)
            participle = cur.dep_ in ("prep", "xcomp") and parent.pos_ == "VERB" and (
                parent.tag_ == "VBN" or parent.dep_ == "acl")
            if participle and plem in tx.ROLE_GOVERNORS and parent.dep_ == "acl":
                habit = True  # "a core team focused on providing consular services": what the team is for
            elif participle and plem in tx.ASSIGNMENT_GOVERNORS:
                marks.add("future")  # "troops tasked with evacuating the embassy": a job still to do
            if _infinitive(cur) and (plem in tx.GENERIC_WORDS or (plem == "be" and any(
                    c.dep_ == "acomp" and c.lemma_.lower() in tx.GENERIC_WORDS for c in parent.children))):
                habit = True  # "it is common for the military to send troops"
        if cur.dep_ == "acl" and cur.tag_ == "VBN" and parent.dep_ == "dobj" and \
                parent.head.lemma_.lower() in tx.WISH_GOVERNORS and cur.lemma_.lower() in tx.ACCOUNT_VERBS:
            marks.add("hypothetical")  # "wanted the massacre investigated": the investigation is wished
        if cur.dep_ in ("acl", "relcl") and _infinitive(cur):  # "plans to withdraw", "a memo to destroy"
            if plem in tx.FUTURE_GOVERNORS:
                marks.add("future")
            elif plem in tx.DOCUMENT_NOUNS or plem in tx.HYPOTHETICAL_GOVERNORS:
                marks.add("hypothetical")  # what the memo asks for, not what was done
        undone = _undone(cur)
        if undone is not None:
            marks.add(undone)  # "the talks were cancelled", "police foiled a bombing"
        elif cur.dep_ in ("prep", "dobj") and plem in tx.ANTICIPATION_GOVERNORS:
            marks.add("hypothetical")  # "prepare for a takeover", "fears of an attack", "prevent an attack"
        elif cur.dep_ == "dobj" and parent.pos_ == "VERB" and plem in tx.FORESEEING_VERBS:
            marks.add("future")  # "NATO expects a Russian offensive"
        elif cur.dep_ == "dobj" and parent.pos_ == "VERB" and (
                cur is head or cur.lemma_.lower() not in tx.ENDING_NOUNS) and not any(
                c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in tx.ACCOUNT_VERBS
                for c in cur.children) and (
                plem in tx.WISH_GOVERNORS or (plem == "threaten" and not _act_noun(_subject(parent)))):
            # "demanded an inquiry", "threatened the withdrawal"; not "demanded an end to the airstrikes",
            # "the fighting threatens the talks", "wanted the massacre investigated" (held to account; not
            # "want sanctions imposed")
            marks.add("hypothetical")
        elif _directed(cur):
            marks.add("future")  # "ordered the deployment of troops": the deployment is to come
        if cur.dep_ not in _CHAIN and not _bare_clause(cur):
            break
        if cur.dep_ == "prep" and plem in tx.TIME_NOUNS:
            break  # "closer to collapse in the final days of the U.S. withdrawal": the withdrawal is under way
        if cur.dep_ == "advcl" and not _infinitive(cur):
            if _to_come(cur):
                marks.add("future")  # "will not end until Hamas releases the hostages": the release is to come
            break  # "As the Taliban seize ..., the US will evacuate": a clause with its own tense
        if cur.dep_ == "nsubj" and parent.lemma_ == "be" and any(
                c.dep_ == "acomp" and c.lower_ in tx.LIKELIHOOD_WORDS and all(
                    x.lemma_.lower() in _HAPPENING_VERBS for x in _children(c, "xcomp"))
                for c in parent.children):
            marks.add("hypothetical")  # "a coup is unlikely", "the attack is likely to happen"; not "to fail"
        if cur.dep_ == "nsubj" and cur.pos_ == "NOUN" and _said_of_known_act(cur, parent):
            break  # "the attack did not derail the talks", "the fighting will not stop": the act happened
        via_subject = via_subject or cur.dep_ in ("nsubj", "nsubjpass")
        cur = parent
    if presupposed is not None and "negated" not in presupposed:
        marks.discard("negated")  # "did not retreat after the attack": the attack happened
    for m in ("negated", "hypothetical", "uncertain", "future"):
        if m in marks:
            return m, habit
    return ("uncertain" if sentence_uncertain else "asserted"), habit


def _to_come(clause: Token) -> bool:
    """Whether an adverbial clause in the present tells an act still to come: one that waits ("until
    Hamas releases the hostages", "until the hostages are freed", "once US troops withdraw"), or one
    timed by a verb in the future ("When the troops withdraw, the Taliban will take over")."""
    if not (clause.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in _children(clause, "aux", "auxpass"))):
        return False
    marks = {c.lower_ for c in _children(clause, "mark", "advmod")}  # "when" is an adverb to the parser
    return bool(marks & tx.PENDING_MARKS) or (bool(marks & {"when", "after"}) and any(
        c.lower_ in tx.FUTURE_AUX for c in _children(clause.head, "aux")))


def _bare_clause(tok: Token) -> bool:
    """Whether ``tok`` heads a bare-infinitive clause, which takes its tense from the verb above: "the deal
    would see Israel release 150 prisoners", "saw troops withdraw"."""
    return tok.dep_ == "ccomp" and tok.tag_ == "VB" and not _children(tok, "aux", "auxpass", "mark")


def _aftermath_of(tok: Token) -> bool:
    """Whether ``tok`` is named as what left an aftermath (:data:`~taxonomy.AFTERMATH_NOUNS`): "justice
    for the victims of the massacre", "an inquiry into the attack": it happened."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("of", "into", "from", "for") and \
        tok.head.head.lemma_.lower() in tx.AFTERMATH_NOUNS and _known(tok)


def _claimed(tok: Token) -> Token | None:
    """For a known act whose doing someone claims ("Al-Shabab claimed responsibility for the attack",
    "IS claimed the bombing", "no group has claimed the attack"), the verb of claiming: the act
    happened, whoever claims it; else None."""
    if tok.pos_ != "NOUN" or not _known(tok):
        return None
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() == "claim":
        return tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "for" and tok.head.head.lemma_.lower() == "responsibility" and \
            tok.head.head.dep_ == "dobj" and tok.head.head.head.lemma_.lower() in tx.CLAIMING_VERBS:
        return tok.head.head.head
    return None


def _being_ended(tok: Token) -> bool:
    """Whether ``tok`` names an act something would stop, so the act is going on whatever is said of the
    stopping: "called for an end to the fighting", "urged Israel to halt the airstrikes", "a suspension
    of airstrikes", "a pause in the fighting".  Not one act ("stop an attack" is to prevent it)."""
    if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
        return False
    if tok.dep_ == "dobj":
        return tok.head.lemma_.lower() in tx.ENDING_VERBS
    return tok.dep_ == "pobj" and tok.head.lower_ in ("to", "of", "on", "in") and \
        tok.head.head.lemma_.lower() in tx.ENDING_NOUNS


def _wished(clause: Token, governor: str, via_subject: bool) -> bool:
    """Whether ``clause`` says what its ``governor`` (a verb of :data:`~taxonomy.WISH_GOVERNORS`) hopes for
    or demands: "hoped to capture", "demanded that the troops be withdrawn".  Not an act reached through
    the clause's subject ("hope the airstrikes have weakened IS": the airstrikes happened), nor a bare
    past participle the parser hangs there ("hope the ceasefire, agreed on Monday, holds"); a participle
    clause is what is wished done to its subject, though (:func:`_participle_clause`)."""
    if governor not in tx.WISH_GOVERNORS or clause.dep_ not in ("ccomp", "xcomp") or via_subject:
        return False
    wh = clause.left_edge
    if (wh.tag_ in ("WRB", "WP", "WDT", "WP$") and not wh.lower_.endswith("ever")) or any(
            c.lower_ in ("whether", "if") for c in _children(clause, "mark")):
        return False  # "asked why troops had been deployed": a question, not a wish
    set_off = clause.dep_ == "ccomp" and clause.tag_ in ("VBD", "VBN") and not _children(clause, "aux", "auxpass")
    return _participle_clause(clause) or not set_off


def _directed(tok: Token) -> bool:
    """Whether ``tok`` is the object of an order or plan ("ordered the deployment"): an act to come."""
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in tx.DIRECTIVE_GOVERNORS


def _clause_verb(tok: Token) -> Token:
    """The verb whose clause ``tok`` belongs to: its nearest verb ancestor, climbing through
    infinitives and auxiliaries ("in May" in "began cutting a swathe ... in May" belongs to "began")."""
    cur = tok
    for _ in range(16):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("xcomp", "aux", "auxpass"):
            return cur
        if cur.head.i == cur.i:  # spaCy makes a new Token on each access: compare .i
            return cur
        if cur.dep_ == "xcomp" and cur.head.pos_ not in ("VERB", "AUX"):
            return cur.head  # "keen to bring the war to a close by September 11": keen's clause
        cur = cur.head
    return cur


def _dates(head: Token, dates: Sequence[DateMention], offset: int) -> tuple[DateMention | None, DateMention | None]:
    """The date of the trigger's own clause, nearest the trigger, and the date of the nearest clause
    above it (the reporting verb's: "officials said on Friday that the city had fallen").  Never the
    date of a clause beside or below the trigger's, which dates another verb: in "claimed control over
    Herat ... since it began cutting a swathe through the country in May", May is when the campaign
    began, not when Herat was claimed.  The caller decides what the clause above's date is to the act:
    its date when the act has none of its own, or for an act still to come the day it is not before
    ("the US announced Thursday that it will send troops": Thursday is when it was said)."""
    dates = [d for d in dates if d.precision != "duration"]  # "a two-decade war", "for weeks": no point in time
    if not dates:
        return None, None
    chain: dict[int, int] = {}  # token index -> steps up from the trigger
    cur = head
    for step in range(32):
        chain.setdefault(cur.i, step)
        if cur.head.i == cur.i:
            break
        cur = cur.head
    clause_verb = _clause_verb(head)
    own = clause_verb.i
    when = {c.i for c in _when_clauses(clause_verb)} if clause_verb.pos_ in ("VERB", "AUX") else set()
    subtree = {t.i for t in head.subtree}
    # "ordered the deployment of troops on Friday": Friday dates the order, a clause above the act it
    # orders; only a date inside the object ("the deployment on Sunday") is the act's own.
    inside = subtree if _directed(head) else None
    # an act another is set in ("in the final days of the withdrawal"): only its own phrase's dates
    background = _time_background(head)
    doc = head.doc
    mine, above = [], []
    for d in dates:
        span = _char_span(doc, d.span.start - offset, d.span.end - offset)
        if span is None or not len(span) or (background and span.root.i not in subtree):
            continue
        verb = _clause_verb(span.root).i
        near = (abs(d.span.start - (head.idx + offset)), d.span.start)
        if verb == own and (inside is None or span.root.i in inside):
            mine.append((*near, d))
        elif verb in when and inside is None:  # "were killed when a car bomb went off on Sunday"
            mine.append((near[0] + len(doc.text), near[1], d))
        elif verb in chain:  # the trigger's own clause is in the chain too: an order's date is above
            above.append((chain[verb], *near, d))
    return (min(mine, key=lambda r: r[:2])[2] if mine else None,
            min(above, key=lambda r: r[:3])[3] if above else None)


def _time_background(head: Token) -> bool:
    """Whether an event noun is the time another clause's act is set in ("surrendered on Friday ... in
    the final days of the U.S. withdrawal", "on the eve of the vote", "in the wake of the attack"): the
    clause's dates are not its dates."""
    of = head.head
    time = of.head
    return (head.dep_ == "pobj" and of.lower_ == "of" and time.lemma_.lower() in tx.TIME_NOUNS
            and time.dep_ == "pobj")  # "in the final days of", not "three days of protests began"


def _trend(head: Token) -> bool:
    """Whether an event noun is the subject of a change in amount ("since May the fighting has increased
    drastically", "the fighting has spread across the north"): how much of it there is, no report of
    an act."""
    verb = head.head
    if not (head.pos_ == "NOUN" and head.dep_ == "nsubj" and verb.lemma_.lower() in tx.TREND_VERBS):
        return False
    # "the fighting grew fiercer" (one fight, a complement; the parser may read it as an object), "the
    # fighting spread to Kandahar city", "increased in Kandahar" (acts somewhere)
    return not _children(verb, "acomp", "oprd", "dobj", "attr") and not _prep_objects(verb, ("to", "into", "in", "at"))


def _standing_state(verb: Token) -> bool:
    """Whether a verb in the simple present heads a relative clause: what its antecedent is or does
    as a rule ("Norway and Denmark, who share a diplomatic compound in Kabul", "Tewkesbury, where the
    Severn meets the Avon"), not an act that happened."""
    return verb.dep_ == "relcl" and verb.tag_ in ("VBP", "VBZ") and not _children(verb, "aux", "auxpass")


def _forecast(warn: Token, warner: Token | None, ctx: _Ctx) -> bool:
    """Whether a warning that something will happen says what the world will do, not what anyone
    will do or suffer: "hydrologists warned that levels could rise", "warned that there could be
    flooding", "warned that Tewkesbury could see its highest water" (a town is no party).  A warning
    about a party ("warned that foreign troops would pay a heavy price", "that they would attack") or
    of an act of force or a sanction ("warned that sanctions would follow") is a threat."""
    clause = next(iter(_children(warn, "ccomp")), None)
    if clause is None:
        return False  # "warned the Taliban", "warned of consequences"
    subject = next((c for c in clause.children if c.dep_ in (*_SUBJ, "expl")), None)
    if subject is None or subject.lower_ in _PRONOUNS:
        return False
    if subject.dep_ == "expl":
        return True
    if warner is not None and subject.lemma_.lower() == warner.lemma_.lower():
        return False
    if _counterpart(_of_collective(subject), ctx):
        return False
    return not any(_names_force(t) for t in subject.subtree)


def _ordered_move(order: Token) -> bool:
    """Whether an order's object is a deployment or an evacuation ("ordered the deployment of troops",
    "ordered the evacuation of the embassy"): the order is told by that act, which the object gives
    as an event of its own; "demanded the release of prisoners" still is a demand."""
    if order.lemma_.lower() not in tx.DIRECTIVE_GOVERNORS:
        return False
    rules = (tx.NOUN_TRIGGERS.get(obj.lemma_.lower()) for obj in _children(order, "dobj"))
    return any(rule is not None and rule.key in _ORDERED_MOVES for rule in rules)


#: Moves an order tells of its own: deploying or evacuating.  "Ordered the withdrawal of all foreign
#: troops" may be a demand on another party's troops, "ordered the surrender" is one.
_ORDERED_MOVES = frozenset({"troop_deployment", "evacuation"})


def _names_force(tok: Token) -> bool:
    """Whether a noun names an act of force, pressure or threat by someone ("sanctions", "attacks"; not
    "the storm")."""
    lemma = tok.lemma_.lower()
    rule = tx.NOUN_TRIGGERS.get(lemma)
    return rule is not None and rule.key in tx.COERCIVE_KEYS and lemma not in tx.NON_AGENT_NOUNS


def _build(words: list[Token], rule: tx.Trigger, head: Token, ctx: _Ctx, article: str, offset: int,
           sentence: Span, dates: Sequence[DateMention], uncertain: bool) -> list[EventMention]:
    modality, habit = _modality(head, uncertain)
    if habit:
        return []  # "it is common for the military to send in troops": what is usually done, no event
    if _standing_state(head):
        return []  # "Norway and Denmark, who share a diplomatic compound", "where the Severn meets the Avon"
    if _trend(head):
        return []  # "since May the fighting has increased drastically": a trend, no one fight
    if modality == "asserted" and _talked_about(head, rule.key):
        modality = "hypothetical"  # "held talks on a ceasefire": the ceasefire is not agreed
    a1, a2, place_args = _roles(words, rule, head, ctx)
    by_event = _act_noun(a1)
    event_subject = a1 if by_event else None
    subject_kind = _act_kind(event_subject) if event_subject is not None else None
    # "airstrikes struck", "the protest marched": the verb tells the act its subject names
    struck = subject_kind is not None and rule.key == "protest" and head.lemma_.lower() in tx.PROTEST_OR_FORCE
    if event_subject is not None:
        # "Clashes pushed into the center", "the blast killed 12": an event is nobody; "Taliban attacks
        # killed 12": those who made it, when the verb tells their violence (or protest) and the act is
        # its own subject ("Hamas attacks prompted Israel to launch airstrikes": Israel's airstrikes)
        verb_kind = subject_kind if struck else rule.key
        own = event_subject.head.i == head.i and verb_kind in _STRIKE_KINDS
        a1 = _event_agent(event_subject, ctx, verb_kind) if own else None
    if a1 is not None and a1.pos_ == "NOUN" and a1.lemma_.lower() in tx.DOCUMENT_NOUNS:
        a1 = _party_in(a1, ctx)  # "the ministry's directive called for" is the ministry's act
    # ACLED's actor2 is an actor: "threatened sanctions" has none (a2, a thing, still types the act below)
    party2 = a2 if a2 is not None and _party_in(a2, ctx) is not None else None
    if party2 is None:  # "a car bomb exploded ..., killing 12 people": those its toll names (not its kind)
        toll = next((c for c in head.children if _toll_of(c, {head.i: rule.key}, ctx)), None)
        victims = _object(toll) if toll is not None else None
        party2 = victims if victims is not None and _party_in(victims, ctx) is not None else None
    sides = _between(head, words, ctx) if rule.key in tx.MUTUAL_KEYS and a1 is None and party2 is None else None
    if sides is not None:  # "clashes between the Taliban and government forces": one side each
        (one, one_bounds), (other, other_bounds) = sides
        actor1, actor1_span, countries = _actor(one, ctx, article, offset, bounds=one_bounds, apart_from=other)
        actor2, actor2_span, countries2 = _actor(other, ctx, article, offset, bounds=other_bounds, apart_from=one)
    else:  # "no group has claimed the attack", "a car bomb ... killing 12": no one named (a1 still types it)
        named = None if a1 is not None and (_no_word(a1) or _bare_weapon(a1)) else a1
        actor1, actor1_span, countries = _actor(named, ctx, article, offset)
        actor2, actor2_span, countries2 = _actor(party2, ctx, article, offset)
    key = rule.key
    agent = _of_collective(a1) if a1 is not None else None
    if agent is not None and key in tx.AGENT_ACTS and _subtree_has(agent, tx.NON_AGENT_NOUNS, 1):
        return []  # "an earthquake struck", "floods killed 12": no act of anyone's
    if head.pos_ == "VERB" and head.lemma_.lower() in tx.DISMISSING_VERBS and _a_person(_object(head)):
        key = "change_group"  # "the president fired his defence minister": dismissed, not shot at
    elif head.pos_ == "VERB" and head.lemma_.lower() == "fire" and len(words) == 1 and not _shooting(head, ctx):
        return []  # "fired questions at the minister", "fired up the crowd", "fired a missile into the sea"
    if key in tx.AGENT_ACTS and a2 is not None and a2.lemma_.lower() in tx.RECORD_NOUNS and not (
            a2.lemma_.lower() in tx.MILITARY_TARGET_NOUNS and _strikes_a_target(head, ctx)):
        return []  # "beating the mark set in the floods of 2000": a comparison ("struck Hamas targets": not)
    if key == "protest" and not struck and head.pos_ == "VERB" and head.lemma_.lower() == "strike" and \
            _object(head) is not None and not _strikes_a_target(head, ctx):
        return []  # "the speech struck a chord": a labour strike has no object
    if key == "sanction" and a2 is not None and _subtree_has(a2, tx.SERVICE_NOUNS, 1):
        return []  # "trains were suspended", "flights were halted": a service stopped, nobody sanctioned
    if key == "protest" and head.dep_ == "amod":
        return []  # "a blocked drain", "the striking workers": a state, not the act
    if head.tag_ == "VB" and head.dep_ in ("amod", "compound"):
        return []  # "burn bins": a verb's bare form naming a kind of thing
    if key == "demand" and _ordered_move(head):
        return []  # "ordered the deployment of hundreds of troops": the deployment is the event, no demand
    if key == "aid" and by_event:
        return []  # "the mass surrenders are supplying the militants with weaponry": a consequence, no one's aid
    if key in ("aid", "concession") and a2 is not None and _of_collective(a2).lemma_.lower() in \
            tx.INFORMATION_NOUNS | tx.DOCUMENT_NOUNS:
        return []  # "without giving a figure", "provided details", "released details": words given
    if key == "threat" and head.lemma_.lower() == "warn" and _forecast(head, a1, ctx):
        return []  # "the Environment Agency warned that the worst was still to come": no one threatens
    if struck:
        key = subject_kind  # "airstrikes struck", "a suicide bombing struck": the kind of act its subject names
        if key not in _STRIKE_KINDS:
            return []  # "the withdrawal struck a blow to morale": a figure of speech
    elif key == "protest" and _strike_on(head, agent, ctx):
        key = "air_strike"  # "Russian strikes on Kharkiv", "strikes on Crimea"
    elif key == "protest" and _strikes_a_target(head, ctx):
        key = _strike_kind(head, agent)  # "Ukraine struck a Russian air base with drones"
    elif key == "protest" and head.lemma_.lower() in tx.PROTEST_OR_FORCE and agent is not None:
        key = _protest_or_force(head.lemma_.lower(), agent)
    if key in ("armed_clash", "air_strike", "shelling") and a2 is not None and _subtree_has(a2, tx.CIVILIAN_WORDS, 2):
        key = "attack"  # violence against civilians, not a battle between armed groups
    if head.pos_ == "NOUN" and head.lemma_.lower() in tx.WEAK_ACT_NOUNS and _figurative(head, agent, ctx):
        return []  # "a bank raid", "a legal skirmish", "the Celtics' 40-point massacre": no violence
    if key == "troop_withdrawal" and _displaced(head, _antecedent(a1) if a1 is not None else None, ctx):
        return []  # "thousands of residents fled Kunduz": people displaced, no force withdrawing (ACLED codes none)
    stormed = _object(head) if head.pos_ == "VERB" and head.lemma_.lower() == "storm" else None
    if stormed is not None and stormed.lemma_.lower() in ("pitch", "stage", "field", "court", "chart", "charts"):
        return []  # "fans stormed the pitch", "stormed the charts": no violence
    if stormed is not None and not _a_town(stormed, ctx):
        # "forces stormed the Nur Shams camp": a raid; "protesters stormed the parliament": a riot
        key = "armed_clash" if agent is not None and _subtree_has(agent, _FORCE_AGENTS, 2) else "riot"
    elif rule.territory:
        taker = " ".join(filter(None, (actor1, a1.text if a1 is not None else None)))
        key = _territory_key(rule, taker, _sideless(agent))
    et = tx.EVENT_TYPES[key]
    if not countries and et.type == tx.TROOPS:
        # "600 UK troops are to be sent": their country sends them; "deploying troops to help evacuate U.S.
        # Embassy staff": the evacuees' country does
        countries = _troops_countries(head, ctx) or _purpose_countries(head, ctx)
    if not countries and et.type == tx.EVACUATION:
        countries = _evacuees_countries(head, ctx)  # "help relocate UK nationals": their country takes them
    places: list[EntityMention] = []
    territory = et.subtype in tx.TERRITORY_SUBTYPES
    for arg in place_args + _clause_places(head):
        places = _places_in(arg, ctx) or (_anaphor_place(arg, ctx) if territory else [])
        if places:
            break
    if not places and a1 is not None:
        # where the actor sits is not where its troops or people move, nor a place it takes ("US
        # negotiators in Doha agreed to withdraw all troops")
        places = _owner_place(a1, ctx, seated=not territory and et.type not in (tx.TROOPS, tx.EVACUATION))
    aggregate = _several_places(place_args, ctx)
    if (territory or key in ("troop_withdrawal", "agreement")) and not places and not aggregate:
        places, aggregate = _linked_clause_place(head, ctx)
    aggregate = aggregate or (not places and _several_acts(head))
    # what will or would happen, or is done for ("sent troops on Friday to evacuate"), is on or after the
    # date of the clause above, not on it
    own_date, above_date = _dates(head, dates, offset)
    ahead = modality in tx.AHEAD_MODALITIES or _infinitive(head)
    date = own_date if ahead or own_date is not None else above_date
    not_before = above_date if ahead and own_date is None else None
    if not places and not aggregate and (et.type in tx.LOCAL_TYPES or key in tx.LOCAL_KEYS) and not any(
            a.pos_ == "PRON" or a.lemma_.lower() in tx.SETTLEMENT_NOUNS for a in place_args):
        # "In the western city of Herat, ... The surrender deal was brokered"; never for a place word left
        # unresolved ("Herat was attacked. They could fall soon": "they" is not Herat)
        places = _scene_place(own_date, ctx)
    t_start, t_end = words[0].idx, words[-1].idx + len(words[-1].text)
    trigger = Span(article, offset + t_start, offset + t_end)
    lemma = " ".join(w.lemma_.lower() for w in words)
    out = []
    for n, p in enumerate(places or [None]):
        out.append(EventMention(
            id=event_id(article, trigger.start, trigger.end, None if n == 0 else p.span.start),
            trigger=trigger, sentence=sentence, type=et.type, subtype=et.subtype, plover=et.plover,
            lemma=lemma, actor1=actor1, actor1_span=actor1_span, actor2=actor2, actor2_span=actor2_span,
            place=p.place if p is not None else None, place_span=p.span if p is not None else None,
            date=date, modality=modality, aggregate=aggregate, actor1_countries=countries,  # type: ignore[arg-type]
            ongoing=_under_way(head), not_before=not_before, actor2_countries=countries2,
        ))
    return out
