"""The answer path's shortcuts give exactly what the plain computation gives.

Dense: an exact index of ``FP16_MIN_CHUNKS`` chunks or more scans an 8-bit copy (else a
float16 copy) first and scores its best candidates exactly; the hits, their scores and the
order of ties must be those of the full exact scan. BM25: scores summed column by column in place. Evidence: a
text's stem keys, key prefixes and years read through caches of words and texts.
"""
from __future__ import annotations

import numpy as np
import pytest

from index import vectors as vec_mod
from index.bm25 import BM25Index
from index.vectors import DenseIndex


def _vectors(n: int = 3000, dim: int = 64, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    # clustered, like text embeddings (many close scores), with exact duplicates (ties)
    centres = rng.standard_normal((20, dim)).astype(np.float32)
    v = centres[rng.integers(0, 20, n)] + 0.3 * rng.standard_normal((n, dim)).astype(np.float32)
    v[100:110] = v[5]
    v[2000:2003] = v[7]
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def dense_pair(tmp_path_factory):
    v = _vectors()
    mp = pytest.MonkeyPatch()
    mp.setattr(vec_mod, "FP16_MIN_CHUNKS", 1000)
    try:
        built = DenseIndex.build(v)
    finally:
        mp.undo()
    folder = tmp_path_factory.mktemp("dense")
    built.save(folder)
    loaded = DenseIndex.load(folder)
    plain = DenseIndex(loaded.vectors, loaded.faiss_index)
    return v, loaded, plain


def test_a_large_exact_index_is_saved_with_its_float16_copy(dense_pair):
    _, loaded, plain = dense_pair
    assert loaded.coarse is not None and loaded.max_norm == pytest.approx(1.0, abs=1e-5)
    assert plain.coarse is None


def test_small_index_has_no_float16_copy():
    assert DenseIndex.build(_vectors(n=200)).coarse is None


@pytest.mark.parametrize("k", [1, 8, 40, 99, 200])
def test_search_through_the_float16_copy_is_the_exact_search(dense_pair, k):
    v, loaded, plain = dense_pair
    rng = np.random.default_rng(k)
    queries = [v[5], v[7], v[2001]]  # exact duplicates: ties at the top
    for i, s in zip(rng.integers(0, len(v), 60), np.tile([0.01, 0.1, 0.5, 2.0], 15)):
        q = v[i] + s * rng.standard_normal(v.shape[1]).astype(np.float32)
        queries.append((q / np.linalg.norm(q)).astype(np.float32))
    before = loaded.exact_fallbacks
    for q in queries:
        assert loaded.search(q, k) == plain.search(q, k)
    if k < 100:  # the shortcut was taken for almost every query
        assert loaded.exact_fallbacks - before < len(queries) // 4


def test_an_unprovable_top_k_falls_back_to_the_full_scan(dense_pair, monkeypatch):
    v, loaded, plain = dense_pair
    monkeypatch.setattr(vec_mod, "FP16_ERROR", 10.0)  # bounds nothing can beat
    monkeypatch.setattr(vec_mod, "BYTE_MARGIN", 1e4)
    before = loaded.exact_fallbacks
    assert loaded.search(v[42], 10) == plain.search(v[42], 10)
    assert loaded.exact_fallbacks == before + 1


def test_the_8bit_copy_is_saved_and_its_error_bounds_every_component(dense_pair):
    v, loaded, _ = dense_pair
    assert loaded.byte is not None and 0 < loaded.byte_error < 0.01
    decoded = loaded.byte.sa_decode(loaded.byte.sa_encode(v))
    assert np.abs(decoded - v).max() <= loaded.byte_error


def test_search_goes_through_the_8bit_copy(dense_pair):
    v, loaded, plain = dense_pair
    tries, misses = loaded.byte_tries, loaded.byte_misses
    for i in range(0, 3000, 97):
        assert loaded.search(v[i], 40) == plain.search(v[i], 40)
    assert loaded.byte_tries - tries == 31 and loaded.byte_misses - misses < 8


def test_an_unprovable_8bit_bound_falls_back_to_float16_then_the_copy_is_left_out(dense_pair, monkeypatch):
    v, loaded, plain = dense_pair
    monkeypatch.setattr(loaded, "byte_tries", 0)
    monkeypatch.setattr(loaded, "byte_misses", 0)
    monkeypatch.setattr(vec_mod, "BYTE_MARGIN", 1e4)
    fallbacks = loaded.exact_fallbacks
    for i in range(40):
        assert loaded.search(v[i * 7], 10) == plain.search(v[i * 7], 10)
    assert loaded.exact_fallbacks == fallbacks  # the float16 copy proved them
    # tried while on trial, then left out: it never proved one
    assert loaded.byte_tries == vec_mod.BYTE_TRIAL == loaded.byte_misses


def test_a_top_k_the_copies_cannot_serve_does_not_count_against_the_8bit_copy(dense_pair):
    v, loaded, plain = dense_pair
    tries, misses = loaded.byte_tries, loaded.byte_misses
    assert loaded.search(v[3], 200) == plain.search(v[3], 200)  # FAISS's reservoir selection
    assert (loaded.byte_tries, loaded.byte_misses) == (tries, misses)


def test_a_generation_without_an_8bit_copy_searches_through_float16(dense_pair, tmp_path):
    v, loaded, plain = dense_pair
    loaded.save(tmp_path)
    (tmp_path / DenseIndex.BYTE).unlink()
    old = DenseIndex.load(tmp_path)
    assert old.byte is None and old.coarse is not None
    assert old.search(v[9], 40) == plain.search(v[9], 40)


def test_bm25_scores_equal_bm25s_scores():
    texts = [f"de gemeente telde {n} inwoners in wijk {n % 7} en {n % 3} scholen" for n in range(300)]
    texts += ["inwoners inwoners inwoners", "scholen en wijken", "niets hier"]
    built = BM25Index.build(texts, "nl")  # scores through bm25s
    arrays = built.bm25.scores
    direct = BM25Index(arrays["data"], arrays["indices"], arrays["indptr"], built.vocab, len(texts), "nl",
                       sorted(built._stop))
    for q in ("inwoners wijk 3", "scholen", "inwoners scholen wijken 12", "onbekend woord"):
        a, b = built.scores(q), direct.scores(q)
        assert (a is None) == (b is None)
        if a is not None:
            assert np.array_equal(a, b) and a.dtype == b.dtype
            assert built.search(q, 10) == direct.search(q, 10)


def test_neighbours_read_at_once_are_those_read_one_by_one(tmp_path):
    from index.chunktable import ChunkTable

    items = [(f"c{i}", f"tekst {i}", {"source": f"s{i % 3}.txt", "position": i // 3}) for i in range(30)]
    items.append(("dup", "later", {"source": "s0.txt", "position": 2}))  # two at one position: the last row
    ChunkTable.write(tmp_path / "chunks.sqlite", items)
    table = ChunkTable.open(tmp_path / "chunks.sqlite")
    pairs = [(f"s{s}.txt", p) for s in range(4) for p in range(-1, 12)] + [("s0.txt", 2)]
    many = table.at_many(pairs)
    assert set(many) == {(s, p) for s, p in pairs}
    for s, p in pairs:
        one = table.at(s, p)
        got = many[(s, p)]
        assert (one is None) == (got is None)
        if one is not None:
            assert got == one
    assert many[("s0.txt", 2)].text == "later"


TEXTS = [
    "Uit de stads- en wijkenquête van 2020 blijkt dat 1 op de 10 expats moeite heeft met onderwijs.",
    "Bos- en Gasthuisdistrict: O'Neill's migratie-achtergrond, ’s-Gravenhage -- a--b 2016-2022 naïef",
    "Tabel — jaar: 2023; aandeel internationals: 13,1; eenheid: procent",
    "",
]


def test_text_keys_read_word_by_word_are_the_keys_of_the_whole_text():
    from assistant.evidence import text_keys
    from assistant.language import stem_keys, tokens

    for text in TEXTS:
        want: set[str] = set()
        for tok in tokens(text):
            want.update(stem_keys(tok))
            if "-" in tok:
                want.update(k for part in tok.split("-") if part for k in stem_keys(part))
        assert text_keys(text) == want


def test_a_key_prefix_is_found_in_the_sorted_keys_as_in_the_list_of_every_prefix():
    from assistant.evidence import _has_prefix, text_keys

    for text in TEXTS:
        keys = text_keys(text)
        prefixes = {k[:i] for k in keys for i in range(5, len(k) + 1)}
        probes = prefixes | {k + "s" for k in keys} | {k[:4] + "zz" for k in keys} | {"aaaaa", "zzzzz"}
        for stem in probes:
            if len(stem) >= 5:
                assert _has_prefix(keys, stem) == (stem in prefixes), stem


def test_years_read_once_are_the_years_read_afresh():
    import re

    from assistant.evidence import years_in
    from assistant.numbers import YEAR_RE

    rng = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
    for text in TEXTS + ["1991-2022 en 1980 - 2020, 2019–2021, 2050-2010"]:
        want = {int(y) for y in YEAR_RE.findall(text)}
        for m in rng.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if a < b <= a + 40:
                want |= set(range(a, b + 1))
        got = years_in(text)
        assert got == want and list(got) == list(want)
        got.add(1800)  # the caller's own set: the next read is not changed
        assert 1800 not in years_in(text)
