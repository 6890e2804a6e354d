"""Helpers for the tests that are not tests themselves: generated files of every format
(:mod:`tests.support.filegen`), the tiny corpus (:mod:`tests.support.corpus`), reading
what a loader returned (:mod:`tests.support.loaded`), where the chunker cut a text
(:mod:`tests.support.chunks`), the browser and Streamlit server of the browser tests
(:mod:`tests.support.browser`), and what an answer says (:func:`answer_key`).

The fixtures (fake embedder, real model, tiny corpus, command-line runner) are in
``tests/conftest.py``; the fake embedder itself is :class:`index.testing.HashEmbedding`.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def answer_key(answer) -> dict:
    """An answer without its timings (which differ from run to run)."""
    data = answer.to_json()
    data.pop("timings_ms", None)
    return data
