"""PDF layouts users drop in, generated in tmp_path (tests/support/filegen.py): two header
levels, borderless tables, three text columns, a table over three pages, page labels,
footnotes, text a reader cannot see; and chunk boundaries that never cut a number."""
from __future__ import annotations

import re
import time

import pytest

from ingest.chunking import Chunker
from ingest.loaders import load_file
from ingest.loaders.pdf_borderless import aligned_tables
from ingest.loaders.pdf_layout import TextLine, Word, reading_order
from ingest.metadata import DocMeta
from ingest.types import LoaderError
from tests.support.chunks import number_cuts
from tests.support.filegen import (
    BORDERLESS_TABLE,
    HIDDEN_TEXT,
    column_sentences,
    make_banded_table_pdf,
    make_borderless_pdf,
    make_field_cells_pdf,
    make_indented_table_pdf,
    make_invoice_pdf,
    make_letter_head_pdf,
    make_caption_beside_pdf,
    make_chapter_headers_pdf,
    make_columns_pdf,
    make_note_columns_pdf,
    make_diagram_report_pdf,
    make_footnote_pdf,
    make_grouped_header_pdf,
    make_hexdump_pdf,
    make_hidden_text_pdf,
    make_labelled_pdf,
    make_lines_pdf,
    make_long_table_pdf,
    make_ocr_layer_pdf,
    make_open_sided_table_pdf,
    make_overhanging_header_pdf,
    make_page_footers_pdf,
    make_proof_headers_pdf,
    make_paper_tables_pdf,
    make_table_beside_prose_pdf,
    make_pdf,
    make_positioned_words_pdf,
)
from tests.support.loaded import rows, texts


# ----------------------------------------------------------------------------- tables

def test_two_header_levels_name_every_level(tmp_path):
    doc = load_file(make_grouped_header_pdf(tmp_path / "wijken.pdf"))
    trs = rows(doc)
    assert len(trs) == 4
    first = trs[0]
    assert list(first.fields) == ["Wijk", "2022 / Aantal", "2022 / Aandeel", "2023 / Aantal", "2023 / Aandeel"]
    assert first.fields == {"Wijk": "Binnenstad", "2022 / Aantal": "2 310", "2022 / Aandeel": "11,8%",
                            "2023 / Aantal": "2 415", "2023 / Aandeel": "12,4%"}
    assert first.text == ("Tabel 2 Internationals per wijk — Wijk: Binnenstad; 2022 / Aantal: 2 310; "
                          "2022 / Aandeel: 11,8%; 2023 / Aantal: 2 415; 2023 / Aandeel: 12,4%")
    assert trs[-1].fields["2023 / Aantal"] == "17 180"  # thousands with a space, as printed
    # the numbers are not repeated as prose, the paragraphs around the table are
    assert texts(doc) == [
        "De tabel toont het aantal internationals per wijk in twee jaren.",
        "In alle wijken groeit het aandeel internationals."]


def test_a_table_not_ruled_round_its_sides_keeps_its_first_and_last_columns(tmp_path):
    trs = rows(load_file(make_open_sided_table_pdf(tmp_path / "cars.pdf")))
    assert len(trs) == 3
    assert list(trs[0].fields.values()) == ["Mazda RX4", "21.0", "6", "4"]
    assert list(trs[0].fields)[1:] == ["mpg", "cyl", "carb"]
    assert trs[2].fields["carb"] == "1" and "Valiant" in trs[2].text


def test_rows_drawn_in_one_band_under_group_labels(tmp_path):
    trs = rows(load_file(make_banded_table_pdf(tmp_path / "arrests.pdf")))
    assert [t.fields["Offense"] for t in trs] == ["Total", "Murder and manslaughter", "Robbery"]
    assert list(trs[0].fields)[1:] == ["Male / Total", "Male / Young", "Male / Adult",
                                       "Female / Total", "Female / Young", "Female / Adult"]
    assert trs[1].fields["Male / Adult"] == "9.1" and trs[2].fields["Female / Adult"] == "67.1"


