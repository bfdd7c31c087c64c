"""The story as a timeline: dated events and dated claims, oldest first."""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.model import Claim, Event, TimelineEntry


def event_label(event: Event) -> str:
    """A short line a person reads: who did what, where ("Taliban: non-state actor overtakes territory, Herat")."""
    what = event.subtype or event.type
    who = f"{event.actor1}: " if event.actor1 else ""
    where = f", {event.place.name}" if event.place is not None else ""
    whom = f" ({event.actor2})" if event.actor2 and event.actor2 != event.actor1 else ""
    return f"{who}{what}{whom}{where}"


def build_timeline(events: Sequence[Event], claims: Sequence[Claim] = ()) -> list[TimelineEntry]:
    """Dated, asserted events and dated claims not already shown by their event, sorted by date.

    Events that are not reported as facts (future, hypothetical, negated, uncertain) stay off
    the timeline: a timeline says what happened.  Undated items are left out (they are in the
    event and claim tables); ties keep a stable order (date, then label, then id).
    """
    entries = [
        TimelineEntry(e.date, e.date_precision or "day", event_label(e), event=e.id)
        for e in events
        if e.date is not None and e.modality == "asserted"
    ]
    shown = {e.id for e in events}
    entries += [
        TimelineEntry(c.date, "day", c.text, claim=c.id)
        for c in claims
        if c.date is not None and (c.event is None or c.event not in shown)
    ]
    return sorted(entries, key=lambda t: (t.date, t.label, t.event or t.claim or ""))
