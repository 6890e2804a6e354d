"""Chunks -> persisted hybrid index (FAISS + BM25). Entry point: :class:`index.store.IndexStore`."""
