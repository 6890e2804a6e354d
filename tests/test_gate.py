"""The refusal gate, with small fake passages (no index, no model)."""
import pytest

from assistant.compose import build_units, select_evidence
from assistant.gate import GateConfig, decide
from assistant.question import TermStats, analyze
from assistant.retrieval import Hit, Passage

PASSAGES = [
    Passage("u", "Uit de cijfers is op te maken dat een groot aantal (meer dan achthonderd) Oekraïners in 2022 in "
                 "Leiden kwam wonen.", source="m.txt", title="Monitor internationalisering 2023", year=2023, language="nl"),
    Passage("p", "Ook het aantal inwoners met een Poolse nationaliteit dat zich in Leiden vestigde, is de afgelopen "
                 "jaren flink gestegen.", source="m.txt", title="Monitor internationalisering 2023", year=2023, language="nl"),
    Passage("s", "Leiden facts — measure: pupils at International School Leiden at start; year: 2022; value: 21; "
                 "unit: pupils; notes: TISA at Lorentzkade", source="f.csv", title="Leiden facts", year=2022,
            language="en", kind="table_row"),
    Passage("t", "De twee nieuwe Leidse internationale basisscholen, International School Leiden en TISA, zijn "
                 "inmiddels alweer een jaar open.", source="m.txt", title="Monitor internationalisering 2023",
            year=2023, language="nl"),
    Passage("o", "Leiden facts — measure: start year of the Leiden-Oxford link; year: 1946; value: 1946; unit: year",
            source="f.csv", title="Leiden facts", year=1946, language="en", kind="table_row"),
]
STATS = TermStats([f"{p.title} {p.text}" for p in PASSAGES] + ["Leiden gemeente stad internationals"] * 5)


def gate(question, lang, ids=None):
    ps = [p for p in PASSAGES if ids is None or p.id in ids]
    hits = [Hit(p, 1.0 / (i + 1), dense=0.88) for i, p in enumerate(ps)]
    q = analyze(question, lang, STATS)
    return decide(q, hits, select_evidence(build_units(hits), q))


def test_answerable_numeric_question():
    d = gate("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "nl")
    assert d.answerable and d.reason == "ok"
    assert gate("How many Ukrainians moved to Leiden in 2022?", "en").answerable


def test_year_the_documents_do_not_cover_is_refused():
    d = gate("Hoeveel Oekraïners kwamen er in 2019 in Leiden wonen?", "nl")
    assert not d.answerable and d.reason == "year" and d.missing_years == [2019]


def test_year_naming_the_source_is_not_a_data_year():
    assert gate("Hoeveel Oekraïners kwamen er volgens de monitor 2023 in 2022 in Leiden wonen?", "nl").answerable


def test_group_without_a_number_is_refused():
    d = gate("How many Polish nationals moved to Leiden in 2022?", "en")
    assert not d.answerable


def test_counted_thing_must_be_what_the_evidence_counts():
    # pupils are given for International School Leiden only; TISA stands in the notes
    d = gate("Hoeveel leerlingen heeft TISA?", "nl")
    assert not d.answerable
    assert gate("Hoeveel leerlingen had de International School Leiden bij de start?", "nl").answerable


def test_name_not_in_the_evidence_is_refused():
    d = gate("In which year did the twinning link with Nagasaki start?", "en", ids={"o"})
    assert not d.answerable and d.reason == "entity"
    assert gate("In which year did the twinning link with Oxford start?", "en", ids={"o"}).answerable


def test_off_topic_question_is_refused():
    d = gate("Wie is de burgemeester van Leiden?", "nl")
    assert not d.answerable and d.reason == "terms"
    assert not gate("What is the average rent of an apartment in Leiden?", "en").answerable


def test_no_hits_is_refused():
    q = analyze("Hoeveel Oekraïners?", "nl")
    assert decide(q, [], select_evidence([], q)).reason == "no_evidence"


def test_config_is_validated():
    with pytest.raises(ValueError):
        GateConfig(min_coverage=1.5)
