"""Normalisation: :class:`~newsfuse.model.RawArticle` -> :class:`~newsfuse.model.Article`.

What changes in the text (and nothing else; words, spelling and typos are kept as written):

* quote marks: curly, low-9, prime and guillemet double quotes become ``"``; curly, low-9,
  prime, single-guillemet and modifier-letter apostrophes become ``'``;
* whitespace: every Unicode space (NBSP, thin space, ...) and tab becomes a plain space, runs
  collapse to one, line ends are stripped, CRLF/CR/Unicode line separators become LF;
  invisible zero-width characters and control characters are dropped; the text is NFC-composed
  (the same letters typed with combining accents get the same id);
* paragraphs: blocks separated by blank lines; inside a block, lines are joined with a space
  when the block is hard-wrapped (see :func:`_is_hard_wrapped`) and are separate paragraphs
  otherwise (files with one line per paragraph, like the seeds' 002).  Paragraphs are joined
  with exactly ``"\\n\\n"`` and recorded as ``(start, end)`` offsets.

Noise is *marked*, never deleted (see :func:`detect_noise` for the rules, one paragraph per mark):

* ``caption``: a paragraph that ends with a photo/video credit in parentheses ("(Name/Outlet)",
  "(AP Photo/Name)", "(Photo: ...)", "(Name for Outlet)", "(Getty Images)") or starts with a caption
  label ("Photo:", "Image caption", "FILE PHOTO:", ...), at most :data:`CAPTION_MAX_WORDS` long;
* ``read_more``: a "Read more:" / "Related:" / "See also:" paragraph and the link-like paragraphs
  (URLs or short headline-like lines) that follow it;
* ``credits``: reporter-credit trailers at the end ("X reported from Y.", "... contributed to this
  report.", "Reporting by ...; Editing by ...", "- Reuters / BBC", "(AFP)", "© ...") -- every
  sentence of the paragraph must be such a credit, and only noise may follow it -- and a leading
  "By Name and Name" byline line;
* ``subheading``: a short line (at most ``SUBHEADING_MAX_WORDS`` words) starting with a capital
  or digit, with no sentence-final punctuation or closing quote, between two prose paragraphs
  (paragraphs that end with punctuation or are longer than a heading);
* ``standfirst``: a short one-sentence first paragraph, without a dateline or attribution, that the
  (longer) next paragraph restates (most of its content words recur there);
* ``repeat``: a paragraph identical (ignoring case, after quote/space unification) to an earlier
  paragraph of the same article; the later copy is marked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from newsfuse.errors import InputError
from newsfuse.infer import canonical_credit, find_dateline, is_credit_name
from newsfuse.model import Article, Noise, RawArticle, article_id
from newsfuse.settings import SUBHEADING_MAX_WORDS

__all__ = ["PARAGRAPH_SEPARATOR", "detect_noise", "normalise", "normalise_inline"]

#: Paragraphs of the normalised text are joined with exactly this.
PARAGRAPH_SEPARATOR = "\n\n"

#: A block whose longest line is longer than this is never hard-wrapped text: wrapping tools and
#: e-mail/agency feeds wrap at 60-80 columns, while one-line-per-paragraph files (the seeds' 002)
#: have lines of 100-300 characters.
HARD_WRAP_MAX_WIDTH = 100

#: ... and a block whose longest line is shorter than this is not either: nobody wraps text at
#: under 40 columns, while a run of short one-line paragraphs ("Two.", "Three.") would pass the
#: next-word test below.
HARD_WRAP_MIN_WIDTH = 40

#: A caption paragraph (ending with a photo credit) has at most this many words: the seeds' 001
#: video caption has 23; longer paragraphs ending with a parenthesis are reporting.
CAPTION_MAX_WORDS = 60

#: A line after "Read more:" counts as a link (part of the trailer) when it holds a URL or is a
#: headline of at most this many words without a closing full stop (news headlines run 5-15 words).
READ_MORE_LINK_MAX_WORDS = 20

#: At most this many trailing paragraphs are taken as the credit trailer (000 has 1, 002 has 1;
#: outlets seen in practice use up to 3: "X reported from Y." / "Z contributed." / "(c) ...").
CREDITS_TRAILER_MAX_PARAGRAPHS = 3

#: A credit sentence ("... contributed to this report.") has at most this many words (000's is 16).
CREDIT_SENTENCE_MAX_WORDS = 40

#: A one-line credit ("- Reuters / BBC", "(AFP)", a leading "By Name and Name" byline) has at most
#: this many words (002's trailer has 2; bylines with three names and a title run about 10).
CREDIT_LINE_MAX_WORDS = 12

#: A standfirst has between these many words (the seeds' 003 and 004 standfirsts have 17 and 16;
#: one-sentence news leads run 25-45 words, e.g. 002's first paragraph has 31).
STANDFIRST_MIN_WORDS = 5
STANDFIRST_MAX_WORDS = 30

#: ... is at most this fraction of the next paragraph's length in words (003: 17/40, 004: 16/36;
#: 002's lead against its second paragraph: 31/37 = 0.84) ...
STANDFIRST_MAX_LENGTH_RATIO = 0.7

#: ... and at least this fraction of its content words recur in the next paragraph (003: 0.57,
#: 004: 0.75; 002's first paragraph against its second, a lead and not a standfirst: 0.12; the
#: leads of 000/001 against their second paragraphs: 0.20 and 0.28).
STANDFIRST_MIN_OVERLAP = 0.4

#: Two content words "match" when equal or sharing a prefix this long (evacuate/evacuation,
#: advance/advances): a crude stand-in for stemming, enough for an overlap ratio.
STANDFIRST_PREFIX_CHARS = 5

#: A repeated paragraph must have at least this many words: a repeated one-word line or a short
#: "No." is not the copy-paste error this mark is for.
REPEAT_MIN_WORDS = 4

# ---- character normalisation ------------------------------------------------------------------

_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\u301d\u301e\u301f\uff02"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a\u02bc\uff07"
_QUOTES = str.maketrans({**{c: '"' for c in _DOUBLE_QUOTES}, **{c: "'" for c in _SINGLE_QUOTES}})
#: Invisible characters dropped outright (zero-width space, word joiner, BOM, soft hyphen).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028]")
_SPACES = re.compile(r"[ \t]+")
#: Every Unicode space separator (category Zs) other than the plain space, and the tab.
_UNICODE_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
#: C0/C1 control characters other than tab and newline (line-break controls are handled above).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def _unify_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).translate(_INVISIBLE)
    text = _LINE_BREAKS.sub("\n", text.replace("\u2029", "\n\n"))
    return _CONTROLS.sub("", _UNICODE_SPACES.sub(" ", text))


def normalise_inline(value: str) -> str:
    """One line of metadata (title, byline, ...) with quotes and whitespace unified."""
    return _SPACES.sub(" ", _unify_chars(value).replace("\n", " ")).strip()


# ---- paragraphs -------------------------------------------------------------------------------

_OWN_LINE = re.compile(r"^(?:[-\u2013\u2014*\u2022\u00b7]\s|https?://\S+$|www\.\S+$)")


def _is_hard_wrapped(lines: Sequence[str]) -> bool:
    """Whether a block's lines are one paragraph wrapped at a fixed width.

    A wrapper breaks a line only when the next word would not fit, so for every line but the last,
    ``len(line) + 1 + len(first word of the next line)`` exceeds the width, and the width is at
    between :data:`HARD_WRAP_MIN_WIDTH` and :data:`HARD_WRAP_MAX_WIDTH`.  One-line-per-paragraph text fails this: its short lines are
    followed by words that would have fitted.
    """
    if len(lines) < 2:
        return False
    width = max(len(line) for line in lines)
    if not HARD_WRAP_MIN_WIDTH <= width <= HARD_WRAP_MAX_WIDTH:
        return False
    for line, nxt in zip(lines, lines[1:]):
        if _OWN_LINE.match(nxt):
            return False
        if len(line) + 1 + len(nxt.split(" ", 1)[0]) <= width:
            return False
    return True


def _paragraphs(text: str) -> list[str]:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            paragraphs.extend([" ".join(block)] if _is_hard_wrapped(block) else block)
            block = []
    return paragraphs


# ---- noise rules ------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*")
_TERMINAL = tuple('.!?:;,"\')]\u2026')
_URL = re.compile(r"https?://|www\.\w")
_SENTENCE_BREAK = re.compile(r'(?<=[.!?])"?\s+(?=["(]?[A-Z0-9])')

_CAP = r"[A-Z][\w'.&-]*"
_CAPS = rf"{_CAP}(?:\s+(?:of\s+|de\s+|the\s+)?{_CAP}){{0,5}}"
_CAPTION_END = re.compile(
    r"\((?:"
    rf"[^()/]*[A-Z][^()/]*(?:/[^()/]*[A-Z][^()/]*)+"  # (Joy Yi/The Washington Post), (AP Photo/Name)
    rf"|{_CAPS}\s+for\s+{_CAPS}"  # (Name for The New York Times)
    r"|(?:[Pp]hotos?|[Pp]hotograph|[Pp]icture|[Ii]mage|[Vv]ideo|[Cc]redit|[Ff]ile [Pp]hoto)(?: by| credit)?\s*:?\s+[^()]+"
    r"|[^()]*\b(?:Getty Images|Shutterstock|AP Photo|Reuters Photo|AFP Photo|EPA-EFE)\b[^()]*"
    r")\)\s*$"
)
_CAPTION_START = re.compile(
    r"^(?:(?:FILE PHOTO|Photos?|Photograph|Pictures?|Image|Video|Caption|Watch)\s*[:|]"
    r"|(?:Image caption|Media caption|Image source|Video caption)\s*[:|,])",
    re.IGNORECASE,
)
_READ_MORE = re.compile(
    r"^(?:read more|more on this (?:story|topic)|related(?: coverage| stories| articles| content)?|"
    r"also read|see also|read next|recommended(?: reading)?|further reading|more from [\w ]+)\b\s*(?P<mark>[:\u2014\u2013-]|$)?",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,3}"
_NAMES = rf"{_NAME}(?:(?:,\s+|\s+and\s+|,\s+and\s+|\s+&\s+){_NAME})*"
_PLACE = r"[A-Z][\w'.-]*(?:,?\s+[A-Z][\w'.-]*){0,3}"
_CREDIT_SENTENCES = (
    re.compile(rf"{_NAMES}\s+(?:reported|contributed|wrote|reporting)\s+from\s+{_PLACE}(?:\s+and\s+{_PLACE})*\.?"),
    re.compile(r".*\bcontributed(?:\s+additional)?\s+(?:reporting|to\s+this\s+(?:report|story|article))\b.*"),
    re.compile(r"(?:Additional\s+)?(?:[Rr]eporting|Writing|Editing|Edited|Compiled|Written|Produced|Research)\s+by\s+.+"),
    re.compile(rf"With\s+(?:additional\s+)?(?:reporting\s+by\s+.+|{_NAMES}\.?)"),
    re.compile(r"(?:\u00a9|\(c\)|Copyright)\s+.+"),
    re.compile(r"All rights reserved\.?|This material may not be published, broadcast, rewritten or redistributed\.?"),
)
_DASH_TRAILER = re.compile(rf"[-\u2013\u2014]+\s*{_CAPS}(?:\s*[/,|&]\s*{_CAPS})*")
_BYLINE = re.compile(rf"By\s+{_NAMES}(?:,\s+{_CAPS})?")


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_caption(p: str) -> bool:
    return _words(p) <= CAPTION_MAX_WORDS and bool(_CAPTION_END.search(p) or _CAPTION_START.match(p))


def _is_link(p: str) -> bool:
    return bool(_URL.search(p)) or (_words(p) <= READ_MORE_LINK_MAX_WORDS and not p.endswith(('.', '"')))


def _is_read_more(p: str) -> bool:
    m = _READ_MORE.match(p)
    if not m:
        return False
    return m.group("mark") is not None or _is_link(p)


def _is_credit_line(p: str) -> bool:
    """Every sentence of ``p`` is a reporter/agency credit (see the module docstring)."""
    if _words(p) <= CREDIT_LINE_MAX_WORDS and (
        (_DASH_TRAILER.fullmatch(p) and not p.endswith(".")) or is_credit_name(p.strip("()[] "))
    ):
        return True
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(p) if s.strip()]
    return all(
        _words(s) <= CREDIT_SENTENCE_MAX_WORDS and any(rx.fullmatch(s) for rx in _CREDIT_SENTENCES)
        for s in sentences
    )


def _is_subheading_shape(p: str) -> bool:
    return (
        0 < _words(p) <= SUBHEADING_MAX_WORDS
        and (p[0].isupper() or p[0].isdigit())
        and not p.endswith(_TERMINAL)
        and not _URL.search(p)
    )


def _is_prose(p: str) -> bool:
    return p.endswith(_TERMINAL) or _words(p) > SUBHEADING_MAX_WORDS


def _stop_words() -> frozenset[str]:
    # Imported lazily: only paragraphs that pass the cheap standfirst checks need it.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


def _content_words(text: str) -> list[str]:
    stop = _stop_words()
    return [w for w in (m.lower() for m in re.findall(r"[^\W\d_]+", text)) if len(w) > 2 and w not in stop]


def restated_fraction(first: str, second: str) -> float:
    """The fraction of ``first``'s content words that recur in ``second`` (0.0 when it has none)."""
    words = _content_words(first)
    if not words:
        return 0.0
    later = set(_content_words(second))
    prefixes = {w[:STANDFIRST_PREFIX_CHARS] for w in later if len(w) >= STANDFIRST_PREFIX_CHARS}
    hit = sum(1 for w in words if w in later or (len(w) >= STANDFIRST_PREFIX_CHARS and w[:STANDFIRST_PREFIX_CHARS] in prefixes))
    return hit / len(words)


