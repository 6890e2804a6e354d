"""The index on disk: immutable generations, the pointer to the live one, and the lock.

Layout of ``index_dir``::

    CURRENT                 name of the live generation, replaced atomically
    gen-000007/             one complete, immutable generation
        manifest.json       source files, content hashes, chunk ids, embedder, counts
        chunks.sqlite       every chunk (id, text, metadata), row i = manifest["ids"][i],
                            read on demand (index.chunktable)
        vectors.npy         float32 (chunks x dim), row i = manifest["ids"][i] (memory-mapped)
        faiss.index         FAISS index over vectors.npy (memory-mapped where FAISS can)
        bm25_nl/ bm25_en/   bm25s indexes, Dutch / English stop words + stemmer; row i = ids[i]
        derived/            what readers derive from the generation once (the assistant's
                            term statistics, ...), written by the first reader that needs it
    .lock                   held by the one process that is writing

Format 1 (before chunks.sqlite) kept the chunks in llama-index's ``docstore.json``: such
a generation is still read (its chunks parsed into memory, slower to open); the next
ingest writes the current format.

A write builds a new generation in a temporary folder, fsyncs it, renames it, and only
then points CURRENT at it with ``os.replace``: a crash at any moment leaves the previous
generation live and complete. The previous generation is kept (a reader that is just
loading it is not pulled away); older ones are removed.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from pathlib import Path

import logging
import pickle
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from index.bm25 import LANGUAGES, BM25Index
from index.chunktable import FILE as CHUNKS_FILE
from index.chunktable import ChunkTable, StoredChunk
from index.vectors import DenseIndex
from ingest.errors import IndexError_, IndexLocked

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode

log = logging.getLogger(__name__)

FORMAT_VERSION = 3  # 3: BM25 over text without diacritics (index.bm25.fold)
READABLE_FORMATS = (1, 2, 3)


class NodeView(Mapping):
    """id -> llama-index ``TextNode`` of a generation's chunks, made on access (for
    ingest, which reuses the nodes of unchanged files)."""

    def __init__(self, gen: "Generation"):
        self._gen = gen
        self._all: dict[str, "TextNode"] | None = None
        self._lock = threading.Lock()

    def __getitem__(self, node_id: str) -> "TextNode":
        # An update reads the nodes of every unchanged file: all of them in one pass
        # (as the format-1 store had them in memory), not one query per node.
        if self._all is None:
            from index.nodes import from_stored

            with self._lock:
                if self._all is None:
                    self._all = {c.node_id: from_stored(c) for c in self._gen.table.all()}
        return self._all[node_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._gen.ids)

    def __len__(self) -> int:
        return len(self._gen.ids)


class Generation:
    """One loaded, immutable generation: what searches read. Chunks stay on disk
    (``table``) until asked for; the id -> row map and the source/year columns are made
    on first use."""

    def __init__(self, name: str, manifest: dict, table: ChunkTable, dense: DenseIndex,
                 bm25: dict[str, BM25Index], folder: Path | None = None):
        self.name = name
        self.manifest = manifest
        self.ids: list[str] = manifest["ids"]
        self.table = table
        self.dense = dense
        self.bm25 = bm25
        self.folder = folder
        self.nodes = NodeView(self)
        self._lock = threading.Lock()
        self._row_of: dict[str, int] | None = None
        self._columns: tuple[np.ndarray, np.ndarray] | None = None
        self._derived: dict[str, Any] = {}

    @property
    def row_of(self) -> dict[str, int]:
        if self._row_of is None:
            self._row_of = {nid: i for i, nid in enumerate(self.ids)}
        return self._row_of

    def _cols(self) -> tuple[np.ndarray, np.ndarray]:
        if self._columns is None:
            with self._lock:
                if self._columns is None:
                    self._columns = self.table.columns()
        return self._columns

    @property
    def sources(self) -> np.ndarray:
        return self._cols()[0]

    @property
    def years(self) -> np.ndarray:
        return self._cols()[1]

    def chunks(self, ids) -> list[StoredChunk]:
        return self.table.get(ids)

    @property
    def vectors(self) -> np.ndarray:
        return self.dense.vectors

    @property
    def faiss_index(self):
        return self.dense.faiss_index

    def derived(self, name: str, build: Callable[[], Any]) -> Any:
        """What ``build()`` derives from this generation, made once: kept in memory, and
        stored in the generation's ``derived/`` folder for the next process (pickled;
        when the folder is not writable, only in memory). ``name`` identifies what and
        how (a reader that derives it differently uses another name)."""
        with self._lock:
            if name in self._derived:
                return self._derived[name]
        value = None
        path = self.folder / "derived" / f"{name}.pickle" if self.folder is not None else None
        if path is not None and path.is_file():
            try:
                with open(path, "rb") as fh:
                    value = pickle.load(fh)
            except Exception as exc:  # a damaged file is derived again
                log.warning("%s unreadable (%s); deriving it again", path, exc)
                value = None
        if value is None:
            value = build()
            if path is not None:
                try:
                    path.parent.mkdir(exist_ok=True)
                    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                    with open(tmp, "wb") as fh:
                        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(tmp, path)
                except OSError as exc:
                    log.warning("%s not stored (%s); kept in memory", path, exc)
        with self._lock:
            self._derived.setdefault(name, value)
            return self._derived[name]


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_json(path: Path, data) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


class WriterLock:
    """The writer's lock on an index folder: an ``flock`` on ``.lock``, which the kernel
    drops when this process ends in any way (even kill -9), so a stale ``.lock`` file
    never blocks anyone. ``release()`` (or leaving the ``with`` block) gives it back."""

    def __init__(self, index_dir: Path):
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / ".lock", "a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                holder = ""
                try:
                    fh.seek(0)
                    holder = fh.read(200).strip()
                except (OSError, ValueError):
                    pass
                fh.close()
                raise IndexLocked(
                    f"another ingest is writing to {index_dir}" + (f" ({holder})" if holder else "")
                    + "; wait for it to finish and try again", holder=holder
                ) from None
            fh.close()
            raise
        # Who holds the lock, for the message a second writer gets.
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            fh.flush()
        except OSError:
            pass
        self._fh = fh

    def release(self) -> None:
        if not self._fh.closed:
            fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()

    close = release

    def __enter__(self) -> "WriterLock":
        return self

    def __exit__(self, *exc) -> bool:
        self.release()
        return False


class IndexFolder:
    """Reads and writes the generations in ``index_dir`` (see the module docstring)."""

    def __init__(self, index_dir: str | Path):
        self.path = Path(index_dir).expanduser()

    def exists(self) -> bool:
        return (self.path / "CURRENT").is_file()

    def current_name(self) -> str | None:
        try:
            name = (self.path / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def lock(self) -> WriterLock:
        """Take the writer's lock; raises :class:`IndexLocked` while another process has it."""
        return WriterLock(self.path)

    def read(self, name: str) -> Generation:
        folder = self.path / name
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        fmt = manifest.get("format")
        if fmt not in READABLE_FORMATS:
            raise IndexError_(f"{folder}: index format {fmt} is not one this version reads "
                              f"({', '.join(map(str, READABLE_FORMATS))}); run 'vraagbaak ingest' to rebuild it")
        if fmt == 1:
            log.warning("%s: index of an older format (JSON chunk store, slow to open); "
                        "'vraagbaak ingest' rewrites it in the current one", folder)
            table = ChunkTable.from_docstore(folder / "docstore.json", manifest["ids"])
        else:
            table = ChunkTable.open(folder / CHUNKS_FILE)
        bm25 = {}
        for lang in LANGUAGES:
            path = folder / f"bm25_{lang}"
            if path.is_dir():
                searcher = BM25Index.load(path, lang)
                if searcher.num_docs != len(manifest["ids"]):
                    raise IndexError_(f"{path}: BM25 index has {searcher.num_docs} rows for {len(manifest['ids'])} chunks; re-ingest")
                bm25[lang] = searcher
        return Generation(name, manifest, table, DenseIndex.load(folder), bm25, folder)

    def remove_leftovers(self) -> None:
        """Remove what an interrupted write left (kill -9, power loss, disk full): a
        half-built "gen-N.tmp", a "CURRENT.tmp", or a complete generation that CURRENT
        never came to point at (numbered above the live one). Only the writer, which
        holds the lock, ever creates them, and no reader uses them: so the next write
        keeps the live generation as "the previous one"."""
        live = self.current_name()
        for p in self.path.glob("gen-*"):
            if p.name != live and (p.name.endswith(".tmp") or live is None or p.name > live):
                shutil.rmtree(p, ignore_errors=True)
        try:
            (self.path / "CURRENT.tmp").unlink(missing_ok=True)
        except OSError:
            pass

    def write(self, nodes: list["TextNode"], vectors: np.ndarray, files: dict, embedder_identity: str, dim: int,
              texts: list[str] | None = None) -> str:
        """Write a new generation of ``nodes`` (row i has vector ``vectors[i]``; ``texts``, if
        given, holds each node's :func:`index.nodes.passage_text`) and make it the live one;
        returns its name."""
        self.path.mkdir(parents=True, exist_ok=True)
        existing = sorted(p.name for p in self.path.glob("gen-*") if p.is_dir() and not p.name.endswith(".tmp"))
        number = int(existing[-1].split("-")[1]) + 1 if existing else 1
        name = f"gen-{number:06d}"
        tmp = self.path / f"{name}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        try:
            ids = [n.node_id for n in nodes]
            ChunkTable.write(tmp / CHUNKS_FILE, ((n.node_id, n.text, n.metadata) for n in nodes))
            DenseIndex.build(vectors).save(tmp)
            if nodes:
                if texts is None:
                    from index.nodes import passage_text

                    texts = [passage_text(n) for n in nodes]
                for lang in LANGUAGES:
                    BM25Index.build(texts, lang).save(tmp / f"bm25_{lang}")
            manifest = {
                "format": FORMAT_VERSION,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "embedder": embedder_identity,
                "dim": int(vectors.shape[1]) if vectors.ndim == 2 else dim,
                "chunks": len(ids),
                "ids": ids,
                "files": files,
            }
            _write_json(tmp / "manifest.json", manifest)
            for p in tmp.rglob("*"):
                if p.is_file():
                    with open(p, "rb+") as fh:
                        os.fsync(fh.fileno())
            _fsync_dir(tmp)
            os.replace(tmp, self.path / name)
            _fsync_dir(self.path)
            pointer = self.path / "CURRENT.tmp"
            with open(pointer, "w", encoding="utf-8") as fh:
                fh.write(name + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(pointer, self.path / "CURRENT")
            _fsync_dir(self.path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        # Keep the new and the previous generation; remove older ones and stale temporaries.
        keep = {name, existing[-1]} if existing else {name}
        for p in self.path.glob("gen-*"):
            if p.name not in keep:
                shutil.rmtree(p, ignore_errors=True)
        return name

    def size_bytes(self) -> int:
        """Bytes on disk of the live generation."""
        name = self.current_name()
        if name is None:
            return 0
        return sum(p.stat().st_size for p in (self.path / name).rglob("*") if p.is_file())


def index_size_bytes(index_dir: str | Path) -> int:
    """Bytes on disk of the live generation in ``index_dir``."""
    return IndexFolder(index_dir).size_bytes()
