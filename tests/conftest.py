"""Fixtures shared by the test modules.

* ``hash_embedder``: the deterministic fake embedder (:class:`index.testing.HashEmbedding`),
  so that most tests build and search real indexes in milliseconds;
* ``e5``: the real bundled model, loaded once for the tests that need it;
* ``tiny_corpus``: a folder of three small documents (Dutch prose, a vision page, a CSV
  table) with their ``sources.toml``;
* ``cli_runner``: ``vraagbaak`` run in this process with the fake embedder;
* ``monitor_pdf``: a three-page PDF with headings, prose and a table;
* ``pg_url``: a real PostgreSQL 16 with pgvector (the ``pgserver`` wheel), started once per
  session in a temporary folder; ``pg_schema``: a schema of its own for one test, dropped
  after it;
* ``store_kind`` / ``make_store``: the store tests run against both stores, the file
  index and PostgreSQL (``make_store(settings)`` opens the test's store of that kind).

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
from tests.support.postgres import drop_schema, fresh_schema, start_server, stop_server
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


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of a PostgreSQL server for the whole session (stopped and removed after it)."""
    server, url = start_server()
    yield url
    from index.pg.connection import close_pools

    close_pools()
    stop_server(server)


@pytest.fixture
def pg_schema(pg_url) -> str:
    """A schema of this test's own in the session's server (dropped afterwards)."""
    schema = fresh_schema()
    yield schema
    drop_schema(pg_url, schema)


@pytest.fixture(params=["file", "postgresql"])
def store_kind(request) -> str:
    return request.param


@pytest.fixture
def make_store(store_kind, tmp_path, hash_embedder, request):
    """``make_store(settings=None, embedder=None)``: this test's store (the same one each
    call: a folder under tmp_path, or a schema of its own), as a new process would open
    it, with the fake embedder unless told otherwise; ``make_store.settings`` are the
    settings it uses (corpus: ``tmp_path/corpus``)."""
    from config import Settings
    from index import open_store

    base = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index",
                    feedback_db=tmp_path / "feedback.sqlite3")
    if store_kind == "postgresql":
        url = request.getfixturevalue("pg_url")
        base = base.with_(store_url=url, store_schema=request.getfixturevalue("pg_schema"))

    def make(settings=None, embedder=None):
        return open_store(settings or base, embedder=embedder or hash_embedder)

    make.settings = base
    return make