def test_paper_tables_rows_in_bands_named_rows_and_captions_under_them(tmp_path):
    doc = load_file(make_paper_tables_pdf(tmp_path / "paper.pdf"))
    first, second = [[r for r in rows(doc) if r.table.startswith(f"Table {n}:")] for n in (2, 3)]
    # a table that names its rows and no column: its first row is data, each row of a
    # band is its own, a label row names the rows after it
    assert [list(r.fields.values()) for r in first] == [
        ["Source articles", "28,009"], ["Basic clusters", "5,543"], ["Basic patterns", "643,767"],
        ["Clusters: Metaclusters", "302"], ["Clusters: Large metaclusters", "101"]]
    assert first[0].table == "Table 2: Articles and obtained clusters."
    # fractions are figures too: one band of three rows under a header
    assert [(r.fields["Description"], r.fields["Rows"]) for r in second] == [
        ("Storm hit a place.", "8/16"), ("Nominee was confirmed.", "4/7"), ("Boxer fought a boxer.", "3/3")]
    # the captions title their tables and are not read again as prose
    assert texts(doc) == ["We crawled news sites every day and clustered the articles we found.",
                          "Most tables were consistent with their description."]


def test_a_column_of_prose_beside_a_borderless_table_stays_prose(tmp_path):
    from tests.support.filegen import PROSE_BESIDE

    doc = load_file(make_table_beside_prose_pdf(tmp_path / "instructions.pdf"))
    trs = rows(doc)
    assert [list(r.fields.values()) for r in trs] == [
        ["55 or under", "300", "360"], ["56-60", "260", "310"], ["61-65", "240", "260"],
        ["66-70", "170", "210"], ["71 or older", "120", "160"]]
    assert list(trs[0].fields) == ["Age", "Before 1997", "After 1996"]
    # the text beside the table is read whole, as one paragraph
    assert texts(doc) == [PROSE_BESIDE]


def test_labels_printed_over_their_values_are_read_with_them(tmp_path):
    from tests.support.filegen import LETTER_BODY

    doc = load_file(make_letter_head_pdf(tmp_path / "brief.pdf"))
    body = texts(doc)
    # each value with its label, as a line of text (what a letter or an invoice says)
    for fields in ("Datum: 12 maart 2021; Ons kenmerk: 2021.0123; Onderwerp: Huisvesting arbeidsmigranten",
                   "Contactpersoon: J. de Vries; Telefoon: 071 516 5000",
                   "Omschrijving: Extra grijze container; Aantal: 2; Prijs: 27,50; Totaal: 55,00"):
        assert any(fields in t for t in body), (fields, body)
    assert LETTER_BODY in body
    assert not rows(doc)
    # three lines in the same columns are text in columns, not a label over its value
    assert any("Bijlagen Afschrift aan Raadsvoorstel 12" in t for t in body), body


def test_a_value_set_larger_than_the_small_print_is_text_not_a_heading(tmp_path):
    doc = load_file(make_invoice_pdf(tmp_path / "factuur.pdf"))
    body = texts(doc)
    # fields and the total are what the invoice says: passages of their own
    for line in ("Factuurdatum: 20-10-2015", "Klantnummer: 29670869006", "Eindtotaal 319,00"):
        assert any(line in t for t in body), (line, body)
    sections = {b.section for b in doc.blocks}
    assert not any("319,00" in (s or "") or "20-10-2015" in (s or "") for s in sections)
    # a heading with a year or a number in its name stays a heading
    assert "Tabel 2: Kosten 2024" in sections and "Figuur 3.12" in sections, sections


def test_a_row_indented_under_another_is_named_with_it(tmp_path):
    from tests.support.filegen import BUDGET_ROWS

    for ruled in (True, False):
        doc = load_file(make_indented_table_pdf(tmp_path / f"begroting-{ruled}.pdf", ruled=ruled))
        assert [r.fields["Onderwerp"] for r in rows(doc)] == [
            "Afvalinzameling", "Afvalinzameling / Personeel", "Afvalinzameling / Materieel", "Milieustraat",
            "Milieustraat / Personeel", "Milieustraat / Materieel", "Totaal"], ruled
    # labels that start anywhere (centred, or figures set right) are no levels
    ragged = [(label, value, k % 4) for k, (label, value, _) in enumerate(BUDGET_ROWS)]
    labels = [r.fields["Onderwerp"] for r in rows(load_file(make_indented_table_pdf(tmp_path / "r.pdf", ragged)))]
    assert not any("/" in label for label in labels)


