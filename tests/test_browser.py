"""The chat in a real browser: ``streamlit run app.py`` on a free localhost port, driven
by Playwright through Debian's Chromium (``/usr/bin/chromium``; Playwright never
downloads a browser). A Dutch and an English question each get an answer with source
cards; an uploaded file full of markup is indexed and shown as inert text.

Screenshots go to ``test-artifacts/`` (git-ignored)."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, streamlit_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

DUTCH = "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"
ENGLISH = "How many inhabitants did Leiden have on 1 January 2024?"
OFF_TOPIC = "What is the weather in Paris tomorrow?"
# An uploaded document that tries every way of getting markup into the page, all of it in
# the one sentence that holds the asked fact (so the cited passage shows every piece; the
# script has no "." in it, where the sentence splitter would cut; assigning an undeclared
# name sets window.__vraagbaak_pwned all the same).
HOSTILE = (
    "Het Kwakelfonds van Leiden telde in 2031 precies 4711 deelnemers volgens "
    "<script>__vraagbaak_pwned = 1</script> <b>vet</b> **sterren** :red[rood] www.example.org "
    "info@example.org [klik hier](https://example.org/phish) "
    '<img src="http://127.0.0.1:9/pixel.png" alt="x"> ![beeld](http://127.0.0.1:9/beeld.png)\n'
)



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A corpus copy with a prebuilt index (as after ``make run``'s ingest) and the app
    serving it on a free port; always terminated."""
    from config import Settings
    from index.store import IndexStore

    tmp = tmp_path_factory.mktemp("browser")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("uploads"))
    env = dict(os.environ)
    env.update(VRAAGBAAK_CORPUS_DIR=str(corpus), VRAAGBAAK_INDEX_DIR=str(tmp / "index"),
               VRAAGBAAK_FEEDBACK_DB=str(tmp / "feedback.sqlite3"), VRAAGBAAK_LOG="WARNING")
    settings = Settings.from_env(env)
    IndexStore(settings.index_dir, settings=settings).update([settings.corpus_dir])

    require_chromium()
    with streamlit_server(env, tmp / "streamlit.log") as url:
        yield {"url": url, "tmp": tmp, "log": tmp / "streamlit.log"}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def settle(page, timeout: float = 30_000) -> None:
    """Wait until the script run is over and nothing on the page is greyed out as stale."""
    page.wait_for_function(
        """() => !document.querySelector('[data-stale="true"]')
                 && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')""",
        timeout=timeout)
    page.wait_for_timeout(300)


def ask(page, question: str, answers_before: int, timeout: float = 30_000) -> None:
    box = page.get_by_test_id("stChatInputTextArea")
    box.click()
    box.fill(question)
    box.press("Enter")
    # user + assistant message for every earlier turn, and now one more pair
    page.wait_for_function(
        """n => document.querySelectorAll('[data-testid="stChatMessage"]').length >= n""",
        arg=2 * (answers_before + 1), timeout=timeout)
    # the answer of this turn has rendered once its feedback thumbs are there
    page.wait_for_function(
        """n => document.querySelectorAll('[data-testid="stFeedback"], .stFeedback').length >= n
               || document.querySelectorAll('[data-testid="stChatMessage"] [data-testid="stExpander"]').length >= n""",
        arg=answers_before + 1, timeout=timeout)
    settle(page)


def last_assistant(page):
    return page.get_by_test_id("stChatMessage").last


