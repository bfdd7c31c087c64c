"""Quotes and attributions: who said what, read from the quote marks and the parse.

Two kinds of reported speech are found in a parsed :class:`spacy.tokens.Doc`:

* **direct quotes** -- words between quote marks.  Marks are paired per paragraph (a line
  of text): curly marks say which way they face, straight ``"`` (what
  :mod:`newsfuse.normalise` writes) and ``''`` face the way their neighbours say (a mark
  after a space opens, a mark before a space or punctuation closes).  Real text is messy:
  a quote opened and never closed runs to the end of its paragraph, and a quote still open
  when a new one opens is cut at the last sentence end before the new mark.  The speech
  cue is a lexicon verb right after the closing mark (``"...," said X`` / ``"...," X
  told AFP``) or right before the opening mark (``X tweeted, "..."`` / ``X said: "..."``).
  A quote that opens a sentence with no cue of its own continues the speaker of a cued
  direct quote in the same or the previous paragraph (the news convention of a quote
  running on over paragraphs).  A quoted phrase inside indirect speech (``said forces
  retreated to "avoid civilian casualties"``) takes that speech's speaker.  Short quoted
  phrases with none of these ("burn bins", a title, a scare-quoted word) are not quotes.
* **indirect speech** -- a lexicon verb with a clausal complement (``X said (that) ...``,
  ``..., X told reporters``) and ``according to X, ...``.  The content is the complement
  clause (without a leading "that"); for "according to" it is the rest of the sentence.

The speaker is the verb's subject (``nsubj``; the subject of the governing verb for
``..., adding that ...``; the noun a ``who said`` clause hangs on), trimmed to the words
naming it: the entity or proper-noun name when there is one ("State Department spokesman
Ned Price" -> "Ned Price"; "An Interior Ministry spokesman, Mirwais Stanikzai," -> "Mirwais
Stanikzai"), else the noun phrase without appositions and relative clauses ("a Taliban
spokesman").  A pronoun subject ("he said") is resolved to the most recent compatible
antecedent before it, outside quoted words and at most :data:`PRONOUN_WINDOW` sentences
back: a PERSON mention or an earlier speaker for he/she, a plural speaker or an
organisation for they.  The object of "tell" is the *channel* ("told AFP"), never the
speaker.

:func:`find_attributions` gives these records with offsets into the doc, including the
source words as written (the pronoun); :func:`find_quotes` turns them into
:class:`~newsfuse.model.Quote` items with article offsets, snapping each speaker to an
overlapping entity mention when the caller passes the article's entities.

Use::

    doc = nlp(article.text)
    quotes = find_quotes(doc, article.id, entities=mentions)
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.model import EntityMention, Quote, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["SPEECH_VERBS", "Attribution", "find_attributions", "find_quotes", "quote_id"]

#: Lemmas of verbs that report speech or writing.  Verbs of thinking ("believe"), wanting
#: and seeing ("show", "find") are left out: PolNeAR annotates them as attributions too, but
#: they seldom carry a named speaker's words.  Extend with care: every verb here turns its
#: clausal complement into a quote.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell add state claim announce warn tweet write report explain insist note argue
    declare confirm deny ask reply respond answer suggest acknowledge admit stress emphasize
    emphasise urge allege assert predict promise vow pledge recall comment remark observe
    concede complain mention testify indicate reiterate maintain contend caution
    disclose reveal inform assure advise threaten boast brag shout scream yell whisper
    exclaim lament recount describe repeat counter retort continue quip joke posit opine
    speculate charge accuse demand propose hint cite
    """.split()
)

#: Speech verbs whose infinitive is what was said ("vowed to bring back mining jobs").
PROMISE_VERBS = frozenset({"vow", "promise", "pledge", "threaten", "urge"})

#: Verbs whose object is who the words were told to (the channel), not what was said.
CHANNEL_VERBS = frozenset({"tell", "inform", "assure", "advise", "ask", "warn", "brief"})

