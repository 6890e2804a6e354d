"""Tests for ingest.loaders (DOCX, HTML, TXT, Markdown, CSV, XLSX, type sniffing, limits), on
files generated in tmp_path (see tests/support/filegen.py). PDF: test_loaders_pdf.py."""
from __future__ import annotations

import shutil
import zipfile

import pytest

from ingest.loaders import SUPPORTED_SUFFIXES, detect_type, load_file
from ingest.types import LoaderError
from tests.support import ROOT
from tests.support.filegen import make_csv, make_docx, make_html, make_markdown, make_xlsx, make_zip_bomb
from tests.support.loaded import error_code, rows

SEEDS = ROOT / "corpus"  # the seed pages, as copied into the default corpus
SEED_000 = SEEDS / "000_ff2256da419d7abb.txt"
SEED_001 = SEEDS / "001_28f5a3e223cbfa99.txt"

# ----------------------------------------------------------------------------- DOCX

def test_docx_headings_paragraphs_table(tmp_path):
    path = make_docx(tmp_path / "visie.docx", [
        ("title", "Visie internationalisering"),
        ("p", "Leiden is al eeuwenlang een internationale stad."),
        ("heading", "Doelen", 1),
        ("p", "De komende jaren willen we:"),
        ("bullet", "kansen verzilveren;"),
        ("bullet", "knelpunten ondervangen."),
        ("heading", "Cijfers", 2),
        ("table", [["Groep", "Aantal", "Jaar"], ["Studenten", "3.100", "2023"],
                   ["Kenniswerkers", "2.450", "2023"], ["Totaal", "", ""]],
         [(3, 1, 3, 2)]),
        ("p", "Bron: Leiden in Cijfers."),
    ], title="Visie (core title)")
    doc = load_file(path)
    assert doc.title == "Visie (core title)"
    prose = [b for b in doc.blocks if b.kind == "text"]
    assert [b.text for b in prose] == [
        "Leiden is al eeuwenlang een internationale stad.",
        "De komende jaren willen we:",
        "kansen verzilveren;",
        "knelpunten ondervangen.",
        "Bron: Leiden in Cijfers.",
    ]
    assert prose[0].section == "Visie internationalisering"
    assert prose[2].section == "Doelen"
    assert prose[-1].section == "Cijfers"
    trs = rows(doc)
    assert [r.fields["Groep"] for r in trs] == ["Studenten", "Kenniswerkers", "Totaal"]
    assert trs[0].text == "Cijfers — Groep: Studenten; Aantal: 3.100; Jaar: 2023"
    assert trs[0].year == 2023 and trs[0].locator == "row 1"
    # document order: table rows between the bullets and the final paragraph
    kinds = [b.kind for b in doc.blocks]
    assert kinds.index("table_row") > 3 and kinds[-1] == "text"


def test_docx_two_tables_get_numbered_locators(tmp_path):
    path = make_docx(tmp_path / "t.docx", [
        ("heading", "A", 1), ("table", [["x", "y"], ["1", "2"]]),
        ("heading", "B", 1), ("table", [["x", "y"], ["3", "4"], ["5", "6"]]),
    ])
    locs = [(r.table, r.locator) for r in rows(load_file(path))]
    assert locs == [("A", "table 1, row 1"), ("B", "table 2, row 1"), ("B", "table 2, row 2")]


# ----------------------------------------------------------------------------- HTML

HTML_BODY = """
<header><a href="/">Gemeente Leiden</a> <nav><a href="/menu">Menu</a></nav></header>
<script>var secretTracker = "SCRIPT-CONTENT-XYZ"; document.write("<p>injected</p>");</script>
<style>.hidden { color: red; } /* STYLE-CONTENT */</style>
<main>
  <h1>Leiden pakt kansen</h1>
  <p>Leiden is al eeuwenlang een <strong>internationale</strong> stad.</p>
  <iframe src="https://www.youtube.com/embed/abc">IFRAME-CONTENT</iframe>
  <img src="http://example.org/foto.jpg" alt="ALT-TEXT">
  <h2>Doelen</h2>
  <ul><li>Kansen verzilveren</li><li>Samen <em>optrekken</em> met partners</li></ul>
  <div>Losse tekst in een div<br>over twee regels</div>
  <table>
    <caption>Internationals per jaar</caption>
    <thead><tr><th>Jaar</th><th>Aandeel</th><th>Bron</th></tr></thead>
    <tbody>
      <tr><td>2022</td><td>12,4%</td><td>https://leiden.incijfers.nl/a</td></tr>
      <tr><td>2023</td><td>13,1%</td><td>https://leiden.incijfers.nl/b</td></tr>
    </tbody>
  </table>
  <noscript>NOSCRIPT-CONTENT</noscript>
</main>
<aside>ASIDE-CONTENT</aside>
<footer>FOOTER-CONTENT</footer>
"""