def test_dutch_and_english_questions_show_answers_with_source_cards(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    started = time.monotonic()
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server["url"], wait_until="domcontentloaded")
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        page.get_by_text("Probeer bijvoorbeeld").wait_for(timeout=30_000)  # Dutch labels from the browser locale
        page.screenshot(path=str(ARTIFACTS / "01-welcome-nl.png"), full_page=True)

        ask(page, DUTCH, 0)
        msg = last_assistant(page)
        assert "Oekraïners" in msg.inner_text()
        cards = msg.get_by_test_id("stExpander")
        assert cards.count() >= 1
        assert "[1]" in cards.first.inner_text()
        cards.first.locator("summary").click()
        page.wait_for_timeout(400)
        assert "achthonderd" in cards.first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "02-answer-nl.png"), full_page=True)

        ask(page, ENGLISH, 1)
        msg = last_assistant(page)
        text = msg.inner_text()
        assert "130067" in text or "130,067" in text or "130.067" in text
        cards = msg.get_by_test_id("stExpander")
        assert cards.count() >= 1 and "[1]" in cards.first.inner_text()
        cards.first.locator("summary").click()
        page.wait_for_timeout(400)
        page.screenshot(path=str(ARTIFACTS / "03-answer-en.png"), full_page=True)

        # A question the documents do not answer: a refusal looks different from an answer.
        ask(page, OFF_TOPIC, 2)
        msg = last_assistant(page)
        if msg.get_by_test_id("stAlert").count():  # the assistant refused (its decision, not the app's)
            assert "Geen antwoord in de documenten" in msg.get_by_test_id("stAlert").inner_text()
            assert "Bronnen" not in msg.inner_text()
        page.screenshot(path=str(ARTIFACTS / "04-refusal.png"), full_page=True)

        # Switch the interface to English: labels change, the conversation stays.
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        page.get_by_text("New conversation").wait_for(timeout=10_000)
        assert page.get_by_test_id("stChatMessage").count() == 6
        assert "Sources" in page.get_by_test_id("stChatMessage").nth(1).inner_text()
        page.screenshot(path=str(ARTIFACTS / "05-interface-en.png"), full_page=True)
    finally:
        context.close()
    assert time.monotonic() - started < 90


def test_uploaded_markup_is_indexed_and_shown_as_text(server, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    hostile = tmp_path / "kwakelfonds <b>.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    requests: list[str] = []
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 1500})
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(server["url"], wait_until="domcontentloaded")
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        sidebar = page.get_by_test_id("stSidebar")
        fake = tmp_path / "fake.pdf"
        fake.write_text("only text, not a PDF", encoding="utf-8")
        sidebar.locator("input[type=file]").set_input_files([str(hostile), str(fake)])
        page.wait_for_timeout(500)
        sidebar.get_by_role("button", name="Add to the index").click()
        sidebar.get_by_text("1 added, 1 not added").wait_for(timeout=60_000)
        assert "does not match the file extension" in sidebar.get_by_test_id("stAlert").filter(
            has_text="fake.pdf").inner_text()
        settle(page)
        page.screenshot(path=str(ARTIFACTS / "06-upload.png"), full_page=True)

        ask(page, "Hoeveel deelnemers telde het Kwakelfonds in 2031?", 0)
        msg = last_assistant(page)
        cards = msg.get_by_test_id("stExpander")
        cards.first.locator("summary").click()
        page.wait_for_timeout(400)
        page.screenshot(path=str(ARTIFACTS / "07-markup-as-text.png"), full_page=True)
        shown = msg.inner_text()
        assert "4711" in shown
        # the cited passage (one sentence) shows every piece of markup as the characters it is
        passage = cards.first.inner_text().replace("\u2060", "")
        assert "4711" in passage
        for literal in ("<script>__vraagbaak_pwned = 1</script>", "<b>vet</b>", "**sterren**", ":red[rood]",
                        "www.example.org", "info@example.org", "[klik hier](https://example.org/phish)",
                        '<img src="http://127.0.0.1:9/pixel.png" alt="x">', "![beeld](http://127.0.0.1:9/beeld.png)"):
            assert literal in passage, literal
        # nothing from the document became markup
        assert page.evaluate("window.__vraagbaak_pwned") is None
        assert page.locator('img[src*="127.0.0.1:9"]').count() == 0
        assert page.locator('a[href*="127.0.0.1:9"], a[href*="example.org"], a[href^="mailto:"]').count() == 0
        assert msg.locator("b, strong", has_text="vet").count() == 0
        assert not [u for u in requests if "127.0.0.1:9" in u]

        # thumbs down on that answer, then staff export the feedback as CSV
        msg.get_by_test_id("stFeedback").locator("button").nth(1).click()
        page.get_by_text("Thank you, your feedback has been saved.").wait_for(timeout=10_000)
        sidebar.get_by_text("For staff").click()
        with page.expect_download(timeout=10_000) as download:
            sidebar.get_by_role("button", name="Export feedback (CSV)").click()
        exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "Kwakelfonds in 2031" in exported and ",down," in exported
    finally:
        context.close()
