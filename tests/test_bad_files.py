"""Messy document folders, at the level the user meets them: ``IndexStore.update`` and
``vraagbaak ingest`` on a folder full of bad input. Every file gets a status, a stable
code and a message in Dutch and English; the good files are indexed; the index that
answered before keeps answering.

Loader-level details (which blocks a PDF/DOCX/XLSX/CSV yields) are in test_loaders.py;
here the question is what the report says and what the index holds afterwards. All
files are generated (tests/support/filegen.py). Most tests use the fake embedder
(``hash_embedder``, tests/conftest.py), so they run in seconds on a busy machine; one
subprocess runs the real ``vraagbaak ingest`` with the bundled e5 model.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from config import Settings
from index.store import IndexStore
from ingest.pipeline import SKIP_CODES
from messages import TEXTS
from tests.support import ROOT, answer_key
from tests.support.filegen import (
    encrypt_pdf,
    make_blank_pdf,
    make_csv,
    make_dense_pdf,
    make_docx,
    make_html,
    make_pdf,
    make_pdf_bomb,
    make_xlsx,
    make_zip_bomb,
)


GOOD_TXT = """Stedenbanden van Leiden

Leiden heeft een stedenband met Toruń sinds 1988 en met Oxford sinds 1946.

Internationale studenten

