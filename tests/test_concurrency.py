"""Many questions at once: 20 threads asking through one assistant get exactly the
answers they get one by one, and the Streamlit app serves several sessions at the same
time, each with its own conversation.

The 20 questions run over the whole of corpus/ with the tests' deterministic fake
embedder (the pipeline under test - shared index, lazy set-up, query cache, FAISS
and BM25 searches, composer - is the same for every embedder; embedders serialise their
own calls with a lock, and e5 costs about a second per cold question on a busy CPU).
The app test uses the real bundled e5 model (the app always does) on the two seed pages.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.core import Assistant
from config import Settings
from index.store import IndexStore
from tests.support import ROOT
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, streamlit_server

DEV = Path(__file__).resolve().parents[1] / "eval" / "questions" / "dev.jsonl"
SEED_FILES = ("000_ff2256da419d7abb.txt", "001_28f5a3e223cbfa99.txt", "sources.toml")
EXTRA = [  # English, unanswerable, filtered and follow-up questions, next to the dev set's
    {"question": "How many inhabitants did Leiden have on 1 January 2024?"},
    {"question": "Wat kost een parkeervergunning in de binnenstad?"},
    {"question": "Who is the mayor of Oxford?"},
    {"question": "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "filters": {"years": [2023]}},
    {"question": "En in het Engels?", "history": [{"role": "user", "content": "Wanneer is de visie internationalisering vastgesteld?"}]},
    {"question": "Wanneer is de visie internationalisering vastgesteld?", "filters": {"sources": ["001_28f5a3e223cbfa99.txt"]}},
]


def questions() -> list[dict]:
    """20 questions: the first questions of the shared dev set, plus EXTRA."""
    items = []
    if DEV.is_file():
        for line in DEV.read_text(encoding="utf-8").splitlines():
            items.append({"question": json.loads(line)["question"]})
    items = items[: 20 - len(EXTRA)] + EXTRA
    while len(items) < 20:  # without the shared dev set: repeat (the same question twice at once is a case too)
        items.append(dict(items[len(items) % len(EXTRA)]))
    return [dict(item, id=f"q{i:02d}") for i, item in enumerate(items)]


def key(answer) -> dict:
    """Everything an answer says (text, citations with scores, ranking, gate) but its timings."""
    data = answer.to_json()
    data.pop("timings_ms")
    data["gate"] = answer.gate
    return data


@pytest.fixture(scope="module")
def small_index(tmp_path_factory, e5):
    tmp = tmp_path_factory.mktemp("concurrency")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name in SEED_FILES:
        shutil.copy(ROOT / "corpus" / name, corpus / name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp / "index", feedback_db=tmp / "feedback.sqlite3")
    IndexStore(settings.index_dir, settings=settings, embedder=e5).update([corpus])
    return settings


def ask(bot: Assistant, item: dict):
    return bot.ask(item["question"], history=item.get("history"), filters=item.get("filters"), id=item["id"])


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory, e5):
    # the real model: the evidence ranker was fitted on its similarities
    tmp = tmp_path_factory.mktemp("corpus-index")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("uploads"))
    settings = Settings(corpus_dir=corpus, index_dir=tmp / "index")
    IndexStore(settings.index_dir, settings=settings, embedder=e5).update([corpus])
    return settings, e5


def test_twenty_questions_at_once_match_one_by_one(corpus_index):
    settings, embedder = corpus_index
    items = questions()
    assert len(items) == 20

    def cold_assistant() -> Assistant:
        # Nothing prepared, no cached query vectors: threads race for the lazy set-up too.
        # (IndexStore.open: an Assistant over a store that has not loaded its index yet
        # answers "no documents", see the report.)
        return Assistant(IndexStore.open(settings.index_dir, settings=settings, embedder=embedder), settings)

    rounds = []
    for _ in range(3):  # the parallel rounds come first: they also race for process-wide lazy set-up
        bot = cold_assistant()
        start = threading.Barrier(len(items))

        def at_once(item):
            start.wait(timeout=60)
            return ask(bot, item)

        with ThreadPoolExecutor(max_workers=len(items)) as pool:
            rounds.append([key(a) for a in pool.map(at_once, items)])
    one_by_one = cold_assistant()
    sequential = [key(ask(one_by_one, item)) for item in items]
    assert [key(ask(one_by_one, item)) for item in items] == sequential  # warm = cold
    for round_, parallel in enumerate(rounds):
        for p, s in zip(parallel, sequential):
            assert p == s, (round_, p["question"])
    assert sum(a["answerable"] for a in sequential) >= 8  # the set is mostly answerable ...
    assert sum(not a["answerable"] for a in sequential) >= 2  # ... and has refusals


@pytest.fixture(scope="module")
def app_url(small_index, tmp_path_factory):
    """``streamlit run app.py`` on a free port, serving the small index; always stopped."""
    tmp = tmp_path_factory.mktemp("app")
    env = dict(os.environ, VRAAGBAAK_CORPUS_DIR=str(small_index.corpus_dir),
               VRAAGBAAK_INDEX_DIR=str(small_index.index_dir), VRAAGBAAK_FEEDBACK_DB=str(small_index.feedback_db))
    with streamlit_server(env, tmp / "streamlit.log") as url:
        yield url


@pytest.mark.browser
def test_streamlit_app_serves_several_sessions_at_once(small_index, e5, app_url):
    """Three browser sessions ask different questions at the same moment (Streamlit's
    AppTest cannot do this: its instances share one process-wide runtime). Each session
    shows its own question and the answer the assistant gives to it, and nothing of the
    others."""
    import playwright.sync_api as playwright

    require_chromium()
    from messages import t
    asked = ["Welk percentage van de Leidenaren is een international?",
             "When was the vision on internationalisation adopted?",
             "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"]
    bot = Assistant(IndexStore.open(small_index.index_dir, settings=small_index, embedder=e5), small_index)
    from assistant.view import lead_of, refusal_text

    # what the page shows first: an answer's lead sentence, a refusal's own sentence
    expected = [lead_of(a) if a.answerable else refusal_text(a) for a in (bot.ask(q) for q in asked)]

    def flat(text: str) -> str:
        return " ".join(text.replace("\u2060", "").split())

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            pages = []
            for _ in asked:
                context = browser.new_context(locale="nl-NL")
                page = context.new_page()
                page.goto(app_url, wait_until="domcontentloaded")
                pages.append(page)
            for page in pages:  # the first visit loads the model; all sessions wait for it
                page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
            for page, question in zip(pages, asked):  # three questions sent at once
                box = page.get_by_test_id("stChatInputTextArea")
                box.fill(question)
                box.press("Enter")
            for page, question, answer in zip(pages, asked, expected):
                page.wait_for_function(
                    """busy => { const m = document.querySelectorAll('[data-testid="stChatMessage"]');
                                 if (m.length < 2) return false;
                                 const last = m[m.length - 1].innerText;
                                 return last.trim().length > 40 && !last.includes(busy); }""",
                    arg=t("thinking", "nl"), timeout=120_000)
                page.wait_for_timeout(300)
                messages = page.get_by_test_id("stChatMessage")
                assert messages.count() == 2, question
                assert flat(question) in flat(messages.first.inner_text())
                shown = flat(messages.last.inner_text())
                assert flat(answer.split("\n")[0]) in shown, (question, shown)
                chat = " ".join(flat(messages.nth(i).inner_text()) for i in range(messages.count()))
                assert not any(flat(q) in chat for q in asked if q != question)
        finally:
            browser.close()


@pytest.mark.integration
def test_assistant_over_an_unloaded_store_and_a_generation_written_by_another_process(tmp_path, monkeypatch):
    """An Assistant built on an IndexStore that has not been loaded yet answers from the
    index on disk, and picks up a generation another writer puts in place."""
    from assistant.core import Assistant
    from config import Settings
    from index.store import IndexStore

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    import shutil
    from pathlib import Path

    shutil.copy(Path(__file__).resolve().parents[1] / "corpus" / "000_ff2256da419d7abb.txt", corpus / "a.txt")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    IndexStore(settings.index_dir, settings=settings).update([corpus])

    bot = Assistant(IndexStore(settings.index_dir, settings=settings), settings)
    first = bot.ask("Met welke steden heeft Leiden een stedenband?")
    assert first.answerable and "Nagasaki" in first.answer

    (corpus / "b.txt").write_text("De gemeente Leiden opende in 2024 het Leids Welkomstpunt aan de Breestraat.\n", encoding="utf-8")
    IndexStore(settings.index_dir, settings=settings).update([corpus])  # "another process"
    monkeypatch.setattr(Assistant, "RELOAD_CHECK_S", 0.0)
    later = bot.ask("Wanneer opende het Leids Welkomstpunt?")
    assert later.answerable and "Breestraat" in later.answer
