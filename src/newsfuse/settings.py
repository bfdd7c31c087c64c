"""One settings object and its defaults.  CLI flags turn into settings in exactly one place
(:func:`newsfuse.cli._settings`); stages read the thresholds below and nothing else.

Thresholds are named constants, each with a comment saying what it was tuned on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Where the embedded store lives unless ``--store`` or ``NEWSFUSE_STORE`` says otherwise.
DEFAULT_STORE = Path("newsfuse.db")

#: Store backend used unless asked otherwise (see :func:`newsfuse.store.open_store`).
DEFAULT_BACKEND = "sqlite"

#: Seconds a writer waits for another process's write lock before giving up with a clear error.
STORE_BUSY_TIMEOUT_S = 5.0

#: Files larger than this are skipped with a reason instead of being read (a news article is
#: a few kB; 20 MB is far past any article and protects the run from a stray dump).
MAX_INPUT_BYTES = 20 * 1024 * 1024

#: A paragraph shorter than this many words that has no sentence-final punctuation and starts
#: with a capital is a sub-heading candidate (the seeds' 002 sub-headings are 6-9 words).
SUBHEADING_MAX_WORDS = 12


#: Length of a story's summary unless ``--summary-words`` says otherwise: a few short news
#: paragraphs, followed by at most five "Sources disagree" lines (the ECB+ coverage
#: benchmark scores summaries at 100 words, without disagreements).
SUMMARY_WORDS = 160


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told.  Immutable: derive a new one with ``dataclasses.replace``."""

    store: Path = DEFAULT_STORE
    backend: str = DEFAULT_BACKEND
    quiet: bool = False
    verbose: bool = False
    progress: bool = True
    summary_words: int = SUMMARY_WORDS

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then the environment (``NEWSFUSE_STORE``), then explicit overrides."""
        base: dict[str, object] = {}
        if os.environ.get("NEWSFUSE_STORE"):
            base["store"] = Path(os.environ["NEWSFUSE_STORE"])
        base.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**base)  # type: ignore[arg-type]
