"""PDF loader: pypdf for structure (encryption, page count, metadata, page labels,
fallback text) and pdfplumber for page text with positions and font sizes, and for tables.

Per page
--------
* Hidden text: characters a reader cannot see (invisible render mode, the background's
  colour, under 1 pt, outside the page) are not read (:mod:`.pdf_visibility`); the
  document reports how many (``dropped_hidden_chars`` and a ``hidden_text: ...`` warning).
* Tables (:mod:`.pdf_tables`): ruled tables from ``page.find_tables()`` (only on pages
  that have drawn lines or rectangles), then borderless tables found by the alignment of
  the remaining text (consistent columns over several rows, numbers in them). Column
  names carry every header level ("Pre-Pawn / Handgun"); a table needs 2 columns and a
  data row. A table's characters are removed from the page's prose, so its numbers are
  not repeated as loose text; notes under a ruled table stay prose.
* Prose: the remaining characters as lines (:mod:`.pdf_layout`: words split where a
  reader sees a gap, also inside "180 116"), in reading order: a page set in columns is
  read column by column. Lines are grouped into paragraphs. A new paragraph starts when
  the vertical gap to the previous line is clearly larger than the document's usual line
  gap (> max(1.5 x usual gap, usual gap + 0.3 x font size); the usual gap is the most
  common one), when the font size changes, at a bullet, after a line that ends with
  . ! ? : ; and stops well short of the column's right margin, at a bold line after a
  finished sentence or a bold label ending in ":", after a list item ending in
  punctuation when the next line starts at the bullet's margin, and in the next column
  unless the sentence runs on (no final . ! ? : and a lower-case start). A bold label
  ("Scope:") and the value on the line below stay one paragraph. Lines are joined with a
  space; a word broken with a hyphen at a line end is re-joined ("internationali-" +
  "sering"), except before "en"/"of"/"tot" ("woon- en werkgedrag" stays).
* Footnotes: the lines at the bottom of a page set at least 1 pt smaller than the body
  text, from a line starting with a note mark ("1 ", "*", "†", "¹") on, are blocks of
  their own (one per note) after the page's text; a sentence interrupted by them is
  joined across the page break as if they were not there.
* Page furniture: lines in the top/bottom 10 % of the page (without positions: the first
  and last line) that are not bold and not larger than body text, and that recur (digits
  ignored) on at least half of the pages (documents of 3+ pages), and bare page numbers
  there ("3", "Pagina 3 van 10"), are dropped.
* If pdfplumber fails on a page (or finds nothing there), pypdf's ``extract_text`` is used
  for it (no tables, no font sizes; a line ending in . ! ? or clearly shorter than the
  page's typical line ends a paragraph).

Page labels: where the PDF has /PageLabels, every block carries the page as printed
(``Block.page_label``: "iii", "A-2") besides the physical ``page``.

Headings (become ``section``, are not blocks)
---------------------------------------------
The body font size is the most common character size in the document. A paragraph is a
heading if
  (a) its font size is at least body + max(1 pt, 15 %) (consecutive lines of that size are
      one heading), or
  (b) it is a single line of at most 80 characters, contains a letter, does not end with
      . : ; ? ! , is not a bullet or a bare number, and either is set in bold or is followed
      by a paragraph that reads as body text (several lines or ending with . ! ?) and is
      not a "label: value" line ("Resultaat: geen fout gevonden" is content), or
  (c) it is two bold lines, at most 160 characters together, not ending with . : ; ? ! ,
Footnotes are never headings.

Table titles: the heading or short line (≤ 100 characters) right above the table on the
same page (a unit note such as "(Per cent)" is added to the section heading), else a
title row inside the table, else the last heading earlier on that page, else
"{document title}, p. N". A table at the top of a page with the same number of columns
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

import logging
import re
import statistics
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ingest.types import Block, LoadedDocument, LoaderError

from . import pdf_layout, pdf_limits, pdf_tables, pdf_visibility
from .pdf_tables import PdfTable
from .tabular import Table, finalize_items
from .text import clean, is_bullet, readable_stem, strip_bullet

log = logging.getLogger(__name__)
pdf_limits.install()  # pdfminer's stream decoders get a size limit (see pdf_limits)

# Table detection compares every ruling line with every other: on a page drawn with
# thousands of paths (a map, a chart) it is skipped.
MAX_TABLE_EDGES = 5_000

_TERMINAL = tuple(".:;?!,")
_SENTENCE_END = tuple(".!?")
_PAGE_NO = re.compile(r"^(?:(?:pagina|page|blz\.?|p\.|pag\.?)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?$", re.I)
_NUMERIC = re.compile(r"^[\s\d.,%€$+\-–/:()]+$")
_KEEP_HYPHEN_BEFORE = {"en", "of", "tot", "and", "or", "to", "t/m", "als"}
_FOOTNOTE_MARK = re.compile(r"^(?:\d{1,3}[.)]?\s|[*†‡§]+\s?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s?)\S")
_LABEL_VALUE = re.compile(r"^[^:]{1,40}:\s+\S")  # "Resultaat: geen fout gevonden" is content
_UNIT_NOTE = re.compile(r"^\([^()]{1,40}\)$")


@dataclass
class Line:
    text: str
    top: float | None = None
    bottom: float | None = None
    x0: float | None = None
    x1: float | None = None
    size: float | None = None
    bold: bool = False
    region: int = 0  # column band of a multi-column page (see pdf_layout.reading_order)
    foot: bool = False  # a footnote line (small print at the page bottom)


@dataclass
class PageData:
    number: int
    lines: list[Line]
    tables: list[PdfTable]
    height: float | None = None
    width: float | None = None
    ok: bool = True  # False: nothing could be read from this page
    hidden: Counter = field(default_factory=Counter)  # characters not read, by reason


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

    @property
    def foot(self) -> bool:
        return self.lines[0].foot


@dataclass
class _TableItem:
    table: PdfTable
    page: int

    @property
    def top(self) -> float:
        return self.table.top


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


# ------------------------------------------------------------------------- reading

def _open_pypdf(path: Path):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(str(path), strict=False)
        except (DependencyError, FileNotDecryptedError) as e:
            raise LoaderError("encrypted_pdf", f"{type(e).__name__}: {str(e)[:160]}") from None
        except LimitReachedError as e:
            raise LoaderError("decompression_bomb", f"pypdf: {str(e)[:160]}") from None
        except Exception as e:
            raise LoaderError("corrupt_pdf", f"{type(e).__name__}: {str(e)[:160]}") from None
        try:
            encrypted = reader.is_encrypted
        except Exception as e:
            raise LoaderError("corrupt_pdf", f"{type(e).__name__}: {str(e)[:160]}") from None
        if encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as e:
                raise LoaderError("encrypted_pdf", f"{type(e).__name__}: {str(e)[:160]}") from None
            if not ok:  # PasswordType.NOT_DECRYPTED == 0
                raise LoaderError("encrypted_pdf", "a password is needed to open this PDF")
        try:
            n = len(reader.pages)
        except (DependencyError, FileNotDecryptedError) as e:
            raise LoaderError("encrypted_pdf", f"{type(e).__name__}: {str(e)[:160]}") from None
        except LimitReachedError as e:
            raise LoaderError("decompression_bomb", f"pypdf: {str(e)[:160]}") from None
        except Exception as e:
            raise LoaderError("corrupt_pdf", f"{type(e).__name__}: {str(e)[:160]}") from None
    if n == 0:
        raise LoaderError("corrupt_pdf", "the PDF has no pages")
    return reader, n


def _looks_truncated(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 2048))
            return b"%%EOF" not in fh.read()
    except OSError:
        return False


def _meta_title(reader) -> str | None:
    try:
        meta = reader.metadata
        raw = meta.title if meta is not None else None
    except Exception:
        return None
    t = clean(str(raw)) if raw else ""
    t = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", t)
    t = re.sub(r"\.(?:docx?|pptx?|xlsx?|pdf)$", "", t, flags=re.I)
    if not t or t.lower() in {"untitled", "title", "document", "naamloos", "titel"}:
        return None
    return t


def _inside(obj, bboxes) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    for x0, top, x1, bottom in bboxes:
        if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
            return True
    return False


def _plumber_page(page, number: int) -> PageData:
    chars, hidden = pdf_visibility.visible_chars(page)
    tables: list[PdfTable] = []
    objs = page.objects
    edges = len(objs.get("rect", ())) + len(objs.get("line", ())) + len(objs.get("curve", ()))
    if 0 < edges <= MAX_TABLE_EDGES:
        tables = pdf_tables.ruled_tables(page, chars)
    bboxes = [t.bbox for t in tables]
    rest = [c for c in chars if not _inside(c, bboxes)] if bboxes else chars
    text_lines = pdf_layout.lines_from_chars(rest)
    aligned, text_lines = pdf_tables.aligned_tables(text_lines)
    tables = sorted(tables + aligned, key=lambda t: t.top)
    lines: list[Line] = []
    for tl in pdf_layout.reading_order(text_lines):
        text = clean(tl.text)
        if not text:
            continue
        lines.append(Line(text=text, top=tl.top, bottom=tl.bottom, x0=tl.x0, x1=tl.x1,
                          size=tl.size or None, bold=tl.bold, region=tl.region))
    return PageData(number=number, lines=lines, tables=tables, height=float(page.height),
                    width=float(page.width), hidden=hidden)


def _pypdf_page(reader, index: int) -> PageData:
    from pypdf.errors import LimitReachedError

    try:
        text = reader.pages[index].extract_text() or ""
    except LimitReachedError as e:
        raise LoaderError("decompression_bomb", f"p. {index + 1}: pypdf: {str(e)[:160]}") from None
    except Exception as e:
        log.debug("pypdf failed on page %d: %s", index + 1, e)
        return PageData(number=index + 1, lines=[], tables=[], ok=False)
    lines = [Line(text=clean(t)) for t in text.split("\n")]
    # keep blank lines as paragraph separators (text "")
    return PageData(number=index + 1, lines=lines, tables=[])


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
    if not gaps:
        return None
    # the most common gap (0.5 pt bins; the smaller one on a tie): in a report of short
    # paragraphs the gaps between paragraphs can outnumber the gaps between lines
    bins = Counter(round(g * 2) / 2 for g in gaps)
    best = max(bins.items(), key=lambda kv: (kv[1], -kv[0]))
    if best[1] >= 0.2 * len(gaps):
        return statistics.median([g for g in gaps if abs(round(g * 2) / 2 - best[0]) <= 0.5])
    return statistics.median(gaps)


def _paragraphs(page: PageData, body: float | None, gap: float | None) -> list[Para]:
    paras: list[Para] = []
    cur: list[Line] = []
    lengths = sorted(len(ln.text) for ln in page.lines if ln.text)
    typical_len = lengths[len(lengths) // 2] if lengths else 0
    # the text's left and right margin, per column band of a multi-column page
    margins: dict[int, tuple[float, float]] = {}
    for ln in page.lines:
        if ln.x0 is not None and ln.x1 is not None and not ln.foot:
            lo, hi = margins.get(ln.region, (ln.x0, ln.x1))
            margins[ln.region] = (min(lo, ln.x0), max(hi, ln.x1))
    for ln in page.lines:
        if not ln.text:  # blank line (pypdf fallback)
            if cur:
                paras.append(Para(cur, page.number))
                cur = []
            continue
        if cur:
            prev = cur[-1]
            new = False
            left, right = margins.get(prev.region, (None, None))
            width = (right - left) if right is not None and left is not None else None
            if is_bullet(ln.text):
                new = True
            elif prev.foot != ln.foot or (ln.foot and _FOOTNOTE_MARK.match(ln.text)):
                new = True  # footnotes stand apart from the text, one block per note
            elif prev.region != ln.region:
                # the next column: a paragraph continues only mid-sentence
                new = prev.text.endswith(_SENTENCE_END + (":",)) or not ln.text[:1].islower()
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
                if ln.bold and not prev.bold and (prev.text.endswith(_TERMINAL[:5]) or ln.text.endswith(":")):
                    new = True  # a bold line after a finished sentence, or a bold label
                if (prev.text.endswith(_TERMINAL[:5]) and width and prev.x1 is not None
                        and prev.x1 < right - 0.15 * width):
                    new = True
                if (prev.bold and len(cur) == 1 and prev.text.endswith(":") and not ln.bold
                        and g <= 1.5 * (gap if gap is not None else size) and not is_bullet(ln.text)):
                    new = False  # a bold label ("Scope:") and its value stay one block
                if (is_bullet(cur[0].text) and prev.text.endswith(_TERMINAL[:5])
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


def _mark_footnotes(page: PageData, body: float | None) -> None:
    """Footnotes: the run of lines at the bottom of the page (lower 45 %) set clearly
    smaller than the body text (at least 1 pt), whose first line starts with a note
    mark ("1", "12", "*", "†", "¹") and which follows body text on that page."""
    if body is None or not page.height or not page.lines or page.lines[-1].top is None:
        return
    k = len(page.lines)
    while (k > 0 and page.lines[k - 1].size is not None and page.lines[k - 1].size <= body - 1.0
           and (page.lines[k - 1].top or 0) > 0.55 * page.height):
        k -= 1
    if k == len(page.lines) or k == 0:
        return
    start = next((i for i in range(k, len(page.lines)) if _FOOTNOTE_MARK.match(page.lines[i].text)), None)
    if start is None or not any(ln.size and abs(ln.size - body) <= 0.6 for ln in page.lines[:k]):
        return
    for ln in page.lines[start:]:
        ln.foot = True


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text)) or _PAGE_NO.match(text) is not None


def _reads_as_body(p: Para | None) -> bool:
    return p is not None and not p.heading and (len(p.lines) > 1 or p.text.endswith(_SENTENCE_END))


def _mark_headings(paras: list[Para], body: float | None) -> None:
    big = (body + max(1.0, 0.15 * body)) if body else None
    for i, p in enumerate(paras):
        text = p.text
        if not any(c.isalpha() for c in text) or is_bullet(p.lines[0].text) or p.foot:
            continue
        if big is not None and p.size is not None and p.size >= big and len(text) <= 200:
            p.heading = p.big = True
            continue
        if (len(p.lines) == 1 and len(text) <= 80 and not text.endswith(_TERMINAL)
                and not _is_numeric(text) and i + 1 < len(paras)):
            if p.lines[0].bold or (_reads_as_body(paras[i + 1]) and not _LABEL_VALUE.match(text)):
                p.heading = True
        elif (len(p.lines) == 2 and len(text) <= 160 and all(ln.bold for ln in p.lines)
              and not text.endswith(_TERMINAL) and i + 1 < len(paras)):
            p.heading = True  # a bold heading wrapped over two lines


# ------------------------------------------------------------------------- main

@contextmanager
def _quiet_libraries():
    """pypdf and pdfminer log a warning or error for every oddity of a damaged or unusual
    PDF (and recover); while loading they are silenced (levels restored afterwards). What
    matters reaches the caller as a LoaderError or LoadedDocument.warnings."""
    loggers = [logging.getLogger(name) for name in ("pypdf", "pdfminer", "pdfplumber")]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        if lg.getEffectiveLevel() <= logging.ERROR:
            lg.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for lg, level in zip(loggers, saved):
            lg.setLevel(level)


def load_pdf(path: Path, *, title: str | None = None, max_pages: int = 2000, **kw: object) -> LoadedDocument:
    with _quiet_libraries(), pdf_limits.budget() as budget:
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


def _plumber_page_limited(page, number: int) -> PageData:
    """``_plumber_page`` after the page passed the size limits (see pdf_limits);
    raises PageLimit for a page that is too large to lay out."""
    size = pdf_limits.page_content_bytes(page)
    if size > pdf_limits.MAX_PAGE_CONTENT_BYTES:
        raise pdf_limits.PageLimit(f"{size / 2**20:.0f} MiB of page content "
                                   f"(limit {pdf_limits.MAX_PAGE_CONTENT_BYTES >> 20} MiB)")
    pdf_limits.limited_layout(page)
    return _plumber_page(page, number)


def _load_pdf(path: Path, *, title: str | None, max_pages: int, budget: pdf_limits.Budget) -> LoadedDocument:
    reader, n = _open_pypdf(path)
    if n > max_pages:
        raise LoaderError("too_many_pages", f"{n} pages (limit {max_pages})")
    meta_title = _meta_title(reader)
    warnings_out: list[str] = []

    import pdfplumber

    def check_budget() -> None:
        if budget.tripped:
            raise LoaderError("decompression_bomb", budget.tripped)

    pages: list[PageData] = []
    too_big: list[tuple[int, str]] = []  # pages skipped by the limits, and why
    plumber = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plumber = pdfplumber.open(str(path), password="", raise_unicode_errors=False)
            if len(plumber.pages) != n:
                log.debug("pdfplumber sees %d pages, pypdf %d", len(plumber.pages), n)
    except Exception as e:
        log.debug("pdfplumber could not open %s: %s", path, e)
        plumber = None
    check_budget()
    try:
        for i in range(n):
            data = None
            if plumber is not None and i < len(plumber.pages):
                page = None
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        page = plumber.pages[i]
                        data = _plumber_page_limited(page, i + 1)
                except pdf_limits.PageLimit as e:
                    too_big.append((i + 1, str(e)))
                    pages.append(PageData(number=i + 1, lines=[], tables=[], ok=False))
                    continue  # pypdf would choke on it as well: the page is skipped
                except Exception as e:
                    check_budget()
                    log.debug("pdfplumber failed on page %d: %s", i + 1, e)
                    data = None
                finally:
                    if page is not None:
                        try:
                            page.close()
                        except Exception:
                            pass
            if data is None or (not data.lines and not data.tables):
                fallback = _pypdf_page(reader, i)
                if data is None or any(ln.text for ln in fallback.lines):
                    data = fallback
            pages.append(data)
    finally:
        if plumber is not None:
            try:
                plumber.close()
            except Exception:
                pass
    check_budget()

    truncated = _looks_truncated(path)
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
    for p in pages:
        _mark_footnotes(p, body)
    gap = _usual_gap(pages, body)
    doc_title = title or meta_title or readable_stem(path)

    items: list = []
    section: str | None = None
    first_big: str | None = None  # first large heading on page 1: title if metadata has none
    last_kind: str | None = None  # "text" | "table" : what ended the previous page
    last_text: Block | None = None  # the last prose block (footnotes aside)
    last_table: tuple[Table, PdfTable] | None = None  # the last table, and its latest part
    for p in pages:
        paras = _paragraphs(p, body, gap)
        _mark_headings([para for para in paras if not para.foot], body)
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
        notes = [para for para in merged if para.foot]
        merged = [para for para in merged if not para.foot]
        seq: list = sorted(merged + [_TableItem(t, p.number) for t in p.tables],
                           key=lambda it: it.top) if p.tables else merged
        page_section: str | None = None
        first_on_page = True
        prev_on_page = None
        for k, it in enumerate(seq):
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
                    if isinstance(prev_on_page, Para):
                        ptxt = prev_on_page.text
                        near = (prev_on_page.bottom and it.top - prev_on_page.bottom
                                <= 2.5 * (prev_on_page.size or body or 11))
                        if prev_on_page.heading or (len(ptxt) <= 100 and near):
                            tbl_title = ptxt
                            if _UNIT_NOTE.match(ptxt) and (page_section or section):
                                tbl_title = f"{page_section or section} {ptxt}"  # "TABLE 4 ... (Per cent)"
                    tbl_title = tbl_title or t.title or page_section or f"{doc_title}, p. {it.page}"
                    table = Table(title=tbl_title, headers=t.headers, rows=list(t.rows),
                                  section=section, page=it.page, row_pages=[it.page] * len(t.rows))
                    items.append(table)
                    last_table = (table, t)
                last_kind = "table"
            else:
                text = it.text
                nxt = seq[k + 1] if k + 1 < len(seq) else None
                # a caption (a small heading, or one bold line) titles the table below it;
                # the section does not change
                caption = not it.heading and len(it.lines) == 1 and it.lines[0].bold and len(text) <= 100
                if ((it.heading and not it.big) or caption) and isinstance(nxt, _TableItem):
                    pass
                elif it.heading:
                    section = clean(text)
                    if first_big is None and it.big and p.number == 1:
                        first_big = section
                    page_section = section
                    last_kind = "heading"
                else:
                    if (first_on_page and last_kind == "text" and last_text is not None
                            and not last_text.text.endswith(_SENTENCE_END + (":",))
                            and text[:1].islower()):
                        last_text.text = _join_lines([last_text.text, text])
                    else:
                        t = strip_bullet(clean(text))
                        if t:
                            last_text = Block(text=t, kind="text", page=p.number, section=section)
                            items.append(last_text)
                    last_kind = "text"
            first_on_page = False
            prev_on_page = it
        for para in notes:  # footnotes: after the page's text, each its own block
            t = clean(para.text)
            if t:
                items.append(Block(text=t, kind="text", page=p.number, section=section))
    blocks = finalize_items(items)
    if not blocks:
        raise LoaderError("no_text_layer", f"{n} page{'s' if n != 1 else ''}, none with a text layer")
    labels = _page_labels(reader, n)
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


def _page_labels(reader, n: int) -> list[str] | None:
    """The page labels a viewer shows ("iii", "A-2", "5"), from the catalog's
    /PageLabels; None when the PDF has none (viewers then show 1, 2, 3 ...)."""
    try:
        root = reader.trailer["/Root"]
        if "/PageLabels" not in root:
            return None
        labels = list(reader.page_labels)
    except Exception as e:
        log.debug("page labels unreadable: %s", e)
        return None
    if len(labels) != n:
        return None
    return [clean(str(x)) or None for x in labels]
