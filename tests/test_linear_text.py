"""No text path is super-linear: random long inputs, built from runs of the characters
that markup and sentence rules react to (brackets, emphasis, backticks, pipes, digits,
dots), go through every text path of ingest -- Markdown inline markup, the TXT, Markdown,
CSV and HTML loaders, the chunker -- each within a time bound that a quadratic path
would miss by orders of magnitude on 100-200 KB (the bound is loose: a busy machine).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.chunking import Chunker
from ingest.loaders import load_file
from ingest.loaders.common import clean
from ingest.loaders.text import md_inline
from ingest.metadata import DocMeta
from ingest.types import LoaderError, ReadLimits

PIECES = ["[", "]", "(", ")", "![", "](", "**", "__", "~~", "*", "_", "`", "<", ">", "<http://", "<a ", "|",
          "#", "-", "=", ">", "\\", " ", "  ", "\t", "\n", "\n\n", ".", ",", "123", " 456", "a", "woord ", "Zin. ",
          "t.o.v.", "%", "€", "\u00a0", "\u200b", "\x00", "&lt;", "<p>", "</p>", "<td>", "<tr>", "<table>"]
BOUND_S = 30.0  # per path, for inputs of up to ~200 KB (a quadratic path takes hours)

_chunker = Chunker()


def _warm_up() -> None:
    """Load every loader's libraries and the language model once, outside the clock."""
    with tempfile.TemporaryDirectory() as tmp:
        for suffix, text in ((".md", "# Kop\n\nEen zin."), (".txt", "Een zin."), (".csv", "a,b\n1,2"),
                             (".html", "<p>Een zin.</p>")):
            path = Path(tmp) / f"w{suffix}"
            path.write_text(text, encoding="utf-8")
            _chunker.chunk(load_file(path), source=path.name, doc_hash="ab" * 32, meta=DocMeta())


_warm_up()

long_text = st.lists(st.tuples(st.sampled_from(PIECES), st.integers(1, 40_000)), min_size=1, max_size=12).map(
    lambda runs: "".join(piece * n for piece, n in runs)[:200_000])


def _timed(fn, *args):
    started = time.monotonic()
    try:
        fn(*args)
    except LoaderError:
        pass  # refusing the input is an answer too; hanging is not
    return time.monotonic() - started


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=long_text)
def test_every_text_path_is_linear_on_long_hostile_input(text):
    chunker = _chunker
    limits = ReadLimits(max_blocks=10**6, max_columns=10**6, max_line_chars=10**7)
    with tempfile.TemporaryDirectory() as tmp:
        times = {"md_inline": _timed(md_inline, text), "clean": _timed(clean, text),
                 "sentences": _timed(chunker.sentences, text, "nl")}
        for suffix in (".md", ".txt", ".csv", ".html"):
            path = Path(tmp) / f"f{suffix}"
            path.write_text(text, encoding="utf-8")

            def read(p=path):
                doc = load_file(p, limits=limits)
                chunker.chunk(doc, source=p.name, doc_hash="ab" * 32, meta=DocMeta(language="nl"))

            times[suffix] = _timed(read)
    slow = {k: round(v, 2) for k, v in times.items() if v > BOUND_S}
    assert not slow, (slow, len(text))


def test_the_question_patterns_of_the_answer_are_linear_on_a_long_question():
    # a question is not bounded in length on the command line: the patterns that read its
    # form (two things asked, "another X than", "what was changed") stay linear
    from assistant.compose import _LISTED, _TIME_COMPARED, _TWO_ASKS, _enumerates
    from assistant.core import _AGE_BRACKET, _PRICED
    from assistant.question import _ADDED_UP, _MONTH_OF_YEAR, _NOT_COMPARED, _WHAT_CHANGED

    for text in ("woord " * 40_000 + "?", "a, " * 60_000, "other word " * 20_000, "12 tot " * 30_000,
                 "wat kost een " + "x " * 50_000):
        for pattern in (_TWO_ASKS, _NOT_COMPARED, _WHAT_CHANGED, _TIME_COMPARED, _AGE_BRACKET, _LISTED,
                        _MONTH_OF_YEAR, _ADDED_UP):
            assert _timed(pattern.search, text) < BOUND_S, pattern.pattern[:40]
        assert _timed(_PRICED.match, text) < BOUND_S
        # ... as does the reading of a passage that names things one after another
        assert _timed(_enumerates, text) < BOUND_S
