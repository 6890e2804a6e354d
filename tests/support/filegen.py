"""Generate small test files of every supported format (importable helpers for tests).

All helpers write to ``path`` and return it, so they chain nicely::

    pdf = make_pdf(tmp_path / "a.pdf", pages=[["# Kop", "Tekst."], ["Meer tekst."]])

PDF conventions (``make_pdf``): every page is a list of items; a string starting with
``"# "`` is a heading (bold, 16 pt), one starting with ``"- "`` a bullet, anything else a
paragraph (11 pt). ``tables`` puts bordered tables on pages (see the function).
Only Latin-1 text is supported in PDFs (core fonts); other characters are replaced.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Iterable, Sequence

__all__ = [
    "make_pdf",
    "make_blank_pdf",
    "make_report_pdf",
    "encrypt_pdf",
    "make_docx",
    "make_xlsx",
    "make_html",
    "make_csv",
    "make_markdown",
    "make_zip_bomb",
]

_PDF_REPLACE = {"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
                "\u201d": '"', "\u2022": "-", "\u2026": "...", "\u20ac": "EUR"}


def _latin1(text: str) -> str:
    text = "".join(_PDF_REPLACE.get(c, c) for c in text)
    return text.encode("latin-1", "replace").decode("latin-1")


def make_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    table: Sequence[Sequence[str]] | None = None,
    table_page: int = 2,
    table_caption: str | None = None,
    tables: Iterable[tuple[int, Sequence[Sequence[str]]]] = (),
    table_after: int | None = None,
    title: str | None = None,
) -> Path:
    """Write a PDF with real text (fpdf2, Helvetica).

    pages          one list of items per page (see the module docstring)
    table          rows (first row = header) of a bordered table placed on ``table_page``
                   (1-based), after the item with index ``table_after`` (default: after all
                   items of that page); ``table_caption`` is written as a line just above it
    tables         more tables as ``(page, rows)`` pairs, appended at the end of their page
    title          PDF metadata /Title
    """
    from fpdf import FPDF

    placed: dict[int, list[tuple[int | None, Sequence[Sequence[str]], str | None]]] = {}
    if table is not None:
        placed.setdefault(table_page, []).append((table_after, table, table_caption))
    for page_no, rows in tables:
        placed.setdefault(page_no, []).append((None, rows, None))

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(20, 20, 20)
    if title:
        pdf.set_title(_latin1(title))

    def draw_table(rows: Sequence[Sequence[str]], caption: str | None) -> None:
        if caption:
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, _latin1(caption), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        pdf.set_font("Helvetica", "", 10)
        with pdf.table(first_row_as_headings=True) as t:
            for r in rows:
                row = t.row()
                for cell in r:
                    row.cell(_latin1(str(cell)))
        pdf.ln(4)

    for page_no, items in enumerate(pages, start=1):
        pdf.add_page()
        page_tables = placed.get(page_no, [])
        for idx, item in enumerate(items):
            if item.startswith("# "):
                pdf.set_font("Helvetica", "B", 16)
                pdf.multi_cell(0, 9, _latin1(item[2:]), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
            elif item.startswith("- "):
                pdf.set_font("Helvetica", "", 11)
                pdf.multi_cell(0, 6, _latin1("- " + item[2:]), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            else:
                pdf.set_font("Helvetica", "", 11)
                pdf.multi_cell(0, 6, _latin1(item), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(4)
            for after, rows, caption in page_tables:
                if after == idx:
                    draw_table(rows, caption)
        for after, rows, caption in page_tables:
            if after is None or after >= len(items):
                draw_table(rows, caption)
    path = Path(path)
    pdf.output(str(path))
    return path


def make_report_pdf(path: Path, *, table_rows: int = 60,
                    running_header: str = "Gemeente Leiden - Monitor internationalisering 2023") -> Path:
    """A report-like PDF: a running header and "Pagina N van M" footer on every page, a
    bold (not larger) heading, a paragraph with a word hyphenated at a line end and a
    "woon- en" compound, "•" bullets, a sentence that runs over a page break, a 14 pt
    heading and a ruled table of ``table_rows`` data rows ("Land i", 100+i, 200+i) that
    continues over the next page(s) with its header row repeated, then a closing line.
    """
    from fpdf import FPDF

    class _Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", "", 8)
            self.set_xy(20, 8)
            self.cell(0, 5, _latin1(running_header))
            self.set_xy(20, 25)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", "", 8)
            self.cell(0, 5, f"Pagina {self.page_no()} van {{nb}}", align="C")

    pdf = _Report(format="A4")
    pdf.set_margins(20, 25, 20)
    pdf.set_auto_page_break(True, 25)
    nl = {"new_x": "LMARGIN", "new_y": "NEXT"}
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 5, "Samenvatting", **nl)
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, "Leiden is een internationale stad. Het aandeel internationals groeit al "
                         "jaren en de internationali-\nsering zet door, ook bij woon-\nen werkgedrag "
                         "van nieuwe Leidenaren.", **nl)
    pdf.ln(3)
    for item in ("Meer studenten uit het buitenland;", "Meer kenniswerkers;",
                 "Meer vluchtelingen uit Oekraine."):
        pdf.multi_cell(0, 5, "\x95 " + item, **nl)
    pdf.ln(3)
    pdf.multi_cell(0, 5, "Deze zin loopt door naar de volgende pagina zonder punt aan het eind en", **nl)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, "gaat hier verder met de rest van de zin.", **nl)
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, "Bevolking naar nationaliteit", **nl)
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    with pdf.table() as t:
        for r in [["Nationaliteit", "2022", "2023"]] + [[f"Land {i}", str(100 + i), str(200 + i)]
                                                        for i in range(table_rows)]:
            row = t.row()
            for c in r:
                row.cell(c)
    pdf.ln(3)
    pdf.multi_cell(0, 5, "Einde van het rapport.", **nl)
    pdf.output(str(path))
    return Path(path)


def make_blank_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF whose pages hold only drawings (no text layer), like an unOCRed scan."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(30, 30, 100, 60, style="F")
    pdf.output(str(path))
    return Path(path)


def encrypt_pdf(src: Path, dest: Path, user_password: str = "geheim",
                owner_password: str | None = "eigenaar") -> Path:
    """Copy ``src`` to ``dest`` encrypted with pypdf (AES-128)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(str(src)))
    writer.encrypt(user_password=user_password, owner_password=owner_password,
                   algorithm="AES-128")
    with open(dest, "wb") as fh:
        writer.write(fh)
    return Path(dest)


