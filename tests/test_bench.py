"""The speed benchmark runs end to end at a tiny size and reports every key (not how
fast: the numbers belong in docs/BENCHMARKS.md, not in a unit test)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eval.synth import generate_corpus, questions

ROOT = Path(__file__).resolve().parent.parent

KEYS = {
    "chunks": int, "ingest_chunks_per_s": (int, float), "reingest_s": (int, float),
    "answer_p50_ms": (int, float), "answer_p95_ms": (int, float), "baseline_query_p95_ms": (int, float),
    "speedup_vs_baseline": (int, float), "cold_start_s": (int, float), "peak_rss_mb": (int, float),
    "index_mb": (int, float), "embedding_cache": (str, dict), "retrieve_p95_ms": (int, float),
    "compose_p95_ms": (int, float), "machine": dict,
}


def test_synthetic_corpus_is_deterministic_and_nested(tmp_path):
    a = generate_corpus(tmp_path / "a", chunks=300, seed=3)
    b = generate_corpus(tmp_path / "b", chunks=300, seed=3)
    small = generate_corpus(tmp_path / "s", chunks=100, seed=3)
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names)
    # a smaller corpus is a prefix of a larger one (one embedding cache serves all sizes)
    assert all((tmp_path / "a" / p.name).read_bytes() == p.read_bytes() for p in (tmp_path / "s").iterdir())
    assert a.estimated_chunks >= 300 and small.estimated_chunks >= 100
    assert any(n.endswith(".csv") for n in names) and any(n.endswith((".md", ".txt")) for n in names)
    qs = questions(10)
    assert [q["lang"] for q in qs[:2]] == ["nl", "en"] and qs == questions(10)


@pytest.mark.integration
def test_bench_reports_every_key_at_a_tiny_size(tmp_path):
    cmd = [sys.executable, "-m", "eval.bench", "--chunks", "150", "--questions", "6", "--rounds", "1",
           "--cold-runs", "1", "--reingest-runs", "1", "--embedder", "hash", "--faiss-compare",
           "--no-cache", "--json", "--quiet"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads(proc.stdout)
    for key, typ in KEYS.items():
        assert key in res, key
        assert isinstance(res[key], typ), (key, res[key])
    assert 100 <= res["chunks"] <= 300
    assert res["reingest_s"] > 0 and res["answer_p95_ms"] >= res["answer_p50_ms"] > 0
    assert res["faiss"]["in_use"]["recall_at_10"] == 1.0
    assert res["embedding_cache"] == "off" and res["chunks_embedded"] == res["chunks"]
    # the cold start split by step, each step measured, and nothing heavy on the answer path
    steps = res["cold_start_steps_s"]
    assert set(steps) >= {"import", "open_index", "assistant", "statistics", "embedder", "first_answer", "total"}
    assert steps["total"] >= steps["first_answer"] > 0
    assert not any(res["answer_path_modules"].values()), res["answer_path_modules"]
    assert {"embed", "dense", "bm25", "fuse", "evidence", "answer"} <= set(res["answer_steps_ms"])


def test_embedding_cache_is_shared_between_instances_and_counts_hits(tmp_path):
    from eval.bench import CachedEmbedding, EmbeddingCache
    from index.testing import HashEmbedding

    inner = HashEmbedding()
    first = CachedEmbedding(inner, EmbeddingCache(tmp_path, inner.identity, tag="a"))
    vecs = first.embed_passages(["een", "twee", "drie"])
    first._cache.flush()
    assert first.stats == {"hit": 0, "miss": 3, "synthetic": 0}
    second = CachedEmbedding(inner, EmbeddingCache(tmp_path, inner.identity, tag="b"))
    again = second.embed_passages(["twee", "een", "vier"])
    assert second.stats == {"hit": 2, "miss": 1, "synthetic": 0}
    assert (again[0] == vecs[1]).all() and (again[1] == vecs[0]).all()
    assert second.identity == inner.identity  # an index built with it is an ordinary index
    # queries are never served from the cache: they are what the benchmark times
    second.embed_query("een")
    assert second.stats["hit"] == 2


def test_against_compares_with_a_reference_revision():
    from eval.bench import compare_against

    cmp = compare_against({"cold_start_s": 1.0, "answer_p95_ms": 8.0, "index_mb": None},
                          {"cold_start_s": 4.0, "answer_p95_ms": 40.0, "index_mb": 3.0})
    assert cmp == {"cold_start_s": {"reference": 4.0, "this": 1.0, "ratio": 4.0},
                   "answer_p95_ms": {"reference": 40.0, "this": 8.0, "ratio": 5.0}}
