"""Paths, folders and globs -> the files to read, in a deterministic order.

Folders are walked recursively (hidden files and folders, like ``.git``, are passed over);
globs are expanded with :mod:`glob` (``**`` recurses).  Files that are not an article format are
*ignored* (listed, not read) when met in a folder or a glob, and *skipped* with a reason when
named one by one.  ``manifest.jsonl`` files and ``X.json`` sidecars are metadata, never ignored.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Sequence
from pathlib import Path

from newsfuse.ingest.feeds import looks_like_feed
from newsfuse.model import Skipped

__all__ = ["ARTICLE_FORMATS", "MANIFEST", "discover", "kind_of", "sidecar_of"]

MANIFEST = "manifest.jsonl"

#: File name endings -> reader.  ``.xml`` is read as a feed only when its root element is one.
ARTICLE_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}
#: Formats a sidecar ``X.json`` can describe (one article per file).
SIDECAR_FOR = (".txt", ".text", ".html", ".htm")

FORMATS_HINT = "newsfuse reads .txt, .html/.htm, .jsonl/.ndjson, RSS/Atom feeds (.rss, .atom, .xml) and .warc/.warc.gz"
_GLOB_CHARS = re.compile(r"[*?\[]")


def kind_of(path: Path) -> str | None:
    """``"manifest"``, ``"text"``, ``"html"``, ``"jsonl"``, ``"feed"``, ``"warc"`` or ``None`` by the file's name."""
    name = path.name.lower()
    if name == MANIFEST:
        return "manifest"
    if name.endswith(".warc.gz"):
        return "warc"
    return ARTICLE_FORMATS.get(Path(name).suffix)


def sidecar_of(path: Path) -> Path | None:
    """The sidecar ``X.json`` that describes ``X.txt`` / ``X.html``, if ``path`` can have one."""
    if path.suffix.lower() in SIDECAR_FOR:
        return path.with_suffix(".json")
    return None


def _is_sidecar(path: Path) -> bool:
    if path.suffix.lower() != ".json":
        return False
    return any(path.with_suffix(ext).is_file() or path.with_suffix(ext.upper()).is_file() for ext in SIDECAR_FOR)


def _is_feed_xml(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return looks_like_feed(fh.read(4096))
    except OSError:
        return True  # let the reader report why it cannot be read


def _classify(path: Path, files: list[Path], skipped: list[Skipped], ignored: list[str], explicit: bool) -> None:
    kind = kind_of(path)
    shown = path.as_posix()
    if kind == "feed" and path.suffix.lower() == ".xml" and not _is_feed_xml(path):
        kind = None
        reason = "XML file that is not an RSS or Atom feed (its root element is not <rss>, <feed> or <rdf:RDF>)"
    else:
        reason = f"not an article format ({path.suffix or 'no extension'}): {FORMATS_HINT}"
    if kind is not None:
        files.append(path)
    elif _is_sidecar(path):
        return
    elif explicit:
        skipped.append(Skipped(shown, reason))
    else:
        ignored.append(shown)


def _walk(top: Path, files: list[Path], skipped: list[Skipped], ignored: list[str]) -> None:
    def onerror(exc: OSError) -> None:
        where = Path(exc.filename).as_posix() if exc.filename else top.as_posix()
        skipped.append(Skipped(where, f"cannot read folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                _classify(Path(dirpath) / name, files, skipped, ignored, explicit=False)


def discover(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], list[Skipped], list[str]]:
    """The files to read (as given, not resolved), what could not be found, and what was ignored.

    Every path is a file, a folder or a glob; a file reached twice is listed once.
    """
    files: list[Path] = []
    skipped: list[Skipped] = []
    ignored: list[str] = []
    for given in paths:
        raw = os.fspath(given)
        path = Path(raw)
        if path.is_dir():
            _walk(path, files, skipped, ignored)
        elif path.exists():
            _classify(path, files, skipped, ignored, explicit=True)
        elif _GLOB_CHARS.search(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                skipped.append(Skipped(path.as_posix(), "pattern matched no file"))
            for match in matches:
                m = Path(match)
                if m.is_dir():
                    _walk(m, files, skipped, ignored)
                else:
                    _classify(m, files, skipped, ignored, explicit=False)
        else:
            skipped.append(Skipped(path.as_posix(), "no such file or folder"))
    seen: set[str] = set()
    unique: list[Path] = []
    for f in files:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, skipped, sorted(set(ignored))