#: Words a speech cue may be followed by before its subject in "'...,' said X" and the
#: like, counted in tokens after the closing mark ("a top security source in the city told").
AFTER_WINDOW = 10
#: Tokens allowed between a cue verb and the opening mark ("said on Thursday: '...'").
BEFORE_WINDOW = 4
#: An uncued quote (no cue verb, no speaker to continue) is kept when it has at least this
#: many words; shorter quoted phrases are titles, terms and scare quotes ("burn bins").
#: Checked on PolNeAR dev (benchmarks/polnear.py): any value from 3 to 12 moves content F1
#: there by under 0.01 (PolNeAR marks some quoted terms as content, some not), so the value
#: is set to drop terms and titles of up to five words.
MIN_UNATTRIBUTED_WORDS = 6
#: A quoted phrase inside indirect speech takes its speaker from this many words on
#: (fewer: a scare-quoted word or term inside someone's paraphrase).
MIN_PARTIAL_WORDS = 3
#: How many sentences back a pronoun speaker looks for its antecedent.
PRONOUN_WINDOW = 6

_QUOTE_MARKS = re.compile(r"''|``|[\"“”„«»‟]")
_OPENERS = {"“", "„", "«", "``", "‟"}
_CLOSERS = {"”", "»"}
_OPEN_BEFORE = set("([{—–-/:")  # after one of these, a mark opens
_CLOSE_AFTER = set(".,;:!?)]}—–-…")  # before one of these, a mark closes
_STRIP_END = " \t,;:—–-"