def test_html_cleaning_sections_and_table(tmp_path):
    path = make_html(tmp_path / "pagina.html", HTML_BODY, title="Leiden pakt kansen | Gemeente Leiden")
    doc = load_file(path)
    assert doc.title == "Leiden pakt kansen | Gemeente Leiden"
    everything = " ".join(b.text for b in doc.blocks) + " ".join(str(b.fields) for b in doc.blocks)
    for banned in ("SCRIPT-CONTENT", "secretTracker", "STYLE-CONTENT", "IFRAME-CONTENT",
                   "NOSCRIPT-CONTENT", "ASIDE-CONTENT", "FOOTER-CONTENT", "foto.jpg", "ALT-TEXT",
                   "Menu", "injected", "<", ">"):
        assert banned not in everything, banned
    prose = [b for b in doc.blocks if b.kind == "text"]
    assert [b.text for b in prose] == [
        "Leiden is al eeuwenlang een internationale stad.",
        "Kansen verzilveren",
        "Samen optrekken met partners",
        "Losse tekst in een div over twee regels",
    ]
    assert prose[0].section == "Leiden pakt kansen"
    assert prose[1].section == "Doelen"
    trs = rows(doc)
    assert len(trs) == 2
    assert trs[1].table == "Internationals per jaar"
    assert trs[1].text == ("Internationals per jaar — Jaar: 2023; Aandeel: 13,1%; "
                           "Bron: https://leiden.incijfers.nl/b")
    assert trs[1].url == "https://leiden.incijfers.nl/b"
    assert trs[1].year == 2023
    assert trs[1].section == "Doelen"


def test_html_table_without_caption_uses_heading_and_first_row(tmp_path):
    body = ("<h2>Wijken</h2><table><tr><td>Wijk</td><td>Inwoners</td></tr>"
            "<tr><td>Binnenstad</td><td>20.000</td></tr>"
            "<tr><td colspan='2'>Totaal onbekend</td></tr></table>")
    doc = load_file(make_html(tmp_path / "w.htm", body))
    trs = rows(doc)
    assert trs[0].text == "Wijken — Wijk: Binnenstad; Inwoners: 20.000"
    assert trs[1].fields == {"Wijk": "Totaal onbekend", "Inwoners": "Totaal onbekend"}


def test_html_only_scripts_has_no_text(tmp_path):
    path = make_html(tmp_path / "leeg.html", "<script>alert(1)</script><nav>Menu</nav>")
    assert error_code(path) == "no_text"


# ----------------------------------------------------------------------------- TXT

def test_txt_seed_000_sections_bullets_and_year(tmp_path):
    path = tmp_path / "monitor.txt"
    shutil.copy(SEED_000, path)
    doc = load_file(path)
    blocks = doc.blocks
    assert all(b.kind == "text" and b.page is None for b in blocks)
    sections = {b.section for b in blocks}
    assert {"Internationalisering van de Leidse bevolking",
            "Ontwikkelingen van het afgelopen jaar"} <= sections
    # the year is kept, as "Jaartal: 2023", and "2023" is not a heading
    assert "Jaartal: 2023" in [b.text for b in blocks]
    assert "2023" not in sections and "Jaartal" not in sections
    bullets = [b for b in blocks if b.section == "Ontwikkelingen van het afgelopen jaar"]
    assert len(bullets) == 4
    assert bullets[0].text.startswith("De twee nieuwe Leidse internationale basisscholen")
    assert bullets[1].text.startswith("Leiden heeft een stedenband met Nagasaki")
    assert not any(b.text.startswith(("•", "-")) or "\u00a0" in b.text for b in blocks)
    share = next(b for b in blocks if "13,1%" in b.text)
    assert share.section == "Internationalisering van de Leidse bevolking"
    # headings are not blocks
    assert "Internationalisering van de Leidse bevolking" not in [b.text for b in blocks]


def test_txt_seed_001_sections(tmp_path):
    path = tmp_path / "visie.txt"
    shutil.copy(SEED_001, path)
    doc = load_file(path)
    assert doc.title == "Leiden pakt kansen van internationale samenleving"
    by_section = {}
    for b in doc.blocks:
        by_section.setdefault(b.section, []).append(b.text)
    assert {"Visie internationalisering", "Monitor internationalisering", "Meer informatie"} <= set(by_section)
    visie = by_section["Visie internationalisering"]
    assert "De komende jaren willen we:" in visie
    assert any(t.startswith("kansen op het gebied van internationalisering") for t in visie)
    assert sum(1 for t in visie if t.endswith(";")) == 3  # one block per bullet


