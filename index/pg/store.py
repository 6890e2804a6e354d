"""The index in PostgreSQL: :class:`PgStore` implements the store interface
(:class:`index.base.Store`) over the tables of :mod:`index.pg.schema`, for several app
replicas (and command-line processes) that share one index.

    >>> from index.pg import PgStore
    >>> store = PgStore.open("postgresql://vraagbaak@db:5432/vraagbaak")   # doctest: +SKIP
    >>> report = store.update(["corpus"])                                   # doctest: +SKIP
    >>> store.bm25_search("stedenband Nagasaki", k=3, language="nl")        # doctest: +SKIP

What lives where:

* dense search: pgvector, cosine distance, an HNSW index per vector dimension
  (``hnsw.ef_search`` is raised per query to at least twice ``k``); a search restricted
  to some rows (filters) is exact;
* lexical search: PostgreSQL full text in Dutch and English (``to_tsvector('dutch', ...)``
  and ``'english_bm25'``, PostgreSQL's English stemmer with the file store's stop words),
  GIN indexes, BM25 scores (:mod:`index.pg.lexical`);
* the manifest of file hashes (``files``), generations and BM25 statistics: tables.

Why SQL written here and not llama-index's ``PGVectorStore``: that store keeps one table
of nodes with its own layout (no generations, so readers would see an update half done;
no tsvector per language with BM25 statistics, its hybrid mode ranks with ``ts_rank`` in
one text-search configuration; deletes by ref_doc_id only; SQLAlchemy, with its own
engine and pool per store). What this store needs is a few statements: a versioned row
layout (``gen_from`` / ``gen_to``) so that an update is one transaction that readers see
whole or not at all, the BM25 statistics updated in that transaction, and psycopg 3 with
one ``psycopg_pool`` pool per process.

**Generations**: an update writes generation G+1 in one transaction: rows of new and
changed files are added visible from G+1, rows of removed and replaced files are closed
at G+1, the BM25 statistics of G+1 are derived from G's, and ``state.live`` is set to
G+1. A reader that loaded G keeps searching G (every query names its generation) until
it calls :meth:`load` again; the assistant does that every few seconds, so an upload
through one replica is answered by the others within seconds. A failed or killed update
rolls back: G stays live, untouched. Rows no generation from the live one on can see are
deleted by the next update (a reader still on the generation before is not pulled away).

**One writer**: ``update`` holds an advisory lock for the schema
(:class:`index.pg.connection.WriterLock`); a second writer gets
:class:`ingest.errors.IndexLocked` at once, with the holder's pid and host.
"""
from __future__ import annotations

import errno
import hashlib
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import psycopg
from llama_index.core.schema import TextNode

from config import Settings
from index.base import IngestReport, Progress, Store
from index.embedders import NumpyEmbedding
from index.nodes import passage_text
from index.pg import lexical
from index.pg.connection import WriterLock, pool_for, redacted
from index.pg.plan import PreviousGeneration, StoreWriteFailed, UpdatePlan, generation_name, row_node
from index.pg.schema import migrate
from index.vectors import embed_reusing
from ingest.errors import IndexMissing
from ingest.metadata import DocMeta
from ingest.types import Note
from ingest.pipeline import load_chunks
from ingest.scan import scan

log = logging.getLogger(__name__)

VISIBLE = "gen_from <= %(gen)s AND (gen_to IS NULL OR gen_to > %(gen)s)"
# Below this many chunks a dense search reads every vector (exact, as the file store's
# FAISS below its HNSW threshold); above it, the HNSW index.
EXACT_BELOW = 5_000
HNSW_M, HNSW_EF_CONSTRUCTION = 16, 64


