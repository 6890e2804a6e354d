"""Uploads: checked by size and content before anything is written under the corpus,
stored under generated names that never escape ``corpus/uploads``, indexed
incrementally; a failing file gets its own message and the others still index.

The fake embedder (``hash_embedder``) keeps these tests fast; the index itself is the real one."""
from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest

from config import Settings
from index.store import IndexStore
from ingest.uploads import (UploadResult, add_uploads, check_upload, display_name, safe_filename, safe_relpath,
                            slugify, store_upload)
from ingest.types import LoaderError
from tests.support.filegen import make_docx, make_pdf, make_xlsx, make_zip_bomb

MONITOR = ("Monitor internationalisering\n\nMet 13,1% is dit jaar 1 op de 8 Leidenaren een international.\n\n"
           "Leiden heeft een stedenband met Nagasaki, Oxford en Toruń.\n")
NOTE = "# Kwakelfonds\n\nHet Kwakelfonds van Leiden telde in 2031 precies 4711 deelnemers.\n"


@pytest.fixture
def env(tmp_path, hash_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "monitor.txt").write_text(MONITOR, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", upload_max_mb=1)
    store = IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder)
    store.update([corpus])
    return settings, store


def corpus_files(settings: Settings) -> set[str]:
    return {p.relative_to(settings.corpus_dir).as_posix() for p in Path(settings.corpus_dir).rglob("*") if p.is_file()}


