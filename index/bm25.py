"""The lexical part of the index: one BM25 index (bm25s) per language, Dutch and English,
each with its own stop words and PyStemmer stemmer.

Row ``i`` of a :class:`BM25Index` is the chunk ``manifest["ids"][i]``: it is built over
the chunks in that order, so no node is rebuilt per query, and a filter (``rows``) is
applied before the top ``k`` is taken, not after.

    >>> index = BM25Index.build(["Leiden telde 130.067 inwoners", "De stedenband met Toruń"], "nl")
    >>> [row for row, score in index.search("inwoners van Leiden", k=5)]
    [0]
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN
from bm25s.tokenization import Tokenizer

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

# Stop words and stemmer of each language's index (bm25s and PyStemmer names).
LANGUAGES = {"nl": "dutch", "en": "english"}
# Numbers keep their decimal part ("13,1", "130.067") and single digits count; words
# need two letters (llama-index's default pattern drops "1" and splits "13,1").
TOKEN_PATTERN = r"(?u)\d+(?:[.,]\d+)*|\b\w\w+\b"


class BM25Index:
    """One language's BM25 index, searched directly: the scores of all chunks in one
    sparse product, the top ``k`` with ``argpartition``.

    Documents and queries are tokenised as llama-index's ``BM25Retriever`` does (lower
    case, ``TOKEN_PATTERN``, the stemmer), with the stop words of the index's language
    dropped from the documents and English stop words from the query, as its query
    tokenisation (``bm25s.tokenize`` with its defaults) does."""

    def __init__(self, bm25: bm25s.BM25, language: str):
        if language not in LANGUAGES:
            raise ValueError(f"BM25 language must be one of {sorted(LANGUAGES)}, got {language!r}")
        self.bm25 = bm25
        self.language = language
        self.stemmer = Stemmer.Stemmer(LANGUAGES[language])
        self._split = re.compile(TOKEN_PATTERN).findall
        self._stop = frozenset(STOPWORDS_EN)
        self.num_docs = int(bm25.scores.get("num_docs", 0))

    @classmethod
    def build(cls, texts: Sequence[str], language: str) -> "BM25Index":
        """The index over ``texts`` (row i = texts[i])."""
        name = LANGUAGES[language]
        tokenizer = Tokenizer(lower=True, splitter=TOKEN_PATTERN, stopwords=name, stemmer=Stemmer.Stemmer(name))
        corpus = tokenizer.tokenize(list(texts), update_vocab=True, return_as="tuple", allow_empty=False,
                                    show_progress=False)
        index = bm25s.BM25()
        index.index(corpus, show_progress=False)
        return cls(index, language)

    @classmethod
    def load(cls, folder: Path, language: str) -> "BM25Index":
        # The matrix and vocabulary only: no stored corpus (a copy of every chunk).
        # Memory-mapped: the score matrix's pages are read as queries touch them.
        return cls(bm25s.BM25.load(str(folder), load_corpus=False, mmap=True), language)

    def save(self, folder: Path) -> None:
        self.bm25.save(str(folder), corpus=None, show_progress=False)

    def scores(self, query: str) -> np.ndarray | None:
        """Every row's score for ``query``; None when no query word is in the index."""
        words = [w for w in self._split(query.lower()) if w not in self._stop]
        ids = self.bm25.get_tokens_ids(self.stemmer.stemWords(words))
        if not ids:
            return None
        return self.bm25.get_scores_from_ids(ids)

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
