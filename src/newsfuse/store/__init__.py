"""The embedded store: articles seen so far, past runs, and the latest grouping and links.

Open one with :func:`open_store`; the backend is picked by name and imported only when asked for::

    with open_store("newsfuse.db") as store:
        result = store.add_articles(articles)

The default backend is a single SQLite file (stdlib :mod:`sqlite3`, WAL mode) that any SQLite tool
can open.
"""

from __future__ import annotations

import importlib
import os

from newsfuse.errors import UnknownBackendError
from newsfuse.store.base import AddResult, ArticleRow, MissingArticleError, RunInfo, Store, StoreSummary

__all__ = [
    "BACKENDS",
    "AddResult",
    "ArticleRow",
    "MissingArticleError",
    "RunInfo",
    "Store",
    "StoreSummary",
    "open_store",
]

#: Backend name -> "module:class", imported lazily so an optional backend's missing dependency only
#: matters to whoever asks for it.
BACKENDS: dict[str, str] = {"sqlite": "newsfuse.store.sqlite:SqliteStore"}


def open_store(
    path: str | os.PathLike[str],
    backend: str = "sqlite",
    *,
    create: bool = True,
    busy_timeout: float | None = None,
) -> Store:
    """Open (and, with ``create``, create or upgrade) the store at ``path`` with ``backend``.

    ``busy_timeout`` is how long a write waits for another process's write to finish (seconds;
    default :data:`newsfuse.settings.STORE_BUSY_TIMEOUT_S`).

    Raises :class:`~newsfuse.errors.UnknownBackendError` for a backend name newsfuse does not know,
    and :class:`~newsfuse.errors.StoreError` (or a subclass) when the store cannot be used.
    """
    target = BACKENDS.get(backend)
    if target is None:
        known = ", ".join(sorted(BACKENDS))
        raise UnknownBackendError(f"unknown store backend {backend!r}; known backends: {known}")
    module_name, class_name = target.split(":")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except ImportError as exc:  # an optional backend whose dependency is not installed
        raise UnknownBackendError(
            f"store backend {backend!r} cannot be loaded ({exc}); install its extra, e.g. pip install 'newsfuse[{backend}]'"
        ) from exc
    options = {} if busy_timeout is None else {"busy_timeout": busy_timeout}
    store: Store = cls(path, create=create, **options)
    return store
