"""The PostgreSQL store's schema, created and migrated by the program itself.

Every store lives in one PostgreSQL schema (``settings.store_schema``; one schema per
index, as one folder per index for the file store). ``schema_migrations`` records which
of :data:`MIGRATIONS` have run; :func:`migrate` runs the missing ones in order, each in
the same transaction as its row in that table, under a transaction-level advisory lock
(two processes starting at once do not both migrate). A schema newer than this program
is refused with a message instead of being used.

Tables (version 2):

``state``        one row: the live generation (NULL before the first ingest)
``generations``  one row per generation: embedder, dimensions, chunk count, and the
                 document count and summed lengths that BM25 needs (per language)
``files``        the manifest: one row per (file, generation range) with its content hash
                 and manifest entry (JSONB)
``chunks``       one row per (chunk, generation range): the chunk's metadata as JSONB (any
                 key; a new metadata key needs no migration) plus the columns searched or
                 filtered on (source, year, kind, language, position), the passage text that
                 is embedded and indexed, its vector (pgvector; an HNSW index per
                 dimension), and its Dutch and English ``tsvector`` (GIN indexes) with
                 their lengths and the lexemes that occur more than once (JSONB lexeme ->
                 count; NULL when none does, as in most sentences); English is the text-search configuration ``english_bm25``
                 (PostgreSQL's English stemmer, the stop words of the file store's BM25)
``term_stats``   per generation and language: the document frequency of every lexeme (BM25)
``feedback``     answer feedback (see :mod:`assistant.feedback`)

A row is visible in generation G when ``gen_from <= G AND (gen_to IS NULL OR gen_to > G)``:
an update adds rows from the new generation on and closes the rows it replaces, all in
one transaction, so readers keep a consistent view of the generation they loaded.
"""
from __future__ import annotations

import psycopg

from index.pg.connection import connect
from ingest.errors import StoreUnavailable

