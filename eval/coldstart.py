"""Cold start split by step: ``python -m eval.coldstart --index DIR [--question Q]``.

Run in a fresh process (as ``vraagbaak bench`` does), it does what ``vraagbaak ask``
does before and for its first answer, one step at a time, and prints one JSON object
with the seconds of each step:

* ``import``: the modules the answer path imports (assistant, index, the CLI);
* ``open_index``: the store and its live generation;
* ``assistant``: the ranker models and the Dutch-English lexicon;
* ``statistics``: what the assistant derives from the generation (term statistics,
  term vectors; read from the generation after the first time);
* ``embedder``: the query embedding model;
* ``first_answer``: the first question, end to end;
* ``total``: from the start of the first import to the first answer.

``cpu_s`` has the CPU seconds of this process for the same steps (on a busy machine a
steadier figure than the wall clock).

Plus ``modules``: whether llama-index, nltk or torch were imported (they should not be
on the answer path).
"""
from __future__ import annotations

import argparse
import json
import sys
import time


def measure(index: str, question: str) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    steps: dict[str, float] = {}
    cpu: dict[str, float] = {}
    last_cpu = [c0]

    def lap(name: str, since: float) -> float:
        now, c = time.perf_counter(), time.process_time()
        steps[name] = round(now - since, 4)
        cpu[name] = round(c - last_cpu[0], 4)
        last_cpu[0] = c
        return now

    import cli  # noqa: F401  (what `vraagbaak ask` imports first)
    from assistant.core import Assistant
    from config import Settings
    from index import open_store

    t = lap("import", t0)
    settings = Settings.from_env(index_dir=index, curated_file="")
    store = open_store(settings)
    store.load()
    t = lap("open_index", t)
    bot = Assistant(store, settings, use_curated=False)
    t = lap("assistant", t)
    bot.prepared()
    t = lap("statistics", t)
    store.query_encoder() if hasattr(store, "query_encoder") else store.embedder
    t = lap("embedder", t)
    answer = bot.ask(question)
    lap("first_answer", t)
    steps["total"] = round(time.perf_counter() - t0, 4)
    cpu["total"] = round(time.process_time() - c0, 4)
    return {"steps_s": steps, "cpu_s": cpu, "answerable": bool(answer.answerable), "chunks": len(store),
            "modules": {m: m in sys.modules for m in ("llama_index.core", "nltk", "torch", "transformers")}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.coldstart", description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--question", default="Hoeveel internationale studenten woonden er in 2021 in de Merenwijk?")
    args = ap.parse_args(argv)
    print(json.dumps(measure(args.index, args.question)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
