"""Borderless tables in PDF pages (:func:`aligned_tables`): tables drawn without ruling
lines, found by the alignment of their text, and turned into a
:class:`~ingest.loaders.pdf_tables.PdfTable` like ruled tables are.

Lines are cut into segments at gaps wider than :data:`SEGMENT_GAP` x the font size. A
run of lines with two or more segments each (vertically at most
:data:`MAX_ROW_GAP` x the font size apart) is a table when

* at least :data:`MIN_ALIGNED_ROWS` lines have the most common number of segments
  (>= 2), and those lines give disjoint column ranges (segment i of each line overlaps
  column i only: consistent alignment);
* at least one column after the first, and at least half of them, hold numbers (or
  "-", "n.v.t." ...) in 70 %+ of their cells, each at most 20 characters long.

Prose (even in several text columns) fails the number test. Text more than twice the
font size past the table's first or last column (a column of prose beside the table,
its lines between the table's rows or on them) is not part of it: it stays prose.
Header lines are the leading lines that do not read as data (no numbers in the number
columns, or only years over number columns); a line right above the table whose
segments each span two or more columns is an upper header level. Everything is
``n log n`` in the characters.

A form, a receipt or a letter's head prints a field's label over its value: a line of
two or more short labels ("Booking ID", "Payment Mode": at most :data:`LABEL_WORDS`
words, no digits) right above a line of as many values, each starting (or ending) where
its label does or lying under it and no other label, one of them with a digit
("IBZY2087", "Cash at Hotel"; an invoice's "Qty", "Price", "Total" over "1", "278.61",
"319.00"). Such a pair,
with no line of the same columns right above or below it (text in columns continues
that way; a field pair stands alone), is returned as a table of kind "fields" (one header,
one row), which the page reader turns into one line of text that gives each value with its
label ("Booking ID: IBZY2087; Payment Mode: Cash at Hotel"): not a line of values of its own
under a heading of labels.
"""
from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from collections import Counter

from .pdf_layout import TextLine, chunks
from .pdf_tables import YEAR_CELL, PdfTable, indented_rows, is_number, join_levels

SEGMENT_GAP = 1.0
MAX_ROW_GAP = 2.5
MIN_ALIGNED_ROWS = 3
LABEL_WORDS = 4
LABEL_CHARS = 30
VALUE_CHARS = 60

# a date or a code of digits ("09/10/2013", "20-27083460-5"): data, as a number is
_DIGIT_CODE = re.compile(r"^\d[\d\-/.:]*\d$")


_YEAR_SPAN = re.compile(r"^(?:19|20)\d\d\s*[-–/]\s*(?:(?:19|20)\d\d|\d\d)$")


def _datum(text: str) -> bool:
    """A number, or a date or code of digits; not a period ("1951-1961": a header)."""
    t = text.strip()
    return is_number(t) or (bool(_DIGIT_CODE.match(t)) and sum(ch.isdigit() for ch in t) >= 4
                            and not _YEAR_SPAN.match(t))


def _segments(line: TextLine) -> list[tuple[float, float, str]]:
    return [(ws[0].x0, ws[-1].x1, " ".join(w.text for w in ws if w.text)) for ws in chunks(line, SEGMENT_GAP)]


def aligned_tables(lines: list[TextLine]) -> tuple[list[PdfTable], list[TextLine]]:
    """Borderless tables among the lines of a page (top to bottom); returns the tables
    and the lines that are not part of one."""
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    segs = [_segments(ln) for ln in lines]
    used: set[int] = set()
    tables: list[PdfTable] = []
    aside: list[TextLine] = []  # text beside a table on its lines (a column of prose)
    k = 0
    while k < len(lines):
        if len(segs[k]) < 2:
            k += 1
            continue
        block = [k]
        j = k + 1
        while j < len(lines):
            prev = lines[block[-1]]
            gap = lines[j].top - prev.bottom
            limit = MAX_ROW_GAP * (prev.size or 10.0)
            if gap > limit:
                break
            if len(segs[j]) >= 2:
                block.append(j)
                j += 1
                continue
            # a one-segment line inside the table (a category row or a wrapped label)
            nxt = j + 1
            if (nxt < len(lines) and len(segs[nxt]) >= 2 and len(lines[j].text) <= 60
                    and lines[nxt].top - lines[j].bottom <= limit and gap <= 1.5 * (prev.size or 10.0)):
                block.append(j)
                j += 1
                continue
            break
        table = _aligned_table(lines, segs, block)
        if table is not None:
            tbl, members, beside = table
            tables.append(tbl)
            used.update(members)
            aside.extend(beside)
            k = max(members) + 1
        else:
            k = block[-1] + 1 if len(block) > 1 else k + 1
    rest = [ln for i, ln in enumerate(lines) if i not in used]
    fields, rest = _field_pairs(rest)
    return sorted(tables + fields, key=lambda t: t.top), rest + aside


