"""JSON Lines -> one article per line.

Keys: ``text`` (required), optional ``title``, ``outlet``, ``url``, ``published`` (or ``date``),
``byline`` (or ``author``), ``credits`` (list or one text), ``site``.  A bad line skips that line
only; blank lines are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsfuse.ingest.meta import RecordError, metadata_from_record, parse_json_object
from newsfuse.model import RawArticle, Skipped

__all__ = ["read_jsonl"]


@dataclass(frozen=True, slots=True)
class JsonlResult:
    raw: list[RawArticle]
    skipped: list[Skipped]
    warnings: list[Skipped]


def read_jsonl(text: str, shown: str) -> JsonlResult:
    """Every usable line of a decoded JSONL file as a :class:`RawArticle` with origin ``path:LINE``."""
    raw: list[RawArticle] = []
    skipped: list[Skipped] = []
    warnings: list[Skipped] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        try:
            record = parse_json_object(line, number)
            body = record.get("text")
            if body is None:
                raise RecordError(f'line {number}: no "text" field (each line needs the article text under "text")')
            if not isinstance(body, str):
                raise RecordError(f'line {number}: "text" must be a string, not {type(body).__name__}')
            if not body.strip():
                raise RecordError(f'line {number}: "text" is empty')
            meta, problem = metadata_from_record(record)
        except RecordError as exc:
            reason = str(exc) if str(exc).startswith("line ") else f"line {number}: {exc}"
            skipped.append(Skipped(where, reason))
            continue
        if problem:
            warnings.append(Skipped(where, f"line {number}: {problem}"))
        raw.append(RawArticle(where, body, meta, "jsonl"))
    return JsonlResult(raw, skipped, warnings)
