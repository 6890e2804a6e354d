"""Speed benchmark: ``vraagbaak bench [--chunks N] [--store URL] [--json]`` (= ``python -m eval.bench``).

With ``--store URL`` the same phases run twice on the same corpus, for the file store and
for the PostgreSQL store (in a schema of its own, dropped after the run), and a table
compares them; the cold start is then a new replica's: ``vraagbaak ask --store URL``.

One run, on a synthetic corpus of about N chunks (eval/synth.py, written as real files so
that the real loaders and chunker run):

* ingest from scratch (chunks/s) and re-ingest of the unchanged corpus (s);
* warm ``Assistant.ask`` latency (retrieve, answer, total: p50 and p95) over a fixed mix
  of Dutch and English questions, plus the same questions asked again (query cache);
* cold start: ``vraagbaak ask "..." --json --index DIR`` from spawn to exit;
* peak resident memory (ingest and serving processes) and index size on disk;
* FAISS: exact search against the index type in use (p95, recall@10 against exact);
* the baseline: llama-index ``VectorStoreIndex`` over the same chunks with the same
  embedder (its default in-memory store) and its default retriever, same questions.

Every phase runs in its own subprocess (``--worker PHASE``) so that peak memory and
start-up are those of one job. ``--json`` prints one JSON object on stdout.

Embeddings of the synthetic corpus may be cached between runs (``--cache DIR``, default
``var/bench-cache/``; ``--no-cache`` for a true from-scratch number): the cache is keyed
by (embedder identity, sha256 of the passage text) and the JSON says how many passages
came from it. ``--fill-cache`` only embeds the corpus into the cache (for large sizes,
run it in the background, sharded with ``--shard K/N``). With ``--missing synthetic``,
passages not in the cache get a stand-in vector (a perturbed copy of a cached one)
instead of being embedded: query latency stays measurable at sizes whose embedding would
take hours; the JSON counts them and ingest throughput is then not reported as real.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from index.embedders import NumpyEmbedding  # noqa: E402
from pydantic import PrivateAttr  # noqa: E402

log = logging.getLogger("vraagbaak.bench")
DEFAULT_CACHE = ROOT / "var" / "bench-cache"


# ---------------------------------------------------------------------------- embedding cache
class EmbeddingCache:
    """Passage vectors keyed by sha256 of the text, in one folder per embedder identity.
    Several processes may add to it at once: each writes its own ``part-*.npz`` files
    (atomically); a reader merges all parts."""

    def __init__(self, root: str | Path, identity: str, tag: str = "main"):
        self.folder = Path(root) / hashlib.sha256(identity.encode()).hexdigest()[:16]
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "identity.txt").write_text(identity + "\n", encoding="utf-8")
        self.tag = f"{tag}-{os.getpid()}"
        self._vec: dict[bytes, np.ndarray] = {}
        self._new_keys: list[bytes] = []
        self._new_vecs: list[np.ndarray] = []
        self._seq = 0
        self._lock = threading.Lock()
        self.reload()

    def reload(self) -> None:
        for p in sorted(self.folder.glob("part-*.npz")):
            try:
                with np.load(p) as z:
                    keys, vecs = z["keys"], z["vectors"]
            except Exception:  # a part being written by another process
                continue
            for k, v in zip(keys, vecs):
                self._vec.setdefault(bytes(k), v)

    @staticmethod
    def key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8")).digest()

    def __len__(self) -> int:
        return len(self._vec)

    def get(self, text: str) -> np.ndarray | None:
        return self._vec.get(self.key(text))

    def put(self, text: str, vec: np.ndarray) -> None:
        k = self.key(text)
        with self._lock:
            if k in self._vec:
                return
            v = np.asarray(vec, dtype=np.float32)
            self._vec[k] = v
            self._new_keys.append(k)
            self._new_vecs.append(v)

    def flush(self) -> None:
        with self._lock:
            if not self._new_keys:
                return
            keys = np.array(self._new_keys, dtype="S32")
            vecs = np.vstack(self._new_vecs).astype(np.float32)
            self._new_keys, self._new_vecs = [], []
            self._seq += 1
            name = f"part-{self.tag}-{int(time.time())}-{self._seq:05d}.npz"
            tmp = self.folder / (name + ".tmp")
            with open(tmp, "wb") as fh:
                np.savez(fh, keys=keys, vectors=vecs)
            os.replace(tmp, self.folder / name)


class CachedEmbedding(NumpyEmbedding):
    """Wraps a real embedder: passages are looked up in an :class:`EmbeddingCache` first;
    queries always go to the real model (they are what is being timed). Same identity as
    the wrapped embedder, so an index built with it is an ordinary index.

    ``missing="embed"`` embeds what is not cached (and caches it); ``"synthetic"`` gives
    a stand-in vector instead (see the module docstring)."""

    _inner: Any = PrivateAttr()
    _cache: Any = PrivateAttr()
    _missing: str = PrivateAttr(default="embed")
    _stats: dict = PrivateAttr(default_factory=dict)
    _flush_every: int = PrivateAttr(default=512)

    def __init__(self, inner: NumpyEmbedding, cache: EmbeddingCache | None, missing: str = "embed", **kwargs: Any):
        kwargs.setdefault("model_name", inner.model_name)
        kwargs.setdefault("embed_batch_size", inner.embed_batch_size)
        super().__init__(**kwargs)
        if missing not in ("embed", "synthetic"):
            raise ValueError(f"missing must be 'embed' or 'synthetic', got {missing!r}")
        self._inner = inner
        self._cache = cache
        self._missing = missing
        self._stats = {"hit": 0, "miss": 0, "synthetic": 0}
        self._pool: np.ndarray | None = None

    @property
    def identity(self) -> str:
        return self._inner.identity

    @property
    def dim(self) -> int:
        return self._inner.dim

    @property
    def stats(self) -> dict:
        return dict(self._stats)

    def _stand_in(self, text: str) -> np.ndarray:
        if self._pool is None:
            vals = list(self._cache._vec.values()) if self._cache is not None else []
            if not vals:
                raise RuntimeError("--missing synthetic needs a non-empty embedding cache")
            self._pool = np.vstack(vals[:20000]).astype(np.float32)
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        rng = np.random.default_rng(seed)
        base = self._pool[seed % len(self._pool)]
        v = base + rng.normal(0.0, 0.025, size=base.shape).astype(np.float32)
        return v / np.linalg.norm(v)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        if is_query or self._cache is None:
            if not is_query:
                self._stats["miss"] += len(texts)
            return self._inner._encode(texts, is_query)
        out = np.zeros((len(texts), self._inner.dim), dtype=np.float32)
        todo = []
        for i, t in enumerate(texts):
            v = self._cache.get(t)
            if v is None:
                todo.append(i)
            else:
                out[i] = v
        self._stats["hit"] += len(texts) - len(todo)
        if todo and self._missing == "synthetic":
            for i in todo:
                out[i] = self._stand_in(texts[i])
            self._stats["synthetic"] += len(todo)
        elif todo:
            vecs = self._inner._encode([texts[i] for i in todo], False)
            for i, v in zip(todo, vecs):
                out[i] = v
                self._cache.put(texts[i], v)
            self._stats["miss"] += len(todo)
            if len(self._cache._new_keys) >= self._flush_every:
                self._cache.flush()
        return out


def _real_embedder(spec: str | None = None) -> NumpyEmbedding:
    """The embedder to measure: ``spec``, else --embedder, else the configured one. "hash"
    is the deterministic fake of :mod:`index.testing` (for testing the benchmark itself)."""
    from index.embedders import make_embedder

    spec = spec or os.environ.get("VRAAGBAAK_BENCH_EMBEDDER") or os.environ.get("VRAAGBAAK_EMBED_MODEL", "e5")
    if spec == "hash":
        from index.testing import HashEmbedding

        # e5's dimension: the cold start runs the real ``vraagbaak ask``, which embeds the
        # question with the configured model, against this index.
        return HashEmbedding(dim=384)
    return make_embedder(spec)


# ---------------------------------------------------------------------------- corpus
def corpus_dir(cache_root: Path | None, chunks: int, seed: int, tmp: Path) -> Path:
    """Where the synthetic corpus of this size lives (generated when missing)."""
    from eval.synth import generate_corpus

    folder = (cache_root / f"corpus-{chunks}-s{seed}") if cache_root else (tmp / "corpus")
    done = folder / ".complete"
    if not done.exists():
        if folder.exists():
            shutil.rmtree(folder)
        generate_corpus(folder, chunks=chunks, seed=seed)
        done.write_text("ok\n")
    return folder


def corpus_chunks(folder: Path, settings) -> list:
    """The chunks ingest makes of ``folder`` (the same pipeline: loaders, chunker, limits)."""
    from ingest.pipeline import load_chunks
    from ingest.scan import scan

    found, _ = scan([folder])
    return [c for out in load_chunks(found, settings) for c in out.chunks]


def chunk_texts(folder: Path, settings) -> list[str]:
    """The passage texts ingest would embed for ``folder``."""
    from index.nodes import passage_text, to_node

    return [passage_text(to_node(c)) for c in corpus_chunks(folder, settings)]


def fill_cache(args) -> int:
    from config import Settings

    settings = Settings.from_env()
    cache_root = Path(args.cache)
    folder = corpus_dir(cache_root, args.chunks, args.seed, Path(tempfile.gettempdir()))
    if args.generate_only:
        print(folder)
        return 0
    k, n = (int(x) for x in (args.shard or "0/1").split("/"))
    inner = _real_embedder()
    cache = EmbeddingCache(cache_root, inner.identity, tag=f"fill{k}")
    t0 = time.perf_counter()
    saved = folder / ".texts.json"  # chunking 100k chunks takes minutes: keep the result
    if saved.exists() and args.shard:  # background fills only; a benchmark chunks afresh
        texts = json.loads(saved.read_text(encoding="utf-8"))
    else:
        texts = chunk_texts(folder, settings)
        tmp = saved.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, saved)
    print(f"{len(texts)} chunks ({time.perf_counter() - t0:.0f} s to chunk); {len(cache)} cached", file=sys.stderr, flush=True)
    mine = [t for i, t in enumerate(texts) if i % n == k and cache.get(t) is None]
    done = 0
    t0 = time.perf_counter()
    for b in range(0, len(mine), 32):
        batch = mine[b:b + 32]
        for t, v in zip(batch, inner._encode(batch, False)):
            cache.put(t, v)
        done += len(batch)
        if done % 256 == 0 or b + 32 >= len(mine):
            cache.flush()
            rate = done / (time.perf_counter() - t0)
            print(f"shard {k}/{n}: {done}/{len(mine)} embedded, {rate:.1f}/s", file=sys.stderr, flush=True)
    cache.flush()
    return 0


# ---------------------------------------------------------------------------- helpers
def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM), MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(float(np.percentile(np.asarray(values, dtype=float), q)), 2)


def summary(values: list[float]) -> dict:
    return {"p50": pct(values, 50), "p95": pct(values, 95), "n": len(values)}


def _settings(corpus: Path, index: Path, args=None):
    from config import Settings

    # the benchmark measures the pipeline, not the curated-answer shortcut
    store = {"store_url": args.store, "store_schema": args.schema} if args is not None and args.store else {}
    return Settings.from_env(corpus_dir=corpus, index_dir=index, curated_file="", **store)


def _store(settings, emb, load: bool = False):
    """The store under test: the file index, or with --store the PostgreSQL store."""
    if settings.store_url:
        from index.pg import PgStore

        cls, where = PgStore, settings.store_url
    else:
        from index.store import IndexStore

        cls, where = IndexStore, settings.index_dir
    return cls.open(where, settings=settings, embedder=emb) if load else cls(where, settings=settings, embedder=emb)


def _embedder(args, inner: NumpyEmbedding | None = None) -> CachedEmbedding:
    inner = inner or _real_embedder()
    cache = None if args.no_cache else EmbeddingCache(args.cache, inner.identity, tag=f"bench-{args.worker}")
    return CachedEmbedding(inner, cache, missing=args.missing)


def _cache_report(emb: CachedEmbedding, use_cache: bool) -> Any:
    st = emb.stats
    if not use_cache:
        return "off"
    total = st["hit"] + st["miss"] + st["synthetic"]
    if total == 0:
        return "unused"
    if st["hit"] == total:
        return "hit"
    if st["miss"] == total:
        return "miss"
    return st


# ---------------------------------------------------------------------------- workers
def worker_ingest(args) -> dict:
    corpus, index = Path(args.corpus), Path(args.index)
    settings = _settings(corpus, index, args)
    emb = _embedder(args)
    store = _store(settings, emb)
    t0, c0 = time.perf_counter(), time.process_time()
    report = store.update([corpus])
    ingest_s = time.perf_counter() - t0
    ingest_cpu_s = time.process_time() - c0  # less sensitive to a shared machine than wall time
    stats = emb.stats
    if emb._cache is not None:
        emb._cache.flush()
    reingest = []
    for _ in range(args.reingest_runs):
        store2 = _store(settings, emb)  # a new process would do this
        t1 = time.perf_counter()
        rep2 = store2.update([corpus])
        reingest.append(time.perf_counter() - t1)
        if rep2.chunks_embedded or rep2.written:
            raise RuntimeError("re-ingest of an unchanged corpus embedded or wrote something")
        del store2
    return {
        "chunks": report.chunks_total,
        "files": len(report.files),
        "failed_files": len(report.failed),
        "ingest_s": round(ingest_s, 3),
        "ingest_chunks_per_s": round(report.chunks_total / ingest_s, 2) if ingest_s else None,
        "ingest_cpu_s": round(ingest_cpu_s, 2),
        "chunks_embedded": report.chunks_embedded,
        "embedding_cache": _cache_report(emb, not args.no_cache),
        "embedding_stats": stats,
        "reingest_s": round(statistics.median(reingest), 3),
        "reingest_runs_s": [round(x, 3) for x in reingest],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def _timed(fn, *a, **k) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn(*a, **k)
    return out, (time.perf_counter() - t) * 1e3


def faiss_compare(vectors: np.ndarray, queries: np.ndarray, k: int = 10, hnsw: bool = True, in_use=None) -> dict:
    """Exact IndexFlatIP against the index in use (what ``build_faiss`` chose) and HNSW
    (when asked): single-query latency with one thread, recall@k against exact search."""
    import faiss

    from index.vectors import build_faiss

    faiss.omp_set_num_threads(1)
    out: dict = {}
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    exact = []
    times = []
    for q in queries:
        (_, ids), ms = _timed(flat.search, q[None, :], k)
        exact.append(set(ids[0].tolist()))
        times.append(ms)
    out["flat"] = {**summary(times), "recall_at_10": 1.0}
    candidates = {"in_use": (lambda: in_use) if in_use is not None else (lambda: build_faiss(vectors))}
    if hnsw and isinstance(in_use, faiss.IndexHNSWFlat):
        candidates["hnsw32_ef64"] = lambda: in_use  # the index in use is that HNSW
    elif hnsw:
        def make_hnsw(ef):
            def build():
                faiss.omp_set_num_threads(os.cpu_count() or 1)
                idx = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
                idx.hnsw.efConstruction = 80
                idx.add(vectors)
                idx.hnsw.efSearch = ef
                faiss.omp_set_num_threads(1)
                return idx
            return build
        candidates["hnsw32_ef64"] = make_hnsw(64)
    built: dict = {}
    for name, build in candidates.items():
        idx, build_ms = _timed(build)
        built[name] = idx
        faiss.omp_set_num_threads(1)
        times, rec = [], []
        for q, ex in zip(queries, exact):
            (_, ids), ms = _timed(idx.search, q[None, :], k)
            times.append(ms)
            rec.append(len(ex & set(ids[0].tolist())) / max(len(ex), 1))
        out[name] = {**summary(times), "recall_at_10": round(float(np.mean(rec)), 4),
                     "build_s": round(build_ms / 1e3, 2), "type": type(idx).__name__}
    if hnsw and "hnsw32_ef64" in built:
        idx = built["hnsw32_ef64"]
        ef_in_use = idx.hnsw.efSearch
        for ef in (32, 128):
            idx.hnsw.efSearch = ef
            times, rec = [], []
            for q, ex in zip(queries, exact):
                (_, ids), ms = _timed(idx.search, q[None, :], k)
                times.append(ms)
                rec.append(len(ex & set(ids[0].tolist())) / max(len(ex), 1))
            out[f"hnsw32_ef{ef}"] = {**summary(times), "recall_at_10": round(float(np.mean(rec)), 4)}
        idx.hnsw.efSearch = ef_in_use
    return out


def worker_serve(args) -> dict:
    from assistant.core import Assistant
    from eval.synth import questions

    corpus, index = Path(args.corpus), Path(args.index)
    settings = _settings(corpus, index, args)
    emb = _embedder(args)
    t0 = time.perf_counter()
    store = _store(settings, emb, load=True)
    load_s = time.perf_counter() - t0
    bot = Assistant(store, settings, use_curated=False)
    _, warm_ms = _timed(bot.warm, words=True)  # as a server warms up (app_resources.load_assistant)
    qs = [q["question"] for q in questions(args.questions, seed=args.seed)]
    for q in ("Wat is de visie op internationalisering?", "How many internationals live in Leiden?"):
        bot.ask(q)  # warm-up questions outside the measured mix
    rows = {"retrieve": [], "answer": [], "total": [], "wall": [], "cpu": []}
    steps: dict[str, list[float]] = {}
    answerable = 0
    for _ in range(args.rounds):
        store.clear_query_cache()  # every measured question pays for its query embedding
        for q in qs:
            c0 = time.process_time()
            a, wall = _timed(bot.ask, q)
            rows["cpu"].append((time.process_time() - c0) * 1e3)
            for key in ("retrieve", "answer", "total"):
                rows[key].append(float(a.timings_ms[key]))
            rows["wall"].append(wall)
            answerable += bool(a.answerable)
            for key, ms in getattr(bot, "last_steps_ms", {}).items():
                steps.setdefault(key, []).append(ms)
    repeat = [(_timed(bot.ask, q)[1]) for q in qs]  # same questions again: query cache
    # where the time goes, per component
    langs = [q["lang"] for q in questions(args.questions, seed=args.seed)]
    prof = {"embed_query": [], "dense_search": [], "bm25_search": []}
    qvecs = []
    for q, lang in zip(qs, langs):
        v, ms = _timed(emb.embed_query, q)
        qvecs.append(v)
        prof["embed_query"].append(ms)
        prof["dense_search"].append(_timed(store.dense_search, v, 50)[1])
        prof["bm25_search"].append(_timed(store.bm25_search, q, 50, lang)[1])
    gen = store.live() if hasattr(store, "live") else None
    result = {
        "index_load_s": round(load_s, 3),
        "warm_s": round(warm_ms / 1e3, 3),
        "answer_ms": {k: summary(v) for k, v in rows.items()},
        "answerable_share": round(answerable / max(len(rows["total"]), 1), 3),
        "repeat_question_ms": summary(repeat),
        "profile_ms": {k: summary(v) for k, v in prof.items()},
        "steps_ms": {k: summary(v) for k, v in steps.items()},
        "faiss_type": (type(gen.faiss_index).__name__ if gen.faiss_index is not None else None) if gen is not None
                      else "pgvector HNSW" if len(store) >= _pg_exact_below() else "pgvector exact",
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if args.faiss_compare and gen is not None:
        result["faiss"] = faiss_compare(np.ascontiguousarray(gen.vectors, dtype=np.float32),
                                        np.vstack(qvecs).astype(np.float32), hnsw=len(gen.ids) >= 1000,
                                        in_use=gen.faiss_index)
    return result


def _pg_exact_below() -> int:
    from index.pg.store import EXACT_BELOW

    return EXACT_BELOW


def worker_baseline(args) -> dict:
    """What a developer gets from llama-index's defaults: the same chunks in a
    ``VectorStoreIndex`` (default in-memory SimpleVectorStore), persisted the default way,
    queried with ``as_retriever()``."""
    from llama_index.core import StorageContext, VectorStoreIndex, load_index_from_storage

    from eval.synth import questions
    from index.nodes import to_node

    corpus = Path(args.corpus)
    settings = _settings(corpus, Path(args.index))
    emb = _embedder(args)
    persist = Path(args.index).parent / "baseline-index"
    t0 = time.perf_counter()
    nodes = [to_node(c) for c in corpus_chunks(corpus, settings)]
    t_chunked = time.perf_counter()
    index = VectorStoreIndex(nodes, embed_model=emb)
    index.storage_context.persist(persist_dir=str(persist))
    ingest_s = time.perf_counter() - t0
    if emb._cache is not None:
        emb._cache.flush()
    # a re-ingest with the defaults: nothing is incremental, so it is a rebuild (timed
    # only when cheap: with the cache, or small corpora)
    del index
    t1 = time.perf_counter()
    index = load_index_from_storage(StorageContext.from_defaults(persist_dir=str(persist)), embed_model=emb)
    load_s = time.perf_counter() - t1
    retriever = index.as_retriever(similarity_top_k=settings.top_k)
    qs = [q["question"] for q in questions(args.questions, seed=args.seed)]
    retriever.retrieve("warm up")
    times, cpu = [], []
    n = min(len(qs), args.baseline_questions) if args.baseline_questions else len(qs)
    for q in qs[:n]:
        c0 = time.process_time()
        times.append(_timed(retriever.retrieve, q)[1])
        cpu.append((time.process_time() - c0) * 1e3)
    size = sum(p.stat().st_size for p in persist.rglob("*") if p.is_file())
    return {
        "chunks": len(nodes),
        "ingest_s": round(ingest_s, 3),
        "chunking_s": round(t_chunked - t0, 3),
        "ingest_chunks_per_s": round(len(nodes) / ingest_s, 2),
        "embedding_cache": _cache_report(emb, not args.no_cache),
        "load_s": round(load_s, 3),
        "query_ms": summary(times),
        "query_cpu_ms": summary(cpu),
        "index_mb": round(size / 2**20, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


WORKERS = {"ingest": worker_ingest, "serve": worker_serve, "baseline": worker_baseline}


def run_worker(phase: str, args, corpus: Path, index: Path, timeout: float | None = None) -> dict:
    out = index.parent / f"{phase}.json"
    cmd = [sys.executable, "-m", "eval.bench", "--worker", phase, "--corpus", str(corpus), "--index", str(index),
           "--out", str(out), "--cache", str(args.cache), "--missing", args.missing, "--seed", str(args.seed),
           "--questions", str(args.questions), "--rounds", str(args.rounds),
           "--reingest-runs", str(args.reingest_runs), "--baseline-questions", str(args.baseline_questions)]
    if args.no_cache:
        cmd.append("--no-cache")
    if args.store:
        cmd += ["--store", args.store, "--schema", args.schema]
    if args.faiss_compare:
        cmd.append("--faiss-compare")
    _say(args, f"[bench] {phase} ...")
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=str(ROOT), env=_env(), stdout=subprocess.DEVNULL, stderr=None, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"bench worker {phase!r} failed with exit status {proc.returncode}")
    result = json.loads(out.read_text(encoding="utf-8"))
    _say(args, f"[bench] {phase} done in {time.perf_counter() - t:.1f} s")
    return result


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["VRAAGBAAK_CURATED_FILE"] = ""
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env


def _say(args, text: str) -> None:
    if not args.quiet:
        print(text, file=sys.stderr, flush=True)


def cold_start(index: Path, question: str, runs: int, args=None) -> dict:
    """``vraagbaak ask QUESTION --json --index DIR`` (or ``--store URL``: a new replica)
    from spawn to exit, ``runs`` times."""
    exe = Path(sys.executable).with_name("vraagbaak")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "cli"]
    times, rss = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        where = ["--store", args.store] if args is not None and args.store else ["--index", str(index)]
        env = _env()
        if args is not None and args.store:
            env["VRAAGBAAK_STORE_SCHEMA"] = args.schema
        proc = subprocess.run(base + ["ask", question, "--json", *where], cwd=str(ROOT), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            raise RuntimeError(f"cold start: vraagbaak ask failed: {proc.stderr[-500:]}")
        json.loads(proc.stdout)
        rss.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
        del before
    return {"median_s": round(statistics.median(times), 3), "first_s": round(times[0], 3),
            "runs_s": [round(x, 3) for x in times], "peak_rss_mb": round(max(rss), 1)}


COLD_QUESTION = "Hoeveel internationale studenten woonden er in 2021 in de Merenwijk?"


def cold_steps(index: Path, question: str, runs: int) -> dict:
    """The cold start split by step (eval/coldstart.py), each run a fresh process;
    the median of each step."""
    per: dict[str, list[float]] = {}
    per_cpu: dict[str, list[float]] = {}
    modules = None
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-m", "eval.coldstart", "--index", str(index), "--question", question],
                              cwd=str(ROOT), env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"cold start steps failed: {proc.stderr[-500:]}")
        out = json.loads(proc.stdout)
        modules = out["modules"]
        for k, v in out["steps_s"].items():
            per.setdefault(k, []).append(v)
        for k, v in out.get("cpu_s", {}).items():
            per_cpu.setdefault(k, []).append(v)
    return {"median": {k: round(statistics.median(v), 3) for k, v in per.items()},
            "cpu_median": {k: round(statistics.median(v), 3) for k, v in per_cpu.items()}, "modules": modules}


# What the reference version's figures are compared on (``--against REF``).
AGAINST_KEYS = ("cold_start_s", "index_load_s", "warm_s", "answer_p50_ms", "answer_p95_ms", "retrieve_p95_ms",
                "compose_p95_ms", "answer_cpu_p95_ms", "reingest_s", "ingest_s", "peak_rss_mb", "index_mb")


def run_against(args, ref: str) -> dict:
    """The same benchmark, same arguments, run with the code of git revision ``ref``
    (checked out in a temporary worktree; this venv). Returns its JSON."""
    tmp = Path(tempfile.mkdtemp(prefix="vraagbaak-ref-"))
    src = tmp / "src"
    try:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(src), ref],
                       check=True, stdout=subprocess.DEVNULL)
        commit = subprocess.run(["git", "-C", str(src), "rev-parse", "HEAD"], check=True, text=True,
                                stdout=subprocess.PIPE).stdout.strip()
        argv, skip = [], False
        for a in args.argv:
            if skip:
                skip = False
                continue
            if a == "--against":
                skip = True
                continue
            if a.startswith("--against=") or a == "--json":
                continue
            argv.append(a)
        argv += ["--json", "--cache", str(Path(args.cache).resolve())]
        env = _env()
        env["PYTHONPATH"] = str(src) + os.pathsep + os.environ.get("PYTHONPATH", "")
        _say(args, f"[bench] === reference {ref} ({commit[:10]}) ===")
        proc = subprocess.run([sys.executable, "-m", "eval.bench", *argv], cwd=str(src), env=env,
                              stdout=subprocess.PIPE, stderr=None if not args.quiet else subprocess.DEVNULL, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"reference run of {ref} failed with exit status {proc.returncode}")
        res = json.loads(proc.stdout)
        res["ref"], res["commit"] = ref, commit
        return res
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(src)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


def compare_against(ours: dict, ref: dict) -> dict:
    """ref / ours for each figure of AGAINST_KEYS (above 1: this version is faster/smaller)."""
    out = {}
    for k in AGAINST_KEYS:
        a, b = ref.get(k), ours.get(k)
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
            out[k] = {"reference": a, "this": b, "ratio": round(a / b, 2)}
    return out


def print_against(res: dict) -> None:
    cmp = res.get("against", {})
    print(f"\nagainst {res['reference']['ref']} ({res['reference']['commit'][:10]}), same run:")
    print(f"{'':<28} {'reference':>12} {'this':>12} {'ratio':>8}")
    for k, v in cmp.items():
        print(f"{k:<28} {v['reference']:>12} {v['this']:>12} {v['ratio']:>8}")


def pg_size_bytes(url: str, schema: str) -> int:
    """Bytes on disk of the PostgreSQL store's tables and indexes in ``schema``."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relkind = 'r'",
                           (schema,)).fetchone()
    return int(row[0])


