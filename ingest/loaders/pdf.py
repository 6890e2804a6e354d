"""PDF loader: pypdf for structure (encryption, page count, metadata, fallback text) and
pdfplumber for page text with positions and font sizes, and for tables.

Per page
--------
* Tables: ``page.find_tables()`` (ruled tables: only run on pages that have drawn lines
  or rectangles). A table needs at least 2 rows and 2 columns (a single box drawn around
  text is not a table). Each becomes table rows (first row = header); its characters are
  removed from the page's prose, so its numbers are not repeated as loose text.
* Prose: the remaining characters as lines (``extract_text_lines``), grouped into
  paragraphs. A new paragraph starts when the vertical gap to the previous line is clearly
  larger than the document's usual line gap (> max(1.5 x usual gap, usual gap + 0.3 x
  font size)), when the font size changes, at a bullet, after a line that ends with
  . ! ? : ; and stops well short of the right margin, or after a list item ending in
  punctuation when the next line starts at the bullet's margin. Lines are joined with a
  space; a word broken with a hyphen at a line end is re-joined ("internationali-" +
  "sering"), except before "en"/"of"/"tot" ("woon- en werkgedrag" stays).
* Page furniture: lines in the top/bottom 10 % of the page (without positions: the first
  and last line) that are not bold and not larger than body text, and that recur (digits
  ignored) on at least half of the pages (documents of 3+ pages), and bare page numbers
  there ("3", "Pagina 3 van 10"), are dropped.
* If pdfplumber fails on a page (or finds nothing there), pypdf's ``extract_text`` is used
  for it (no tables, no font sizes; a line ending in . ! ? or clearly shorter than the
  page's typical line ends a paragraph).

Headings (become ``section``, are not blocks)
---------------------------------------------
The body font size is the most common character size in the document. A paragraph is a
heading if
  (a) its font size is at least body + max(1 pt, 15 %) (consecutive lines of that size are
      one heading), or
  (b) it is a single line of at most 80 characters, contains a letter, does not end with
      . : ; ? ! , is not a bullet or a bare number, and either is set in bold or is followed
      by a paragraph that reads as body text (several lines or ending with . ! ?).

Table titles: the heading or short line (≤ 100 characters) right above the table on the
same page, else the last heading earlier on that page, else "{document title}, p. N".
A table at the top of a page with the same number of columns as a table that ended the
previous page continues that table (a repeated header row is dropped).

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
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.types import Block, LoadedDocument, LoaderError

from . import pdf_limits, pdf_pages
from .common import TERMINAL, Table, clean, finalize_items, is_bullet, readable_stem, strip_bullet
from .pdf_pages import Line, PageData

pdf_limits.install()  # pdfminer's stream decoders get a size limit (see pdf_limits)

_SENTENCE_END = tuple(".!?")
_PAGE_NO = re.compile(r"^(?:(?:pagina|page|blz\.?|p\.|pag\.?)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?$", re.I)
_NUMERIC = re.compile(r"^[\s\d.,%€$+\-–/:()]+$")
_KEEP_HYPHEN_BEFORE = {"en", "of", "tot", "and", "or", "to", "t/m", "als"}


@dataclass
class Para:
    lines: list[Line]
    page: int
    heading: bool = False
    big: bool = False  # heading by font size (rule a)

    @property
    def text(self) -> str:
        return _join_lines([ln.text for ln in self.lines])

    @property
    def top(self) -> float:
        return self.lines[0].top or 0.0

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom or 0.0

    @property
    def size(self) -> float | None:
        return self.lines[0].size


@dataclass
class _TableItem:
    bbox: tuple[float, float, float, float]
    rows: list[list[str]]
    page: int

    @property
    def top(self) -> float:
        return self.bbox[1]


def _join_lines(lines: list[str]) -> str:
    out = ""
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        if not out:
            out = line
            continue
        m = re.search(r"(\w)-$", out)
        first_word = line.split(" ", 1)[0]
        if m and m.group(1).isalpha() and line[:1].islower() and first_word.lower() not in _KEEP_HYPHEN_BEFORE:
            out = out[:-1] + line
        else:
            out = f"{out} {line}"
    return out


# ------------------------------------------------------------------------- layout

def _drop_furniture(pages: list[PageData], body: float | None) -> None:
    """Drop running headers/footers and bare page numbers (see the module docstring).
    Only lines not larger than the body text and not bold are candidates, so chapter
    headings at the top of each page ("Hoofdstuk 3") survive."""
    n = len(pages)

    def candidate(p: PageData, ln: Line) -> bool:
        if ln.top is None or not p.height:
            # no positions (pypdf fallback): the first and last text line of the page
            texts = [x for x in p.lines if x.text]
            return bool(texts) and (ln is texts[0] or ln is texts[-1])
        if not (ln.top < 0.1 * p.height or (ln.bottom or 0) > 0.9 * p.height):
            return False
        return not ln.bold and (ln.size is None or body is None or ln.size <= body + 0.5)

    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text.lower())

    counts: Counter = Counter()
    for p in pages:
        counts.update({key(ln) for ln in p.lines if candidate(p, ln)})
    threshold = max(3, n / 2)
    for p in pages:
        p.lines = [ln for ln in p.lines
                   if not (candidate(p, ln) and (_PAGE_NO.match(ln.text)
                                                 or (n >= 3 and counts[key(ln)] >= threshold)))]


def _body_size(pages: list[PageData]) -> float | None:
    c: Counter = Counter()
    for p in pages:
        for ln in p.lines:
            if ln.size:
                c[round(ln.size * 2) / 2] += len(ln.text)
    return c.most_common(1)[0][0] if c else None


def _usual_gap(pages: list[PageData], body: float | None) -> float | None:
    gaps = []
    for p in pages:
        for a, b in zip(p.lines, p.lines[1:]):
            if a.top is None or b.top is None or a.size is None or b.size is None:
                continue
            if body and (abs(a.size - body) > 0.6 or abs(b.size - body) > 0.6):
                continue
            g = b.top - a.bottom
            if -2 < g < 3 * (body or 12):
                gaps.append(g)
    return statistics.median(gaps) if gaps else None


def _paragraphs(page: PageData, body: float | None, gap: float | None) -> list[Para]:
    paras: list[Para] = []
    cur: list[Line] = []
    lengths = sorted(len(ln.text) for ln in page.lines if ln.text)
    typical_len = lengths[len(lengths) // 2] if lengths else 0
    right = max((ln.x1 for ln in page.lines if ln.x1 is not None), default=None)
    left = min((ln.x0 for ln in page.lines if ln.x0 is not None), default=None)
    width = (right - left) if right is not None and left is not None else None
    for ln in page.lines:
        if not ln.text:  # blank line (pypdf fallback)
            if cur:
                paras.append(Para(cur, page.number))
                cur = []
            continue
        if cur:
            prev = cur[-1]
            new = False
            if is_bullet(ln.text):
                new = True
            elif prev.top is not None and ln.top is not None:
                g = ln.top - prev.bottom
                size = ln.size or body or 11.0
                if gap is not None and g > max(1.5 * gap, gap + 0.3 * size):
                    new = True
                elif gap is None and g > 0.8 * size:
                    new = True
                if prev.size and ln.size and abs(prev.size - ln.size) > 1.0:
                    new = True
                if prev.bold != ln.bold and (prev.bold and len(cur) == 1):
                    new = True
                if (prev.text.endswith(TERMINAL[:5]) and width and prev.x1 is not None
                        and prev.x1 < right - 0.15 * width):
                    new = True
                if (is_bullet(cur[0].text) and prev.text.endswith(TERMINAL[:5])
                        and ln.x0 is not None and cur[0].x0 is not None and ln.x0 <= cur[0].x0 + 1):
                    new = True  # a list item ended; this line is back at the bullet's margin
            elif prev.text.endswith(_SENTENCE_END) or len(prev.text) < 0.6 * typical_len:
                new = True  # no positions (pypdf fallback): sentence end or a short line
            if new:
                paras.append(Para(cur, page.number))
                cur = []
        cur.append(ln)
    if cur:
        paras.append(Para(cur, page.number))
    return paras


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text)) or _PAGE_NO.match(text) is not None


def _reads_as_body(p: Para | None) -> bool:
    return p is not None and not p.heading and (len(p.lines) > 1 or p.text.endswith(_SENTENCE_END))


def _mark_headings(paras: list[Para], body: float | None) -> None:
    big = (body + max(1.0, 0.15 * body)) if body else None
    for i, p in enumerate(paras):
        text = p.text
        if not any(c.isalpha() for c in text) or is_bullet(p.lines[0].text):
            continue
        if big is not None and p.size is not None and p.size >= big and len(text) <= 200:
            p.heading = p.big = True
            continue
        if (len(p.lines) == 1 and len(text) <= 80 and not text.endswith(TERMINAL)
                and not _is_numeric(text) and i + 1 < len(paras)):
            if p.lines[0].bold or _reads_as_body(paras[i + 1]):
                p.heading = True


# ------------------------------------------------------------------------- main

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

    body = _body_size(pages)
    _drop_furniture(pages, body)
    body = _body_size(pages)
    gap = _usual_gap(pages, body)
    doc_title = title or meta_title or readable_stem(path)

    items: list = []
    section: str | None = None
    first_big: str | None = None  # first large heading on page 1: title if metadata has none
    last_kind: str | None = None  # "text" | "table" : what ended the previous page
    for p in pages:
        paras = _paragraphs(p, body, gap)
        _mark_headings(paras, body)
        # merge consecutive heading paragraphs of the same (large) size into one heading
        merged: list[Para] = []
        for para in paras:
            if (merged and para.heading and merged[-1].heading and para.size and merged[-1].size
                    and abs(para.size - merged[-1].size) < 0.5 and body and para.size >= body + 1
                    and para.lines[0].top is not None and merged[-1].bottom
                    and para.lines[0].top - merged[-1].bottom < para.size):
                merged[-1].lines.extend(para.lines)
            else:
                merged.append(para)
        seq: list = sorted(merged + [_TableItem(b, r, p.number) for b, r in p.tables],
                           key=lambda it: it.top) if p.tables else merged
        page_section: str | None = None
        first_on_page = True
        prev_on_page = None
        for k, it in enumerate(seq):
            if isinstance(it, _TableItem):
                rows = it.rows
                prev_table = items[-1] if items and isinstance(items[-1], Table) else None
                if (first_on_page and last_kind == "table" and prev_table is not None
                        and len(prev_table.headers) == max(len(r) for r in rows)):
                    if [clean(c) for c in rows[0]] == [clean(c) for c in prev_table.headers]:
                        rows = rows[1:]
                    prev_table.rows.extend(rows)
                    prev_table.row_pages = (prev_table.row_pages or []) + [it.page] * len(rows)
                else:
                    tbl_title = None
                    if isinstance(prev_on_page, Para):
                        ptxt = prev_on_page.text
                        near = (prev_on_page.bottom and it.top - prev_on_page.bottom
                                <= 2.5 * (prev_on_page.size or body or 11))
                        if prev_on_page.heading or (len(ptxt) <= 100 and near):
                            tbl_title = ptxt
                    tbl_title = tbl_title or page_section or f"{doc_title}, p. {it.page}"
                    items.append(Table(title=tbl_title, headers=rows[0], rows=rows[1:],
                                       section=section, page=it.page,
                                       row_pages=[it.page] * (len(rows) - 1)))
                last_kind = "table"
            else:
                text = it.text
                nxt = seq[k + 1] if k + 1 < len(seq) else None
                if it.heading and not it.big and isinstance(nxt, _TableItem):
                    pass  # a caption: it titles the table below, the section does not change
                elif it.heading:
                    section = clean(text)
                    if first_big is None and it.big and p.number == 1:
                        first_big = section
                    page_section = section
                    last_kind = "heading"
                else:
                    prev_block = items[-1] if items and isinstance(items[-1], Block) else None
                    if (first_on_page and last_kind == "text" and prev_block is not None
                            and not prev_block.text.endswith(_SENTENCE_END + (":",))
                            and text[:1].islower()):
                        prev_block.text = _join_lines([prev_block.text, text])
                    else:
                        t = strip_bullet(clean(text))
                        if t:
                            items.append(Block(text=t, kind="text", page=p.number, section=section))
                    last_kind = "text"
            first_on_page = False
            prev_on_page = it
    blocks = finalize_items(items)
    if not blocks:
        raise LoaderError("no_text_layer", f"{n} page{'s' if n != 1 else ''}, none with a text layer")
    return LoadedDocument(blocks=blocks, title=meta_title or first_big, pages=n, warnings=warnings_out)
