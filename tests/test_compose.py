"""The extractive composer, with small fake passages."""
from assistant.compose import build_units, compose, parse_row, question_subject, select_evidence, split_sentences
from assistant.numbers import check_numbers
from assistant.question import analyze
from assistant.retrieval import Hit, Passage

MONITOR = Passage(
    "m1", "Leiden is het afgelopen jaar nog internationaler geworden. Met 13,1% is dit jaar 1 op de 8 "
    "Leidenaren een international.", source="monitor.txt", title="Monitor internationalisering 2023",
    year=2023, language="nl", section="Internationalisering van de Leidse bevolking")
UKR = Passage(
    "m2", "Uit de cijfers is op te maken dat een groot aantal (meer dan achthonderd) Oekraïners in 2022 in "
    "Leiden kwam wonen. Ook het aantal inwoners met een Poolse nationaliteit dat zich in Leiden vestigde, "
    "is de afgelopen jaren flink gestegen.", source="monitor.txt", title="Monitor internationalisering 2023",
    year=2023, language="nl")
VISIE = Passage(
    "v1", "Dit is terug te zien in het aantal Leidenaren met een migratieachtergrond (32%), een "
    "niet-Nederlandse nationaliteit (12%) en in de toename van de diverse groepen internationals.",
    source="visie.txt", title="Visie internationalisering", year=2020, language="nl")
ROW = Passage(
    "t1", "Leiden facts — topic: migration_flows; measure: people moving to Leiden from abroad; year: 2021; "
    "value: 3065; unit: persons; source_url: https://example.org; notes: CBS 1234", source="figures.csv",
    title="Leiden facts", year=2021, language="en", kind="table_row", locator="row 3")


def answer(question, lang, passages):
    hits = [Hit(p, 1.0 / (i + 1), dense=0.9 - i * 0.01) for i, p in enumerate(passages)]
    q = analyze(question, lang)
    ev = select_evidence(build_units(hits), q)
    return compose(ev, q, lang)


def test_split_sentences_keeps_abbreviations():
    s = split_sentences("Zo geeft 33% aan mee te willen (t.o.v. 14% van de inwoners). Dat is veel.")
    assert len(s) == 2 and s[0].endswith("inwoners).")


def test_parse_row():
    title, fields = parse_row(ROW.text)
    assert title == "Leiden facts"
    assert fields["measure"] == "people moving to Leiden from abroad"
    assert fields["value"] == "3065" and fields["notes"] == "CBS 1234"


def test_dutch_question_dutch_passage():
    c = answer("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "nl", [UKR, MONITOR])
    first = c.text.split("\n")[0]
    assert first == "Het antwoord is meer dan achthonderd (800) [1]."
    # the evidence is quoted verbatim (the digits stand in the lead only) and cited
    assert "„Uit de cijfers is op te maken dat een groot aantal (meer dan achthonderd) Oekraïners in 2022" in c.text
    assert "achthonderd (800))" not in c.text
    assert c.passages[0].id == "m2"
    assert "Poolse" not in c.text  # only the sentence that answers
    assert check_numbers(c.text, {1: UKR.text}).ok


def test_english_question_dutch_passage_is_marked_not_translated():
    c = answer("How many Ukrainians moved to Leiden in 2022?", "en", [UKR, MONITOR])
    lines = c.text.split("\n")
    assert lines[0].startswith("For “how many Ukrainians moved to Leiden in 2022”, the Dutch source gives")
    assert "meer dan achthonderd (800) [1]" in lines[0]
    assert lines[1].startswith("- In Dutch: „Uit de cijfers")
    assert "more than eight hundred" not in c.text  # no pretend translation


def test_table_row_reads_measure_year_value_unit():
    c = answer("How many people moved to Leiden from abroad in 2021?", "en", [ROW])
    assert "- „people moving to Leiden from abroad” (2021): 3065 persons [1]" in c.text
    assert c.text.startswith("According to the table, the answer is 3065 persons [1].")
    nl = answer("Hoeveel mensen verhuisden in 2021 vanuit het buitenland naar Leiden?", "nl", [ROW])
    assert "3065 personen [1]" in nl.text  # unit label in Dutch
    assert "Uit de Engelstalige tabel: „people moving to Leiden from abroad” (2021)" in nl.text
    assert "1234" not in nl.text  # notes are not part of the answer


def test_lookalike_figures_stay_with_their_own_source():
    c = answer("Welk percentage van de Leidenaren heeft een niet-Nederlandse nationaliteit volgens de visie?", "nl",
               [VISIE, MONITOR])
    assert c.passages[0].id == "v1"
    lead = c.text.split("\n")[0]
    assert "12%" in lead and "32%" not in lead  # 32 % is migration background, not nationality
    assert "13,1" not in c.text
    texts = {i: p.text for i, p in enumerate(c.passages, start=1)}
    assert check_numbers(c.text, texts).ok


def test_two_part_question_from_one_sentence():
    c = answer("What percentage of residents have a migration background, and what percentage a non-Dutch nationality?",
               "en", [VISIE])
    assert "32%" in c.text and "12%" in c.text


def test_question_subject():
    assert question_subject("According to the vision page, how many X are there?") == "how many X are there"
    assert question_subject("And how many Poles?") == "how many Poles"


def test_list_question_quotes_all_items():
    items = ["De komende jaren willen we:", "kansen verzilveren;", "samen optrekken met partners;",
             "talent naar Leiden halen;", "inzetten op beleidsterreinen."]
    ps = [Passage(f"l{i}", t, source="visie.txt", title="Visie", section="Visie", position=i, language="nl")
          for i, t in enumerate(items)]
    hits = [Hit(ps[2], 1.0, dense=0.9)]
    q = analyze("Noem de punten die de gemeente de komende jaren wil.", "nl")
    ev = select_evidence(build_units(hits), q, neighbours=build_units([Hit(p, 0.0) for p in ps if p.id != "l2"]))
    text = compose(ev, q, "nl").text
    for t in items[1:]:
        assert t in text
