"""A real PostgreSQL 16 with pgvector for the tests: the ``pgserver`` wheel (PyPI) bundles
both and starts a server in a folder of its own in about a second (no Docker, no system
package). Run as root, it runs the server as a system user ``pgserver`` that it creates.

:func:`start_server` starts one in a folder and gives its URL (a Unix socket in that
folder; nothing listens on TCP); :func:`fresh_schema` names a schema no test has used,
and :func:`drop_schema` removes it again.
"""
from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path


def start_server():
    """(server, URL) of a PostgreSQL server with its data in a new temporary folder
    (removed by ``server.cleanup()``). The folder is not under pytest's own temporary
    folder: pytest keeps that readable by its owner only, and the server runs as another
    user when the tests run as root."""
    import pgserver

    folder = Path(tempfile.mkdtemp(prefix="vraagbaak-pg-"))
    folder.chmod(0o755)
    server = pgserver.get_server(folder / "pgdata", cleanup_mode="delete")
    return server, server.get_uri()


def stop_server(server) -> None:
    folder = server.pgdata.parent
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


def fresh_schema(prefix: str = "t") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    from index.pg.connection import close_pools

    close_pools()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