_SINGULAR_PRONOUNS = {"he", "she", "him", "her"}
_PLURAL_PRONOUNS = {"they", "them"}
_RELATIVE = {"who", "that", "which", "whom"}
_NOT_SPEAKERS = {"it", "this", "that", "there", "i", "we", "you", "me", "us"}
_NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE", "FAC"}
_DROP_FROM_SPEAKER = {"appos", "relcl", "acl", "punct", "advcl", "parataxis", "prep"}
_KEEP_PREPS = {"for", "of", "from", "with", "at"}
_SUBJECTS = ("nsubj", "nsubjpass")
#: Titles kept with the name they precede: part of how the text names the speaker.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "mullah", "sheikh"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One piece of reported speech, with character offsets into the parsed doc.

    ``source`` is the words naming the speaker where they stand (a pronoun stays a
    pronoun); ``speaker`` is where the speaker is named, after pronoun resolution (the
    antecedent, or ``source`` itself).  ``cue`` and ``channel`` are ``None`` when absent.
    """

    content: tuple[int, int]
    direct: bool
    cue: tuple[int, int] | None = None
    cue_text: str | None = None
    source: tuple[int, int] | None = None
    speaker: tuple[int, int] | None = None
    channel: tuple[int, int] | None = None


def quote_id(article: str, start: int, end: int) -> str:
    """The id of the quote whose content spans ``[start, end)`` of ``article``."""
    return "q" + hashlib.sha256(f"{article}:{start}:{end}".encode()).hexdigest()[:12]


# ---- direct quotes: pairing the marks --------------------------------------------------


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    for m in re.finditer(r"[^\n]+", text):
        yield m.start(), m.end()


def _faces(text: str, i: int, j: int) -> tuple[bool, bool]:
    """(may open, may close) for the mark at ``text[i:j]`` from its neighbours."""
    before = text[i - 1] if i > 0 else " "
    after = text[j] if j < len(text) else " "
    may_open = (before.isspace() or before in _OPEN_BEFORE or before in "“\"") and not after.isspace()
    may_close = (not before.isspace()) and (after.isspace() or after in _CLOSE_AFTER or after in "”\"")
    return may_open, may_close


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _STRIP_END:
        end -= 1
    return start, end


def _quote_spans(text: str, sent_ends: Sequence[int]) -> list[tuple[int, int, int, int]]:
    """Direct quotes as (mark start, content start, content end, mark end), in text order.

    A quote left open at the paragraph end has ``mark end == content end``.
    """
    found: list[tuple[int, int, int, int]] = []
    for p_start, p_end in _paragraphs(text):
        open_at: tuple[int, int] | None = None  # (mark start, content start)
        for m in _QUOTE_MARKS.finditer(text, p_start, p_end):
            mark = m.group()
            may_open, may_close = _faces(text, m.start(), m.end())
            if mark in _OPENERS:
                closes = open_at is not None and may_close and not may_open
                opens = not closes
            elif mark in _CLOSERS:
                opens = open_at is None and may_open and not may_close
                closes = not opens
            else:  # straight or doubled apostrophe: direction from the neighbours
                if open_at is not None:
                    closes = may_close or not may_open
                    opens = not closes
                else:
                    opens = may_open or not may_close
                    closes = False
            if closes and open_at is not None:
                found.append((open_at[0], open_at[1], m.start(), m.end()))
                open_at = None
            elif opens:
                if open_at is not None:  # a new quote opens inside one never closed
                    cut = max((e for e in sent_ends if open_at[1] < e <= m.start()), default=m.start())
                    found.append((open_at[0], open_at[1], cut, cut))
                open_at = (m.start(), m.end())
        if open_at is not None:
            found.append((open_at[0], open_at[1], p_end, p_end))
    out = []
    for mark_start, c_start, c_end, mark_end in found:
        s, e = _trim(text, c_start, c_end)
        if s < e and any(ch.isalnum() for ch in text[s:e]):
            out.append((mark_start, s, e, max(mark_end, e)))
    return out


# ---- the parse: cues, speakers, content --------------------------------------------------


def _is_cue(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in SPEECH_VERBS and tok.dep_ != "amod"


def _subject(verb: Token, quoted: frozenset[int] = frozenset()) -> Token | None:
    """The token naming who speaks through ``verb`` (following "adding" to its governing
    verb's subject, and "who said" to the noun the clause hangs on).  Verbs inside quoted
    words (token indices in ``quoted``) are passed over: in '... claimed, "The enemy gained
    possession," later adding ...' the speaker is not "The enemy"."""
    seen = 0
    while seen < 4:
        seen += 1
        subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subj is not None and subj.i in quoted and verb.i in quoted and verb.head.i != verb.i:
            verb = verb.head
            continue
        if subj is not None:
            if subj.lower_ in _RELATIVE and verb.dep_ == "relcl":
                noun = verb.head  # "Hashimi, a provincial council member, who said": the name
                while noun.dep_ == "appos" and noun.head.i != noun.i:
                    noun = noun.head
                return noun
            return subj
        if verb.dep_ in ("xcomp", "advcl", "conj") and verb.head.i != verb.i and (verb.head.pos_ in ("VERB", "AUX") or verb.head.i in quoted):
            verb = verb.head
            continue
        return None
    return None


def _name_run(tok: Token) -> tuple[int, int]:
    """Token range of the proper name ending at ``tok`` ("Ghulam Habib Hashimi"), with an
    honorific right before it ("Mr. Obama")."""
    doc = tok.doc
    start, end = _bare_name(tok)
    if start > 0 and doc[start - 1].lower_.rstrip(".") in HONORIFICS:
        start -= 1
    return start, end


def _bare_name(tok: Token) -> tuple[int, int]:
    doc = tok.doc
    if tok.ent_type_ in _NAME_LABELS:
        for ent in doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent.start, ent.end
    start = tok.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in ("compound", "flat") and start - 1 < doc[start - 1].head.i <= tok.i:
        start -= 1
    return start, tok.i + 1


def _phrase(tok: Token) -> tuple[int, int] | None:
    """Token range of the words naming the speaker headed by ``tok``."""
    if tok.pos_ == "PRON" or tok.tag_ in ("PRP", "WP", "DT", "EX"):
        if tok.lower_ in _NOT_SPEAKERS:
            return None
        return (tok.i, tok.i + 1) if tok.lower_ in _SINGULAR_PRONOUNS | _PLURAL_PRONOUNS else None
    if tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_LABELS - {"NORP"}:
        return _name_run(tok)
    for child in tok.children:  # "An Interior Ministry spokesman, Mirwais Stanikzai,"
        if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN"):
            return _name_run(child)
    keep = [tok.i]
    for child in tok.children:
        if child.dep_ in _DROP_FROM_SPEAKER and not (child.dep_ == "prep" and child.lower_ in _KEEP_PREPS and child.i > tok.i):
            continue
        keep.extend(t.i for t in child.subtree)
    start, end = min(keep), max(keep) + 1
    doc = tok.doc
    while end > start + 1 and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _channel(verb: Token) -> tuple[int, int] | None:
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if lemma in CHANNEL_VERBS and child.dep_ in ("dative", "dobj", "iobj") and child.pos_ in ("PROPN", "NOUN", "PRON"):
            return _phrase(child) if child.pos_ != "PRON" else (child.i, child.i + 1)
        if child.dep_ == "prep" and child.lower_ == "to" and lemma in ("say", "speak", "explain", "write", "tweet"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return _phrase(obj)
    return None


def _clause_range(doc: Doc, toks: Sequence[Token]) -> tuple[int, int] | None:
    """Character range of ``toks`` (a contiguous subtree), without a leading "that" and
    without punctuation at either end."""
    idx = sorted(t.i for t in toks)
    if not idx:
        return None
    lo, hi = idx[0], idx[-1] + 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space or (doc[lo].dep_ == "mark" and doc[lo].lower_ == "that")):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space) and doc[hi - 1].text not in (".", "?", "!"):
        hi -= 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):  # ...then sentence-final too
        hi -= 1
    if lo >= hi:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _indirect_content(verb: Token) -> tuple[int, int] | None:
    """The reported clause of a speech verb: its clausal complement ("said (that) X"), the
    clause it is wedged into or hangs after ("X, he said" / "X, officials said, Y": the side
    holding that clause's verb), or for a promise verb its infinitive ("vowed to X")."""
    doc = verb.doc
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is not None:
        return _clause_range(doc, list(comp.subtree))
    head = verb.head
    if verb.dep_ in ("parataxis", "ccomp") and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
        own = {t.i for t in verb.subtree}
        lo, hi = verb.left_edge.i, verb.right_edge.i
        comma_before = lo > 0 and doc[lo - 1].text == "," or doc[lo].text == ","
        comma_after = hi + 1 < len(doc) and doc[hi + 1].text == "," or doc[hi].text == ","
        clause = [t for t in head.subtree if t.i not in own]
        side = [t for t in clause if t.i < lo] if head.i < lo else [t for t in clause if t.i > hi]
        if side and (comma_before if head.i < lo else comma_after):
            return _clause_range(doc, side)
    if verb.lemma_.lower() in PROMISE_VERBS:
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if xcomp is not None:
            return _clause_range(doc, list(xcomp.subtree))
    return None


