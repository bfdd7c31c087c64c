"""Events as an ACLED-like CSV table, one row per event, for spreadsheets, pandas and a GIS.

Columns follow ACLED's names where they mean the same (``event_date``, ``event_type``,
``sub_event_type``, ``actor1``, ``actor2``, ``admin1``, ``country``, ``latitude``,
``longitude``, ``notes``); ``plover`` is the PLOVER event code, ``sources`` the independent
sources' names and ``source_count`` how many there are (source groups, never articles), and
``notes`` the first sentence reporting the event, in the article's own words.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from newsfuse.model import Report
from newsfuse.render.report_json import to_dict
from newsfuse.render.segments import events_by_date

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "event_date", "date_precision", "event_type", "sub_event_type", "plover", "actor1", "actor2",
    "location", "admin1", "country", "latitude", "longitude", "sources", "source_count", "source_articles",
    "modality", "notes",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())  # one line per row, whatever the article's line breaks


def events_csv_doc(doc: Mapping[str, Any]) -> str:
    """The CSV text (header + one row per event, ordered by date then id) for a report document."""
    names = {g["id"]: g["name"] for g in doc.get("sources") or []}
    texts = {a["id"]: a["text"] for a in doc["articles"]}
    entities = {e["id"]: e for e in doc.get("entities") or []}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(EVENT_COLUMNS)
    for v in events_by_date(doc):
        loc = v.get("location") or (entities.get(v.get("place") or "") or {}).get("place") or {}
        name = loc.get("name") or (entities.get(v.get("place") or "") or {}).get("name")
        mentions = v.get("mentions") or []
        first = mentions[0] if mentions else None
        note = texts[first["article"]][first["start"]:first["end"]] if first and first["article"] in texts else ""
        srcs = list(v.get("sources") or [])
        w.writerow([_cell(x) for x in (
            v.get("id"), v.get("date"), v.get("date_precision"), v.get("type"), v.get("subtype"), v.get("plover"),
            v.get("actor1"), v.get("actor2"), name, loc.get("admin1"), loc.get("country"),
            f"{float(loc['lat']):.5f}" if loc.get("lat") is not None else None,
            f"{float(loc['lon']):.5f}" if loc.get("lon") is not None else None,
            "; ".join(names.get(s, s) for s in srcs), len(srcs),
            "; ".join(sorted({p["article"] for p in mentions})), v.get("modality"), note,
        )])
    return out.getvalue()


def events_csv(report: Report) -> str:
    """``events.csv`` text for ``report``: ACLED-like columns (:data:`EVENT_COLUMNS`)."""
    return events_csv_doc(to_dict(report))
