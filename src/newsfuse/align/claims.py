"""Claims aligned across sources: merged when they state the same thing, flagged when they cannot
both be true, and counted by *independent* sources (source groups, never articles).

Merging: two claims are one when they have the same relation, compatible subjects (equal, or one
is the other without its actor: "troops" / "United States troops"), compatible places and dates
(equal or unknown on one side) and compatible values: for numbers, the value intervals overlap
after unit normalisation (see :func:`value_interval`); otherwise equal values.  Vague counts
("hundreds") merge only with the same vague count: "thousands of troops" neither corroborates nor
contradicts "3,000 troops".

Contradictions (:class:`~newsfuse.model.Conflict`, both spans and a reason a person reads), always
between claims from *different* source groups:

* ``numeric`` -- same subject and relation, value intervals disjoint.  Counts need a known actor
  and the same known place (else "3,500 US troops sent to the region" would contradict "3,000 US
  troops sent to Kabul") -- or, for people, the same deed in the same place on the same day (or
  an unstated day): "some 2,000 residents were moved out" of Bewdley vs "about 1,200 residents had
  left their homes"; distances need the same pair of places ("the capital" matches any named
  reference; with none named, the article's dateline is the reference).  Conditional statements never conflict with facts.
* ``count`` -- ranks: the same rank given to two different places ("Herat ... the tenth
  provincial capital" / "Ghazni ... the 10th"), or two ranks to one place.
* ``status`` -- on the same day one says a place is "entirely taken", another that government
  forces still hold part of it.
* ``status`` too -- a structure (:data:`newsfuse.extract.claims.STRUCTURE_KINDS`) reported collapsed
  by one and still standing by another on the same day or later.
* ``date`` -- the same place taken on two different stated days.
* ``attributed`` -- found inside one article by :mod:`newsfuse.extract.claims` (one speaker reports
  a capture, another says it is not yet clear) and kept.

Status: ``contradicted`` when a claim has a conflict, else ``corroborated`` with at least two
independent sources, else ``unique``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from newsfuse.extract.claims import CONDITIONAL, is_running_count
from newsfuse.model import SHARE_KINDS, Claim, Conflict, Figure, Span

#: An exactly stated figure still carries rounding from unit conversion ("150 kilometers (95
#: miles)": 95 mi = 152.9 km): +-2 %.  Set from conversion rounding, not tuned (no gold for
#: numeric contradictions exists in ../shared/data).
EXACT_REL = 0.02
#: "about"/"some"/"roughly" N allows half a step of N's last significant digit ("about 80" =
#: 75-85, "some 150" = 145-155) but never less than +-5 % of N.  Rounding convention, not tuned.
APPROX_MIN_REL = 0.05
#: "nearly"/"almost" N lies below N by at most this share.
NEARLY_REL = 0.10
#: A vague count ("hundreds", coded 100) spans up to ten times its coded value.
VAGUE_SPAN = 10.0
#: Free-text subjects (not entity names) this similar (rapidfuzz token_sort_ratio) are the same
#: subject ("provincial capital" / "capital" are not; "humvee" / "humvees" are).  Not tuned.
SUBJECT_FUZZ = 90

LOWER_BOUNDS = frozenset({"more than", "over", "at least", "upwards of", "no fewer than", "just over", "as few as"})
UPPER_BOUNDS = frozenset({"less than", "fewer than", "under", "up to", "within", "at most", "no more than",
                          "not more than", "as many as", "just under"})
NEARLY = frozenset({"nearly", "almost", "close to"})

_STATE_CONFLICTS = frozenset({("entirely taken", "government still holds part")})


def value_interval(f: Figure) -> tuple[float, float]:
    """The values ``f`` allows, in its normalised unit, given the hedge stated with it."""
    scale = (f.normalized / f.value) if f.normalized is not None and f.value else 1.0
    v = f.value * scale
    if f.kind == "vague":
        return v, v * VAGUE_SPAN
    if f.high is not None:
        return v, f.high * scale
    approx = (f.approx or "").lower()
    if approx in LOWER_BOUNDS:
        return v, math.inf
    if approx in UPPER_BOUNDS:
        return 0.0, v
    if approx in NEARLY:
        return v * (1 - NEARLY_REL), v
    if approx:
        tol = max(_half_step(f.value) * scale, APPROX_MIN_REL * abs(v))
    else:
        tol = EXACT_REL * abs(v)
    return v - tol, v + tol


def _half_step(x: float) -> float:
    """Half a unit of ``x``'s last significant digit (80 -> 5, 150 -> 5, 3000 -> 500)."""
    if x != int(x) or x == 0:
        return 0.0
    n, step = int(abs(x)), 1
    while n % 10 == 0:
        n //= 10
        step *= 10
    return step / 2


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _base(relation: str) -> str:
    return relation[: -len(CONDITIONAL)] if relation.endswith(CONDITIONAL) else relation