# (version, description, statements); never edit a released migration: add one.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "index: state, generations, files, chunks, term statistics", [
        """CREATE TABLE state (
               singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
               live       bigint
           )""",
        "INSERT INTO state (singleton, live) VALUES (true, NULL)",
        """CREATE TABLE generations (
               generation bigint PRIMARY KEY,
               created    timestamptz NOT NULL DEFAULT now(),
               embedder   text NOT NULL,
               dim        integer NOT NULL,
               chunks     integer NOT NULL,
               len_nl     bigint NOT NULL,
               len_en     bigint NOT NULL
           )""",
        """CREATE TABLE files (
               key        text NOT NULL,
               gen_from   bigint NOT NULL,
               gen_to     bigint,
               source     text NOT NULL,
               sha256     text NOT NULL,
               entry      jsonb NOT NULL,
               PRIMARY KEY (key, gen_from)
           )""",
        """CREATE TABLE chunks (
               pk          bigserial PRIMARY KEY,
               id          text NOT NULL,
               gen_from    bigint NOT NULL,
               gen_to      bigint,
               file_key    text NOT NULL,
               source      text NOT NULL,
               year        integer,
               kind        text NOT NULL,
               language    text,
               position    integer NOT NULL,
               text        text NOT NULL,
               metadata    jsonb NOT NULL,
               passage     text NOT NULL,
               passage_sha bytea NOT NULL,
               dim         integer NOT NULL,
               embedding   vector NOT NULL,
               tsv_nl      tsvector NOT NULL,
               tsv_en      tsvector NOT NULL,
               len_nl      integer NOT NULL,
               len_en      integer NOT NULL,
               tf_nl       jsonb,
               tf_en       jsonb
           )""",
        "CREATE UNIQUE INDEX chunks_id_gen ON chunks (id, gen_from)",
        "CREATE INDEX chunks_file ON chunks (file_key)",
        "CREATE INDEX chunks_source ON chunks (source)",
        "CREATE INDEX chunks_year ON chunks (year)",
        "CREATE INDEX chunks_gen_to ON chunks (gen_to)",
        "CREATE INDEX chunks_passage_sha ON chunks (passage_sha)",
        "CREATE INDEX chunks_tsv_nl ON chunks USING gin (tsv_nl)",
        "CREATE INDEX chunks_tsv_en ON chunks USING gin (tsv_en)",
        # The HNSW index is made per vector dimension by the first write with that
        # dimension (index.pg.store.ensure_vector_index): a column without a fixed
        # dimension lets the embedder change without rewriting the table.
        # English as bm25s reads it: PostgreSQL's English (Snowball) stemmer, without its
        # 127 stop words; the program drops bm25s's 33 before the text gets here
        # (index.pg.lexical). Dutch uses PostgreSQL's 'dutch': its stop words are bm25s's.
        "CREATE TEXT SEARCH DICTIONARY english_stem_all (TEMPLATE = snowball, Language = english)",
        "CREATE TEXT SEARCH CONFIGURATION english_bm25 (COPY = pg_catalog.english)",
        "ALTER TEXT SEARCH CONFIGURATION english_bm25 ALTER MAPPING REPLACE english_stem WITH english_stem_all",
        # Queries keep their Dutch stop words, as the file store's do: "andere" in a question
        # still meets "ander" in a document.
        "CREATE TEXT SEARCH DICTIONARY dutch_stem_all (TEMPLATE = snowball, Language = dutch)",
        "CREATE TEXT SEARCH CONFIGURATION dutch_query (COPY = pg_catalog.dutch)",
        "ALTER TEXT SEARCH CONFIGURATION dutch_query ALTER MAPPING REPLACE dutch_stem WITH dutch_stem_all",
        """CREATE TABLE term_stats (
               generation bigint NOT NULL,
               lang       text NOT NULL,
               lexeme     text NOT NULL,
               df         integer NOT NULL,
               PRIMARY KEY (generation, lang, lexeme)
           )""",
    ]),
    (2, "feedback on answers", [
        """CREATE TABLE feedback (
               id                TEXT PRIMARY KEY,
               created           TEXT NOT NULL,
               updated           TEXT NOT NULL,
               rating            INTEGER,
               comment           TEXT NOT NULL DEFAULT '',
               question          TEXT NOT NULL,
               language          TEXT,
               answerable        INTEGER,
               answer            TEXT NOT NULL,
               citations         TEXT NOT NULL,
               resolved_question TEXT,
               filters           TEXT,
               ui_language       TEXT,
               index_generation  TEXT
           )""",
    ]),
]
VERSION = MIGRATIONS[-1][0]
_MIGRATE_LOCK = 0x7672_6161_6762  # "vraagb": one migration at a time per database


def migrate(url: str, schema: str, timeout: float) -> int:
    """Create the schema and run the migrations it lacks; returns its version."""
    with connect(url, schema, timeout) as conn:
        try:
            return _migrate(conn, schema)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(f"the PostgreSQL store could not be prepared: {exc}") from None


def _migrate(conn: psycopg.Connection, schema: str) -> int:
    from psycopg import sql

    conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATE_LOCK,))
    has_vector = conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'vector'").fetchone()
    if not has_vector:
        try:
            conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except psycopg.Error as exc:
            conn.rollback()
            raise StoreUnavailable(
                "the PostgreSQL extension 'vector' (pgvector) is not installed in this database and could not "
                f"be created ({str(exc).strip().splitlines()[0]}); install pgvector on the server and run "
                "'CREATE EXTENSION vector;' as a superuser") from None
    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    conn.execute(sql.SQL("SET LOCAL search_path TO {}, public").format(sql.Identifier(schema)))
    conn.execute("""CREATE TABLE IF NOT EXISTS schema_migrations (
                        version     integer PRIMARY KEY,
                        description text NOT NULL,
                        applied_at  timestamptz NOT NULL DEFAULT now())""")
    done = {v for (v,) in conn.execute("SELECT version FROM schema_migrations")}
    newer = sorted(v for v in done if v > VERSION)
    if newer:
        conn.rollback()
        raise StoreUnavailable(f"the PostgreSQL store (schema {schema}) has schema version {max(newer)}, newer than "
                               f"this program's {VERSION}: upgrade Vraagbaak")
    for version, description, statements in MIGRATIONS:
        if version in done:
            continue
        for statement in statements:
            conn.execute(statement)
        conn.execute("INSERT INTO schema_migrations (version, description) VALUES (%s, %s)", (version, description))
    conn.commit()
    return VERSION
