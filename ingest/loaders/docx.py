"""DOCX loader (python-docx).

The body is walked in document order (paragraphs and tables interleaved, content controls
``w:sdt`` unpacked). A paragraph whose style is "Heading N"/"Kop N", "Title"/"Titel", or
that has an outline level, becomes the ``section`` of what follows (not a block); other
non-empty paragraphs are blocks (list bullets removed). Tables -> table rows with the first
row as header; horizontally/vertically merged cells repeat their value. Table title: a
caption paragraph right above the table (style "Caption"/"Bijschrift", or text starting
"Tabel N"/"Table N"), else the nearest heading, else the document title. A table of one
row or one column is treated as a layout box: its cells become prose blocks.
Headers, footers, footnotes, comments and text boxes are not read.
Core property ``title`` -> ``LoadedDocument.title``.
"""
from __future__ import annotations

import re
from pathlib import Path

from ingest.types import LoadedDocument, LoaderError

from .sniff import check_zip
from .common import Table, block, clean, finalize_items, readable_stem

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CAPTION_TEXT = re.compile(r"^(tabel|table|tab\.)\s*\d", re.I)


def _style_name(para) -> str:
    try:
        style = para.style
        return (style.name or "").strip().lower() if style is not None else ""
    except Exception:
        return ""


def _is_heading(para, style: str) -> bool:
    if re.match(r"^(heading|kop)\s*\d", style) or style in ("title", "titel"):
        return True
    ppr = para._p.pPr
    if ppr is not None:
        lvl = ppr.find(f"{_W}outlineLvl")
        if lvl is not None:
            try:
                return int(lvl.get(f"{_W}val", "9")) < 9
            except ValueError:
                return False
    return False


def _body_elements(parent):
    for child in parent.iterchildren():
        tag = child.tag
        if tag in (f"{_W}p", f"{_W}tbl"):
            yield child
        elif tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
            if content is not None:
                yield from _body_elements(content)


def _table_grid(table) -> list[list[str]]:
    grid = []
    for row in table.rows:
        grid.append([clean(cell.text) for cell in row.cells])
    return grid


def load_docx(path: Path, *, title: str | None = None, max_bytes: int = 200 * 2**20,
              **_: object) -> LoadedDocument:
    check_zip(path, max_bytes)
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except LoaderError:
        raise
    except Exception as e:  # PackageNotFoundError, KeyError, lxml XMLSyntaxError, ...
        raise LoaderError("unreadable", f"{type(e).__name__}: {str(e)[:160]}") from None

    doc_title = None
    try:
        doc_title = clean(document.core_properties.title) or None
    except Exception:
        pass

    items: list = []
    section: str | None = None
    first_heading: str | None = None
    caption: str | None = None  # caption paragraph directly above the next table

    body = document.element.body
    for el in _body_elements(body):
        if el.tag == f"{_W}p":
            para = Paragraph(el, document)
            text = clean(para.text)
            if not text:
                continue
            style = _style_name(para)
            if _is_heading(para, style):
                section = text
                if first_heading is None and (style in ("title", "titel") or style.endswith("1")):
                    first_heading = text
                caption = None
                continue
            b = block(text, section=section)
            if b:
                items.append(b)
            caption = text if (style in ("caption", "bijschrift") or _CAPTION_TEXT.match(text)) and len(text) <= 200 else None
        else:
            grid = _table_grid(DocxTable(el, document))
            grid = [r for r in grid if any(r)]
            tbl_caption, caption = caption, None
            if not grid:
                continue
            width = max(len(r) for r in grid)
            if len(grid) < 2 or width < 2:
                for r in grid:
                    seen: list[str] = []
                    for c in r:
                        if c and c not in seen:
                            seen.append(c)
                            b = block(c, section=section)
                            if b:
                                items.append(b)
                continue
            fallback = title or doc_title or first_heading or readable_stem(path)
            items.append(Table(title=tbl_caption or section or fallback, headers=grid[0],
                               rows=grid[1:], section=section))
    return LoadedDocument(blocks=finalize_items(items), title=doc_title or first_heading)
