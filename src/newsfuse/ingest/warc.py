"""WARC archives -> one article per HTML ``response`` record, with warcio and trafilatura.

The archive is streamed record by record, so the input size limit applies to each record's
payload, not to the archive.  ``WARC-Date`` is when the page was *crawled*, not published, so it
is never used as the publication date.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsfuse.errors import InputError
from newsfuse.ingest.decode import decode_html
from newsfuse.ingest.html import extract_page
from newsfuse.model import RawArticle
from newsfuse import settings

__all__ = ["WarcRecord", "read_warc"]

#: Content types of pages worth extracting.
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcRecord:
    """An article found in a WARC record; ``origin`` is filled in by the caller (URI, or ``path#N``)."""

    number: int
    uri: str | None
    raw: RawArticle | None
    problem: str | None


def _content_type(record: object) -> tuple[str, str | None]:
    headers = getattr(record, "http_headers", None)
    value = headers.get_header("Content-Type") if headers is not None else None
    if not value:
        return "", None
    kind, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return kind.strip().lower(), charset


def read_warc(path: Path, shown: str, limit: int | None = None) -> tuple[list[WarcRecord], int]:
    """HTML response records of a WARC file (and how many records it holds in all).

    Raises :class:`InputError` when the file is not a WARC archive or is damaged before any record.
    """
    limit = settings.MAX_INPUT_BYTES if limit is None else limit
    found: list[WarcRecord] = []
    total = 0
    try:
        with path.open("rb") as fh:
            for total, record in enumerate(ArchiveIterator(fh), start=1):
                if record.format not in ("warc", "arc2warc"):
                    # warcio falls back to the legacy ARC format for any text: a line of prose
                    # "parses" as an ARC header.  Only real WARC records are accepted.
                    raise ArchiveLoadFailed(f"record {total} has no WARC/1.x header (is this a WARC file?)")
                if record.rec_type != "response":
                    continue
                kind, charset = _content_type(record)
                if kind not in HTML_TYPES:
                    continue
                uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip() or None
                where = uri or f"{shown}#{total}"
                payload = record.content_stream().read(limit + 1)
                if len(payload) > limit:
                    found.append(WarcRecord(total, uri, None, f"record {total} is larger than the {limit:,}-byte limit (settings.MAX_INPUT_BYTES); not read"))
                    continue
                try:
                    html = decode_html(payload, where, charset)
                    text, meta = extract_page(html, where, url=uri)
                except InputError as exc:
                    found.append(WarcRecord(total, uri, None, f"record {total}: {exc.reason}"))
                    continue
                meta = replace(meta, url=uri or meta.url)
                found.append(WarcRecord(total, uri, RawArticle(where, text, meta, "warc"), None))
    except ArchiveLoadFailed as exc:
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else "unknown format"
        if found:
            found.append(WarcRecord(total + 1, None, None, f"archive damaged after record {total}: {msg}"))
        else:
            raise InputError(shown, f"not a readable WARC archive ({msg})") from exc
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        if found:
            found.append(WarcRecord(total + 1, None, None, f"archive damaged after record {total}: {exc}"))
        else:
            raise InputError(shown, f"not a readable WARC archive ({exc})") from exc
    return found, total