def _according(doc: Doc) -> Iterator[tuple[Token, Token]]:
    """("according" token, its source token) pairs."""
    for tok in doc:
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            if to is None and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                to = doc[tok.i + 1]
            if to is None:
                continue
            obj = next((c for c in to.children if c.dep_ == "pobj"), None)
            if obj is not None:
                yield tok, obj


def _according_content(doc: Doc, acc: Token) -> tuple[int, int] | None:
    sent = acc.sent
    blocked: set[int] = set()
    for tok in sent:
        if tok.lower_ == "according":  # "according" may head the sentence: block only "to X"
            blocked.add(tok.i)
            if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                blocked |= {t.i for t in doc[tok.i + 1].subtree}
    runs: list[list[Token]] = [[]]
    for tok in sent:
        if tok.i in blocked:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(tok)
    best = max(runs, key=lambda r: sum(1 for t in r if not t.is_punct))
    return _clause_range(doc, best) if best else None


# ---- putting it together -----------------------------------------------------------------


def _chars(doc: Doc, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    if rng is None:
        return None
    start, end = rng
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1])


def _token_at(starts: Sequence[int], ends: Sequence[int], char: int, forward: bool = True) -> int | None:
    """Index of the first token starting at/after ``char`` (or the last ending at/before it)."""
    if forward:
        k = bisect.bisect_left(starts, char)
        return k if k < len(starts) else None
    k = bisect.bisect_right(ends, char) - 1
    return k if k >= 0 else None


