"""Follow-up questions merged with the conversation."""
from assistant.followup import is_followup, merge, previous_language, resolve
from assistant.types import Answer

NL = "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"
EN = "How many Ukrainians moved to Leiden in 2022?"


def test_year_is_replaced():
    assert resolve("en in 2021?", [NL]) == "Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?"
    assert resolve("and in 2021?", [EN]) == "How many Ukrainians moved to Leiden in 2021?"
    assert resolve("2019?", [EN]) == "How many Ukrainians moved to Leiden in 2019?"


def test_year_is_added_when_the_base_has_none():
    assert merge("Hoeveel inwoners had Leiden?", "en in 2020?") == "Hoeveel inwoners had Leiden in 2020?"


def test_group_is_replaced():
    assert resolve("En de Polen?", [NL]) == "Hoeveel Polen kwamen er in 2022 in Leiden wonen?"
    assert resolve("And the Poles?", [EN]) == "How many Poles moved to Leiden in 2022?"
    assert resolve("en studenten?", ["Hoeveel kenniswerkers wonen er in Leiden?"]) == \
        "Hoeveel studenten wonen er in Leiden?"


def test_name_is_replaced():
    assert resolve("What about Oxford?", ["When did the twinning link with Toruń start?"]) == \
        "When did the twinning link with Oxford start?"


def test_a_full_question_is_not_merged():
    q = "How many people moved from Leiden to abroad in 2020?"
    assert not is_followup(q)
    assert resolve(q, [EN]) == q
    assert resolve("Wat is TISA?", [NL]) == "Wat is TISA?"


def test_without_history_nothing_changes():
    assert resolve("en in 2021?", None) == "en in 2021?"
    assert resolve("en in 2021?", []) == "en in 2021?"


def test_history_forms():
    msgs = [{"role": "user", "content": NL}, {"role": "assistant", "content": "Meer dan 800 [1]", "language": "nl"}]
    assert resolve("en in 2021?", msgs).endswith("in 2021 in Leiden wonen?")
    assert previous_language(msgs) == "nl"
    prev = Answer(question="en in 2021?", language="nl", answerable=True, answer="",
                  resolved_question="Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?")
    # the previous *resolved* question is the base: the subject carries over twice
    assert resolve("en 2020?", [prev]) == "Hoeveel Oekraïners kwamen er in 2020 in Leiden wonen?"
    assert previous_language([prev]) == "nl"