_ATTRIBUTION = re.compile(r'"|\b(?:said|says|told|according to|reported|announced)\b')


def _is_standfirst(p: str, nxt: str) -> bool:
    n, n_next = _words(p), _words(nxt)
    return (
        STANDFIRST_MIN_WORDS <= n <= STANDFIRST_MAX_WORDS
        and n <= STANDFIRST_MAX_LENGTH_RATIO * n_next
        and len(_SENTENCE_BREAK.split(p)) == 1
        and find_dateline(p) is None
        and not _ATTRIBUTION.search(p)
        and restated_fraction(p, nxt) >= STANDFIRST_MIN_OVERLAP
    )


def detect_noise(paragraphs: Sequence[str]) -> dict[int, str]:
    """The noise kind of each noisy paragraph, by paragraph index (rules in the module docstring).

    One kind per paragraph; the rules run in this order and a later rule never re-marks a
    paragraph: caption, read_more, credits, subheading, standfirst, repeat.
    """
    kinds: dict[int, str] = {}
    count = len(paragraphs)
    for i, p in enumerate(paragraphs):
        if _is_caption(p):
            kinds[i] = "caption"
    i = 0
    while i < count:
        if i not in kinds and _is_read_more(paragraphs[i]):
            kinds[i] = "read_more"
            j = i + 1
            while j < count and j not in kinds and _is_link(paragraphs[j]) and not _is_credit_line(paragraphs[j]):
                kinds[j] = "read_more"
                j += 1
            i = j
        else:
            i += 1
    # Credit trailer: walk back from the end over noise and credit lines.
    marked = 0
    for i in range(count - 1, -1, -1):
        if i in kinds:
            continue
        if marked < CREDITS_TRAILER_MAX_PARAGRAPHS and _is_credit_line(paragraphs[i]):
            kinds[i] = "credits"
            marked += 1
            continue
        break
    if count and 0 not in kinds and _words(paragraphs[0]) <= CREDIT_LINE_MAX_WORDS and _BYLINE.fullmatch(paragraphs[0]):
        kinds[0] = "credits"
    for i in range(1, count - 1):
        prev, p, nxt = paragraphs[i - 1], paragraphs[i], paragraphs[i + 1]
        if i not in kinds and _is_subheading_shape(p) and (i + 1) not in kinds and _is_prose(nxt) and _is_prose(prev):
            kinds[i] = "subheading"
    first = next((i for i in range(min(count, 2)) if i not in kinds), None)
    if first is not None and first + 1 < count and (first + 1) not in kinds:
        if _is_standfirst(paragraphs[first], paragraphs[first + 1]):
            kinds[first] = "standfirst"
    seen: set[str] = set()
    for i, p in enumerate(paragraphs):
        key = p.casefold()
        if i not in kinds and _words(p) >= REPEAT_MIN_WORDS and key in seen:
            kinds[i] = "repeat"
        seen.add(key)
    return kinds


