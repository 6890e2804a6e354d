"""Faults during an ingest: ``kill -9`` at several moments, two ingests at once, and a
write that fails (disk full, read-only folder, I/O error). Each time the previous index
must load and answer exactly as before, nothing half-written may remain in use, and the
next ingest must succeed.

The kill tests run a small script calling ``IndexStore.update`` in child processes
(all at once, each on its own copy of the index) and send SIGKILL when the child reports
the phase it is in; the child makes that phase last by sleeping there (monkeypatched).

A read-only folder cannot be made with ``chmod`` here (the tests run as root, and root
writes anyway) and no tmpfs can be mounted, so "read-only" and "disk full" are
simulated by making ``open``/``os.replace``/``os.fsync``/the writers raise
``OSError(EROFS/ENOSPC/EIO)`` at the point where the real error would surface. The
FAISS writer failing is already covered by
tests/test_index.py::test_failed_write_leaves_previous_index_answering.
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import faiss
import numpy as np
import pytest
from index.chunktable import ChunkTable

from assistant.core import Assistant
from config import Settings
from index import generations, vectors
from index.store import IndexLocked, IndexStore
from index.testing import HashEmbedding
from tests.support import ROOT, answer_key

QUESTIONS = [
    "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?",
    "How many inhabitants did Leiden have on 1 January 2024?",
    "Met welke steden heeft Leiden een stedenband?",
]
NEW_FILE = "Nieuw bericht\n\nDe gemeente Leiden opende in 2025 een tweede Expat Desk in de Stationsbuurt.\n"


def snapshot(index_dir: Path, embedder) -> dict:
    """Everything a user could observe of an index: its generation, its chunks, dense
    and BM25 results, and the assistant's answers (without timings)."""
    settings = Settings(index_dir=index_dir)
    store = IndexStore.open(index_dir, settings=settings, embedder=embedder)
    bot = Assistant(store, settings)
    return {
        "generation": store.generation,
        "nodes": {n.node_id: n.text for n in store.nodes()},
        "dense": [store.dense_search(store.embed_query(q), k=8) for q in QUESTIONS],
        "bm25": [store.bm25_search(q, 8, "nl") for q in QUESTIONS],
        "answers": [answer_key(bot.ask(q)) for q in QUESTIONS],
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory, hash_embedder):
    """corpus/ copied and indexed once; tests work on copies of both."""
    tmp = tmp_path_factory.mktemp("faults")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("uploads"))
    index = tmp / "index"
    settings = Settings(corpus_dir=corpus, index_dir=index)
    IndexStore(index, settings=settings, embedder=hash_embedder).update([corpus])
    return {"corpus": corpus, "index": index, "snapshot": snapshot(index, hash_embedder)}


def copies(base, tmp_path: Path, name: str = "") -> tuple[Path, Path]:
    """A private copy of the corpus (with one new file, so an ingest has work to do)
    and of the index."""
    corpus = tmp_path / f"corpus{name}"
    index = tmp_path / f"index{name}"
    shutil.copytree(base["corpus"], corpus)
    shutil.copytree(base["index"], index)
    (corpus / "nieuw.txt").write_text(NEW_FILE, encoding="utf-8")
    return corpus, index


def assert_as_before(index: Path, base, embedder) -> None:
    assert snapshot(index, embedder) == base["snapshot"]


def assert_next_ingest_succeeds(index: Path, corpus: Path, base, embedder) -> None:
    """A later ingest clears the leftovers, writes a new generation next to the one that
    was live, and the new file is found."""
    settings = Settings(corpus_dir=corpus, index_dir=index)
    store = IndexStore(index, settings=settings, embedder=embedder)
    report = store.update([corpus])
    assert report.written and not report.failed
    assert any(f.source == "nieuw.txt" and f.status == "ingested" for f in report.files)
    names = sorted(p.name for p in index.iterdir())
    assert not [n for n in names if n.endswith(".tmp")], names
    gens = [n for n in names if n.startswith("gen-")]
    assert gens == sorted([base["snapshot"]["generation"], report.generation]), gens
    fresh = IndexStore.open(index, settings=settings, embedder=embedder)
    hits = fresh.bm25_search("tweede Expat Desk Stationsbuurt", 3, "nl")
    assert hits and "Stationsbuurt" in fresh.node(hits[0][0]).text


# ----------------------------------------------------------------------------- kill -9

