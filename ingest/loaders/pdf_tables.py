"""Tables in PDF pages: ruled tables (pdfplumber's cell finder) here, borderless tables
(text alignment) in :mod:`.pdf_borderless`; both become a :class:`PdfTable` whose column
headers name every header level ("Pre-Pawn / Handgun").

Cell text
---------
The characters of a cell are read with :func:`ingest.loaders.pdf_layout.lines_from_chars`,
so a number printed with a thin gap as thousands separator stays as printed ("180 116")
and is not glued to a neighbour or into "180116".

Ruled tables (:func:`ruled_tables`)
-----------------------------------
``page.find_tables()`` gives the cells (rectangles between ruling lines). Their edges
make a grid; a cell may span several grid columns or rows.

* *Title rows*: leading rows holding one text in a cell across the whole table become the
  table's title ("NICS Firearm Background Checks November - 2015").
* *Header rows*: the first row, and the next rows while a header cell spans down into
  them, or while the header has a cell spanning several columns (a group such as
  "Pre-Pawn" over Handgun / Long Gun / Other) and the next row does not read as data
  (mostly numbers). Inside a cell that spans several columns, each text line is split
  into phrases at gaps wider than half its font size; a phrase lying in one column
  labels that column, a lone phrase centred over the cell (or crossing columns) labels
  every column under the cell. The labels of one column, top to bottom, are joined with
  " / "; wrapped lines of one label are joined with a space. No header when the first
  row is already data: a text in the first column and figures (not years) where the
  row below has its figures (a table that names its rows and no column).
* *Rows drawn as one band*: a data row of the grid whose cells each hold several text
  lines at the same heights (e.g. five states per ruled band, a number per state in each
  column) is split into one row per text line; this needs the lines to align across the
  cells and at least half of the filled cells to be numbers only ("36 (75%)" and "8/16"
  count); with one column of numbers, a label cell must have a line at each number's
  height too.
* *Group labels*: a row with only its first cell filled, ending in ":" ("Rows:"), names
  the rows after it ("Rows: Total").
* *Cells spanning rows* in the data part give their text to every row they span.
* *Notes*: trailing rows whose long text (60+ characters) spans at least half of the
  columns are notes under the table: they are left out of its box, so the loader reads
  them as prose.
"""
from __future__ import annotations

import re
from collections import Counter
from bisect import bisect_right
from dataclasses import dataclass, field

from .pdf_layout import Y_TOLERANCE, chunks, cluster, lines_from_chars, new_word

PHRASE_GAP = 0.5
NOTE_CHARS = 60

_NUMBER = re.compile(r"^[(\[]?[-−–+]?\s?[€$£]?\s?\d[\d\s.,']*\s?(?:%|‰|pp|procentpunt)?[)\]]?\*?$", re.I)
_PLACEHOLDERS = {"-", "–", "—", "x", ".", "..", "...", "…", "n.v.t.", "nvt", "n.v.t", "n/a", "na", "n.a.",
                 "*", "**", "?", "nb", "n.b."}


# a cell that is a year ("2019": it heads a column, or labels a row, more than it counts)
YEAR_CELL = re.compile(r"^(?:19|20)\d\d$")
# a share after a count ("36 (75%)"), and a count of a total ("8/16")
_SHARE_AFTER = re.compile(r"\s*\(\s*[-−–+]?\d[\d.,]*\s?%?\s*\)$")
_FRACTION = re.compile(r"^\d[\d.,]*\s?/\s?\d[\d.,]*$")


def is_number(text: str) -> bool:
    """A cell that holds a number as tables print them ("1,234", "13.1%", "36 (75%)",
    "8/16"), or a placeholder for one."""
    t = text.strip()
    if not t:
        return False
    if _NUMBER.match(t) or t.lower() in _PLACEHOLDERS or _FRACTION.match(t):
        return True
    bare = _SHARE_AFTER.sub("", t)
    return bare != t and bool(bare) and bool(_NUMBER.match(bare))


@dataclass
class PdfTable:
    """One table of one page, before it becomes row blocks.

    headers      one name per column: its header levels joined with " / "
    header_rows  the header rows as printed (one text per column), to recognise a header
                 repeated on the next page and to read them as data if this part turns
                 out to continue a table from the previous page without a header
    rows         data rows (one text per column)
    title        a title row inside the table, if it has one
    """

    bbox: tuple[float, float, float, float]
    headers: list[str]
    header_rows: list[list[str]]
    rows: list[list[str]]
    title: str | None = None
    kind: str = "ruled"
    size: float | None = None  # the font size of its values ("fields": see pdf_borderless)

    @property
    def ncols(self) -> int:
        return len(self.headers)

    @property
    def top(self) -> float:
        return self.bbox[1]