def _field_pairs(lines: list[TextLine]) -> tuple[list[PdfTable], list[TextLine]]:
    """Labels printed over their values (see the module's text): each pair as a table of
    kind "fields" (one header row, one data row); returns those and the other lines."""
    segs = [_segments(ln) for ln in lines]

    def close(i: int, rows: float = 1.5) -> bool:
        # line i + 1 follows line i as the next line of a block (``rows``: as the next row
        # of a table, whose values may stand further from their column names)
        return lines[i + 1].top - lines[i].bottom <= rows * (lines[i].size or 10.0)

    def same_columns(i: int, j: int) -> bool:
        # as many segments, each under its own: starting or ending where it does, or
        # overlapping it and no other ("Price" over "278.61", set a little to the left)
        tol = 0.6 * (lines[i].size or 10.0)
        a, b = segs[i], segs[j]

        def over(x, y) -> bool:
            return min(x[1], y[1]) - max(x[0], y[0]) > 0

        return len(a) == len(b) and all(
            abs(x[0] - y[0]) <= tol or abs(x[1] - y[1]) <= tol
            or (over(x, y) and not any(over(x, z) for z in b if z is not y)
                and not any(over(z, y) for z in a if z is not x))
            for x, y in zip(a, b))

    tables: list[PdfTable] = []
    used: set[int] = set()
    for i in range(len(lines) - 1):
        labels, values = segs[i], segs[i + 1]
        if len(labels) < 2 or i in used or not close(i, MAX_ROW_GAP) or not same_columns(i, i + 1):
            continue
        if any(re.search(r"\d", t) or len(t.split()) > LABEL_WORDS or len(t) > LABEL_CHARS or t.endswith(",")
               for _, _, t in labels):
            continue
        if not any(re.search(r"\d", t) for _, _, t in values) or any(len(t) > VALUE_CHARS for _, _, t in values):
            continue
        if (i > 0 and close(i - 1) and same_columns(i - 1, i)) or \
                (i + 2 < len(lines) and close(i + 1) and same_columns(i + 1, i + 2)):
            continue  # a third line in the same columns: text in columns, or a table
        heads = [t for _, _, t in labels]
        top, bottom = lines[i].top, lines[i + 1].bottom
        x0, x1 = min(labels[0][0], values[0][0]), max(labels[-1][1], values[-1][1])
        tables.append(PdfTable(bbox=(x0, top, x1, bottom), headers=heads, header_rows=[heads],
                               rows=[[t for _, _, t in values]], kind="fields",
                               size=lines[i + 1].size))
        used.update((i, i + 1))
    return tables, [ln for i, ln in enumerate(lines) if i not in used]


def _beside(lines: list[TextLine], segs: list[list[tuple[float, float, str]]], block: list[int],
            cols: list[tuple[float, float]]) -> tuple[list[int], dict[int, list], list[TextLine]]:
    """Text beside the table: the segments of its lines that lie wholly outside its columns
    (more than twice the font size past the first or the last), as a column of prose
    next to a table sets them. Returns the lines of the block that keep something, the
    segments they keep, and the text beside those as lines of their own (a line with
    nothing in the table is left out of the block, and so stays a line of the page)."""
    size = statistics.median([lines[i].size or 10.0 for i in block])
    left, right = cols[0][0] - 2 * size, cols[-1][1] + 2 * size
    keep: list[int] = []
    kept: dict[int, list] = {}
    out: list[TextLine] = []
    for i in block:
        inside = [sg for sg in segs[i] if not (sg[0] > right or sg[1] < left)]
        if inside and len(inside) < len(segs[i]):
            words = [w for ws in chunks(lines[i], SEGMENT_GAP) if ws[0].x0 > right or ws[-1].x1 < left for w in ws]
            out.append(TextLine(words=words, region=lines[i].region))
        if inside:
            keep.append(i)
            kept[i] = inside
    return keep, kept, out


