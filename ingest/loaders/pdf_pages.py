"""Reading a PDF's pages for the PDF loader (:mod:`ingest.loaders.pdf`): pypdf opens the
file (encryption, page count, metadata, page labels) and gives fallback text; pdfplumber
gives each page's characters, of which only those a reader can see are kept
(:mod:`.pdf_visibility`): its tables, ruled (:mod:`.pdf_tables`) and borderless
(:mod:`.pdf_borderless`), and the rest as text lines with positions, font sizes and
column bands, in reading order (:mod:`.pdf_layout`)."""
from __future__ import annotations

import logging
import re
import warnings
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ingest.types import LoaderError, report_pages

from . import pdf_borderless, pdf_layout, pdf_limits, pdf_tables, pdf_visibility
from .common import clean
from .pdf_tables import PdfTable

log = logging.getLogger("ingest.loaders.pdf")

# Table detection compares every ruling line with every other: on a page drawn with
# thousands of paths (a map, a chart) it is skipped.
MAX_TABLE_EDGES = 5_000


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


def _pypdf(call):
    """``call()`` with pypdf's errors as LoaderError: a password is needed ->
    ``encrypted_pdf``, a decompression limit -> ``decompression_bomb``, else ``corrupt_pdf``."""
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    try:
        return call()
    except (DependencyError, FileNotDecryptedError) as e:
        raise LoaderError("encrypted_pdf", f"{type(e).__name__}: {str(e)[:160]}") from None
    except LimitReachedError as e:
        raise LoaderError("decompression_bomb", f"pypdf: {str(e)[:160]}") from None
    except Exception as e:
        raise LoaderError("corrupt_pdf", f"{type(e).__name__}: {str(e)[:160]}") from None


def open_pypdf(path: Path):
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = _pypdf(lambda: PdfReader(str(path), strict=False))
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
        n = _pypdf(lambda: len(reader.pages))
    if n == 0:
        raise LoaderError("corrupt_pdf", "the PDF has no pages")
    return reader, n


def looks_truncated(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 2048))
            return b"%%EOF" not in fh.read()
    except OSError:
        return False


def meta_title(reader) -> str | None:
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


def page_labels(reader, n: int) -> list[str] | None:
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


def _inside(obj, bboxes) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    for x0, top, x1, bottom in bboxes:
        if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
            return True
    return False


def _place(lines: list[Line], bbox: tuple[float, float, float, float]) -> int:
    """Where a line with ``bbox`` goes among ``lines`` (in reading order): after the last
    line above it in its column (one that ends above its top and shares some of its
    width), or first."""
    x0, top, x1, _ = bbox
    above = [i for i, ln in enumerate(lines) if ln.bottom is not None and ln.bottom <= top
             and min(x1, ln.x1 or 0.0) > max(x0, ln.x0 or 0.0)]
    return above[-1] + 1 if above else 0


def plumber_page(page, number: int) -> PageData:
    chars, hidden = pdf_visibility.visible_chars(page)
    tables: list[PdfTable] = []
    objs = page.objects
    edges = len(objs.get("rect", ())) + len(objs.get("line", ())) + len(objs.get("curve", ()))
    if 0 < edges <= MAX_TABLE_EDGES:
        tables = pdf_tables.ruled_tables(page, chars)
    bboxes = [t.bbox for t in tables]
    rest = [c for c in chars if not _inside(c, bboxes)] if bboxes else chars
    text_lines = pdf_layout.lines_from_chars(rest)
    aligned, text_lines = pdf_borderless.aligned_tables(text_lines)
    fields = [t for t in aligned if t.kind == "fields"]
    tables = sorted(tables + [t for t in aligned if t.kind != "fields"], key=lambda t: t.top)
    lines: list[Line] = []
    for tl in pdf_layout.reading_order(text_lines):
        text = clean(tl.text)
        if not text:
            continue
        lines.append(Line(text=text, top=tl.top, bottom=tl.bottom, x0=tl.x0, x1=tl.x1,
                          size=tl.size or None, bold=tl.bold, region=tl.region))
    for f in fields:  # labels over their values: a line that gives each value with its label
        at = _place(lines, f.bbox)
        lines.insert(at, Line(
            text=clean("; ".join(f"{h}: {v}" for h, v in zip(f.headers, f.rows[0]) if v)),
            top=f.bbox[1], bottom=f.bbox[3], x0=f.bbox[0], x1=f.bbox[2], size=f.size,
            region=lines[at - 1].region if at else 0))
    return PageData(number=number, lines=lines, tables=tables, height=float(page.height),
                    width=float(page.width), hidden=hidden)


def pypdf_page(reader, index: int) -> PageData:
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


@contextmanager
def quiet_libraries():
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


def plumber_page_limited(page, number: int) -> PageData:
    """``plumber_page`` after the page passed the size limits (see pdf_limits);
    raises PageLimit for a page that is too large to lay out."""
    size = pdf_limits.page_content_bytes(page)
    if size > pdf_limits.MAX_PAGE_CONTENT_BYTES:
        raise pdf_limits.PageLimit(f"{size / 2**20:.0f} MiB of page content "
                                   f"(limit {pdf_limits.MAX_PAGE_CONTENT_BYTES >> 20} MiB)")
    pdf_limits.limited_layout(page)
    return plumber_page(page, number)


def read_pages(path: Path, reader, n: int, budget: pdf_limits.Budget) -> tuple[list[PageData], list[tuple[int, str]]]:
    """Every page's lines and tables: pdfplumber, and pypdf's text where pdfplumber fails
    or finds nothing. A page over the limits is skipped: it is returned empty, and with
    why in the second list."""
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
                        data = plumber_page_limited(page, i + 1)
                except pdf_limits.PageLimit as e:
                    too_big.append((i + 1, str(e)))
                    pages.append(PageData(number=i + 1, lines=[], tables=[], ok=False))
                    report_pages(i + 1, n)
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
            if data is None or (not data.lines and not data.tables and not data.hidden):
                # pypdf reads text in every render mode: not for a page whose only text a
                # reader cannot see
                fallback = pypdf_page(reader, i)
                if data is None or any(ln.text for ln in fallback.lines):
                    data = fallback
            pages.append(data)
            report_pages(i + 1, n)
    finally:
        if plumber is not None:
            try:
                plumber.close()
            except Exception:
                pass
    check_budget()
    return pages, too_big
