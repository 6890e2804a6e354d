"""Chunks -> persisted hybrid index. The store interface is :class:`index.base.Store`; its
implementations are :class:`index.store.IndexStore` (a folder: FAISS, BM25, SQLite) and
:class:`index.pg.PgStore` (PostgreSQL with pgvector, for several replicas sharing one
index). :func:`open_store` opens the one the settings name."""
from __future__ import annotations


def open_store(settings=None, *, embedder=None):
    """The store of ``settings`` (default: from the environment), its live generation
    loaded when there is one: the PostgreSQL store when ``settings.store_url`` is set,
    else the file index in ``settings.index_dir``.

        >>> from config import Settings
        >>> type(open_store(Settings(index_dir="/nonexistent/index"))).__name__
        'IndexStore'
    """
    from config import Settings

    settings = settings or Settings.from_env()
    if settings.store_url:
        from index.pg import PgStore

        return PgStore.open(settings.store_url, settings=settings, embedder=embedder)
    from index.store import IndexStore

    return IndexStore.open(settings.index_dir, settings=settings, embedder=embedder)
