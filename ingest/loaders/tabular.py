"""CSV and XLSX loaders: one table per file (CSV) or per worksheet (XLSX), each row a
block (see :mod:`ingest.loaders.common` for how a table becomes row blocks).

CSV: encoding by BOM (UTF-8/16/32), else strict UTF-8, else cp1252, else Latin-1;
delimiter one of ``, ; TAB |`` (csv.Sniffer, checked for a consistent column count, else
the candidate giving the most consistent multi-column rows); an Excel ``sep=;`` first
line is honoured; first non-empty row = header.

XLSX: openpyxl with ``data_only=True`` (formulas give the value Excel cached when it last
saved the file; a formula never calculated by Excel -- e.g. written by a script -- reads
as empty). Every non-empty worksheet is a table "{title} — {sheet}" ("{title}" alone if
the workbook has one non-empty sheet); header = first non-empty row; cells of a merged
range all get the range's top-left value; fully empty rows are skipped. Numbers: int-like
floats print as ints, other floats with up to 15 significant digits, cells formatted as
percentages as "13.1%", dates as ISO dates.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
from pathlib import Path

from ingest.types import Block, LoadedDocument, LoaderError, ReadLimits

from .common import DASH, Table, clean, read_text_file, readable_stem, table_blocks
from .sniff import check_zip

# ---------------------------------------------------------------------------- CSV

_DELIMS = [",", ";", "\t", "|"]


def _parse(text: str, delim: str, limit: int | None = None) -> list[list[str]]:
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    for row in reader:
        rows.append(row)
        if limit and len(rows) >= limit:
            break
    return rows


def _consistency(rows: list[list[str]]) -> tuple[float, int]:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return 0.0, 0
    width = len(rows[0])
    same = sum(1 for r in rows if len(r) == width)
    return same / len(rows), width


def _head_lines(text: str, n: int) -> str:
    """The first ``n`` lines of ``text`` (without splitting all of it)."""
    end = -1
    for _ in range(n):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text[:end]


def _lines(text: str, start: int = 0):
    """The lines of ``text`` from offset ``start``, each with its newline (as csv.reader
    wants them), one at a time: no list of all lines, no second copy of the text."""
    n = len(text)
    while start < n:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def sniff_delimiter(text: str) -> str:
    sample = _head_lines(text, 50)
    try:
        d = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMS)).delimiter
        frac, width = _consistency(_parse(sample, d, 50))
        if width > 1 and frac >= 0.9:
            return d
    except (csv.Error, TypeError):
        pass
    best, best_score = ",", (0.0, 0)
    for d in _DELIMS:
        try:
            frac, width = _consistency(_parse(sample, d, 50))
        except csv.Error:
            continue
        if width > 1 and (frac, width) > best_score:
            best, best_score = d, (frac, width)
    return best


def load_csv(path: Path, *, title: str | None = None, limits: ReadLimits | None = None,
             **_: object) -> LoadedDocument:
    """Rows are read one by one: a table wider than ``limits.max_columns`` or longer than
    ``limits.max_blocks`` rows is refused as soon as the row that crosses it is read."""
    limits = limits or ReadLimits()
    warnings: list[str] = []
    text = read_text_file(path, limits, warnings)
    delim = None
    start = 0
    first = _head_lines(text, 1)
    m = re.fullmatch(r"\s*sep=(.)\s*", first)
    if m:
        delim, start = m.group(1), len(first) + 1
    delim = delim or sniff_delimiter(text[start:start + 2**20])
    if csv.field_size_limit() < 16 * 2**20:
        csv.field_size_limit(16 * 2**20)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(_lines(text, start), delimiter=delim):
            if not any(c.strip() for c in row):
                continue
            if len(row) > limits.max_columns:
                raise LoaderError("too_many_columns", f"{len(row)} columns in row {len(rows) + 1}; "
                                                      f"limit {limits.max_columns}")
            rows.append(row)
            if len(rows) > limits.max_blocks + 1:
                raise LoaderError("too_many_chunks", f"more than {limits.max_blocks} rows")
    except csv.Error as e:
        raise LoaderError("unreadable", str(e)[:200]) from None
    if not rows:
        raise LoaderError("empty_file", "no rows")
    table = Table(title=title or readable_stem(path), headers=rows[0], rows=rows[1:])
    return LoadedDocument(blocks=table_blocks(table), title=None, warnings=warnings)


# ---------------------------------------------------------------------------- XLSX

def _format_cell(value: object, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        fmt = number_format or ""
        if fmt.endswith("%"):
            m = re.search(r"\.(0+)%$", fmt)
            decimals = len(m.group(1)) if m else 0
            return f"{value * 100:.{decimals}f}%"
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def load_xlsx(path: Path, *, title: str | None = None, max_bytes: int = 200 * 2**20,
              limits: ReadLimits | None = None, **_: object) -> LoadedDocument:
    limits = limits or ReadLimits()
    check_zip(path, max_bytes)
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wb = openpyxl.load_workbook(str(path), data_only=True, read_only=False)
        except LoaderError:
            raise
        except Exception as e:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors)
            raise LoaderError("unreadable", f"{type(e).__name__}: {str(e)[:160]}") from None
    try:
        base = title or readable_stem(path)
        sheets: list[tuple[str, list[list[str]]]] = []
        for ws in wb.worksheets:
            max_row, max_col = ws.max_row or 0, ws.max_column or 0
            if max_row == 0 or max_col == 0:
                continue
            if max_col > limits.max_columns:
                raise LoaderError("too_many_columns", f"{max_col} columns in sheet {ws.title}; "
                                                      f"limit {limits.max_columns}")
            if max_row > limits.max_blocks + 1:
                raise LoaderError("too_many_chunks", f"{max_row} rows in sheet {ws.title}; limit {limits.max_blocks}")
            grid = [[_format_cell(c.value, c.number_format) for c in row]
                    for row in ws.iter_rows(min_row=1, min_col=1, max_row=max_row, max_col=max_col)]
            for rng in ws.merged_cells.ranges:
                top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= max_row and rng.min_col <= max_col else ""
                for r in range(rng.min_row, min(rng.max_row, max_row) + 1):
                    for c in range(rng.min_col, min(rng.max_col, max_col) + 1):
                        grid[r - 1][c - 1] = top
            rows = [r for r in grid if any(clean(c) for c in r)]
            if rows:
                sheets.append((ws.title, rows))
        blocks: list[Block] = []
        for name, rows in sheets:
            tbl_title = base if len(sheets) == 1 else f"{base} {DASH} {name}"
            blocks.extend(table_blocks(Table(title=tbl_title, headers=rows[0], rows=rows[1:], sheet=name)))
        doc_title = clean(wb.properties.title or "") or None
    finally:
        try:
            wb.close()
        except Exception:
            pass
    return LoadedDocument(blocks=blocks, title=doc_title)
