"""Number normalising and the number guard."""
import pytest

from assistant.numbers import (canon_decimal, check_numbers, contains_number, digits_for_words,
                               extract_numbers, number_values, parse_dutch_number_word)


@pytest.mark.parametrize("raw,canon", [
    ("13,1", "13.1"), ("13.1", "13.1"), ("130.067", "130067"), ("130,067", "130067"),
    ("130067", "130067"), ("1.000.000", "1000000"), ("20.0233", "20.0233"), ("0,5", "0.5"),
    ("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("11.0", "11"), ("34,5", "34.5"),
])
def test_canon_decimal(raw, canon):
    assert canon_decimal(raw) == canon


@pytest.mark.parametrize("text,canon", [
    ("1:5", "1:5"), ("1 op de 5", "1:5"), ("1 in 5", "1:5"), ("één op de vijf", "1:5"),
    ("one in five", "1:5"), ("1 op de 8 Leidenaren", "1:8"), ("een op de acht", "1:8"),
])
def test_ratios_are_one_form(text, canon):
    assert [m.canon for m in extract_numbers(text)] == [canon]


@pytest.mark.parametrize("word,value", [
    ("achthonderd", 800), ("vijfendertig", 35), ("drieëntwintig", 23), ("tweeduizend", 2000),
    ("tienduizend", 10000), ("honderd", 100), ("twaalf", 12), ("honderden", None), ("viert", None),
])
def test_dutch_number_words(word, value):
    assert parse_dutch_number_word(word) == value


def test_number_words_and_digits_compare_equal():
    assert number_values("meer dan achthonderd Oekraïners") == {"800"}
    assert number_values("eight hundred and fifty people") == {"850"}
    assert contains_number("meer dan achthonderd (800)", "800")
    assert contains_number("meer dan achthonderd", "800")
    assert not contains_number("meer dan zevenhonderd", "800")


def test_article_een_is_not_a_number():
    assert number_values("een international en een stad") == set()


def test_a_letter_of_an_abbreviation_is_not_a_number():
    # the "o" of "t.o.v." ("compared with") is no zero
    assert number_values("maar doet dat nog niet (t.o.v. 14% van de Nederlandse inwoners)") == {"14"}
    assert number_values("zero students and nought pupils") == {"0"}


def test_years_ranges_dates_and_separators():
    assert [m.canon for m in extract_numbers("jonge internationals (18-39 jaar)")] == ["18", "39"]
    d = extract_numbers("De visie die op 17 september 2020 is vastgesteld")[0]
    assert (d.canon, d.kind, d.parts) == ("2020-09-17", "date", ("17", "2020"))
    assert extract_numbers("2020-09-17")[0].canon == "2020-09-17"
    assert [m.kind for m in extract_numbers("weekend van 8-10 June")] == ["day", "day"]
    assert [m.canon for m in extract_numbers("3065 in 2021")] == ["3065", "2021"]  # no ratio
    # dates in figures, day first; month first only where the day cannot be a month
    d = extract_numbers("Check In: 31/12/2017; Check Out")[0]
    assert (d.canon, d.kind, d.parts) == ("2017-12-31", "date", ("31", "12", "2017"))
    assert [m.canon for m in extract_numbers("op 15-10-2015 en 17.09.2020.")] == ["2015-10-15", "2020-09-17"]
    assert extract_numbers("12/31/2017")[0].canon == "2017-12-31"
    assert extract_numbers("invoice of August 3 , 2014")[0].canon == "2014-08-03"
    assert [m.kind for m in extract_numbers("1.234.567 and 2.5.10")] == ["number"] * 4
    assert check_numbers("Checked in on 31/12/2017 [1].", {1: "Check In: 31/12/2017"}).ok


def test_thousands_grouped_by_a_space_are_one_number():
    assert [m.canon for m in extract_numbers("Totals: 180 116")] == ["180116"]
    assert [m.canon for m in extract_numbers("1\u00a0000\u00a0000 euro, 12\u202f345,5 kg")] == ["1000000", "12345.5"]
    assert contains_number("California; Totals: 180 116", "180116")
    # a year before a count, and a line of space-separated columns, stay apart
    assert [m.canon for m in extract_numbers("In 2023 116 mensen")] == ["2023", "116"]
    assert [m.canon for m in extract_numbers("Alaska 209 3,062 191 184 0 9")] == ["209", "3062", "191", "184", "0", "9"]
    assert [m.canon for m in extract_numbers("Totals 7,095 209 312")] == ["7095", "209", "312"]
    assert check_numbers("The total was 180116 [1].", {1: "Totals: 180 116"}).ok


def test_percent_forms():
    for text in ("13,1%", "13.1 %", "13,1 procent", "13.1 percent"):
        ms = extract_numbers(text)
        assert [(m.canon, m.percent) for m in ms] == [("13.1", True)], text


def test_gold_comparison_in_the_harness_sense():
    assert contains_number("Het is 34.5 procent [1].", "34,5%")
    assert not contains_number("value: 34.5", "34,5%")  # a gold percentage must be a percentage
    assert contains_number("Op 17 september 2020 [1]", "17 september 2020")
    assert contains_number("130.067 inwoners", "130067")
    assert contains_number("thuis bij 1:5 Leidenaren", "1 op de 5")
    assert contains_number("one in five homes", "1 in 5")
    assert not contains_number("1 op de 8", "1 op de 5")


def test_markers_are_not_numbers():
    assert number_values("Zie [1] en [2].") == set()


def test_digits_for_words():
    assert digits_for_words("een groot aantal (meer dan achthonderd) Oekraïners") == \
        "een groot aantal (meer dan achthonderd (800)) Oekraïners"
    assert digits_for_words("één op de vijf", "en") == "één op de vijf (1 in 5)"
    assert digits_for_words("13,1% en 774") == "13,1% en 774"


# --- the guard ---------------------------------------------------------------

MONITOR = "Met 13,1% is dit jaar 1 op de 8 Leidenaren een international."
VISIE = "Dit is terug te zien in het aantal Leidenaren met een migratieachtergrond (32%), een niet-Nederlandse nationaliteit (12%)."
SURVEY = "Zo geeft 33% van de niet-Nederlandse respondenten aan mee te willen helpen (t.o.v. 14% van de Nederlandse inwoners)."


def test_guard_accepts_numbers_in_their_own_cited_passage():
    ans = "Het antwoord is 13.1 procent [1] en 12% [2]."
    assert check_numbers(ans, {1: MONITOR, 2: VISIE}).ok


def test_guard_rejects_lookalike_figures_swapped_between_sources():
    # 12 % belongs to the visie page, 13,1 % to the 2023 monitor
    res = check_numbers("Het antwoord is 12% [1] en 13,1% [2].", {1: MONITOR, 2: VISIE})
    assert not res.ok
    assert set(res.unsupported) == {"12%", "13,1%"}


def test_guard_rejects_migration_background_figure_for_nationality():
    # 32 % is migration background, 12 % nationality: both in one passage, 13,1 not at all
    assert check_numbers("32% [1]", {1: VISIE}).ok
    assert not check_numbers("13,1% [1]", {1: VISIE}).ok


def test_guard_33_vs_14():
    assert check_numbers("33% [1] tegenover 14% [1]", {1: SURVEY}).ok
    assert not check_numbers("33% [1] tegenover 14% [2]", {1: SURVEY, 2: MONITOR}).ok


def test_guard_normalises_forms():
    ps = {1: "een groot aantal (meer dan achthonderd) Oekraïners in 2022", 2: "thuis bij 1:5 Leidenaren",
          3: "inhabitants of Leiden on 1 January; year: 2024; value: 130067"}
    assert check_numbers("Meer dan 800 [1]; 1 op de 5 [2]; 130.067 [3]; 130,067 [3].", ps).ok
    assert not check_numbers("Meer dan 900 [1].", ps).ok
    assert not check_numbers("1 op de 6 [2].", ps).ok


def test_guard_text_without_marker_is_checked_against_all_passages():
    assert check_numbers("Samengevat: 13,1% en 12%.", {1: MONITOR, 2: VISIE}).ok
    assert not check_numbers("Samengevat: 15%.", {1: MONITOR, 2: VISIE}).ok


def test_a_section_or_version_number_is_a_label_not_figures():
    from assistant.numbers import extract_numbers

    ms = extract_numbers("1.3.4: Weergavestand, getest met versie 2.5.10 op 12.345.678 apparaten")
    labels = [m.canon for m in ms if m.label]
    assert labels == ["1", "3", "4", "2", "5", "10"]
    assert [m.canon for m in ms if not m.label] == ["12345678"]


# The shortcuts of extract_numbers (a ratio tried only where a separator is, month names
# looked up in the lower-cased text, words that cannot start a number skipped) must give
# what the plain patterns give: each case below is checked against the patterns
# themselves, run the slow way.
_SHORTCUT_CASES = [
    "1 op de 8 Leidenaren en 1:5 studenten", "x1:5 en (1:5) en 1.1:5 en 10:30 uur", "één op de vijf, one in five",
    "Ratio:  1  :  12 ; 3 out of 4; 2 of every 10", "3065 in 2021 in Leiden", "1 in 5 in 6 in 7",
    "op 17 September 2020 en op MEI 3 2021", "8-10 June", "ſeptember 17, 2020", "İn 5 op de 8", "1 OP de 8",
    "twee op de drie", "a hundred and five people", "an eight hundred", "drieëntwintig procent", "1 op\u00a0de 8",
]


def _slow(text):
    """The patterns' own matches: every ratio _RATIO.finditer finds, and whether the
    month pattern finds a month name (what the shortcuts stand in for)."""
    from assistant import numbers as n

    return [m.span() for m in n._RATIO.finditer(text)], n._MONTH_HINT.search(text) is not None


@pytest.mark.parametrize("text", _SHORTCUT_CASES)
def test_shortcuts_find_what_the_patterns_find(text):
    from assistant import numbers as n

    ratios, month = _slow(text)
    assert [m.span() for m in n._ratio_matches(text)] == ratios
    assert n._has_month(text) == month


def test_shortcuts_on_random_text():
    import random

    from assistant import numbers as n

    rnd = random.Random(5)
    parts = ["1", "5", "één", "een", "vijf", " op de ", " op ", " in ", " out of ", " of every ", ":", " : ", "  ",
             "\u00a0", "13,1%", "2020", "mei", "MAY", "ſ", "İ", "\u212a", ".", ",", "(", "x", "_", "one", " and "]
    for _ in range(3000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(1, 10)))
        ratios, month = _slow(text)
        assert [m.span() for m in n._ratio_matches(text)] == ratios, text
        assert n._has_month(text) == month, text


