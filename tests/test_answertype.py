"""The kind of value a question asks for, and whether evidence holds one."""
import pytest

from assistant.answertype import holds_kind, kind_match, wanted_kinds


@pytest.mark.parametrize("question, kinds", [
    ("Hoeveel kost een parkeervergunning?", {"money"}),
    ("What is the fee for a second bin?", {"money"}),
    ("Hoe ver is het station van het stadhuis?", {"distance"}),
    ("What are the opening hours of the library?", {"clock"}),
    ("Wat is het telefoonnummer van de Stadswinkel?", {"phone"}),
    ("Wie is de burgemeester?", {"person"}),
    ("What is the e-mail address of the helpdesk?", {"address"}),
    ("Hoeveel inwoners had de stad in 2020?", set()),
    ("How many bins are collected each week?", set()),
])
def test_wanted_kinds(question, kinds):
    assert wanted_kinds(question) == kinds


@pytest.mark.parametrize("text, kind, held", [
    ("Een extra ophaalbeurt kost € 27,50.", "money", True),
    ("The permit costs 45 euros a year.", "money", True),
    ("Eens per vier weken op donderdag.", "money", False),
    ("Het station ligt op 2,5 km van het stadhuis.", "distance", True),
    ("Het station werd in 1843 geopend.", "distance", False),
    ("Open from 9:00 to 17:00 on weekdays.", "clock", True),
    ("Open van 9 uur tot 5 uur.", "clock", True),
    ("In 2022 kwamen er 800 bij.", "clock", False),
    ("Bel 071 516 6000 op werkdagen.", "phone", True),
    ("In 2023 woonden er 12.345 mensen.", "phone", False),
    ("Mail naar info@example.org.", "address", True),
    ("Burgemeester Henri Lenferink opende het centrum.", "person", True),
    ("het college besloot dit.", "person", False),
])
def test_holds_kind(text, kind, held):
    assert holds_kind(text, kind) is held


def test_kind_match_is_the_share_of_kinds_held():
    assert kind_match("anything", set()) == 1.0
    assert kind_match("Bel 071 516 6000, open 9:00-17:00", {"phone", "clock"}) == 1.0
    assert kind_match("Bel 071 516 6000", {"phone", "clock"}) == 0.5
