"""Plain data passed from the loaders to the chunker, and from ingest to the index.

Loaders turn one file into a :class:`LoadedDocument`: a list of :class:`Block` s in
reading order. A block is either prose (``kind="text"``: a paragraph or list item with
the heading it stands under and its page) or one row of a table (``kind="table_row"``:
already written so that the row read alone says what its numbers are).

The chunker turns blocks into llama-index ``TextNode`` s whose ``metadata`` carries
the keys in :data:`CHUNK_METADATA_KEYS`; the index and the assistant read only those.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["text", "table_row"]


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


class LoaderError(Exception):
    """A file could not be read. ``code`` is a stable key for the user-facing message
    (see ingest.messages); ``detail`` is extra technical context."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# Metadata keys every chunk (llama-index TextNode) carries.
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