# ---- the stage --------------------------------------------------------------------------------

_COPIED_FIELDS = ("outlet", "url", "published", "title", "byline", "credits")


def normalise(raw: RawArticle) -> Article:
    """The normalised article: unified text, paragraph offsets, noise marks and the source's metadata.

    Raises :class:`~newsfuse.errors.InputError` when nothing is left after normalisation.
    """
    paragraphs = _paragraphs(_unify_chars(raw.text))
    if not paragraphs:
        raise InputError(raw.origin, "no text after normalisation")
    text = PARAGRAPH_SEPARATOR.join(paragraphs)
    offsets: list[tuple[int, int]] = []
    pos = 0
    for p in paragraphs:
        offsets.append((pos, pos + len(p)))
        pos += len(p) + len(PARAGRAPH_SEPARATOR)
    noise = tuple(Noise(kind, *offsets[i]) for i, kind in sorted(detect_noise(paragraphs).items()))

    meta = raw.meta
    fields: dict[str, object] = {
        "outlet": normalise_inline(meta.outlet or meta.site or "") or None,
        "url": (meta.url or "").strip() or None,
        "published": meta.published,
        "title": normalise_inline(meta.title or "") or None,
        "byline": normalise_inline(meta.byline or "") or None,
        "credits": tuple(dict.fromkeys(c for c in (canonical_credit(normalise_inline(x)) for x in meta.credits) if c)),
    }
    source = raw.meta_from or "unknown"
    meta_from = tuple((name, source) for name in _COPIED_FIELDS if fields[name])
    return Article(
        id=article_id(text),
        text=text,
        origins=(raw.origin,),
        paragraphs=tuple(offsets),
        noise=noise,
        meta_from=meta_from,
        **fields,  # type: ignore[arg-type]
    )
