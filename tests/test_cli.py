"""The command-line contract: ``vraagbaak ingest`` and ``vraagbaak ask [--json|--jsonl]``,
run as a real subprocess (stdout must carry results only)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# A real subprocess with the real bundled model.
pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
CITATION_KEYS = {"n", "source", "title", "page", "locator", "text", "url", "score"}


def run(args, env, stdin=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    e = dict(os.environ)
    e.update(VRAAGBAAK_CORPUS_DIR=str(corpus), VRAAGBAAK_INDEX_DIR=str(tmp / "index"), VRAAGBAAK_LANG="en")
    return e


def test_ask_jsonl_builds_missing_index_and_prints_one_object_per_line(env, tmp_path):
    questions = tmp_path / "q.jsonl"
    items = [
        {"id": "a", "question": "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "lang": "nl"},
        {"id": "b", "question": "How many inhabitants did Leiden have on 1 January 2024?"},
        {"id": "c", "question": "Wanneer is de visie internationalisering vastgesteld?"},
    ]
    questions.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items) + "\n", encoding="utf-8")
    assert not Path(env["VRAAGBAAK_INDEX_DIR"], "CURRENT").exists()
    proc = run(["ask", "--jsonl", str(questions)], env)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 3, proc.stdout
    for item, line in zip(items, lines):
        obj = json.loads(line)
        assert obj["id"] == item["id"] and obj["question"] == item["question"]
        assert obj["language"] in ("nl", "en") and isinstance(obj["answerable"], bool)
        assert set(obj["timings_ms"]) >= {"retrieve", "answer", "total"}
        for c in obj["citations"]:
            assert CITATION_KEYS <= set(c)
            assert (ROOT / "corpus" / c["source"]).exists()
            assert c["text"] and c["title"]
    first = json.loads(lines[0])
    assert first["answerable"] and any("achthonderd" in c["text"] for c in first["citations"])
    assert first["citations"][0]["url"].startswith("https://")
    assert Path(env["VRAAGBAAK_INDEX_DIR"], "CURRENT").exists()


def test_ask_json_single_question(env):
    proc = run(["ask", "How many international students got a Warm Welcome when collecting their BSN?", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert obj["language"] == "en"
    assert any("774" in c["text"] for c in obj["citations"])


def test_ingest_reports_every_file_and_exit_status(env, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text("Leiden heeft een stedenband met Toruń sinds 1988.\n", encoding="utf-8")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 truncated")
    e = dict(env, VRAAGBAAK_INDEX_DIR=str(tmp_path / "idx"))
    proc = run(["ingest", str(folder), "--json"], e)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    status = {f["source"]: f["status"] for f in report["files"]}
    assert status == {"good.txt": "ingested", "bad.pdf": "failed"}
    assert "bad.pdf" in proc.stderr and "good.txt" in proc.stderr
    (folder / "bad.pdf").unlink()
    proc = run(["ingest", str(folder)], e)
    assert proc.returncode == 0, proc.stderr
    assert "unchanged" in proc.stderr


def test_usage_errors_exit_2(env, tmp_path):
    assert run(["ask"], env).returncode == 2
    assert run(["ask", "--jsonl", str(tmp_path / "missing.jsonl")], env).returncode == 2
    assert run(["frobnicate"], env).returncode == 2


def test_ask_json_carries_calculations_and_series_where_they_apply(env):
    proc = run(["ask", "--json", "How much higher was the share of residents with a non-Dutch nationality "
                "in 2023 than in 2022?"], env)
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout)
    assert obj["answerable"] and obj["generator"] == "extractive" and obj["llm_rejected"] is None
    calc = obj["calculations"][0]
    assert set(calc) == {"expression", "result", "unit", "inputs"}
    assert calc["result"] in obj["answer"] and calc["expression"] in obj["answer"]
    cited = {c["n"]: c["text"] for c in obj["citations"]}
    assert all(n in cited for n in calc["inputs"])
    trend = json.loads(run(["ask", "--json", "Hoe ontwikkelde het aantal inwoners van Leiden zich van 2019 tot 2022?"],
                           env).stdout)
    assert trend["answerable"] and trend["series"], trend["answer"]
    points = trend["series"][0]["points"]
    assert [p["year"] for p in points] == sorted(p["year"] for p in points) and len(points) >= 3
    assert {2019, 2022} <= {p["year"] for p in points}  # both years the question names
    cited = {c["n"]: c["text"] for c in trend["citations"]}
    assert all(p["value"] in cited[p["citation"]] for p in points)


def test_ask_stops_quietly_when_the_reader_goes_away(env):
    # "vraagbaak ask ... | head -1": the pipe closes after the first line
    proc = subprocess.Popen([sys.executable, "-m", "cli", "ask", "How many inhabitants did Leiden have on 1 January 2024?"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # nobody reads the answer
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err