def _cue_after(doc: Doc, text: str, content_end: int, mark_end: int, first_tok: int | None) -> Token | None:
    if first_tok is None or mark_end == content_end:
        return None
    tail = text[content_end:mark_end]
    # "'...,' said X" / "'...?' X asked" / "'...' -- X said": the quote ends a clause
    ends_clause = any(ch in ",!?" for ch in tail) or (first_tok < len(doc) and doc[first_tok].text in (",", "—", "–", "-"))
    for k in range(first_tok, min(len(doc), first_tok + AFTER_WINDOW)):
        tok = doc[k]
        if _QUOTE_MARKS.fullmatch(tok.text) or tok.text in (".", "!", "?", ";") or "\n" in tok.text:
            return None
        if _is_cue(tok):
            if ends_clause or k == first_tok:
                return tok
            return None
    return None


def _cue_before(doc: Doc, text: str, mark_start: int, last_tok: int | None, p_start: int) -> Token | None:
    if last_tok is None:
        return None
    gap = text[p_start:mark_start].rstrip()
    if not gap or gap[-1] not in ",:—–" and not gap.endswith(("said", "says", "tweeted", "wrote", "added")):
        return None
    words = 0
    for k in range(last_tok, -1, -1):
        tok = doc[k]
        if tok.idx < p_start or "\n" in tok.text or tok.text in (".", "!", "?", ";") or _QUOTE_MARKS.fullmatch(tok.text):
            return None
        if _is_cue(tok):
            return tok
        if not tok.is_punct:
            words += 1
            if words > BEFORE_WINDOW:
                return None
    return None


def _balance(text: str, rng: tuple[int, int] | None) -> tuple[int, int] | None:
    """Extend content that holds an unclosed quote mark over the closing mark just after it
    (``retreated to "avoid casualties."``), so quoted words keep both their marks."""
    if rng is None:
        return None
    start, end = rng
    if len(_QUOTE_MARKS.findall(text, start, end)) % 2 == 1:
        m = _QUOTE_MARKS.search(text, end, min(len(text), end + 3))
        if m is not None and "\n" not in text[end : m.start()]:
            return start, m.end()
    return rng


def _words(text: str) -> int:
    return len(re.findall(r"\w+(?:['’]\w+)?", text))