def test_a_cell_of_labels_beside_a_cell_of_their_values_gives_a_row_per_label(tmp_path):
    trs = rows(load_file(make_field_cells_pdf(tmp_path / "factuur.pdf")))
    assert [r.fields for r in trs] == [{"Factuur": "Factuurnummer:", "Gegevens": "42183017"},
                                       {"Factuur": "Factuurdatum:", "Gegevens": "3 augustus 2014"},
                                       {"Factuur": "Te betalen", "Gegevens": "4,11"}]


def test_cells_that_print_a_count_with_its_share_or_a_fraction_are_numbers():
    from ingest.loaders.pdf_tables import is_number

    assert all(is_number(t) for t in ("36 (75%)", "118 (73%)", "8/16", "1,234", "(12)"))
    assert not any(is_number(t) for t in ("Rows (total)", "8/16 rows", "(75%) of", "Table 3"))


def test_a_glyph_read_with_a_space_and_leader_dots(tmp_path):
    from ingest.loaders.pdf_layout import lines_from_chars

    def ch(text, x0, x1):
        return {"text": text, "x0": x0, "x1": x1, "top": 100.0, "bottom": 106.0, "size": 6.0, "upright": True}
    digits = [ch(c, 10 + 3.3 * i, 13.3 + 3.3 * i) for i, c in enumerate("11,062")]
    x = digits[-1]["x1"]
    number = digits + [ch(" .", x, x + 1.7), ch("6", x + 1.7, x + 5.0)]   # " ." is this font's period
    label = [ch(c, -60 + 3.3 * i, -56.7 + 3.3 * i) for i, c in enumerate("Total")]
    dots = [ch(" .", -40 + 3.4 * i, -38.3 + 3.4 * i) for i in range(12)]
    (line,) = lines_from_chars(label + dots + number)
    assert line.text == "Total 11,062.6"


def test_a_header_word_over_its_cells_line_stays_whole(tmp_path):
    trs = rows(load_file(make_overhanging_header_pdf(tmp_path / "race.pdf")))
    assert list(trs[0].fields) == ["Offense", "Black", "Indian/Alaskan"]
    assert trs[1].fields == {"Offense": "Fraud", "Black": "50,367", "Indian/Alaskan": "1,315"}


def test_a_borderless_table_of_dates_and_codes_is_a_table(tmp_path):
    donors = [("Naam", "Nummer", "Datum", "Bedrag"), ("Mena Juan", "20-27083460-5", "09/10/2013", "10.000,00"),
              ("Molle Matias", "20-25348547-8", "09/10/2013", "5.000,00"),
              ("Perazzo Pablo", "20-25348394-7", "10/10/2013", "10.000,00"),
              ("Pisoni Carlos", "20-26034823-0", "11/10/2013", "20.000,00")]
    trs = rows(load_file(make_borderless_pdf(tmp_path / "giften.pdf", rows=donors)))
    assert len(trs) == 4
    assert trs[1].fields == {"Naam": "Molle Matias", "Nummer": "20-25348547-8", "Datum": "09/10/2013",
                             "Bedrag": "5.000,00"}


