"""File loaders: one file -> :class:`ingest.types.LoadedDocument` (blocks in reading order).

Public API::

    SUPPORTED_SUFFIXES                       suffixes the corpus scanner should offer
    detect_type(path) -> str                 "pdf" | "html" | "text" | "markdown" | "docx" | "csv" | "xlsx"
    load_file(path, *, title=None, max_pages=2000, max_bytes=200 * 2**20) -> LoadedDocument

The type is detected from the file's content (see :mod:`ingest.loaders.sniff`), so a PDF
named ``.txt`` is still read as a PDF. ``title`` is the document title known from outside
(corpus/sources.toml); CSV/XLSX tables are titled with it (else a readable file stem).
``load_file`` never lets a library exception escape: everything becomes a
:class:`ingest.types.LoaderError` whose ``code`` is one of these (all have a user-facing
text in :mod:`messages`)

    empty_file      0 bytes, or only whitespace
    too_large       larger than ``max_bytes`` (or memory ran out while reading it)
    too_many_pages  a PDF with more than ``max_pages`` pages
    unknown_type    not a supported format: binary of unknown kind, a zip that is not
                    DOCX/XLSX, legacy .doc/.xls or password-protected Office, RTF, a text
                    file with an unsupported extension
    type_mismatch   named as a binary format (.pdf/.docx/.xlsx) but the content is text
    corrupt_pdf     the PDF cannot be parsed (damaged, truncated)
    encrypted_pdf   the PDF needs a password (the empty password is tried first)
    no_text_layer   the PDF has no extractable text at all (scanned); OCR is not performed
    corrupt_zip     a DOCX/XLSX whose zip container is broken
    zip_bomb        a DOCX/XLSX that would expand to an unsafe size (see sniff.check_zip)
    decompression_bomb  a PDF whose compressed streams would expand to an unsafe size
                    (see pdf_limits: 64 MiB per stream, 512 MiB per document)
    too_complex     a PDF whose pages all hold far more characters/drawing objects than
                    any real page (see pdf_limits); single such pages are skipped with a
                    warning in ``LoadedDocument.warnings``
    decode_error    text that cannot be decoded (rare: Latin-1 is the last fallback)
    no_text         the file was read but holds nothing to index (an HTML page that is
                    all scripts/navigation, a workbook whose sheets are all empty, ...)
    too_many_chunks more blocks than ``limits.max_blocks`` (found while reading: a CSV's
                    rows, an HTML page's paragraphs)
    too_many_columns  a CSV/XLSX table wider than ``limits.max_columns``
    line_too_long   a TXT/MD/CSV line longer than ``limits.max_line_chars``
    unreadable      the file cannot be opened (missing, permission denied), or the
                    DOCX/XLSX/HTML/CSV parser rejects its content (the zip itself is fine)

``LoaderError.detail`` carries short technical context (never needed for the message).

Each format's loader is its own module (docx, html, text, tabular, and pdf with its own
pdf_* helpers: pages, layout, visibility, tables, borderless, paragraphs, limits); what
they share (whitespace and bullets, reading text files, tables -> row blocks) is in
:mod:`ingest.loaders.common`, and no loader imports another.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from ingest.types import LoadedDocument, LoaderError, ReadLimits

from .sniff import detect_type

__all__ = ["SUPPORTED_SUFFIXES", "detect_type", "load_file", "LoaderError", "LoadedDocument"]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".pdf", ".html", ".htm", ".txt", ".md", ".markdown", ".docx", ".csv", ".xlsx"}

# Code used when a loader fails in an unexpected way.
_FAILURE_CODE = {"pdf": "corrupt_pdf", "docx": "unreadable", "xlsx": "unreadable",
                 "html": "unreadable", "csv": "unreadable", "text": "unreadable",
                 "markdown": "unreadable"}


def _loader(kind: str) -> Callable[..., LoadedDocument]:
    if kind == "pdf":
        from .pdf import load_pdf
        return load_pdf
    if kind == "html":
        from .html import load_html
        return load_html
    if kind == "text":
        from .text import load_text
        return load_text
    if kind == "markdown":
        from .text import load_markdown
        return load_markdown
    if kind == "docx":
        from .docx import load_docx
        return load_docx
    if kind == "csv":
        from .tabular import load_csv
        return load_csv
    if kind == "xlsx":
        from .tabular import load_xlsx
        return load_xlsx
    raise LoaderError("unknown_type", kind)


def load_file(path: Path, *, title: str | None = None, max_pages: int = 2000,
              max_bytes: int = 200 * 2**20, limits: ReadLimits | None = None) -> LoadedDocument:
    """Read one file into blocks. Raises only :class:`LoaderError` (codes above).
    ``limits`` are checked while the file is read (:class:`ingest.types.ReadLimits`)."""
    path = Path(path)
    try:
        if not path.is_file():
            raise LoaderError("unreadable", "not a file" if path.exists() else "file not found")
        size = path.stat().st_size
    except OSError as e:
        raise LoaderError("unreadable", f"{type(e).__name__}: {e.strerror or e}") from None
    if size == 0:
        raise LoaderError("empty_file", "0 bytes")
    if size > max_bytes:
        raise LoaderError("too_large", f"{size / 2**20:.1f} MiB (limit {max_bytes / 2**20:.1f} MiB)")
    kind = "unknown"
    try:
        kind = detect_type(path)
        doc = _loader(kind)(path, title=title, max_pages=max_pages, max_bytes=max_bytes,
                            limits=limits or ReadLimits())
    except LoaderError:
        raise
    except MemoryError:
        raise LoaderError("too_large", "out of memory while reading the file") from None
    except RecursionError:
        raise LoaderError(_FAILURE_CODE.get(kind, "unreadable"), "structure nested too deeply") from None
    except OSError as e:
        raise LoaderError("unreadable", f"{type(e).__name__}: {e.strerror or e}") from None
    except Exception as e:  # any library error
        log.debug("loader %s failed on %s", kind, path, exc_info=True)
        raise LoaderError(_FAILURE_CODE.get(kind, "unreadable"),
                          f"{type(e).__name__}: {str(e)[:160]}") from None
    if not doc.blocks:
        raise LoaderError("no_text")
    return doc
