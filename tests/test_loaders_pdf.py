"""Tests for the PDF loader (ingest/loaders/pdf.py, pdf_pages.py), on files generated in
tmp_path (see tests/support/filegen.py)."""
from __future__ import annotations

import shutil

from ingest.loaders import detect_type, load_file
from tests.support.filegen import encrypt_pdf, make_blank_pdf, make_pdf, make_report_pdf
from tests.support.loaded import error_code, rows, texts


def test_pdf_pages_sections_and_metadata(monitor_pdf):
    doc = load_file(monitor_pdf)
    assert doc.pages == 3
    assert doc.title == "Monitor internationalisering 2023"
    prose = [b for b in doc.blocks if b.kind == "text"]
    first = next(b for b in prose if b.text.startswith("De gemeente Leiden werkt"))
    assert first.page == 1 and first.section == "Inleiding"
    # the three repetitions, wrapped over several lines, form one paragraph
    assert first.text.count("De gemeente Leiden werkt") == 3
    second = next(b for b in prose if b.text.startswith("Dit is de tweede alinea"))
    assert second.page == 1 and second.section == "Inleiding"
    p2 = next(b for b in prose if b.text.startswith("De tabel hieronder"))
    assert p2.page == 2 and p2.section == "Cijfers"
    after = next(b for b in prose if b.text.startswith("Na de tabel volgt"))
    assert after.page == 2 and after.section == "Cijfers"  # the caption is not a section
    last = next(b for b in prose if b.text.startswith("Leiden blijft groeien"))
    assert last.page == 3 and last.section == "Conclusie"
    # headings are sections, not blocks
    assert not any(b.text in ("Inleiding", "Cijfers", "Conclusie") for b in doc.blocks)
    assert all(b.page in (1, 2, 3) for b in doc.blocks)


def test_pdf_table_rows_and_no_duplicate_numbers(monitor_pdf):
    doc = load_file(monitor_pdf)
    table_rows = rows(doc)
    assert len(table_rows) == 3
    r = table_rows[2]
    assert r.page == 2
    assert r.table == "Tabel 1 Inwoners en internationals"
    assert r.locator == "row 3"
    assert r.fields == {"Jaar": "2023", "Inwoners": "126.815", "Aandeel internationals": "13,1%"}
    assert r.text == ("Tabel 1 Inwoners en internationals — Jaar: 2023; Inwoners: 126.815; "
                      "Aandeel internationals: 13,1%")
    assert r.year == 2023  # "Jaar" is a year column
    prose = " ".join(texts(doc))
    for number in ("124.899", "125.574", "126.815", "11,8%", "13,1%"):
        assert number not in prose
    # reading order: the table sits between the two paragraphs of page 2
    order = [b.text[:20] for b in doc.blocks if b.page == 2]
    assert order[0].startswith("De tabel hieronder")
    assert order[-1].startswith("Na de tabel volgt")


def test_pdf_report_layout(tmp_path):
    doc = load_file(make_report_pdf(tmp_path / "rapport.pdf", table_rows=60))
    assert doc.pages == 3 and not doc.warnings
    everything = " ".join(b.text for b in doc.blocks)
    # running header and "Pagina N van M" footers are page furniture
    assert "Monitor internationalisering 2023" not in everything and "Pagina" not in everything
    first = doc.blocks[0]
    assert first.section == "Samenvatting" and first.page == 1  # bold line = heading
    assert "de internationalisering zet door" in first.text  # hyphenated word re-joined
    assert "woon- en werkgedrag" in first.text  # a real compound hyphen stays
    assert [b.text for b in doc.blocks[1:4]] == [
        "Meer studenten uit het buitenland;", "Meer kenniswerkers;", "Meer vluchtelingen uit Oekraine."]
    cont = doc.blocks[4]
    assert cont.text.endswith("zonder punt aan het eind en gaat hier verder met de rest van de zin.")
    assert cont.page == 1
    trs = rows(doc)
    # one table continued over pages 2-3, repeated header rows dropped
    assert len(trs) == 60
    assert [r.locator for r in trs[:2]] == ["row 1", "row 2"] and trs[-1].locator == "row 60"
    assert trs[0].page == 2 and trs[-1].page == 3
    assert trs[-1].fields == {"Nationaliteit": "Land 59", "2022": "159", "2023": "259"}
    assert {r.table for r in trs} == {"Bevolking naar nationaliteit"}
    assert doc.blocks[-1].text == "Einde van het rapport." and doc.blocks[-1].page == 3


def test_pdf_falls_back_to_pypdf_text(monitor_pdf, monkeypatch):
    import ingest.loaders.pdf_pages as pdf_pages

    def broken(page, number):
        raise RuntimeError("pdfminer choked")

    monkeypatch.setattr(pdf_pages, "plumber_page", broken)
    doc = load_file(monitor_pdf)
    assert doc.pages == 3
    last = next(b for b in doc.blocks if b.text.startswith("Leiden blijft groeien"))
    assert last.page == 3 and last.section == "Conclusie"
    assert any(b.page == 2 and "126.815" in b.text for b in doc.blocks)  # no table detection


def test_pdf_year_column(tmp_path):
    path = make_pdf(tmp_path / "y.pdf", pages=[["# Cijfers", "Tekst boven de tabel."]],
                    table=[["jaar", "waarde", "bron"], ["2023", "13,1%", "https://example.org/m"]],
                    table_page=1)
    r = rows(load_file(path))[0]
    assert r.year == 2023
    assert r.url == "https://example.org/m"


def test_pdf_named_txt_is_read_as_pdf(monitor_pdf, tmp_path):
    disguised = tmp_path / "monitor.txt"
    shutil.copy(monitor_pdf, disguised)
    assert detect_type(disguised) == "pdf"
    doc = load_file(disguised)
    assert doc.pages == 3 and len(rows(doc)) == 3


def test_pdf_truncated_is_corrupt(monitor_pdf, tmp_path):
    data = monitor_pdf.read_bytes()
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(data[: len(data) // 3])
    assert error_code(bad) == "corrupt_pdf"


def test_pdf_garbage_after_magic_is_corrupt(tmp_path):
    bad = tmp_path / "junk.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert error_code(bad) == "corrupt_pdf"


def test_pdf_encrypted(monitor_pdf, tmp_path):
    locked = encrypt_pdf(monitor_pdf, tmp_path / "locked.pdf", user_password="geheim")
    assert error_code(locked) == "encrypted_pdf"


def test_pdf_owner_password_only_is_readable(monitor_pdf, tmp_path):
    # empty user password: readers open it without asking, so must we
    opened = encrypt_pdf(monitor_pdf, tmp_path / "owner.pdf", user_password="", owner_password="baas")
    doc = load_file(opened)
    assert any(b.text.startswith("Leiden blijft groeien") for b in doc.blocks)
    assert len(rows(doc)) == 3  # pdfplumber (tables) copes with the encryption too


def test_pdf_without_text_layer(tmp_path):
    assert error_code(make_blank_pdf(tmp_path / "scan.pdf", pages=2)) == "no_text_layer"


def test_pdf_too_many_pages(monitor_pdf):
    assert error_code(monitor_pdf, max_pages=2) == "too_many_pages"