# One child process imports the index code once (llama-index alone takes seconds on a
# busy machine) and then forks one ingest per kill moment on request. Each ingest makes
# its phase last (it sleeps there) and says so on stdout; the test then sends SIGKILL
# to that ingest's process. Phases:
#   load     while the files are being read (nothing written yet)
#   embed    while new chunks are being embedded (the lock is held)
#   write    the new generation is half written (gen-N.tmp)
#   pointer  gen-N is complete and in place, CURRENT still names the old one
CHILD = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, {root!r})
    from config import Settings
    import faiss
    from index.store import IndexStore
    from ingest import pipeline
    from index.testing import HashEmbedding

    def ingest(mode, index_dir, corpus):
        def say(msg):
            os.write(1, f"{{mode}} {{msg}}\\n".encode())

        def stall(marker):
            say(marker)
            time.sleep(120)

        class SlowEmbedding(HashEmbedding):
            def _encode(self, texts, is_query):
                if not is_query and mode == "embed":
                    stall("EMBEDDING")
                return super()._encode(texts, is_query)

        if mode == "load":
            real_parse = pipeline.parse
            def parse(*a, **k):
                stall("LOADING")
                return real_parse(*a, **k)
            pipeline.parse = parse
        if mode == "write":
            real_write = faiss.write_index
            def write_index(index, path):
                real_write(index, path)
                stall("WRITING")
            faiss.write_index = write_index
        if mode == "pointer":
            real_replace = os.replace
            def replace(src, dst, **kw):
                if str(dst).endswith("CURRENT"):
                    stall("POINTER")
                return real_replace(src, dst, **kw)
            os.replace = replace
        say(f"PID {{os.getpid()}}")
        settings = Settings(corpus_dir=corpus, index_dir=index_dir)
        IndexStore(index_dir, settings=settings, embedder=SlowEmbedding()).update([corpus])
        say("DONE")

    # Warm up once (language model, tokenizer, BM25, FAISS), so every fork starts warm.
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as warm:
        (Path(warm) / "c").mkdir()
        (Path(warm) / "c" / "a.txt").write_text("Leiden is een internationale stad.", encoding="utf-8")
        s = Settings(corpus_dir=Path(warm) / "c", index_dir=Path(warm) / "i")
        IndexStore(s.index_dir, settings=s, embedder=HashEmbedding()).update([s.corpus_dir])
    print("READY", flush=True)
    for line in sys.stdin:
        mode, index_dir, corpus = line.rstrip("\\n").split("\\t")
        if os.fork() == 0:
            try:
                ingest(mode, index_dir, corpus)
            finally:
                os._exit(0)
