"""Curated answers: close matches only, numbers checked against their sources."""
import json

import numpy as np

from assistant.curated import CuratedAnswers


def fake_embed(text):
    # bag of lower-case words hashed into 64 dims: similar wording -> similar vectors
    v = np.zeros(64, dtype=np.float32)
    for w in text.lower().replace("?", " ").split():
        v[hash(w) % 64] += 1
    return v / (np.linalg.norm(v) or 1)


def write(tmp_path, items):
    f = tmp_path / "curated.jsonl"
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in items), encoding="utf-8")
    return f


SRC = [{"source": "m.txt", "title": "Monitor 2023", "text": "een groot aantal (meer dan achthonderd) Oekraïners in 2022"}]


def test_close_match_is_answered_with_its_citation(tmp_path):
    f = write(tmp_path, [{"id": "c1", "question": "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?",
                          "language": "nl", "answer": "Meer dan 800 [1].", "sources": SRC}])
    cur = CuratedAnswers.load(f, fake_embed, min_similarity=0.8)
    m = cur.match("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "nl")
    assert m is not None and m[1] == "Meer dan 800 [1]."
    # another year, another group, another language: no match
    assert cur.match("Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?", "nl") is None
    assert cur.match("Hoeveel Polen kwamen er in 2022 in Leiden wonen?", "nl") is None
    assert cur.match("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "en") is None


def test_pair_whose_numbers_are_not_in_its_sources_is_skipped(tmp_path):
    f = write(tmp_path, [{"question": "Hoeveel Oekraïners?", "answer": "Meer dan 900 [1].", "sources": SRC},
                         {"question": "Zonder bron?", "answer": "12", "sources": []},
                         {"question": "Hoeveel Oekraïners in 2022?", "answer": {"nl": "Ruim 800 [1].", "en": "Over 800 [1]."},
                          "sources": SRC}])
    cur = CuratedAnswers.load(f, fake_embed)
    assert len(cur) == 1 and set(cur.pairs[0].answers) == {"nl", "en"}


def test_missing_file_loads_nothing(tmp_path):
    assert len(CuratedAnswers.load(tmp_path / "none.jsonl", fake_embed)) == 0
