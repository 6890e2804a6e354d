"""Errors of the index folder that ingest writes into.

They are defined at the bottom of the stages, so that ingest (the uploads of the app)
can recognise a busy index without importing the index; :mod:`index.store` re-exports
them, and that is where most code imports them from.
"""
from __future__ import annotations


class IndexError_(RuntimeError):
    """A problem with the index folder itself (missing, locked, unwritable, wrong version)."""


class IndexMissing(IndexError_):
    """There is no index in the folder yet."""


class IndexLocked(IndexError_):
    """Another process is writing to the index (it holds the lock). ``holder`` says which,
    as that process wrote it ("pid N, since ..."), or is empty."""

    def __init__(self, message: str, holder: str = ""):
        super().__init__(message)
        self.holder = holder


class StoreUnavailable(IndexError_):
    """The database of the PostgreSQL store cannot be reached (or refused the connection)."""
