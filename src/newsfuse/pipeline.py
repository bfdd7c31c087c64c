"""Stages and the order they run in.

A stage is a pure function over the analysis state that declares what it *requires* and
what it *assigns* (after spaCy's ``@Language.component(requires=..., assigns=...)``), so a
pipeline can be checked before anything runs: a stage whose input no earlier stage
provides is a configuration error, not a crash halfway through a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from newsfuse.errors import ConfigError

State = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the pipeline: ``fn(state) -> {name: value}`` for every name in ``assigns``."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]
    fn: Callable[[State], Mapping[str, Any]]


def stage(name: str, requires: Sequence[str], assigns: Sequence[str]) -> Callable[[Callable[[State], Mapping[str, Any]]], Stage]:
    """Decorator turning a function into a :class:`Stage`."""

    def wrap(fn: Callable[[State], Mapping[str, Any]]) -> Stage:
        return Stage(name, frozenset(requires), frozenset(assigns), fn)

    return wrap


def check(stages: Sequence[Stage], provided: Sequence[str]) -> None:
    """Raise :class:`ConfigError` if some stage needs a value no earlier stage (or the input) provides."""
    have = set(provided)
    for s in stages:
        missing = s.requires - have
        if missing:
            raise ConfigError(
                f"stage {s.name!r} needs {', '.join(sorted(missing))}, which no earlier stage provides; "
                f"put a stage that assigns it before {s.name!r}"
            )
        have |= s.assigns


def run_stages(
    stages: Sequence[Stage],
    state: Mapping[str, Any],
    on_stage: Callable[[str], None] | None = None,
) -> Mapping[str, Any]:
    """Run ``stages`` in order over ``state`` and return the final (read-only) state."""
    check(stages, list(state))
    current = dict(state)
    for s in stages:
        if on_stage:
            on_stage(s.name)
        out = s.fn(MappingProxyType(current))
        extra = set(out) - s.assigns
        if extra or set(out) != s.assigns:
            raise ConfigError(f"stage {s.name!r} declared {sorted(s.assigns)} but returned {sorted(out)}")
        current.update(out)
    return MappingProxyType(current)