def test_txt_latin1_and_crlf(tmp_path):
    path = tmp_path / "oud.txt"
    path.write_bytes("Nieuwe inwoners\r\n\r\nVeel inwoners komen uit Oekraïne en Polen.\r\n".encode("cp1252"))
    doc = load_file(path)
    assert doc.blocks[0].text == "Veel inwoners komen uit Oekraïne en Polen."
    assert doc.blocks[0].section == "Nieuwe inwoners"


# ----------------------------------------------------------------------------- Markdown

MARKDOWN = """---
title: Monitor in Markdown
---

# Monitor internationalisering

Leiden is een **internationale** stad, zie [de monitor](https://leiden.nl/monitor).

## Groepen

- Kenniswerkers
- Internationale studenten
  die hier studeren
* Vluchtelingen

| Groep | Aantal | Jaar |
|-------|-------:|------|
| Studenten | 3.100 | 2023 |
| Kenniswerkers | 2.450 | 2023 |

Slotzin van de tekst.
"""


def test_markdown_headings_lists_and_pipe_table(tmp_path):
    doc = load_file(make_markdown(tmp_path / "monitor.md", MARKDOWN))
    assert doc.title == "Monitor in Markdown"
    prose = [b for b in doc.blocks if b.kind == "text"]
    assert [b.text for b in prose] == [
        "Leiden is een internationale stad, zie de monitor.",
        "Kenniswerkers",
        "Internationale studenten die hier studeren",
        "Vluchtelingen",
        "Slotzin van de tekst.",
    ]
    assert prose[0].section == "Monitor internationalisering"
    assert prose[1].section == "Groepen"
    trs = rows(doc)
    assert len(trs) == 2
    assert trs[0].text == "Groepen — Groep: Studenten; Aantal: 3.100; Jaar: 2023"
    assert trs[1].fields == {"Groep": "Kenniswerkers", "Aantal": "2.450", "Jaar": "2023"}
    assert trs[1].year == 2023 and trs[1].locator == "row 2"
    assert [b.kind for b in doc.blocks][-1] == "text"  # table stays in place


# ----------------------------------------------------------------------------- CSV

def test_csv_comma(tmp_path):
    path = make_csv(tmp_path / "leiden-figures.csv", [
        ["topic", "year", "value", "source_url"],
        ["internationals_share", "2023", "13.1", "https://vng.nl/monitor"],
        ["students", "2022", "1,200", "not a url"],
    ])
    doc = load_file(path)
    trs = rows(doc)
    assert len(trs) == 2
    assert trs[0].text == ("Leiden figures — topic: internationals_share; year: 2023; value: 13.1; "
                           "source_url: https://vng.nl/monitor")
    assert trs[0].url == "https://vng.nl/monitor" and trs[0].year == 2023
    assert trs[1].fields["value"] == "1,200"  # quoted comma stays inside the value
    assert trs[1].url is None and trs[1].locator == "row 2"


def test_csv_title_from_caller(tmp_path):
    path = make_csv(tmp_path / "x.csv", [["a", "b"], ["1", "2"]])
    assert rows(load_file(path, title="Kerncijfers Leiden"))[0].text == "Kerncijfers Leiden — a: 1; b: 2"


