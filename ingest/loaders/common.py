r"""What the loaders share: whitespace and bullet clean-up, reading a text file, readable
file stems, prose blocks, and the table -> row-block conversion.

Every loader imports this module and none imports another loader.

A :class:`Table` (title, headers, rows) becomes one ``Block(kind="table_row")`` per
non-empty data row::

    text    "{title} — {header}: {value}; {header}: {value}"   (empty cells skipped)
    fields  {header: value}                                     (all columns, "" if empty)
    locator "row N" | "table T, row N" (several tables in one file) | "sheet S, row N" (XLSX)
    url     value of a url/source_url/link/bron/source/... column if it starts with http(s)://
    year    value of a year/jaar/jaartal column if it is a 4-digit year

N counts data rows (the header row is not counted; skipped empty rows are not counted).
Empty header cells are named "column K"; duplicate headers get " (2)", " (3)"...;
columns empty in the header and in every row are dropped.

    >>> clean("  13,1\u00a0%  van de\n Leidenaren ")
    '13,1 % van de Leidenaren'
    >>> [b.text for b in table_blocks(Table("Bevolking", ["jaar", "inwoners"], [["2024", "130067"]]))]
    ['Bevolking — jaar: 2024; inwoners: 130067']
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from ingest.types import Block, LoaderError, ReadLimits

from .sniff import decode_bytes

# ---------------------------------------------------------------------------- text

_INVISIBLE = {0x00A0: " ", 0x2007: " ", 0x202F: " ", 0x2009: " ", 0x200A: " ",
              0x200B: "", 0x200C: "", 0x200D: "", 0x2060: "", 0xFEFF: "", 0x00AD: ""}
_WS = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*(?:[•◦▪▫‣●○■□►▶➢➤✓✔·∙](?:\s+|(?=\S))|[*\-–]\s+)")
# Characters that end a sentence or clause: a line ending in one is not a heading.
TERMINAL = tuple(".:;?!,")


def clean(text: str | None) -> str:
    """Normalise whitespace only: no-break/zero-width spaces and soft hyphens handled,
    runs of whitespace collapsed to one space, ends stripped."""
    if not text:
        return ""
    return _WS.sub(" ", text.translate(_INVISIBLE)).strip()


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line.translate(_INVISIBLE)))


def strip_bullet(text: str) -> str:
    """Remove one leading bullet character ("•", "-", "*", "–", "▪", ...) and its space."""
    return _BULLET.sub("", text, count=1).strip()


def readable_stem(path: Path) -> str:
    """``"leiden-figures_2023.csv"`` -> ``"Leiden figures 2023"``."""
    stem = re.sub(r"[_\-\s.]+", " ", Path(path).stem).strip()
    if not stem:
        return Path(path).name
    return stem[0].upper() + stem[1:]


def longest_line(text: str, limit: int) -> int:
    """The length of the first line of ``text`` longer than ``limit`` characters, else 0
    (one pass of ``str.find``: linear, and no list of lines is built)."""
    if len(text) <= limit:
        return 0
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        if end - start > limit:
            return end - start
        start = end + 1
    return 0


_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # (UTF-32's start with these too)


def read_text_file(path: Path, limits: ReadLimits | None = None, warnings: list[str] | None = None) -> str:
    """Read and decode a whole text file; whitespace only -> LoaderError("empty_file"); a
    line longer than ``limits.max_line_chars`` -> LoaderError("line_too_long").

    A text file that turns binary partway (a NUL byte, which no text in an 8-bit or UTF-8
    encoding holds: the start of an appended image, a database page, a crash dump) is
    read up to there, and a note saying so is added to ``warnings``; the start of the
    file decides its encoding, not the binary tail."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise LoaderError("unreadable", f"{type(e).__name__}: {e.strerror or e}") from None
    if not data.startswith(_WIDE_BOMS) and (nul := data.find(b"\x00")) >= 0:
        data = data[:nul]
        if warnings is not None:
            warnings.append(f"binary content from byte {nul} on was not read")
    try:
        text, _enc = decode_bytes(data)
    except UnicodeDecodeError as e:
        raise LoaderError("decode_error", f"{e.encoding}: {e.reason}") from None
    del data
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    limit = (limits or ReadLimits()).max_line_chars
    if too_long := longest_line(text, limit):
        raise LoaderError("line_too_long", f"a line of {too_long} characters; limit {limit}")
    head = text.lstrip()  # (clean() on the first part only, unless that is all invisible)
    if not head or (not clean(head[:100_000]) and not clean(head)):
        raise LoaderError("empty_file", "the file holds only whitespace")
    return text


