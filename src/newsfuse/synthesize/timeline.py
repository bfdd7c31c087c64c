"""The story as a timeline: dated events and dated claims, oldest first."""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.model import Claim, Event, TimelineEntry


#: Event date precisions precise enough to be a point on the timeline.
TIMELINE_PRECISIONS = frozenset({"day"})


def event_label(event: Event) -> str:
    """A short line a person reads: who did what, where ("Taliban: non-state actor overtakes territory, Herat")."""
    what = event.subtype or event.type
    who = f"{event.actor1}: " if event.actor1 else ""
    where = f", {event.place.name}" if event.place is not None else ""
    whom = f" ({event.actor2})" if event.actor2 and event.actor2 != event.actor1 else ""
    return f"{who}{what}{whom}{where}"


def build_timeline(events: Sequence[Event], claims: Sequence[Claim] = ()) -> list[TimelineEntry]:
    """Day-dated, asserted events and dated claims not already shown by their event, by date.

    Events that are not reported as facts (future, hypothetical, negated, uncertain) stay off
    the timeline: a timeline says what happened.  Undated events and events dated only to a
    month or a range ("since May" in the sentence) are left out: such a date often belongs to
    the sentence's background, not to the event, and a timeline point would claim more than the
    text says (they stay in the event table with their precision).  Several claims of one sentence
    ("the capitals of Ghowr, Zabul, Logar and Uruzgan provinces fell": four places taken) are one row,
    the first claim's.  Ties keep a stable order.
    """
    entries = [
        TimelineEntry(e.date, e.date_precision or "day", event_label(e), event=e.id)
        for e in events
        if e.date is not None and e.modality == "asserted" and e.date_precision in TIMELINE_PRECISIONS
    ]
    shown = {e.id for e in events}
    rows: set[tuple[object, object]] = set()
    for c in claims:
        row = (c.date, c.mentions[0] if c.mentions else c.text)
        if c.date is None or (c.event is not None and c.event in shown) or row in rows:
            continue
        rows.add(row)
        entries.append(TimelineEntry(c.date, "day", c.text, claim=c.id))
    return sorted(entries, key=lambda t: (t.date, t.label, t.event or t.claim or ""))
