"""Timeline and what-changed, on hand-built events and claims (model factories)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from newsfuse.model import Claim, Event, EventMention, Place, SourceGroup, Span, StoryBuild
from newsfuse.synthesize.changes import what_changed
from newsfuse.synthesize.timeline import build_timeline

HERAT = Place("Herat", 34.35, 62.2, "city", "Afghanistan", "AF", "Herat", 1139715)


def mention(article: str, start: int, modality: str = "asserted") -> EventMention:
    return EventMention(
        id=f"v{article}{start}", trigger=Span(article, start, start + 4), sentence=Span(article, 0, start + 20),
        type="Battles", subtype="Non-state actor overtakes territory", plover="ASSAULT", modality=modality,
    )


def event(eid: str, *mentions: EventMention, date: dt.date | None = dt.date(2021, 8, 12), modality: str = "asserted") -> Event:
    return Event(
        id=eid, type="Battles", subtype="Non-state actor overtakes territory", plover="ASSAULT", mentions=mentions,
        actor1="Taliban", place=HERAT, date=date, date_precision="day" if date else None, modality=modality,
    )


def claim(cid: str, status: str, n: int, *spans: Span, date: dt.date | None = None) -> Claim:
    return Claim(cid, "US to send 3,000 troops", "US troops", "deployed", "3000", spans, status=status,
                 independent_sources=n, date=date)


def test_timeline_orders_dated_asserted_events_and_leaves_out_the_rest():
    e1 = event("e1", mention("a1", 10), date=dt.date(2021, 8, 13))
    e2 = event("e2", mention("a1", 50), date=dt.date(2021, 8, 10))
    future = event("e3", mention("a2", 5, "future"), date=dt.date(2021, 8, 14), modality="future")
    undated = event("e4", mention("a2", 30), date=None)
    c = claim("c1", "unique", 1, Span("a3", 0, 9), date=dt.date(2021, 8, 11))
    tl = build_timeline([e1, e2, future, undated], [c])
    assert [(t.date.day, t.event or t.claim) for t in tl] == [(10, "e2"), (11, "c1"), (13, "e1")]
    assert tl[0].label == "Taliban: Non-state actor overtakes territory, Herat"
    assert build_timeline([], []) == []


def test_claims_of_one_sentence_are_one_timeline_row():
    day = dt.date(2021, 8, 13)
    same = Span("a1", 0, 90)
    ghor, zabul = claim("c1", "unique", 1, same, date=day), claim("c2", "unique", 1, same, date=day)
    other = claim("c3", "unique", 1, Span("a2", 0, 40), date=day)
    other = dataclasses.replace(other, text="Uruzgan fell on Friday.")
    wire = claim("c4", "unique", 1, Span("a9", 0, 90), date=day)  # the same words in another article
    tl = build_timeline([], [ghor, zabul, other, wire])
    assert [t.claim for t in tl] == ["c1", "c4", "c3"]


def test_first_build_has_no_changes():
    assert what_changed(None, StoryBuild("s", ("a1",))) == []


def test_second_build_lists_new_article_source_event_claim_and_status_change():
    m1, m2 = mention("a1", 10), mention("a2", 40)
    troops_a1, troops_a2 = Span("a1", 100, 140), Span("a2", 200, 240)
    before = StoryBuild(
        "s", ("a1",), sources=(SourceGroup("g1", "AFP", ("a1",), ("agency credit",)),),
        events=(event("e1", m1),), claims=(claim("c1", "unique", 1, troops_a1),),
    )
    after = StoryBuild(
        "s", ("a1", "a2"),
        sources=(SourceGroup("g1", "AFP", ("a1",), ("agency credit",)), SourceGroup("g2", "Reuters", ("a2",), ("agency credit",))),
        # the Herat event gained a mention (its id changed): the same event, not a new one
        events=(event("e1b", m1, m2), event("e9", mention("a2", 90), date=dt.date(2021, 8, 13))),
        claims=(claim("c1b", "corroborated", 2, troops_a1, troops_a2), claim("c2", "unique", 1, Span("a2", 300, 320))),
    )
    changes = what_changed(before, after)
    assert [(c.kind, c.item) for c in changes] == [
        ("new_article", "a2"), ("new_source", "g2"), ("new_event", "e9"), ("status_changed", "c1b"), ("new_claim", "c2"),
    ]
    status = changes[3]
    assert (status.before, status.after) == ("unique", "corroborated")
    assert "was unique, now corroborated" in status.text and "2 independent sources" in status.text


def test_an_unchanged_story_reports_nothing():
    b = StoryBuild("s", ("a1",), events=(event("e1", mention("a1", 10)),), claims=(claim("c1", "unique", 1, Span("a1", 0, 5)),))
    assert what_changed(b, b) == []
