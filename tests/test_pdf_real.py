"""Ingest of three real PDFs nobody on this project wrote (see ../shared/realpdf/SOURCES.md):
a ruled table under two header levels (NICS), a borderless table (population growth)
and a 37-page Dutch audit report. They are read from the folder beside the repository
(``../shared/realpdf``, also present beside a CI clone) and never copied into it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.chunking import Chunker
from ingest.loaders import load_file
from ingest.metadata import DocMeta
from tests.support import ROOT
from tests.support.chunks import number_cuts
from tests.support.loaded import rows

REAL = ROOT.parent / "shared" / "realpdf"
NICS = "nics-background-checks-2015-11.pdf"
GROWTH = "population_growth.pdf"
AUDIT = "2022-07-08 Toegankelijkheidsonderzoek CoronaMelder 2.5.10 (iOS 15.5) versie 2.2.pdf"


def real(name: str) -> Path:
    path = REAL / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: these tests read the shared real PDFs from ../shared/realpdf/ "
                    f"beside the repository (see SOURCES.md there); put the folder back, do not skip")
    return path


@pytest.fixture(scope="module")
def docs():
    return {name: load_file(real(name)) for name in (NICS, GROWTH, AUDIT)}


def row_of(doc, column: str, value: str):
    found = [b for b in rows(doc) if b.fields.get(column) == value]
    assert len(found) == 1, (column, value, len(found))
    return found[0]


# ----------------------------------------------------------------------------- NICS

def test_nics_rows_name_both_header_levels(docs):
    doc = docs[NICS]
    trs = rows(doc)
    assert len(trs) == 56  # 55 states and territories, and the Totals row
    assert {r.table for r in trs} == {"NICS Firearm Background Checks November - 2015"}
    alabama = row_of(doc, "State / Territory", "Alabama")
    assert alabama.fields["Pre-Pawn / Handgun"] == "14"
    assert alabama.fields["Pre-Pawn / Long Gun"] == "15"
    assert alabama.fields["Permit"] == "18,870"
    assert alabama.fields["Totals"] == "71,137"
    assert "Pre-Pawn / Handgun: 14; Pre-Pawn / Long Gun: 15; Pre-Pawn / *Other: 0" in alabama.text
    kentucky = row_of(doc, "State / Territory", "Kentucky")
    assert kentucky.fields["Permit"] == "264,140"
    assert kentucky.fields["Redemption / Long Gun"] == "2,315"
    texas = row_of(doc, "State / Territory", "Texas")
    assert texas.fields["Return to Seller - Private Sale / Long Gun"] == "5"
    assert texas.fields["Returned/Disposition / Handgun"] == "1"


def test_nics_thousands_with_a_space_stay_one_value(docs):
    california = row_of(docs[NICS], "State / Territory", "California")
    assert california.fields["Totals"] == "180 116"
    assert california.fields["Permit"] == "98 452"
    assert california.fields["Handgun"] == "41 181"
    assert california.fields["*Other"] == "4 559"
    assert "Totals: 180 116" in california.text and "180116" not in california.text


def test_nics_totals_row(docs):
    totals = row_of(docs[NICS], "State / Territory", "Totals")
    assert totals.fields["Totals"] == "2,236,457"
    assert totals.fields["Permit"] == "804,006"
    assert totals.fields["Rentals / Handgun"] == "0"
    assert totals.fields["Redemption / Handgun"] == "29,905"
    assert totals.page == 1 and totals.locator == "row 56"


def test_nics_notes_are_prose(docs):
    texts = [b.text for b in docs[NICS].blocks if b.kind == "text"]
    assert any(t.startswith("**Multiple (multiple types of firearms selected)") for t in texts)
    assert not any("Page 1 of 205" in t for t in texts)  # the page number is furniture


# ----------------------------------------------------------------------------- population growth

def test_population_growth_is_a_table(docs):
    doc = docs[GROWTH]
    trs = rows(doc)
    assert len(trs) == 36  # 35 states and union territories, and ALL INDIA
    assert {r.table for r in trs} == {"TABLE 4: STATE-WISE DECADAL GROWTH RATE OF POPULATION (Per cent)"}
    assert list(trs[0].fields) == ["States/Union Territories", "1951-1961", "1961-1971", "1971-1981",
                                   "1981-1991", "1991-2001", "2001-2011"]
    kerala = row_of(doc, "States/Union Territories", "Kerala")
    assert kerala.fields["1991-2001"] == "9.43"
    assert kerala.fields["2001-2011"] == "4.86"
    assert kerala.text.endswith("1981-1991: 14.32; 1991-2001: 9.43; 2001-2011: 4.86")
    assert row_of(doc, "States/Union Territories", "Nagaland").fields["2001-2011"] == "-0.47"
    assert row_of(doc, "States/Union Territories", "Daman and Diu").fields["1951-1961"] == "-24.56"
    assert row_of(doc, "States/Union Territories", "Arunachal Pradesh").fields["1951-1961"] == "-"
    assert row_of(doc, "States/Union Territories", "ALL INDIA").fields["2001-2011"] == "17.64"
    # no state is read as running text
    prose = " ".join(b.text for b in doc.blocks if b.kind == "text")
    assert "Kerala" not in prose and "24.76" not in prose
    assert "Source : Registrar General of India, Ministry of Home Affairs, Government of India." in prose


# ----------------------------------------------------------------------------- Dutch audit

def test_audit_summary_table_per_principle(docs):
    doc = docs[AUDIT]
    summary = {r.fields["Principe (aantal bevindingen)"]: r for r in rows(doc, "1 Managementsamenvatting")}
    assert set(summary) == {"Waarneembaar (20)", "Bedienbaar (17)", "Begrijpelijk (10)", "Robuust (3)"}
    expected = {"Waarneembaar (20)": ("0", "13", "7"), "Bedienbaar (17)": ("0", "10", "7"),
                "Begrijpelijk (10)": ("0", "7", "3"), "Robuust (3)": ("0", "3", "0")}
    for principle, (fout, geen, nvt) in expected.items():
        f = summary[principle].fields
        assert (f["Fout gevonden"], f["Geen fout gevonden"], f["Niet van toepassing"]) == (fout, geen, nvt)
        assert summary[principle].page == 4
    assert summary["Waarneembaar (20)"].text == (
        "1 Managementsamenvatting — Principe (aantal bevindingen): Waarneembaar (20); Fout gevonden: 0; "
        "Geen fout gevonden: 13; Niet van toepassing: 7")


def test_audit_table_over_two_pages_keeps_its_header(docs):
    doc = docs[AUDIT]
    part = [r for r in rows(doc, "Principe 1: Waarneembaar") if r.page in (11, 12)]
    assert len(part) == 14
    assert {tuple(r.fields) for r in part} == {("Succescriterium", "Resultaat")}
    assert [r.locator.split(", ")[-1] for r in part] == [f"row {i}" for i in range(1, 15)]
    last = part[-1]
    assert last.page == 12
    assert last.fields == {"Succescriterium": "1.4.5: Afbeeldingen van tekst", "Resultaat": "Niet van toepassing"}
    assert not any(r.fields.get("Succescriterium") == "Succescriterium" for r in rows(doc))  # repeat dropped


def test_audit_no_running_header_or_footer(docs):
    doc = docs[AUDIT]
    footer = "Toegankelijkheidsonderzoek CoronaMelder 2.5.10 (iOS 15.5) op WCAG 2.1"
    texts = [b.text for b in doc.blocks]
    assert not any(footer in t for t in texts)
    assert not any(re.search(r"\b\d{1,2}/37\b", t) for t in texts)
    assert {b.page_label for b in doc.blocks} == {None}  # the PDF has no page labels


def test_audit_label_value_lines_and_headings(docs):
    doc = docs[AUDIT]
    texts = [b.text for b in doc.blocks if b.kind == "text"]
    assert "Scope: Alle schermen, navigatie-elementen en processen in de CoronaMelder iOS applicatie." in texts
    assert "Grootte van steekproef: 2 schermen" in texts
    result = next(b for b in doc.blocks if b.section == "Succescriterium 1.4.3: Contrast (minimum)")
    assert result.text == "Resultaat: geen fout gevonden"


def test_real_pdfs_have_no_hidden_text(docs):
    assert {name: d.dropped_hidden_chars for name, d in docs.items()} == {NICS: 0, GROWTH: 0, AUDIT: 0}


def test_real_pdfs_chunks_never_cut_a_number(docs):
    chunker = Chunker()
    for name, doc in docs.items():
        chunks = chunker.chunk(doc, source=name, doc_hash="ab" * 32,
                               meta=DocMeta(language="nl" if name == AUDIT else "en"))
        assert chunks
        for block in doc.blocks:
            if block.kind == "text":
                pieces = chunker.sentences(block.text, "nl" if name == AUDIT else "en")
                assert number_cuts(block.text, pieces) == [], (name, block.text[:80])
        # table rows are one chunk each
        assert sum(1 for c in chunks if c.kind == "table_row") == len(rows(doc))