In 2023 studeerden 6891 studenten met een niet-Nederlandse nationaliteit aan de Universiteit Leiden.
"""
LIMITS = dict(max_file_mb=0.5, max_pages=5, max_chunks_per_file=40)


def make_messy_folder(folder: Path, outside: Path) -> dict[str, tuple[str, str | None]]:
    """Write every kind of bad input (and some good files) into ``folder``; return
    {source: (expected status, expected code)} for the files that must be reported."""
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    expect: dict[str, tuple[str, str | None]] = {}

    def put(name: str, status: str, code: str | None = None) -> Path:
        expect[name] = (status, code)
        return folder / name

    # good files, in several formats and encodings
    put("good.txt", "ingested").write_text(GOOD_TXT, encoding="utf-8")
    good_pdf = make_pdf(put("good.pdf", "ingested"), [["# Monitor", "Met 13,1% is 1 op de 8 Leidenaren een international."]])
    make_docx(put("good.docx", "ingested"), [("heading", "Visie"), ("p", "De visie is op 17 september 2020 vastgesteld door de gemeenteraad.")])
    make_xlsx(put("kerncijfers.xlsx", "ingested"),
              {"Bevolking": [["Wijk", "Jaar", "Inwoners", "Internationals", "Totaal"],
                             ["Binnenstad", 2023, 20000, 3100, None]],
               "Bronnen": [["Onderwerp", "Bron"], ["Monitor", "https://leiden.incijfers.nl"], ["Samengevoegd", None]]},
              merged={"Bronnen": ["A3:B3"]}, formulas={("Bevolking", "E2"): ("=C2+D2", 23100)})
    make_csv(put("puntkomma-bom.csv", "ingested"), [["gemeente", "aandeel"], ["Leiden", "13,1%"]], delimiter=";", bom=True)
    make_csv(put("latin1.csv", "ingested"), [["naam", "land"], ["Café de Waag", "België"]], encoding="latin-1")
    make_csv(put("utf16.csv", "ingested"), [["naam", "stad"], ["Zoë", "Toruń"]], delimiter="\t", encoding="utf-16")
    make_html(put("pagina.html", "ingested"),
              "<h1>Welkom</h1><p>Het Expat Centre Leiden helpt nieuwkomers.</p>"
              "<script>document.write('SCRIPTTEKST')</script>"
              "<iframe src='http://evil.example/frame'>IFRAMETEKST</iframe>"
              "<img src='http://evil.example/pixel.png' alt='PIXELALT'>", title="Expat Centre")
    encrypt_pdf(good_pdf, put("leeg-wachtwoord.pdf", "ingested"), user_password="", owner_password="baas")
    make_pdf(put("pdf-met-naam.txt", "ingested"), [["Een PDF met de naam van een tekstbestand."]])  # extension lies
    make_pdf(put("pdf-met-naam.docx", "ingested"), [["# Ander", "Een PDF die zich voordoet als DOCX, over Leiden."]])
    make_pdf(put("deels-gescand.pdf", "ingested", "partial"), [["Pagina een heeft tekst over de Lakenhal."], []])
    put("Jaarverslag 2024 (déf) – versie #2.txt", "ingested").write_text("Het jaarverslag gaat over 2024 en de Hooglandse Kerk.", encoding="utf-8")

    # broken or unreadable content -> failed
    put("leeg.txt", "failed", "empty_file").write_bytes(b"")
    put("spaties.md", "failed", "empty_file").write_text("  \n\n\t \n", encoding="utf-8")
    data = good_pdf.read_bytes()
    put("afgebroken.pdf", "failed", "corrupt_pdf").write_bytes(data[: len(data) // 2])
    encrypt_pdf(good_pdf, put("versleuteld.pdf", "failed", "encrypted_pdf"), user_password="geheim")
    make_blank_pdf(put("scan.pdf", "failed", "no_text_layer"), pages=2)
    make_pdf_bomb(put("bom.pdf", "failed", "decompression_bomb"), inflated_mb=256)
    put("kapot.docx", "failed", "corrupt_zip").write_bytes(b"PK\x03\x04" + os.urandom(300))
    with zipfile.ZipFile(folder / "half.zip", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>" * 200)
    half = (folder / "half.zip").read_bytes()
    (folder / "half.zip").unlink()
    put("kapot.xlsx", "failed", "corrupt_zip").write_bytes(half[: len(half) // 2])
    make_zip_bomb(put("bom.docx", "failed", "zip_bomb"), member_mb=20)
    put("tekst-met-naam.pdf", "failed", "type_mismatch").write_text("Dit is gewone tekst, geen PDF.", encoding="utf-8")
    put("alleen-script.html", "failed", "no_text").write_text(
        "<!doctype html><html><body><script>var x = 1;</script><nav>menu</nav></body></html>", encoding="utf-8")

    # left out on purpose -> skipped
    put("foto.png", "skipped", "unknown_type").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    put("oud.doc", "skipped", "unknown_type").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    put("gegevens.json", "skipped", "unknown_type").write_text('{"a": 1}', encoding="utf-8")
    put("groot.txt", "skipped", "too_large").write_text(("Een regel tekst over Leiden. " * 40 + "\n\n") * 500, encoding="utf-8")
    make_pdf(put("veel-paginas.pdf", "skipped", "too_many_pages"), [[f"Pagina {i} over Leiden."] for i in range(6)])
    put("veel-alineas.txt", "skipped", "too_many_chunks").write_text(
        "\n\n".join(f"Alinea {i} gaat over de internationale stad Leiden." for i in range(60)), encoding="utf-8")
    shutil.copy(folder / "good.txt", put("kopie van good.txt", "skipped", "duplicate"))
    (outside / "geheim.txt").write_text("Geheime tekst buiten de corpusmap.", encoding="utf-8")
    os.symlink(outside / "geheim.txt", put("link-naar-buiten.txt", "skipped", "symlink_outside"))
    os.symlink(outside, put("map-naar-buiten", "skipped", "symlink_outside"))
    os.symlink(folder / "good.txt", put("link-naar-binnen.txt", "skipped", "duplicate"))
    raw = os.fsencode(str(folder)) + b"/caf\xe9-latin1-naam.txt"
    with open(raw, "wb") as fh:
        fh.write(b"Tekst in een bestand met een Latin-1 naam.")
    expect["caf\ufffd-latin1-naam.txt"] = ("skipped", "bad_name")

    # never reported: hidden files and editor leftovers
    (folder / ".verborgen.txt").write_text("verborgen", encoding="utf-8")
    (folder / "~$tijdelijk.docx").write_bytes(b"lock")
    return expect


@pytest.fixture(scope="module")
def messy(tmp_path_factory, hash_embedder):
    """A first ingest of the good files only (the index that answers), then the same
    folder with every kind of bad input added and ingested again."""
    tmp = tmp_path_factory.mktemp("messy")
    folder = tmp / "corpus"
    expect = make_messy_folder(folder, tmp / "outside")
    good = tmp / "good-only"
    good.mkdir()
    settings = Settings(corpus_dir=folder, index_dir=tmp / "index", **LIMITS)
    # Ingest 1: only the files that existed "before" (copied into the same folder layout)
    before_names = ["good.txt", "good.pdf", "good.docx", "kerncijfers.xlsx"]
    stage = tmp / "stage"
    shutil.move(str(folder), str(stage))
    folder.mkdir()
    for name in before_names:
        shutil.copy(stage / name, folder / name)
    store = IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder)
    first = store.update([folder])
    assert {f.status for f in first.files} == {"ingested"}, first.to_json()
    from assistant.core import Assistant

    questions = ["Sinds wanneer heeft Leiden een stedenband met Toruń?",
                 "Welk deel van de Leidenaren is een international?",
                 "Wanneer is de visie vastgesteld?"]
    bot = Assistant(store, settings)
    before = {
        "generation": store.generation,
        "nodes": {n.node_id: n.text for n in store.nodes()},
        "answers": [answer_key(bot.ask(q)) for q in questions],
        "dense": store.dense_search(store.embed_query(questions[0]), k=5),
        "bm25": store.bm25_search("stedenband Toruń", 5, "nl"),
    }
    # Ingest 2: the whole messy folder
    shutil.rmtree(folder)
    shutil.move(str(stage), str(folder))
    report = IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder).update([folder])
    fresh = IndexStore.open(settings.index_dir, settings=settings, embedder=hash_embedder)
    return {"folder": folder, "expect": expect, "report": report, "store": fresh, "settings": settings,
            "before": before, "questions": questions, "before_names": before_names}


def test_every_file_is_reported_with_status_and_code(messy):
    got = {f.source: (f.status, f.code) for f in messy["report"].files}
    expect = dict(messy["expect"])
    for name in messy["before_names"]:
        expect[name] = ("unchanged", None)
    assert got == expect
    assert not any(".verborgen" in s or "~$" in s for s in got)


def test_every_problem_has_a_dutch_and_an_english_message(messy):
    for f in messy["report"].files:
        if f.code is None:
            assert f.message("nl") == f.message("en") == ""
            continue
        assert f.code in TEXTS, f.code
        nl, en = f.message("nl"), f.message("en")
        assert nl and en and nl != en, f.source
        assert nl.startswith(TEXTS[f.code][0]) and en.startswith(TEXTS[f.code][1])
        assert (f.status == "skipped") == (f.code in SKIP_CODES), f.source
    by_name = {f.source: f for f in messy["report"].files}
    assert "OCR" in by_name["scan.pdf"].message("nl") and "OCR" in by_name["scan.pdf"].message("en")
    assert by_name["deels-gescand.pdf"].message("nl").startswith("geïndexeerd, maar niet alles kon worden gelezen")
    assert "1 of 2 pages have no text" in by_name["deels-gescand.pdf"].detail and "OCR" in by_name["deels-gescand.pdf"].detail
    assert by_name["kopie van good.txt"].detail == "good.txt"  # says which file it duplicates
    assert "0.5 MB" in by_name["groot.txt"].detail
    assert "6 pages (limit 5)" in by_name["veel-paginas.pdf"].detail
    assert "> 40" in by_name["veel-alineas.txt"].detail


def test_index_holds_the_good_files_and_nothing_of_the_bad(messy):
    store = messy["store"]
    sources = {n.metadata["source"] for n in store.nodes()}
    ingested = {s for s, (status, _) in messy["expect"].items() if status == "ingested"}
    assert "Lakenhal" in " ".join(n.text for n in store.nodes() if n.metadata["source"] == "deels-gescand.pdf")
    assert sources == ingested
    text = "\n".join(n.text for n in store.nodes())
    # HTML: scripts, iframes and remote images are gone, the text is there
    assert "Expat Centre Leiden helpt nieuwkomers" in text
    for gone in ("SCRIPTTEKST", "IFRAMETEKST", "PIXELALT", "evil.example", "<script", "<iframe", "<img"):
        assert gone not in text
    # XLSX: both sheets, the formula's value, the merged cell's value on every cell
    assert "Totaal: 23100" in text and "Bron: https://leiden.incijfers.nl" in text
    assert "Onderwerp: Samengevoegd; Bron: Samengevoegd" in text
    # CSV encodings: decoded, no BOM or mojibake
    assert "gemeente: Leiden; aandeel: 13,1%" in text and "\ufeff" not in text
    assert "Café de Waag" in text and "België" in text and "Zoë" in text and "Toruń" in text
    # a PDF with a lying extension was read as a PDF (it has pages)
    assert {n.metadata["page"] for n in store.nodes() if n.metadata["source"] == "pdf-met-naam.txt"} == {1}
    assert "Een PDF die zich voordoet als DOCX" in text
    # the encrypted PDF with an empty user password was read
    assert any(n.metadata["source"] == "leeg-wachtwoord.pdf" for n in store.nodes())
    # nothing from outside the folder, from the duplicate or from a failed file
    assert "Geheime tekst" not in text and "Latin-1 naam" not in text
    assert "gewone tekst, geen PDF" not in text and "Alinea 59" not in text
    assert store.manifest["chunks"] == len(store.nodes())


def test_previous_index_still_answers_the_same(messy, hash_embedder):
    from assistant.core import Assistant

    store, before = messy["store"], messy["before"]
    assert store.generation != before["generation"]  # new files were added ...
    nodes = {n.node_id: n.text for n in store.nodes()}
    assert all(nodes.get(nid) == text for nid, text in before["nodes"].items())  # ... the old chunks are all there
    bot = Assistant(store, messy["settings"])
    for q, old in zip(messy["questions"], before["answers"]):
        new = answer_key(bot.ask(q))
        assert new["answer"] == old["answer"] and new["answerable"] == old["answerable"]
        assert [c["text"] for c in new["citations"]] == [c["text"] for c in old["citations"]]


def test_a_file_that_breaks_keeps_its_last_good_version(tmp_path, hash_embedder):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    make_pdf(folder / "monitor.pdf", [["# Monitor", "Met 13,1% is 1 op de 8 Leidenaren een international."]])
    settings = Settings(corpus_dir=folder, index_dir=tmp_path / "index")
    store = IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder)
    store.update([folder])
    before = {n.node_id: n.text for n in store.nodes()}
    gen = store.generation
    # the PDF is overwritten by a damaged copy, and the text file by an empty one
    data = (folder / "monitor.pdf").read_bytes()
    (folder / "monitor.pdf").write_bytes(data[: len(data) // 3])
    (folder / "good.txt").write_bytes(b"")
    report = store.update([folder])
    assert {f.source: (f.status, f.code) for f in report.files} == {
        "good.txt": ("failed", "empty_file"), "monitor.pdf": ("failed", "corrupt_pdf")}
    assert not report.written and store.generation == gen  # nothing to write: the index is as it was
    assert {n.node_id: n.text for n in store.nodes()} == before


@pytest.mark.integration
def test_memory_bomb_pdfs_in_a_subprocess_with_a_memory_limit(tmp_path):
    """A 4 GiB FlateDecode bomb and a page of 300,000 glyphs, ingested next to a good
    file in a child process limited to 1.5 GiB of address space: both are refused
    quickly with their own code, the good file is indexed, and the child stays small."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_pdf_bomb(folder / "bom-4gib.pdf", inflated_mb=4096)
    make_dense_pdf(folder / "dicht.pdf", chars=300_000)
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(f"""
        import json, resource, sys, time
        limit = 1536 * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        sys.path.insert(0, {str(ROOT)!r})
        from config import Settings
        from index.store import IndexStore
        from index.testing import HashEmbedding
        s = Settings(corpus_dir={str(folder)!r}, index_dir={str(tmp_path / 'index')!r})
        t = time.perf_counter()
        report = IndexStore(s.index_dir, settings=s, embedder=HashEmbedding()).update([s.corpus_dir])
        print(json.dumps({{"files": {{f.source: [f.status, f.code] for f in report.files}},
                          "seconds": time.perf_counter() - t,
                          "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}}))
    """))
    proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["files"] == {"bom-4gib.pdf": ["failed", "decompression_bomb"],
                            "dicht.pdf": ["failed", "too_complex"],
                            "good.txt": ["ingested", None]}
    assert out["maxrss_mb"] < 1024, out
    assert out["seconds"] < 120, out


