"""The ``vraagbaak`` command line (a stable contract: other tools depend on it).

    vraagbaak ingest [PATH ...] [--index DIR | --store URL] [--json]
    vraagbaak ask "question" [--json] [--index DIR | --store URL] [--source NAME] [--year YYYY]
    vraagbaak ask --jsonl QUESTIONS.jsonl [--index DIR | --store URL]
    (with VRAAGBAAK_LLM_URL set, ask writes answers with that server; --extractive: not)
    vraagbaak eval [--questions FILE] [--store URL]
    vraagbaak bench [--chunks N] [--store URL] [--json]

``--store postgresql://user@host:port/db`` (or ``VRAAGBAAK_STORE_URL``) keeps the index in
PostgreSQL (:mod:`index.pg`) instead of the index folder.

stdout carries results only (``ask --jsonl``: one JSON object per input line, nothing
else); progress, logs and the ingest report go to stderr.
The command line stands above the stages (ingest, index, assistant) and the evaluation:
it is the one module that imports them all.
Exit status: 0 success; 1 some files failed to ingest / a question could not be read;
2 usage error (bad arguments, missing file, index locked).
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from pathlib import Path

from config import Settings

log = logging.getLogger("vraagbaak")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _inert(text: object, keep_newlines: bool = False) -> str:
    r"""Text from documents or file names as it may be printed on a terminal: control
    characters (a terminal escape sequence, a carriage return, a newline in a name),
    bidirectional overrides and undecodable bytes are shown as escapes, never executed.

        >>> print(_inert("a\x1b[31mrood\x1b[0m\nb"))
        a\x1b[31mrood\x1b[0m\nb
    """
    text = str(text).encode("utf-8", "surrogateescape").decode("utf-8", "replace")

    def escape(m: re.Match) -> str:
        c = m.group()
        if keep_newlines and c == "\n":
            return c
        return repr(c)[1:-1] if ord(c) < 0x100 else f"\\u{ord(c):04x}"
    return _CONTROL.sub(escape, text)


def _json_inert(data: str) -> str:
    """JSON text with the characters JSON leaves raw but a terminal acts on (C1 controls,
    bidirectional overrides) written as \\u escapes: the same JSON, inert on a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", data)


def _ui_language() -> str:
    raw = os.environ.get("VRAAGBAAK_LANG") or os.environ.get("LANG", "")
    return "nl" if raw.lower().startswith("nl") else "en"


class _Progress:
    """A one-line progress display on stderr (only redrawn when it changes)."""

    def __init__(self, label: str):
        self.label = label
        self.last = ""
        self.tty = sys.stderr.isatty()

    def __call__(self, fraction: float, what: str) -> None:
        line = f"{self.label} {fraction * 100:5.1f}%  {what[:60]}"
        if self.tty:
            sys.stderr.write("\r" + line.ljust(90))
            sys.stderr.flush()
        elif int(fraction * 10) != int(float(self.last or 0) * 10) or fraction >= 1.0:
            print(line, file=sys.stderr)
        self.last = str(fraction)

    def done(self) -> None:
        if self.tty:
            sys.stderr.write("\n")


def _settings(args) -> Settings:
    return Settings.from_env(index_dir=Path(args.index) if getattr(args, "index", None) else None,
                             store_url=getattr(args, "store", None) or None)


def _where(settings: Settings) -> str:
    """The index as a message names it: its folder, or the PostgreSQL store."""
    if settings.store_url:
        from index.pg.connection import redacted

        return f"{redacted(settings.store_url)} (schema {settings.store_schema})"
    return str(settings.index_dir)


def cmd_ingest(args) -> int:
    """Ingest files; report every file on stderr (and as JSON on stdout with --json).

    Exit status: 0 all files ingested/unchanged/skipped on purpose; 1 some files failed
    (the others are in the index) or the index could not be written (the previous one
    is untouched); 2 usage error (a path that does not exist, bad settings, the index is
    locked by another ingest or unusable)."""
    from index import open_store
    from ingest.errors import StoreUnavailable
    from index.store import IndexError_, IndexLocked
    from ingest.types import reason
    from messages import t

    _shown = _inert

    settings = _settings(args)
    lang = _ui_language()
    paths = [Path(p) for p in args.paths] or [settings.corpus_dir]
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        for p in missing:
            print(f"vraagbaak ingest: {_shown(str(p))}: {t('path_not_found', lang)}", file=sys.stderr)
        return 2
    for p in paths:
        try:
            p.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a symbolic link loop, a path through a file, ...
            why = getattr(exc, "strerror", None) or str(exc)
            print(f"vraagbaak ingest: {_shown(str(p))}: {reason('path_unusable', _shown(why), lang)}",
                  file=sys.stderr)
            return 2
    progress = _Progress("ingest")
    try:
        store = open_store(settings)
        # A progress note (ingest.types.Note) is shown in the user's language.
        report = store.update(paths, progress=lambda fraction, what: progress(
            fraction, _shown(what.text(lang) if hasattr(what, "text") else what)))
    except IndexLocked as exc:
        progress.done()
        holder = exc.holder  # the writer's "pid N, since ..." (see index.generations.WriterLock)
        detail = _where(settings) + (f"; {_shown(holder[:100])}" if holder else "")
        print(f"vraagbaak ingest: {reason('index_locked', detail, lang)}", file=sys.stderr)
        return 2
    except StoreUnavailable as exc:
        progress.done()
        print(f"vraagbaak ingest: {t('store_unreachable', lang)} ({exc})", file=sys.stderr)
        return 2
    except IndexError_ as exc:
        progress.done()
        print(f"vraagbaak ingest: {t('index_error', lang)} ({exc})", file=sys.stderr)
        return 2
    except OSError as exc:  # disk full, read-only folder, ... while writing the index
        progress.done()
        why = exc.strerror or type(exc).__name__
        where = f": {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"vraagbaak ingest: {t('index_write_failed', lang)} ({why}{where})", file=sys.stderr)
        return 1
    progress.done()
    names = [_shown(f.source) for f in report.files]
    width = min(max((len(n) for n in names), default=10), 60)
    labels = {f.status: t('status_' + f.status, lang) for f in report.files}
    label_width = max((len(v) for v in labels.values()), default=8)
    for f, name in zip(report.files, names):
        why = _shown(f.message(lang))
        chunks = (f" ({f.chunks} {t('chunk' if f.chunks == 1 else 'chunks', lang)})"
                  if f.chunks and f.status in ("ingested", "unchanged", "removed") else "")
        print(f"  {labels[f.status]:<{label_width}}  {name:<{width}}{chunks}{'  — ' + why if why else ''}",
              file=sys.stderr)
    counts = report.counts()
    summary = ", ".join(f"{n} {t('status_' + s, lang)}" for s, n in counts.items())
    print(f"{summary}; {report.chunks_total} {t('chunks_in_index', lang)}, "
          f"{report.chunks_embedded} {t('embedded', lang)}, {report.seconds:.1f} s"
          + ("" if report.written else f" ({t('index_unchanged', lang)})"), file=sys.stderr)
    if args.json:
        data = report.to_json()
        for entry, f in zip(data["files"], report.files):
            entry["message"] = {"nl": f.message("nl"), "en": f.message("en")} if f.code else None
        print(_json_inert(json.dumps(data, ensure_ascii=False)))
    return 1 if report.failed else 0


def _read_questions(path: str):
    fh = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield lineno, None, f"line {lineno}: not JSON ({exc.msg})"
                continue
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                yield lineno, item if isinstance(item, dict) else None, f"line {lineno}: no 'question' string"
                continue
            yield lineno, item, None


def cmd_ask(args) -> int:
    from assistant.core import Assistant
    from ingest.errors import StoreUnavailable
    from index.store import IndexError_
    from ingest.types import reason
    from messages import t

    settings = _settings(args)
    if args.jsonl and args.question:
        print("vraagbaak ask: give either a question or --jsonl FILE, not both", file=sys.stderr)
        return 2
    if not args.jsonl and not args.question:
        print("vraagbaak ask: give a question, or --jsonl FILE", file=sys.stderr)
        return 2
    if args.jsonl and args.jsonl != "-" and not Path(args.jsonl).is_file():
        print(f"vraagbaak ask: {args.jsonl}: no such file", file=sys.stderr)
        return 2
    if args.index and not args.store and not settings.store_url:
        # A folder named on purpose: answer from the index there, or say there is none;
        # building one from corpus/ in it would mix the default documents into it.
        from index import open_store

        if not open_store(settings).exists():
            print(f"vraagbaak ask: {reason('no_index_here', _inert(args.index), _ui_language())}", file=sys.stderr)
            return 2
    progress = _Progress("building index from corpus/")
    try:
        # one question, or a file of them: nothing to warm up before the first
        bot = Assistant.from_settings(settings, progress=progress, warm=False)
    except StoreUnavailable as exc:
        print(f"vraagbaak ask: {t('store_unreachable', _ui_language())} ({exc})", file=sys.stderr)
        return 2
    except IndexError_ as exc:
        print(f"vraagbaak ask: {exc}", file=sys.stderr)
        return 2
    filters = {}
    if args.source:
        filters["sources"] = args.source
    if args.year:
        filters["years"] = args.year

    if args.jsonl:
        status = 0
        for lineno, item, problem in _read_questions(args.jsonl):
            if problem:
                print(f"vraagbaak ask: {args.jsonl}: {problem}", file=sys.stderr)
                out = {"id": (item or {}).get("id"), "question": (item or {}).get("question"), "error": problem}
                print(_json_inert(json.dumps(out, ensure_ascii=False)), flush=True)
                status = 1
                continue
            answer = bot.ask(item["question"], history=item.get("history"), filters=filters or None,
                             id=item.get("id"), written=not args.extractive)
            print(_json_inert(json.dumps(answer.to_json(), ensure_ascii=False)), flush=True)
        return status

    answer = bot.ask(args.question, filters=filters or None, written=not args.extractive)
    if answer.llm_rejected:  # the written answer (VRAAGBAAK_LLM_URL) was not shown; say why
        print(f"vraagbaak ask: written answer not shown: {_inert(answer.llm_rejected)}", file=sys.stderr)
    if args.json:
        print(_json_inert(json.dumps(answer.to_json(), ensure_ascii=False, indent=2)))
        return 0
    # Everything printed comes from documents and file names: made inert first.
    print(_inert(answer.answer, keep_newlines=True))
    if answer.citations:
        print()
        for c in answer.citations:
            where = ", ".join(_inert(x) for x in (c.locator, c.url) if x)
            print(f"[{c.n}] {_inert(c.title)} ({_inert(c.source)}{', ' + where if where else ''})")
            print(f"    \"{_inert(c.text)}\"")
    return 0


def cmd_eval(args, rest: list[str]) -> int:
    from eval.__main__ import main as eval_main

    return eval_main(rest)


def cmd_bench(args, rest: list[str]) -> int:
    from eval.bench import main as bench_main

    return bench_main(rest)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="vraagbaak", description="Offline Q&A over Leiden's internationalisation policy.")
    sub = p.add_subparsers(dest="command", required=True)

    pi = sub.add_parser("ingest", help="index files (default: corpus/)")
    pi.add_argument("paths", nargs="*", help="files or folders (default: the corpus folder)")
    pi.add_argument("--index", help="index folder (default: VRAAGBAAK_INDEX_DIR or var/index)")
    pi.add_argument("--store", metavar="URL", help="PostgreSQL store postgresql://user@host:port/db instead of the "
                    "index folder (default: VRAAGBAAK_STORE_URL)")
    pi.add_argument("--json", action="store_true", help="also print the report as JSON on stdout")

    pa = sub.add_parser("ask", help="answer a question, or a JSONL file of questions")
    pa.add_argument("question", nargs="?")
    pa.add_argument("--jsonl", help="file with one {\"id\", \"question\"} object per line ('-' = stdin)")
    pa.add_argument("--json", action="store_true", help="print the answer as JSON")
    pa.add_argument("--index", help="index folder")
    pa.add_argument("--store", metavar="URL", help="PostgreSQL store (default: VRAAGBAAK_STORE_URL)")
    pa.add_argument("--source", action="append", help="only this document (repeatable)")
    pa.add_argument("--year", action="append", type=int, help="only this year (repeatable)")
    pa.add_argument("--extractive", action="store_true",
                    help="answer from the passages only, also when VRAAGBAAK_LLM_URL names a server")

    sub.add_parser("eval", help="run the quality harness (same as python -m eval)", add_help=False)
    sub.add_parser("bench", help="run the speed benchmark (same as python -m eval.bench)", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=os.environ.get("VRAAGBAAK_LOG", "WARNING").upper(), stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    parser = build_parser()
    if argv and argv[0] in ("eval", "bench"):
        return (cmd_eval if argv[0] == "eval" else cmd_bench)(None, argv[1:])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.command == "ingest":
            return cmd_ingest(args)
        return cmd_ask(args)
    except ValueError as exc:  # bad settings
        print(f"vraagbaak: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vraagbaak: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away ("vraagbaak ask ... | head"): stop quietly, as Unix tools do;
        # stdout is pointed at /dev/null so that Python's own flush at exit does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
