"""The persisted hybrid index: chunks, their vectors in FAISS, and BM25 with Dutch and
English stemming, in one folder.

Layout of ``index_dir``::

    CURRENT                 name of the live generation, replaced atomically
    gen-000007/             one complete, immutable generation
        manifest.json       source files, content hashes, chunk ids, embedder, counts
        docstore.json       llama-index SimpleDocumentStore with every chunk (TextNode)
        vectors.npy         float32 (chunks x dim), row i = manifest["ids"][i]
        faiss.index         FAISS index over vectors.npy
        bm25_nl/ bm25_en/   bm25s indexes, Dutch / English stop words + stemmer; row i = ids[i]
    .lock                   held by the one process that is writing

A write builds a new generation in a temporary folder, fsyncs it, renames it, and only
then points CURRENT at it with ``os.replace``: a crash at any moment leaves the previous
generation live and complete. The previous generation is kept (a reader that is just
loading it is not pulled away); older ones are removed.

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

import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np
import Stemmer
import bm25s
from llama_index.core.schema import MetadataMode, TextNode
from llama_index.core.storage.docstore import SimpleDocumentStore
from llama_index.vector_stores.faiss import FaissVectorStore

from config import Settings
from ingest.chunking import Chunker, ChunkerOptions
from ingest.loaders import load_file
from ingest.messages import message
from ingest.metadata import DocMeta, read_metadata
from ingest.scan import FoundFile, scan
from ingest.types import LoaderError
from index.embedders import NumpyEmbedding, make_embedder

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

FORMAT_VERSION = 1
BM25_LANGUAGES = {"nl": "dutch", "en": "english"}
# Numbers keep their decimal part ("13,1", "130.067") and single digits count; words
# need two letters (llama-index's default pattern drops "1" and splits "13,1").
BM25_TOKEN_PATTERN = r"(?u)\d+(?:[.,]\d+)*|\b\w\w+\b"
# Above this many chunks, an HNSW graph replaces exact search (see docs/BENCHMARKS.md).
HNSW_MIN_CHUNKS = 50_000

Progress = Callable[[float, str], None]


class IndexError_(RuntimeError):
    """A problem with the index folder itself (missing, locked, unwritable, wrong version)."""


class IndexMissing(IndexError_):
    pass


class IndexLocked(IndexError_):
    pass


@dataclass
class FileResult:
    source: str
    status: str  # "ingested" | "unchanged" | "skipped" | "failed" | "removed"
    chunks: int = 0
    code: str | None = None
    detail: str = ""
    path: str = ""

    def message(self, language: str = "en") -> str:
        return message(self.code, language, self.detail) if self.code else ""


@dataclass
class IngestReport:
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


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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


def _bm25_node(node: TextNode) -> TextNode:
    # BM25 keeps its own copy of every node it indexes: give it the searchable text only.
    return TextNode(id_=node.node_id, text=node.get_content(metadata_mode=MetadataMode.EMBED))


_OMP_LIBS: list | None = None
_OMP_LIBS_LOCK = threading.Lock()


def _openmp_runtimes() -> list:
    """Every OpenMP runtime loaded in this process (the embedding engine and FAISS each
    bundle their own libgomp), found once in /proc/self/maps."""
    global _OMP_LIBS
    with _OMP_LIBS_LOCK:
        if _OMP_LIBS is None:
            import ctypes

            paths: list[str] = []
            try:
                with open("/proc/self/maps", encoding="utf-8", errors="replace") as fh:
                    for line in fh:
                        path = line.rsplit(None, 1)[-1] if "/" in line else ""
                        name = os.path.basename(path)
                        if (name.startswith(("libgomp", "libomp", "libiomp")) and ".so" in name
                                and path not in paths):
                            paths.append(path)
            except OSError:
                pass
            libs = []
            for path in paths:
                try:
                    lib = ctypes.CDLL(path)
                    lib.omp_get_max_threads.restype = ctypes.c_int
                    lib.omp_set_num_threads.argtypes = [ctypes.c_int]
                    libs.append(lib)
                except (OSError, AttributeError):
                    continue
            _OMP_LIBS = libs
        return _OMP_LIBS


class _single_openmp_thread:
    """Run a single query's embedding on one OpenMP thread (this thread only; restored
    after). With two threads on two cores the engine's threads spin-wait for each other
    whenever another process wants a core: on a busy 2-core machine a query embedding
    took 120 ms at the median and over 1 s at p95 with 2 threads, 40 / 90 ms with one
    (docs/BENCHMARKS.md). Ingest keeps all threads for its batches."""

    def __enter__(self):
        self._saved = []
        for lib in _openmp_runtimes():
            try:
                self._saved.append((lib, lib.omp_get_max_threads()))
                lib.omp_set_num_threads(1)
            except Exception:  # pragma: no cover - a runtime without the API
                continue
        return self

    def __exit__(self, *exc):
        for lib, n in self._saved:
            lib.omp_set_num_threads(n)
        return False


class _BM25:
    """One language's BM25 index (bm25s), searched directly: the scores of all chunks in
    one sparse product, top k with ``argpartition``. Row ``i`` is ``manifest["ids"][i]``
    (the index is built over the chunks in that order), so no node is rebuilt per query
    and a filter (``rows``) is applied before the top k is taken, not after."""

    def __init__(self, bm25, stemmer_name: str, token_pattern: str = BM25_TOKEN_PATTERN):
        from bm25s.stopwords import STOPWORDS_EN

        self.bm25 = bm25
        self.stemmer = Stemmer.Stemmer(stemmer_name)
        self.token_pattern = token_pattern
        self._split = re.compile(token_pattern).findall
        self._stop = frozenset(STOPWORDS_EN)
        self.num_docs = int(bm25.scores.get("num_docs", 0))

    def scores(self, query: str) -> np.ndarray | None:
        # The query tokenisation of llama-index's BM25Retriever (``bm25s.tokenize`` with
        # its defaults: lower case, English stop words dropped from the query; the index
        # has its own language's), without its per-call overhead.
        words = [w for w in self._split(query.lower()) if w not in self._stop]
        vocab = self.bm25.vocab_dict
        ids = [vocab[s] for s in self.stemmer.stemWords(words) if s in vocab]
        if not ids:
            return None
        return self.bm25.get_scores_from_ids(ids)

    def search(self, query: str, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        scores = self.scores(query)
        if scores is None:
            return []
        if rows is not None:
            rows = np.asarray(rows, dtype=np.int64)
            scores = scores[rows]
        positive = np.flatnonzero(scores > 0)
        if len(positive) > k:
            part = np.argpartition(-scores[positive], k - 1)[:k]
            positive = positive[part]
        order = positive[np.argsort(-scores[positive], kind="stable")]
        if rows is not None:
            return [(int(rows[i]), float(scores[i])) for i in order]
        return [(int(i), float(scores[i])) for i in order]


class _Generation:
    """One loaded, immutable generation: what searches read."""

    def __init__(self, name: str, manifest: dict, nodes: dict[str, TextNode], vectors: np.ndarray,
                 faiss_index, bm25: dict[str, "_BM25"]):
        self.name = name
        self.manifest = manifest
        self.ids: list[str] = manifest["ids"]
        self.row_of = {nid: i for i, nid in enumerate(self.ids)}
        self.nodes = nodes
        self.vectors = vectors
        # Searched directly (no list conversion per query); one thread for single queries.
        self.faiss_index = faiss_index
        faiss.omp_set_num_threads(1)  # single-query search: one thread is faster on 2 cores
        self.bm25 = bm25
        self.sources = np.array([nodes[i].metadata.get("source") or "" for i in self.ids], dtype=object)
        self.years = np.array([nodes[i].metadata.get("year") or 0 for i in self.ids], dtype=np.int32)

    @property
    def vector_store(self):
        """llama-index's view of the FAISS index (built on demand; searches do not use it)."""
        return FaissVectorStore(faiss_index=self.faiss_index) if self.faiss_index is not None else None


