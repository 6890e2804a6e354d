"""Fixtures shared by the test modules.

* ``hash_embedder``: the deterministic fake embedder (:class:`index.testing.HashEmbedding`),
  so that most tests build and search real indexes in milliseconds;
* ``e5``: the real bundled model, loaded once for the tests that need it;
* ``tiny_corpus``: a folder of three small documents (Dutch prose, a vision page, a CSV
  table) with their ``sources.toml``;
* ``cli_runner``: ``vraagbaak`` run in this process with the fake embedder.

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