def _speaker_of(verb: Token, quoted: frozenset[int]) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(source as written, speaker when already known): "who said" -> ("who", the noun)."""
    subj = _subject(verb, quoted)
    if subj is None:
        return None, None
    named = _chars(verb.doc, _phrase(subj))
    rel = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if named is not None and rel is not None and rel.lower_ in _RELATIVE and rel is not subj:
        return (rel.idx, rel.idx + len(rel)), named
    return named, None


def find_attributions(doc: Doc) -> list[Attribution]:
    """Direct quotes and indirect speech in ``doc``, in text order, offsets into ``doc.text``.

    Pronoun sources are resolved (``speaker``) against the doc's own PERSON entities and
    earlier speakers; :func:`find_quotes` can resolve against richer entity mentions.
    """
    text = doc.text
    return _resolve(doc, _raw_attributions(doc, text), (), text)


def _raw_attributions(doc: Doc, text: str | None = None) -> list[Attribution]:
    if text is None:
        text = doc.text  # rebuilt from the tokens on every access: callers that have it pass it
    if not text.strip() or len(doc) == 0:
        return []
    sent_ends = sorted({s.end_char for s in doc.sents}) if doc.has_annotation("SENT_START") else []
    paragraphs = list(_paragraphs(text))

    def para_of(char: int) -> int:
        for n, (s, e) in enumerate(paragraphs):
            if s <= char < e or char < s:
                return n
        return len(paragraphs) - 1

    spans = _quote_spans(text, sent_ends)
    starts: list[int] = []
    ends: list[int] = []
    for t in doc:
        starts.append(t.idx)
        ends.append(t.idx + len(t))
    quoted = frozenset(
        i for _, s, e, _ in spans for i in range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e))
    )

    # indirect speech first: direct quotes inside it take its speaker
    indirect: list[tuple[Token, Attribution]] = []
    for tok in doc:
        if not _is_cue(tok):
            continue
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            continue  # "was unable to confirm which ...": an infinitive reports nothing said
        content = _balance(text, _indirect_content(tok))
        if content is None:
            continue
        indirect.append(
            (tok, Attribution(content, False, (tok.idx, tok.idx + len(tok)), tok.text, *_speaker_of(tok, quoted), _chars(doc, _channel(tok))))
        )
    for acc, obj in _according(doc) if "according" in text.lower() else ():
        content = _balance(text, _according_content(doc, acc))
        if content is None:
            continue
        to = doc[acc.i + 1] if acc.i + 1 < len(doc) else acc
        indirect.append((acc, Attribution(content, False, (acc.idx, to.idx + len(to)), "according to", _chars(doc, _phrase(obj)))))

    direct: list[Attribution] = []
    cue_verbs: set[int] = set()
    previous: tuple[int, Attribution] | None = None  # (paragraph, last cued direct quote)
    for mark_start, c_start, c_end, mark_end in spans:
        para = para_of(c_start)
        p_start = paragraphs[para][0] if paragraphs else 0
        cue = _cue_after(doc, text, c_end, mark_end, _token_at(starts, ends, mark_end))
        before = _cue_before(doc, text, mark_start, _token_at(starts, ends, mark_start, forward=False), p_start)
        if before is not None and (cue is None or cue.tag_ == "VBG"):  # '...claimed, "Q," later adding'
            cue = before
        if cue is not None:
            cue_verbs.add(cue.i)
            att = Attribution((c_start, c_end), True, (cue.idx, cue.idx + len(cue)), cue.text, *_speaker_of(cue, quoted), _chars(doc, _channel(cue)))
            direct.append(att)
            if att.source is not None:
                previous = (para, att)
            continue
        words = _words(text[c_start:c_end])
        host = next(
            (a for _, a in indirect if a.content[0] < c_start and c_end <= a.content[1] + 2),
            None,
        )
        if host is not None and words >= MIN_PARTIAL_WORDS and host.source is not None:
            direct.append(Attribution((c_start, c_end), True, host.cue, host.cue_text, host.source, host.speaker, host.channel))
            continue
        starts_sentence = not text[p_start:mark_start].strip() or text[p_start:mark_start].rstrip()[-1] in ".!?\"”"
        if starts_sentence and previous is not None and para - previous[0] <= 1:
            prev = previous[1]
            direct.append(Attribution((c_start, c_end), True, None, None, prev.source, prev.speaker, None))
            previous = (para, prev)
            continue
        if words >= MIN_UNATTRIBUTED_WORDS:
            direct.append(Attribution((c_start, c_end), True))

    direct_spans = [a.content for a in direct]
    out = list(direct)
    for verb, att in indirect:
        if verb.i in cue_verbs:
            continue
        s, e = att.content
        # the "content" is itself a direct quote already attributed
        if any(qs <= s + 1 and e <= qe + 1 for qs, qe in direct_spans):
            continue
        out.append(att)
    out.sort(key=lambda a: (a.content, not a.direct, a.cue or (0, 0)))
    unique: list[Attribution] = []
    seen: set[tuple[int, int, bool]] = set()
    for a in out:
        key = (a.content[0], a.content[1], a.direct)
        if key not in seen:
            seen.add(key)
            unique.append(a)
    return unique


def _resolve(
    doc: Doc, atts: list[Attribution], people: Sequence[tuple[int, int]], text: str | None = None
) -> list[Attribution]:
    """Fill ``speaker``: the source itself, or for a pronoun its antecedent."""
    if text is None:
        text = doc.text
    quoted = [a.content for a in atts if a.direct]
    sent_starts = sorted(s.start_char for s in doc.sents) if doc.has_annotation("SENT_START") and len(doc) else [0]

    def in_quote(start: int) -> bool:
        return any(qs <= start < qe for qs, qe in quoted)

    persons = list(people) or [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
    orgs = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "NORP")]
    named: list[tuple[int, int, str]] = []  # (start, end, "sg"|"pl") earlier non-pronoun speakers
    for a in atts:
        where = a.speaker or a.source
        if where is not None and text[where[0] : where[1]].lower() not in _SINGULAR_PRONOUNS | _PLURAL_PRONOUNS | _RELATIVE:
            span = doc.char_span(where[0], where[1], alignment_mode="expand")
            plural = span is not None and len(span) > 0 and span.root.tag_ in ("NNS", "NNPS")
            named.append((where[0], where[1], "pl" if plural else "sg"))

    out = []
    for a in atts:
        if a.speaker is not None or a.source is None:
            out.append(a)
            continue
        word = text[a.source[0] : a.source[1]].lower()
        speaker = a.source
        if word in _SINGULAR_PRONOUNS | _PLURAL_PRONOUNS:
            n_sent = sum(1 for s in sent_starts if s <= a.source[0])
            floor = sent_starts[max(0, n_sent - 1 - PRONOUN_WINDOW)] if sent_starts else 0
            if word in _SINGULAR_PRONOUNS:
                pools = [persons + [(s, e) for s, e, n in named if n == "sg"]]
            else:  # "they": an earlier plural speaker, else an organisation
                pools = [[(s, e) for s, e, n in named if n == "pl"], orgs]
            cands: list[tuple[int, int]] = []
            for pool in pools:
                cands = [(s, e) for s, e in pool if floor <= s and e <= a.source[0] and not in_quote(s)]
                if cands:
                    break
            if cands:
                speaker = max(cands, key=lambda c: (c[1], -c[0]))
        out.append(Attribution(a.content, a.direct, a.cue, a.cue_text, a.source, speaker, a.channel))
    return out


def _snap(span: Span, text: str, offset: int, entities: Sequence[EntityMention]) -> EntityMention | None:
    """The mention naming the same speaker: one holding the whole speaker span ("Price" in
    "Ned Price"), or one holding its last word after nothing but capitalised words and
    articles ("Mr. Obama", "the Taliban").  So "A senior Interior Ministry official" and "a
    spokesman for the Afghan Interior Ministry" are not snapped to the ministry."""
    best: EntityMention | None = None
    best_key = (0, 0)
    for m in entities:
        if not (m.span.start < span.end <= m.span.end):
            continue
        if m.span.start > span.start:
            before = text[span.start - offset : m.span.start - offset].split()
            if any(w[:1].islower() and w.lower() not in ("a", "an", "the") for w in before):
                continue
        overlap = min(span.end, m.span.end) - max(span.start, m.span.start)
        key = (overlap, m.kind == "person")
        if key > best_key:
            best, best_key = m, key
    return best