def test_bounded_pdf_decoders_match_pdfminer_and_refuse_bombs():
    """pdfminer's stream decoders are replaced by bounded ones (ingest/loaders/pdf_limits):
    same output on ordinary data, a StreamLimit instead of gigabytes on a bomb."""
    import base64
    import zlib

    import pdfminer.pdftypes as pdftypes
    from pdfminer.ascii85 import ascii85decode
    from pdfminer.runlength import rldecode

    from ingest.loaders import pdf_limits as limits

    limits.install()
    data = ("Leiden, internationale stad. " * 400).encode()
    assert pdftypes.zlib.decompress(zlib.compress(data)) == data
    damaged = zlib.compress(data)[:-2] + b"\0\0"  # a broken checksum: pdfminer salvages the data
    assert pdftypes.decompress_corrupted(damaged) == data
    literal = b"".join(bytes([len(data[i:i + 128]) - 1]) + data[i:i + 128] for i in range(0, len(data), 128)) + b"\x80"
    assert pdftypes.rldecode(literal) == rldecode(literal) == data
    assert pdftypes.rldecode(bytes([200, 65, 129, 66, 128])) == rldecode(bytes([200, 65, 129, 66, 128]))
    a85 = base64.a85encode(b"nul \0\0\0\0 bytes", adobe=True)
    assert pdftypes.ascii85decode(a85) == ascii85decode(a85)
    with pytest.raises(limits.StreamLimit):
        pdftypes.zlib.decompress(zlib.compress(b"\0" * (limits.MAX_STREAM_BYTES + 1)))
    with pytest.raises(limits.StreamLimit):
        pdftypes.rldecode(bytes([129, 0]) * (limits.MAX_STREAM_BYTES // 128 + 1))
    with limits.budget(8 * 2**20) as budget:  # many streams, each small: the document's total counts
        with pytest.raises(limits.StreamLimit):
            for _ in range(4):
                pdftypes.zlib.decompress(zlib.compress(b"\0" * 3 * 2**20))
    assert budget.tripped


# ----------------------------------------------------------------------------- vraagbaak ingest

def test_cli_report_and_exit_status_in_dutch_and_english(tmp_path, cli_runner):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    shutil.copy(folder / "good.txt", folder / "kopie.txt")
    (folder / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    encrypt_pdf(make_pdf(tmp_path / "p.pdf", [["Tekst."]]), folder / "versleuteld.pdf")
    hostile_name = "naam\nmet regeleinde \x1b[31mrood\x1b[0m.txt"
    (folder / hostile_name).write_text("Een bestand met een vreemde naam over de Pieterskerk.", encoding="utf-8")
    index = tmp_path / "index"

    code, out, err = cli_runner(["ingest", str(folder), "--index", str(index), "--json"], "nl")
    assert code == 1, err  # one file failed; the others are in the index
    report = json.loads(out)
    status = {f["source"]: (f["status"], f["code"]) for f in report["files"]}
    assert status == {"good.txt": ("ingested", None), "kopie.txt": ("skipped", "duplicate"),
                      "foto.png": ("skipped", "unknown_type"), "versleuteld.pdf": ("failed", "encrypted_pdf"),
                      hostile_name: ("ingested", None)}
    enc = next(f for f in report["files"] if f["source"] == "versleuteld.pdf")
    assert enc["message"] == {"nl": "de PDF is versleuteld met een wachtwoord (a password is needed to open this PDF)",
                              "en": "the PDF is encrypted with a password (a password is needed to open this PDF)"}
    lines = err.splitlines()
    assert any("mislukt" in ln and "versleuteld.pdf" in ln and "versleuteld met een wachtwoord" in ln for ln in lines)
    assert any("overgeslagen" in ln and "kopie.txt" in ln and "good.txt" in ln for ln in lines)
    assert any("overgeslagen" in ln and "foto.png" in ln and "onbekend bestandstype" in ln for ln in lines)
    assert any("geïndexeerd" in ln and "good.txt" in ln for ln in lines)
    # a hostile file name is shown, but cannot break the report's lines or colour the terminal
    assert "\x1b" not in err and r"naam\nmet regeleinde \x1b[31mrood" in err
    assert "1 mislukt" in err and "tekstdelen in de index" in err

    (folder / "versleuteld.pdf").unlink()
    code, out, err = cli_runner(["ingest", str(folder), "--index", str(index)], "en")
    assert code == 0, err  # skipped files (duplicate, unsupported type) are not failures
    assert "unchanged" in err and "skipped" in err and "unknown file type" in err


def test_cli_usage_errors_exit_2_and_leave_the_index_alone(tmp_path, cli_runner):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    index = tmp_path / "index"
    assert cli_runner(["ingest", str(folder), "--index", str(index)])[0] == 0
    gen = (index / "CURRENT").read_text()

    code, out, err = cli_runner(["ingest", str(tmp_path / "bestaat-niet"), "--index", str(index)])
    assert code == 2 and "bestaat niet" in err and out == ""
    code, _, err = cli_runner(["ingest", str(folder), "--index", str(index)], VRAAGBAAK_CHUNK_SIZE=3)
    assert code == 2 and "chunk_size" in err
    assert cli_runner(["ingest", "--no-such-option"])[0] == 2
    assert (index / "CURRENT").read_text() == gen


@pytest.mark.integration
def test_real_vraagbaak_ingest_command(tmp_path):
    """The installed console script with the bundled e5 model, on a small messy folder:
    exit status 1, a Dutch report on stderr, the JSON report on stdout."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (folder / "leeg.txt").write_bytes(b"")
    make_blank_pdf(folder / "scan.pdf")
    exe = Path(sys.executable).with_name("vraagbaak")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cli"]
    env = dict(os.environ, VRAAGBAAK_LANG="nl", VRAAGBAAK_INDEX_DIR=str(tmp_path / "index"))
    proc = subprocess.run(cmd + ["ingest", str(folder), "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr[-2000:]
    report = json.loads(proc.stdout)
    assert {f["source"]: f["status"] for f in report["files"]} == {
        "good.txt": "ingested", "leeg.txt": "failed", "scan.pdf": "failed"}
    assert "het bestand is leeg" in proc.stderr
    assert "geen tekst gevonden (gescande PDF?); OCR wordt niet uitgevoerd" in proc.stderr
    assert report["chunks_total"] > 0 and (tmp_path / "index" / "CURRENT").exists()


# ----------------------------------------------------------------------------- upload names

def test_upload_names_with_paths_and_odd_characters(tmp_path, hash_embedder):
    """The app's upload path (ingest/uploads.py) with the names users and attackers send:
    every file lands under corpus/uploads/<hash>/ with a safe name and the extension of
    its real type, nothing is written elsewhere, and the index holds exactly those files.
    (Unit tests of the name rules are in tests/test_uploads.py.)"""
    from ingest.uploads import add_uploads

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", upload_max_mb=1)
    store = IndexStore(settings.index_dir, settings=settings, embedder=hash_embedder)
    store.update([corpus])
    def pdf(word: str) -> bytes:
        return make_pdf(tmp_path / "gen.pdf", [[f"Een geüpload verslag over de {word} van Leiden."]]).read_bytes()

    names = {  # name -> (content, expected stored file name)
        "../../x.pdf": (pdf("Burcht"), "x.pdf"),
        "/etc/passwd": (b"root:x:0:0:root:/root:/bin/bash\nHet wachtwoordbestand is hier gewoon tekst.\n", "passwd.txt"),
        "a\\b.pdf": (pdf("Molen"), "b.pdf"),
        "CON.pdf": (pdf("Gracht"), "con.pdf"),
        "Ünïcödé – verslag ✓.txt": ("Tekst over de Pieterskerk, met ü en ✓.".encode(), "unicode-verslag.txt"),
        "x" * 300 + ".txt": (b"Een bestand met een heel lange naam over de Hortus.", "x" * 60 + ".txt"),
        "": (b"Een bestand zonder naam over het Rapenburg.", "upload.txt"),
        "verslag.docx": (pdf("Singel"), "verslag.pdf"),  # a PDF named .docx
    }
    results = add_uploads([(name, data) for name, (data, _) in names.items()], store, settings)
    uploads = (corpus / "uploads").resolve()
    for (name, (_, stored)), r in zip(names.items(), results):
        assert r.status == "ingested", (name, r)
        assert re.fullmatch(rf"uploads/[0-9a-f]{{10}}/{re.escape(stored)}", r.stored_as), (name, r.stored_as)
        assert (corpus / r.stored_as).resolve().is_relative_to(uploads)
        assert "/" not in r.filename and "\\" not in r.filename and len(r.filename) <= 120
    written = [p for p in corpus.rglob("*") if p.is_file() and p.name != "good.txt"]
    assert len(written) == len(names) and all(p.resolve().is_relative_to(uploads) for p in written)
    assert {p.name for p in tmp_path.iterdir()} == {"corpus", "index", "gen.pdf"}  # nothing beside the corpus
    assert not (tmp_path.parent / "x.pdf").exists() and not (tmp_path.parent.parent / "x.pdf").exists()
    fresh = IndexStore.open(settings.index_dir, settings=settings, embedder=hash_embedder)
    assert {n.metadata["source"] for n in fresh.nodes()} == {"good.txt"} | {r.stored_as for r in results}