def sources(store: IndexStore) -> set[str]:
    return {d["source"] for d in store.stats()["documents"]}


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("name, expected", [
    ("Jaarverslag 2024 (déf).PDF", "jaarverslag-2024-def.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\Windows\\win.ini.pdf", "win-ini.pdf"),
    ("/abs/path/Ünïcödé naam.pdf", "unicode-naam.pdf"),
    ("..", "upload.pdf"),
    ("", "upload.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("a\x00b\nc.pdf", "abc.pdf"),
    ("<script>alert(1)</script>.pdf", "script.pdf"),  # "/" ends a path component
    ("<b onclick=x>.pdf", "b-onclick-x.pdf"),
    ("报告.pdf", "upload.pdf"),
])
def test_safe_filename_keeps_only_a_slug_of_the_last_component(name, expected):
    assert safe_filename(name, "pdf") == expected
    assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*\.[a-z]+", expected)


def test_extension_follows_the_detected_type_not_the_name():
    assert safe_filename("rapport.txt", "pdf") == "rapport.pdf"
    assert safe_filename("tabel.xls", "xlsx") == "tabel.xlsx"
    assert safe_filename("notitie", "markdown") == "notitie.md"
    rel = safe_relpath("rapport.txt", b"%PDF-1.4", "pdf")
    assert re.fullmatch(r"[0-9a-f]{10}/rapport\.pdf", rel)


def test_slug_is_limited_and_display_name_is_only_the_last_component():
    assert len(slugify("x" * 500)) == 60
    assert slugify("---") == "upload"
    assert display_name("../../geheim/rapport.pdf") == "rapport.pdf"
    assert display_name("C:\\Users\\me\\rapport.pdf") == "rapport.pdf"
    assert len(display_name("a" * 300 + ".pdf")) == 118


@pytest.mark.parametrize("name", ["../../x.pdf", "/tmp/x.pdf", "..\\..\\x.pdf", "uploads/../../x.pdf", "....//x.pdf"])
def test_traversal_names_never_escape_the_uploads_folder(tmp_path, name):
    folder = tmp_path / "corpus" / "uploads"
    folder.mkdir(parents=True)
    path = store_upload(name, b"tekst", "text", folder)
    assert path.resolve().is_relative_to(folder.resolve())
    assert path.parent.parent == folder.resolve()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == [path] and path.name == "x.txt"  # extension of the detected type


# --------------------------------------------------------------------------- content checks

def test_check_upload_detects_types_by_content(tmp_path):
    pdf = make_pdf(tmp_path / "a.pdf", pages=[["# Kop", "Tekst op pagina een."]]).read_bytes()
    docx = make_docx(tmp_path / "a.docx", [("p", "Tekst.")]).read_bytes()
    xlsx = make_xlsx(tmp_path / "a.xlsx", {"cijfers": [["jaar", "aantal"], [2023, 5]]}).read_bytes()
    mb = 2**20
    assert check_upload("verslag.txt", pdf, max_bytes=mb) == "pdf"        # a PDF named .txt is a PDF
    assert check_upload("zonder-extensie", docx, max_bytes=mb) == "docx"
    assert check_upload("tabel.bin", xlsx, max_bytes=mb) == "xlsx"
    assert check_upload("pagina.txt", b"<!doctype html><html><p>x</p></html>", max_bytes=mb) == "html"
    assert check_upload("n.md", b"# Kop\n\ntekst", max_bytes=mb) == "markdown"
    assert check_upload("t.csv", b"a,b\n1,2\n", max_bytes=mb) == "csv"


@pytest.mark.parametrize("name, data, code", [
    ("nep.pdf", b"dit is gewoon tekst", "type_mismatch"),
    ("leeg.txt", b"", "empty_file"),
    ("prog.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" * 10, "unknown_type"),
    ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unknown_type"),
    ("script.sh", b"#!/bin/sh\nrm -rf /\n", "unknown_type"),
    ("groot.txt", b"a" * (2**20 + 1), "too_large"),
])
def test_bad_uploads_are_rejected_before_anything_is_written(env, name, data, code):
    settings, store = env
    before = corpus_files(settings)
    with pytest.raises(LoaderError) as err:
        check_upload(name, data, max_bytes=2**20)
    assert err.value.code == code
    [result] = add_uploads([(name, data)], store, settings)
    assert (result.status, result.code) == ("rejected", code)
    assert result.message("nl") and result.message("en") and result.message("nl") != result.message("en")
    assert corpus_files(settings) == before


def test_zip_bomb_is_rejected_before_it_is_stored(env, tmp_path):
    settings, store = env
    bomb = make_zip_bomb(tmp_path / "bomb.docx", member_mb=64).read_bytes()
    settings = settings.with_(upload_max_mb=5)
    [result] = add_uploads([("bomb.docx", bomb)], store, settings)
    assert (result.status, result.code) == ("rejected", "zip_bomb")
    assert not (Path(settings.corpus_dir) / "uploads").exists() or not any((Path(settings.corpus_dir) / "uploads").rglob("*.docx"))


# --------------------------------------------------------------------------- the whole flow

def test_good_file_is_indexed_and_bad_ones_get_their_own_errors(env):
    settings, store = env
    before_chunks = store.stats()["chunks"]
    progress: list[tuple[float, str]] = []
    results = add_uploads(
        [("../../Kwakelfonds notitie.md", NOTE.encode()),
         ("nep.pdf", b"gewoon tekst"),
         ("kapot.pdf", b"%PDF-1.7\n" + b"\x00\x01garbage" * 50)],
        store, settings, progress=lambda f, m: progress.append((f, m)))
    good, fake, broken = results
    assert good.status == "ingested" and good.chunks >= 1 and good.code is None and good.ok
    assert re.fullmatch(r"uploads/[0-9a-f]{10}/kwakelfonds-notitie\.md", good.stored_as)
    assert (fake.status, fake.code) == ("rejected", "type_mismatch")
    assert broken.status == "failed" and broken.code == "corrupt_pdf" and broken.stored_as is None
    assert "PDF" in broken.message("nl")
    # the broken PDF was removed again; only the good file stays in the corpus
    assert corpus_files(settings) == {"monitor.txt", good.stored_as}
    assert sources(store) == {"monitor.txt", good.stored_as}
    assert store.stats()["chunks"] > before_chunks
    # progress was reported, rising to 1.0
    fractions = [f for f, _ in progress]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)
    # the upload is searchable; the old document still is
    hits = store.bm25_search("Kwakelfonds deelnemers", 3, "nl")
    assert store.node(hits[0][0]).metadata["source"] == good.stored_as
    assert store.bm25_search("stedenband Nagasaki", 3, "nl")


def test_same_upload_twice_is_unchanged_and_same_content_under_another_name_is_skipped(env):
    settings, store = env
    [first] = add_uploads([("kwakel.md", NOTE.encode())], store, settings)
    generation = store.generation
    [again] = add_uploads([("kwakel.md", NOTE.encode())], store, settings)
    assert again.status == "unchanged" and again.ok and again.stored_as == first.stored_as
    assert store.generation == generation  # nothing re-indexed
    [copy] = add_uploads([("kopie.md", NOTE.encode())], store, settings)
    assert (copy.status, copy.code, copy.detail) == ("skipped", "duplicate", first.stored_as)
    assert copy.stored_as is None and not copy.ok
    assert [p for p in corpus_files(settings) if p.startswith("uploads/")] == [first.stored_as]
    # the same bytes twice in one batch: the first is indexed, the second skipped
    b, a = add_uploads([("b.md", b"# Twee\n\nZelfde inhoud."), ("a.md", b"# Twee\n\nZelfde inhoud.")], store, settings)
    assert (b.status, a.status, a.code, a.detail) == ("ingested", "skipped", "duplicate", "b.md")
    assert len([p for p in corpus_files(settings) if p.startswith("uploads/")]) == 2


