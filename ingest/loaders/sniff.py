"""Content-type detection, text decoding and zip safety checks shared by the loaders.

The type of a file is decided by its bytes, not its name:

* ``%PDF-`` within the first KiB                   -> ``"pdf"``
* a zip holding ``word/document.xml``              -> ``"docx"``
* a zip holding ``xl/workbook.xml``                -> ``"xlsx"``
* bytes that decode as text and look like markup   -> ``"html"``
* other text: by extension (.txt -> ``"text"``, .md/.markdown -> ``"markdown"``,
  .csv -> ``"csv"``, .html/.htm -> ``"html"``, no extension -> ``"text"``)

A text file named like a binary format (.pdf, .docx, .xlsx) raises
``LoaderError("type_mismatch")``; a binary file that is none of the above, a zip that is
not DOCX/XLSX, or a text file with an unsupported extension raises
``LoaderError("unknown_type")``.
"""
from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from ingest.types import LoaderError

HEAD_BYTES = 64 * 1024
GIB = 1 << 30

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".csv": "csv",
                 ".html": "html", ".htm": "html", "": "text"}
BINARY_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 control characters that never occur in text (everything but \t \n \v \f \r and ESC).
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_STRONG_HTML = re.compile(r"<!doctype\s+html|<html[\s>]", re.I)
_WEAK_HTML = {t: re.compile(rf"<{t}[\s>/]", re.I) for t in ("p", "div", "body", "h1", "head", "table", "span")}


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError as e:
        raise LoaderError("unreadable", f"{type(e).__name__}: {e.strerror or e}") from None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def decode_bytes(data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Decode file bytes to text: BOM (UTF-8/16/32) first, then strict UTF-8, then cp1252,
    then Latin-1 (which never fails). Returns ``(text, encoding)``; a BOM is dropped.

    ``partial=True`` tolerates a multi-byte character cut off at the end of ``data``
    (used on the head of a file).
    """
    found = _bom(data)
    if found:
        enc, skip = found
        body = data[skip:]
        if partial:
            unit = 4 if "32" in enc else (2 if "16" in enc else 1)
            body = body[: len(body) - len(body) % unit]
        return body.decode(enc, errors="replace" if partial else "strict"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if partial and e.start >= len(data) - 3 and e.reason in ("unexpected end of data",):
            return data[: e.start].decode("utf-8"), "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def looks_like_text(head: bytes) -> bool:
    """True if ``head`` (the first bytes of a file) is plausibly text in some encoding we
    can decode: it has a Unicode BOM, or it has no NUL bytes and (almost) no other C0
    control characters."""
    if _bom(head):
        return True
    if not head:
        return True
    if b"\x00" in head:
        return False
    controls = len(_BINARY_CONTROLS.findall(head))
    return controls <= max(1, len(head) // 1000)


def looks_like_html(text: str) -> bool:
    """``<!doctype html`` / ``<html``, or at least two different common tags
    (p, div, body, h1, head, table, span) in a text that starts with markup."""
    head = text[:HEAD_BYTES]
    if _STRONG_HTML.search(head):
        return True
    stripped = head.lstrip()
    if not stripped.startswith("<"):
        return False
    hits = sum(1 for rx in _WEAK_HTML.values() if rx.search(head))
    return hits >= 2


def zip_kind(path: Path) -> str:
    """``"docx"`` / ``"xlsx"`` for an OOXML zip, else LoaderError."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as e:
        raise LoaderError("corrupt_zip", f"{type(e).__name__}: {e}") from None
    except OSError as e:
        raise LoaderError("corrupt_zip", f"{type(e).__name__}: {e}") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        raise LoaderError("unknown_type", "PowerPoint files are not supported")
    if "content.xml" in names and "mimetype" in names:
        raise LoaderError("unknown_type", "OpenDocument files are not supported")
    raise LoaderError("unknown_type", "zip archive that is neither DOCX nor XLSX")


def check_zip(path: Path, max_bytes: int) -> None:
    """Refuse zip bombs before a library unpacks the file.

    * more than 10,000 members, or
    * declared uncompressed total above ``min(20 * max_bytes, 1 GiB)``, or
    * a member of at least 16 MiB whose compression ratio exceeds 200
    -> ``LoaderError("zip_bomb")``. A zip that cannot be read -> ``LoaderError("corrupt_zip")``.
    (Python's zipfile never returns more bytes than a member's declared size, so the
    declared sizes are a safe bound for the libraries that read through it.)
    """
    limit = min(20 * max_bytes, GIB)
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError) as e:
        raise LoaderError("corrupt_zip", f"{type(e).__name__}: {e}") from None
    if len(infos) > 10_000:
        raise LoaderError("zip_bomb", f"{len(infos)} members in the archive")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size >= 16 * 2**20:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > 200:
                raise LoaderError("zip_bomb", f"member {info.filename} expands {ratio:.0f}x "
                                              f"to {info.file_size // 2**20} MiB")
    if total > limit:
        raise LoaderError("zip_bomb", f"archive expands to {total // 2**20} MiB "
                                      f"(limit {limit // 2**20} MiB)")


def detect_type(path: Path) -> str:
    """Return ``"pdf" | "html" | "text" | "markdown" | "docx" | "csv" | "xlsx"`` by content.

    Raises LoaderError: ``unreadable``, ``empty_file``, ``unknown_type``,
    ``type_mismatch``, ``corrupt_zip``.
    """
    path = Path(path)
    head = read_head(path)
    if not head:
        raise LoaderError("empty_file", "0 bytes")
    suffix = path.suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return zip_kind(path)
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        raise LoaderError("unknown_type", "empty or split zip archive")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise LoaderError("unknown_type", "legacy Office (.doc/.xls) or password-protected "
                                          "Office file")
    if not looks_like_text(head):
        raise LoaderError("unknown_type", "binary content of an unsupported type")
    text, _enc = decode_bytes(head, partial=len(head) == HEAD_BYTES)
    if not text.strip():
        # Whitespace only (at least in the first 64 KiB); the loader re-checks the whole file.
        if len(head) < HEAD_BYTES:
            raise LoaderError("empty_file", "the file holds only whitespace")
    if text.lstrip().startswith("{\\rtf"):
        raise LoaderError("unknown_type", "RTF files are not supported")
    if looks_like_html(text):
        return "html"
    if suffix in TEXT_SUFFIXES:
        return TEXT_SUFFIXES[suffix]
    if suffix in BINARY_SUFFIXES:
        raise LoaderError("type_mismatch", f"the file is named {suffix} but contains plain text")
    raise LoaderError("unknown_type", f"unsupported file extension {suffix}")