def make_docx(path: Path, items: Sequence[tuple], *, title: str | None = None) -> Path:
    """Write a DOCX (python-docx). ``items`` in document order:

    ("title", text)                 Title-style paragraph
    ("heading", text, level)        Heading N (level 1..9); level defaults to 1
    ("p", text)                     normal paragraph
    ("bullet", text)                List Bullet paragraph
    ("table", rows)                 table, first row = header (style "Table Grid")
    ("table", rows, [(r0, c0, r1, c1), ...])   same, with merged cell ranges (0-based,
                                    inclusive); the merged range keeps the text of its
                                    top-left cell
    """
    import docx

    doc = docx.Document()
    if title:
        doc.core_properties.title = title
    for item in items:
        kind = item[0]
        if kind == "title":
            doc.add_heading(item[1], level=0)
        elif kind == "heading":
            doc.add_heading(item[1], level=item[2] if len(item) > 2 else 1)
        elif kind == "p":
            doc.add_paragraph(item[1])
        elif kind == "bullet":
            doc.add_paragraph(item[1], style="List Bullet")
        elif kind == "table":
            rows = item[1]
            ncols = max(len(r) for r in rows)
            table = doc.add_table(rows=len(rows), cols=ncols)
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = str(value)
            for r0, c0, r1, c1 in (item[2] if len(item) > 2 else []):
                keep = table.cell(r0, c0).text
                merged = table.cell(r0, c0).merge(table.cell(r1, c1))
                merged.text = keep
        else:
            raise ValueError(f"unknown docx item {kind!r}")
    doc.save(str(path))
    return Path(path)