class IndexStore:
    """Builds, updates, persists and searches the index in one folder.

    Options: ``index_dir`` (the folder), ``embedder`` (a ``NumpyEmbedding``; default from
    ``settings.embed_model``), ``settings`` (chunking and file limits).
    Searching is safe from several threads; one process at a time may write (a lock
    file says so to a second writer).
    """

    def __init__(self, index_dir: str | Path, *, settings: Settings | None = None,
                 embedder: NumpyEmbedding | None = None):
        self.settings = settings or Settings.from_env()
        self.index_dir = Path(index_dir).expanduser()
        self._embedder = embedder
        self._gen: _Generation | None = None
        self._load_lock = threading.Lock()
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._qcache_lock = threading.Lock()

    # ------------------------------------------------------------------ loading
    @classmethod
    def open(cls, index_dir: str | Path, **kwargs) -> "IndexStore":
        """An IndexStore for ``index_dir``; loads the live generation if there is one."""
        store = cls(index_dir, **kwargs)
        if store.exists():
            store.load()
        return store

    @property
    def embedder(self) -> NumpyEmbedding:
        if self._embedder is None:
            self._embedder = make_embedder(self.settings.embed_model)
        return self._embedder

    def exists(self) -> bool:
        return (self.index_dir / "CURRENT").is_file()

    def current_name(self) -> str | None:
        try:
            name = (self.index_dir / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def load(self) -> None:
        """(Re)load the live generation from disk."""
        with self._load_lock:
            name = self.current_name()
            if name is None:
                raise IndexMissing(f"no index in {self.index_dir} (run 'vraagbaak ingest' first)")
            if self._gen is not None and self._gen.name == name:
                return
            self._gen = self._read_generation(self.index_dir / name)

    def _read_generation(self, folder: Path) -> _Generation:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT_VERSION:
            raise IndexError_(f"{folder}: index format {manifest.get('format')} is not {FORMAT_VERSION}; re-ingest")
        docstore = SimpleDocumentStore.from_persist_path(str(folder / "docstore.json"))
        nodes = {nid: docstore.get_node(nid) for nid in manifest["ids"]}
        vectors = np.load(folder / "vectors.npy", mmap_mode=None)
        faiss_index = faiss.read_index(str(folder / "faiss.index")) if (folder / "faiss.index").exists() else None
        bm25 = {}
        for lang, stemmer_name in BM25_LANGUAGES.items():
            path = folder / f"bm25_{lang}"
            if path.is_dir():
                # The matrix and vocabulary only: the stored corpus (a copy of every
                # chunk) is not needed, row i is manifest["ids"][i].
                index = bm25s.BM25.load(str(path), load_corpus=False, show_progress=False)
                searcher = _BM25(index, stemmer_name)
                if searcher.num_docs != len(manifest["ids"]):
                    raise IndexError_(f"{path}: BM25 index has {searcher.num_docs} rows for {len(manifest['ids'])} chunks; re-ingest")
                bm25[lang] = searcher
        return _Generation(folder.name, manifest, nodes, vectors, faiss_index, bm25)

    @property
    def loaded(self) -> bool:
        return self._gen is not None

    def _live(self) -> _Generation:
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
        return self._live().manifest

    def node(self, node_id: str) -> TextNode:
        return self._live().nodes[node_id]

    def nodes(self) -> list[TextNode]:
        gen = self._live()
        return [gen.nodes[i] for i in gen.ids]

    def stats(self) -> dict:
        """What is indexed: documents (with title, chunks, year), chunk count, when."""
        if not self.exists():
            return {"documents": [], "chunks": 0, "indexed_at": None, "years": []}
        gen = self._live()
        docs = []
        for key, entry in sorted(gen.manifest["files"].items(), key=lambda kv: kv[1]["source"]):
            docs.append({k: entry.get(k) for k in ("source", "title", "year", "language", "chunks", "url")})
        years = sorted({int(y) for y in gen.years if y})
        return {"documents": docs, "chunks": len(gen.ids), "indexed_at": gen.manifest.get("created"),
                "years": years, "embedder": gen.manifest.get("embedder"), "generation": gen.name}

    def embed_query(self, text: str) -> np.ndarray:
        """Query vector, cached for repeated questions (the query embedding is the floor
        of answer latency)."""
        with self._qcache_lock:
            hit = self._qcache.get(text)
            if hit is not None:
                self._qcache.move_to_end(text)
                return hit
        embedder = self.embedder
        with _single_openmp_thread():
            vec = embedder.embed_query(text)
        with self._qcache_lock:
            self._qcache[text] = vec
            while len(self._qcache) > 1024:
                self._qcache.popitem(last=False)
        return vec

    def rows_matching(self, sources: Iterable[str] | None = None, years: Iterable[int] | None = None) -> np.ndarray | None:
        """Row numbers of chunks from the given sources and years; None = no filter."""
        if not sources and not years:
            return None
        gen = self._live()
        mask = np.ones(len(gen.ids), dtype=bool)
        if sources:
            mask &= np.isin(gen.sources, list(sources))
        if years:
            mask &= np.isin(gen.years, [int(y) for y in years])
        return np.flatnonzero(mask)

    def dense_search(self, query_vec: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (node id, cosine similarity); ``rows`` restricts the search (filters)."""
        gen = self._live()
        if not gen.ids or k <= 0:
            return []
        if rows is not None:
            if len(rows) == 0:
                return []
            scores = gen.vectors[rows] @ query_vec
            top = np.argsort(-scores)[:k]
            return [(gen.ids[int(rows[i])], float(scores[i])) for i in top]
        if gen.faiss_index is None:
            scores = gen.vectors @ query_vec
            top = np.argsort(-scores)[:k]
            return [(gen.ids[int(i)], float(scores[i])) for i in top]
        q = np.ascontiguousarray(query_vec, dtype=np.float32).reshape(1, -1)
        scores, idx = gen.faiss_index.search(q, min(k, len(gen.ids)))
        return [(gen.ids[int(i)], float(sc)) for i, sc in zip(idx[0], scores[0]) if i >= 0]

    def dense_scores(self, query_vec: np.ndarray, ids: Sequence[str]) -> np.ndarray:
        """Cosine similarity of the query to each of the chunks ``ids`` (in that order)."""
        gen = self._live()
        rows = np.array([gen.row_of[i] for i in ids], dtype=np.int64)
        if len(rows) == 0:
            return np.zeros(0, dtype=np.float32)
        return gen.vectors[rows] @ np.asarray(query_vec, dtype=np.float32)

    def bm25_search(self, query: str, k: int, language: str = "nl", rows: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (node id, BM25 score) with the Dutch or English stemmer."""
        gen = self._live()
        searcher = gen.bm25.get(language) or next(iter(gen.bm25.values()), None)
        if searcher is None or k <= 0:
            return []
        if rows is not None and len(rows) == 0:
            return []
        return [(gen.ids[i], score) for i, score in searcher.search(query, k, rows)]

    # ------------------------------------------------------------------ writing
    def _lock(self):
        self.index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(self.index_dir / ".lock", "a+")
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
                    f"another ingest is writing to {self.index_dir}" + (f" ({holder})" if holder else "")
                    + "; wait for it to finish and try again"
                ) from None
            fh.close()
            raise
        # Who holds the lock, for the message a second writer gets. The lock itself is the
        # flock, which the kernel drops when this process ends in any way (even kill -9):
        # a stale .lock file never blocks anyone.
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            fh.flush()
        except OSError:
            pass
        return fh

    def update(self, paths: Sequence[str | Path] | None = None, *, progress: Progress | None = None,
               metadata: dict[str, DocMeta] | None = None) -> IngestReport:
        """Bring the index in line with the files under ``paths`` (default: the corpus
        folder). Unchanged files are reused as they are; see the module docstring."""
        started = time.perf_counter()
        progress = progress or (lambda f, m: None)
        paths = [Path(p) for p in (paths or [self.settings.corpus_dir])]
        lock = self._lock()
        try:
            return self._update_locked(paths, progress, metadata, started)
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
            lock.close()

    def _update_locked(self, paths, progress: Progress, metadata, started) -> IngestReport:
        from ingest.messages import SKIP_CODES

        report = IngestReport()
        # Leftovers of a write that was interrupted (kill -9, power loss, disk full): a
        # half-built "gen-N.tmp", a "CURRENT.tmp", or a complete generation that CURRENT
        # never came to point at (numbered above the live one). Only the writer, which
        # holds the lock, ever creates them, and no reader uses them: remove them, so the
        # write below keeps the live generation as "the previous one".
        live = self.current_name()
        for p in self.index_dir.glob("gen-*"):
            if p.name != live and (p.name.endswith(".tmp") or live is None or p.name > live):
                shutil.rmtree(p, ignore_errors=True)
        try:
            (self.index_dir / "CURRENT.tmp").unlink(missing_ok=True)
        except OSError:
            pass
        old = None
        if self.exists():
            try:
                # Readers keep using self._gen while this runs; it is swapped only at the end.
                name = self.current_name()
                old = self._gen if (self._gen is not None and self._gen.name == name) else \
                    self._read_generation(self.index_dir / str(name))
            except Exception as exc:  # unreadable old index: rebuild from scratch, keep it on disk
                log.error("existing index in %s cannot be read (%s); building a new one", self.index_dir, exc)
        embedder = self.embedder
        same_embedder = old is not None and old.manifest.get("embedder") == embedder.identity
        old_files: dict[str, dict] = dict(old.manifest["files"]) if (old and same_embedder) else {}

        found, folders = scan(paths)
        meta_by_root: dict[Path, dict[str, DocMeta]] = {}
        new_files: dict[str, dict] = {}
        nodes_by_file: dict[str, list[TextNode]] = {}
        seen_hash: dict[str, str] = {}
        chunker = Chunker(ChunkerOptions(self.settings.chunk_size, self.settings.chunk_overlap))
        max_bytes = int(self.settings.max_file_mb * 2**20)
        total = max(len(found), 1)

        def not_indexed(f: FoundFile, key: str, code: str, detail: str = "") -> None:
            # "skipped" when left out on purpose (unsupported type, over a limit, ...),
            # "failed" when it could not be read; either way the file keeps the chunks of
            # its last good version, if it had one (the index that answered stays whole).
            status = "skipped" if code in SKIP_CODES else "failed"
            report.files.append(FileResult(f.source, status, code=code, detail=detail, path=key))
            self._keep_old(old, old_files, key, new_files, nodes_by_file)

        for i, f in enumerate(found):
            key = str(f.path)
            progress(i / total * 0.6, f.source)
            if f.problem:
                status = "skipped" if f.problem in SKIP_CODES else "failed"
                report.files.append(FileResult(f.source, status, code=f.problem, path=key))
                continue
            try:
                size = f.path.stat().st_size
                if size > max_bytes:
                    raise LoaderError("too_large", f"{size / 2**20:.1f} MB > {self.settings.max_file_mb:g} MB")
                digest = file_sha256(f.path)
            except LoaderError as exc:
                not_indexed(f, key, exc.code, exc.detail)
                continue
            except OSError as exc:
                not_indexed(f, key, "unreadable", exc.strerror or str(exc))
                continue
            if digest in seen_hash:
                report.files.append(FileResult(f.source, "skipped", code="duplicate", detail=seen_hash[digest], path=key))
                continue
            if f.root not in meta_by_root:
                meta_by_root[f.root] = metadata if metadata is not None else read_metadata(f.root)
            meta = meta_by_root[f.root].get(f.source, DocMeta())
            prev = old_files.get(key)
            if prev and prev["sha256"] == digest and prev.get("meta") == asdict(meta) and prev["source"] == f.source:
                new_files[key] = prev
                nodes_by_file[key] = [old.nodes[nid] for nid in prev["ids"]]
                report.files.append(FileResult(f.source, "unchanged", chunks=len(prev["ids"]), path=key))
                seen_hash[digest] = f.source
                continue
            limit = self.settings.max_chunks_per_file
            try:
                doc = load_file(f.path, title=meta.title, max_pages=self.settings.max_pages, max_bytes=max_bytes)
                if len(doc.blocks) > limit:  # every block is at least one chunk: no need to split
                    raise LoaderError("too_many_chunks", f"at least {len(doc.blocks)} > {limit}")
                nodes = chunker.chunk(doc, source=f.source, doc_hash=digest, meta=meta)
                if not nodes:
                    raise LoaderError("no_text")
                if len(nodes) > limit:
                    raise LoaderError("too_many_chunks", f"{len(nodes)} > {limit}")
            except LoaderError as exc:
                not_indexed(f, key, exc.code, exc.detail)
                continue
            except MemoryError:
                not_indexed(f, key, "too_large", "out of memory while reading the file")
                continue
            except Exception as exc:  # a loader bug must not stop the other files
                log.exception("%s: unexpected error", f.path)
                not_indexed(f, key, "internal_error", type(exc).__name__)
                continue
            # Only a file that made it in is the original of later copies: a copy of a
            # file that failed is tried (and reported) on its own.
            seen_hash[digest] = f.source
            first = nodes[0].metadata
            new_files[key] = {"source": f.source, "sha256": digest, "size": size, "ids": [n.node_id for n in nodes],
                              "meta": asdict(meta), "title": first["title"], "year": first["year"] if first["kind"] == "text" else meta.year,
                              "language": meta.language or first["language"], "url": meta.url, "chunks": len(nodes),
                              "pages": doc.pages}
            nodes_by_file[key] = nodes
            # Read, but not all of it (pages without text, a page too large to lay out,
            # a truncated PDF): say so, with the loader's own words as the detail.
            warned = "; ".join(doc.warnings)[:300]
            report.files.append(FileResult(f.source, "ingested", chunks=len(nodes), path=key,
                                           code="partial" if warned else None, detail=warned))

        # Files that were indexed but are gone: under a scanned folder, or deleted anywhere.
        for key, entry in old_files.items():
            if key in new_files:
                continue
            p = Path(key)
            scanned_here = any(p.is_relative_to(root) for root in folders) or any(str(Path(x).resolve()) == key for x in paths)
            if scanned_here or not p.exists():
                report.files.append(FileResult(entry["source"], "removed", chunks=len(entry["ids"]), path=key))
            elif entry["sha256"] in seen_hash:
                # Indexed earlier from elsewhere, and the same content was just ingested
                # under another name: keeping both would put every chunk (and its id) in
                # the index twice.
                report.files.append(FileResult(entry["source"], "removed", chunks=len(entry["ids"]), path=key,
                                               code="duplicate", detail=seen_hash[entry["sha256"]]))
            else:
                new_files[key] = entry
                nodes_by_file[key] = [old.nodes[nid] for nid in entry["ids"]]
                seen_hash[entry["sha256"]] = entry["source"]

        changed = old is None or not same_embedder or any(
            r.status in ("ingested", "removed") for r in report.files
        ) or set(new_files) != set(old_files)
        all_nodes = [n for key in new_files for n in nodes_by_file[key]]
        report.chunks_total = len(all_nodes)
        if not changed:
            if old is not None:
                self._gen = old
            progress(1.0, "unchanged")
            report.generation = old.name if old else None
            report.seconds = time.perf_counter() - started
            return report

        # Vectors: reuse every stored vector whose chunk text is unchanged; embed the rest.
        vectors = np.zeros((len(all_nodes), embedder.dim), dtype=np.float32)
        by_text: dict[str, np.ndarray] = {}
        if old is not None and same_embedder:
            for nid, row in old.row_of.items():
                by_text.setdefault(self._embed_text(old.nodes[nid]), old.vectors[row])
        todo: list[int] = []
        for i, n in enumerate(all_nodes):
            vec = by_text.get(self._embed_text(n))
            if vec is None:
                todo.append(i)
            else:
                vectors[i] = vec
        batch = 64
        for b in range(0, len(todo), batch):
            idx = todo[b:b + batch]
            vectors[idx] = embedder.embed_passages([self._embed_text(all_nodes[i]) for i in idx])
            progress(0.6 + 0.35 * (b + len(idx)) / max(len(todo), 1), f"embedding {b + len(idx)}/{len(todo)}")
        report.chunks_embedded = len(todo)

        progress(0.96, "writing index")
        name = self._write_generation(all_nodes, vectors, new_files, embedder)
        report.written = True
        report.generation = name
        self._gen = self._read_generation(self.index_dir / name)  # one atomic swap for readers
        progress(1.0, "done")
        report.seconds = time.perf_counter() - started
        return report

    @staticmethod
    def _keep_old(old, old_files, key, new_files, nodes_by_file) -> None:
        # Nothing lost: a file that fails now keeps the chunks of its last good version.
        prev = old_files.get(key)
        if prev is not None and old is not None:
            new_files[key] = prev
            nodes_by_file[key] = [old.nodes[nid] for nid in prev["ids"]]

    @staticmethod
    def _embed_text(node: TextNode) -> str:
        return node.get_content(metadata_mode=MetadataMode.EMBED)

    def _write_generation(self, nodes: list[TextNode], vectors: np.ndarray, files: dict, embedder) -> str:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        existing = sorted(p.name for p in self.index_dir.glob("gen-*") if p.is_dir() and not p.name.endswith(".tmp"))
        number = int(existing[-1].split("-")[1]) + 1 if existing else 1
        name = f"gen-{number:06d}"
        tmp = self.index_dir / f"{name}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        try:
            ids = [n.node_id for n in nodes]
            docstore = SimpleDocumentStore()
            docstore.add_documents(nodes, allow_update=True)
            docstore.persist(str(tmp / "docstore.json"))
            with open(tmp / "vectors.npy", "wb") as fh:
                np.save(fh, vectors)
                fh.flush()
                os.fsync(fh.fileno())
            faiss.write_index(build_faiss(vectors), str(tmp / "faiss.index"))
            if nodes:
                # Split every text once; each language then drops its stop words and
                # stems. Row i of each BM25 index is chunk ids[i].
                split = re.compile(BM25_TOKEN_PATTERN).findall
                words = [split(self._embed_text(n).lower()) for n in nodes]
                for lang, stemmer_name in BM25_LANGUAGES.items():
                    _build_bm25(words, lang, stemmer_name).save(
                        str(tmp / f"bm25_{lang}"), corpus=None, show_progress=False)
            manifest = {
                "format": FORMAT_VERSION,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "embedder": embedder.identity,
                "dim": int(vectors.shape[1]) if vectors.ndim == 2 else embedder.dim,
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
            os.replace(tmp, self.index_dir / name)
            _fsync_dir(self.index_dir)
            pointer = self.index_dir / "CURRENT.tmp"
            with open(pointer, "w", encoding="utf-8") as fh:
                fh.write(name + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(pointer, self.index_dir / "CURRENT")
            _fsync_dir(self.index_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        # Keep the new and the previous generation; remove older ones and stale temporaries.
        keep = {name, existing[-1]} if existing else {name}
        for p in self.index_dir.glob("gen-*"):
            if p.name not in keep:
                shutil.rmtree(p, ignore_errors=True)
        return name


def _build_bm25(words: list[list[str]], language: str, stemmer_name: str) -> "bm25s.BM25":
    """A bm25s index over pre-split, lower-cased texts: the same index llama-index's
    ``BM25Retriever.from_defaults(language=..., stemmer=..., token_pattern=...)`` builds
    (``bm25s.tokenize`` with that language's stop words, then the stemmer), without a
    second regex pass or a copy of every node."""
    from bm25s.tokenization import Tokenized, _infer_stopwords

    stop = frozenset(_infer_stopwords(language))
    token_to_index: dict[str, int] = {}
    corpus_ids: list[list[int]] = []
    for doc in words:
        ids = []
        for tok in doc:
            if tok in stop:
                continue
            i = token_to_index.get(tok)
            if i is None:
                i = token_to_index[tok] = len(token_to_index)
            ids.append(i)
        corpus_ids.append(ids)
    unique = list(token_to_index)
    stems = Stemmer.Stemmer(stemmer_name).stemWords(unique)
    vocab = {stem: i for i, stem in enumerate(dict.fromkeys(stems))}
    to_stem = [vocab[st] for st in stems]
    corpus_ids = [[to_stem[i] for i in ids] for ids in corpus_ids]
    index = bm25s.BM25()
    index.index(Tokenized(ids=corpus_ids, vocab=vocab), show_progress=False)
    return index


def build_faiss(vectors: np.ndarray):
    """Inner-product FAISS index over L2-normalised vectors: exact for small corpora,
    HNSW above ``HNSW_MIN_CHUNKS`` chunks."""
    dim = int(vectors.shape[1]) if vectors.ndim == 2 and vectors.shape[0] else 384
    if len(vectors) >= HNSW_MIN_CHUNKS:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = 64
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        # Building may use every core (searching uses one thread: see _Generation).
        faiss.omp_set_num_threads(os.cpu_count() or 1)
        try:
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        finally:
            faiss.omp_set_num_threads(1)
    return index


def index_size_bytes(index_dir: str | Path) -> int:
    """Bytes on disk of the live generation."""
    root = Path(index_dir)
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return 0
    return sum(p.stat().st_size for p in (root / name).rglob("*") if p.is_file())
