"""Fixtures shared by the test modules.

* ``hash_embedder``: the deterministic fake embedder (:class:`index.testing.HashEmbedding`),
  so that most tests build and search real indexes in milliseconds;
* ``e5``: the real bundled model, loaded once for the tests that need it;
* ``tiny_corpus``: a folder of three small documents (Dutch prose, a vision page, a CSV
  table) with their ``sources.toml``;
* ``cli_runner``: ``vraagbaak`` run in this process with the fake embedder;
* ``monitor_pdf``: a three-page PDF with headings, prose and a table.

Markers (registered in pyproject.toml): ``integration`` for tests that run the real
model or a subprocess, ``browser`` for tests that drive Chromium. ``pytest -m "not
integration and not browser"`` runs the quick rest.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from index.testing import HashEmbedding
from tests.support.corpus import write_tiny_corpus
from tests.support.filegen import make_pdf
from tests.support.loaded import LOREM


@pytest.fixture(scope="session")
def hash_embedder() -> HashEmbedding:
    return HashEmbedding()


@pytest.fixture(scope="session")
def e5():
    from index.embedders import E5Embedding

    return E5Embedding()


@pytest.fixture
def tiny_corpus(tmp_path) -> Path:
    """``tmp_path/corpus`` with monitor.txt, visie.txt, figures.csv and sources.toml
    (tests/support/corpus.py)."""
    return write_tiny_corpus(tmp_path / "corpus")


@pytest.fixture
def cli_runner(monkeypatch, capsys, hash_embedder) -> Callable[..., tuple[int, str, str]]:
    """``run(argv, lang="nl", embedder=None, **env)``: ``vraagbaak`` in this process (the
    console script is ``cli:main``) with the fake embedder (or ``embedder``), the user's
    language ``lang`` and ``VRAAGBAAK_*`` variables ``env``; returns (exit status,
    stdout, stderr)."""
    import cli
    from index import base

    def run(argv: list[str], lang: str = "nl", embedder=None, **env) -> tuple[int, str, str]:
        chosen = embedder or hash_embedder
        monkeypatch.setattr(base, "make_embedder", lambda spec="e5": chosen)
        monkeypatch.setenv("VRAAGBAAK_LANG", lang)
        for key, value in env.items():
            monkeypatch.setenv(key, str(value))
        capsys.readouterr()
        code = cli.main(argv)
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


MONITOR_TABLE = [["Jaar", "Inwoners", "Aandeel internationals"],
                 ["2021", "124.899", "11,8%"],
                 ["2022", "125.574", "12,4%"],
                 ["2023", "126.815", "13,1%"]]


@pytest.fixture(scope="session")
def monitor_pdf(tmp_path_factory) -> Path:
    """A three-page PDF: headings, prose, and a table (``MONITOR_TABLE``) with its caption on page 2."""
    path = tmp_path_factory.mktemp("pdf") / "monitor.pdf"
    return make_pdf(
        path,
        pages=[
            ["# Inleiding", LOREM * 3, "Dit is de tweede alinea over internationals in Leiden."],
            ["# Cijfers", "De tabel hieronder toont de groei van het aantal internationals.",
             "Na de tabel volgt een toelichting op de cijfers van dit jaar."],
            ["# Conclusie", "Leiden blijft groeien als internationale stad."],
        ],
        table=MONITOR_TABLE, table_page=2, table_after=1, table_caption="Tabel 1 Inwoners en internationals",
        title="Monitor internationalisering 2023",
    )
