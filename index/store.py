"""The persisted hybrid index in one folder: chunks, their vectors in FAISS, and BM25 with
Dutch and English stemming. :class:`IndexStore` implements the store interface
(:class:`index.base.Store`) over the modules that do the work:

* :mod:`ingest.pipeline`: files -> chunks (scan, limits, loaders, chunker);
* :mod:`index.incremental`: which files and chunks the next generation holds;
* :mod:`index.generations`: the generations on disk, the pointer to the live one, the lock;
* :mod:`index.chunktable`: the chunks of a generation in SQLite, read on demand;
* :mod:`index.vectors`: vectors, FAISS, embedding (reusing stored vectors);
* :mod:`index.bm25`: the Dutch and English BM25 indexes.

llama-index's FAISS store cannot delete vectors, so every write rebuilds the FAISS
index from the stored vectors of the chunks that remain: an unchanged file is never
parsed or embedded again, a changed file's old chunks are replaced, a removed file's
chunks disappear.

    >>> from index.store import IndexStore
    >>> store = IndexStore.open("var/index")          # doctest: +SKIP
    >>> report = store.update(["corpus"])              # doctest: +SKIP
    >>> store.dense_search(store.embed_query("Oekraïners 2022"), k=3)  # doctest: +SKIP
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from typing import TYPE_CHECKING, Any

import numpy as np

from config import Settings
from index.base import IngestReport, Progress, Store
from index.chunktable import StoredChunk
from index.generations import FORMAT_VERSION, Generation, IndexFolder, WriterLock
from ingest.errors import IndexError_, IndexLocked, IndexMissing
from ingest.types import FileResult

if TYPE_CHECKING:  # ingest's modules are imported by update() only
    from llama_index.core.schema import TextNode

    from index.embedders import NumpyEmbedding
    from ingest.metadata import DocMeta

__all__ = ["IndexStore", "IndexError_", "IndexLocked", "IndexMissing", "FileResult", "IngestReport"]

log = logging.getLogger(__name__)


class IndexStore(Store):
    """Builds, updates, persists and searches the index in the folder ``index_dir``.

    Options: ``index_dir``, and ``settings`` and ``embedder`` (see :class:`index.base.Store`).
    Searching is safe from several threads; one process at a time may write (a lock file
    says so to a second writer).
    """

    def __init__(self, index_dir: str | Path, *, settings: Settings | None = None,
                 embedder: "NumpyEmbedding | None" = None):
        super().__init__(settings=settings, embedder=embedder)
        self.folder = IndexFolder(index_dir)
        self.index_dir = self.folder.path
        self._gen: Generation | None = None
        self._load_lock = threading.Lock()

    # ------------------------------------------------------------------ loading
    def exists(self) -> bool:
        return self.folder.exists()

    def load(self) -> None:
        """(Re)load the live generation from disk (only when CURRENT names another one)."""
        with self._load_lock:
            name = self.folder.current_name()
            if name is None:
                raise IndexMissing(f"no index in {self.index_dir} (run 'vraagbaak ingest' first)")
            if self._gen is not None and self._gen.name == name:
                return
            self._gen = self.folder.read(name)

    @property
    def loaded(self) -> bool:
        return self._gen is not None

    def live(self) -> Generation:
        """The loaded generation (loaded first if needed): manifest, nodes, vectors, indexes."""
        if self._gen is None:
            self.load()
        assert self._gen is not None
        return self._gen

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return len(self._gen.ids) if self._gen else 0

    @property
    def generation(self) -> str | None:
        return self._gen.name if self._gen else None

    @property
    def manifest(self) -> dict:
        return self.live().manifest

    def node(self, node_id: str) -> "TextNode":
        return self.live().nodes[node_id]

    def nodes(self) -> list["TextNode"]:
        from index.nodes import from_stored

        return [from_stored(c) for c in self.live().table.all()]

    # chunks as stored, without llama-index (what the assistant reads)
    def chunks(self, ids: Sequence[str]) -> list[StoredChunk]:
        return self.live().table.get(ids)

    def chunk_at(self, source: str, position: int) -> StoredChunk | None:
        return self.live().table.at(source, position)

    def chunks_at(self, pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], StoredChunk | None]:
        return self.live().table.at_many(pairs)

    def chunks_of_kind(self, source: str, kind: str, limit: int) -> list[StoredChunk]:
        return self.live().table.of_kind(source, kind, limit)

    def all_chunks(self) -> Iterable[StoredChunk]:
        return self.live().table.all()

    def sources(self) -> list[str]:
        return self.live().table.sources()

    def derived(self, name: str, build) -> Any:
        return self.live().derived(name, build)

    def stats(self) -> dict:
        if not self.exists():
            return {"documents": [], "chunks": 0, "indexed_at": None, "years": []}
        gen = self.live()
        docs = []
        for key, entry in sorted(gen.manifest["files"].items(), key=lambda kv: kv[1]["source"]):
            docs.append({k: entry.get(k) for k in ("source", "title", "year", "language", "chunks", "url")})
        years = sorted({int(y) for y in gen.years if y})
        return {"documents": docs, "chunks": len(gen.ids), "indexed_at": gen.manifest.get("created"),
                "years": years, "embedder": gen.manifest.get("embedder"), "generation": gen.name}

    def rows_matching(self, sources: Iterable[str] | None = None, years: Iterable[int] | None = None) -> np.ndarray | None:
        if not sources and not years:
            return None
        gen = self.live()
        mask = np.ones(len(gen.ids), dtype=bool)
        if sources:
            mask &= np.isin(gen.sources, list(sources))
        if years:
            mask &= np.isin(gen.years, [int(y) for y in years])
        return np.flatnonzero(mask)

    def dense_search(self, query_vec: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[str, float]]:
        gen = self.live()
        return [(gen.ids[row], score) for row, score in gen.dense.search(query_vec, k, rows)]

    def dense_scores(self, query_vec: np.ndarray, ids: Sequence[str]) -> np.ndarray:
        """Cosine similarity of the query to each of the chunks ``ids`` (in that order)."""
        gen = self.live()
        rows = np.array([gen.row_of[i] for i in ids], dtype=np.int64)
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float32)
        return gen.dense.vectors[rows] @ np.asarray(query_vec, dtype=np.float32)

    def bm25_search(self, query: str, k: int, language: str = "nl", rows: np.ndarray | None = None) -> list[tuple[str, float]]:
        gen = self.live()
        searcher = gen.bm25.get(language) or next(iter(gen.bm25.values()), None)
        if searcher is None:
            return []
        return [(gen.ids[row], score) for row, score in searcher.search(query, k, rows)]

    # ------------------------------------------------------------------ writing
    def lock(self) -> WriterLock:
        """Take the writer's lock (``update`` takes it itself); raises :class:`IndexLocked`
        while another process has it. ``release()`` gives it back."""
        return self.folder.lock()

    def update(self, paths: Sequence[str | Path] | None = None, *, progress: Progress | None = None,
               metadata: "dict[str, DocMeta] | None" = None) -> IngestReport:
        started = time.perf_counter()
        progress = progress or (lambda f, m: None)
        paths = [Path(p) for p in (paths or [self.settings.corpus_dir])]
        with self.lock():
            report = self._update_locked(paths, progress, metadata)
        report.seconds = time.perf_counter() - started
        return report

    def _previous(self) -> Generation | None:
        """The live generation, which the update starts from (None: build from scratch)."""
        if not self.exists():
            return None
        try:
            # Readers keep using self._gen while the update runs; it is swapped only at the end.
            name = self.folder.current_name()
            if self._gen is not None and self._gen.name == name:
                return self._gen
            return self.folder.read(str(name))
        except Exception as exc:  # unreadable old index: rebuild from scratch, keep it on disk
            log.error("existing index in %s cannot be read (%s); building a new one", self.index_dir, exc)
            return None

    def _update_locked(self, paths: list[Path], progress: Progress, metadata) -> IngestReport:
        from index.incremental import NextGeneration
        from index.overlap import PassageVectors, ReadAhead
        from ingest.pipeline import load_chunks
        from ingest.scan import scan
        from ingest.types import Note

        self.folder.remove_leftovers()
        plan = NextGeneration(self._previous(), self._embedder_identity())
        found, folders = scan(paths)
        total = max(len(found), 1)
        # Reading runs ahead in the reading process while this one loads the embedder and
        # embeds the files read so far (index.overlap): the vectors are the same.
        # Notes come from this thread (embedding) and from the reading thread (pages read,
        # ahead of it): one at a time, and the fraction (files embedded) never goes back.
        lock, shown = threading.Lock(), [0.0]

        def tell(fraction: float, note: Note) -> None:
            with lock:
                shown[0] = max(shown[0], fraction)
                progress(shown[0], note)

        def pages(source: str, read: int, n: int) -> None:
            tell(0.0, Note("progress_pages", f"{read}/{n}: {source}"))

        reader = ReadAhead(load_chunks(found, self.settings, metadata, unchanged=plan.unchanged, pages=pages))
        with reader:
            if found:
                tell(0.0, Note("progress_reading", f"1/{len(found)}: {found[0].source}"))
            embedder = self.embedder
            done = 0
            vectors = PassageVectors(embedder, plan.known_vectors,
                                     progress=lambda note: tell(0.95 * done / total, note))
            for done, outcome in enumerate(reader, 1):
                plan.add(outcome)
                if outcome.result.status == "ingested":
                    vectors.add(plan.passage_texts(outcome.key))
                if done < len(found):
                    tell(0.95 * done / total, Note("progress_reading", f"{done + 1}/{len(found)}: {found[done].source}"))
        plan.settle(folders, paths)
        nodes = plan.nodes()
        report = IngestReport(files=plan.results, chunks_total=len(nodes))
        if not plan.changed and plan.previous.manifest.get("format") == FORMAT_VERSION:
            self._gen = plan.previous
            progress(1.0, Note("progress_done"))
            report.generation = plan.previous.name
            return report

        # Vectors: every stored vector whose chunk text is unchanged is reused, the rest were embedded above.
        texts = plan.texts(nodes)
        matrix = vectors.matrix(texts)
        report.chunks_embedded = vectors.embedded
        progress(0.96, Note("progress_writing"))
        name = self.folder.write(nodes, matrix, plan.files, embedder.identity, embedder.dim, texts=texts)
        report.written = True
        report.generation = name
        self._gen = self.folder.read(name)  # one atomic swap for readers
        progress(1.0, Note("progress_done"))
        return report

    def _embedder_identity(self) -> str:
        """The embedder's identity, without loading the embedder (and llama-index) when it
        is the bundled e5: the reading of files starts before it is loaded."""
        from index import base

        if self._embedder is None and base.make_embedder is base._MAKE_EMBEDDER \
                and base.E5QueryEncoder.handles(self.settings.embed_model):
            return base.e5_identity()
        return self.embedder.identity
