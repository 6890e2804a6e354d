"""Feedback in the PostgreSQL store: the same :class:`assistant.feedback.FeedbackStore`
(same rows, same CSV export), kept in the ``feedback`` table of the store's schema
(created by its migrations, :mod:`index.pg.schema`), so that every replica of the app
writes to, counts and exports one table.

    >>> from assistant.feedback_pg import open_feedback
    >>> fb = open_feedback(Settings(store_url="postgresql://vraagbaak@db/vraagbaak"))  # doctest: +SKIP
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from assistant.feedback import FeedbackStore

_NAMED = re.compile(r"(?<![:\w]):(\w+)")


class _Row(tuple):
    """A row that reads like ``sqlite3.Row``: by position, and ``dict(row)`` by column."""

    _names: tuple[str, ...] = ()

    def keys(self):
        return self._names

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)


def _row_factory(cursor):
    names = tuple(c.name for c in cursor.description or ())
    cls = type("Row", (_Row,), {"_names": names})
    return lambda values: cls(values)


class _Connection:
    """The part of ``sqlite3.Connection`` that FeedbackStore uses, over psycopg: its
    ``?`` and ``:name`` placeholders become psycopg's."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, query: str, params=()):
        query = _NAMED.sub(r"%(\1)s", query.replace("?", "%s"))
        cur = self.conn.cursor(row_factory=_row_factory)
        cur.execute(query, params)
        return cur


class PgFeedbackStore(FeedbackStore):
    """Feedback rows in the PostgreSQL store of ``settings`` (``store_url``, ``store_schema``)."""

    def __init__(self, settings, timeout: float | None = None):
        from index.pg.connection import pool_for, redacted
        from index.pg.schema import migrate

        self.settings = settings
        self.timeout = timeout or settings.store_timeout
        self.path = redacted(settings.store_url)
        migrate(settings.store_url, settings.store_schema, self.timeout)
        self.pool = pool_for(settings.store_url, settings.store_schema, self.timeout, settings.store_pool_size)

    @contextmanager
    def _connect(self) -> Iterator[_Connection]:
        with self.pool.connection() as conn:  # one transaction: committed, or rolled back on an exception
            yield _Connection(conn)


def open_feedback(settings) -> FeedbackStore:
    """The feedback store of ``settings``: the SQLite file ``settings.feedback_db``, or,
    with a store URL set, the ``feedback`` table of that PostgreSQL store (shared by all
    replicas; :mod:`assistant.feedback_pg`)."""
    if getattr(settings, "store_url", ""):
        return PgFeedbackStore(settings)
    return FeedbackStore(settings.feedback_db)
