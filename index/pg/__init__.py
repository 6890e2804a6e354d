"""The index in PostgreSQL with pgvector (:class:`index.pg.store.PgStore`), for several
app replicas that share one index: the schema and its migrations
(:mod:`index.pg.schema`), connections and the writer's lock
(:mod:`index.pg.connection`), full-text search scored with BM25 (:mod:`index.pg.lexical`).
Selected by ``VRAAGBAAK_STORE_URL`` / ``--store URL`` (see :func:`index.open_store`)."""
from ingest.errors import StoreUnavailable
from index.pg.store import PgStore

__all__ = ["PgStore", "StoreUnavailable"]
