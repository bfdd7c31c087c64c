"""Metadata records (manifest lines, sidecars, JSONL lines) and dates -> :class:`Metadata`.

Nothing is guessed: a date that does not parse stays ``None`` (and the caller is told why);
no date ever comes from the clock or a file's modification time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newsfuse.model import Metadata, Skipped

__all__ = ["Manifest", "RecordError", "load_manifest", "metadata_from_record", "parse_date", "utc_day"]

_CREDIT_SPLIT = re.compile(r"\s*[,;/|]\s*")


class RecordError(ValueError):
    """A metadata record that cannot be used at all; the message says why."""


def utc_day(value: dt.datetime | dt.date) -> dt.date:
    """The UTC calendar day of a date or datetime (a naive datetime is taken as UTC)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.date()
    return value


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """``(UTC day, None)`` for an ISO 8601 date/datetime or an RFC 2822 date; ``(None, problem)`` otherwise."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, f"date {value!r} is not text; write it as YYYY-MM-DD or an ISO 8601 datetime"
    s = value.strip()
    try:
        return utc_day(dt.datetime.fromisoformat(s)), None
    except ValueError:
        pass
    try:
        return utc_day(email.utils.parsedate_to_datetime(s)), None
    except (TypeError, ValueError, IndexError):
        pass
    return None, f"date {value!r} is not an ISO 8601 or RFC 2822 date (expected e.g. 2021-08-12); left empty"


def _text(record: Mapping[str, object], *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, list) and key in ("byline", "author", "authors") and all(isinstance(v, str) for v in value):
            value = ", ".join(v.strip() for v in value if v.strip())
        if not isinstance(value, str):
            raise RecordError(f'"{key}" must be text, not {type(value).__name__} ({json.dumps(value)[:40]})')
        if value.strip():
            return value.strip()
    return None


def _credits(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items = _CREDIT_SPLIT.split(value)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        items = value
    else:
        raise RecordError(f'"credits" must be a list of names or one text, not {json.dumps(value)[:40]}')
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return tuple(out)


def metadata_from_record(record: Mapping[str, object]) -> tuple[Metadata, str | None]:
    """The metadata a record gives and a date problem to report (if any).

    Keys: outlet, url, title, site, published (or date), byline (or author/authors), credits.
    Raises :class:`RecordError` when a field has the wrong type.
    """
    published, problem = parse_date(record.get("published") if record.get("published") is not None else record.get("date"))
    meta = Metadata(
        outlet=_text(record, "outlet"),
        url=_text(record, "url"),
        published=published,
        title=_text(record, "title"),
        byline=_text(record, "byline", "author", "authors"),
        credits=_credits(record.get("credits")),
        site=_text(record, "site"),
    )
    return meta, problem


def parse_json_object(line: str, number: int) -> dict[str, object]:
    """One JSON object from ``line`` or :class:`RecordError` ("line N: ...")."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"line {number}: not valid JSON ({exc.msg} at col {exc.colno})") from exc
    if not isinstance(value, dict):
        raise RecordError(f"line {number}: expected a JSON object {{...}}, found {type(value).__name__}")
    return value


@dataclass(slots=True)
class Manifest:
    """A folder's ``manifest.jsonl``: metadata per file, plus what went wrong reading it."""

    path: Path
    shown: str
    entries: dict[Path, Metadata]
    skipped: list[Skipped]
    warnings: list[Skipped]


def load_manifest(path: Path, shown: str, text: str) -> Manifest:
    """Parse a manifest's decoded text; bad lines become :class:`Skipped`, the rest still apply."""
    folder = path.parent
    entries: dict[Path, Metadata] = {}
    seen: dict[Path, int] = {}
    skipped: list[Skipped] = []
    warnings: list[Skipped] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{shown}:{number}"
        try:
            record = parse_json_object(line, number)
            name = record.get("file")
            if not isinstance(name, str) or not name.strip():
                raise RecordError(f'line {number}: no "file" field naming the article file (relative to {folder.as_posix()})')
            meta, problem = metadata_from_record(record)
        except RecordError as exc:
            reason = str(exc) if str(exc).startswith("line ") else f"line {number}: {exc}"
            skipped.append(Skipped(where, reason))
            continue
        target = (folder / name.strip()).resolve()
        if not target.is_file():
            skipped.append(Skipped(where, f'line {number}: names "{name}", which is not a file in {folder.as_posix()}'))
            continue
        if target in seen:
            skipped.append(Skipped(where, f'line {number}: "{name}" is already described on line {seen[target]}; this line is not used'))
            continue
        if problem:
            warnings.append(Skipped(where, f"line {number}: {problem}"))
        seen[target] = number
        entries[target] = meta
    return Manifest(path, shown, entries, skipped, warnings)
