"""The store interface: what the assistant, the app and the command line need from an index.

:class:`index.store.IndexStore` implements it over a folder (FAISS, bm25s, JSON); a
second implementation (PostgreSQL with pgvector) implements the same methods. What every
implementation shares is here: the settings, the embedder (made on first use) and the
query-vector cache.

A store holds *generations*: an update writes a new one and swaps it in whole, so a
search sees either the index before an update or the one after it. Searches return
``(chunk id, score)`` pairs; ``nodes()`` gives the chunks themselves (llama-index
``TextNode`` s whose metadata are :meth:`ingest.types.Chunk.to_metadata`).
"""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from llama_index.core.schema import TextNode

from config import Settings
from index.embedders import NumpyEmbedding, make_embedder
from index.vectors import single_openmp_thread
from ingest.metadata import DocMeta
from ingest.types import FileResult

Progress = Callable[[float, str], None]
QUERY_CACHE_SIZE = 1024


@dataclass
class IngestReport:
    """What an update did: one :class:`ingest.types.FileResult` per file, and the index."""

    files: list[FileResult] = field(default_factory=list)
    chunks_total: int = 0
    chunks_embedded: int = 0
    seconds: float = 0.0
    written: bool = False
    generation: str | None = None

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for f in self.files:
            out[f.status] = out.get(f.status, 0) + 1
        return out

    def to_json(self) -> dict:
        return {
            "files": [asdict(f) for f in self.files],
            "counts": self.counts(),
            "chunks_total": self.chunks_total,
            "chunks_embedded": self.chunks_embedded,
            "seconds": round(self.seconds, 3),
            "written": self.written,
            "generation": self.generation,
        }


class Store(ABC):
    """A searchable, incrementally updated index of chunks.

    Options: ``settings`` (corpus folder, chunking and file limits, embedder; default
    from the environment), ``embedder`` (a :class:`index.embedders.NumpyEmbedding`;
    default from ``settings.embed_model``, made on first use). Searching is safe from
    several threads; one process at a time may update.
    """

    def __init__(self, *, settings: Settings | None = None, embedder: NumpyEmbedding | None = None):
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._qcache_lock = threading.Lock()

    @classmethod
    def open(cls, location: str | Path, **kwargs) -> "Store":
        """A store for ``location``; loads the live generation if there is one."""
        store = cls(location, **kwargs)
        if store.exists():
            store.load()
        return store

    @property
    def embedder(self) -> NumpyEmbedding:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings.embed_model)
        return self._embedder

    def embed_query(self, text: str) -> np.ndarray:
        """Query vector, cached for repeated questions (the query embedding is the floor
        of answer latency); computed on one OpenMP thread (see
        :func:`index.vectors.single_openmp_thread`)."""
        with self._qcache_lock:
            hit = self._qcache.get(text)
            if hit is not None:
                self._qcache.move_to_end(text)
                return hit
        embedder = self.embedder
        with single_openmp_thread():
            vec = embedder.embed_query(text)
        with self._qcache_lock:
            self._qcache[text] = vec
            while len(self._qcache) > QUERY_CACHE_SIZE:
                self._qcache.popitem(last=False)
        return vec

    def clear_query_cache(self) -> None:
        with self._qcache_lock:
            self._qcache.clear()

    # ------------------------------------------------------------------ the index
    @abstractmethod
    def exists(self) -> bool:
        """Is there an index (a live generation) yet?"""

    @abstractmethod
    def load(self) -> None:
        """(Re)load the live generation; raises :class:`ingest.errors.IndexMissing` without one."""

    @property
    @abstractmethod
    def loaded(self) -> bool:
        """Has a generation been loaded?"""

    @property
    @abstractmethod
    def generation(self) -> str | None:
        """The name of the loaded generation (None before one is loaded)."""

    @abstractmethod
    def __len__(self) -> int:
        """Chunks in the loaded generation (0 before one is loaded)."""

    @property
    @abstractmethod
    def manifest(self) -> dict:
        """The live generation's manifest: ``ids`` (row order), ``files`` (per file: source,
        sha256, ids, meta, title, year, language, url, chunks, pages), ``embedder``."""

    @abstractmethod
    def stats(self) -> dict:
        """What is indexed: documents (source, title, year, language, chunks, url), chunk
        count, years, when, embedder, generation."""

    @abstractmethod
    def nodes(self) -> list[TextNode]:
        """Every chunk, in row order."""

    @abstractmethod
    def node(self, node_id: str) -> TextNode:
        """One chunk by id."""

    # ------------------------------------------------------------------ searching
    @abstractmethod
    def rows_matching(self, sources: Iterable[str] | None = None,
                      years: Iterable[int] | None = None) -> np.ndarray | None:
        """Row numbers of chunks from the given sources and years; None = no filter."""

    @abstractmethod
    def dense_search(self, query_vec: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, cosine similarity); ``rows`` restricts the search (filters)."""

    @abstractmethod
    def dense_scores(self, query_vec: np.ndarray, ids: Sequence[str]) -> np.ndarray:
        """Cosine similarity of the query to each of the chunks ``ids`` (in that order)."""

    @abstractmethod
    def bm25_search(self, query: str, k: int, language: str = "nl",
                    rows: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, BM25 score) with the Dutch or English stemmer."""

    # ------------------------------------------------------------------ writing
    @abstractmethod
    def update(self, paths: Sequence[str | Path] | None = None, *, progress: Progress | None = None,
               metadata: dict[str, DocMeta] | None = None) -> IngestReport:
        """Bring the index in line with the files under ``paths`` (default: the corpus
        folder): a file whose content is unchanged is not read or embedded again, a
        changed file's chunks are replaced, a removed file's chunks leave the index.
        Raises :class:`ingest.errors.IndexLocked` while another process updates."""
