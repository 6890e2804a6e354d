"""The store interface, the same tests against both stores: the file index
(:class:`index.store.IndexStore`) and PostgreSQL (:class:`index.pg.PgStore`, on a real
server started by the ``pg_url`` fixture). Every test runs once per store
(``store_kind``), with the fake embedder: what is tested is the store, not the model.

Incremental ingest by content hash, a removed file's passages gone from every search, a
failed write leaving the previous generation answering, one writer at a time, a reader
that stays on the generation it loaded until it loads again, filters, both languages'
lexical search, and the assistant answering over the store.
"""
from __future__ import annotations

import threading

import pytest

from assistant.core import Assistant
from index.pg import PgStore
from index.store import IndexLocked, IndexStore
from tests.support import answer_key
from tests.support.corpus import VISIE, write_tiny_corpus


@pytest.fixture
def corpus(make_store):
    return write_tiny_corpus(make_store.settings.corpus_dir)


def _texts(store) -> set[str]:
    return {n.text for n in store.nodes()}


def _sources(store) -> set[str]:
    return {n.metadata["source"] for n in store.nodes()}


def test_the_settings_choose_the_store(make_store, store_kind):
    store = make_store()
    assert isinstance(store, PgStore if store_kind == "postgresql" else IndexStore)
    assert not store.exists() and not store.loaded and len(store) == 0 and store.generation is None
    assert store.stats()["chunks"] == 0


def test_build_then_unchanged_reingest_embeds_nothing(make_store, corpus, hash_embedder):
    store = make_store()
    first = store.update([corpus])
    assert first.written and first.chunks_embedded == first.chunks_total == len(store) > 0
    assert {f.status for f in first.files} == {"ingested"}
    calls, gen = hash_embedder.passages_embedded, store.generation

    again = make_store().update([corpus])  # as a new process would
    assert again.chunks_embedded == 0 and hash_embedder.passages_embedded == calls
    assert not again.written and again.generation == gen
    assert {f.status for f in again.files} == {"unchanged"}


def test_metadata_manifest_and_stats(make_store, corpus):
    store = make_store()
    store.update([corpus])
    nodes = {n.text: n for n in store.nodes()}
    ukr = next(n for t, n in nodes.items() if "Oekraïners" in t)
    assert ukr.metadata["title"] == "Monitor 2023" and ukr.metadata["url"] == "https://example.org/monitor"
    assert ukr.metadata["year"] == 2023 and ukr.metadata["language"] == "nl"
    assert ukr.metadata["section"] == "Internationalisering van de Leidse bevolking"
    assert store.node(ukr.node_id).text == ukr.text
    row = next(n for t, n in nodes.items() if "130067" in t)
    assert row.metadata["kind"] == "table_row" and row.metadata["year"] == 2024
    manifest = store.manifest
    assert sorted(manifest["ids"]) == sorted(n.node_id for n in store.nodes())
    assert {e["source"] for e in manifest["files"].values()} == {"monitor.txt", "visie.txt", "figures.csv"}
    assert all(len(e["sha256"]) == 64 for e in manifest["files"].values())
    stats = store.stats()
    assert stats["chunks"] == len(store) and len(stats["documents"]) == 3
    assert stats["years"] == [2021, 2023, 2024] and stats["generation"] == store.generation
    assert stats["embedder"] == "test-hash-embedding-96" and stats["indexed_at"]


def test_changed_file_replaces_its_chunks_only(make_store, corpus, hash_embedder):
    store = make_store()
    store.update([corpus])
    before = {n.node_id for n in store.nodes() if n.metadata["source"] != "visie.txt"}
    (corpus / "visie.txt").write_text(VISIE.replace("17 september 2020", "18 oktober 2021"), encoding="utf-8")
    calls = hash_embedder.passages_embedded
    report = store.update([corpus])
    assert {f.source: f.status for f in report.files} == {
        "monitor.txt": "unchanged", "visie.txt": "ingested", "figures.csv": "unchanged"}
    texts = " ".join(_texts(store))
    assert "18 oktober 2021" in texts and "17 september 2020" not in texts
    assert {n.node_id for n in store.nodes() if n.metadata["source"] != "visie.txt"} == before
    # only the changed sentence is embedded; the heading of visie.txt keeps its vector
    assert 0 < report.chunks_embedded == hash_embedder.passages_embedded - calls <= 2


def test_removed_file_disappears_from_every_search(make_store, corpus):
    store = make_store()
    store.update([corpus])
    top = store.bm25_search("stedenband Nagasaki", 1, "nl")
    assert top and "Nagasaki" in store.node(top[0][0]).text
    (corpus / "monitor.txt").unlink()
    report = store.update([corpus])
    assert any(f.source == "monitor.txt" and f.status == "removed" for f in report.files)
    assert _sources(store) == {"visie.txt", "figures.csv"}
    hits = store.dense_search(store.embed_query("Nagasaki stedenband"), k=50)
    assert len(hits) == len(store) and all("Nagasaki" not in store.node(i).text for i, _ in hits)
    for lang in ("nl", "en"):
        assert store.bm25_search("Nagasaki stedenband Oekraïners", 50, lang) == []
    assert all(e["source"] != "monitor.txt" for e in store.manifest["files"].values())
    reopened = make_store()
    assert _sources(reopened) == {"visie.txt", "figures.csv"} and reopened.generation == store.generation