def test_borderless_table_is_read_as_rows(tmp_path):
    doc = load_file(make_borderless_pdf(tmp_path / "groei.pdf"))
    trs = rows(doc)
    assert len(trs) == len(BORDERLESS_TABLE) - 1
    assert {r.table for r in trs} == {"Tabel 3 Groei per jaar (procent)"}
    by_wijk = {r.fields["Wijk"]: r.fields for r in trs}
    assert by_wijk["Merenwijk"]["2020-2021"] == "12,40"
    assert by_wijk["Binnenstad-Noord"]["2020-2021"] == "-1,05"  # negatives kept
    assert by_wijk["Boerhaavewijk"]["2019-2020"] == "-0,47"
    assert by_wijk["Roomburg"]["2020-2021"] == "-"  # "not available" kept
    assert by_wijk["Binnenstad-Zuid"]["2021-2022"] == "-"
    assert trs[0].text == ("Tabel 3 Groei per jaar (procent) — Wijk: Binnenstad-Noord; 2019-2020: 4,12; "
                           "2020-2021: -1,05; 2021-2022: 2,30")
    # the justified paragraph with numbers stays prose; nothing of the table is prose
    prose = texts(doc)
    assert prose[0].startswith("De groei van de bevolking verschilt sterk per wijk.")
    assert prose[-1] == "Bron: basisregistratie personen, bewerking door de gemeente."
    assert not any("Merenwijk" in t or "12,40" in t for t in prose)


def test_prose_and_columns_are_not_tables(tmp_path):
    plain = make_pdf(tmp_path / "tekst.pdf", pages=[[
        "# Werk", "In 2023 werkten 5 200 internationals in het onderwijs en 3 100 in de zorg. " * 6,
        "Het aandeel steeg van 11,8% in 2021 naar 13,1% in 2023, zo blijkt uit de monitor. " * 5]])
    assert not rows(load_file(plain))
    assert not rows(load_file(make_columns_pdf(tmp_path / "kolommen.pdf")))


@pytest.mark.parametrize("repeat_header", [False, True])
def test_table_over_three_pages_carries_its_header(tmp_path, repeat_header):
    doc = load_file(make_long_table_pdf(tmp_path / "buurten.pdf", rows=80, repeat_header=repeat_header))
    assert doc.pages == 3
    trs = rows(doc)
    assert len(trs) == 80
    assert {r.page for r in trs} == {1, 2, 3}
    assert {tuple(r.fields) for r in trs} == {("Buurt", "Inwoners", "Aandeel")}
    assert {r.table for r in trs} == {"Inwoners per buurt"}
    last = trs[-1]
    assert last.page == 3 and last.locator == "row 80"
    assert last.text == "Inwoners per buurt — Buurt: Buurt 79; Inwoners: 1079; Aandeel: 79,5%"
    assert not any(r.fields["Buurt"] == "Buurt" for r in trs)  # no header read as data
    assert not texts(doc)  # the bold title above the table titles it, it is not a passage


def test_grouped_table_over_pages_with_repeated_header(tmp_path):
    doc = load_file(make_long_table_pdf(tmp_path / "buurten.pdf", rows=80, repeat_header=True, grouped=True))
    trs = rows(doc)
    assert len(trs) == 80 and {r.page for r in trs} == {1, 2, 3}
    assert {tuple(r.fields) for r in trs} == {("Buurt", "Inwoners / 2022", "Inwoners / 2023", "Aandeel")}
    assert trs[-1].fields == {"Buurt": "Buurt 79", "Inwoners / 2022": "1079", "Inwoners / 2023": "2079",
                              "Aandeel": "79,5%"}


# ----------------------------------------------------------------------------- text

def test_note_beside_an_icon_inside_a_column_keeps_the_columns_whole(tmp_path):
    # the narrow gutter between the icon and the note is a split inside the third column,
    # not a band across the page: the other columns are not cut where the note starts
    sentences = [s.replace("Zin", "Regel") for s in column_sentences(30)]
    doc = load_file(make_note_columns_pdf(tmp_path / "noot.pdf", sentences))
    everything = " ".join(b.text for b in doc.blocks)
    found = [int(n) for n in re.findall(r"Regel (\d\d) ", everything)]
    assert found == list(range(1, 31))
    for s in sentences[:20]:  # the first two columns' sentences come out whole
        assert s in everything


def test_items_of_a_numbered_list_are_passages_of_their_own(tmp_path):
    doc = load_file(make_lines_pdf(tmp_path / "lijst.pdf", [
        "The limitations are based on the following four categories of conduct by a service",
        "provider:",
        "1. Transitory communications;",
        "2. System caching;",
        "3. Storage of information on systems or networks at direction of users;",
        "and",
        "4. Information location tools.",
        "The rules were changed by the act of October 1998, as described in section",
        "5. The changes apply to all providers.",
    ]))
    texts = [b.text for b in doc.blocks]
    assert "3. Storage of information on systems or networks at direction of users; and" in texts
    assert "4. Information location tools." in texts
    # a line of running text that opens with a number after a line that does not end an
    # item is no item
    assert any(t.endswith("as described in section 5. The changes apply to all providers.") for t in texts), texts