""")


class Forker:
    """The child that forks ingests; ``start`` returns the pid of the ingest."""

    def __init__(self, script: Path):
        self.proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        self.seen: list[str] = []
        self.wait_for("READY")

    def wait_for(self, line: str, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while line not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {line!r} within {timeout} s; seen {self.seen}")
            got = self.proc.stdout.readline()
            if not got:
                raise AssertionError(f"child ended before {line!r}: {self.proc.stderr.read()[-2000:]}")
            self.seen.append(got.strip())

    def start(self, mode: str, index: Path, corpus: Path) -> int:
        self.proc.stdin.write(f"{mode}\t{index}\t{corpus}\n")
        self.proc.stdin.flush()
        deadline = time.monotonic() + 60
        while not any(s.startswith(f"{mode} PID ") for s in self.seen):
            if time.monotonic() > deadline:
                raise AssertionError(f"{mode} did not start; seen {self.seen}")
            got = self.proc.stdout.readline()
            if not got:
                raise AssertionError(self.proc.stderr.read()[-2000:])
            self.seen.append(got.strip())
        return int(next(s for s in self.seen if s.startswith(f"{mode} PID ")).split()[-1])

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


def killed(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # a grandchild: wait until the kernel has cleaned it up
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if Path(f"/proc/{pid}/stat").is_file() and Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] == "Z":
            return  # a zombie: dead, its locks released; its parent reaps it
        time.sleep(0.05)
    raise AssertionError(f"process {pid} survived SIGKILL")


@pytest.mark.integration
def test_kill_9_at_any_moment_leaves_the_previous_index_answering(base, tmp_path, hash_embedder, cli_runner):
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(ROOT)), encoding="utf-8")
    corpus, _ = copies(base, tmp_path)
    markers = {"load": "LOADING", "embed": "EMBEDDING", "write": "WRITING", "pointer": "POINTER"}
    indexes = {}
    forker = Forker(script)
    pids: list[int] = []
    try:
        for mode, marker in markers.items():
            index = indexes[mode] = tmp_path / f"index-{mode}"
            shutil.copytree(base["index"], index)
            pid = forker.start(mode, index, corpus)
            pids.append(pid)
            forker.wait_for(f"{mode} {marker}")
            if mode == "embed":
                # Meanwhile, a second ingest on the same index is refused, with a clear message
                # that names the writer; the CLI says so in Dutch and exits with 2.
                with pytest.raises(IndexLocked, match=rf"another ingest is writing .*pid {pid}"):
                    IndexStore(index, settings=Settings(index_dir=index), embedder=hash_embedder).update([corpus])
                code, _, err = cli_runner(["ingest", str(corpus), "--index", str(index)])
                assert code == 2 and "er loopt al een andere indexering" in err and f"pid {pid}" in err
            killed(pid)
        assert not [s for s in forker.seen if s.endswith("DONE")]
    finally:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        forker.close()

    # what a kill can leave behind
    assert (indexes["write"] / "gen-000002.tmp").is_dir()
    assert (indexes["pointer"] / "gen-000002" / "manifest.json").is_file()  # complete but never live
    assert (indexes["pointer"] / "CURRENT.tmp").is_file()
    for mode, index in indexes.items():
        assert_as_before(index, base, hash_embedder)
        assert_next_ingest_succeeds(index, corpus, base, hash_embedder)  # the lock is free again, leftovers go


def test_two_ingests_at_once_in_one_process(base, tmp_path, hash_embedder):
    """Two threads ingest into the same folder: the second is refused at once; the first
    completes; readers meanwhile always get a whole index (the old or the new)."""
    corpus, index = copies(base, tmp_path)
    settings = Settings(corpus_dir=corpus, index_dir=index)
    embedding = threading.Event()
    release = threading.Event()

    class BlockingEmbedding(HashEmbedding):
        def _encode(self, texts, is_query):
            if not is_query:
                embedding.set()
                assert release.wait(60)
            return super()._encode(texts, is_query)

    reader = IndexStore.open(index, settings=settings, embedder=hash_embedder)
    bot = Assistant(reader, settings)
    results: dict = {}
    first = threading.Thread(target=lambda: results.setdefault(
        "first", IndexStore(index, settings=settings, embedder=BlockingEmbedding()).update([corpus])))
    first.start()
    try:
        assert embedding.wait(60)
        with pytest.raises(IndexLocked, match="another ingest"):
            IndexStore(index, settings=settings, embedder=hash_embedder).update([corpus])
        # a reader is not blocked by the writer and sees the old index
        assert answer_key(bot.ask(QUESTIONS[0])) == base["snapshot"]["answers"][0]
    finally:
        release.set()
        first.join(60)
    assert results["first"].written
    after = snapshot(index, hash_embedder)
    assert after["generation"] != base["snapshot"]["generation"]
    assert set(base["snapshot"]["nodes"].items()) <= set(after["nodes"].items())
    assert any("Stationsbuurt" in t for t in after["nodes"].values())
    # the index on disk is consistent: every id has a chunk and a vector
    store = IndexStore.open(index, settings=settings, embedder=hash_embedder)
    gen = store.live()
    assert len(gen.ids) == len(gen.nodes) == gen.vectors.shape[0] == gen.faiss_index.ntotal


# ----------------------------------------------------------------------------- failed writes

def _raise(err: int):
    def boom(*args, **kwargs):
        raise OSError(err, os.strerror(err))
    return boom


def _replace_failing_for(suffix_test, err: int):
    real = os.replace

    def replace(src, dst, **kw):
        if suffix_test(str(dst)):
            raise OSError(err, os.strerror(err), str(dst))
        return real(src, dst, **kw)
    return replace


FAULTS = {
    # disk full while the chunk store is written
    "docstore-enospc": lambda mp: mp.setattr(ChunkTable, "write", _raise(errno.ENOSPC)),
    # disk full while the vectors are written
    "vectors-enospc": lambda mp: mp.setattr(np, "save", _raise(errno.ENOSPC)),
    # disk full at the manifest, the last file of a generation
    "manifest-enospc": lambda mp: mp.setattr(generations, "_write_json", _raise(errno.ENOSPC)),
    # an I/O error on fsync
    "fsync-eio": lambda mp: mp.setattr(os, "fsync", _raise(errno.EIO)),
    # the folder turns read-only when the finished generation is renamed into place
    "rename-erofs": lambda mp: mp.setattr(os, "replace", _replace_failing_for(
        lambda dst: Path(dst).name.startswith("gen-"), errno.EROFS)),
    # ... or only when CURRENT is switched: gen-N is complete on disk but never became live
    "pointer-erofs": lambda mp: mp.setattr(os, "replace", _replace_failing_for(
        lambda dst: dst.endswith("CURRENT"), errno.EROFS)),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_failed_write_leaves_the_old_index_intact(fault, base, tmp_path, hash_embedder, monkeypatch):
    corpus, index = copies(base, tmp_path)
    settings = Settings(corpus_dir=corpus, index_dir=index)
    live = IndexStore.open(index, settings=settings, embedder=hash_embedder)  # e.g. the app, serving
    with monkeypatch.context() as mp:
        FAULTS[fault](mp)
        with pytest.raises(OSError):
            live.update([corpus])
    # the store that failed to write still serves the old generation ...
    assert live.generation == base["snapshot"]["generation"]
    assert [answer_key(Assistant(live, settings).ask(q)) for q in QUESTIONS] == base["snapshot"]["answers"]
    # ... and so does the folder, for anyone who opens it now (a CURRENT.tmp or a complete
    # but never activated gen-N may stay behind; the next ingest removes them)
    assert not list(index.glob("gen-*.tmp"))
    assert_as_before(index, base, hash_embedder)
    assert_next_ingest_succeeds(index, corpus, base, hash_embedder)


def test_read_only_index_folder_and_cli_message(base, tmp_path, hash_embedder, monkeypatch, cli_runner):
    """Nothing can be written at all (not even the lock file): the ingest stops before it
    reads anything; ``vraagbaak ingest`` says why in the user's language, exits 1, and
    the index answers as before."""
    corpus, index = copies(base, tmp_path)
    real_open = open

    def read_only_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+") and Path(str(file)).resolve().is_relative_to(index.resolve()):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real_open(file, mode, *args, **kwargs)

    for module in (generations, vectors):  # where the index folder is written
        monkeypatch.setattr(module, "open", read_only_open, raising=False)
    with pytest.raises(OSError) as exc:
        IndexStore(index, settings=Settings(index_dir=index), embedder=hash_embedder).update([corpus])
    assert exc.value.errno == errno.EROFS
    code, out, err = cli_runner(["ingest", str(corpus), "--index", str(index)], "nl")
    assert code == 1 and out == ""
    assert "de index kon niet worden weggeschreven; de vorige index is ongewijzigd en blijft antwoorden" in err
    assert "Read-only file system" in err and "Traceback" not in err
    code, _, err = cli_runner(["ingest", str(corpus), "--index", str(index)], "en")
    assert code == 1 and "the index could not be written; the previous index is unchanged" in err
    for module in (generations, vectors):
        monkeypatch.setattr(module, "open", real_open, raising=False)
    assert_as_before(index, base, hash_embedder)
    assert_next_ingest_succeeds(index, corpus, base, hash_embedder)


def test_disk_full_through_the_cli(base, tmp_path, hash_embedder, monkeypatch, cli_runner):
    corpus, index = copies(base, tmp_path)
    monkeypatch.setattr(np, "save", _raise(errno.ENOSPC))
    code, out, err = cli_runner(["ingest", str(corpus), "--index", str(index), "--json"], "en")
    assert code == 1 and out == ""  # no report: nothing was ingested
    assert "the index could not be written" in err and "No space left on device" in err
    assert "Traceback" not in err
    monkeypatch.undo()
    assert_as_before(index, base, hash_embedder)


@pytest.mark.parametrize("free_mb", [0, 10_000])
def test_faiss_write_error_reads_as_every_other_write_error(free_mb, base, tmp_path, hash_embedder, monkeypatch,
                                                            cli_runner):
    """FAISS says a write failed with a C++ assertion; the user reads the message every
    other write error gives (disk full when the disk is full), never the assertion."""
    corpus, index = copies(base, tmp_path)
    (corpus / "nieuw.txt").write_text("Een nieuwe zin over de stad Leiden en haar bruggen.", encoding="utf-8")

    def write_index(*a, **k):
        raise RuntimeError("Error in void faiss::write_index(...) at faiss/impl/index_write.cpp:499: "
                           "Error: 'ret == (size * 4)' failed")

    class Full:
        f_bavail, f_frsize = free_mb, 2**20

    monkeypatch.setattr(faiss, "write_index", write_index)
    monkeypatch.setattr(vectors.os, "statvfs", lambda _: Full())
    code, out, err = cli_runner(["ingest", str(corpus), "--index", str(index)], "en")
    assert code == 1 and out == ""
    assert "the index could not be written; the previous index is unchanged" in err
    assert ("No space left on device" if free_mb == 0 else "Input/output error") in err
    assert "write.cpp" not in err and "ret ==" not in err and "Traceback" not in err
    monkeypatch.undo()
    assert_as_before(index, base, hash_embedder)
