"""Blocks -> chunks (:class:`ingest.types.Chunk`).

Prose is cut into sentences, and a chunk is one sentence ("sentence window" retrieval,
as llama-index's ``SentenceWindowNodeParser`` does): evidence for an answer is a sentence
or a table row, so the index ranks exactly what an answer quotes, and the sentences
around a hit are found again by ``position``. Sentences are found with ``sentencex``
(rule-based, with Dutch and English abbreviation lists: "t.o.v. 14%" and "approx. 4.700"
do not end a sentence); a fragment of a few words is joined to the sentence after it;
a sentence longer than ``chunk_size`` tokens is cut by llama-index's ``SentenceSplitter``,
never inside a number: its sub-sentence split (at , . ;) is told to keep a comma or dot
between digits ("45,1", "126.815"), and a space inside a number printed with spaces as
thousands separator ("180 116") is held as a no-break space while the text is cut.
Each chunk keeps the heading and page it stands under. A table row is always one chunk
of its own. Every chunk is tagged with its language and a year where the document
states one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from llama_index.core.node_parser import SentenceSplitter
from sentencex import segment

from ingest.language import detect_language
from ingest.metadata import DocMeta
from ingest.types import Block, Chunk, LoadedDocument, LoaderError

_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# llama-index's sub-sentence pattern ("[^,.;。？！]+[,.;。？！]?|[,.;。？！]") with one change:
# a comma or dot between two digits does not end a piece, so "45,1" is never cut.
_SUB_SENTENCE = r"(?:[^,.;。？！]|(?<=\d)[,.](?=\d))+[,.;。？！]?|[,.;。？！]"
_SPACED_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?![\d,.]?\d)")
# A "sentence" shorter than this (characters) is a fragment ("Jaartal", "1.") and is
# joined to the sentence after it.
MIN_SENTENCE_CHARS = 25


@dataclass(frozen=True)
class ChunkerOptions:
    chunk_size: int = 96
    chunk_overlap: int = 0

    def __post_init__(self) -> None:
        if self.chunk_size < 16:
            raise ValueError(f"chunk_size must be at least 16 tokens, got {self.chunk_size}")
        if not 0 <= self.chunk_overlap < self.chunk_size:
            raise ValueError("chunk_overlap must be >= 0 and smaller than chunk_size")


def document_year(doc: LoadedDocument, meta: DocMeta, title: str) -> int | None:
    """The year a document is about: from its metadata, else a year in its title, else a
    'Jaartal/Year: YYYY' statement near its start."""
    if meta.year:
        return meta.year
    m = _YEAR.search(title or "")
    if m:
        return int(m.group(1))
    for block in doc.blocks[:20]:
        if block.kind == "text" and re.match(r"^(jaartal|jaar|year)\b", ((block.section or "") + " " + block.text).strip(), re.I):
            m = _YEAR.search(block.text)
            if m:
                return int(m.group(1))
    return None


def _locator(block: Block) -> str:
    parts = []
    if block.page:
        label = block.page_label
        parts.append(f"p. {label} ({block.page})" if label and label != str(block.page) else f"p. {block.page}")
    if block.kind == "table_row" and block.locator:
        parts.append(block.locator)
    elif block.section:
        parts.append(block.section)
    return " · ".join(parts)


class Chunker:
    """Turns one loaded document into chunks.

        >>> from ingest.types import Block, LoadedDocument
        >>> doc = LoadedDocument(blocks=[Block("Met 13,1% is 1 op de 8 Leidenaren een international.", section="Bevolking")])
        >>> chunks = Chunker().chunk(doc, source="m.txt", doc_hash="ab" * 32, meta=DocMeta(title="Monitor 2023"))
        >>> chunks[0].id, chunks[0].section, chunks[0].year, chunks[0].language
        ('abababababababab-0', 'Bevolking', 2023, 'nl')
    """

    def __init__(self, options: ChunkerOptions | None = None):
        self.options = options or ChunkerOptions()
        self._splitter = SentenceSplitter(
            chunk_size=self.options.chunk_size,
            chunk_overlap=self.options.chunk_overlap,
            include_metadata=False,
            secondary_chunking_regex=_SUB_SENTENCE,
        )

    def sentences(self, text: str, language: str | None = None) -> list[str]:
        """The sentences of one paragraph (see the module docstring).

            >>> Chunker().sentences("Zo geeft 33% aan mee te willen helpen (t.o.v. 14% van de Nederlanders). Dat is meer dan onder de andere inwoners.", "nl")
            ['Zo geeft 33% aan mee te willen helpen (t.o.v. 14% van de Nederlanders).', 'Dat is meer dan onder de andere inwoners.']
        """
        lang = language if language in ("nl", "en") else "nl"
        text = " ".join(text.split())
        raw = [s.strip() for s in segment(lang, text)]
        merged: list[str] = []
        carry = ""
        for s in raw:
            if not s:
                continue
            s = f"{carry} {s}".strip() if carry else s
            carry = ""
            if len(s) < MIN_SENTENCE_CHARS:
                carry = s
                continue
            merged.append(s)
        if carry:
            if merged:
                merged[-1] = f"{merged[-1]} {carry}"
            else:
                merged.append(carry)
        out: list[str] = []
        width = 4 * self.options.chunk_size
        for s in merged:
            if len(s) > width and max(map(len, s.split())) > width:
                # not prose: pieces of chunk_size characters (a run of punctuation is a
                # token per character for the embedder, whose cost grows with its square)
                out.extend(_hard_cut(s, self.options.chunk_size))
            elif len(s) > width:
                held = _SPACED_NUMBER.sub(lambda m: m.group(0).replace(" ", "\u00a0"), s)
                out.extend(piece.replace("\u00a0", " ") for piece in self._splitter.split_text(held))
            else:
                out.append(s)
        return out

    def chunk(self, doc: LoadedDocument, *, source: str, doc_hash: str, meta: DocMeta,
              max_chunks: int | None = None) -> list[Chunk]:
        """The chunks of ``doc``; past ``max_chunks`` -> LoaderError("too_many_chunks"),
        raised as soon as the limit is crossed."""
        title = meta.title or doc.title or _title_from_name(source)
        year = document_year(doc, meta, title)
        # a piece too short to tell ("DISCLAIMERS:") is in the document's language: the
        # one its metadata states, else the one its text reads as
        doc_language = meta.language or detect_language(_sample(doc), fallback="nl")
        chunks: list[Chunk] = []
        for block in doc.blocks:
            text = block.text.strip()
            if not text:
                continue
            pieces = [text] if block.kind == "table_row" else self.sentences(text, doc_language)
            for piece in pieces:
                piece = piece.strip()
                if not piece or not any(c.isalnum() for c in piece):  # "[[[[", "----": nothing to find
                    continue
                if max_chunks is not None and len(chunks) >= max_chunks:
                    raise LoaderError("too_many_chunks", f"more than {max_chunks}")
                language = meta.language if (meta.language and (block.kind == "table_row" or len(piece) < 60)) else None
                chunks.append(Chunk(
                    id=f"{doc_hash[:16]}-{len(chunks)}",
                    text=piece,
                    source=source,
                    title=title,
                    url=block.url or meta.url,
                    page=block.page,
                    page_label=block.page_label,
                    section=block.section,
                    locator=_locator(block),
                    year=block.year or year,
                    language=language or _piece_language(piece, doc_language),
                    kind=block.kind,
                    doc_hash=doc_hash,
                    position=len(chunks),
                ))
        return chunks


def _piece_language(piece: str, doc_language: str) -> str:
    """A piece's own language where it reads as Dutch or English (the languages answers
    are written in); a reading as another language, in a Dutch or English document, is
    taken for a misreading of a short or list-like piece ("Principe 4: Robuust —
    Succescriterium: 4.1.1: Parsen" read as German) and gives the document's."""
    lang = detect_language(piece, fallback=doc_language)
    if lang not in ("nl", "en") and doc_language in ("nl", "en"):
        return doc_language
    return lang


def _sample(doc: LoadedDocument, size: int = 2000) -> str:
    """The document's first ``size`` characters of text, block by block."""
    out, n = [], 0
    for block in doc.blocks:
        if n >= size:
            break
        out.append(block.text)
        n += len(block.text)
    return " ".join(out)[:size]


def _hard_cut(text: str, width: int) -> list[str]:
    """Pieces of at most ``width`` characters, cut between words, and inside a "word"
    longer than that (a run of brackets, a hex dump: not prose). The sentence splitter
    would take that run apart character by character, tokenising each one: linear, but
    some 50 µs a character; this takes a few ns."""
    pieces: list[str] = []
    cur: list[str] = []
    size = 0
    for word in text.split():
        while len(word) > width:
            if cur:
                pieces.append(" ".join(cur))
                cur, size = [], 0
            pieces.append(word[:width])
            word = word[width:]
        if cur and size + 1 + len(word) > width:
            pieces.append(" ".join(cur))
            cur, size = [], 0
        cur.append(word)
        size += len(word) + (1 if size else 0)
    if cur:
        pieces.append(" ".join(cur))
    return pieces


def _title_from_name(source: str) -> str:
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return re.sub(r"[_\-]+", " ", stem).strip() or source