class PgStore(Store):
    """The index in the PostgreSQL database ``url`` (schema ``settings.store_schema``).

    Options: ``url`` (``postgresql://user:password@host:port/database``; default
    ``settings.store_url``), ``schema`` (default ``settings.store_schema``), and
    ``settings`` and ``embedder`` (see :class:`index.base.Store`). The schema is created
    or migrated on construction; an unreachable database raises
    :class:`index.pg.connection.StoreUnavailable` within ``settings.store_timeout``
    seconds. Searching is safe from several threads (a pool of connections); one process
    at a time may update.
    """

    def __init__(self, url: str | None = None, *, settings: Settings | None = None,
                 embedder: NumpyEmbedding | None = None, schema: str | None = None):
        super().__init__(settings=settings, embedder=embedder)
        self.url = url or self.settings.store_url
        if not self.url:
            raise ValueError("PgStore needs a postgresql:// URL (VRAAGBAAK_STORE_URL or --store)")
        self.schema = schema or self.settings.store_schema
        if schema and schema != self.settings.store_schema:
            self.settings = self.settings.with_(store_schema=schema)
        migrate(self.url, self.schema, self.settings.store_timeout)
        self.pool = pool_for(self.url, self.schema, self.settings.store_timeout, self.settings.store_pool_size)
        self._lock = threading.Lock()
        self._gen: int | None = None
        self._info: dict | None = None
        self._manifest: dict | None = None
        self._nodes_gen: int | None = None
        self._nodes: list[TextNode] | None = None
        self._node_cache: dict[int, TextNode] = {}  # chunk key -> node, kept across generations

    def __repr__(self) -> str:
        return f"PgStore({redacted(self.url)!r}, schema={self.schema!r}, generation={self.generation!r})"

    @property
    def location(self) -> str:
        return f"{redacted(self.url)} (schema {self.schema})"

    # ------------------------------------------------------------------ loading
    def _live(self, conn) -> int | None:
        row = conn.execute("SELECT live FROM state").fetchone()
        return None if row is None else row[0]

    def exists(self) -> bool:
        with self.pool.connection() as conn:
            return self._live(conn) is not None

    def load(self) -> None:
        """Follow the live generation: one small query; the generation's facts are read
        only when it is another one than the loaded."""
        with self.pool.connection() as conn:
            live = self._live(conn)
            if live is None:
                raise IndexMissing(f"no index in the PostgreSQL store {self.location} (run 'vraagbaak ingest --store URL' first)")
            if live == self._gen:
                return
            row = conn.execute("SELECT generation, created, embedder, dim, chunks, len_nl, len_en FROM generations "
                               "WHERE generation = %s", (live,)).fetchone()
        info = dict(zip(("generation", "created", "embedder", "dim", "chunks", "len_nl", "len_en"), row))
        with self._lock:
            self._info, self._gen, self._manifest = info, live, None

    @property
    def loaded(self) -> bool:
        return self._gen is not None

    def _g(self) -> tuple[int, dict]:
        if self._gen is None:
            self.load()
        with self._lock:
            return self._gen, self._info

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return int(self._info["chunks"]) if self._info else 0

    @property
    def generation(self) -> str | None:
        return generation_name(self._gen) if self._gen is not None else None

    @property
    def manifest(self) -> dict:
        gen, info = self._g()
        with self._lock:
            if self._manifest is not None and self._manifest["_generation"] == gen:
                return self._manifest
        with self.pool.connection() as conn:
            files = {key: entry for key, entry in conn.execute(
                f"SELECT key, entry FROM files WHERE {VISIBLE} ORDER BY key", {"gen": gen})}
            ids = [i for (i,) in conn.execute(
                f"SELECT id FROM chunks WHERE {VISIBLE} ORDER BY file_key, position", {"gen": gen})]
        manifest = {"format": "postgresql", "_generation": gen, "created": _when(info["created"]),
                    "embedder": info["embedder"], "dim": info["dim"], "chunks": info["chunks"], "ids": ids,
                    "files": files}
        with self._lock:
            if self._gen == gen:
                self._manifest = manifest
        return manifest

    def nodes(self) -> list[TextNode]:
        """Every chunk of the loaded generation. Nodes are kept in memory by chunk key, so
        after an update only the new rows are read."""
        gen, _info = self._g()
        with self._lock:
            if self._nodes_gen == gen and self._nodes is not None:
                return list(self._nodes)
        with self.pool.connection() as conn:
            keys = [pk for (pk,) in conn.execute(
                f"SELECT pk FROM chunks WHERE {VISIBLE} ORDER BY file_key, position", {"gen": gen})]
            cache = self._node_cache
            missing = [pk for pk in keys if pk not in cache]
            fetched: dict[int, TextNode] = {}
            for b in range(0, len(missing), 20_000):
                part = missing[b:b + 20_000]
                for pk, cid, text, md in conn.execute(
                        "SELECT pk, id, text, metadata FROM chunks WHERE pk = ANY(%s)", (part,)):
                    fetched[pk] = row_node(cid, text, md)
        with self._lock:
            cache.update(fetched)
            nodes = [cache[pk] for pk in keys]
            if len(cache) > len(keys):  # drop nodes no longer in the loaded generation
                wanted = set(keys)
                self._node_cache = {pk: n for pk, n in cache.items() if pk in wanted}
            if self._gen == gen:
                self._nodes_gen, self._nodes = gen, nodes
        return list(nodes)

    def node(self, node_id: str) -> TextNode:
        gen, _info = self._g()
        with self.pool.connection() as conn:
            row = conn.execute(f"SELECT id, text, metadata FROM chunks WHERE id = %(id)s AND {VISIBLE}",
                               {"id": node_id, "gen": gen}).fetchone()
        if row is None:
            raise KeyError(node_id)
        return row_node(*row)

    def stats(self) -> dict:
        if not self.exists():
            return {"documents": [], "chunks": 0, "indexed_at": None, "years": []}
        manifest = self.manifest
        gen = manifest["_generation"]
        docs = []
        for _key, entry in sorted(manifest["files"].items(), key=lambda kv: kv[1]["source"]):
            docs.append({k: entry.get(k) for k in ("source", "title", "year", "language", "chunks", "url")})
        with self.pool.connection() as conn:
            years = [y for (y,) in conn.execute(
                f"SELECT DISTINCT year FROM chunks WHERE {VISIBLE} AND year IS NOT NULL AND year <> 0 ORDER BY year",
                {"gen": gen})]
        return {"documents": docs, "chunks": manifest["chunks"], "indexed_at": manifest["created"], "years": years,
                "embedder": manifest["embedder"], "generation": generation_name(gen)}

    # ------------------------------------------------------------------ searching
    def rows_matching(self, sources: Iterable[str] | None = None, years: Iterable[int] | None = None) -> np.ndarray | None:
        if not sources and not years:
            return None
        gen, _info = self._g()
        where, params = [VISIBLE], {"gen": gen}
        if sources:
            where.append("source = ANY(%(sources)s)")
            params["sources"] = list(sources)
        if years:
            where.append("year = ANY(%(years)s)")
            params["years"] = [int(y) for y in years]
        with self.pool.connection() as conn:
            keys = [pk for (pk,) in conn.execute(f"SELECT pk FROM chunks WHERE {' AND '.join(where)} ORDER BY pk",
                                                 params)]
        return np.asarray(keys, dtype=np.int64)

    def dense_search(self, query_vec: np.ndarray, k: int, rows: np.ndarray | None = None) -> list[tuple[str, float]]:
        gen, info = self._g()
        if k <= 0 or not info["chunks"] or (rows is not None and len(rows) == 0):
            return []
        dim = int(info["dim"])
        vec = np.asarray(query_vec, dtype=np.float32)
        params = {"gen": gen, "q": vec, "k": int(k)}
        if rows is not None or info["chunks"] < EXACT_BELOW:
            # Exact: the distance is computed for every candidate row (no index on the
            # expression without the cast).
            where = VISIBLE + (" AND pk = ANY(%(rows)s)" if rows is not None else "")
            if rows is not None:
                params["rows"] = [int(r) for r in rows]
            query = (f"SELECT id, 1 - (embedding <=> %(q)s::vector) AS score FROM chunks "
                     f"WHERE dim = {dim} AND {where} ORDER BY score DESC, pk LIMIT %(k)s")
            with self.pool.connection() as conn:
                return [(cid, float(s)) for cid, s in conn.execute(query, params)]
        cast = f"::vector({dim})"
        query = (f"SELECT id, 1 - (embedding{cast} <=> %(q)s{cast}) AS score FROM chunks "
                 f"WHERE dim = {dim} AND {VISIBLE} ORDER BY embedding{cast} <=> %(q)s{cast} LIMIT %(k)s")
        with self.pool.connection() as conn:
            conn.execute(f"SET LOCAL hnsw.ef_search = {max(64, 2 * int(k))}")
            return [(cid, float(s)) for cid, s in conn.execute(query, params)]

    def dense_scores(self, query_vec: np.ndarray, ids: Sequence[str]) -> np.ndarray:
        gen, _info = self._g()
        ids = list(ids)
        if not ids:
            return np.zeros(0, dtype=np.float32)
        with self.pool.connection() as conn:
            found = dict(conn.execute(
                f"SELECT id, 1 - (embedding <=> %(q)s::vector) FROM chunks WHERE id = ANY(%(ids)s) AND {VISIBLE}",
                {"q": np.asarray(query_vec, dtype=np.float32), "ids": ids, "gen": gen}).fetchall())
        missing = [i for i in ids if i not in found]
        if missing:
            raise KeyError(missing[0])
        return np.array([found[i] for i in ids], dtype=np.float32)

    def bm25_search(self, query: str, k: int, language: str = "nl", rows: np.ndarray | None = None) -> list[tuple[str, float]]:
        if language not in lexical.CONFIGS:
            language = "nl"
        gen, info = self._g()
        if k <= 0 or not info["chunks"] or (rows is not None and len(rows) == 0):
            return []
        avg = info["len_nl" if language == "nl" else "len_en"] / max(info["chunks"], 1)
        with self.pool.connection() as conn:
            terms = lexical.query_terms(conn, query, language, gen, int(info["chunks"]))
            return lexical.bm25(conn, terms, k, language, gen, avg, rows)

    # ------------------------------------------------------------------ writing
    def lock(self) -> WriterLock:
        """Take the writer's lock (``update`` takes it itself); raises
        :class:`ingest.errors.IndexLocked` while another process has it."""
        return WriterLock(self.url, self.schema, self.settings.store_timeout)

    def update(self, paths: Sequence[str | Path] | None = None, *, progress: Progress | None = None,
               metadata: dict[str, DocMeta] | None = None) -> IngestReport:
        started = time.perf_counter()
        progress = progress or (lambda f, m: None)
        paths = [Path(p) for p in (paths or [self.settings.corpus_dir])]
        with self.lock():
            try:
                report = self._update_locked(paths, progress, metadata)
            except psycopg.Error as exc:  # the transaction rolled back: the live generation is untouched
                why = " ".join(str(exc).split())[:300] or type(exc).__name__
                raise StoreWriteFailed(errno.EIO, f"PostgreSQL: {why}") from exc
        report.seconds = time.perf_counter() - started
        return report

    def _previous(self) -> PreviousGeneration | None:
        with self.pool.connection() as conn:
            live = self._live(conn)
            if live is None:
                return None
            embedder = conn.execute("SELECT embedder FROM generations WHERE generation = %s", (live,)).fetchone()[0]
            files = {key: entry for key, entry in conn.execute(
                f"SELECT key, entry FROM files WHERE {VISIBLE}", {"gen": live})}
        return PreviousGeneration(live, {"embedder": embedder, "files": files})

    def _update_locked(self, paths: list[Path], progress: Progress, metadata) -> IngestReport:
        embedder = self.embedder
        previous = self._previous()
        plan = UpdatePlan(previous, embedder.identity)
        found, folders = scan(paths)
        shown = [0.0]

        def reading(fraction: float, what) -> None:
            shown[0] = fraction * 0.6
            progress(shown[0], what)

        def pages(source: str, read: int, n: int) -> None:
            progress(shown[0], Note("progress_pages", f"{read}/{n}: {source}"))

        for outcome in load_chunks(found, self.settings, metadata, unchanged=plan.unchanged,
                                   progress=reading, pages=pages):
            plan.add(outcome)
        plan.settle(folders, paths)
        new = plan.new_nodes()
        total = sum(len(e["ids"]) for e in plan.files.values())
        report = IngestReport(files=plan.results, chunks_total=total)
        if not plan.changed:
            progress(1.0, Note("progress_done"))
            report.generation = previous.name
            self.load()
            return report

        texts = [passage_text(n) for _key, n in new]
        shas = [hashlib.sha256(t.encode("utf-8")).digest() for t in texts]
        known = self._known_vectors(previous, shas, texts) if plan.same_embedder else {}
        vectors, report.chunks_embedded = embed_reusing(
            texts, embedder, known, progress=lambda fraction, what: progress(0.6 + 0.3 * fraction, what))
        progress(0.92, Note("progress_writing"))
        number = self._write(previous, plan, new, texts, shas, vectors, embedder)
        report.written = True
        report.generation = generation_name(number)
        self.load()
        progress(1.0, Note("progress_done"))
        return report

    def _known_vectors(self, previous: PreviousGeneration, shas: list[bytes], texts: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of the live generation's passages whose text is among ``texts``."""
        by_sha = dict(zip(shas, texts))
        known: dict[str, np.ndarray] = {}
        with self.pool.connection() as conn:
            for b in range(0, len(shas), 5000):
                for sha, vec in conn.execute(
                        f"SELECT DISTINCT ON (passage_sha) passage_sha, embedding FROM chunks "
                        f"WHERE passage_sha = ANY(%(shas)s) AND {VISIBLE}", {"shas": shas[b:b + 5000], "gen": previous.number}):
                    known[by_sha[bytes(sha)]] = np.asarray(vec.to_numpy(), dtype=np.float32)
        return known

    def _write(self, previous: PreviousGeneration | None, plan: UpdatePlan, new: list[tuple[str, TextNode]], texts: list[str],
               shas: list[bytes], vectors: np.ndarray, embedder: NumpyEmbedding) -> int:
        """Generation ``previous + 1`` in one transaction; returns its number."""
        old = previous.number if previous is not None else 0
        gen = old + 1
        dim = int(vectors.shape[1]) if vectors.ndim == 2 and len(vectors) else int(embedder.dim)
        kept = sorted(plan.kept)
        with self.pool.connection() as conn:
            conn.execute("SET LOCAL maintenance_work_mem = '512MB'")
            conn.execute("SET LOCAL synchronous_commit = on")
            # Rows that neither the live generation nor any later one sees: no reader needs them.
            conn.execute("DELETE FROM chunks WHERE gen_to IS NOT NULL AND gen_to <= %s", (old,))
            conn.execute("DELETE FROM files WHERE gen_to IS NOT NULL AND gen_to <= %s", (old,))
            conn.execute("DELETE FROM term_stats WHERE generation < %s", (old,))
            conn.execute("DELETE FROM generations WHERE generation < %s", (old,))
            # Rows of G that G+1 does not keep are closed at G+1.
            if previous is not None:
                for table, column in (("chunks", "file_key"), ("files", "key")):
                    conn.execute(f"UPDATE {table} SET gen_to = %(new)s WHERE {VISIBLE} AND NOT ({column} = ANY(%(kept)s))",
                                 {"gen": old, "new": gen, "kept": kept})
            # New rows: copied into a temporary table, then inserted with their tsvectors.
            conn.execute("""CREATE TEMPORARY TABLE incoming (
                                id text, file_key text, source text, year integer, kind text, language text,
                                position integer, text text, metadata jsonb, passage text, passage_sha bytea,
                                embedding vector, words_nl text, words_en text) ON COMMIT DROP""")
            with conn.cursor() as cur:
                with cur.copy("COPY incoming FROM STDIN WITH (FORMAT BINARY)") as copy:
                    copy.set_types(["text", "text", "text", "int4", "text", "text", "int4", "text", "jsonb", "text",
                                    "bytea", "vector", "text", "text"])
                    for (key, node), text, sha, vec in zip(new, texts, shas, vectors):
                        md = node.metadata
                        year = md.get("year")
                        copy.write_row((node.node_id, key, md.get("source") or "", int(year) if year else None,
                                        md.get("kind") or "text", md.get("language"), int(md.get("position") or 0),
                                        node.text, _Json(md), text, sha, vec, lexical.words(text, "nl"),
                                        lexical.words(text, "en")))
            conn.execute("""INSERT INTO chunks (id, gen_from, file_key, source, year, kind, language, position, text,
                                                metadata, passage, passage_sha, dim, embedding, tsv_nl, tsv_en, len_nl, len_en,
                                                tf_nl, tf_en)
                            SELECT i.id, %(gen)s, i.file_key, i.source, i.year, i.kind, i.language, i.position, i.text,
                                   i.metadata, i.passage, i.passage_sha, %(dim)s, i.embedding, nl, en,
                                   (SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0) FROM unnest(nl) u),
                                   (SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0) FROM unnest(en) u),
                                   (SELECT jsonb_object_agg(u.lexeme, array_length(u.positions, 1)) FROM unnest(nl) u
                                     WHERE array_length(u.positions, 1) > 1),
                                   (SELECT jsonb_object_agg(u.lexeme, array_length(u.positions, 1)) FROM unnest(en) u
                                     WHERE array_length(u.positions, 1) > 1)
                              FROM incoming i,
                                   LATERAL to_tsvector('dutch', i.words_nl) nl,
                                   LATERAL to_tsvector('english_bm25', i.words_en) en""", {"gen": gen, "dim": dim})
            for key, entry in plan.files.items():
                if key not in plan.kept:
                    conn.execute("INSERT INTO files (key, gen_from, source, sha256, entry) VALUES (%s, %s, %s, %s, %s)",
                                 (key, gen, entry["source"], entry["sha256"], _Json(entry)))
            self._term_stats(conn, old, gen, previous is not None)
            conn.execute(f"""INSERT INTO generations (generation, embedder, dim, chunks, len_nl, len_en)
                             SELECT %(gen)s, %(embedder)s, %(dim)s, count(*), coalesce(sum(len_nl), 0),
                                    coalesce(sum(len_en), 0)
                               FROM chunks WHERE {VISIBLE}""", {"gen": gen, "embedder": embedder.identity, "dim": dim})
            ensure_vector_index(conn, dim)
            conn.execute("UPDATE state SET live = %s", (gen,))
        return gen

    @staticmethod
    def _term_stats(conn, old: int, gen: int, incremental: bool) -> None:
        """Document frequencies of generation ``gen``: those of ``old`` minus the rows
        closed at ``gen`` plus the rows added in it (from scratch without ``old``)."""
        for lang, column in (("nl", "tsv_nl"), ("en", "tsv_en")):
            if incremental:
                conn.execute(f"""
                    INSERT INTO term_stats (generation, lang, lexeme, df)
                    SELECT %(gen)s, %(lang)s, lexeme, sum(d) FROM (
                        SELECT lexeme, df AS d FROM term_stats WHERE generation = %(old)s AND lang = %(lang)s
                        UNION ALL
                        SELECT unnest(tsvector_to_array({column})), -1 FROM chunks WHERE gen_to = %(gen)s
                        UNION ALL
                        SELECT unnest(tsvector_to_array({column})), 1 FROM chunks WHERE gen_from = %(gen)s
                    ) AS x(lexeme, d)
                    GROUP BY lexeme HAVING sum(d) > 0""", {"gen": gen, "old": old, "lang": lang})
            else:
                conn.execute(f"""
                    INSERT INTO term_stats (generation, lang, lexeme, df)
                    SELECT %(gen)s, %(lang)s, lexeme, count(*)
                      FROM chunks, unnest(tsvector_to_array({column})) AS lexeme
                     WHERE {VISIBLE} GROUP BY lexeme""", {"gen": gen, "lang": lang})


def ensure_vector_index(conn, dim: int) -> None:
    """The HNSW index (cosine) over the vectors of dimension ``dim``, made if missing.
    Made after the rows of a first ingest are in (one build is much faster than adding
    rows one by one); it takes no lock that stops readers."""
    name = f"chunks_hnsw_{dim}"
    exists = conn.execute("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE c.relname = %s AND n.nspname = current_schema()", (name,)).fetchone()
    if not exists:
        conn.execute(f"CREATE INDEX {name} ON chunks USING hnsw ((embedding::vector({dim})) vector_cosine_ops) "
                     f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION}) WHERE dim = {dim}")


def _Json(value):
    from psycopg.types.json import Jsonb

    return Jsonb(value)


def _when(created) -> str | None:
    if created is None:
        return None
    return created.astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")


__all__ = ["PgStore", "generation_name"]