def block(text: str, *, section: str | None = None, page: int | None = None) -> Block | None:
    """A prose block with whitespace normalised and a leading bullet removed (None if empty)."""
    t = strip_bullet(clean(text))
    if not t:
        return None
    return Block(text=t, kind="text", page=page, section=section)


# ---------------------------------------------------------------------------- tables

URL_COLUMNS = {"url", "source_url", "sourceurl", "link", "bron", "source", "bron_url", "bronurl",
               "href", "website", "webpagina", "source_link", "bronlink", "link_url"}
YEAR_COLUMNS = {"year", "jaar", "jaartal"}
DASH = "\u2014"


@dataclass
class Table:
    """A table found in a document, before it is turned into row blocks."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    section: str | None = None
    page: int | None = None
    row_pages: list[int | None] | None = None  # per-row page (tables continued over pages)
    sheet: str | None = None  # XLSX sheet name -> locator "sheet S, row N"


def _column_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _dedupe_headers(headers: list[str]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for k, h in enumerate(headers, start=1):
        h = clean(h) or f"column {k}"
        if h in seen:
            seen[h] += 1
            h = f"{h} ({seen[h]})"
        else:
            seen[h] = 1
        out.append(h)
    return out


def _normalise(table: Table) -> tuple[list[str], list[tuple[list[str], int | None]]]:
    width = max([len(table.headers)] + [len(r) for r in table.rows]) if (table.headers or table.rows) else 0
    headers = [clean(h) for h in table.headers] + [""] * (width - len(table.headers))
    rows: list[tuple[list[str], int | None]] = []
    for idx, r in enumerate(table.rows):
        cells = [clean(c) for c in r] + [""] * (width - len(r))
        if any(cells):
            page = table.row_pages[idx] if table.row_pages and idx < len(table.row_pages) else table.page
            rows.append((cells, page))
    keep = [k for k in range(width) if headers[k] or any(cells[k] for cells, _ in rows)]
    headers = _dedupe_headers([headers[k] for k in keep])
    rows = [([cells[k] for k in keep], page) for cells, page in rows]
    return headers, rows


def table_blocks(table: Table, *, number: int | None = None) -> list[Block]:
    """Row blocks of one table; ``number`` (1-based) -> locator "table T, row N"."""
    headers, rows = _normalise(table)
    title = clean(table.title) or "Table"
    if not rows:
        text = "; ".join(h for h in headers if not h.startswith("column "))
        return [Block(text=f"{title} {DASH} {text}", kind="text", page=table.page,
                      section=table.section)] if text else []
    url_cols = [k for k, h in enumerate(headers) if _column_key(h) in URL_COLUMNS or _column_key(h).endswith("_url")]
    year_cols = [k for k, h in enumerate(headers) if _column_key(h) in YEAR_COLUMNS]
    blocks = []
    for n, (cells, page) in enumerate(rows, start=1):
        parts = [f"{h}: {v}" for h, v in zip(headers, cells) if v]
        url = next((cells[k] for k in url_cols if re.match(r"^https?://\S+$", cells[k], re.I)), None)
        year = next((int(cells[k]) for k in year_cols if re.fullmatch(r"\d{4}", cells[k])), None)
        if table.sheet is not None:
            locator = f"sheet {table.sheet}, row {n}"
        elif number is not None:
            locator = f"table {number}, row {n}"
        else:
            locator = f"row {n}"
        blocks.append(Block(
            text=f"{title} {DASH} " + "; ".join(parts),
            kind="table_row",
            page=page,
            section=table.section,
            locator=locator,
            url=url,
            year=year,
            fields=dict(zip(headers, cells)),
            table=title,
        ))
    return blocks


def finalize_items(items: list) -> list[Block]:
    """Expand a reading-order list of ``Block`` and ``Table`` into blocks; tables are
    numbered ("table T, row N") only when the file holds more than one."""
    n_tables = sum(1 for it in items if isinstance(it, Table))
    out: list[Block] = []
    t = 0
    for it in items:
        if isinstance(it, Table):
            t += 1
            out.extend(table_blocks(it, number=t if n_tables > 1 else None))
        elif it is not None:
            out.append(it)
    return out