def _aligned_table(lines: list[TextLine], segs: list[list[tuple[float, float, str]]],
                   block: list[int]) -> tuple[PdfTable, list[int], list[TextLine]] | None:
    multi = [i for i in block if len(segs[i]) >= 2]
    if len(multi) < MIN_ALIGNED_ROWS:
        return None
    counts = Counter(len(segs[i]) for i in multi)
    m = max(counts, key=lambda n: (counts[n], n))
    template = [i for i in multi if len(segs[i]) == m]
    if len(template) < MIN_ALIGNED_ROWS or len(template) < 0.6 * len(multi):
        return None
    cols = [(min(segs[i][c][0] for i in template), max(segs[i][c][1] for i in template)) for c in range(m)]
    if any(cols[c][1] >= cols[c + 1][0] for c in range(m - 1)):
        return None  # columns overlap: not a consistent alignment
    block, kept, beside = _beside(lines, segs, block, cols)
    segs = [kept.get(i, sg) for i, sg in enumerate(segs)]

    starts = [a for a, _ in cols]

    def assign(seglist: list[tuple[float, float, str]]) -> list[str]:
        vals = [""] * m
        for x0, x1, text in seglist:
            best, best_ov = None, 0.0
            # the columns are disjoint and sorted: only those starting before x1 and
            # from the one holding x0 on can overlap
            for c in range(max(bisect_right(starts, x0) - 1, 0), bisect_right(starts, x1)):
                a, b = cols[c]
                ov = min(x1, b) - max(x0, a)
                if ov > best_ov:
                    best, best_ov = c, ov
            if best is None:
                mid = (x0 + x1) / 2
                best = min(range(m), key=lambda c: min(abs(cols[c][0] - mid), abs(cols[c][1] - mid)))
            vals[best] = f"{vals[best]} {text}".strip()
        return vals

    values = {i: assign(segs[i]) for i in block}
    numeric_cols = []
    for c in range(1, m):
        cells = [values[i][c] for i in template if values[i][c]]
        nums = [v for v in cells if _datum(v)]
        if len(nums) >= 3 and len(nums) >= 0.7 * len(cells) and all(len(v) <= 20 for v in nums):
            numeric_cols.append(c)
    if not numeric_cols or len(numeric_cols) < (m - 1) / 2:
        return None

    def data_row(vals: list[str]) -> bool:
        nums = [vals[c] for c in numeric_cols if vals[c]]
        if not nums or sum(1 for v in nums if _datum(v)) < 0.5 * len(numeric_cols):
            return False
        return not all(YEAR_CELL.match(v) for v in nums)  # years over number columns: a header

    n_head = 0
    while n_head < len(block) - 1 and not data_row(values[block[n_head]]) and n_head < 3:
        n_head += 1
    # an upper header level right above: every segment spans two or more columns
    members = list(block)
    first = block[0]
    upper: list[tuple[float, float, str]] | None = None
    if first > 0 and n_head:
        above = first - 1
        gap = lines[first].top - lines[above].bottom
        spans = [len([c for c, (a, b) in enumerate(cols) if min(s[1], b) - max(s[0], a) > 1.0]) for s in segs[above]]
        if (gap <= 1.5 * (lines[first].size or 10.0) and spans and all(n >= 2 for n in spans)
                and len(lines[above].text) <= 80 and not lines[above].text.endswith(".")):
            upper = segs[above]
            members.insert(0, above)
    levels: list[list[str]] = [[] for _ in range(m)]
    header_rows: list[list[str]] = []
    head_segs = ([upper] if upper else []) + [segs[i] for i in block[:n_head]]
    for seglist in head_segs:
        row = [""] * m
        for x0, x1, text in seglist:
            over = [c for c, (a, b) in enumerate(cols) if min(x1, b) - max(x0, a) > 1.0]
            if not over:
                mid = (x0 + x1) / 2
                over = [min(range(m), key=lambda c: abs((cols[c][0] + cols[c][1]) / 2 - mid))]
            for c in over:
                levels[c].append(text)
            row[over[0]] = f"{row[over[0]]} {text}".strip()
        header_rows.append(row)
    headers = [join_levels(lv) for lv in levels]
    rows = [values[i] for i in block[n_head:]]
    # where each row's label starts (a label indented under the row above: see indented_rows)
    starts = [segs[i][0][0] if values[i][0] and segs[i] and segs[i][0][0] < cols[0][1] and
              any(ch.isalpha() for ch in values[i][0]) and not is_number(values[i][0]) else None
              for i in block[n_head:]]
    rows = indented_rows(rows, starts)
    x0 = min(segs[i][0][0] for i in members)
    x1 = max(segs[i][-1][1] for i in members)
    top = min(lines[i].top for i in members)
    bottom = max(lines[i].bottom for i in members)
    return PdfTable(bbox=(x0, top, x1, bottom), headers=headers, header_rows=header_rows, rows=rows,
                    kind="aligned"), members, beside
