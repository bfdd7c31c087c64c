"""What changed in a story since its previous build.

Items are matched across builds by their provenance, not by id: an event or claim of the new
build is "the same" as an old one when they share a mention (a span of an article both builds
read).  Ids of merged items may change when a new report joins them; their mentions do not.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsfuse.model import Change, Claim, Span, StoryBuild
from newsfuse.synthesize.timeline import event_label


def _claim_line(c: Claim) -> str:
    return f"\u201c{c.text}\u201d ({c.status}, {c.independent_sources} independent source{'s' if c.independent_sources != 1 else ''})"


def _match(item_id: str, spans: Iterable[Span], index: dict[Span, list[str]], same_kind: set[str] = frozenset()) -> str | None:
    """The old item this one continues: the same id, else the one sharing the most mentions
    (one sentence can hold several claims, so items of the same kind are preferred)."""
    olds = {i for ids in index.values() for i in ids}
    if item_id in olds:
        return item_id
    shared: dict[str, int] = {}
    for s in spans:
        for old in index.get(s, ()):
            shared[old] = shared.get(old, 0) + 1
    if not shared:
        return None
    return min(shared, key=lambda o: (o not in same_kind, -shared[o], o))


def _index(pairs: Iterable[tuple[Span, str]]) -> dict[Span, list[str]]:
    out: dict[Span, list[str]] = {}
    for span, item in pairs:
        out.setdefault(span, []).append(item)
    return out


def what_changed(before: StoryBuild | None, after: StoryBuild) -> list[Change]:
    """New articles, new independent sources, new events, new claims, and claims whose status changed.

    ``before`` is None for a story built for the first time: then nothing has "changed" and the
    list is empty (everything is new, which the report shows anyway).
    """
    if before is None:
        return []
    changes: list[Change] = []
    old_articles = set(before.articles)
    changes += [Change("new_article", a, f"New report {a}") for a in after.articles if a not in old_articles]

    for s in after.sources:
        if not old_articles & set(s.articles):
            changes.append(Change("new_source", s.id, f"New independent source: {s.name} ({len(s.articles)} report(s))"))

    old_events = _index((m.trigger, e.id) for e in before.events for m in e.mentions)
    for e in after.events:
        if _match(e.id, (m.trigger for m in e.mentions), old_events) is None:
            when = f" on {e.date.isoformat()}" if e.date else ""
            changes.append(Change("new_event", e.id, f"New event: {event_label(e)}{when}"))

    old_claims = _index((s, c.id) for c in before.claims for s in c.mentions)
    by_id = {c.id: c for c in before.claims}
    for c in after.claims:
        kin = {o.id for o in before.claims if (o.subject, o.relation) == (c.subject, c.relation)}
        old = _match(c.id, c.mentions, old_claims, kin)
        if old is None:
            changes.append(Change("new_claim", c.id, f"New claim: {_claim_line(c)}", after=c.status))
        elif by_id[old].status != c.status:
            changes.append(
                Change(
                    "status_changed", c.id,
                    f"Claim {_claim_line(c)} was {by_id[old].status}, now {c.status}",
                    before=by_id[old].status, after=c.status,
                )
            )
    order = {"new_article": 0, "new_source": 1, "new_event": 2, "status_changed": 3, "new_claim": 4}
    return sorted(changes, key=lambda ch: (order.get(ch.kind, 9), ch.item))
