"""Chunks -> persisted hybrid index (FAISS + BM25). The store interface is :class:`index.base.Store`;
its implementation over a folder is :class:`index.store.IndexStore`."""
