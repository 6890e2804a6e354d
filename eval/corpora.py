"""The corpora the question sets are asked over, and an assistant for each.

``default``  corpus/ (the settings' corpus and index), questions in eval/questions/
``afval``    eval/corpora/afval/: a municipality's waste-collection rules and fees (another
             subject, to check that nothing is tied to the default documents)
``realpdf``  the real third-party PDFs in ../shared/realpdf/ (not part of the repository;
             skipped when that folder is absent)
``tabula``   more real third-party PDFs, tabula-py's test fixtures, fetched at set-up time
             into var/eval-docs/tabula/ (``python -m eval.fetch``; skipped when absent)
``fixtures`` more real third-party PDFs, pypdf's and pikepdf's test fixtures (a scanned page
             with its OCR text, a data model, two government forms), fetched the same way
             into var/eval-docs/fixtures/
``pdfminer`` pdfminer's sample documents (a summary of a law, a tax form's instructions, a
             research paper), fetched the same way into var/eval-docs/pdfminer/
``invoices`` invoice2data's test invoices in English (a cloud bill, a web shop's invoice, a
             hotel's payment receipt), fetched the same way into var/eval-docs/invoices/

Indexes of the extra corpora live in var/eval-index/<name>/ (with a store URL: in the
PostgreSQL schema ``<store_schema>_<name>``) and are built on first use (incrementally,
like any index).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from config import ROOT, Settings

EVAL = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Corpus:
    name: str
    folder: Path | None          # None: the settings' corpus
    questions: tuple[Path, ...]  # tuning sets over it
    holdout: tuple[Path, ...] = ()  # sets only measured
    pattern: str = "*"           # the files of the folder that are its documents

    def files(self) -> list[Path]:
        """The corpus's documents (the whole folder when every file is one)."""
        if self.folder is None or self.pattern == "*":
            return [self.folder] if self.folder is not None else []
        return sorted(self.folder.glob(self.pattern))

    def available(self) -> bool:
        return self.folder is None or self.folder.is_dir()


CORPORA = {
    "default": Corpus("default", None,
                      tuple(EVAL / "questions" / f for f in ("dev.jsonl", "extra.jsonl", "train.jsonl")),
                      (EVAL / "questions" / "holdout.jsonl", EVAL / "questions" / "dev2.jsonl")),
    "afval": Corpus("afval", EVAL / "corpora" / "afval" / "docs", (EVAL / "corpora" / "afval" / "questions.jsonl",)),
    # the PDFs only: the folder's SOURCES.md says where they come from and is no document
    "realpdf": Corpus("realpdf", ROOT.parent / "shared" / "realpdf",
                      (EVAL / "corpora" / "realpdf" / "questions.jsonl",), pattern="*.pdf"),
    "tabula": Corpus("tabula", ROOT / "var" / "eval-docs" / "tabula",
                     (EVAL / "corpora" / "tabula" / "questions.jsonl",), pattern="*.pdf"),
    "fixtures": Corpus("fixtures", ROOT / "var" / "eval-docs" / "fixtures",
                       (EVAL / "corpora" / "fixtures" / "questions.jsonl",), pattern="*.pdf"),
    "pdfminer": Corpus("pdfminer", ROOT / "var" / "eval-docs" / "pdfminer",
                       (EVAL / "corpora" / "pdfminer" / "questions.jsonl",), pattern="*.pdf"),
    "invoices": Corpus("invoices", ROOT / "var" / "eval-docs" / "invoices",
                       (EVAL / "corpora" / "invoices" / "questions.jsonl",), pattern="*.pdf"),
}


def corpus_settings(corpus: Corpus, base: Settings | None = None) -> Settings:
    base = base or Settings.from_env()
    if corpus.folder is None:
        return base
    return base.with_(corpus_dir=corpus.folder, index_dir=ROOT / "var" / "eval-index" / corpus.name,
                      store_schema=f"{base.store_schema}_{corpus.name}")


def open_assistant(corpus: Corpus, settings: Settings | None = None, **kwargs):
    """An Assistant over the corpus, its index built or brought up to date first."""
    from assistant.core import Assistant
    from index import open_store

    s = corpus_settings(corpus, settings)
    store = open_store(s)
    if corpus.folder is not None:
        report = store.update(corpus.files())
        failed = [f.source for f in report.files if f.status == "failed"]
        if failed:
            print(f"eval: {corpus.name}: files not ingested: {', '.join(failed)}", file=sys.stderr)
    elif not store.exists():
        store.update([s.corpus_dir])
    bot = Assistant(store, s, **kwargs)
    bot.warm()
    return bot
