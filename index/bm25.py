"""The lexical part of the index: one BM25 index (bm25s) per language, Dutch and English,
each with its own stop words and PyStemmer stemmer.

Row ``i`` of a :class:`BM25Index` is the chunk ``manifest["ids"][i]``: it is built over
the chunks in that order, so no node is rebuilt per query, and a filter (``rows``) is
applied before the top ``k`` is taken, not after.

Letters are compared without their diacritics ("Toruń" finds "Torun", "coordinatie"
finds "coördinatie"): documents and queries are folded alike.

    >>> index = BM25Index.build(["Leiden telde 130.067 inwoners", "De stedenband met Toruń"], "nl")
    >>> [row for row, score in index.search("inwoners van Leiden", k=5)]
    [0]
    >>> [row for row, score in index.search("Torun", k=5)]
    [1]
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import Stemmer

# Stop words and stemmer of each language's index (bm25s and PyStemmer names).
LANGUAGES = {"nl": "dutch", "en": "english"}
# Numbers keep their decimal part ("13,1", "130.067") and single digits count; words
# need two letters (llama-index's default pattern drops "1" and splits "13,1").
TOKEN_PATTERN = r"(?u)\d+(?:[.,]\d+)*|\b\w\w+\b"
# The query's stop words, saved with the index (bm25s's English list): answering then
# needs neither bm25s nor SciPy, which it imports (about a second of start-up).
QUERY_STOPWORDS = "query_stopwords.json"
# bm25s methods whose scores are the sum of the stored matrix entries (no
# "non-occurrence" term): the ones :meth:`BM25Index.scores` computes itself.
PLAIN_METHODS = ("lucene", "robertson", "atire")
# Saved with an index whose documents were folded (see :func:`fold`); its queries are
# folded too. An index without it (an older one) is searched as it was built.
TOKENS_FILE = "tokens.json"


def fold(text: str) -> str:
    """``text`` without diacritics ("Toruń" -> "Torun", "Oekraïners" -> "Oekrainers")."""
    if text.isascii():
        return text
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


class BM25Index:
    """One language's BM25 index, searched directly: the scores of all chunks from the
    stored sparse matrix, the top ``k`` with ``argpartition``.

    Documents and queries are tokenised as llama-index's ``BM25Retriever`` does (lower
    case, ``TOKEN_PATTERN``, the stemmer), with the stop words of the index's language
    dropped from the documents and English stop words from the query, as its query
    tokenisation (``bm25s.tokenize`` with its defaults) does.

    bm25s builds the index (ingest). Searching reads the saved matrix (memory-mapped)
    and its vocabulary and sums the query words' columns exactly as bm25s's
    ``get_scores_from_ids`` does (same order, same float32 sums), without importing
    bm25s: that import pulls in SciPy, the largest part of a cold start's imports."""

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, vocab: dict[str, int],
                 num_docs: int, language: str, stopwords: Sequence[str], dtype: str = "float32",
                 int_dtype: str = "int32", bm25=None, folded: bool = False):
        if language not in LANGUAGES:
            raise ValueError(f"BM25 language must be one of {sorted(LANGUAGES)}, got {language!r}")
        self.data, self.indices, self.indptr = data, indices, indptr
        self.vocab = vocab
        self.num_docs = int(num_docs)
        self.language = language
        self.dtype, self.int_dtype = np.dtype(dtype), np.dtype(int_dtype)
        self.bm25 = bm25  # the bm25s object, for an index just built (or of another method)
        self.folded = folded  # documents without diacritics: fold the query too
        self.stemmer = Stemmer.Stemmer(LANGUAGES[language])
        self._split = re.compile(TOKEN_PATTERN).findall
        self._stop = frozenset(stopwords)

    @classmethod
    def _of(cls, bm25, language: str, folded: bool = False) -> "BM25Index":
        from bm25s.stopwords import STOPWORDS_EN

        sc = bm25.scores
        return cls(sc["data"], sc["indices"], sc["indptr"], bm25.vocab_dict, sc.get("num_docs", 0), language,
                   STOPWORDS_EN, bm25.dtype, bm25.int_dtype, bm25=bm25, folded=folded)

    @classmethod
    def build(cls, texts: Sequence[str], language: str) -> "BM25Index":
        """The index over ``texts`` (row i = texts[i])."""
        import bm25s
        from bm25s.tokenization import Tokenizer

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        name = LANGUAGES[language]
        tokenizer = Tokenizer(lower=True, splitter=TOKEN_PATTERN, stopwords=name, stemmer=Stemmer.Stemmer(name))
        corpus = tokenizer.tokenize([fold(t) for t in texts], update_vocab=True, return_as="tuple",
                                    allow_empty=False, show_progress=False)
        index = bm25s.BM25()
        index.index(corpus, show_progress=False)
        return cls._of(index, language, folded=True)

    @classmethod
    def load(cls, folder: Path, language: str) -> "BM25Index":
        # The matrix (memory-mapped: its pages are read as queries touch them) and the
        # vocabulary; no stored corpus (a copy of every chunk).
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        stop_file = folder / QUERY_STOPWORDS
        tokens_file = folder / TOKENS_FILE
        folded = tokens_file.is_file() and bool(json.loads(tokens_file.read_text(encoding="utf-8")).get("fold"))
        if params.get("method", "lucene") not in PLAIN_METHODS or not stop_file.is_file():
            import bm25s  # an index of another kind, or from before the stop words were saved

            return cls._of(bm25s.BM25.load(str(folder), load_corpus=False, mmap=True, show_progress=False),
                           language, folded)
        # plain ndarray views of the maps: slicing a np.memmap builds a memmap object per
        # slice (a query slices each of its words' columns), ten times the cost of a view
        arrays = [np.asarray(np.load(folder / f"{n}.csc.index.npy", mmap_mode="r"))
                  for n in ("data", "indices", "indptr")]
        vocab = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        stop = json.loads(stop_file.read_text(encoding="utf-8"))
        return cls(*arrays, vocab, params.get("num_docs", 0), language, stop, params.get("dtype", "float32"),
                   params.get("int_dtype", "int32"), folded=folded)

    def save(self, folder: Path) -> None:
        self.bm25.save(str(folder), corpus=None, show_progress=False)
        (folder / QUERY_STOPWORDS).write_text(json.dumps(sorted(self._stop), ensure_ascii=False), encoding="utf-8")
        if self.folded:
            (folder / TOKENS_FILE).write_text(json.dumps({"fold": True}), encoding="utf-8")

    def scores(self, query: str) -> np.ndarray | None:
        """Every row's score for ``query``; None when no query word is in the index."""
        words = [w for w in self._split((fold(query) if self.folded else query).lower()) if w not in self._stop]
        vocab = self.vocab
        ids = [vocab[t] for t in self.stemmer.stemWords(words) if t in vocab]
        if not ids:
            return None
        if self.bm25 is not None:
            return self.bm25.get_scores_from_ids(ids)
        # bm25s's get_scores_from_ids with its numpy backend, step for step
        q = np.asarray(ids, dtype=self.int_dtype)
        starts, ends = self.indptr[q], self.indptr[q + 1]
        scores = np.zeros(self.num_docs, dtype=self.dtype)
        for start, end in zip(starts, ends):
            np.add.at(scores, self.indices[start:end], self.data[start:end])
        return scores

    def search(self, query: str, k: int, rows: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (row, BM25 score) with a score above 0; ``rows`` restricts the search."""
        if k <= 0 or (rows is not None and len(rows) == 0):
            return []
        scores = self.scores(query)
        if scores is None:
            return []
        if rows is not None:
            rows = np.asarray(rows, dtype=np.int64)
            scores = scores[rows]
        positive = np.flatnonzero(scores > 0)
        if len(positive) > k:
            part = np.argpartition(-scores[positive], k - 1)[:k]
            positive = positive[part]
        order = positive[np.argsort(-scores[positive], kind="stable")]
        if rows is not None:
            return [(int(rows[i]), float(scores[i])) for i in order]
        return [(int(i), float(scores[i])) for i in order]
