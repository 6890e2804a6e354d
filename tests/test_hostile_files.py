"""Hostile files: inputs built to stall an ingest, eat memory or slip garbage into the
index. Each is generated here, read under small limits (test settings) and must be
reported with its own code, in Dutch and English, while the other files of the same
ingest are indexed and a previous version of the file stays in the index.

The same inputs at full size, with the real default limits, are measured by
``python -m eval.hostile`` (seconds and peak memory per input).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from config import Settings
from index.store import IndexStore
from ingest.pipeline import SKIP_CODES
from messages import TEXTS

GOOD = "Leiden heeft een stedenband met Toruń sinds 1988 en met Oxford sinds 1946.\n"
PROSE = ("De gemeente Leiden telde op 1 januari 2024 in totaal 130.067 inwoners, "
         "van wie een groeiend deel een internationale achtergrond heeft. ")


def _store(tmp_path: Path, embedder, **limits) -> tuple[Settings, IndexStore]:
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", **limits)
    return settings, IndexStore(settings.index_dir, settings=settings, embedder=embedder)


def _report(report) -> dict[str, tuple[str, str | None]]:
    return {f.source: (f.status, f.code) for f in report.files}


def test_a_file_over_its_time_or_memory_budget_is_stopped_and_keeps_its_last_version(tmp_path, hash_embedder):
    """The worker reading a file is killed past its wall time or memory budget; the file
    is skipped as too_slow / too_much_memory with the figures, the other file is indexed,
    and the version indexed before stays."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "slow.txt").write_text("Een korte eerste versie van dit bestand over Leiden.\n", encoding="utf-8")
    (folder / "hungry.csv").write_text("jaar,inwoners\n2024,130067\n", encoding="utf-8")
    settings, store = _store(tmp_path, hash_embedder)
    store.update([folder])
    before = {n.metadata["source"]: n.text for n in store.nodes()}

    # rewritten: ~2 MB of prose (seconds of sentence splitting), a 48 MB table (its bytes
    # and its text are in memory at once)
    (folder / "slow.txt").write_text("\n\n".join(PROSE * 4 for _ in range(5000)), encoding="utf-8")
    (folder / "hungry.csv").write_text("jaar,inwoners\n" + "2024,130067\n" * 4_000_000, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD + "Oxford is sinds 1946 een zusterstad.\n", encoding="utf-8")
    _, tight = _store(tmp_path, hash_embedder, parse_timeout_s=5, parse_memory_mb=60, max_chunks_per_file=10**6)
    report = tight.update([folder])
    got = {f.source: f for f in report.files}
    # (on a busy machine the 2 MB of prose may cross the memory budget first: both are the budget at work)
    assert (got["slow.txt"].status, got["slow.txt"].code) in (("skipped", "too_slow"), ("skipped", "too_much_memory")), \
        report.to_json()
    assert (got["hungry.csv"].status, got["hungry.csv"].code) == ("skipped", "too_much_memory"), report.to_json()
    assert got["good.txt"].status == "ingested"
    assert ("limit 5 s" in got["slow.txt"].detail or "limit 60 MB" in got["slow.txt"].detail)
    assert "limit 60 MB" in got["hungry.csv"].detail
    for code in ("too_slow", "too_much_memory"):
        assert code in SKIP_CODES and all(TEXTS[code])
    assert "geheugen" in got["hungry.csv"].message("nl") and "memory" in got["hungry.csv"].message("en")
    after = {n.metadata["source"]: n.text for n in tight.nodes()}
    assert after["slow.txt"] == before["slow.txt"] and after["hungry.csv"] == before["hungry.csv"]
    assert "zusterstad" in " ".join(n.text for n in tight.nodes() if n.metadata["source"] == "good.txt")