def drop_pg_schema(url: str, schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def run_both(args) -> dict:
    """The file store and the PostgreSQL store on the same corpus, one after the other."""
    import copy

    out = {}
    for kind in ("file", "postgresql"):
        a = copy.copy(args)
        a.store = args.store if kind == "postgresql" else None
        a.no_baseline = True  # the comparison is between the stores
        a.schema = args.schema or f"bench_{args.chunks}_{os.getpid()}"
        _say(args, f"[bench] === {kind} store ===")
        if a.store:
            drop_pg_schema(a.store, a.schema)
        try:
            out[kind] = run(a)
        finally:
            if a.store and not args.workdir:
                drop_pg_schema(a.store, a.schema)
    return out


COMPARE_ROWS = [
    ("chunks", "chunks"), ("ingest (chunks/s)", "ingest_chunks_per_s"), ("ingest (s)", "ingest_s"),
    ("re-ingest unchanged (s)", "reingest_s"), ("answer p50 (ms)", "answer_p50_ms"), ("answer p95 (ms)", "answer_p95_ms"),
    ("  retrieve p50 / p95 (ms)", ("retrieve_p50_ms", "retrieve_p95_ms")),
    ("  dense search p50 (ms)", ("profile_ms", "dense_search", "p50")),
    ("  lexical search p50 / p95 (ms)", ("profile_ms", "bm25_search")),
    ("store opened (s)", "index_load_s"), ("assistant prepared (s)", "warm_s"),
    ("cold start: ask to exit (s)", "cold_start_s"), ("peak RSS (MB)", "peak_rss_mb"), ("index size (MB)", "index_mb"),
    ("dense index", "faiss_type"),
]


def _cell(res: dict, key) -> str:
    if isinstance(key, str):
        return str(res.get(key))
    if key[0] == "profile_ms":
        prof = res.get("profile_ms", {}).get(key[1], {})
        return f"{prof.get('p50')}" if len(key) == 3 else f"{prof.get('p50')} / {prof.get('p95')}"
    return " / ".join(str(res.get(k)) for k in key)


def print_comparison(both: dict) -> None:
    print(f"{'':<34} {'file store':>22} {'PostgreSQL':>22}")
    for label, key in COMPARE_ROWS:
        print(f"{label:<34} {_cell(both['file'], key):>22} {_cell(both['postgresql'], key):>22}")
    for kind in ("file", "postgresql"):
        for n in both[kind]["notes"]:
            print(f"note ({kind}): {n}")


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 2**20
    except OSError:
        pass
    try:
        load = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        load = []
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem, 1), "loadavg_at_start": load,
            "python": sys.version.split()[0]}


