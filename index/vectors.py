"""The dense part of the index: chunk vectors, their FAISS index, and embedding.

Row ``i`` of :class:`DenseIndex` is the chunk ``manifest["ids"][i]``. FAISS searches an
inner-product index over L2-normalised vectors (cosine similarity): exact for small
corpora, an HNSW graph above ``HNSW_MIN_CHUNKS`` chunks (see docs/BENCHMARKS.md).
Between ``FP16_MIN_CHUNKS`` and that, the exact search first scans an 8-bit copy (a
quarter of the memory to read per question), else a float16 copy (half), and then scores
its best candidates exactly; the result is the exact one (see :meth:`DenseIndex.search`).

    >>> import numpy as np
    >>> dense = DenseIndex.build(np.eye(3, dtype=np.float32))
    >>> dense.search(np.array([0, 1, 0], dtype=np.float32), k=1)
    [(1, 1.0)]
    >>> dense.search(np.array([0, 1, 0], dtype=np.float32), k=2, rows=np.array([0, 2]))[0][1]
    0.0
"""
from __future__ import annotations

import errno
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import faiss
import numpy as np

from ingest.types import Note

# Above this many chunks, an HNSW graph replaces exact search (see docs/BENCHMARKS.md).
HNSW_MIN_CHUNKS = 50_000
# From this many chunks an exact index gets a float16 copy that is scanned first.
FP16_MIN_CHUNKS = 10_000
# Bound on |float32 score - float16 copy's score| per unit of |query| x |vector|: the
# rounding of each component to float16 (2**-11 relative) plus float32 summation in both
# scans (2 x 384 x 2**-24), with a margin of two.
FP16_ERROR = 1e-3
# The 8-bit copy's error bound is measured when it is built (the largest difference of a
# decoded component); this margin on it covers the float32 rounding of that measure.
BYTE_MARGIN = 1.01
# The 8-bit copy is tried first while it proves the top k often enough: after
# BYTE_TRIAL searches, it is left out when more than this share of them fell back
# (vectors whose scores are too close together for its error bound).
BYTE_TRIAL, BYTE_MAX_MISSES = 32, 0.25
EMBED_BATCH = 64


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
        # Building may use every core (searching uses one thread: see DenseIndex).
        faiss.omp_set_num_threads(os.cpu_count() or 1)
        try:
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        finally:
            faiss.omp_set_num_threads(1)
    return index


def read_faiss(path: Path):
    """The FAISS index in ``path``, memory-mapped where FAISS can: its vectors used in
    place (``IO_FLAG_MMAP_IFC``: 0.05 s for 37k vectors, where ``IO_FLAG_MMAP`` and a
    plain read copy them, 0.4 s), else mapped, else read whole."""
    for name in ("IO_FLAG_MMAP_IFC", "IO_FLAG_MMAP"):
        flag = getattr(faiss, name, None)
        if flag is None:
            continue
        try:
            return faiss.read_index(str(path), flag)
        except RuntimeError:  # this index type cannot be mapped so
            continue
    return faiss.read_index(str(path))


def build_fp16(vectors: np.ndarray):
    """A float16 copy of ``vectors`` to scan before an exact search (see DenseIndex.search)."""
    index = faiss.IndexScalarQuantizer(int(vectors.shape[1]), faiss.ScalarQuantizer.QT_fp16,
                                       faiss.METRIC_INNER_PRODUCT)
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def build_byte(vectors: np.ndarray):
    """An 8-bit copy of ``vectors`` (FAISS ``QT_8bit_uniform``: one range for every
    component) and the largest error of a decoded component, measured on every vector."""
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexScalarQuantizer(int(x.shape[1]), faiss.ScalarQuantizer.QT_8bit_uniform,
                                       faiss.METRIC_INNER_PRODUCT)
    index.train(x)
    index.add(x)
    err = 0.0
    for b in range(0, len(x), 8192):
        part = x[b:b + 8192]
        decoded = index.sa_decode(index.sa_encode(part))
        err = max(err, float(np.abs(decoded.astype(np.float64) - part).max()))
    return index, err