def test_limits_are_checked_while_reading(tmp_path, hash_embedder):
    """Columns, rows, blocks of a page and line length are refused as soon as they are
    crossed (small limits here; eval/hostile.py measures the full-size inputs)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "breed.csv").write_text("\n".join(",".join(f"k{i}x{j}" for i in range(300)) for j in range(5)),
                                      encoding="utf-8")
    (folder / "lang.csv").write_text("jaar,inwoners\n" + "2024,130067\n" * 5000, encoding="utf-8")
    (folder / "groot.html").write_text("<html><body>" + "<div><p>Alinea over Leiden.</p></div>" * 5000
                                       + "</body></html>", encoding="utf-8")
    (folder / "regel.md").write_text("# Kop\n\n" + "woord " * 20_000 + "\n", encoding="utf-8")
    (folder / "tabel.csv").write_text("jaar,inwoners\n" + "".join(f"{y},{y * 7}\n" for y in range(1990, 2040)),
                                      encoding="utf-8")
    _, store = _store(tmp_path, hash_embedder, max_chunks_per_file=100, max_columns=200, max_line_chars=50_000)
    report = store.update([folder])
    assert _report(report) == {
        "good.txt": ("ingested", None), "tabel.csv": ("ingested", None),
        "breed.csv": ("skipped", "too_many_columns"), "lang.csv": ("skipped", "too_many_chunks"),
        "groot.html": ("skipped", "too_many_chunks"), "regel.md": ("skipped", "line_too_long"),
    }, report.to_json()
    got = {f.source: f for f in report.files}
    assert "300 columns" in got["breed.csv"].detail and "limit 200" in got["breed.csv"].detail
    assert "limit 50000" in got["regel.md"].detail
    assert "kolommen" in got["breed.csv"].message("nl") and "columns" in got["breed.csv"].message("en")
    assert "regel" in got["regel.md"].message("nl") and "line" in got["regel.md"].message("en")


def test_a_file_rewritten_while_it_is_read_is_indexed_as_the_version_that_was_hashed(tmp_path, hash_embedder):
    """While ingests run, another process keeps rewriting a file in place (truncate +
    write, as sync clients do) between two versions. After every ingest the manifest's
    hash is that of the version whose text the index holds."""
    import hashlib
    import threading
    import time

    folder = tmp_path / "corpus"
    folder.mkdir()
    versions = {tag: (f"Versie {tag}. " + f"Deze tekst hoort bij versie {tag} van het bestand. " * 400).encode()
                for tag in "AB"}
    digests = {hashlib.sha256(data).hexdigest(): tag for tag, data in versions.items()}
    target = folder / "wisselend.txt"
    target.write_bytes(versions["A"])
    stop = threading.Event()

    def rewrite() -> None:
        while not stop.is_set():
            for tag in "BA":
                with open(target, "r+b") as fh:
                    fh.truncate(0)
                    fh.write(versions[tag][: len(versions[tag]) // 2])
                    fh.flush()
                    fh.write(versions[tag][len(versions[tag]) // 2:])
                time.sleep(0.02)

    settings, store = _store(tmp_path, hash_embedder)
    writer = threading.Thread(target=rewrite, daemon=True)
    writer.start()
    try:
        seen = set()
        for _ in range(6):
            store.update([folder])
            entry = store.manifest["files"].get(str(target.resolve()))
            if entry is None:  # read just after a truncate: empty, and never indexed yet
                continue
            text = " ".join(n.text for n in store.nodes() if n.metadata["source"] == "wisselend.txt")
            if entry["sha256"] in digests:
                tag = digests[entry["sha256"]]
                other = "B" if tag == "A" else "A"
                assert f"versie {tag}" in text and f"versie {other}" not in text
                seen.add(tag)
            else:  # a half-written state was read: then that is what the index holds and names
                assert all(n.metadata["doc_hash"] == entry["sha256"] for n in store.nodes()
                           if n.metadata["source"] == "wisselend.txt")
    finally:
        stop.set()
        writer.join()
    assert seen  # at least one round read a whole version
    # the file at rest: the next ingest holds exactly it (never "unchanged" on a stale text)
    store.update([folder])
    entry = store.manifest["files"][str(target.resolve())]
    assert entry["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()


def test_a_text_file_that_turns_binary_partway_is_read_up_to_there(tmp_path, hash_embedder):
    """70 KB of text, then 200 KB of binary (NUL bytes among random ones): the text is
    indexed, the binary part is not chunked into garbage, and the report says so."""
    import random

    folder = tmp_path / "corpus"
    folder.mkdir()
    text = "".join(f"Zin {i}: de gemeente Leiden publiceert elk jaar een monitor over de stad.\n\n"
                   for i in range(1000)).encode()
    assert len(text) > 64 * 1024
    rnd = random.Random(7)
    binary = bytes(rnd.randrange(256) for _ in range(200_000))
    (folder / "half.txt").write_bytes(text + b"\x00" + binary)
    (folder / "half.md").write_bytes(b"# Monitor\n\n" + text + b"\x00\x00" + binary)
    _, store = _store(tmp_path, hash_embedder)
    report = store.update([folder])
    for f in report.files:
        assert (f.status, f.code) == ("ingested", "partial"), report.to_json()
        assert "binary content from byte" in f.detail
        assert f.message("nl").startswith("geïndexeerd, maar niet alles")
    for node in store.nodes():
        assert node.text.startswith("Zin ") and "Leiden" in node.text, node.text
        assert all(c.isprintable() for c in node.text)
    assert len(store.nodes()) == 2000


# ----------------------------------------------------------------------------- the command line

def test_ask_prints_document_text_and_names_inert(tmp_path, cli_runner, e5):
    """A file name and a text with ANSI escape sequences, a carriage return, a bidi
    override and C1 controls: ``vraagbaak ask`` (plain and --json) shows them escaped."""
    import json

    folder = tmp_path / "corpus"
    folder.mkdir()
    name = "rood\x1b[31m\u202enaam.txt"
    (folder / name).write_text("De Kwakelbrug\x1b[2J\x1b]0;pwned\x07 is een brug\r over de Kwakel\x9b6n in Leiden.\n",
                               encoding="utf-8")
    (folder / "goed.txt").write_text(GOOD, encoding="utf-8")
    code, _, err = cli_runner(["ingest", str(folder), "--index", str(tmp_path / "index")], "en", embedder=e5)
    assert code == 0, err
    for argv in (["ask", "Wat is de Kwakelbrug?"], ["ask", "Wat is de Kwakelbrug?", "--json"]):
        code, out, err = cli_runner(argv + ["--index", str(tmp_path / "index")], "nl", embedder=e5)
        assert code == 0, err
        raw = out + err
        assert not any(c in raw for c in "\x1b\x07\r\x9b\u202e"), repr(raw)
        assert "Kwakel" in out
    data = json.loads(out)
    assert any("\x1b[2J" in c["text"] for c in data["citations"])  # the JSON still carries the text itself
    code, out, _ = cli_runner(["ask", "Wat is de Kwakelbrug?", "--index", str(tmp_path / "index")], "nl", embedder=e5)
    assert "\\x1b[2J" in out and "\\u202e" in out  # shown, as escapes


def test_path_errors_are_messages_not_tracebacks(tmp_path, cli_runner):
    """A symbolic link loop as the ingest path (with and without an index there), and
    ``ask --index`` on a folder without an index: a clear message, exit 2, nothing built."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "goed.txt").write_text(GOOD, encoding="utf-8")
    index = tmp_path / "index"
    loop = tmp_path / "lus"
    loop.symlink_to(tmp_path / "lus2")
    (tmp_path / "lus2").symlink_to(loop)
    for _ in range(2):
        code, out, err = cli_runner(["ingest", str(loop), "--index", str(index)], "nl")
        assert code == 2 and "Traceback" not in err, err
        assert "het pad kan niet worden gevolgd; er is niets geïndexeerd" in err and "lus" in err
        assert cli_runner(["ingest", str(folder), "--index", str(index)], "en")[0] == 0  # now an index exists
    code, out, err = cli_runner(["ingest", str(loop), "--index", str(index)], "en")
    assert code == 2 and "the path cannot be followed; nothing was ingested" in err
    empty = tmp_path / "leeg"
    empty.mkdir()
    code, out, err = cli_runner(["ask", "Hoeveel inwoners heeft Leiden?", "--index", str(empty)], "nl")
    assert code == 2 and out == ""
    assert "in deze map staat geen index" in err and str(empty) in err
    assert not any(empty.iterdir())  # nothing was built there
    code, out, err = cli_runner(["ask", "How many residents?", "--index", str(empty), "--json"], "en")
    assert code == 2 and "there is no index in this folder" in err and not any(empty.iterdir())
