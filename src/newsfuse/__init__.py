"""newsfuse: many news reports of one unfolding story, fused into one verified picture."""

from __future__ import annotations

__version__ = "0.1.0"

from newsfuse.model import Article, Report, Span  # noqa: E402
from newsfuse.settings import Settings  # noqa: E402

__all__ = ["Article", "Report", "Settings", "Span", "__version__", "run"]


def run(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Run the whole pipeline; see :func:`newsfuse.api.run`."""
    from newsfuse.api import run as _run

    return _run(*args, **kwargs)