@pytest.mark.parametrize("text, signed", [
    ("2001-2011: -0.47", [2001, 2011, -0.47]),    # a range's dash is no sign; a cell's minus is
    ("groei −1,2% in 2020", [-1.2, 2020]),          # the minus sign, a Dutch decimal comma
    ("18-39 jaar", [18, 39]),
    ("van -5 naar 3", [-5, 3]),
    ("tel 071-5165165", [71, 5165165]),
])
def test_a_minus_sign_makes_a_number_negative_but_keeps_its_digits(text, signed):
    found = [m for m in extract_numbers(text) if m.kind == "number"]
    assert [m.signed for m in found] == signed
    # the canon stays the digits: "shrank by 1.2%" and "-1.2%" cite the same number
    assert all(not m.canon.startswith("-") for m in found)


def test_a_calculation_with_a_negative_input_is_verified_with_its_sign():
    from assistant.calc import Calculation, verify

    assert verify(Calculation("22.34 − -0.47", "22.81", "", [1, 2], []))
    assert verify(Calculation("1914 − 2516", "-602", "", [1, 2], []))
    assert not verify(Calculation("22.34 − -0.47", "21.87", "", [1, 2], []))


@pytest.mark.parametrize("text, canon, label", [
    ("Recycling centre (milieustraat) Kringloopweg 12. Open Tuesday to Friday.", "12", True),
    ("Apply at the service desk (Stadswinkel, Marktplein 1) or online.", "1", True),
    ("De milieustraat ligt aan de Kringloopweg 12, naast de brandweer.", "12", True),
    # figures: a share after a name, a count followed by what it counts, a year, a day
    ("In 2023 scheidden de inwoners van Oosterwold 64% van hun afval.", "64", False),
    ("Leiden viert met Toruń 35 jaar stedenband.", "35", False),
    ("De cijfers staan in de Monitor 2023.", "2023", False),
    ("Het onderzoek liep tot 5 oktober 2021.", "2021-10-05", False),
    ("The total was 12.", "12", False),
])
def test_a_house_number_is_part_of_a_name_not_a_figure(text, canon, label):
    found = {m.canon: m.label for m in extract_numbers(text)}
    assert found[canon] is label, found