def make_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[object]]],
    *,
    merged: dict[str, Sequence[str]] | None = None,
    formulas: dict[tuple[str, str], tuple[str, object]] | None = None,
    title: str | None = None,
) -> Path:
    """Write an XLSX (openpyxl).

    sheets     {sheet name: rows}; rows are written from A1, ``None`` = empty cell
    merged     {sheet name: ["A1:B1", ...]} ranges to merge (top-left value kept)
    formulas   {(sheet name, "C3"): ("=A3+B3", cached value)}: the formula is written and
               its cached value patched into the sheet XML (openpyxl writes none), the way
               Excel saves it; a cached value of ``None`` leaves the cache empty
    title      workbook core property title
    """
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(title=name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
        for rng in (merged or {}).get(name, []):
            ws.merge_cells(rng)
    for (sheet, ref), (formula, _cached) in (formulas or {}).items():
        wb[sheet][ref] = formula
    if title:
        wb.properties.title = title
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if formulas:
        sheet_index = {name: i for i, name in enumerate(sheets, start=1)}
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                content = src.read(info.filename)
                for (sheet, ref), (_f, cached) in formulas.items():
                    if cached is None or info.filename != f"xl/worksheets/sheet{sheet_index[sheet]}.xml":
                        continue
                    text = content.decode("utf-8")
                    pattern = re.compile(r'(<c r="%s"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v>[^<]*</v>)?' % ref)
                    text, n = pattern.subn(lambda m: f"{m.group(1)}<v>{cached}</v>", text, count=1)
                    assert n == 1, f"formula cell {ref} not found in sheet XML"
                    content = text.encode("utf-8")
                dst.writestr(info, content)
        data = out.getvalue()
    Path(path).write_bytes(data)
    return Path(path)


def make_html(path: Path, body: str, *, title: str | None = None, head: str = "",
              encoding: str = "utf-8") -> Path:
    """Write an HTML5 page with ``body`` (raw HTML) and an optional ``<title>``."""
    t = f"<title>{title}</title>" if title else ""
    html = (f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="{encoding}">{t}{head}</head>\n'
            f"<body>\n{body}\n</body></html>\n")
    Path(path).write_bytes(html.encode(encoding))
    return Path(path)


def make_csv(path: Path, rows: Sequence[Sequence[object]], *, delimiter: str = ",",
             encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write a CSV; ``bom=True`` with UTF-8 writes the Excel-style BOM."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    enc = "utf-8-sig" if (bom and encoding.lower().replace("_", "-") in ("utf-8", "utf8")) else encoding
    Path(path).write_bytes(buf.getvalue().encode(enc))
    return Path(path)


def make_markdown(path: Path, text: str) -> Path:
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)


def make_zip_bomb(path: Path, *, member_mb: int = 64, kind: str = "docx") -> Path:
    """A docx- (or xlsx-) shaped zip with one huge, highly compressible member.

    ``member_mb`` MiB of zeros deflate to a few dozen KiB (ratio ~1000), built in well
    under a second.
    """
    main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(main, '<?xml version="1.0"?><document/>')
        chunk = b"\0" * (1 << 20)
        with z.open("word/media/padding.bin" if kind == "docx" else "xl/media/padding.bin", "w") as fh:
            for _ in range(member_mb):
                fh.write(chunk)
    return Path(path)


# --------------------------------------------------------------------------- hostile and oversized files
# (added for tests/test_bad_files.py, tests/test_faults.py and tests/test_hostile.py)

def _adler32_combine(a1: int, a2: int, len2: int) -> int:
    """zlib's adler32_combine: the Adler-32 of A + B from those of A and B (and len(B))."""
    base = 65521
    rem = len2 % base
    sum1 = a1 & 0xFFFF
    sum2 = (rem * sum1) % base
    sum2 += ((a1 >> 16) & 0xFFFF) + ((a2 >> 16) & 0xFFFF) + base - rem
    sum1 += (a2 & 0xFFFF) + base - 1
    sum1 %= base
    sum2 %= base
    return sum1 | (sum2 << 16)


def _pdf_from_objects(objects: Sequence[bytes]) -> bytes:
    """A PDF file (header, numbered objects 1..n, xref, trailer) from raw object bodies;
    object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def make_pdf_bomb(path: Path, *, inflated_mb: int = 4096, text: str = "Deze pagina is in orde.") -> Path:
    """A one-page PDF whose page has a small, normal text stream followed by a
    FlateDecode content stream that inflates to ``inflated_mb`` MiB of spaces (a valid
    zlib stream with the right checksum). The file itself is about
    ``inflated_mb`` KiB; it is built in well under a second without inflating anything:
    one 1 MiB block is compressed with a full flush (which makes its compressed form
    independent of what came before) and repeated."""
    import struct
    import zlib

    block = b" " * (1 << 20)
    comp = zlib.compressobj(9)
    head = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)   # zlib header + block
    body = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)   # the block alone
    adler_block = zlib.adler32(block)
    adler = adler_block
    for _ in range(inflated_mb - 1):
        adler = _adler32_combine(adler, adler_block, len(block))
    tail = b"\x03\x00" + struct.pack(">I", adler)  # final empty fixed block + checksum
    bomb = head + body * (inflated_mb - 1) + tail
    safe = _latin1(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    normal = b"BT /F1 12 Tf 72 750 Td (" + safe.encode("latin-1") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents [5 0 R 6 0 R] >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(normal),
        _stream(bomb, b"/Filter /FlateDecode "),
    ]
    Path(path).write_bytes(_pdf_from_objects(objects))
    return Path(path)


def make_dense_pdf(path: Path, *, chars: int = 300_000, text: str = "Deze pagina is in orde.") -> Path:
    """A one-page PDF with a normal line of text and one ``Tj`` string of ``chars``
    characters (a small file whose page holds far more glyphs than any real page)."""
    safe = _latin1(text).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = (b"BT /F1 12 Tf 72 750 Td (" + safe.encode("latin-1") + b") Tj ET\n"
               b"BT /F1 1 Tf 0 10 Td (" + b"x" * chars + b") Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content),
    ]
    Path(path).write_bytes(_pdf_from_objects(objects))
    return Path(path)
