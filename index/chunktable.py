"""The chunks of one generation in a SQLite file (``chunks.sqlite``), read on demand.

Why SQLite and not llama-index's ``SimpleDocumentStore`` (one JSON file parsed whole):
opening the file costs well under a millisecond whatever its size, and the assistant
reads only the chunks a question reaches (its hits, their neighbours, the other rows of
a table), by id, by row, or by (source, position). Parsing the JSON store of 100k chunks
took 7.9 s (docs/BENCHMARKS.md). SQLite ships with Python; nothing else does this.

Row ``i`` of the table is the chunk ``manifest["ids"][i]``. A generation of the older
format (``docstore.json``) is read once into an in-memory table with the same layout.

    >>> t = ChunkTable.memory([("a-0", "Leiden telt 130.067 inwoners", {"source": "m.txt", "position": 0})])
    >>> t.get(["a-0"])[0].metadata["source"], t.at("m.txt", 0).node_id, len(t)
    ('m.txt', 'a-0', 1)
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FILE = "chunks.sqlite"

_SCHEMA = """
CREATE TABLE chunks (
    row       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,
    source    TEXT NOT NULL,
    year      INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    position  INTEGER NOT NULL,
    text      TEXT NOT NULL,
    metadata  TEXT NOT NULL
);
CREATE INDEX chunks_at ON chunks (source, position);
CREATE INDEX chunks_kind ON chunks (source, kind, row);
"""
_COLS = "id, text, metadata"


@dataclass
class StoredChunk:
    """One chunk as stored: what a llama-index ``TextNode`` carries that the assistant
    reads (``node_id``, ``text``, ``metadata``), without importing llama-index."""

    node_id: str
    text: str
    metadata: dict = field(default_factory=dict)

    @property
    def id_(self) -> str:
        return self.node_id


def _year(md: dict) -> int:
    try:
        return int(md.get("year") or 0)
    except (TypeError, ValueError):
        return 0


def _position(md: dict) -> int:
    try:
        return int(md.get("position") or 0)
    except (TypeError, ValueError):
        return 0


def _rows(items: Iterable[tuple[str, str, dict]]) -> Iterator[tuple]:
    for row, (cid, text, md) in enumerate(items):
        yield (row, cid, str(md.get("source") or ""), _year(md), str(md.get("kind") or "text"), _position(md),
               text, json.dumps(md, ensure_ascii=False))


class ChunkTable:
    """Read access to the chunks of one generation. Safe to share between threads."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self._lock = threading.Lock()
        self._n: int | None = None

    # ------------------------------------------------------------------ making
    @staticmethod
    def write(path: Path, items: Iterable[tuple[str, str, dict]]) -> None:
        """Write ``(id, text, metadata)`` of every chunk, in row order, to a new file."""
        conn = sqlite3.connect(str(path))
        try:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute("PRAGMA synchronous=OFF")  # the caller fsyncs the finished file
            conn.executescript(_SCHEMA)
            conn.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _rows(items))
            conn.commit()
        finally:
            conn.close()

    @classmethod
    def open(cls, path: Path) -> "ChunkTable":
        """The table in ``path``, read-only (nothing is read until asked)."""
        if not path.is_file():
            raise FileNotFoundError(str(path))
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        return cls(conn)

    @classmethod
    def memory(cls, items: Iterable[tuple[str, str, dict]]) -> "ChunkTable":
        """An in-memory table (an older generation's chunks; tests)."""
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.executescript(_SCHEMA)
        conn.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _rows(items))
        conn.commit()
        return cls(conn)

    @classmethod
    def from_docstore(cls, path: Path, ids: Sequence[str]) -> "ChunkTable":
        """The chunks of a format-1 generation's ``docstore.json`` (llama-index's
        ``SimpleDocumentStore``: ``{"docstore/data": {id: {"__data__": node}}}``)."""
        data = json.loads(path.read_text(encoding="utf-8")).get("docstore/data", {})
        items = []
        for cid in ids:
            node = data[cid].get("__data__", data[cid])
            items.append((cid, node.get("text") or "", node.get("metadata") or {}))
        return cls.memory(items)

    # ------------------------------------------------------------------ reading
    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    @staticmethod
    def _chunk(row: tuple) -> StoredChunk:
        return StoredChunk(row[0], row[1], json.loads(row[2]))

    def __len__(self) -> int:
        if self._n is None:
            self._n = int(self._query("SELECT count(*) FROM chunks")[0][0])
        return self._n

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        """The chunks ``ids``, in that order; KeyError for an unknown id."""
        ids = list(ids)
        found: dict[str, StoredChunk] = {}
        for b in range(0, len(ids), 500):
            part = ids[b:b + 500]
            marks = ",".join("?" * len(part))
            for r in self._query(f"SELECT {_COLS} FROM chunks WHERE id IN ({marks})", part):
                found[r[0]] = self._chunk(r)
        missing = [i for i in ids if i not in found]
        if missing:
            raise KeyError(missing[0])
        return [found[i] for i in ids]

    def at(self, source: str, position: int) -> StoredChunk | None:
        """The chunk of ``source`` at ``position`` (metadata ``position``; the last in row order
        if several have it), if any."""
        rows = self._query(f"SELECT {_COLS} FROM chunks WHERE source = ? AND position = ? ORDER BY row DESC LIMIT 1",
                           (source, int(position)))
        return self._chunk(rows[0]) if rows else None

    def at_many(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], StoredChunk | None]:
        """:meth:`at` for each (source, position) of ``pairs``, in one query per 200 pairs
        (a question's neighbours: one round trip instead of one each)."""
        keys = list(dict.fromkeys((s, int(p)) for s, p in pairs))
        out: dict[tuple[str, int], StoredChunk | None] = dict.fromkeys(keys)
        for b in range(0, len(keys), 200):
            part = keys[b:b + 200]
            one = (f"SELECT * FROM (SELECT ? AS k, {_COLS} FROM chunks WHERE source = ? AND position = ? "
                   f"ORDER BY row DESC LIMIT 1)")
            params: list = []
            for i, (s, p) in enumerate(part):
                params += [b + i, s, p]
            for r in self._query(" UNION ALL ".join([one] * len(part)), params):
                out[keys[r[0]]] = self._chunk(r[1:])
        return out

    def of_kind(self, source: str, kind: str, limit: int) -> list[StoredChunk]:
        """The first ``limit`` chunks of ``source`` of ``kind`` ("table_row"), in row order."""
        rows = self._query(f"SELECT {_COLS} FROM chunks WHERE source = ? AND kind = ? ORDER BY row LIMIT ?",
                           (source, kind, int(limit)))
        return [self._chunk(r) for r in rows]

    def ids(self) -> list[str]:
        return [r[0] for r in self._query("SELECT id FROM chunks ORDER BY row")]

    def sources(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT source FROM chunks ORDER BY source")]

    def columns(self) -> tuple[np.ndarray, np.ndarray]:
        """(source, year) of every row, for filters."""
        rows = self._query("SELECT source, year FROM chunks ORDER BY row")
        sources = np.array([r[0] for r in rows], dtype=object)
        years = np.array([r[1] for r in rows], dtype=np.int32)
        return sources, years

    def all(self, batch: int = 5000) -> Iterator[StoredChunk]:
        """Every chunk in row order (read in batches)."""
        start = 0
        while True:
            rows = self._query(f"SELECT row, {_COLS} FROM chunks WHERE row >= ? ORDER BY row LIMIT ?", (start, batch))
            if not rows:
                return
            for r in rows:
                yield self._chunk(r[1:])
            start = rows[-1][0] + 1

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
