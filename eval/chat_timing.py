"""How quick the chat is in a real browser (Debian's Chromium driven by Playwright):

* **start**: from starting the server to a usable page (the chat input and the example
  questions drawn, i.e. the first script run is over), for ``serve.py`` (index and model
  loaded and warmed when the server starts; what ``make run`` serves) against ``app.py``
  (loaded on the first visit), each with the page opened as soon as the server answers
  its health check and again once the warm-up had time to finish;
* **answer**: from pressing Enter to the answer drawn (its feedback buttons present and no
  element stale), over the first ``--questions`` questions of ``eval/questions/dev.jsonl``;
  against the same questions asked of the assistant alone in this process (the baseline:
  what the page adds is the difference), and a rerun of the page (language switch).

    python -m eval.chat_timing [--questions 10] [--json]

Prints medians / p95 in seconds. Needs ``/usr/bin/chromium`` (``make browser``)."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _usable(page) -> None:
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
    page.locator('[data-testid="stButton"]').first.wait_for(timeout=120_000)  # examples: the run is over


def _settled(page) -> None:
    page.wait_for_function("""() => !document.querySelector('[data-stale="true"]')""", timeout=60_000)


def measure_start(browser, env: dict, script: str, log: Path, wait_after_health: float = 0.0) -> float:
    from tests.support.browser import streamlit_server

    t0 = time.monotonic()
    with streamlit_server(env, log, script=script) as url:
        if wait_after_health:
            time.sleep(wait_after_health)
        page = browser.new_page(locale="en-GB")
        try:
            page.goto(url, wait_until="domcontentloaded")
            _usable(page)
            return time.monotonic() - t0 - wait_after_health
        finally:
            page.close()


def measure_answers(browser, env: dict, log: Path, questions: list[str]) -> list[float]:
    from tests.support.browser import streamlit_server

    out = []
    with streamlit_server(env, log, script="serve.py") as url:
        page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
        page.goto(url, wait_until="domcontentloaded")
        _usable(page)
        for i, q in enumerate(questions):
            box = page.get_by_test_id("stChatInputTextArea")
            box.fill(q)
            t0 = time.monotonic()
            box.press("Enter")
            page.wait_for_function(
                """n => document.querySelectorAll('[data-testid="stChatMessage"] [data-testid="stFeedback"]').length >= n""",
                arg=i + 1, timeout=60_000)
            _settled(page)
            out.append(time.monotonic() - t0)
        # a rerun with the whole conversation on the page: switch the interface language
        reruns = []
        for code in ("NL", "EN", "NL", "EN"):
            t0 = time.monotonic()
            page.locator(".st-key-ui_lang").get_by_role("radio", name=code, exact=True).click()
            page.wait_for_timeout(50)
            _settled(page)
            page.wait_for_function("""() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')""",
                                   timeout=60_000)
            reruns.append(time.monotonic() - t0)
        page.close()
    return out, reruns


def measure_assistant(env: dict, questions: list[str]) -> list[float]:
    """The baseline: the same questions asked of the assistant in this process (no page)."""
    from assistant.core import Assistant
    from config import Settings

    bot = Assistant.from_settings(Settings.from_env(env))
    bot.ask("Hoeveel inwoners telde de stad in 2022 en 2023? How did the number of residents change?")
    out = []
    for q in questions:
        t0 = time.monotonic()
        bot.ask(q)
        out.append(time.monotonic() - t0)
    return out


def p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(0.95 * (len(s) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--questions", type=int, default=10)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from config import Settings
    from index.store import IndexStore
    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    questions = [json.loads(line)["question"] for line in
                 (ROOT / "eval" / "questions" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()][: args.questions]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "corpus", tmp / "corpus", ignore=shutil.ignore_patterns("uploads"))
        env = dict(os.environ, VRAAGBAAK_CORPUS_DIR=str(tmp / "corpus"), VRAAGBAAK_INDEX_DIR=str(tmp / "index"),
                   VRAAGBAAK_FEEDBACK_DB=str(tmp / "feedback.sqlite3"))
        settings = Settings.from_env(env)
        IndexStore(settings.index_dir, settings=settings).update([settings.corpus_dir])
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            result = {
                "start_s": {
                    "app.py, page opened at health": measure_start(browser, env, "app.py", tmp / "a.log"),
                    "serve.py, page opened at health": measure_start(browser, env, "serve.py", tmp / "b.log"),
                    "app.py, page opened 20 s after health": measure_start(browser, env, "app.py", tmp / "c.log", 20),
                    "serve.py, page opened 20 s after health": measure_start(browser, env, "serve.py", tmp / "d.log", 20),
                },
            }
            times, reruns = measure_answers(browser, env, tmp / "e.log", questions)
            browser.close()
        base = measure_assistant(env, questions)
    result["answer_s"] = {"n": len(times), "p50": statistics.median(times), "p95": p95(times),
                          "all": [round(x, 3) for x in times]}
    result["assistant_alone_s"] = {"p50": statistics.median(base), "p95": p95(base)}
    result["rerun_s"] = {"p50": statistics.median(reruns), "all": [round(x, 3) for x in reruns]}
    result["load_average_1min"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result["start_s"].items():
            print(f"start to usable page, {k}: {v:.2f} s")
        a = result["answer_s"]
        print(f"Enter to answer shown over {a['n']} questions: p50 {a['p50']:.2f} s, p95 {a['p95']:.2f} s")
        b = result["assistant_alone_s"]
        print(f"the same questions, assistant alone (baseline): p50 {b['p50']:.2f} s, p95 {b['p95']:.2f} s")
        print(f"page rerun (language switch): p50 {result['rerun_s']['p50']:.2f} s; "
              f"load average {result['load_average_1min']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
