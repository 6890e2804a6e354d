"""The chat under load: ``python -m eval.load [--sessions 20] [--questions 3] [--json]``.

N sessions (threads sharing one :class:`assistant.core.Assistant`, as the app's sessions
share its cached one) each ask Q questions, once with the index at rest (the baseline)
and once while one more session uploads a slow file through the app's background
upload queue (:mod:`index.jobs`): a Markdown file of prose large enough that reading
and embedding it takes a good while. Reported per phase: p50 / p95 / max seconds per
answer, and whether the upload was still running when the last answer came (no session
may wait for it).

Not part of ``make test`` (it takes minutes); run it by hand or in CI's benchmark job.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Hoeveel inwoners had Leiden op 1 januari 2024?",
    "How many Ukrainians came to live in Leiden in 2022?",
    "Met welke steden heeft Leiden een stedenband?",
    "Wanneer is de visie internationalisering vastgesteld?",
    "What share of Leiden's residents is international?",
    "Hoeveel internationale studenten studeren in Leiden?",
]
PROSE = ("De gemeente Leiden werkt aan een stad waarin iedereen zich thuis voelt, en de raad bespreekt "
         "elk jaar de voortgang van het beleid in de commissie. ")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _ask_all(bot, sessions: int, per_session: int) -> list[float]:
    times: list[float] = []
    lock = threading.Lock()

    def session(k: int) -> None:
        for i in range(per_session):
            question = QUESTIONS[(k + i) % len(QUESTIONS)]
            started = time.monotonic()
            bot.ask(question)
            with lock:
                times.append(time.monotonic() - started)

    threads = [threading.Thread(target=session, args=(k,)) for k in range(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--questions", type=int, default=3)
    ap.add_argument("--upload-kb", type=int, default=400, help="size of the slow upload (prose, KB)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from assistant.core import Assistant
    from config import Settings
    from index.jobs import jobs_for
    from index.store import IndexStore

    with tempfile.TemporaryDirectory(prefix="vraagbaak-load-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("uploads"))
        settings = Settings(corpus_dir=corpus, index_dir=Path(tmp) / "index")
        store = IndexStore(settings.index_dir, settings=settings)
        store.update([corpus])
        bot = Assistant(store, settings)
        bot.ask(QUESTIONS[0])  # warm
        baseline = _ask_all(bot, args.sessions, args.questions)

        slow = "\n\n".join(PROSE * 3 for _ in range(args.upload_kb * 1024 // (len(PROSE) * 3)))
        jobs = jobs_for(settings)
        started = time.monotonic()
        job = jobs.submit([("traag-verslag.md", slow.encode())], store, settings)
        while jobs.job(job.id).state == "queued":
            time.sleep(0.05)
        loaded = _ask_all(bot, args.sessions, args.questions)
        answered_at = time.monotonic() - started
        upload_running = jobs.job(job.id).state == "running"
        jobs.wait(job.id)
        upload_s = (job.finished or 0) - (job.started or 0)
        result = {
            "sessions": args.sessions, "questions_per_session": args.questions,
            "baseline": {"p50": round(statistics.median(baseline), 3), "p95": round(_percentile(baseline, 0.95), 3),
                         "max": round(max(baseline), 3), "n": len(baseline)},
            "during_upload": {"p50": round(statistics.median(loaded), 3), "p95": round(_percentile(loaded, 0.95), 3),
                              "max": round(max(loaded), 3), "n": len(loaded)},
            "all_answered_after_s": round(answered_at, 2), "upload_still_running_then": upload_running,
            "upload_s": round(upload_s, 2), "upload_result": [(r.status, r.code, r.chunks) for r in job.results],
        }
    if args.json:
        print(json.dumps(result))
    else:
        for phase in ("baseline", "during_upload"):
            r = result[phase]
            print(f"{phase:14} n={r['n']}  p50 {r['p50']:.3f} s  p95 {r['p95']:.3f} s  max {r['max']:.3f} s")
        print(f"all answers in {result['all_answered_after_s']} s after the upload started; upload still running "
              f"then: {result['upload_still_running_then']}; upload took {result['upload_s']} s "
              f"({result['upload_result']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
