"""A deterministic stand-in embedder, for the test suite and for testing the speed
benchmark itself (``vraagbaak bench --embedder hash``): its vectors say nothing about
the real model's quality or speed.

    >>> e = HashEmbedding()
    >>> v = e.embed_passages(["Leiden telt 130.067 inwoners", "inwoners van Leiden"])
    >>> v.shape, round(float(v[0] @ v[1]), 2) > 0.5
    ((2, 96), True)
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np
from pydantic import PrivateAttr

from index.embedders import NumpyEmbedding


class HashEmbedding(NumpyEmbedding):
    """Bag of hashed words: every word (``\\w+``, lower case) is hashed into one of
    ``dim`` buckets and rows are L2-normalised. Similar wording gives similar vectors,
    which is all that retrieval needs to be exercised; it costs microseconds instead of
    e5's ~100 ms per passage on a busy CPU."""

    _size: int = PrivateAttr(default=96)

    def __init__(self, dim: int = 96, **kwargs: Any):
        if dim < 2:
            raise ValueError(f"HashEmbedding needs at least 2 dimensions, got {dim}")
        kwargs.setdefault("model_name", f"test-hash-embedding-{dim}")
        super().__init__(**kwargs)
        self._size = dim

    @property
    def dim(self) -> int:
        return self._size

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.zeros((len(texts), self._size), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
                out[i, h % self._size] += 1.0
            out[i, 0] += 1e-3  # never a zero vector
            out[i] /= np.linalg.norm(out[i])
        return out