class DenseIndex:
    """Chunk vectors (float32, one row per chunk) and the FAISS index over them; for an
    exact index of ``FP16_MIN_CHUNKS`` or more, also its float16 copy (``coarse``) and the
    largest vector norm (for the bound on the copy's error), and an 8-bit copy (``byte``)
    with the largest error of one of its components (``byte_error``)."""

    VECTORS = "vectors.npy"
    FAISS = "faiss.index"
    FP16 = "faiss.fp16.index"
    FP16_META = "faiss.fp16.json"
    BYTE = "faiss.sq8.index"
    BYTE_META = "faiss.sq8.json"

    def __init__(self, vectors: np.ndarray, faiss_index=None, coarse=None, max_norm: float | None = None,
                 byte=None, byte_error: float | None = None):
        self.vectors = vectors
        # Searched directly (no list conversion per query); one thread for single queries.
        self.faiss_index = faiss_index
        self.coarse = coarse if max_norm is not None and isinstance(faiss_index, faiss.IndexFlatIP) else None
        self.max_norm = max_norm
        self.byte = byte if self.coarse is not None and byte_error is not None else None
        self.byte_error = byte_error
        self.exact_fallbacks = 0  # searches whose float16 candidates could not prove the top k
        self.byte_tries = self.byte_misses = 0  # searches through the 8-bit copy, and its fallbacks
        faiss.omp_set_num_threads(1)  # single-query search: one thread is faster on 2 cores

    @classmethod
    def build(cls, vectors: np.ndarray) -> "DenseIndex":
        index = build_faiss(vectors)
        if isinstance(index, faiss.IndexFlatIP) and len(vectors) >= FP16_MIN_CHUNKS:
            norm = float(np.sqrt((np.asarray(vectors, dtype=np.float64) ** 2).sum(axis=1).max()))
            byte, err = build_byte(vectors)
            return cls(vectors, index, build_fp16(vectors), norm, byte, err)
        return cls(vectors, index)

    @classmethod
    def load(cls, folder: Path) -> "DenseIndex":
        # Memory-mapped: pages are read as searches touch them, not all at start (a
        # generation's files never change once written).
        # (a plain ndarray view of the map: indexing a np.memmap costs a memmap object)
        vectors = np.asarray(np.load(folder / cls.VECTORS, mmap_mode="r"))
        path = folder / cls.FAISS
        coarse, norm = None, None
        if (folder / cls.FP16).exists() and (folder / cls.FP16_META).exists():
            coarse = read_faiss(folder / cls.FP16)
            norm = float(json.loads((folder / cls.FP16_META).read_text(encoding="utf-8"))["max_norm"])
        byte, err = None, None
        if coarse is not None and (folder / cls.BYTE).exists() and (folder / cls.BYTE_META).exists():
            # (a generation written before the 8-bit copy existed searches through float16)
            byte = read_faiss(folder / cls.BYTE)
            err = float(json.loads((folder / cls.BYTE_META).read_text(encoding="utf-8"))["max_error"])
        return cls(vectors, read_faiss(path) if path.exists() else None, coarse, norm, byte, err)

    def save(self, folder: Path) -> None:
        with open(folder / self.VECTORS, "wb") as fh:
            np.save(fh, self.vectors)
            fh.flush()
            os.fsync(fh.fileno())
        path = folder / self.FAISS
        try:
            faiss.write_index(self.faiss_index, str(path))
        except RuntimeError as exc:
            # FAISS reports a failed write (disk full, I/O error) as a C++ assertion
            # ("write.cpp:499: Error: 'ret == (size * 4)' failed"): made the OSError every
            # other write error is, so the user gets the same clear message.
            raise _write_error(folder, path, exc) from None
        if self.coarse is not None:
            try:
                faiss.write_index(self.coarse, str(folder / self.FP16))
            except RuntimeError as exc:
                raise _write_error(folder, folder / self.FP16, exc) from None
            (folder / self.FP16_META).write_text(json.dumps({"max_norm": self.max_norm}), encoding="utf-8")
        if self.byte is not None:
            try:
                faiss.write_index(self.byte, str(folder / self.BYTE))
            except RuntimeError as exc:
                raise _write_error(folder, folder / self.BYTE, exc) from None
            (folder / self.BYTE_META).write_text(json.dumps({"max_error": self.byte_error}), encoding="utf-8")

    def __len__(self) -> int:
        return len(self.vectors)

    def search(self, query_vec: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (row, cosine similarity); ``rows`` restricts the search (filters)."""
        if not len(self.vectors) or k <= 0:
            return []
        if rows is not None:
            if len(rows) == 0:
                return []
            scores = self.vectors[rows] @ query_vec
            top = np.argsort(-scores)[:k]
            return [(int(rows[i]), float(scores[i])) for i in top]
        if self.faiss_index is None:
            scores = self.vectors @ query_vec
            top = np.argsort(-scores)[:k]
            return [(int(i), float(scores[i])) for i in top]
        q = np.ascontiguousarray(query_vec, dtype=np.float32).reshape(1, -1)
        if self.coarse is not None:
            found = None
            want = k + max(k, 32) + 64
            # (only searches the copy can serve count towards leaving it out)
            if self.byte is not None and k < faiss.cvar.distance_compute_min_k_reservoir \
                    and want < len(self.vectors) and (self.byte_tries < BYTE_TRIAL
                                                      or self.byte_misses <= BYTE_MAX_MISSES * self.byte_tries):
                found = self._search_via(self.byte, q, k, want, self._byte_bound(q))
                self.byte_tries += 1
                self.byte_misses += found is None
            if found is None:
                bound = FP16_ERROR * float(np.linalg.norm(q)) * self.max_norm
                found = self._search_via(self.coarse, q, k, k + max(k, 32), bound)
            if found is not None:
                return found
            self.exact_fallbacks += 1
        scores, idx = self.faiss_index.search(q, min(k, len(self.vectors)))
        return [(int(i), float(sc)) for i, sc in zip(idx[0], scores[0]) if i >= 0]

    def _byte_bound(self, q: np.ndarray) -> float:
        """Bound on |exact score - 8-bit copy's score| for the query ``q``: each decoded
        component is off by at most ``byte_error``, so the score by at most that times the
        sum of |q|'s components; plus float32 summation in both scans (d x 2**-24 each,
        on |q| x the largest norm of a vector or its decoded copy), with a margin of two."""
        d = q.shape[1]
        qn = float(np.linalg.norm(q))
        summation = 4 * d * 2.0 ** -24 * qn * (self.max_norm + np.sqrt(d) * self.byte_error)
        return BYTE_MARGIN * self.byte_error * float(np.abs(q).sum()) + summation

    def _search_via(self, copy, q: np.ndarray, k: int, want: int, error: float) -> list[tuple[int, float]] | None:
        """The exact top ``k``, found through a lossy ``copy`` (float16 or 8-bit) whose
        scores are within ``error`` of the exact ones: its best ``want`` rows are the
        candidates, and the exact index scores only those (FAISS's own scan restricted by
        an id selector, so the scores and the order of ties are those of the full scan).
        Every other row's copy score is at most the last candidate's, so its exact score
        is at most that plus ``error``: when the k-th exact score is above that, no other
        row can be in the top ``k`` and the result is the exact one. None when that cannot
        be shown (the caller tries another way), or when ``k`` reaches FAISS's reservoir
        selection (whose order of ties may depend on the rows scanned)."""
        n = len(self.vectors)
        if k >= faiss.cvar.distance_compute_min_k_reservoir or want >= n:
            return None
        approx, cand = copy.search(q, want)
        if cand[0][-1] < 0:
            return None
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(cand[0]))
        scores, idx = self.faiss_index.search(q, k, params=params)
        bound = float(approx[0][-1]) + error + 1e-6
        if idx[0][-1] < 0 or not float(scores[0][-1]) > bound:
            return None
        return [(int(i), float(sc)) for i, sc in zip(idx[0], scores[0])]


def embed_reusing(texts: Sequence[str], embedder, known: Mapping[str, np.ndarray],
                  progress: Callable[[float, str], None] | None = None) -> tuple[np.ndarray, int]:
    """Vectors for ``texts``: the vector in ``known`` (text -> vector, from the previous
    generation) where there is one, the rest embedded in batches. Returns the vectors
    and how many texts were embedded; ``progress(fraction, message)`` after each batch,
    the message (an :class:`ingest.types.Note`) with the passages done and the time left at the rate so far.

    Texts are embedded shortest first, so a batch holds texts of similar length (the
    engine's work per batch follows its longest windows; measured 10 % less CPU on the
    shared PDFs' chunks); each text's vector does not depend on its batch."""
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    todo: list[int] = []
    for i, text in enumerate(texts):
        vec = known.get(text)
        if vec is None:
            todo.append(i)
        else:
            vectors[i] = vec
    todo.sort(key=lambda i: len(texts[i]))
    started = time.monotonic()
    for b in range(0, len(todo), EMBED_BATCH):
        idx = todo[b:b + EMBED_BATCH]
        vectors[idx] = embedder.embed_passages([texts[i] for i in idx])
        if progress is not None:
            done = b + len(idx)
            progress(done / max(len(todo), 1),
                     Note("progress_embedding", f"{done}/{len(todo)}{_time_left(started, done, len(todo))}"))
    return vectors, len(todo)


_OPENMP = None
_OPENMP_LOCK = threading.Lock()


def _time_left(started: float, done: int, total: int) -> str:
    """", ~40 s" (the time left) from the rate so far (the longest texts come last, so it errs short)."""
    if done >= total or done == 0:
        return ""
    left = (time.monotonic() - started) / done * (total - done)
    return f", ~{left:.0f} s" if left < 120 else f", ~{left / 60:.0f} min"


def single_openmp_thread():
    """A context in which this thread runs OpenMP code (a single query's embedding) on one
    thread; the limits are restored after. With two threads on two cores the engine's
    threads spin-wait for each other whenever another process wants a core: on a busy
    2-core machine a query embedding took 120 ms at the median and over 1 s at p95 with
    2 threads, 40 / 90 ms with one (docs/BENCHMARKS.md). Ingest keeps all threads for its
    batches.

    The embedding engine and FAISS each bundle their own libgomp: threadpoolctl finds
    every OpenMP runtime loaded in the process and limits each. It looks for them once,
    at the first query (the embedder is loaded by then); a fresh look per query would
    cost 0.4 ms."""
    global _OPENMP
    with _OPENMP_LOCK:
        if _OPENMP is None:
            from threadpoolctl import ThreadpoolController

            _OPENMP = ThreadpoolController().select(user_api="openmp")
    return _OPENMP.limit(limits=1)


def _write_error(folder: Path, path: Path, exc: Exception) -> OSError:
    """The OSError behind a failed FAISS write: ENOSPC when the disk is (nearly) full,
    else EIO (FAISS's own words go to the debug log, not to the user)."""
    logging.getLogger(__name__).debug("FAISS could not write %s: %s", path, exc)
    try:
        st = os.statvfs(folder)
        full = st.f_bavail * st.f_frsize < 64 * 2**20
    except OSError:
        full = False
    if full:
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    return OSError(errno.EIO, os.strerror(errno.EIO), str(path))