def test_three_columns_read_column_by_column(tmp_path):
    sentences = column_sentences(24)
    doc = load_file(make_columns_pdf(tmp_path / "kolommen.pdf", sentences))
    all_text = [b.text for b in doc.blocks]
    assert doc.blocks[0].section == "Nieuwsbrief internationalisering"
    assert all_text[-1] == "Dit is de slotregel over de hele breedte van de pagina."
    found = [int(n) for n in re.findall(r"Zin (\d\d) ", " ".join(all_text))]
    assert found == list(range(1, 25))  # column 1 top to bottom, then column 2, then 3
    # every sentence comes out whole
    everything = " ".join(all_text)
    for s in sentences:
        assert s in everything


def test_a_caption_in_a_smaller_size_beside_the_text_is_read_apart_from_it(tmp_path):
    """Caption lines in 8 pt interleave with the 11 pt lines beside them, a narrow gap
    apart: each text is read whole, not line by line mixed with the other."""
    caption = ["Canister shot is a tin", "cylinder with iron heads,", "filled with balls packed",
               "with saw-dust. The heads", "are movable, and the", "edges of the tin are",
               "turned down over them.", "The balls are made of", "such a size that seven",
               "of them can lie in a bed."]
    body = ["The women, it seems, did not", "all leave the city before the", "bombardment began, and I sup-",
            "pose they have determined to", "brave it out. Their sacrifices", "and privations are worthy of a",
            "better cause, and were they but", "on our side how we would wor-", "ship them. It is rumored in camp",
            "that Grant is getting reinforce-", "ments from the eastern army."]
    doc = load_file(make_caption_beside_pdf(tmp_path / "caption.pdf", caption, body))
    assert sorted(texts(doc)) == sorted([" ".join(caption), re.sub(r"- (?=[a-z])", "", " ".join(body))])


def test_a_diagrams_small_labels_do_not_set_the_body_size_and_an_address_block_is_read(tmp_path):
    """The body size comes from running text, not from a diagram's many small labels:
    the list of abbreviations in body size is text, not headings that title nothing. A
    title page's address block set large over several lines, followed by the next
    page's heading, is read as text."""
    doc = load_file(make_diagram_report_pdf(tmp_path / "model.pdf"))
    read = texts(doc)
    for line in ("LRS Linear Reference System", "NID National Identifier", "NRCan Natural Resources Canada"):
        assert line in " ".join(read)
    prose = next(b for b in doc.blocks if b.text.startswith("The model must contain"))
    assert prose.section == "Abbreviations"
    assert ("Client services of the Hydro Office Telephone: +01-819-564-4857 Email: hydro@example.org"
            in read)
    assert not any("Hydro Network Data Model" in t for t in read)  # the title is the title
    assert all(re.search(r"[^\W\d_]{2}|\d", t) for t in read)  # no passage of stray letters


def test_hex_dump_is_not_read_as_columns(tmp_path):
    doc = load_file(make_hexdump_pdf(tmp_path / "dump.pdf"))
    text = " ".join(b.text for b in doc.blocks)
    offsets = re.findall(r"\b(000000[0-9a-f]0)\b", text)
    assert offsets == [f"{i * 16:08x}" for i in range(12)]
    # each line stays whole: offset, the bytes, then its ASCII column
    assert re.search(r"00000000 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f 30 \|!\"#\$%&'\(\)\*\+,-\./0\|", text)


def _gappy_lines(n: int) -> list:
    lines = []
    for i in range(n):
        words = [Word(f"w{i}x{k}", 20 + k * 30.0 + (i % 7), 20 + k * 30.0 + (i % 7) + 12, i * 2.0, i * 2.0 + 1.5,
                      1.5, sizes=[1.5] * 4) for k in range(30)]
        lines.append(TextLine(words))
    return lines


