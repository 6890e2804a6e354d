"""PDF loader: pypdf for structure (encryption, page count, metadata, page labels,
fallback text) and pdfplumber for page text with positions and font sizes, and for tables.

:mod:`.pdf_pages` reads the pages (with :mod:`.pdf_visibility`, :mod:`.pdf_tables`,
:mod:`.pdf_borderless` and :mod:`.pdf_layout`, within the limits of :mod:`.pdf_limits`),
:mod:`.pdf_paragraphs` groups their lines into paragraphs and headings, and this module
puts paragraphs, footnotes and tables together into the document's blocks.

Per page
--------
* Hidden text: characters a reader cannot see (invisible render mode, the background's
  colour, under 1 pt, outside the page) are not read (:mod:`.pdf_visibility`); the
  document reports how many (``dropped_hidden_chars`` and a ``hidden_text: ...`` warning).
* Tables: ruled tables from ``page.find_tables()`` (:mod:`.pdf_tables`; only on pages
  that have drawn lines or rectangles), then borderless tables found by the alignment of
  the remaining text (:mod:`.pdf_borderless`: consistent columns over several rows,
  numbers in them). Column names carry every header level ("Pre-Pawn / Handgun"); a
  table needs 2 columns and a data row. A table's characters are removed from the
  page's prose, so its numbers are not repeated as loose text; notes under a ruled table
  stay prose.
* Prose: the remaining characters as lines (:mod:`.pdf_layout`: words split where a
  reader sees a gap, also inside "180 116"), in reading order: a page set in columns is
  read column by column. The lines are grouped into paragraphs, and headings found among
  them, by :mod:`.pdf_paragraphs` (its docstring has the rules); a bold label ("Scope:")
  and the value on the line below stay one paragraph.
* Footnotes: the lines at the bottom of a page set at least 1 pt smaller than the body
  text, from a line starting with a note mark ("1 ", "*", "†", "¹") on, are blocks of
  their own (one per note) after the page's text; a sentence interrupted by them is
  joined across the page break as if they were not there.
* Page furniture: running headers and footers (lines near the top or bottom edge that
  recur on at least half of the pages) and bare page numbers there are dropped.
* If pdfplumber fails on a page (or finds nothing there), pypdf's ``extract_text`` is used
  for it (no tables, no font sizes; a line ending in . ! ? or clearly shorter than the
  page's typical line ends a paragraph).

Page labels: where the PDF has /PageLabels, every block carries the page as printed
(``Block.page_label``: "iii", "A-2") besides the physical ``page``.

Headings (:mod:`.pdf_paragraphs`: a larger font, or one short line in bold or above body
text, or two bold lines) become ``section`` and are not blocks; footnotes are never
headings. A heading of several lines followed by another heading, with nothing read
between (a title page's address block set large), is also read as text.

Table titles: the heading or short line (≤ 100 characters) right above the table on the
same page (a unit note such as "(Per cent)" is added to the section heading), else a
title row inside the table, else the last heading earlier on that page, else
"{document title}, p. N". A numbered caption set under the table, as papers do
("Table 2: Articles and obtained metaclusters."), comes first in the title; it is not
read again as prose. A table at the top of a page with the same number of columns
as a table that ended the previous page continues that table when it repeats the header
(the repeat is dropped) or starts with rows shaped like the previous rows (numbers in
the same columns): its rows then take the previous header.

``LoadedDocument.title``: the metadata /Title ("Microsoft Word - " prefixes and file
extensions removed, "Untitled" ignored), else the first large heading on page 1.

A paragraph cut by a page break (previous page's last paragraph has no final . ! ? and
this page starts in lower case) is joined and keeps its first page.

Limits (see :mod:`ingest.loaders.pdf_limits`)
---------------------------------------------
* A compressed stream that would expand beyond 64 MiB, or a document whose streams
  together would expand beyond 512 MiB: ``LoaderError("decompression_bomb")`` (pdfminer's
  decoders are bounded; pypdf's own ``LimitReachedError`` maps to the same code).
* A page with more than 16 MiB of content, or more than 100,000 characters and drawing
  objects, is skipped (a warning names it); if no page is left, ``LoaderError("too_complex")``.
* Ruled-table detection is skipped on a page drawn with more than ``MAX_TABLE_EDGES``
  lines/rectangles/curves (a map or chart: it is quadratic in them).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.types import Block, LoadedDocument, LoaderError

from . import pdf_limits, pdf_pages, pdf_paragraphs, pdf_tables, pdf_visibility
from .common import Table, clean, finalize_items, readable_stem, strip_bullet
from .pdf_paragraphs import SENTENCE_END, Para, join_lines
from .pdf_tables import PdfTable

pdf_limits.install()  # pdfminer's stream decoders get a size limit (see pdf_limits)

_UNIT_NOTE = re.compile(r"^\([^()]{1,40}\)$")


# a numbered caption: a word, a number, then ":" or "." ("Table 2:", "Tabel 3.", "Tab. 4:")
_CAPTION = re.compile(r"^\w+\.?\s+[0-9]+[A-Za-z]?\s*[.:]\s+\S", re.U)
CAPTION_CHARS = 200


@dataclass
class _TableItem:
    table: PdfTable
    page: int
    caption: str | None = None

    @property
    def top(self) -> float:
        return self.table.top


# ------------------------------------------------------------------------- main

# a word of two letters or a figure: what is left ("c s", "f c h a") is letters of a
# drawing's rotated labels, read one by one
_SAYS_SOMETHING = re.compile(r"[^\W\d_]{2}|\d")


def load_pdf(path: Path, *, title: str | None = None, max_pages: int = 2000, **kw: object) -> LoadedDocument:
    with pdf_pages.quiet_libraries(), pdf_limits.budget() as budget:
        try:
            return _load_pdf(path, title=title, max_pages=max_pages, budget=budget)
        except pdf_limits.StreamLimit as e:
            raise LoaderError("decompression_bomb", str(e)) from None
        except LoaderError:
            raise
        except Exception:
            if budget.tripped:  # a library turned the limit into some other error
                raise LoaderError("decompression_bomb", budget.tripped) from None
            raise


def _load_pdf(path: Path, *, title: str | None, max_pages: int, budget: pdf_limits.Budget) -> LoadedDocument:
    reader, n = pdf_pages.open_pypdf(path)
    if n > max_pages:
        raise LoaderError("too_many_pages", f"{n} pages (limit {max_pages})")
    meta_title = pdf_pages.meta_title(reader)
    warnings_out: list[str] = []

    pages, too_big = pdf_pages.read_pages(path, reader, n, budget)

    truncated = pdf_pages.looks_truncated(path)
    empty_pages = [p.number for p in pages if not any(ln.text for ln in p.lines) and not p.tables]
    if len(empty_pages) == n:
        if too_big:
            raise LoaderError("too_complex", f"p. {too_big[0][0]}: {too_big[0][1]}")
        if truncated:
            raise LoaderError("corrupt_pdf", "the file is truncated (no %EOF) and no text could be read")
        if any(p.hidden for p in pages):
            raise LoaderError("no_text_layer", f"{n} page{'s' if n != 1 else ''}, with only text a reader "
                                               f"cannot see ({pdf_visibility.describe(sum((p.hidden for p in pages), Counter()))})")
        raise LoaderError("no_text_layer", f"{n} page{'s' if n != 1 else ''}, none with a text layer")
    if truncated:
        warnings_out.append("the PDF seems truncated (no %EOF marker); some content may be missing")
    for number, why in too_big:
        warnings_out.append(f"p. {number} was not read: {why}")
    skipped = {number for number, _ in too_big}
    empty_pages = [p for p in empty_pages if p not in skipped]
    if empty_pages:
        shown = ", ".join(map(str, empty_pages[:10])) + (" ..." if len(empty_pages) > 10 else "")
        warnings_out.append(f"{len(empty_pages)} of {n} pages have no text (scanned?); OCR is not "
                            f"performed: p. {shown}")

    body, gap = pdf_paragraphs.prepare(pages)
    doc_title = title or meta_title or readable_stem(path)

    items: list = []
    section: str | None = None
    first_big: str | None = None  # first large heading on page 1: title if metadata has none
    last_kind: str | None = None  # "text" | "table" : what ended the previous page
    # the last heading of several lines (a title page's address block set large), while
    # nothing under it was read: read as text when another heading follows
    untitled: Block | None = None
    last_text: Block | None = None  # the last prose block (footnotes aside)
    last_table: tuple[Table, PdfTable] | None = None  # the last table, and its latest part
    for p in pages:
        paras = pdf_paragraphs.page_paragraphs(p, body, gap)
        notes = [para for para in paras if para.foot]
        prose = [para for para in paras if not para.foot]
        seq: list = sorted(prose + [_TableItem(t, p.number) for t in p.tables],
                           key=lambda it: it.top) if p.tables else prose
        page_section: str | None = None
        first_on_page = True
        prev_on_page = None
        below = _captions_below(p.tables, prose, body)
        taken = {id(para) for para in below.values()}
        for k, it in enumerate(seq):
            if isinstance(it, _TableItem) and id(it.table) in below:
                # a numbered caption under the table ("Table 2: ..."), as papers set them
                it.caption = below[id(it.table)].text
            if isinstance(it, _TableItem):
                t = it.table
                cont = None
                if first_on_page and last_kind == "table" and last_table is not None:
                    cont = _continuation(last_table[1], t)
                if cont is not None:
                    table = last_table[0]
                    table.rows.extend(cont)
                    table.row_pages = (table.row_pages or []) + [it.page] * len(cont)
                    last_table = (table, t)
                else:
                    tbl_title = None
                    if isinstance(prev_on_page, Para) and id(prev_on_page) not in taken:
                        ptxt = prev_on_page.text
                        near = (prev_on_page.bottom and it.top - prev_on_page.bottom
                                <= 2.5 * (prev_on_page.size or body or 11))
                        if prev_on_page.heading or (len(ptxt) <= 100 and near):
                            tbl_title = ptxt
                            if _UNIT_NOTE.match(ptxt) and (page_section or section):
                                tbl_title = f"{page_section or section} {ptxt}"  # "TABLE 4 ... (Per cent)"
                    if it.caption:  # the numbered caption first, then what stands above or in it
                        tbl_title = " ".join(x for x in (it.caption, tbl_title or t.title) if x)
                    tbl_title = tbl_title or t.title or page_section or f"{doc_title}, p. {it.page}"
                    table = Table(title=tbl_title, headers=t.headers, rows=list(t.rows),
                                  section=section, page=it.page, row_pages=[it.page] * len(t.rows))
                    items.append(table)
                    last_table = (table, t)
                last_kind = "table"
                untitled = None
            elif id(it) in taken:
                pass  # the caption of a table above it: its title
            else:
                text = it.text
                nxt = seq[k + 1] if k + 1 < len(seq) else None
                # a caption (a small heading, or one bold line) titles the table below it;
                # the section does not change
                caption = not it.heading and len(it.lines) == 1 and it.lines[0].bold and len(text) <= 100
                if ((it.heading and not it.big) or caption) and isinstance(nxt, _TableItem):
                    pass
                elif it.heading:
                    if untitled is not None:  # a heading of several lines that titled nothing
                        items.append(untitled)
                    doc_heading = first_big is None and it.big and p.number == 1  # the title
                    untitled = (Block(text=clean(text), kind="text", page=p.number, section=section)
                                if len(it.lines) > 1 and not doc_heading and _SAYS_SOMETHING.search(text)
                                else None)
                    section = clean(text)
                    if first_big is None and it.big and p.number == 1:
                        first_big = section
                    page_section = section
                    last_kind = "heading"
                else:
                    if (first_on_page and last_kind == "text" and last_text is not None
                            and not last_text.text.endswith(SENTENCE_END + (":",))
                            and text[:1].islower()):
                        last_text.text = join_lines([last_text.text, text])
                    else:
                        t = strip_bullet(clean(text))
                        if t and _SAYS_SOMETHING.search(t):
                            last_text = Block(text=t, kind="text", page=p.number, section=section)
                            items.append(last_text)
                    last_kind = "text"
                    untitled = None
            first_on_page = False
            prev_on_page = it
        for para in notes:  # footnotes: after the page's text, each its own block
            t = clean(para.text)
            if t:
                items.append(Block(text=t, kind="text", page=p.number, section=section))
    if untitled is not None:
        items.append(untitled)
    blocks = finalize_items(items)
    if not blocks:
        raise LoaderError("no_text_layer", f"{n} page{'s' if n != 1 else ''}, none with a text layer")
    labels = pdf_pages.page_labels(reader, n)
    if labels:
        for b in blocks:
            if b.page and 0 < b.page <= n:
                b.page_label = labels[b.page - 1]
    hidden: Counter = Counter()
    for p in pages:
        hidden.update(p.hidden)
    note = pdf_visibility.describe(hidden)
    if note:
        warnings_out.append(note)
    return LoadedDocument(blocks=blocks, title=meta_title or first_big, pages=n, warnings=warnings_out,
                          dropped_hidden_chars=sum(hidden.values()))


def _captions_below(tables: list[PdfTable], prose: list[Para], body: float | None) -> dict[int, Para]:
    """Numbered captions set under their table (by ``id`` of the table): a short
    paragraph ("Table 2: Articles and obtained metaclusters.") that starts within two and
    a half lines of the table's bottom, overlaps it across, and is nearer to it than to
    any table below the caption."""
    out: dict[int, Para] = {}
    for t in tables:
        x0, _top, x1, bottom = t.bbox
        for para in prose:
            text = para.text
            size = para.size or body or 11
            if para.heading or len(text) > CAPTION_CHARS or not _CAPTION.match(text):
                continue
            px0 = min((ln.x0 for ln in para.lines if ln.x0 is not None), default=None)
            px1 = max((ln.x1 for ln in para.lines if ln.x1 is not None), default=None)
            if px0 is None or px1 is None or min(x1, px1) - max(x0, px0) <= 0:
                continue
            gap = para.top - bottom
            if not -0.5 * size <= gap <= 2.5 * size:
                continue
            under = [o.bbox[1] - para.bottom for o in tables if o is not t and o.bbox[1] >= para.bottom
                     and min(o.bbox[2], px1) - max(o.bbox[0], px0) > 0]
            if any(g < gap for g in under):
                continue
            out[id(t)] = para
            break
    return out


def _same_shape(a: list[str], b: list[str]) -> bool:
    """Two rows whose filled cells are numbers (or not) in the same columns."""
    both = [(x, y) for x, y in zip(a, b) if x and y]
    if not both:
        return False
    same = sum(1 for x, y in both if pdf_tables.is_number(x) == pdf_tables.is_number(y))
    return same >= 0.75 * len(both)


def _continuation(prev: PdfTable, part: PdfTable) -> list[list[str]] | None:
    """The rows ``part`` (a table at the top of a page) adds to the table ``prev`` that
    ended the previous page, or None if it is a table of its own. It continues when it
    has the same number of columns and either repeats the header (the repeat is dropped)
    or starts with rows shaped like the previous data rows (its header is then data:
    it inherits the previous header)."""
    if part.ncols != prev.ncols:
        return None
    if part.headers == prev.headers or part.header_rows == prev.header_rows:
        return list(part.rows)
    sample = prev.rows[-1] if prev.rows else None
    first = part.header_rows[0] if part.header_rows else (part.rows[0] if part.rows else None)
    if sample is None or first is None or not _same_shape(sample, first):
        return None
    return [r for r in part.header_rows if any(r)] + list(part.rows)