# ------------------------------------------------------------------------- shared

@dataclass
class _Line:
    top: float
    text: str
    phrases: list[tuple[float, float, str]]  # (x0, x1, text)
    size: float


def _cell_lines(chars: list[dict]) -> list[_Line]:
    out = []
    for ln in lines_from_chars(chars):
        phrases = [(ws[0].x0, ws[-1].x1, " ".join(w.text for w in ws if w.text)) for ws in chunks(ln, PHRASE_GAP)]
        out.append(_Line(top=ln.top, text=ln.text, phrases=phrases, size=ln.size))
    return out


def join_levels(parts: list[str]) -> str:
    """A column's header levels, top to bottom, as one name ("Pre-Pawn / Handgun"); a
    level repeated right below itself counts once."""
    out: list[str] = []
    for p in parts:
        p = " ".join(p.split())
        if p and (not out or out[-1] != p):
            out.append(p)
    return " / ".join(out)


def _data_like(values: list[str]) -> bool:
    """Most filled cells (after the first column) are numbers."""
    cells = [v for v in values[1:] if v]
    return bool(cells) and sum(1 for v in cells if is_number(v)) >= 0.5 * len(cells)


# ------------------------------------------------------------------------- ruled

@dataclass
class _Cell:
    r0: int
    r1: int
    c0: int
    c1: int
    lines: list[_Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(" ".join(ln.text for ln in self.lines).split())


def _snap(values: list[float], tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    i = bisect_right(edges, v + 1.5) - 1
    return max(0, min(i, len(edges) - 1))


def _open_sides(page) -> list[dict]:
    """Vertical edges a table leaves undrawn: where a run of three or more horizontal
    rules of the same extent (two rows at least; two rules may only box a paragraph)
    ends and no vertical rule stands. Such a table is ruled between its rows and
    columns but not round its outer sides (R and many report tools draw them so), or
    by rules drawn column by column; without these edges its first and last columns
    are outside every cell."""
    horizontal: dict[tuple[int, int], list[float]] = {}
    vertical = []
    for ln in page.lines:
        x0, x1, top, bottom = (float(ln[k]) for k in ("x0", "x1", "top", "bottom"))
        if bottom - top < 1 and x1 - x0 > 20:
            horizontal.setdefault((round(x0), round(x1)), []).append(top)
        elif x1 - x0 < 1 and bottom - top > 1:
            vertical.append((x0, top, bottom))
    out = []
    for (x0, x1), tops in horizontal.items():
        if len(tops) < 3:
            continue
        top, bottom = min(tops), max(tops)
        for x in (x0, x1):
            drawn = any(abs(vx - x) <= 2 and vt <= top + 2 and vb >= bottom - 2 for vx, vt, vb in vertical)
            if not drawn:
                out.append({"x0": float(x), "x1": float(x), "top": top, "bottom": bottom,
                            "width": 0.0, "height": bottom - top, "object_type": "line"})
    return out


def ruled_tables(page, chars: list[dict]) -> list[PdfTable]:
    """Ruled tables of a pdfplumber page; ``chars`` are the page's visible characters."""
    out = []
    sides = _open_sides(page)
    found = page.find_tables({"explicit_vertical_lines": sides}) if sides else page.find_tables()
    for t in found:
        table = _from_cells([tuple(float(v) for v in c) for c in t.cells], chars)
        if table is not None:
            out.append(table)
    return out


def _whole_words(placed: list[tuple[dict, "_Cell"]]) -> list[tuple[dict, "_Cell"]]:
    """Characters placed in cells, a word's letters that overhang its cell's ruling
    line ("I" of "Indian/Alaskan" left of the line) moved to the cell that holds three
    quarters or more of the word. A word split more evenly stays split: two numbers
    of neighbouring cells set close together are two words."""
    rows = cluster([(float(ch["top"]), i) for i, (ch, _c) in enumerate(placed)], Y_TOLERANCE)
    out = list(placed)
    for g in rows:
        line = sorted(g, key=lambda i: float(placed[i][0]["x0"]))
        word: list[int] = []
        for i in line + [None]:
            if i is not None and (not word or not new_word(placed[word[-1]][0], placed[i][0])):
                word.append(i)
                continue
            cells = Counter(id(placed[k][1]) for k in word)
            if len(cells) > 1:
                main, count = cells.most_common(1)[0]
                if count >= 0.75 * len(word):
                    home = next(placed[k][1] for k in word if id(placed[k][1]) == main)
                    for k in word:
                        out[k] = (placed[k][0], home)
            word = [i] if i is not None else []
    return out


def _from_cells(cells: list[tuple[float, float, float, float]], chars: list[dict]) -> PdfTable | None:
    xs = _snap([c[0] for c in cells] + [c[2] for c in cells])
    ys = _snap([c[1] for c in cells] + [c[3] for c in cells])
    ncols, nrows = len(xs) - 1, len(ys) - 1
    if ncols < 1 or nrows < 1:
        return None
    grid: list[_Cell] = []
    owner: dict[tuple[int, int], _Cell] = {}
    for x0, top, x1, bottom in cells:
        c0, c1 = _index(xs, x0), _index(xs, x1) - 1
        r0, r1 = _index(ys, top), _index(ys, bottom) - 1
        if c1 < c0 or r1 < r0:
            continue
        cell = _Cell(r0, r1, c0, c1)
        grid.append(cell)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner.setdefault((r, c), cell)
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    found: dict[int, list[dict]] = {}
    placed: list[tuple[dict, _Cell]] = []
    for ch in chars:
        cx = (float(ch["x0"]) + float(ch["x1"])) / 2
        cy = (float(ch["top"]) + float(ch["bottom"])) / 2
        if not (bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3]):
            continue
        c = min(max(bisect_right(xs, cx) - 1, 0), ncols - 1)
        r = min(max(bisect_right(ys, cy) - 1, 0), nrows - 1)
        cell = owner.get((r, c))
        if cell is not None:
            placed.append((ch, cell))
    for ch, cell in _whole_words(placed):
        found.setdefault(id(cell), []).append(ch)
    for cell in grid:
        cell.lines = _cell_lines(found.get(id(cell), []))
    anchored: list[list[_Cell]] = [[] for _ in range(nrows)]
    for cell in grid:
        anchored[cell.r0].append(cell)
    for row in anchored:
        row.sort(key=lambda c: c.c0)

    # title rows: one text across the whole table
    r = 0
    title_parts: list[str] = []
    while r < nrows - 2:
        filled = [c for c in anchored[r] if c.text]
        if len(filled) == 1 and filled[0].c0 == 0 and filled[0].c1 == ncols - 1 and ncols > 1:
            title_parts.append(filled[0].text)
            r = filled[0].r1 + 1
        else:
            break
    if r >= nrows:
        return None
    first = r

    def row_values(rr: int) -> list[str]:
        vals = [""] * ncols
        for c in anchored[rr]:
            vals[c.c0] = c.text
        return vals

    # header rows (none when the first row is already data: a label and its figures,
    # as in a table of counts that names each row and no column)
    h = 0 if _first_row_is_data(anchored[first], anchored[first + 1] if first + 1 < nrows else []) else 1
    while h and first + h < nrows - 1 and h < 4:
        nxt = first + h
        upper = [c for rr in range(first, nxt) for c in anchored[rr]]
        spans_down = any(c.r0 < nxt <= c.r1 for c in upper)
        grouped = any(c.c1 > c.c0 and c.text and not (c.c0 == 0 and c.c1 == ncols - 1) for c in upper)
        nxt_vals = row_values(nxt)
        short = all(len(v) <= 40 for v in nxt_vals)
        if spans_down or (grouped and short and not _data_like(nxt_vals) and any(nxt_vals)):
            h += 1
        else:
            break
    header_cells = [c for rr in range(first, first + h) for c in anchored[rr]]
    headers = _header_paths(header_cells, xs, ncols) if h else [""] * ncols
    header_rows = [row_values(rr) for rr in range(first, first + h)]

    # notes under the data: left out of the table (the loader reads them as prose)
    end = nrows
    while end > first + h:
        filled = [c for c in anchored[end - 1] if c.text]
        if not filled:
            end -= 1
            continue
        longest = max(filled, key=lambda c: len(c.text))
        if (len(longest.text) >= NOTE_CHARS and longest.c1 - longest.c0 + 1 >= max(2, ncols / 2)
                and not is_number(longest.text) and all(c.r0 == end - 1 for c in filled)):
            end -= 1
        else:
            break
    bbox = (xs[0], ys[0], xs[-1], ys[end])

    # data rows (bands split, row spans filled down)
    logical: list[list[tuple[int, int, str]]] = []
    starts: list[float | None] = []  # where each logical row's label starts (None: not known)
    tall = [c for c in grid if c.r1 > c.r0 and c.r0 >= first + h and c.text]
    for rr in range(first + h, end):
        band = _split_band(anchored[rr], rr)
        for cell in tall:  # a cell spanning down into this row gives it its text
            if cell.r0 < rr <= cell.r1:
                for row in band:
                    row.append((cell.c0, cell.c1, cell.text))
        label = next((c for c in anchored[rr] if c.c0 == 0 and c.lines and c.lines[0].phrases), None)
        starts.extend([label.lines[0].phrases[0][0] if label is not None and len(band) == 1 else None] * len(band))
        logical.extend(band)
    rows, row_starts = [], []
    for row, x0 in zip(logical, starts):
        vals = [""] * ncols
        for c0, _c1, t in row:
            vals[c0] = f"{vals[c0]} {t}".strip() if vals[c0] else t
        if any(vals):
            rows.append(vals)
            # (a label of words: figures in the first column are set right, not indented)
            row_starts.append(x0 if any(ch.isalpha() for ch in vals[0]) and not is_number(vals[0]) else None)
    if ncols < 2 or not rows:
        return None
    return PdfTable(bbox=bbox, headers=headers, header_rows=header_rows,
                    rows=_group_rows(indented_rows(rows, row_starts)),
                    title=" ".join(title_parts) or None, kind="ruled")


INDENT = 3.0  # points a label must start further right than the one above to be under it


def indented_rows(rows: list[list[str]], starts: list[float | None]) -> list[list[str]]:
    """Rows whose labels are indented under the row above them ("AWS Data Transfer", then
    "Charges" and "VAT" set further right; a budget's "Lasten" over its items): the label
    of such a row names the row it is under too ("AWS Data Transfer / Charges"), else the
    same "Charges" of each service reads alike. Only when the labels start at two or three
    positions (left-aligned levels, each used at least twice, at least INDENT apart):
    centred or ragged labels start anywhere and say nothing about levels."""
    known = [x for x in starts if x is not None]
    levels = _snap(known, tol=1.5)
    if not 2 <= len(levels) <= 3 or any(b - a < INDENT for a, b in zip(levels, levels[1:])):
        return rows
    level = [None if x is None else min(range(len(levels)), key=lambda i: abs(levels[i] - x)) for x in starts]
    if any(sum(1 for lv in level if lv == i) < 2 for i in range(len(levels))):
        return rows
    out = []
    for i, (row, lv) in enumerate(zip(rows, level)):
        parent = None
        if lv:
            for j in range(i - 1, -1, -1):
                if level[j] is None:
                    break  # (a row of unknown start: the levels are not followed past it)
                if level[j] < lv:
                    parent = rows[j][0]
                    break
        out.append([f"{parent} / {row[0]}", *row[1:]] if parent else row)
    return out


def _group_rows(rows: list[list[str]]) -> list[list[str]]:
    """Rows under a group label: a row with text in its first cell only, ending in a
    colon ("Rows:"), in a table whose rows give figures, names the rows after it up to
    the next such row; their first cell takes it ("Rows: Total", not "Total" twice in
    one table). A label with no row after it stays a row."""
    if sum(1 for r in rows if any(is_number(v) for v in r[1:] if v)) < 2:
        return rows
    out: list[list[str]] = []
    label = ""
    for i, r in enumerate(rows):
        if r[0].endswith(":") and not any(r[1:]) and i + 1 < len(rows) and any(rows[i + 1][1:]):
            label = r[0]
            continue
        out.append([f"{label} {r[0]}".strip(), *r[1:]] if label and r[0] else r)
    return out


def _first_row_is_data(row: list[_Cell], below: list[_Cell]) -> bool:
    """The first row of a ruled table is data, not a header: a text in its first column,
    and after it figures (not years: "2019 2020" heads columns) in the same columns as
    the figures of the row below."""
    def figures(cells: list[_Cell]) -> set[int]:
        return {c.c0 for c in cells if c.c0 > 0 and c.lines and all(is_number(ln.text) for ln in c.lines)}

    filled = [c for c in row if c.text]
    if not filled or filled[0].c0 != 0 or is_number(filled[0].text):
        return False
    rest = [c for c in filled if c.c0 > 0]
    cols = figures(row)
    if not rest or len(cols) != len(rest) or cols != figures(below):
        return False
    return not all(YEAR_CELL.match(ln.text.strip()) for c in rest for ln in c.lines)


def _split_band(cells: list[_Cell], r: int) -> list[list[tuple[int, int, str]]]:
    """One grid row -> one or more logical rows (see "Rows drawn as one band"). The rows
    are the heights of the number cells' lines; a label wrapped over two lines ("Murder
    and nonnegligent" / "manslaughter") belongs to the row its number line is on: a line
    at no row's height joins the next line when that one continues it (starts in lower
    case) or when the cell starts with such a line (labels set on their last line), else
    the line before it."""
    whole = [(c.c0, c.c1, c.text) for c in cells if c.r0 == r]
    single = [c for c in cells if c.r0 == c.r1 == r and c.lines]
    fields = _field_lines(single)
    if fields is not None and len(whole) == len(single):
        return fields
    numbers = [c for c in single if all(is_number(ln.text) for ln in c.lines)]
    if not numbers or max(len(c.lines) for c in numbers) < 2 or len(numbers) < 0.5 * len(single):
        return [whole]
    size = min((ln.size for c in single for ln in c.lines if ln.size), default=10.0) or 10.0
    tops = sorted(ln.top for c in numbers for ln in c.lines)
    clusters: list[list[float]] = []
    for t in tops:
        if clusters and t - clusters[-1][-1] <= 0.5 * size:
            clusters[-1].append(t)
        else:
            clusters.append([t])
    k = len(clusters)
    if k < 2:
        return [whole]
    centres = [sum(c) / len(c) for c in clusters]

    def slot(top: float) -> int | None:
        i = min(range(k), key=lambda i: abs(centres[i] - top))
        return i if abs(centres[i] - top) <= 0.5 * size else None

    full = 0
    for c in numbers:
        slots = [slot(ln.top) for ln in c.lines]
        if None in slots or len(set(slots)) != len(slots):
            return [whole]  # two lines of one cell at the same height: not a band
        full += len(slots) == k
    if len(numbers) == 1:
        # one column of numbers (a label and its count per row): a label cell must have
        # a line at the height of every number too
        labels = [c for c in single if c is not numbers[0]]
        if full < 1 or not any(len({slot(ln.top) for ln in c.lines} - {None}) == k for c in labels):
            return [whole]
    elif full < 2 or full < 0.6 * len(numbers):
        return [whole]
    out: list[list[tuple[int, int, str]]] = [[] for _ in range(k)]
    in_band = {id(c) for c in single}
    for c in cells:
        if c.r0 != r:
            continue
        if id(c) in in_band:
            for i, text in _lines_to_slots(c.lines, slot).items():
                out[i].append((c.c0, c.c1, text))
        elif c.text:
            for row in out:
                row.append((c.c0, c.c1, c.text))
    return out


def _field_lines(cells: list[_Cell]) -> list[list[tuple[int, int, str]]] | None:
    """A cell of labels, each on its line and ending in ":" ("Invoice Number:" over
    "Invoice Date:"), beside cells with a value on each of those lines ("42183017" over
    "August 3, 2014"): a row per line, each label with its value. None when the band is
    not such."""
    if len(cells) < 2 or not all(ln.text.rstrip().endswith(":") for ln in cells[0].lines):
        return None
    k = len(cells[0].lines)
    size = min((ln.size for c in cells for ln in c.lines if ln.size), default=10.0) or 10.0
    tops = [ln.top for ln in cells[0].lines]
    if k < 2 or any(len(c.lines) != k or any(abs(ln.top - t) > 0.5 * size for ln, t in zip(c.lines, tops))
                    for c in cells[1:]):
        return None
    return [[(c.c0, c.c1, c.lines[i].text) for c in cells] for i in range(k)]


def _lines_to_slots(lines: list[_Line], slot) -> dict[int, str]:
    """A band cell's lines by the row (slot) each belongs to, wrapped lines joined."""
    slots = [slot(ln.top) for ln in lines]
    forward = bool(slots) and slots[0] is None  # a label set on its last line
    out: dict[int, list[str]] = {}
    waiting: list[str] = []
    last = None
    for n, (ln, i) in enumerate(zip(lines, slots)):
        if i is None:
            # a line the next one continues ("Murder and nonnegligent" / "manslaughter")
            # goes with it; one that continues the line before (lower case) with that
            nxt = lines[n + 1].text[:1] if n + 1 < len(lines) else ""
            ahead = nxt.islower() or (forward and not ln.text[:1].islower())
            if ahead or last is None:
                waiting.append(ln.text)
            else:
                out[last].append(ln.text)
            continue
        out.setdefault(i, []).extend(waiting + [ln.text])
        waiting, last = [], i
    if waiting and last is not None:
        out[last].extend(waiting)
    return {i: " ".join(parts) for i, parts in out.items()}


def _group_labels(cells: list[_Cell]) -> dict[int, str]:
    """Group labels of an upper header row drawn in one-column cells ("Total", "Male",
    "Female" each over the middle one of its three columns, the cells either side
    empty): an empty cell of such a row takes the label of the nearest filled cell in
    its row, when exactly one is nearest and at most two columns away, and the header
    has a row below it. Returns the label per empty cell (by id)."""
    last = max((c.r1 for c in cells), default=0)
    by_row: dict[int, list[_Cell]] = {}
    for c in cells:
        if c.r0 == c.r1 < last and c.c0 == c.c1:
            by_row.setdefault(c.r0, []).append(c)
    out: dict[int, str] = {}
    for row in by_row.values():
        filled = [c for c in row if c.text]
        if len(filled) < 2:
            continue
        for e in (c for c in row if not c.text):
            near = sorted(filled, key=lambda f: abs(f.c0 - e.c0))
            d = [abs(f.c0 - e.c0) for f in near[:2]]
            if d[0] <= 2 and (len(d) == 1 or d[1] > d[0]):
                out[id(e)] = near[0].text
    return out


def _header_paths(cells: list[_Cell], xs: list[float], ncols: int) -> list[str]:
    """Per column, its header levels top to bottom joined with " / " (see the module
    docstring)."""
    levels: list[list[list]] = [[] for _ in range(ncols)]  # per column: [mode, text, cell id, line no]

    def add(c: int, mode: str, text: str, cell_id: int, line_no: int) -> None:
        lv = levels[c]
        if lv and lv[-1][0] == mode and lv[-1][2] == cell_id and lv[-1][3] == line_no - 1:
            lv[-1][1] = f"{lv[-1][1]} {text}"
            lv[-1][3] = line_no
        else:
            lv.append([mode, text, cell_id, line_no])

    def columns_of(x0: float, x1: float, c0: int, c1: int) -> list[int]:
        cols = [c for c in range(c0, c1 + 1) if min(x1, xs[c + 1]) - max(x0, xs[c]) > 1.0]
        if not cols:
            mid = (x0 + x1) / 2
            cols = [min(range(c0, c1 + 1), key=lambda c: abs((xs[c] + xs[c + 1]) / 2 - mid))]
        return cols

    borrowed = _group_labels(cells)
    for cell in sorted(cells, key=lambda c: (c.r0, c.c0)):
        if not cell.text:
            if id(cell) in borrowed:
                levels[cell.c0].append(["col", borrowed[id(cell)], id(cell), 0])
            continue
        if cell.c0 == cell.c1:
            levels[cell.c0].append(["col", cell.text, id(cell), 0])
            continue
        left, right = xs[cell.c0], xs[cell.c1 + 1]
        for n, ln in enumerate(cell.lines):
            if len(ln.phrases) == 1:
                x0, x1, text = ln.phrases[0]
                cols = columns_of(x0, x1, cell.c0, cell.c1)
                centred = abs((x0 + x1) / 2 - (left + right) / 2) <= 0.2 * (right - left)
                if len(cols) > 1 or centred or len(cell.lines) == 1:
                    for c in range(cell.c0, cell.c1 + 1):
                        add(c, "span", text, id(cell), n)
                else:
                    add(cols[0], "col", text, id(cell), n)
            else:
                for x0, x1, text in ln.phrases:
                    cols = columns_of(x0, x1, cell.c0, cell.c1)
                    for c in cols:
                        add(c, "span" if len(cols) > 1 else "col", text, id(cell), n)
    return [join_levels([lv[1] for lv in levels[c]]) for c in range(ncols)]