def run(args) -> dict:
    from index.generations import index_size_bytes

    started = time.perf_counter()
    env_machine = machine()
    cache_root = None if args.no_cache else Path(args.cache)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="vraagbaak-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    if index.exists():
        shutil.rmtree(index)
    try:
        corpus = corpus_dir(cache_root, args.chunks, args.seed, work)
        prefill = None
        if cache_root is not None and args.missing == "embed":
            # Untimed: every passage into the cache first, so that ours and the baseline
            # see the same cache (both "hit"); --no-cache measures embedding itself.
            _say(args, "[bench] filling the embedding cache (untimed) ...")
            t = time.perf_counter()
            cmd = [sys.executable, "-m", "eval.bench", "--fill-cache", "--chunks", str(args.chunks),
                   "--seed", str(args.seed), "--cache", str(cache_root)]
            subprocess.run(cmd, cwd=str(ROOT), env=_env(), check=True, stdout=subprocess.DEVNULL,
                           stderr=None if not args.quiet else subprocess.DEVNULL)
            prefill = round(time.perf_counter() - t, 1)
        ing = run_worker("ingest", args, corpus, index)
        index_mb = (pg_size_bytes(args.store, args.schema) if args.store else index_size_bytes(index)) / 2**20
        serve = run_worker("serve", args, corpus, index)
        cold = None
        if args.cold_runs > 0:
            _say(args, "[bench] cold start ...")
            cold = cold_start(index, COLD_QUESTION, args.cold_runs, args)
            if not args.store and (ROOT / "eval" / "coldstart.py").is_file():
                cold["steps_s"] = cold_steps(index, COLD_QUESTION, args.cold_runs)
        base = run_worker("baseline", args, corpus, index) if not (args.no_baseline or args.store) else None
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    ans = serve["answer_ms"]
    res: dict = {
        "chunks": ing["chunks"],
        "requested_chunks": args.chunks,
        "files": ing["files"],
        "ingest_s": ing["ingest_s"],
        "ingest_chunks_per_s": ing["ingest_chunks_per_s"],
        "ingest_cpu_s": ing.get("ingest_cpu_s"),
        "chunks_embedded": ing["chunks_embedded"],
        "embedding_cache": ing["embedding_cache"],
        "cache_prefill_s": prefill,
        "reingest_s": ing["reingest_s"],
        "reingest_speedup": round(ing["ingest_s"] / ing["reingest_s"], 1) if ing["reingest_s"] else None,
        "retrieve_p50_ms": ans["retrieve"]["p50"], "retrieve_p95_ms": ans["retrieve"]["p95"],
        "compose_p50_ms": ans["answer"]["p50"], "compose_p95_ms": ans["answer"]["p95"],
        "answer_p50_ms": ans["total"]["p50"], "answer_p95_ms": ans["total"]["p95"],
        "answer_wall_p95_ms": ans["wall"]["p95"],
        "answer_cpu_p50_ms": ans.get("cpu", {}).get("p50"), "answer_cpu_p95_ms": ans.get("cpu", {}).get("p95"),
        "warm_s": serve.get("warm_s"), "index_load_s": serve.get("index_load_s"),
        "repeat_question_p50_ms": serve["repeat_question_ms"]["p50"],
        "repeat_question_p95_ms": serve["repeat_question_ms"]["p95"],
        "questions": args.questions, "rounds": args.rounds,
        "profile_ms": serve["profile_ms"],
        "answer_steps_ms": serve.get("steps_ms"),
        "cold_start_steps_s": (cold or {}).get("steps_s", {}).get("median"),
        "cold_start_steps_cpu_s": (cold or {}).get("steps_s", {}).get("cpu_median"),
        "answer_path_modules": (cold or {}).get("steps_s", {}).get("modules"),
        "faiss_type": serve["faiss_type"],
        "cold_start_s": cold["median_s"] if cold else None,
        "cold_start": cold,
        "peak_rss_mb": max(ing["peak_rss_mb"], serve["peak_rss_mb"], (cold or {}).get("peak_rss_mb", 0)),
        "peak_rss_mb_by_phase": {"ingest": ing["peak_rss_mb"], "serve": serve["peak_rss_mb"],
                                 "cold_start": (cold or {}).get("peak_rss_mb")},
        "index_mb": round(index_mb, 2),
    }
    if "faiss" in serve:
        res["faiss"] = serve["faiss"]
    if base:
        res.update({
            "baseline_query_p50_ms": base["query_ms"]["p50"],
            "baseline_query_p95_ms": base["query_ms"]["p95"],
            "baseline_query_cpu_p95_ms": base.get("query_cpu_ms", {}).get("p95"),
            "baseline_ingest_s": base["ingest_s"],
            "baseline_ingest_chunks_per_s": base["ingest_chunks_per_s"],
            "baseline_index_mb": base["index_mb"],
            "baseline_peak_rss_mb": base["peak_rss_mb"],
            "baseline_embedding_cache": base["embedding_cache"],
            # ours: the whole answer (retrieval + composing); the baseline: retrieval only
            "speedup_vs_baseline": round(base["query_ms"]["p95"] / ans["total"]["p95"], 2) if ans["total"]["p95"] else None,
            "speedup_vs_baseline_p50": round(base["query_ms"]["p50"] / ans["total"]["p50"], 2) if ans["total"]["p50"] else None,
            "retrieval_speedup_vs_baseline": round(base["query_ms"]["p95"] / ans["retrieve"]["p95"], 2) if ans["retrieve"]["p95"] else None,
            "ingest_speedup_vs_baseline": round(base["ingest_s"] / ing["ingest_s"], 2) if ing["ingest_s"] else None,
        })
    else:
        res.update({"baseline_query_p95_ms": None, "speedup_vs_baseline": None})
    synthetic = ing["embedding_stats"].get("synthetic", 0)
    res["synthetic_vectors"] = synthetic
    notes = []
    if isinstance(ing["embedding_cache"], (dict, str)) and ing["embedding_cache"] not in ("off", "miss"):
        notes.append("passage embeddings came (partly) from the benchmark cache: ingest_chunks_per_s is not a from-scratch number")
    if synthetic:
        notes.append(f"{synthetic} passages had stand-in vectors (--missing synthetic): latency is representative, ingest throughput is not")
    res["notes"] = notes
    if os.environ.get("VRAAGBAAK_BENCH_EMBEDDER") == "hash":
        notes.append("--embedder hash: a fake embedder; these numbers only test the benchmark")
    res["embedder"] = os.environ.get("VRAAGBAAK_BENCH_EMBEDDER") or os.environ.get("VRAAGBAAK_EMBED_MODEL", "e5")
    res["machine"] = env_machine
    res["command"] = "vraagbaak bench " + " ".join(args.argv)
    res["bench_seconds"] = round(time.perf_counter() - started, 1)
    return res


