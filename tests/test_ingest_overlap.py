"""Reading ahead while embedding: same vectors as embedding all at the end, each distinct
text embedded once, errors of the reading reach the caller, progress in both languages."""
import threading

import numpy as np
import pytest

from index.overlap import PassageVectors, ReadAhead
from index.testing import HashEmbedding
from index.vectors import EMBED_BATCH, embed_reusing
from ingest.types import Note


class CountingEmbedding(HashEmbedding):
    def embed_passages(self, texts):
        self.__dict__.setdefault("batches", []).append(list(texts))
        return super().embed_passages(texts)


def test_vectors_equal_embedding_everything_at_the_end_and_each_text_once():
    emb = CountingEmbedding()
    files = [[f"zin {i} over {w}" for i in range(EMBED_BATCH + 3)] for w in ("afval", "wonen")]
    files.append(files[0][:5] + ["nieuwe zin"])  # a file repeating texts of another
    known = {files[1][0]: HashEmbedding().embed_passages([files[1][0]])[0]}
    notes: list[Note] = []
    vecs = PassageVectors(emb, known, progress=notes.append)
    for texts in files:
        vecs.add(texts)
    every = [t for texts in files for t in texts]
    expected, embedded = embed_reusing(every, HashEmbedding(), known)
    assert np.array_equal(vecs.matrix(every), expected)
    assert vecs.embedded == len(set(every)) - 1 == embedded - 5  # repeats and the known text not embedded
    sent = [t for batch in emb.batches for t in batch]
    assert len(sent) == len(set(sent)) and files[1][0] not in sent
    assert notes[-1] == f"embedding passages ({vecs.embedded}/{vecs.embedded})"
    assert notes[-1].text("nl") == f"tekstdelen inbedden ({vecs.embedded}/{vecs.embedded})"


def test_read_ahead_runs_in_another_thread_and_passes_errors_on():
    seen: list[str] = []

    def items():
        for i in range(4):
            seen.append(threading.current_thread().name)
            yield i
        raise ValueError("bestand kapot")

    with ReadAhead(items(), depth=1) as reader:
        got = []
        with pytest.raises(ValueError, match="bestand kapot"):
            for x in reader:
                got.append(x)
    assert got == [0, 1, 2, 3]
    assert set(seen) == {"vraagbaak-read-ahead"}


def test_read_ahead_closed_early_closes_the_generator():
    closed = threading.Event()

    def items():
        try:
            for i in range(1000):
                yield i
        finally:
            closed.set()

    reader = ReadAhead(items(), depth=2)
    assert next(iter(reader)) == 0
    reader.close()
    assert closed.wait(5)


def test_store_update_reports_notes_and_matches_a_second_build(tmp_path, monkeypatch):
    from config import Settings
    from index.store import IndexStore

    corpus = tmp_path / "docs"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"d{i}.txt").write_text(f"Document {i}. Leiden telde in 202{i} precies {1000 + i} fietsen.\n\n"
                                          "Deze zin staat in elk document.\n")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    calls: list = []
    store = IndexStore(tmp_path / "index", settings=settings, embedder=HashEmbedding())
    report = store.update([corpus], progress=lambda f, what: calls.append((f, what)))
    assert report.written and report.chunks_total >= 6
    assert report.chunks_embedded == report.chunks_total  # each text holds its document's title: all distinct
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    notes = [w for _, w in calls]
    assert all(isinstance(w, Note) for w in notes)
    assert notes[0].text("nl").startswith("bestand lezen (1/3: d0.txt")
    assert any(w.code == "progress_embedding" for w in notes)
    assert notes[-1].text("nl") == "klaar"
    # the same vectors as embedding every passage text one by one
    texts = store.live().table.all()
    from index.nodes import from_stored, passage_text

    rows = [passage_text(from_stored(c)) for c in texts]
    assert np.allclose(np.asarray(store.live().dense.vectors), HashEmbedding().embed_passages(rows))
    # a second ingest of the same files embeds nothing and does not even gather the stored vectors
    gathered: list[int] = []
    from index import incremental

    real = incremental.NextGeneration.known_vectors
    monkeypatch.setattr(incremental.NextGeneration, "known_vectors",
                        lambda self: gathered.append(1) or real(self))
    again = store.update([corpus])
    assert not again.written and again.chunks_embedded == 0 and not gathered
    (corpus / "d3.txt").write_text("Een nieuw document over bomen in 2024.\n")
    third = store.update([corpus])
    assert third.written and third.chunks_embedded == 1 and gathered == [1]
