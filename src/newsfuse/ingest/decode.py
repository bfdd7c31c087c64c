"""Bytes -> text: size limit, binary sniffing, byte-order marks, encoding detection.

Order of decisions for a text file (first that applies wins):

1. a byte-order mark (UTF-32, UTF-16, UTF-8) names the encoding;
2. for HTML, a ``<meta charset>`` / ``http-equiv`` declaration in the first bytes (the HTML
   prescan) names it, when the bytes decode under it;
3. NUL bytes: UTF-16 without a BOM when they sit on every other byte, otherwise a binary file;
   a file heavy in control bytes is binary too;
4. valid UTF-8 is UTF-8;
5. charset-normalizer's best guess -- except that cp1252 wins when charset-normalizer lists it
   among its candidates and the cp1252 reading is plausible Western European text
   (:func:`plausible_western`): charset-normalizer cannot tell short Western texts from Baltic or
   Central European code pages (it ranks mac_latin2 first for a latin-1 French/German paragraph
   and reads "Café crème" as cp1250 "crčme");
6. when charset-normalizer finds nothing: cp1252, or latin-1 for bytes cp1252 leaves undefined.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from newsfuse.errors import InputError
from newsfuse import settings

__all__ = ["BINARY", "EMPTY", "check_not_binary", "decode_html", "decode_text", "read_bytes"]

BINARY = "binary file, not text"
EMPTY = "empty file"

#: How many leading bytes are sniffed for NULs, control bytes and an HTML charset declaration.
SNIFF_BYTES = 8192

#: A text file has (almost) no C0 control bytes besides tab, CR, LF, FF, VT and ESC; above this share of
#: the sniffed bytes it is binary (a JPEG or PDF header is 10-30 %; a latin-1 news text is 0 %).
MAX_CONTROL_SHARE = 0.02

#: UTF-16 without a BOM: at least this share of the high (or low) bytes of the sniffed code units are
#: NUL (ASCII-heavy text encoded as UTF-16 has ~100 %; binaries with NULs spread out have far fewer).
UTF16_NUL_SHARE = 0.6

#: Western code pages: taken as they are when charset-normalizer ranks one of them first.
WESTERN = ("cp1252", "latin_1", "iso8859_15")

#: In Western European text at most this share of letters is non-ASCII (French and German news
#: prose: 2-5 %; Icelandic, the most accented, about 20 %); text read in the wrong code page is far above.
MAX_ACCENTED_SHARE = 0.3

_WESTERN_MARKS = frozenset("\u201c\u201d\u2018\u2019\u201e\u2013\u2014\u2026\u20ac\u2022\u00ab\u00bb\u00b0\u00a3\u00a7\u00a9\u00ae\u00b7\u00a0\u2122\u00bd\u00bc\u00be")

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def read_bytes(path: Path, shown: str, limit: int | None = None) -> bytes:
    """The bytes of ``path``; :class:`InputError` (with the OS reason) when it cannot be read or is too big.

    ``limit`` defaults to ``settings.MAX_INPUT_BYTES``.
    """
    limit = settings.MAX_INPUT_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                shown,
                f"file too large ({size:,} bytes; the limit is {limit:,} bytes, settings.MAX_INPUT_BYTES): "
                "split it or check it is really an article",
            )
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    units = len(head) // 2
    if units < 2:
        return None
    even_nul = sum(1 for i in range(0, units * 2, 2) if head[i] == 0)
    odd_nul = sum(1 for i in range(1, units * 2, 2) if head[i] == 0)
    if odd_nul / units >= UTF16_NUL_SHARE and even_nul / units < 0.1:
        return "utf-16-le"
    if even_nul / units >= UTF16_NUL_SHARE and odd_nul / units < 0.1:
        return "utf-16-be"
    return None


def check_not_binary(data: bytes, shown: str) -> str | None:
    """Raise :class:`InputError` for empty or binary bytes; return a BOM-less UTF-16 codec when sniffed."""
    if not data.strip():
        raise InputError(shown, EMPTY)
    if bom_encoding(data):
        return None
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16:
            return utf16
        raise InputError(shown, f"{BINARY} (it holds NUL bytes): give text, HTML, JSONL, RSS/Atom or WARC files")
    controls = sum(1 for b in head if b in _CONTROL)
    if controls / len(head) > MAX_CONTROL_SHARE:
        raise InputError(shown, f"{BINARY} ({controls} control bytes in the first {len(head)}): give text files")
    return None


def _declared_html_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:SNIFF_BYTES])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def plausible_western(text: str) -> bool:
    """Whether ``text`` reads as a Western European language: its non-ASCII characters are letters
    or common typographic marks, and they are a minority of the letters (accents inside words).

    Cyrillic or Greek bytes read as cp1252 come out as whole words of accented Latin letters, and
    Central European bytes as symbols such as "³" and "¿" inside words, so both fail.
    """
    letters = non_ascii = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ord(ch) > 127:
                non_ascii += 1
        elif ord(ch) > 127 and ch not in _WESTERN_MARKS:
            return False
    return letters > 0 and non_ascii / letters <= MAX_ACCENTED_SHARE


def _detect(data: bytes) -> str:
    matches = from_bytes(data)
    best = matches.best()
    if best is not None and best.encoding in WESTERN:
        return str(best)
    candidates = {m.encoding for m in matches}
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and plausible_western(western) and (best is None or "cp1252" in candidates or "latin_1" in candidates):
        return western
    if best is not None:
        return str(best)
    # Nothing plausible found: cp1252 when every byte is defined there, latin-1 (total) otherwise.
    return western if western is not None else data.decode("latin-1")


def decode_text(data: bytes, shown: str, declared: str | None = None) -> str:
    """Decode a text file's bytes (see the module docstring for the order of decisions).

    Raises :class:`InputError` for an empty, whitespace-only or binary file.
    """
    utf16 = check_not_binary(data, shown)
    bom = bom_encoding(data)
    text: str | None = None
    try:
        if bom:
            text = data.decode(bom)
        elif utf16:
            text = data.decode(utf16)
    except UnicodeDecodeError as exc:
        raise InputError(shown, f"not valid {bom or utf16} text although it starts like it ({exc.reason} at byte {exc.start})") from exc
    if text is None and declared:
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            text = None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(shown, EMPTY)
    return text


def decode_html(data: bytes, shown: str, header_charset: str | None = None) -> str:
    """Decode an HTML page: BOM, then the HTTP header's charset, then its ``<meta charset>``, then as text."""
    declared = None
    if header_charset:
        try:
            declared = codecs.lookup(header_charset).name
        except LookupError:
            declared = None
    return decode_text(data, shown, declared or _declared_html_charset(data))