def print_table(res: dict) -> None:
    rows = [
        ("chunks", res["chunks"]),
        ("ingest (chunks/s)", res["ingest_chunks_per_s"]),
        ("embedding cache", res["embedding_cache"]),
        ("re-ingest unchanged (s)", res["reingest_s"]),
        ("answer p50 / p95 (ms)", f'{res["answer_p50_ms"]} / {res["answer_p95_ms"]}'),
        ("  retrieve p50 / p95 (ms)", f'{res["retrieve_p50_ms"]} / {res["retrieve_p95_ms"]}'),
        ("  compose p50 / p95 (ms)", f'{res["compose_p50_ms"]} / {res["compose_p95_ms"]}'),
        ("repeated question p95 (ms)", res["repeat_question_p95_ms"]),
        ("baseline query p50 / p95 (ms)", f'{res.get("baseline_query_p50_ms")} / {res.get("baseline_query_p95_ms")}'),
        ("speed-up vs baseline (p95)", res.get("speedup_vs_baseline")),
        ("cold start (s)", res["cold_start_s"]),
        ("  by step (s)", res.get("cold_start_steps_s")),
        ("answer steps p50 (ms)", {k: v["p50"] for k, v in (res.get("answer_steps_ms") or {}).items()}),
        ("peak RSS (MB)", res["peak_rss_mb"]),
        ("index on disk (MB)", res["index_mb"]),
    ]
    for k, v in rows:
        print(f"{k:<32} {v}")
    for n in res["notes"]:
        print(f"note: {n}")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="vraagbaak bench", description="Vraagbaak speed benchmark (see docs/BENCHMARKS.md)")
    ap.add_argument("--chunks", type=int, default=2000, help="size of the synthetic corpus in chunks (default 2000)")
    ap.add_argument("--seed", type=int, default=7, help="corpus and question seed (default 7)")
    ap.add_argument("--questions", type=int, default=40, help="questions in the mix, half Dutch, half English (default 40)")
    ap.add_argument("--rounds", type=int, default=3, help="times the mix is asked (query cache cleared each time; default 3)")
    ap.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    ap.add_argument("--cache", default=str(DEFAULT_CACHE), help="embedding cache and generated corpora (default var/bench-cache)")
    ap.add_argument("--no-cache", action="store_true", help="embed everything: a from-scratch ingest number")
    ap.add_argument("--missing", choices=("embed", "synthetic"), default="embed",
                    help="passages not in the cache: embed them (default) or use stand-in vectors")
    ap.add_argument("--cold-runs", type=int, default=3, help="cold-start runs (median reported; 0 = skip)")
    ap.add_argument("--reingest-runs", type=int, default=3, help="re-ingest runs (median reported)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the llama-index baseline")
    ap.add_argument("--baseline-questions", type=int, default=0, help="limit the baseline's questions (0 = all)")
    ap.add_argument("--faiss-compare", action="store_true", help="also compare exact FAISS with HNSW (latency, recall@10)")
    ap.add_argument("--embedder", default=None,
                    help="'e5' (default: VRAAGBAAK_EMBED_MODEL) or 'hash' (a fast fake, for testing the benchmark only)")
    ap.add_argument("--store", metavar="URL", default=None,
                    help="also run the PostgreSQL store at URL (a schema of its own, dropped after) and compare it "
                         "with the file store on the same corpus")
    ap.add_argument("--schema", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--against", metavar="REF", default=None,
                    help="also run the same benchmark with the code of git revision REF (e.g. a commit before a "
                         "change) in the same run, and report both and their ratios")
    ap.add_argument("--workdir", help="keep the index and results here (default: a temporary folder, removed)")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    # internal
    ap.add_argument("--fill-cache", action="store_true", help="only embed the corpus into the cache")
    ap.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--shard", default=None, help="with --fill-cache: K/N, embed every N-th passage from K")
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--index", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.argv = argv
    logging.basicConfig(level=os.environ.get("VRAAGBAAK_LOG", "WARNING").upper(), stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    if args.chunks < 1 or args.questions < 1 or args.rounds < 1:
        print("vraagbaak bench: --chunks, --questions and --rounds must be at least 1", file=sys.stderr)
        return 2
    if args.embedder:
        os.environ["VRAAGBAAK_BENCH_EMBEDDER"] = args.embedder  # inherited by the workers
    if args.worker:
        result = WORKERS[args.worker](args)
        Path(args.out).write_text(json.dumps(result), encoding="utf-8")
        return 0
    if args.fill_cache or args.generate_only:
        return fill_cache(args)
    try:
        if args.store:
            both = run_both(args)
            if args.json:
                print(json.dumps(both, ensure_ascii=False))
            else:
                print_comparison(both)
            return 0
        res = run(args)
        if args.against:
            ref = run_against(args, args.against)
            res["reference"] = ref
            res["against"] = compare_against(res, ref)
    except (RuntimeError, subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
        print(f"vraagbaak bench: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
    else:
        print_table(res)
        if args.against:
            print_against(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
