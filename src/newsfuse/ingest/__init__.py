"""The ingest stage: files, folders and globs -> :class:`~newsfuse.model.RawArticle`.

Formats (by file name): plain text (``.txt``, ``.text``), HTML pages (``.html``, ``.htm``, via
trafilatura), JSON Lines (``.jsonl``, ``.ndjson``, one article per line), RSS/Atom feeds
(``.rss``, ``.atom``, ``.xml`` whose root is a feed; one article per entry, via feedparser) and
WARC archives (``.warc``, ``.warc.gz``; one article per HTML response, via warcio).

Metadata: a folder's ``manifest.jsonl`` (one line per file: ``"file"`` plus outlet, url,
published, credits, title, byline) and a sidecar ``X.json`` beside ``X.txt``/``X.html`` win over
what the file itself says; a sidecar wins over the manifest.  For files that hold many articles
(JSONL, feeds, WARC) a manifest line can only set the folder-level fields: outlet, site, credits.

Nothing bad in the input escapes :func:`read_paths`: every unreadable file, line, entry or record
becomes a :class:`~newsfuse.model.Skipped` with a reason a person can act on.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.ingest.decode import check_not_binary, decode_html, decode_text, read_bytes
from newsfuse.ingest.discover import MANIFEST, discover, kind_of, sidecar_of
from newsfuse.ingest.feeds import read_feed
from newsfuse.ingest.html import extract_page
from newsfuse.ingest.jsonl import read_jsonl
from newsfuse.ingest.meta import Manifest, RecordError, load_manifest, metadata_from_record
from newsfuse.ingest.warc import read_warc
from newsfuse.model import Metadata, RawArticle, Skipped

__all__ = ["IngestResult", "discover", "read_paths"]


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What :func:`read_paths` found.

    ``warnings`` lists problems that did not stop an article loading (a date that does not parse
    is left empty and reported here), in the same ``(path, reason)`` shape as ``skipped``.
    """

    raw: tuple[RawArticle, ...]
    skipped: tuple[Skipped, ...]
    ignored: tuple[str, ...]
    warnings: tuple[Skipped, ...] = field(default=())


def _natural(s: str) -> list[object]:
    """Sort key that orders ``f.jsonl:2`` before ``f.jsonl:10``."""
    return [int(t) if i % 2 else t for i, t in enumerate(re.split(r"(\d+)", s))]


