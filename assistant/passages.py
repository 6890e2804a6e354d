"""What retrieval hands on: a :class:`Passage` (a chunk as the assistant reads it), a
:class:`Hit` (a passage with its scores), the user's :class:`Filters`, and the years a
passage is about (:func:`passage_years`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ingest.types import Chunk

from .numbers import YEAR_RE

_WEB_ADDRESS = re.compile(r"(?i)\b(?:https?://|www\.)\S+")  # digits in a link are no year


@dataclass(frozen=True)
class Passage(Chunk):
    """One retrievable chunk as the assistant reads it: the :class:`ingest.types.Chunk`
    record (its fields are declared there once), read back from what the index stores."""

    @classmethod
    def from_node(cls, node: Any) -> "Passage":
        """From a llama-index node (``TextNode``), a stored chunk, or anything with
        ``text`` and ``metadata``. Empty optional values read as None; the title falls
        back to the source; a year or page that is not a number reads as None."""
        md = dict(getattr(node, "metadata", None) or {})
        nid = getattr(node, "node_id", None) or getattr(node, "id_", None) or md.get("id") or ""
        text = getattr(node, "text", None)
        if text is None and hasattr(node, "get_content"):
            text = node.get_content()
        return cls(
            id=str(nid), text=text or "", source=str(md.get("source") or ""),
            title=str(md.get("title") or md.get("source") or ""), url=md.get("url") or None,
            page=_int_or_none(md.get("page")), page_label=md.get("page_label") or None,
            section=md.get("section") or None, locator=md.get("locator") or None,
            year=_int_or_none(md.get("year")), language=md.get("language") or None,
            kind=str(md.get("kind") or "text"), doc_hash=str(md.get("doc_hash") or ""),
            position=int(md.get("position") or 0),
        )


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


@dataclass
class Hit:
    """A passage with its fused score and the ranks/scores it had in each list."""

    passage: Passage
    score: float
    dense: float | None = None       # cosine similarity (dense list), if it was there
    bm25: float | None = None        # BM25 score, if it was there
    ranks: dict[str, int] = field(default_factory=dict)  # list name -> 1-based rank


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to some sources and/or years.

    sources   file names (as in the ``source`` metadata); a name matches when equal or
              when it is a prefix/stem of the source ("monitor" matches "monitor-2023.pdf")
    years     years; a passage matches when one of the years it is about is one of them
              (:func:`passage_years`: a table row's own year; the years a sentence
              names; else its document's year)
    """

    sources: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()

    @classmethod
    def from_any(cls, value: Any) -> "Filters | None":
        """From None, a Filters, or a dict like ``{"source": "x.pdf", "year": [2022]}``."""
        if value is None or isinstance(value, Filters):
            return value
        if not isinstance(value, dict):
            raise TypeError(f"filters must be a dict or Filters, not {type(value).__name__}")
        def as_set(v):
            if v is None or v == "":
                return frozenset()
            if isinstance(v, (str, int)):
                return frozenset([v])
            return frozenset(v)
        sources = as_set(value.get("sources", value.get("source")))
        years = frozenset(int(y) for y in as_set(value.get("years", value.get("year"))))
        unknown = set(value) - {"source", "sources", "year", "years"}
        if unknown:
            raise ValueError(f"unknown filter keys: {sorted(unknown)} (use source/sources, year/years)")
        f = cls(frozenset(str(s) for s in sources), years)
        return f if (f.sources or f.years) else None

    def match(self, p: Passage) -> bool:
        if self.sources:
            src = p.source.lower()
            if not any(src == s.lower() or src.startswith(s.lower()) for s in self.sources):
                return False
        if self.years and not (passage_years(p) & self.years):
            return False
        return True


def passage_years(p: Passage) -> frozenset[int]:
    """The years a passage is about: a table row's own year; for prose the years the
    sentence names ("in 2022 kwamen ..." is about 2022 whatever year its document has);
    a sentence that names none is about its document's year.

        >>> sorted(passage_years(Passage("a", "In 2022 en 2023 kwamen er meer.", year=2024)))
        [2022, 2023]
        >>> sorted(passage_years(Passage("b", "Geen jaartal: https://x.nl/2091/a", year=2024)))
        [2024]
    """
    if p.kind == "table_row" and p.year:
        return frozenset([p.year])
    named = frozenset(int(y) for y in YEAR_RE.findall(_WEB_ADDRESS.sub(" ", p.text or "")))
    return named or (frozenset([p.year]) if p.year else frozenset())