def test_column_layout_detection_grows_linearly():
    """Many lines with many gaps: reading order and table detection grow about linearly
    with the page's lines (four times the lines may take at most eight times as long, the
    fastest of three runs each, so a busy machine does not decide), not quadratically."""
    def fastest(lines) -> float:
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            reading_order(lines)
            aligned_tables(lines)
            best = min(best, time.perf_counter() - started)
        return best

    small, large = fastest(_gappy_lines(250)), fastest(_gappy_lines(1000))
    assert large < 8 * small + 0.05, (small, large)


def test_footnotes_stand_apart_and_the_sentence_is_whole(tmp_path):
    doc = load_file(make_footnote_pdf(tmp_path / "noten.pdf"))
    all_text = [b.text for b in doc.blocks]
    sentence = "Tussen 2021 en 2023 groeide het aantal internationals met 12,4 procent."
    assert sentence in all_text
    assert next(b for b in doc.blocks if b.text == sentence).page == 1
    notes = [b for b in doc.blocks if b.text.startswith(("1 Bron", "2 Exclusief"))]
    assert [b.text for b in notes] == ["1 Bron: basisregistratie personen, peildatum 1 januari.",
                                       "2 Exclusief studenten die korter dan vier maanden blijven."]
    assert all(b.page == 1 and b.section == "Ontwikkeling" for b in notes)
    assert all_text[-1] == "Daarna volgt een nieuwe alinea over de woningmarkt in de stad."
    # a superscript reference is not glued to the number before it; km2 stays km²
    assert "Het aantal inwoners steeg tot 126.815 en de stad beslaat 23 km²." in all_text
    assert not any("Bron" in (b.section or "") or "groeide" in (b.section or "") for b in doc.blocks)


# ----------------------------------------------------------------------------- citations

def test_page_labels_reach_the_chunks(tmp_path):
    path = make_labelled_pdf(tmp_path / "rapport.pdf")
    doc = load_file(path)
    by_page = {b.page: b.page_label for b in doc.blocks}
    assert by_page == {1: "i", 2: "ii", 3: "1", 4: "2", 5: "3"}
    chunks = Chunker().chunk(doc, source="rapport.pdf", doc_hash="ab" * 32, meta=DocMeta(language="nl"))
    first = chunks[0]
    assert first.page == 1 and first.page_label == "i" and first.locator == "p. i (1) · Deel 1"
    row = next(c for c in chunks if c.kind == "table_row")
    assert row.page == 4 and row.page_label == "2" and row.locator == "p. 2 (4) · row 1"
    assert row.to_metadata()["page_label"] == "2"  # stored with the chunk in the index


def test_no_page_labels_no_label(tmp_path):
    doc = load_file(make_footnote_pdf(tmp_path / "noten.pdf"))
    assert {b.page_label for b in doc.blocks} == {None}
    chunks = Chunker().chunk(doc, source="noten.pdf", doc_hash="ab" * 32, meta=DocMeta(language="nl"))
    assert chunks[0].page_label is None and chunks[0].locator.startswith("p. 1 · ")


def test_page_labels_are_stored_in_the_index_and_cited(tmp_path, hash_embedder):
    """The printed page goes from the chunk into the stored node, comes back from the
    index read again from disk, and reaches the passage and the citation."""
    from assistant.core import Assistant
    from assistant.passages import Passage
    from config import Settings
    from index.store import IndexStore

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_labelled_pdf(corpus / "rapport.pdf")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder).update([corpus])
    nodes = IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder).nodes()
    assert {(n.metadata["page"], n.metadata["page_label"]) for n in nodes} == {
        (1, "i"), (2, "ii"), (3, "1"), (4, "2"), (5, "3")}
    assert all("page_label" in n.excluded_embed_metadata_keys for n in nodes)  # stored, not embedded
    row = next(n for n in nodes if n.metadata["kind"] == "table_row")
    passage = Passage.from_node(row)
    assert (passage.page, passage.page_label) == (4, "2")
    citation = Assistant._citation_for(1, passage, 0.5)
    assert (citation.page, citation.page_label, citation.locator) == (4, "2", "p. 2 (4) · row 1")