class _Reader:
    """One run of :func:`read_paths`: caches each folder's manifest and collects the results."""

    def __init__(self) -> None:
        self.raw: list[RawArticle] = []
        self.skipped: list[Skipped] = []
        self.warnings: list[Skipped] = []
        self.manifests: dict[Path, Manifest | None] = {}
        self.origins: set[str] = set()

    # ---- metadata from beside the file ---------------------------------------------------------

    def manifest(self, folder: Path) -> Manifest | None:
        key = folder.resolve()
        if key not in self.manifests:
            self.manifests[key] = None
            path = folder / MANIFEST
            if path.is_file():
                shown = path.as_posix()
                try:
                    text = decode_text(read_bytes(path, shown), shown)
                except InputError as exc:
                    self.skipped.append(Skipped(exc.path, f"manifest not used: {exc.reason}"))
                else:
                    m = load_manifest(path, shown, text)
                    self.skipped += m.skipped
                    self.warnings += m.warnings
                    self.manifests[key] = m
        return self.manifests[key]

    def sidecar(self, path: Path) -> Metadata | None:
        side = sidecar_of(path)
        if side is None or not side.is_file():
            return None
        shown = side.as_posix()
        try:
            text = decode_text(read_bytes(side, shown), shown)
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(shown, f"sidecar not used: not valid JSON ({exc.msg} at line {exc.lineno} col {exc.colno})") from exc
            if not isinstance(record, dict):
                raise InputError(shown, f"sidecar not used: expected a JSON object {{...}}, found {type(record).__name__}")
            meta, problem = metadata_from_record(record)
        except RecordError as exc:
            self.skipped.append(Skipped(shown, f"sidecar not used: {exc}"))
            return None
        except InputError as exc:
            self.skipped.append(Skipped(exc.path, exc.reason))
            return None
        if problem:
            self.warnings.append(Skipped(shown, problem))
        return meta

    def given_meta(self, path: Path) -> tuple[Metadata | None, str]:
        """Metadata from the sidecar and/or the folder manifest, and which one is the main source."""
        manifest = self.manifest(path.parent)
        from_manifest = manifest.entries.get(path.resolve()) if manifest else None
        from_sidecar = self.sidecar(path)
        if from_sidecar is not None:
            return (from_sidecar.merged_over(from_manifest) if from_manifest else from_sidecar), "sidecar"
        if from_manifest is not None:
            return from_manifest, "manifest"
        return None, ""

    # ---- one file --------------------------------------------------------------------------

    def add(self, raw: RawArticle) -> None:
        self.origins.add(raw.origin)
        self.raw.append(raw)

    def read(self, path: Path) -> None:
        shown = path.as_posix()
        kind = kind_of(path)
        if kind == "manifest":
            self.manifest(path.parent)
            return
        if kind in ("text", "html"):
            given, source = self.given_meta(path)
            data = read_bytes(path, shown)
            if kind == "text":
                text, found, found_from = decode_text(data, shown), Metadata(), ""
            else:
                text, found = extract_page(decode_html(data, shown), shown)
                found_from = "html"
            meta = given.merged_over(found) if given else found
            self.add(RawArticle(shown, text, meta, source or found_from))
            return
        manifest = self.manifest(path.parent)
        entry = manifest.entries.get(path.resolve()) if manifest else None
        folder = Metadata(outlet=entry.outlet, credits=entry.credits, site=entry.site) if entry else None
        found_raw: list[RawArticle] = []
        if kind == "jsonl":
            result = read_jsonl(decode_text(read_bytes(path, shown), shown), shown)
            found_raw = result.raw
            self.skipped += result.skipped
            self.warnings += result.warnings
        elif kind == "feed":
            data = read_bytes(path, shown)
            check_not_binary(data, shown)
            feed = read_feed(data, shown)
            found_raw = feed.raw
            self.skipped += feed.skipped
        elif kind == "warc":
            self.read_warc(path, shown, found_raw)
        for raw in found_raw:
            meta = folder.merged_over(raw.meta) if folder else raw.meta
            self.add(RawArticle(raw.origin, raw.text, meta, raw.meta_from))

    def read_warc(self, path: Path, shown: str, out: list[RawArticle]) -> None:
        try:
            if path.stat().st_size == 0:
                raise InputError(shown, "empty file")
        except OSError as exc:
            raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
        records, total = read_warc(path, shown)
        for rec in records:
            origin = rec.uri if rec.uri and rec.uri not in self.origins else f"{shown}#{rec.number}"
            if rec.raw is None:
                self.skipped.append(Skipped(origin, rec.problem or "unreadable record"))
                continue
            self.origins.add(origin)
            out.append(RawArticle(origin, rec.raw.text, rec.raw.meta, rec.raw.meta_from))
        if not records:
            raise InputError(shown, f"no HTML page in the WARC archive ({total} records, none an HTML 'response' record)")


def read_paths(
    paths: Sequence[str | os.PathLike[str]],
    on_file: Callable[[str], None] | None = None,
) -> IngestResult:
    """Read every article under ``paths`` (files, folders, globs).

    ``on_file(path)`` is called once per file as it is read.  Bad input never raises: it is
    returned in ``skipped`` (with the reason), files that are not an article format met in a
    folder are listed in ``ignored``.  Outputs are sorted by origin / path.
    """
    files, skipped, ignored = discover(paths)
    reader = _Reader()
    reader.skipped += skipped
    for path in files:
        try:
            reader.read(path)
        except InputError as exc:
            reader.skipped.append(Skipped(exc.path, exc.reason))
        finally:
            if on_file is not None:
                on_file(path.as_posix())
    return IngestResult(
        raw=tuple(sorted(reader.raw, key=lambda r: _natural(r.origin))),
        skipped=tuple(sorted(set(reader.skipped), key=lambda s: (_natural(s.path), s.reason))),
        ignored=tuple(ignored),
        warnings=tuple(sorted(set(reader.warnings), key=lambda s: (_natural(s.path), s.reason))),
    )
