"""A server's warm-up loads the word encoder; a one-question process does not."""
from types import SimpleNamespace

import numpy as np

from assistant.core import Assistant
from assistant.termvec import TermVectors


def _bot(encoded: list) -> tuple[Assistant, TermVectors]:
    def encode(words):
        encoded.append(list(words))
        return np.ones((len(words), 2), dtype=np.float32)

    tv = TermVectors(["gemeente"], np.array([[1.0, 0.0]], dtype=np.float32), encode)
    retrieved = []
    prep = SimpleNamespace(backend=[object()], termvec=tv,
                           retriever=SimpleNamespace(retrieve=lambda *a, **k: retrieved.append(a) or []))
    bot = Assistant.__new__(Assistant)
    bot.prepared = lambda: prep
    return bot, tv


def test_warm_with_words_encodes_once_and_leaves_translations_alone():
    encoded: list = []
    bot, tv = _bot(encoded)
    bot.warm()
    assert encoded == []  # `vraagbaak ask`: the encoder waits for a question that needs it
    bot.warm(words=True)
    assert len(encoded) == 1 and encoded[0]
    assert not tv._cache  # no translation is made up by the warm-up