def find_quotes(
    doc: Doc, article_id: str, offset: int = 0, entities: Sequence[EntityMention] = ()
) -> list[Quote]:
    """Direct quotes and indirect speech in ``doc`` as :class:`~newsfuse.model.Quote` items.

    ``doc`` is the parse of the article text from character ``offset`` on (0 for a whole
    article); every span is ``offset`` + the doc's offsets, so ``quote.text ==
    article.text[quote.span.start:quote.span.end]``.  ``entities`` are the article's entity
    mentions (may be empty): person mentions serve as pronoun antecedents, and a speaker
    overlapping a mention is snapped to that mention.  ``Quote.speaker`` stays ``None``
    (entity ids are linked later).  Order: by content span, direct before indirect.
    """
    text = doc.text  # rebuilt from the tokens on every access: read it once
    n_chars = len(text)
    mine = [m for m in entities if m.span.article == article_id and offset <= m.span.start and m.span.end <= offset + n_chars]
    people = [(m.span.start - offset, m.span.end - offset) for m in mine if m.kind == "person"]
    atts = _resolve(doc, _raw_attributions(doc, text), people, text)
    quotes = []
    for a in atts:
        start, end = a.content[0] + offset, a.content[1] + offset
        speaker_text = speaker_span = None
        if a.speaker is not None:
            speaker_span = Span(article_id, a.speaker[0] + offset, a.speaker[1] + offset)
            speaker_text = text[a.speaker[0] : a.speaker[1]]
            hit = _snap(speaker_span, text, offset, [m for m in mine if m.kind != "place"])
            if hit is not None:
                speaker_span, speaker_text = hit.span, hit.text
        channel = text[a.channel[0] : a.channel[1]] if a.channel is not None else None
        cue = "according to" if a.cue_text == "according to" else a.cue_text
        quotes.append(
            Quote(
                id=quote_id(article_id, start, end),
                span=Span(article_id, start, end),
                text=text[a.content[0] : a.content[1]],
                direct=a.direct,
                speaker_text=speaker_text,
                speaker_span=speaker_span,
                cue=cue,
                channel=channel,
            )
        )
    return quotes