def test_a_number_after_a_code_in_capitals_is_part_of_a_name():
    # "EN 301 549" is a standard, "WCAG 2.1" a version: no figure to answer "how many" with
    got = [(m.text, m.label) for m in extract_numbers(
        "Onze onderzoeken op WCAG 2.1 bevatten alle 50 succescriteria uit EN 301 549 (ISO 9001).")]
    assert got == [("2.1", True), ("50", False), ("301 549", True), ("9001", True)]
    # a price in a currency code and a year after an acronym are figures
    assert [m.label for m in extract_numbers("De pas kost EUR 15; cijfers van CBS 2021.")] == [False, False]


def test_a_telephone_number_in_groups_is_one_name_not_figures():
    ms = extract_numbers("Questions? Call the Waste Line on 14 0529 (Monday to Friday, 8.30 am to 5.00 pm).")
    assert [(m.text, m.label) for m in ms][0] == ("14 0529", True)
    assert [m.text for m in extract_numbers("Bel 071 516 5000 voor een afspraak.")] == ["071 516 5000"]
    # without a word of calling, digits in groups are figures as before
    assert [m.canon for m in extract_numbers("Call us between 9 and 17; 158 containers, 13 more.")] == \
        ["9", "17", "158", "13"]
    # the answer that quotes it keeps it whole: the guard reads both the same way
    assert check_numbers("Call the Waste Line on 14 0529 [1].", {1: "Call the Waste Line on 14 0529 (weekdays)."}).ok


def test_a_number_that_names_a_part_of_a_document_is_no_figure():
    # "hoofdstuk 4", "Table 2", "artikel 12" name a part; "the figure 3,600" is a figure
    found = {(m.canon, m.label) for m in extract_numbers(
        "Een overzicht staat in hoofdstuk 4 en artikel 12; see Table 2. The figure 3,600 is 12 more.")}
    assert {("4", True), ("12", True), ("2", True), ("3600", False)} <= found
    assert ("12", False) in found  # "12 more" counts