def test_csv_semicolon_with_bom(tmp_path):
    path = make_csv(tmp_path / "cijfers.csv", [
        ["Jaar", "Aandeel", "Opmerking"],
        ["2022", "12,4", "voorlopig"],
        ["2023", "13,1", ""],
    ], delimiter=";", bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    trs = rows(load_file(path))
    assert list(trs[0].fields) == ["Jaar", "Aandeel", "Opmerking"]  # no BOM in the header
    assert trs[1].fields == {"Jaar": "2023", "Aandeel": "13,1", "Opmerking": ""}
    assert trs[1].text == "Cijfers — Jaar: 2023; Aandeel: 13,1"  # empty cell skipped
    assert trs[1].year == 2023


def test_csv_latin1(tmp_path):
    path = make_csv(tmp_path / "nationaliteiten.csv", [
        ["Land", "Inwoners"], ["Oekraïne", "812"], ["België", "301"], ["Curaçao", "95"],
    ], delimiter=";", encoding="latin-1")
    assert "ï".encode("utf-8") not in path.read_bytes()
    trs = rows(load_file(path))
    assert [r.fields["Land"] for r in trs] == ["Oekraïne", "België", "Curaçao"]


def test_csv_utf16_tab(tmp_path):
    path = make_csv(tmp_path / "u16.csv", [["Land", "Aantal"], ["Oekraïne", "812"]],
                    delimiter="\t", encoding="utf-16")
    assert rows(load_file(path))[0].fields == {"Land": "Oekraïne", "Aantal": "812"}


def test_csv_header_only_gives_one_text_block(tmp_path):
    doc = load_file(make_csv(tmp_path / "h.csv", [["a", "b", "c"]]))
    assert not rows(doc)
    assert [b.text for b in doc.blocks] == ["H — a; b; c"]


# ----------------------------------------------------------------------------- XLSX

def test_xlsx_two_sheets_merged_and_formula(tmp_path):
    path = make_xlsx(
        tmp_path / "kerncijfers.xlsx",
        {
            "Bevolking": [
                ["Wijk", "Jaar", "Inwoners", "Internationals", "Totaal"],
                ["Binnenstad", 2023, 20000, 3100, None],
                [None, None, None, None, None],
                ["Stevenshof", 2023, 12000.0, 800, None],
            ],
            "Bronnen": [
                ["Onderwerp", "Bron"],
                ["Monitor", "https://leiden.incijfers.nl"],
                ["Samengevoegd", None],
            ],
            "Leeg": [],
        },
        merged={"Bronnen": ["A3:B3"]},
        formulas={("Bevolking", "E2"): ("=C2+D2", 23100), ("Bevolking", "E4"): ("=C4+D4", None)},
        title="Kerncijfers 2023",
    )
    doc = load_file(path, title="Kerncijfers")
    trs = rows(doc)
    assert doc.title == "Kerncijfers 2023"
    bev = [r for r in trs if r.table == "Kerncijfers — Bevolking"]
    assert len(bev) == 2  # empty row skipped
    assert bev[0].fields == {"Wijk": "Binnenstad", "Jaar": "2023", "Inwoners": "20000",
                             "Internationals": "3100", "Totaal": "23100"}  # cached formula value
    assert bev[0].locator == "sheet Bevolking, row 1" and bev[0].year == 2023
    assert bev[1].fields["Inwoners"] == "12000"  # int-like float prints as int
    assert bev[1].fields["Totaal"] == ""  # formula never calculated: no cached value
    assert bev[1].text == ("Kerncijfers — Bevolking — Wijk: Stevenshof; Jaar: 2023; "
                           "Inwoners: 12000; Internationals: 800")
    bron = [r for r in trs if r.table == "Kerncijfers — Bronnen"]
    assert bron[0].url == "https://leiden.incijfers.nl"
    assert bron[1].fields == {"Onderwerp": "Samengevoegd", "Bron": "Samengevoegd"}  # merged cell
    assert bron[1].locator == "sheet Bronnen, row 2"
    assert not any("Leeg" in (r.table or "") for r in trs)


def test_xlsx_single_sheet_title_is_plain(tmp_path):
    path = make_xlsx(tmp_path / "een_blad.xlsx", {"Blad1": [["a", "b"], [1, 2.5]]})
    r = rows(load_file(path))[0]
    assert r.table == "Een blad" and r.text == "Een blad — a: 1; b: 2.5"


# ----------------------------------------------------------------------------- sniffing

def test_detect_type_by_content(tmp_path, monitor_pdf):
    assert detect_type(make_docx(tmp_path / "a.bin.docx", [("p", "x")])) == "docx"
    assert detect_type(make_xlsx(tmp_path / "a.xlsx", {"S": [["a"]]})) == "xlsx"
    assert detect_type(make_html(tmp_path / "page.txt", "<p>x</p>")) == "html"
    assert detect_type(make_markdown(tmp_path / "a.md", "# x\n\ny\n")) == "markdown"
    assert detect_type(make_csv(tmp_path / "a.csv", [["a", "b"]])) == "csv"
    (tmp_path / "plain.txt").write_text("hallo\n")
    assert detect_type(tmp_path / "plain.txt") == "text"
    shutil.copy(monitor_pdf, tmp_path / "no_extension")
    assert detect_type(tmp_path / "no_extension") == "pdf"
    assert ".pdf" in SUPPORTED_SUFFIXES and ".xlsx" in SUPPORTED_SUFFIXES


def test_text_named_pdf_is_type_mismatch(tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_text("Dit is geen PDF maar gewone tekst.\n")
    assert error_code(path) == "type_mismatch"
    with pytest.raises(LoaderError) as ei:
        detect_type(path)
    assert ei.value.code == "type_mismatch"


def test_random_bytes_are_unknown_type(tmp_path):
    import random

    rnd = random.Random(42)
    path = tmp_path / "data.xyz"
    path.write_bytes(bytes(rnd.randrange(256) for _ in range(4096)))
    assert error_code(path) == "unknown_type"


def test_zip_that_is_not_office_is_unknown(tmp_path):
    path = tmp_path / "archief.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hallo")
    assert error_code(path) == "unknown_type"


def test_broken_zip_is_corrupt_zip(tmp_path):
    good = make_docx(tmp_path / "good.docx", [("p", "Tekst " * 200)])
    bad = tmp_path / "bad.docx"
    bad.write_bytes(good.read_bytes()[:600])
    assert error_code(bad) == "corrupt_zip"


# ----------------------------------------------------------------------------- limits

@pytest.mark.parametrize("name", ["leeg.pdf", "leeg.txt", "leeg.docx", "leeg.csv"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert error_code(path) == "empty_file"


def test_whitespace_only_file(tmp_path):
    path = tmp_path / "spaties.txt"
    path.write_bytes(b" \n\t\n   \r\n")
    assert error_code(path) == "empty_file"
    nbsp = tmp_path / "nbsp.md"
    nbsp.write_text("\u00a0 \n\n \u00a0\n", encoding="utf-8")
    assert error_code(nbsp) == "empty_file"


def test_too_large(tmp_path):
    path = tmp_path / "groot.txt"
    path.write_text("tekst " * 1000)
    assert error_code(path, max_bytes=1000) == "too_large"


def test_zip_bomb(tmp_path):
    bomb = make_zip_bomb(tmp_path / "bom.docx", member_mb=48)
    assert bomb.stat().st_size < 2 * 2**20
    assert error_code(bomb) == "zip_bomb"
    xbomb = make_zip_bomb(tmp_path / "bom.xlsx", member_mb=20, kind="xlsx")
    assert error_code(xbomb) == "zip_bomb"


def test_zip_bomb_total_size_relative_to_max_bytes(tmp_path):
    # no single member is large enough for the ratio rule, but the archive expands to
    # more than 20 x max_bytes
    path = make_docx(tmp_path / "normaal.docx", [("p", "Tekst " * 200_000)])
    size = path.stat().st_size
    assert len(load_file(path).blocks) == 1
    assert error_code(path, max_bytes=size + 1) == "zip_bomb"


def test_missing_file_is_unreadable(tmp_path):
    assert error_code(tmp_path / "bestaat-niet.txt") == "unreadable"


def test_corrupt_docx_xml_never_leaks_library_exception(tmp_path):
    good = make_docx(tmp_path / "g.docx", [("p", "x")])
    bad = tmp_path / "kapot.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    assert error_code(bad) == "unreadable"


def test_a_piece_too_short_to_tell_is_in_the_documents_language():
    # no metadata states the language: a heading like "DISCLAIMERS:" is in the language
    # the document reads as, not in a fixed default
    from ingest.chunking import Chunker
    from ingest.metadata import DocMeta
    from ingest.types import Block, LoadedDocument

    english = LoadedDocument(blocks=[
        Block("These statistics represent the number of background checks initiated through the system."),
        Block("DISCLAIMERS:"),
        Block("They do not represent the number of items sold in the month."),
    ])
    dutch = LoadedDocument(blocks=[
        Block("Deze cijfers laten zien hoeveel inwoners er in de gemeente wonen en werken."),
        Block("TOELICHTING:"),
    ])
    chunker = Chunker()
    en = chunker.chunk(english, source="en.pdf", doc_hash="ab" * 32, meta=DocMeta())
    assert [c.language for c in en] == ["en", "en", "en"]
    nl = chunker.chunk(dutch, source="nl.pdf", doc_hash="cd" * 32, meta=DocMeta())
    assert [c.language for c in nl] == ["nl", "nl"]
    # a language the metadata states wins
    stated = chunker.chunk(english, source="en.pdf", doc_hash="ab" * 32, meta=DocMeta(language="nl"))
    assert stated[1].language == "nl"
    # a piece of a Dutch document that reads as neither Dutch nor English (a table row
    # read as German, a table of contents line read as Swedish) is in the document's
    report = LoadedDocument(blocks=[
        Block("Dit rapport beschrijft de resultaten van het onderzoek naar de toegankelijkheid van de app."),
        Block("Principe 4: Robuust — Succescriterium: 4.1.1: Parsen; Resultaat: Geen fout gevonden", kind="table_row"),
        Block("1 Managementsamenvatting " + "." * 60),
    ])
    assert [c.language for c in chunker.chunk(report, source="r.pdf", doc_hash="ef" * 32, meta=DocMeta())] == ["nl"] * 3