def _relations_match(a: str, b: str) -> bool:
    if a == b:
        return True
    pre = "distance from "
    if a.startswith(pre) and b.startswith(pre) and a.endswith(CONDITIONAL) == b.endswith(CONDITIONAL):
        return "the capital" in (_base(a)[len(pre):], _base(b)[len(pre):])
    return False


def _subjects_match(a: str, b: str) -> bool:
    if a == b or a.endswith(" " + b) or b.endswith(" " + a):
        return True
    return " " not in a and " " not in b and fuzz.token_sort_ratio(a.lower(), b.lower()) >= SUBJECT_FUZZ


def _compatible(x: Claim, y: Claim) -> bool:
    if not _relations_match(x.relation, y.relation) or not _subjects_match(x.subject, y.subject):
        return False
    if x.place and y.place and x.place != y.place:
        return False
    if x.date and y.date and x.date != y.date:
        return False
    fx, fy = x.figure, y.figure
    if fx is not None and fy is not None:
        if (fx.kind == "vague") != (fy.kind == "vague"):
            return False
        if fx.kind == "vague":
            return x.value == y.value
        if fx.normalized_unit != fy.normalized_unit or (fx.kind == "ordinal") != (fy.kind == "ordinal"):
            return False
        if (fx.kind in SHARE_KINDS) != (fy.kind in SHARE_KINDS):
            return False  # "a third of the capitals" and "34 capitals" say different things
        if fx.kind == "ordinal":
            return fx.value == fy.value
        return _overlap(value_interval(fx), value_interval(fy))
    return x.value == y.value


def _cluster_id(members: Sequence[Claim]) -> str:
    if len(members) == 1:
        return members[0].id
    key = "|".join(sorted(m.id for m in members))
    return "c" + hashlib.sha256(key.encode()).hexdigest()[:12]


def _fmt(f: Figure) -> str:
    if f.normalized is not None and f.normalized_unit and f.kind == "measure":
        return f"{f.normalized:.1f} {f.normalized_unit}"
    return f"{f.value:g}"


def _conflict(a: Sequence[Claim], b: Sequence[Claim]) -> tuple[str, str] | None:
    """(kind, why) when the claims in cluster ``a`` cannot be true with those in ``b``."""
    x, y = a[0], b[0]
    rel_x, rel_y = _base(x.relation), _base(y.relation)
    cond = x.relation.endswith(CONDITIONAL) or y.relation.endswith(CONDITIONAL)
    fx, fy = x.figure, y.figure
    # ranks
    if fx is not None and fy is not None and fx.kind == fy.kind == "ordinal" and rel_x == rel_y:
        hedge = " (one of them stated conditionally)" if cond else ""
        if fx.value == fy.value and x.subject != y.subject:
            return "count", (f"both name the {_ord(fx.value)} {rel_x}: {x.subject} in one report, "
                             f"{y.subject} in another{hedge}")
        if fx.value != fy.value and x.subject == y.subject:
            return "count", f"{x.subject} is called the {_ord(fx.value)} {rel_x} in one report, the {_ord(fy.value)} in another{hedge}"
        return None
    if cond:
        return None
    # numbers
    if fx is not None and fy is not None and "vague" not in (fx.kind, fy.kind):
        if x.subject != y.subject or not _relations_match(x.relation, y.relation):
            return None
        if fx.normalized_unit != fy.normalized_unit or (fx.kind in SHARE_KINDS) != (fy.kind in SHARE_KINDS):
            return None
        if fx.kind in ("count", "money") and not (x.place and x.place == y.place):
            return None
        if fx.kind in ("count", "money") and " " not in x.subject and not is_running_count(x.subject, x.relation):
            return None
        if x.date and y.date and x.date != y.date:
            return None
        if fx.kind in SHARE_KINDS and " " not in x.subject:
            return None
        ix, iy = value_interval(fx), value_interval(fy)
        if _overlap(ix, iy):
            return None
        named = next((_base(m.relation) for m in (*a, *b) if "the capital" not in m.relation), rel_x)
        return "numeric", (
            f"{x.subject}, {named}: {fx.text!r} ({_fmt(fx)}, allowing {_range(ix)}) vs {fy.text!r} "
            f"({_fmt(fy)}, allowing {_range(iy)}): the ranges do not overlap")
    if x.subject != y.subject or rel_x != rel_y:
        return None
    if rel_x == "control" and x.date and x.date == y.date and (
        (x.value, y.value) in _STATE_CONFLICTS or (y.value, x.value) in _STATE_CONFLICTS
    ):
        return "status", (f"on {x.date.isoformat()} one report says {x.subject} is {x.value!r}, "
                          f"another that it is {y.value!r}")
    if rel_x == "state" and {x.value, y.value} == {"collapsed", "standing"}:
        down, up = (x, y) if x.value == "collapsed" else (y, x)
        # standing after a collapse cannot be; standing first and collapsed later is news
        if down.date is None or up.date is None or up.date >= down.date:
            return "status", (f"one report says the {x.subject} has collapsed"
                              f"{' (' + down.date.isoformat() + ')' if down.date else ''}, another that it is "
                              f"still standing{' (' + up.date.isoformat() + ')' if up.date else ''}")
    if rel_x == "taken" and x.value == y.value == "taken" and x.date and y.date and x.date != y.date:
        return "date", f"{x.subject} is reported taken on {x.date.isoformat()} in one report, on {y.date.isoformat()} in another"
    return None


