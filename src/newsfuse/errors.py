"""The exception tree.  The library raises these; the edges (CLI, server) translate them.

Every message names the file (or store) and says what a person can do about it.
"""

from __future__ import annotations


class NewsfuseError(Exception):
    """Base class of every error newsfuse raises on purpose."""


class InputError(NewsfuseError):
    """An input file or record cannot be read as an article."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NoInputError(NewsfuseError):
    """The paths given name no readable article at all."""


class StoreError(NewsfuseError):
    """The embedded store cannot be used."""


class StoreLockedError(StoreError):
    """Another process is writing to the store right now."""


class StoreCorruptError(StoreError):
    """The store file is not a newsfuse store or is damaged."""


class StoreVersionError(StoreError):
    """The store was written by a newer newsfuse than this one."""


class UnknownBackendError(NewsfuseError):
    """A store backend was asked for by a name newsfuse does not know or cannot import."""


class ConfigError(NewsfuseError):
    """A setting has a value newsfuse cannot use."""
