"""JSON for the model's dataclasses, for the store's JSON columns.

Writing is :func:`dataclasses.asdict` with dates as ISO strings; reading is ``dacite``, which
checks every field against the dataclass's type hints, so a row that does not fit the model
is an error, never a half-built object.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any, TypeVar

import dacite

T = TypeVar("T")

_CONFIG = dacite.Config(type_hooks={dt.date: dt.date.fromisoformat}, cast=[tuple], strict=True)


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store a {type(value).__name__} as JSON")


def dump(obj: Any) -> str:
    """Compact, key-sorted JSON of a model dataclass (or a list of them): same object, same bytes."""
    plain = [dataclasses.asdict(o) for o in obj] if isinstance(obj, (list, tuple)) else dataclasses.asdict(obj)
    return json.dumps(plain, default=_default, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def load(cls: type[T], text: str) -> T:
    """The ``cls`` instance :func:`dump` wrote; raises ``ValueError`` when ``text`` does not fit ``cls``."""
    try:
        return dacite.from_dict(cls, json.loads(text), config=_CONFIG)
    except (json.JSONDecodeError, dacite.DaciteError, TypeError) as exc:
        raise ValueError(f"stored {cls.__name__} does not fit the model: {exc}") from exc
