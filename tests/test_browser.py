"""The chat in a real browser: ``streamlit run serve.py`` (as ``make run``) on a free
localhost port, driven by Playwright through Debian's Chromium (``/usr/bin/chromium``;
Playwright never downloads a browser).

Covered: answers in Dutch and English with their source cards; a table-row answer shown
as a small table; copy as Markdown (read back from the clipboard); a trend question
drawing a chart; clicking [2] opens card 2; refusals with a contact point in Dutch and in
English; filters that exclude everything give a hint and clear; the phone size (390x844);
an uploaded file full of markup indexed and shown as inert text. Every request each page
makes is recorded: a request to any host other than the app's own fails the test.

Screenshots go to ``test-artifacts/`` (git-ignored)."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, streamlit_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"

DUTCH = "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"
ENGLISH = "How many inhabitants did Leiden have on 1 January 2024?"
TREND = "How did the share of internationals in Leiden develop between 2019 and 2023?"
OFF_TOPIC = "What is the weather in Paris tomorrow?"
OFF_TOPIC_NL = "Wat voor weer wordt het morgen in Parijs?"
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


class Requests:
    """Every request the pages of one browser context make (and the hosts they go to)."""

    def __init__(self, context, app_url: str):
        self.urls: list[str] = []
        self.own = urlsplit(app_url).netloc
        context.on("request", lambda r: self.urls.append(r.url))

    def foreign(self) -> list[str]:
        return [u for u in self.urls
                if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).netloc != self.own]

    def assert_local(self) -> None:
        assert self.urls, "no requests were recorded"
        assert not self.foreign(), f"requests left the machine: {self.foreign()[:5]}"


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
        """n => document.querySelectorAll('[data-testid="stChatMessage"] [data-testid="stFeedback"]').length >= n""",
        arg=answers_before + 1, timeout=timeout)
    settle(page)


def last_assistant(page):
    return page.get_by_test_id("stChatMessage").last


def open_page(browser, server, locale: str, **viewport):
    context = browser.new_context(locale=locale, viewport=viewport or {"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server["url"])
    requests = Requests(context, server["url"])
    page = context.new_page()
    page.goto(server["url"], wait_until="domcontentloaded")
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
    return context, page, requests


def cards_open(msg) -> list[bool]:
    return msg.evaluate("""m => [...m.querySelectorAll('[data-testid="stExpander"] details')].map(d => d.open)""")


def test_dutch_answer_and_refusal_then_the_interface_in_english(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    started = time.monotonic()
    context, page, requests = open_page(browser, server, "nl-NL")
    try:
        page.get_by_text("Probeer bijvoorbeeld").wait_for(timeout=30_000)  # Dutch labels from the browser locale
        page.screenshot(path=str(ARTIFACTS / "01-welcome-nl.png"), full_page=True)

        ask(page, DUTCH, 0)
        msg = last_assistant(page)
        assert "Oekraïners" in msg.inner_text() or "800" in msg.inner_text()
        cards = msg.get_by_test_id("stExpander")
        assert cards.count() >= 1 and "[1]" in cards.first.inner_text()
        assert cards_open(msg)[0] is True  # the first card is open
        assert "achthonderd" in cards.first.inner_text()
        assert "000_ff2256da419d7abb" not in msg.inner_text()  # human titles, never a hashed file name
        msg.screenshot(path=str(ARTIFACTS / "02-answer-nl.png"))

        # A Dutch question the documents do not answer: a Dutch refusal with where to ask instead.
        ask(page, OFF_TOPIC_NL, 1)
        msg = last_assistant(page)
        alert = msg.get_by_test_id("stAlert").first
        assert "Geen antwoord in de documenten" in alert.inner_text()
        assert "Bronnen" not in msg.inner_text()
        assert "Hier kunt u het vragen" in msg.inner_text()
        link = msg.locator('a[href="https://gemeente.leiden.nl/contact/"]')
        assert link.count() == 1 and "Gemeente Leiden" in link.inner_text()
        msg.screenshot(path=str(ARTIFACTS / "03-refusal-nl.png"))

        # Switch the interface to English (in the page header): labels change, the conversation stays.
        page.locator(".st-key-ui_lang").get_by_role("radio", name="EN", exact=True).click()
        page.get_by_text("New conversation").wait_for(timeout=30_000)
        assert page.get_by_test_id("stChatMessage").count() == 4
        # (the messages are drawn again in English after the labels; on a loaded machine later)
        page.get_by_test_id("stChatMessage").nth(1).get_by_text("Sources", exact=True).wait_for(timeout=30_000)
        assert "Sources" in page.get_by_test_id("stChatMessage").nth(1).inner_text()
        page.screenshot(path=str(ARTIFACTS / "04-interface-en.png"), full_page=True)
        requests.assert_local()
    finally:
        context.close()
    assert time.monotonic() - started < 90


def test_english_table_row_copy_trend_markers_refusal_and_filters(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, requests = open_page(browser, server, "en-GB", width=1280, height=1000)
    try:
        # a table row is shown as a small two-column table under the table's title
        ask(page, ENGLISH, 0)
        msg = last_assistant(page)
        first = msg.get_by_test_id("stExpander").first
        table = first.get_by_test_id("stTable")
        assert table.count() == 1
        text = table.inner_text()
        assert "130067" in text and "measure" in text and "value" in text
        assert "value: 130067" not in msg.inner_text()  # never raw "key: value"
        assert "Leiden internationals: facts and figures" in first.inner_text()  # the table's title
        msg.screenshot(path=str(ARTIFACTS / "05-table-row.png"))

        # copy: the answer with its citations as Markdown, read back from the clipboard
        msg.get_by_role("button", name="Copy as Markdown").click()
        code = page.get_by_test_id("stPopoverBody").get_by_test_id("stCode")
        code.wait_for(timeout=30_000)
        code.hover()
        page.get_by_test_id("stPopoverBody").get_by_role("button", name="Copy to clipboard").click()
        page.wait_for_timeout(300)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "130067" in copied and "[1]" in copied and "**Sources**" in copied
        assert "[1] Leiden internationals: facts and figures, row" in copied and "<https://" in copied
        page.screenshot(path=str(ARTIFACTS / "06-copy-markdown.png"), full_page=True)
        page.keyboard.press("Escape")

        # a trend question draws a chart, with the figures and their sources in a table under it
        ask(page, TREND, 1)
        msg = last_assistant(page)
        chart = msg.get_by_test_id("stVegaLiteChart")
        chart.wait_for(timeout=30_000)
        assert chart.locator("canvas, svg").count() >= 1
        table = msg.get_by_test_id("stTable").first
        assert "2022" in table.inner_text() and "2023" in table.inner_text() and "[1]" in table.inner_text()
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(800)  # the chart draws after it is scrolled into view
        msg.screenshot(path=str(ARTIFACTS / "07-trend-chart.png"))

        # clicking [2] in the answer opens card 2
        assert cards_open(msg)[:2] == [True, False]
        marker = msg.locator('a[href$="-2"]').first
        assert marker.inner_text() == "[2]"
        marker.click()
        page.wait_for_function(
            """() => { const m = [...document.querySelectorAll('[data-testid="stChatMessage"]')].pop();
                       const d = m.querySelectorAll('[data-testid="stExpander"] details'); return d[1] && d[1].open; }""",
            timeout=30_000)
        assert page.url.rstrip("/") == server["url"]  # no navigation
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "08-marker-opens-card.png"), full_page=False)

        # an English question the documents do not answer: an English refusal with a contact point
        ask(page, OFF_TOPIC, 2)
        msg = last_assistant(page)
        assert "No answer in the documents" in msg.get_by_test_id("stAlert").first.inner_text()
        assert "Where you can ask instead" in msg.inner_text()
        link = msg.locator('a[href="https://www.leideninternationalcentre.nl/"]')
        assert link.count() == 1 and "Leiden International Centre" in link.inner_text()
        msg.screenshot(path=str(ARTIFACTS / "09-refusal-en.png"))

        # filters that exclude everything: the answer says so and offers to clear them
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        sidebar = page.get_by_test_id("stSidebar")
        oldest = None
        # the choice is taken once the widget shows it; on a busy machine a click can land
        # while the list is being redrawn and be lost, so it is made again (three tries)
        for attempt in range(3):
            sidebar.get_by_test_id("stMultiSelect").nth(1).click()
            options = page.get_by_role("option")
            options.first.wait_for(timeout=30_000)
            assert "Select all" not in " ".join(options.all_inner_texts())
            oldest = oldest or options.last.inner_text().strip()
            page.get_by_role("option", name=oldest, exact=True).click()  # the oldest year that passages are about
            page.keyboard.press("Escape")
            try:
                page.wait_for_function(
                    """y => { const w = document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')[1];
                              return w && w.innerText.includes(y); }""", arg=oldest, timeout=30_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        settle(page)
        ask(page, ENGLISH, 3)
        msg = last_assistant(page)
        assert "Filters are on" in msg.inner_text()
        msg.screenshot(path=str(ARTIFACTS / "10-filters-hint.png"))
        msg.get_by_role("button", name="Clear filters").click()
        sidebar.get_by_text("Filters cleared").wait_for(timeout=30_000)
        settle(page)
        assert sidebar.get_by_test_id("stMultiSelect").nth(1).locator('[data-baseweb="tag"]').count() == 0
        requests.assert_local()
    finally:
        context.close()


def test_phone_title_and_language_switch_fit(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, requests = open_page(browser, server, "nl-NL", width=390, height=844)
    try:
        title = page.locator("h1").first
        title.wait_for(timeout=30_000)
        settle(page)
        # nothing wider than the screen, the title wraps between words only
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
        box = title.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        split_words = page.evaluate(r"""h => {
            const out = []; const text = h.firstChild && h.innerText;
            const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const re = /\S+/g; let m;
                while ((m = re.exec(n.textContent))) {
                    const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
                    const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
                    if (tops.size > 1) out.push(m[0]);
                }
            }
            return out; }""", title.element_handle())
        assert split_words == []
        # the language switch is on the page itself, not in the closed drawer
        switch = page.locator(".st-key-ui_lang").get_by_role("radio", name="EN", exact=True)
        switch.wait_for(timeout=30_000)
        assert switch.is_visible()
        sbox = switch.bounding_box()
        assert sbox["x"] >= 0 and sbox["x"] + sbox["width"] <= 390
        page.screenshot(path=str(ARTIFACTS / "11-phone-nl.png"), full_page=True)
        switch.click()
        page.get_by_text("Leiden internationalisation Q&A").wait_for(timeout=30_000)
        ask(page, ENGLISH, 0)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "12-phone-answer-en.png"), full_page=True)
        requests.assert_local()
    finally:
        context.close()


def test_uploaded_markup_is_indexed_and_shown_as_text(server, browser, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    hostile = tmp_path / "kwakelfonds <b>.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    context, page, requests = open_page(browser, server, "en-GB", width=1280, height=1500)
    try:
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
        page.screenshot(path=str(ARTIFACTS / "13-upload.png"), full_page=True)

        ask(page, "Hoeveel deelnemers telde het Kwakelfonds in 2031?", 0)
        msg = last_assistant(page)
        cards = msg.get_by_test_id("stExpander")
        assert cards_open(msg)[0] is True  # the first card is open
        msg.screenshot(path=str(ARTIFACTS / "14-markup-as-text.png"))
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
        assert not [u for u in requests.urls if "127.0.0.1:9" in u]

        # thumbs down on that answer, then staff export the feedback as CSV
        msg.get_by_test_id("stFeedback").locator("button").nth(1).click()
        page.get_by_text("Thank you, your feedback has been saved.").wait_for(timeout=30_000)
        sidebar.get_by_text("For staff").click()
        export = sidebar.get_by_role("button", name="Export feedback (CSV)")
        export.wait_for(timeout=30_000)
        # the sidebar is drawn again after the feedback is saved (its counts change); on a
        # busy machine a click can land while it is redrawn and be lost: made again (two tries)
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        for attempt in range(2):
            try:
                with page.expect_download(timeout=30_000) as download:
                    export.click()
                break
            except PlaywrightTimeout:
                if attempt:
                    raise
        exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert "Kwakelfonds in 2031" in exported and ",down," in exported
        requests.assert_local()
    finally:
        context.close()