# ----------------------------------------------------------------------------- hidden text

def test_text_a_reader_cannot_see_is_dropped_and_reported(tmp_path):
    doc = load_file(make_hidden_text_pdf(tmp_path / "verborgen.pdf"))
    everything = " ".join(b.text for b in doc.blocks) + " " + " ".join(b.section or "" for b in doc.blocks)
    assert "ignore previous" not in everything and "99 %" not in everything and "residents" not in everything
    assert "Met 13,1 procent is ongeveer 1 op de 8 Leidenaren een international." in everything
    assert "Samenvatting op een donkere balk" in everything  # white on a dark box is visible
    assert "Het aandeel internationals groeit al jaren." in everything
    hidden_chars = len(HIDDEN_TEXT.replace(" ", ""))
    assert doc.dropped_hidden_chars == 4 * hidden_chars
    assert doc.warnings == [f"hidden_text: {4 * hidden_chars} characters dropped (background {hidden_chars}, "
                            f"invisible {hidden_chars}, tiny {hidden_chars}, off-page {hidden_chars})"]


OCR_LINES = ["A report creeps into camp that", "the supply train is coming with", "fifty wagons of flour, but I do",
             "not believe it. We have often", "heard such news before."]
OCR_WIDE = ("The heat of the sun increases, and we must improve our quarters. Accordingly a part of the day "
            "has been spent in cutting cane and building bunks with it on the side of the hill, where the "
            "shade is better. Last night I sat on the top of a hill awhile, watching the shells flying into "
            "the city from the river. High into the air they leaped, and, like falling stars, dropped, "
            "exploding among the houses and shaking even the very hills. We learn from prisoners that the "
            "people of the town are now living in caves dug out of the sides of the hills.")


def test_the_text_layer_of_a_scanned_page_is_read_as_its_paragraphs(tmp_path):
    """OCR lays its text invisibly over the scanned image; the reader sees that text in
    the scan, so it is read, with its positions: the short lines of a narrow column are
    one paragraph, not a block per line."""
    doc = load_file(make_ocr_layer_pdf(tmp_path / "scan.pdf", OCR_LINES, wide=OCR_WIDE))
    assert texts(doc) == [OCR_WIDE, "A report creeps into camp that the supply train is coming with fifty wagons of flour, "
                          "but I do not believe it. We have often heard such news before."]
    assert doc.dropped_hidden_chars == 0 and doc.warnings == []


def test_invisible_text_beside_a_small_picture_stays_unread(tmp_path):
    """Invisible text next to a logo is not a scan's text layer: dropped and reported, and
    a page whose only text is hidden is not read by another extractor either."""
    with pytest.raises(LoaderError) as err:
        load_file(make_ocr_layer_pdf(tmp_path / "logo.pdf", OCR_LINES, scan=False))
    assert err.value.code == "no_text_layer"
    assert "only text a reader cannot see (hidden_text: " in err.value.detail
    assert "invisible" in err.value.detail


def test_hidden_text_shows_in_the_ingest_report(tmp_path, hash_embedder):
    from config import Settings
    from index.store import IndexStore

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_hidden_text_pdf(corpus / "verborgen.pdf")
    make_pdf(corpus / "gewoon.pdf", [["# Monitor", "Met 13,1% is 1 op de 8 Leidenaren een international."]])
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    report = IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder).update([corpus])
    files = {f.source: f for f in report.files}
    assert files["verborgen.pdf"].status == "ingested" and files["verborgen.pdf"].code == "partial"
    assert files["verborgen.pdf"].detail.startswith("hidden_text: ")
    assert files["gewoon.pdf"].code is None


# ----------------------------------------------------------------------------- chunks

def test_long_sentences_are_never_cut_inside_a_number():
    text = ("De cijfers per wijk zijn " + " ".join(f"wijk {i} met 45,{i} procent en 180 {i:03d} inwoners"
                                                 for i in range(1, 60)) + ".")
    pieces = Chunker().sentences(text, "nl")
    assert len(pieces) > 5
    assert number_cuts(text, pieces) == []
    assert " ".join(pieces) == " ".join(text.split())


