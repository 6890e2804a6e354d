"""Plain data passed from the loaders to the chunker, and from ingest to the index.

Loaders turn one file into a :class:`LoadedDocument`: a list of :class:`Block` s in
reading order. A block is either prose (``kind="text"``: a paragraph or list item with
the heading it stands under and its page) or one row of a table (``kind="table_row"``:
already written so that the row read alone says what its numbers are).

The chunker turns blocks into :class:`Chunk` s (a sentence of prose, or a table row).
The index stores each as a llama-index ``TextNode`` whose ``metadata`` is
:meth:`Chunk.to_metadata`: the keys in :data:`CHUNK_METADATA_KEYS`, which the index and
the assistant read (:meth:`Chunk.from_metadata` reads them back).

Per file, an ingest says what happened in a :class:`FileResult`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from messages import t

BlockKind = Literal["text", "table_row"]


# Who hears how far a loader has read its file (pages of a PDF): set around one file's
# reading (:func:`pages_to`); None when nobody listens.
_PAGES: ContextVar[Callable[[int, int], None] | None] = ContextVar("pages_listener", default=None)


def report_pages(done: int, total: int) -> None:
    """A loader has read ``done`` of ``total`` pages of the file it reads."""
    listener = _PAGES.get()
    if listener is not None:
        listener(done, total)


@contextmanager
def pages_to(listener: Callable[[int, int], None] | None) -> Iterator[None]:
    """Send :func:`report_pages` to ``listener(done, total)`` while reading one file.

        >>> seen = []
        >>> with pages_to(lambda d, n: seen.append((d, n))):
        ...     report_pages(1, 2)
        >>> report_pages(2, 2); seen
        [(1, 2)]
    """
    token = _PAGES.set(listener)
    try:
        yield
    finally:
        _PAGES.reset(token)


class Note(str):
    """A progress message of an ingest: the English text as a plain string (logs, callers
    that only print it), and :meth:`text` in the user's language. ``code`` is a key of
    :data:`messages.TEXTS`, ``detail`` what goes in parentheses after it.

        >>> note = Note("progress_embedding", "128/479, ~40 s")
        >>> str(note), note.text("nl")
        ('embedding passages (128/479, ~40 s)', 'tekstdelen inbedden (128/479, ~40 s)')
    """

    code: str
    detail: str

    def __new__(cls, code: str, detail: str = "") -> "Note":
        obj = super().__new__(cls, reason(code, detail, "en"))
        obj.code, obj.detail = code, detail
        return obj

    def text(self, language: str = "en") -> str:
        return reason(self.code, self.detail, language)


@dataclass
class Block:
    """One unit of a document in reading order.

    text      the text itself (for a table row: "Title — col: val; col: val")
    kind      "text" or "table_row"
    page      1-based page number (PDF) or None
    page_label  the page as printed, where the PDF has page labels ("iii", "A-2"), else None
    section   the nearest heading above the block, or None
    locator   for table rows: "table <n>, row <m>" or "row <m>"; None for prose
    url       a source URL that belongs to this block only (e.g. a table's url column)
    year      a year that belongs to this block only (e.g. a table's year column)
    fields    for table rows: the column -> value mapping, values as written in the source
    table     for table rows: the table's title
    """

    text: str
    kind: BlockKind = "text"
    page: int | None = None
    section: str | None = None
    locator: str | None = None
    url: str | None = None
    year: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    table: str | None = None
    page_label: str | None = None


@dataclass
class LoadedDocument:
    """What a loader returns for one file."""

    blocks: list[Block]
    title: str | None = None  # title found inside the file (PDF metadata, <title>, first heading)
    pages: int | None = None  # number of pages, for paged formats
    warnings: list[str] = field(default_factory=list)
    dropped_hidden_chars: int = 0  # characters a reader cannot see, not read (PDF)


@dataclass(frozen=True)
class ReadLimits:
    """Limits a loader checks while it reads, so that a file over one is refused as soon
    as it crosses it, before it has been read (or held in memory) whole.

    max_blocks     blocks (each becomes at least one chunk) -> ``too_many_chunks``
    max_columns    columns of a table (CSV, XLSX) -> ``too_many_columns``
    max_line_chars characters on one line of a text file (TXT, Markdown, CSV) -> ``line_too_long``
    """

    max_blocks: int = 50_000
    max_columns: int = 1000
    max_line_chars: int = 200_000


class LoaderError(Exception):
    """A file could not be read. ``code`` is a stable key for the user-facing message
    (see :mod:`messages`); ``detail`` is extra technical context."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# Metadata keys every chunk carries (the fields of Chunk after id and text, in this order).
CHUNK_METADATA_KEYS = (
    "source",    # file path relative to the corpus folder, e.g. "monitor-2023.pdf"
    "title",     # document title (from corpus/sources.toml, else from the file)
    "url",       # source URL (row URL for table rows, else the document's) or None
    "page",      # 1-based page or None
    "page_label",  # the page as printed ("iii") where the PDF has page labels, else None
    "section",   # heading the chunk stands under, or None
    "locator",   # human-readable place: "p. 3 · Heading", "p. iii (5) · row 12" ...
    "year",      # int year the chunk is about (row year, else document year) or None
    "language",  # "nl" | "en" | other ISO code
    "kind",      # "text" | "table_row"
    "doc_hash",  # sha256 of the source file's bytes
    "position",  # 0-based order of the chunk within its document
)
# Metadata that is embedded and indexed together with the text (gives context to a
# short passage); the rest is stored only.
EMBED_METADATA_KEYS = ("title", "section")


@dataclass(frozen=True)
class Chunk:
    """One chunk: a sentence (or short run of sentences) of prose, or one table row, with
    where it stands. Its fields after ``id`` and ``text`` are the metadata keys of
    :data:`CHUNK_METADATA_KEYS`, in that order.

        >>> c = Chunk("ab12-0", "Leiden telde 130.067 inwoners.", source="m.txt", title="Monitor", doc_hash="ab12")
        >>> Chunk.from_metadata(c.id, c.text, c.to_metadata()) == c
        True
        >>> c.to_metadata()["locator"], c.embed_keys
        ('', ('title', 'section'))
    """

    id: str
    text: str
    source: str = ""
    title: str = ""
    url: str | None = None
    page: int | None = None
    page_label: str | None = None
    section: str | None = None
    locator: str = ""
    year: int | None = None
    language: str = "nl"
    kind: BlockKind = "text"
    doc_hash: str = ""
    position: int = 0

    def to_metadata(self) -> dict[str, Any]:
        """The metadata stored with the chunk in the index (keys: CHUNK_METADATA_KEYS)."""
        return {key: getattr(self, key) for key in CHUNK_METADATA_KEYS}

    @classmethod
    def from_metadata(cls, id: str, text: str, metadata: Mapping[str, Any]) -> "Chunk":
        """The chunk that :meth:`to_metadata` stored (a missing key takes its default)."""
        return cls(id=id, text=text, **{key: metadata[key] for key in CHUNK_METADATA_KEYS if key in metadata})

    @property
    def embed_keys(self) -> tuple[str, ...]:
        """Metadata embedded and indexed with the text: the title and section give a
        sentence its context; a table row already names its table."""
        return () if self.kind == "table_row" else EMBED_METADATA_KEYS


@dataclass
class FileResult:
    """What an ingest did with one file.

    source  the name shown to users (path relative to the folder ingested)
    status  "ingested" | "unchanged" | "skipped" (left out on purpose) | "failed" (could
            not be read) | "removed" (its chunks left the index)
    chunks  chunks the file has in the index
    code    a stable reason code (a key of messages.TEXTS) or None; "partial" for a file that was
            read, but not all of it
    detail  short technical context for the message
    path    the file's absolute path (the index's key for it)
    """

    source: str
    status: str
    chunks: int = 0
    code: str | None = None
    detail: str = ""
    path: str = ""

    def message(self, language: str = "en") -> str:
        return reason(self.code, self.detail, language)


def reason(code: str | None, detail: str, language: str = "en") -> str:
    """The message of a result's reason ``code`` in ``language``, with the technical
    ``detail`` in parentheses; "" without a code."""
    if not code:
        return ""
    text = t(code, language)
    return f"{text} ({detail})" if detail else text
