"""The lexical side of the PostgreSQL store: PostgreSQL's Dutch and English full-text
search (``to_tsvector('dutch', ...)`` / ``'english'``, GIN indexes), scored with BM25.

Documents: each chunk's passage text (title, section, text: what the file store's BM25
indexes) as a ``tsvector`` per language, with its length (the number of words left after
the stop words, as BM25 counts it). ``term_stats`` holds every lexeme's document
frequency per generation, so scoring needs no pass over the corpus.

Words: the text is split into words as the file store's BM25 splits it (:func:`words`:
lower case, ``index.bm25.TOKEN_PATTERN``: "13,1" and "130.067" stay one word, one-letter
words go) before PostgreSQL's parser sees it; PostgreSQL then stems them (and drops the
Dutch stop words, which are bm25s's). Left to itself the parser reads "2020-2023" as
"2020" and "-2023", "source_url" as two words, a URL as one word and "13,1" as "13" and
"1". English: the configuration ``english_bm25`` (:mod:`index.pg.schema`) is PostgreSQL's
English stemmer without its 127 stop words; bm25s's 33 English stop words are dropped
here, from documents and queries, as the file store does. Queries are stemmed without
dropping Dutch stop words (configuration ``dutch_query``), as the file store's are. The score of a chunk is
bm25s's default ("lucene") BM25::

    sum over query lexemes t of  idf(t) * tf / (tf + k1 * (1 - b + b * len / avg_len))
    idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)),  k1 = 1.5,  b = 0.75

so a chunk's score is the file store's (to float precision); equal scores (rounded to
five decimals) are ordered as the file store orders them, by row.

Ranking ``ts_rank_cd`` was not used: it has no document frequency (a word in every
chunk weighs as much as a rare one), which is what makes BM25 work for questions.

Speed: the chunks to score are found through the GIN index, and each costs about ten
microseconds (a bitmap heap fetch and one match per query lexeme), so the number scored
is bounded. The rarest lexemes choose the candidates (at most ``CANDIDATE_CAPS[0]``
chunks by their document frequencies) and all lexemes score them; a chunk left out can
score at most the summed idf of the common lexemes (each term's part is below its idf),
so when the k-th score found is above that bound the top k is exact. Otherwise the next
cap is tried. When every lexeme fits under a cap the result is exact too (always so for
corpora of a few thousand chunks). Past the last cap the top k is that of the chunks
found through the rarer lexemes: a chunk that has only the common words of the question
(each in more than ``CANDIDATE_CAPS[-1]`` chunks together) can then be missed, where
the file store's BM25 would rank it; its score is at most the bound, which is low.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import psycopg
from bm25s.stopwords import STOPWORDS_EN

from index.bm25 import TOKEN_PATTERN

K1, B = 1.5, 0.75
CONFIGS = {"nl": "dutch", "en": "english_bm25"}  # documents
QUERY_CONFIGS = {"nl": "dutch_query", "en": "english_bm25"}  # queries: no stop words dropped by PostgreSQL
CANDIDATE_CAPS = (600, 2400)  # chunks scored per try, at most (by document frequency)
_SPLIT = re.compile(TOKEN_PATTERN).findall
_STOP = frozenset(STOPWORDS_EN)


def _word(token: str) -> str:
    # What PostgreSQL's parser keeps as one word, as bm25s does: "13,1" would be two
    # numbers and "source_url" two words ("13,1" becomes "13c1": not "13.1", which
    # bm25s tells apart from it).
    if token[:1].isdigit():
        return token.replace(",", "c")
    return token.replace("_", "")


def words(text: str, language: str = "nl") -> str:
    """The words of ``text`` as the file store's BM25 splits them, joined by spaces:
    what ``to_tsvector`` is given (English: without bm25s's English stop words).

        >>> words("Met 13,1% is 1 op de 8 Leidenaren (2020-2023) een international: www.leiden.nl")
        'met 13c1 is 1 op de 8 leidenaren 2020 2023 een international www leiden nl'
        >>> words("The share of the source_url is 13.1", "en")
        'share sourceurl 13.1'
    """
    out = (_word(w) for w in _SPLIT(text.lower()) if language != "en" or w not in _STOP)
    return " ".join(w for w in out if w)


def query_words(text: str) -> str:
    """The query as the file store's BM25 reads it: :func:`words` without English stop words."""
    return " ".join(w for w in (_word(t) for t in _SPLIT(text.lower()) if t not in _STOP) if w)


@dataclass
class Term:
    lexeme: str
    qtf: int      # times in the query
    df: int
    idf: float


def query_terms(conn: psycopg.Connection, text: str, language: str, generation: int, n_docs: int) -> list[Term]:
    """The query's lexemes in ``language`` with their document frequency in
    ``generation`` (lexemes no chunk has are left out)."""
    words = query_words(text)
    if not words:
        return []
    rows = conn.execute(
        """SELECT q.lexeme, coalesce(array_length(q.positions, 1), 1), s.df
             FROM unnest(to_tsvector(%s::regconfig, %s)) q
             JOIN term_stats s ON s.generation = %s AND s.lang = %s AND s.lexeme = q.lexeme""",
        (QUERY_CONFIGS[language], words, generation, language)).fetchall()
    return [Term(lex, int(qtf), int(df), float(np.log(1 + (n_docs - df + 0.5) / (df + 0.5)))) for lex, qtf, df in rows]


def _tsquery(lexemes: list[str]) -> str:
    return " | ".join("'" + lex.replace("'", "''").replace("\\", "\\\\") + "'" for lex in lexemes)


_SCORE_SQL = """
    WITH q(lexeme, tsq, weight) AS (
        SELECT * FROM unnest(%(lexemes)s::text[], %(tsqs)s::tsquery[], %(weights)s::float8[])),
    cand AS (
        SELECT pk, id, {tsv} AS tsv, {len} AS len, {tf} AS tf FROM chunks
         WHERE {tsv} @@ %(tsquery)s::tsquery
           AND gen_from <= %(gen)s AND (gen_to IS NULL OR gen_to > %(gen)s) {rows}
    ),
    scored AS (
        SELECT c.id, c.pk, sum(q.weight * t.tf / (t.tf + %(k1)s * (1 - %(b)s + %(b)s * c.len / %(avg)s))) AS score
          FROM cand c
          JOIN q ON c.tsv @@ q.tsq
          CROSS JOIN LATERAL (SELECT coalesce((c.tf ->> q.lexeme)::float8, 1) AS tf) t
         GROUP BY c.id, c.pk
    )
    SELECT id, pk, score FROM scored ORDER BY round(score::numeric, 5) DESC, pk LIMIT %(k)s
"""


def bm25(conn: psycopg.Connection, terms: list[Term], k: int, language: str, generation: int, avg_len: float,
         rows: np.ndarray | None = None) -> list[tuple[str, float]]:
    """Top ``k`` (chunk id, BM25 score) of ``generation`` for the query ``terms``;
    ``rows`` (chunk keys) restricts the search."""
    if not terms or k <= 0:
        return []
    weights = {t.lexeme: t.qtf * t.idf for t in terms}
    base = {"lexemes": list(weights), "tsqs": [_tsquery([lex]) for lex in weights], "weights": list(weights.values()),
            "gen": generation, "k1": K1, "b": B,
            "avg": max(avg_len, 1e-9), "k": k}
    tsv, length, tf = ("tsv_nl", "len_nl", "tf_nl") if language == "nl" else ("tsv_en", "len_en", "tf_en")
    rows_sql = ""
    if rows is not None:
        rows_sql = "AND pk = ANY(%(rows)s)"
        base["rows"] = [int(r) for r in rows]
    query = _SCORE_SQL.format(tsv=tsv, len=length, tf=tf, rows=rows_sql)

    # The rarest lexemes choose the candidates, under a growing cap, until the bound
    # says the top k is exact (or every lexeme fits under the cap: exact as well).
    by_df = sorted(terms, key=lambda t: t.df)
    found: list = []
    tried = 0
    for cap in CANDIDATE_CAPS:
        chosen, total = [], 0
        for t in by_df:
            if chosen and total + t.df > cap:
                break
            chosen.append(t)
            total += t.df
        if len(chosen) == tried:
            continue  # the same candidates as the last try
        tried = len(chosen)
        found = conn.execute(query, {**base, "tsquery": _tsquery([t.lexeme for t in chosen])}).fetchall()
        left_out = by_df[len(chosen):]
        if not left_out:
            break
        bound = sum(t.qtf * t.idf for t in left_out)
        if len(found) >= k and found[k - 1][2] > bound:
            break
    # else: the last try's top k, scored on every lexeme but found through the rarer ones
    return [(cid, float(score)) for cid, _pk, score in found]