def _range(iv: tuple[float, float]) -> str:
    lo, hi = iv
    if math.isinf(hi):
        return f"over {lo:g}"
    if lo == 0:
        return f"up to {hi:g}"
    return f"{lo:.1f}-{hi:.1f}"


def _ord(n: float) -> str:
    k = int(n)
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def align_claims(claims: Sequence[Claim], source_of: Mapping[str, str]) -> list[Claim]:
    """Merge ``claims`` (from many articles) that state the same thing, and find conflicts.

    ``source_of`` maps article id -> source-group id; an article it does not name is its own
    source.  Returns one claim per distinct statement, in order of first mention.
    """
    def group(span: Span) -> str:
        return source_of.get(span.article, span.article)

    ordered = sorted(claims, key=lambda c: (c.mentions[0].article, c.mentions[0].start, c.mentions[0].end, c.id))
    clusters: list[list[Claim]] = []
    for c in ordered:
        for k in clusters:
            if all(_compatible(c, m) for m in k) and not any(c.conflicts or m.conflicts for m in k):
                k.append(c)
                break
        else:
            clusters.append([c])

    ids = [_cluster_id(k) for k in clusters]
    member_to_cluster = {m.id: ids[i] for i, k in enumerate(clusters) for m in k}
    conflicts: list[list[Conflict]] = [[] for _ in clusters]
    # conflicts found inside one article (attributed), re-pointed at the merged claims
    for i, k in enumerate(clusters):
        for m in k:
            for cf in m.conflicts:
                conflicts[i].append(replace(cf, claim=member_to_cluster.get(cf.claim, cf.claim)))
    # conflicts across sources
    for i in range(len(clusters)):
        for j in range(i + 1, len(clusters)):
            found = _conflict(clusters[i], clusters[j])
            if found is None:
                continue
            pair = next(((p, q) for p in clusters[i] for q in clusters[j]
                         if group(p.mentions[0]) != group(q.mentions[0])), None)
            if pair is None:
                continue  # one source group never contradicts itself
            kind, why = found
            p, q = pair
            conflicts[i].append(Conflict(ids[j], kind, why, p.mentions[0], q.mentions[0]))
            conflicts[j].append(Conflict(ids[i], kind, why, q.mentions[0], p.mentions[0]))

    out: list[Claim] = []
    for i, k in enumerate(clusters):
        # the most specific statement speaks for the group: an actor named, a reference place named
        rep = max(k, key=lambda m: (len(m.subject), "the capital" not in m.relation, -ordered.index(m)))
        mentions = [rep.mentions[0]] + sorted({s for m in k for s in m.mentions} - {rep.mentions[0]})
        sources = tuple(sorted({group(s) for s in mentions}))
        cf = tuple(sorted(set(conflicts[i]), key=lambda c: (c.claim, c.kind, c.mine, c.theirs)))
        status = "contradicted" if cf else ("corroborated" if len(sources) >= 2 else "unique")
        out.append(replace(
            rep,
            id=ids[i],
            mentions=tuple(mentions),
            sources=sources,
            independent_sources=len(sources),
            conflicts=cf,
            status=status,
            date=rep.date or next((m.date for m in k if m.date), None),
            place=rep.place or next((m.place for m in k if m.place), None),
            event=rep.event or next((m.event for m in k if m.event), None),
        ))
    return sorted(out, key=lambda c: (c.mentions[0].article, c.mentions[0].start, c.id))