def test_upload_duplicating_a_corpus_file_is_skipped_and_removed(env):
    settings, store = env
    [r] = add_uploads([("monitor-kopie.txt", MONITOR.encode())], store, settings)
    assert (r.status, r.code) == ("skipped", "duplicate")
    assert corpus_files(settings) == {"monitor.txt"}


def test_busy_index_fails_cleanly_and_keeps_answering(env):
    settings, store = env
    other = IndexStore(settings.index_dir, settings=settings, embedder=store.embedder)
    lock = other.lock()  # another writer holds the index
    try:
        [r] = add_uploads([("kwakel.md", NOTE.encode())], store, settings)
    finally:
        lock.release()
    assert (r.status, r.code) == ("failed", "index_busy")
    assert "opnieuw" in r.message("nl") and "again" in r.message("en")
    assert corpus_files(settings) == {"monitor.txt"}
    assert store.bm25_search("stedenband Nagasaki", 3, "nl")


def test_index_keeps_answering_while_an_upload_is_indexed(env):
    settings, store = env
    errors: list[BaseException] = []
    answers: list[int] = []
    done = threading.Event()

    def reader():
        while not done.is_set():
            try:
                answers.append(len(store.bm25_search("stedenband Nagasaki", 3, "nl")))
            except BaseException as exc:  # pragma: no cover
                errors.append(exc)

    t = threading.Thread(target=reader)
    t.start()
    try:
        results = add_uploads([(f"notitie-{i}.md", (NOTE + f"\nVersie {i}.\n").encode()) for i in range(3)],
                              store, settings)
    finally:
        done.set()
        t.join()
    assert all(r.status == "ingested" for r in results)
    assert not errors and answers and all(n >= 1 for n in answers)


def test_upload_result_messages():
    r = UploadResult("x.pdf", "rejected", "too_large", "30.0 MB > 25 MB")
    assert "30.0 MB > 25 MB" in r.message("en") and "limiet" in r.message("nl")
    assert UploadResult("x.pdf", "ingested").message("nl") == ""


def test_uploads_run_in_the_background_one_job_at_a_time(env, hash_embedder):
    """A slow upload (stopped by its time budget) and a good one, submitted by two
    sessions: submit returns at once, the jobs run one after the other with progress,
    everyone sees the index being updated, and questions are answered meanwhile."""
    from index.jobs import UploadJobs

    settings, _ = env
    settings = settings.with_(parse_timeout_s=1, upload_max_mb=5)
    store = IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder)
    prose = "\n\n".join("De gemeente Leiden bespreekt elk jaar de voortgang van het beleid in de raad. " * 4
                        for _ in range(6000))
    jobs = UploadJobs()
    started = time.monotonic()
    slow = jobs.submit([("traag.md", prose.encode())], store, settings)
    good = jobs.submit([("notitie.md", NOTE.encode())], store, settings)
    assert time.monotonic() - started < 1.0  # nothing was read or indexed on the caller's thread
    seen_active, fractions, answers = set(), [], 0
    while jobs.job(good.id).state not in ("done", "error"):
        active = jobs.active()
        if active is not None:
            seen_active.add(active.id)
            fractions.append(active.fraction)
            # only one job at a time: the other one is queued or done
            assert sum(j.state == "running" for j in (jobs.job(slow.id), jobs.job(good.id))) == 1
        answers += bool(store.bm25_search("stedenband Nagasaki", 3, "nl"))
        time.sleep(0.05)
    assert jobs.wait(slow.id, timeout=60).state == "done"
    assert [(r.status, r.code) for r in slow.results] == [("skipped", "too_slow")]
    assert [r.status for r in good.results] == ["ingested"]
    assert slow.id in seen_active and answers > 0 and max(fractions) > 0
    assert (slow.finished or 0) <= (good.started or 0)  # one after the other
    assert sources(store) == {"monitor.txt", good.results[0].stored_as}
