"""Report renderers: one :class:`~newsfuse.model.Report` -> ``report.json``, ``report.md``
and ``report.html``.

The JSON document (:func:`to_dict`, the shape in REPORT_CONTRACT.md, described by the
shipped ``report.schema.json``) is built once; the Markdown and HTML renderers read that
document, so all three files always say the same thing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newsfuse.errors import NewsfuseError
from newsfuse.model import Report
from newsfuse.render.csv import events_csv
from newsfuse.render.html import render_html_doc
from newsfuse.render.markdown import render_markdown_doc
from newsfuse.render.report_json import SCHEMA_ID, check_provenance, dumps, render_json, to_dict, validate

__all__ = [
    "SCHEMA_ID",
    "check_provenance",
    "events_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "to_dict",
    "validate",
    "write_report",
]

REPORT_FILES = ("report.json", "report.md", "report.html")


def render_markdown(report: Report) -> str:
    """``report.md`` text: counts, tables of articles/sources/stories/skipped, marked texts."""
    return render_markdown_doc(to_dict(report))


def render_html(report: Report) -> str:
    """``report.html`` text: one self-contained, offline page."""
    return render_html_doc(to_dict(report))


def check_document(doc: Mapping[str, Any]) -> None:
    """Schema and provenance checks together; raise :class:`NewsfuseError` on the first failing one."""
    validate(doc)
    problems = check_provenance(doc)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise NewsfuseError(
            "report has offsets or ids that do not resolve: " + "; ".join(problems[:5]) + more
            + " - a stage produced a span outside its article's text"
        )


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` newlines) to ``path`` via a temporary file and ``os.replace``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_report(report: Report, out_dir: Path) -> tuple[Path, Path, Path]:
    """Check the report, then write report.json, report.md and report.html into ``out_dir``.

    Creates ``out_dir``.  Every file is written atomically (a reader never sees half a
    file).  Raises :class:`NewsfuseError` when the report breaks its schema or an offset does
    not resolve, or when ``out_dir`` cannot be written, before any file is replaced.
    """
    out_dir = Path(out_dir)
    doc = to_dict(report)
    check_document(doc)
    texts = (dumps(doc), render_markdown_doc(doc), render_html_doc(doc))
    paths = tuple(out_dir / name for name in REPORT_FILES)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path, text in zip(paths, texts):
            _write_atomic(path, text)
    except OSError as exc:
        raise NewsfuseError(f"cannot write the report to {out_dir}: {exc.strerror or exc}; choose another --out folder") from exc
    return paths  # type: ignore[return-value]