def test_lexical_search_stems_dutch_and_english(make_store, corpus):
    store = make_store()
    store.update([corpus])
    nl = [store.node(i).text for i, _ in store.bm25_search("stedenbanden", 3, "nl")]
    assert nl and "Nagasaki" in nl[0]  # "stedenbanden" meets "stedenband" only through the Dutch stemmer
    en = [store.node(i).text for i, _ in store.bm25_search("inhabitant", 3, "en")]
    assert en and "130067" in en[0]
    scores = [s for _, s in store.bm25_search("Leiden inwoners Oekraïners stedenband", 10, "nl")]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert store.bm25_search("qqqq zzzz", 5, "nl") == [] and store.bm25_search("", 5, "en") == []


def test_dense_search_and_dense_scores_agree(make_store, corpus):
    store = make_store()
    store.update([corpus])
    q = store.embed_query("Oekraïners in Leiden in 2022")
    hits = store.dense_search(q, k=4)
    assert len(hits) == 4 and [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    scores = store.dense_scores(q, [i for i, _ in hits])
    assert scores.shape == (4,)
    assert [round(float(s), 4) for s in scores] == [round(s, 4) for _, s in hits]
    assert store.dense_scores(q, []).shape == (0,)


def test_filters_by_source_and_year(make_store, corpus):
    store = make_store()
    store.update([corpus])
    assert store.rows_matching() is None
    rows = store.rows_matching(years=[2021])
    hits = store.dense_search(store.embed_query("hoeveel inwoners"), k=10, rows=rows)
    assert hits and all(store.node(i).metadata["year"] == 2021 for i, _ in hits)
    rows = store.rows_matching(sources=["visie.txt"])
    hits = store.bm25_search("visie gemeenteraad", 10, "nl", rows=rows)
    assert hits and all(store.node(i).metadata["source"] == "visie.txt" for i, _ in hits)
    none = store.rows_matching(sources=["nope.txt"])
    assert len(none) == 0 and store.dense_search(store.embed_query("visie"), 5, rows=none) == []
    assert store.bm25_search("visie", 5, "nl", rows=none) == []


def _break_the_write(store_kind, monkeypatch):
    """Make the next write fail at its very end (the new generation almost written)."""
    if store_kind == "postgresql":
        from index.pg import store as pg_store

        def boom(conn, dim):
            conn.execute("SELECT 1/0")  # an error inside the transaction
        monkeypatch.setattr(pg_store, "ensure_vector_index", boom)
    else:
        import faiss

        def boom(*a, **k):
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(faiss, "write_index", boom)


def test_failed_write_leaves_the_previous_generation_answering(make_store, corpus, store_kind, monkeypatch):
    store = make_store()
    store.update([corpus])
    gen, texts = store.generation, _texts(store)
    dense = store.dense_search(store.embed_query("Oekraïners 2022"), k=3)
    (corpus / "visie.txt").write_text(VISIE + "\nNieuwe zin over iets anders.\n", encoding="utf-8")
    (corpus / "monitor.txt").unlink()
    with monkeypatch.context() as mp:
        _break_the_write(store_kind, mp)
        with pytest.raises(OSError):
            store.update([corpus])
    for s in (store, make_store()):  # the store that failed, and anyone who opens it now
        assert s.generation == gen and _texts(s) == texts
        assert s.dense_search(s.embed_query("Oekraïners 2022"), k=3) == dense
    report = make_store().update([corpus])  # the lock is free and the next write succeeds
    assert report.written and "Nieuwe zin over iets anders." in _texts(make_store())


def test_second_writer_is_refused_with_a_clear_message(make_store, corpus):
    held = make_store().lock()
    try:
        with pytest.raises(IndexLocked, match="another ingest"):
            make_store().update([corpus])
    finally:
        held.release()
    assert make_store().update([corpus]).written


def test_a_reader_stays_on_its_generation_until_it_loads_again(make_store, corpus):
    """A replica that loaded generation G keeps answering from G (all its searches agree
    with its nodes) while another process writes G+1; ``load()`` moves it to G+1."""
    reader = make_store()
    reader.update([corpus])
    gen, ids = reader.generation, {n.node_id for n in reader.nodes()}
    (corpus / "nieuw.txt").write_text("De gemeente Leiden opende in 2025 een Expat Desk in de Stationsbuurt.\n",
                                      encoding="utf-8")
    (corpus / "visie.txt").unlink()
    writer = make_store()
    assert writer.update([corpus]).written
    assert reader.generation == gen
    for q in ("Expat Desk Stationsbuurt", "visie gemeenteraad 17 september"):
        found = {i for i, _ in reader.dense_search(reader.embed_query(q), 50)}
        found |= {i for lang in ("nl", "en") for i, _ in reader.bm25_search(q, 50, lang)}
        assert found <= ids
    assert reader.bm25_search("Expat Desk Stationsbuurt", 5, "nl") == [] or \
        all(i in ids for i, _ in reader.bm25_search("Expat Desk Stationsbuurt", 5, "nl"))
    reader.load()
    assert reader.generation == writer.generation != gen
    hits = reader.bm25_search("Expat Desk Stationsbuurt", 3, "nl")
    assert hits and "Stationsbuurt" in reader.node(hits[0][0]).text
    assert "visie.txt" not in _sources(reader)


def test_readers_are_not_blocked_by_a_writer(make_store, corpus):
    store = make_store()
    store.update([corpus])
    before = store.bm25_search("stedenband", 3, "nl")
    (corpus / "nieuw.txt").write_text("Een nieuwe zin over de stedenband met Oxford.\n", encoding="utf-8")
    started, release = threading.Event(), threading.Event()

    from index.testing import HashEmbedding

    class Blocking(HashEmbedding):
        def _encode(self, texts, is_query):
            if not is_query:
                started.set()
                assert release.wait(60)
            return super()._encode(texts, is_query)

    result = {}
    t = threading.Thread(target=lambda: result.setdefault("r", make_store(embedder=Blocking()).update([corpus])))
    t.start()
    try:
        assert started.wait(60)
        assert store.bm25_search("stedenband", 3, "nl") == before  # answered while the writer works
        with pytest.raises(IndexLocked):
            make_store().update([corpus])
    finally:
        release.set()
        t.join(60)
    assert result["r"].written


def test_the_assistant_answers_over_the_store(make_store, corpus):
    """The assistant's path through the store (passages, both searches, dense scores,
    filters); whether the fake embedder's answer passes the answerability gate is not
    what is tested here."""
    store = make_store()
    store.update([corpus])
    bot = Assistant(make_store(), make_store.settings, use_curated=False)
    answer = bot.ask("Met welke steden heeft Leiden een stedenband?")
    assert answer.retrieved and answer.retrieved[0]["source"] == "monitor.txt"
    assert "Nagasaki" in bot.passages()[0].text or any("Nagasaki" in p.text for p in bot.passages())
    filtered = bot.ask("Wanneer is de visie vastgesteld?", filters={"sources": ["visie.txt"]})
    assert filtered.retrieved and {r["source"] for r in filtered.retrieved} == {"visie.txt"}


def test_uploads_go_into_the_store(make_store, corpus):
    from ingest.uploads import add_uploads

    store = make_store()
    store.update([corpus])
    data = "Leiden opende in 2025 het Welkomstpunt aan de Breestraat.\n".encode()
    results = add_uploads([("welkom.txt", data)], store, make_store.settings)
    assert results[0].status == "ingested" and results[0].chunks >= 1
    assert add_uploads([("again.txt", data)], store, make_store.settings)[0].code == "duplicate"
    other = make_store()  # another replica
    hits = other.bm25_search("Welkomstpunt Breestraat", 3, "nl")
    assert hits and "Breestraat" in other.node(hits[0][0]).text


def test_both_stores_give_the_same_answers(tmp_path, pg_url, pg_schema, hash_embedder):
    """The same corpus in both stores: the same chunks, and the assistant gives the same
    answers with the same citations (the lexical scores differ a little: PostgreSQL's
    stemming and English stop words are not bm25s's)."""
    from config import Settings
    from index import open_store

    corpus = write_tiny_corpus(tmp_path / "corpus")
    base = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    stores = [open_store(base, embedder=hash_embedder),
              open_store(base.with_(store_url=pg_url, store_schema=pg_schema), embedder=hash_embedder)]
    for s in stores:
        s.update([corpus])
    file_store, pg = stores
    assert {(n.node_id, n.text) for n in file_store.nodes()} == {(n.node_id, n.text) for n in pg.nodes()}
    assert {n.node_id: n.metadata for n in file_store.nodes()} == {n.node_id: n.metadata for n in pg.nodes()}
    questions = ["Met welke steden heeft Leiden een stedenband?", "How many inhabitants did Leiden have in 2024?",
                 "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "Wanneer is de visie vastgesteld?",
                 "Wie is de burgemeester van Oxford?"]
    answers = [[answer_key(Assistant(s, s.settings, use_curated=False).ask(q)) for q in questions] for s in stores]
    for a, b in zip(*answers):
        a.pop("retrieved", None), b.pop("retrieved", None)
        assert a["answer"] == b["answer"] and a["answerable"] == b["answerable"], a["question"]
        assert [c["text"] for c in a["citations"]] == [c["text"] for c in b["citations"]]