def test_generated_pdfs_chunk_without_cutting_numbers(tmp_path):
    chunker = Chunker()
    for path in (make_grouped_header_pdf(tmp_path / "a.pdf"), make_borderless_pdf(tmp_path / "b.pdf"),
                 make_footnote_pdf(tmp_path / "c.pdf")):
        doc = load_file(path)
        for block in doc.blocks:
            if block.kind == "text":
                assert number_cuts(block.text, chunker.sentences(block.text, "nl")) == [], block.text


# ----------------------------------------------------------------------------- progress

def test_ingest_reports_the_pages_read_of_each_pdf(tmp_path, hash_embedder):
    """The reading process tells how far it has read a PDF, page by page, and the ingest
    hands that on as progress notes (in the user's language), between its other notes,
    with a fraction that never goes back."""
    from config import Settings
    from index.store import IndexStore

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    make_long_table_pdf(corpus / "buurten.pdf", rows=80)
    (corpus / "notitie.txt").write_text("Leiden telde in 2024 130.067 inwoners.", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    notes = []
    IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder).update(
        [corpus], progress=lambda fraction, note: notes.append((fraction, note)))
    pages = [note for _f, note in notes if getattr(note, "code", "") == "progress_pages"]
    assert [p.detail for p in pages] == ["1/3: buurten.pdf", "2/3: buurten.pdf", "3/3: buurten.pdf"]
    assert pages[-1].text("nl") == "pagina's lezen (3/3: buurten.pdf)"
    fractions = [f for f, _note in notes]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(getattr(note, "code", "") == "progress_embedding" for _f, note in notes)



def test_words_placed_apart_without_a_space_glyph_stay_words(tmp_path):
    # LaTeX-made PDFs put a quarter of an em between words and no space character:
    # "This is version 0.21", not "Thisisversion0.21"
    sentences = ["This is version 0.21 of the specification, last updated 2 October 2018.",
                 "The default weight value is 50, and the maximum is 100."]
    doc = load_file(make_positioned_words_pdf(tmp_path / "spec.pdf", sentences))
    text = " ".join(texts(doc))
    for sentence in sentences:
        assert sentence in text, text



def test_a_footer_that_says_which_page_it_is_on_is_page_furniture(tmp_path):
    """"Page 1 of 2" set in bold, "VA FORM 21-0966, FEB 2023 PAGE 2": each says which page it
    is on, so it is no text of the document, though neither recurs."""
    doc = load_file(make_page_footers_pdf(tmp_path / "form.pdf"))
    assert texts(doc) == ["Complete this form in ink, one letter per box, and sign it before you send it in.",
                          "Send the completed form to the Evidence Intake Center at the address below."]


def test_a_header_at_the_same_height_on_every_page_below_the_margin_is_furniture(tmp_path):
    doc = load_file(make_proof_headers_pdf(tmp_path / "proof.pdf"))
    everything = " ".join(b.text + " " + (b.section or "") for b in doc.blocks)
    assert "type and rule" not in everything and "Instructions for Form" not in everything, everything
    for k in range(1, 5):
        assert f"Step {k} of the filing explains what to enter on line {k + 10}" in everything


def test_running_headers_that_change_with_the_chapter_are_page_furniture(tmp_path):
    body = [f"Paragraph {i} explains one step of the procedure in plain words." for i in range(6)]
    chapters = [("Chapter 2: Setting up", body[:2]), ("Chapter 3: Daily use", body[2:4]),
                ("Chapter 4: Repairs", body[4:])]
    doc = load_file(make_chapter_headers_pdf(tmp_path / "manual.pdf", chapters, constant_header="Release 7 notes"))
    text = " ".join(texts(doc))
    for sentence in body:
        assert sentence in text
    # each header recurs on two of six pages only, with the page number in step
    sections = {b.section for b in doc.blocks}
    assert not any(h in text + " ".join(map(str, sections)) for h in ("Setting up", "Daily use", "Repairs")), text
    # a line at the top of two pages with the same number is not a page header
    assert "Release 7 notes" in sections
