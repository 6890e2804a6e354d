"""Connections to the PostgreSQL store: one pool per process and store URL, a clear
error when the database cannot be reached, and the writer's lock.

* :func:`pool_for` gives a ``psycopg_pool.ConnectionPool`` (opened on first use, shared
  by every store of the process with the same URL and schema). Every connection has the
  store's schema first on its ``search_path`` and knows pgvector's ``vector`` type.
* Nothing waits longer than ``settings.store_timeout`` for the database: connecting uses
  libpq's ``connect_timeout``, a pooled connection is waited for at most that long, and
  either failure becomes :class:`StoreUnavailable` with the host (never the password)
  in its message.
* :class:`WriterLock`: a session-level advisory lock (``pg_try_advisory_lock``) per
  schema, held by the one process that updates the index. The server drops it when that
  process's connection ends in any way (even ``kill -9``).
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from ingest.errors import IndexLocked, StoreUnavailable

log = logging.getLogger(__name__)


def redacted(url: str) -> str:
    """The URL as it may be shown: user, host, port and database, never a password."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        if not parts.hostname and "host=" in (parts.query or ""):
            host = parts.query.split("host=", 1)[1].split("&", 1)[0]
        user = f"{parts.username}@" if parts.username else ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{user}{host}{port}{parts.path}"
    except ValueError:
        return "postgresql://…"


def unavailable(url: str, exc: BaseException) -> StoreUnavailable:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return StoreUnavailable(f"the PostgreSQL store at {redacted(url)} cannot be reached ({reason[:300]}); "
                            "check that the database runs and VRAAGBAAK_STORE_URL / --store is right")


def connect(url: str, schema: str, timeout: float, **kwargs) -> psycopg.Connection:
    """One connection outside the pool (migrations, the writer's lock)."""
    try:
        return psycopg.connect(url, connect_timeout=max(1, int(round(timeout))),
                               options=f"-c search_path={schema},public", **kwargs)
    except psycopg.OperationalError as exc:
        raise unavailable(url, exc) from None


def _register_vector(conn: psycopg.Connection) -> None:
    from pgvector.psycopg import register_vector

    register_vector(conn)
    conn.commit()


class Pool:
    """A connection pool for one store URL and schema; ``connection()`` is a context
    manager giving a connection (committed on leaving, rolled back on an exception)."""

    def __init__(self, url: str, schema: str, timeout: float, size: int):
        self.url, self.schema, self.timeout, self.size = url, schema, timeout, max(1, size)
        self._pool: ConnectionPool | None = None
        self._lock = threading.Lock()

    def _get(self) -> ConnectionPool:
        with self._lock:
            if self._pool is None:
                # One direct connection first: it fails at once, with the server's own
                # reason ("connection refused", "password authentication failed"), where
                # a pool would only time out.
                connect(self.url, self.schema, self.timeout).close()
                self._pool = ConnectionPool(
                    self.url, min_size=1, max_size=self.size, open=False, timeout=self.timeout,
                    check=ConnectionPool.check_connection, configure=_register_vector,
                    reconnect_timeout=max(self.timeout, 30.0), name=f"vraagbaak-{self.schema}",
                    kwargs={"connect_timeout": max(1, int(round(self.timeout))),
                            "options": f"-c search_path={self.schema},public",
                            "application_name": f"vraagbaak pid {os.getpid()}"})
                self._pool.open(wait=False)
            return self._pool

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        pool = self._get()
        try:
            cm = pool.connection(timeout=self.timeout)
            conn = cm.__enter__()
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise unavailable(self.url, exc) from None
        try:
            yield conn
        except BaseException as exc:
            lost = isinstance(exc, psycopg.OperationalError) and (conn.broken or conn.closed)
            try:
                cm.__exit__(type(exc), exc, exc.__traceback__)
            except psycopg.Error:
                pass
            if lost:  # the connection broke (the server went away): say so
                raise unavailable(self.url, exc) from exc
            raise
        else:
            cm.__exit__(None, None, None)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None


_POOLS: dict[tuple[str, str], Pool] = {}
_POOLS_LOCK = threading.Lock()


def pool_for(url: str, schema: str, timeout: float, size: int) -> Pool:
    """The process's pool for ``url`` and ``schema`` (made on first use)."""
    key = (url, schema)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = Pool(url, schema, timeout, size)
        return pool


def close_pools() -> None:
    """Close every pool of this process (tests; a forked child before it connects)."""
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.close()
        _POOLS.clear()


def lock_key(schema: str) -> int:
    """The advisory-lock key of a schema's writer (a stable 63-bit number)."""
    import hashlib

    return int.from_bytes(hashlib.sha256(f"vraagbaak-writer:{schema}".encode()).digest()[:8], "big") >> 1


class WriterLock:
    """The writer's lock of one schema: a dedicated connection holding
    ``pg_try_advisory_lock``. Raises :class:`IndexLocked` (naming the holder: process,
    host and since when) while another process holds it. ``release()`` (or leaving the
    ``with`` block) gives it back and closes the connection."""

    def __init__(self, url: str, schema: str, timeout: float):
        me = f"pid {os.getpid()} on {socket.gethostname()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}"
        self.conn = connect(url, schema, timeout, autocommit=True, application_name=f"vraagbaak ingest: {me}"[:63])
        self.key = lock_key(schema)
        try:
            got = self.conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()[0]
        except psycopg.OperationalError as exc:
            self.conn.close()
            raise unavailable(url, exc) from None
        if not got:
            holder = self._holder()
            self.conn.close()
            raise IndexLocked(f"another ingest is writing to the PostgreSQL store (schema {schema})"
                              + (f" ({holder})" if holder else "") + "; wait for it to finish and try again",
                              holder=holder)

    def _holder(self) -> str:
        try:
            row = self.conn.execute(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted "
                "AND ((l.classid::bigint << 32) | l.objid::bigint) = %s LIMIT 1", (self.key,)).fetchone()
        except psycopg.Error:
            return ""
        name = (row[0] if row else "") or ""
        return name.removeprefix("vraagbaak ingest: ")

    def release(self) -> None:
        if not self.conn.closed:
            try:
                self.conn.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
            except psycopg.Error:
                pass
            self.conn.close()

    close = release

    def __enter__(self) -> "WriterLock":
        return self

    def __exit__(self, *exc) -> bool:
        self.release()
        return False
