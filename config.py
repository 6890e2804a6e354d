"""Vraagbaak settings: the one place configuration lives.

Every setting can be overridden by an environment variable ``VRAAGBAAK_<NAME>``
(upper case). Defaults work from ``make run`` on a fresh machine.

    >>> from config import Settings
    >>> s = Settings.from_env()
    >>> s.index_dir.name
    'index'
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _default_corpus() -> Path:
    return ROOT / "corpus"


def _default_index() -> Path:
    return ROOT / "var" / "index"


def _default_feedback() -> Path:
    return ROOT / "var" / "feedback.sqlite3"


@dataclass(frozen=True)
class Settings:
    """All options, with the environment variable that sets each.

    corpus_dir       VRAAGBAAK_CORPUS_DIR       folder whose files are ingested by default
    index_dir        VRAAGBAAK_INDEX_DIR        folder holding the persisted index
    embed_model      VRAAGBAAK_EMBED_MODEL      "e5" (bundled multilingual-e5-small) or a local
                                                sentence-transformers model folder
    chunk_size       VRAAGBAAK_CHUNK_SIZE       target chunk size in tokens (sentences stay whole)
    chunk_overlap    VRAAGBAAK_CHUNK_OVERLAP    token overlap between neighbouring chunks
    top_k            VRAAGBAAK_TOP_K            passages retrieved per question
    max_file_mb      VRAAGBAAK_MAX_FILE_MB      larger files are skipped with a message
    max_pages        VRAAGBAAK_MAX_PAGES        PDFs with more pages are skipped
    max_chunks_per_file VRAAGBAAK_MAX_CHUNKS_PER_FILE  a file producing more chunks is skipped
    max_columns      VRAAGBAAK_MAX_COLUMNS      a table (CSV, XLSX) with more columns is skipped
    max_line_chars   VRAAGBAAK_MAX_LINE_CHARS   a text file (TXT, MD, CSV) with a longer line is skipped
    parse_timeout_s  VRAAGBAAK_PARSE_TIMEOUT_S  wall time one file may take to be read and chunked;
                                                past it the file is skipped (``too_slow``)
    parse_memory_mb  VRAAGBAAK_PARSE_MEMORY_MB  memory (resident, MB) reading one file may take;
                                                past it the file is skipped (``too_much_memory``)
    curated_file     VRAAGBAAK_CURATED_FILE     optional JSONL of validated question/answer pairs
    synonyms_file    VRAAGBAAK_SYNONYMS_FILE    optional synonyms (one group of equivalent words per line)
    feedback_db      VRAAGBAAK_FEEDBACK_DB      SQLite file where answer feedback is stored
    upload_max_mb    VRAAGBAAK_UPLOAD_MAX_MB    size limit for files uploaded in the app
    store_url        VRAAGBAAK_STORE_URL        postgresql://user@host:port/db: keep the index (and
                                                the feedback) in PostgreSQL with pgvector instead
                                                of index_dir (and feedback_db); empty: the files
    store_schema     VRAAGBAAK_STORE_SCHEMA     PostgreSQL schema holding one index (as index_dir
                                                holds one index); created and migrated on first use
    store_timeout    VRAAGBAAK_STORE_TIMEOUT    seconds to wait for the database (connecting, or a
                                                free pooled connection) before saying it is unreachable
    store_pool_size  VRAAGBAAK_STORE_POOL_SIZE  connections each process keeps open at most
    llm_url          VRAAGBAAK_LLM_URL          base URL of an OpenAI-compatible server for written
                                                answers (Ollama, vLLM, llama.cpp), e.g.
                                                http://127.0.0.1:8080/v1; empty: extractive answers only
    llm_model        VRAAGBAAK_LLM_MODEL        model name on that server (empty: the first it lists)
    llm_timeout_s    VRAAGBAAK_LLM_TIMEOUT_S    seconds a written answer may take before the
                                                extractive answer stands
    llm_api_key      VRAAGBAAK_LLM_API_KEY      key sent to the server (most local servers need none)
    llm_max_tokens   VRAAGBAAK_LLM_MAX_TOKENS   longest written answer, in tokens
    """

    corpus_dir: Path = field(default_factory=_default_corpus)
    index_dir: Path = field(default_factory=_default_index)
    embed_model: str = "e5"
    chunk_size: int = 96
    chunk_overlap: int = 0
    top_k: int = 8
    max_file_mb: float = 200.0
    max_pages: int = 2000
    max_chunks_per_file: int = 50_000
    max_columns: int = 1000
    max_line_chars: int = 200_000
    parse_timeout_s: float = 60.0
    parse_memory_mb: float = 1024.0
    curated_file: str = ""
    synonyms_file: str = ""
    feedback_db: Path = field(default_factory=_default_feedback)
    upload_max_mb: float = 25.0
    store_url: str = ""
    store_schema: str = "vraagbaak"
    store_timeout: float = 5.0
    store_pool_size: int = 8
    llm_url: str = ""
    llm_model: str = ""
    llm_timeout_s: float = 30.0
    llm_api_key: str = field(default="", repr=False)  # kept out of logs and messages
    llm_max_tokens: int = 400

    def __post_init__(self) -> None:
        problems = []
        if self.chunk_size < 16:
            problems.append(f"chunk_size must be at least 16 tokens, got {self.chunk_size}")
        if not 0 <= self.chunk_overlap < self.chunk_size:
            problems.append("chunk_overlap must be >= 0 and smaller than chunk_size")
        if self.top_k < 1:
            problems.append(f"top_k must be at least 1, got {self.top_k}")
        for name in ("max_file_mb", "upload_max_mb", "parse_timeout_s", "parse_memory_mb"):
            if getattr(self, name) <= 0:
                problems.append(f"{name} must be positive")
        for name in ("max_pages", "max_chunks_per_file", "max_columns", "max_line_chars"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be at least 1")
        if self.store_url and not self.store_url.startswith(("postgresql://", "postgres://")):
            problems.append("store_url must be a postgresql:// URL (or empty for the file index), "
                            f"got {self.store_url.split('://')[0]!r}")
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", self.store_schema):
            problems.append(f"store_schema must be a lower-case SQL name ([a-z_][a-z0-9_]*), got {self.store_schema!r}")
        if self.store_timeout <= 0:
            problems.append("store_timeout must be positive")
        if self.store_pool_size < 1:
            problems.append("store_pool_size must be at least 1")
        if self.llm_url and not self.llm_url.startswith(("http://", "https://")):
            problems.append(f"llm_url must be an http:// or https:// URL (or empty), got {self.llm_url[:40]!r}")
        if self.llm_timeout_s <= 0:
            problems.append("llm_timeout_s must be positive")
        if self.llm_max_tokens < 1:
            problems.append("llm_max_tokens must be at least 1")
        if problems:
            raise ValueError("Invalid Vraagbaak settings: " + "; ".join(problems))

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Read ``VRAAGBAAK_*`` variables; keyword overrides win over the environment."""
        env = os.environ if environ is None else environ
        values: dict = {}
        for f in fields(cls):
            raw = env.get("VRAAGBAAK_" + f.name.upper())
            if raw is None or raw == "":
                continue
            default = getattr(cls(), f.name)
            try:
                if isinstance(default, Path):
                    values[f.name] = Path(raw).expanduser()
                elif isinstance(default, bool):
                    values[f.name] = raw.lower() in ("1", "true", "yes", "on")
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                elif isinstance(default, float):
                    values[f.name] = float(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise ValueError(f"VRAAGBAAK_{f.name.upper()}={raw!r}: {exc}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)
