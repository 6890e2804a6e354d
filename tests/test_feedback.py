"""The feedback store: ratings and comments with the question, answer and citations in
SQLite; CSV export for staff; safe from several threads at once."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading

import pytest

from assistant.feedback import CSV_COLUMNS, FeedbackStore
from assistant.types import Answer, Citation


def answer(question="Hoeveel Oekraïners kwamen er in 2022?", text="Meer dan achthonderd [1].") -> Answer:
    return Answer(question=question, language="nl", answerable=True, answer=text, citations=[
        Citation(n=1, source="monitor.txt", title="Monitor 2023", page=None, locator="Bevolking",
                 text="meer dan achthonderd Oekraïners", url="https://example.org/m", score=0.8, year=2023)])


def read_csv(data: bytes) -> list[dict]:
    assert data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_rating_then_comment_update_one_row(tmp_path):
    fb = FeedbackStore(tmp_path / "sub" / "feedback.sqlite3")  # folder is created
    fb.save("t1", answer(), rating=0, filters={"years": [2023]}, ui_language="en", index_generation="gen-000001")
    fb.save("t1", answer(), comment="  Het jaartal klopt niet.  ")
    row = fb.get("t1")
    assert row["rating"] == 0 and row["comment"] == "Het jaartal klopt niet."
    assert row["question"].startswith("Hoeveel") and row["answer"] == "Meer dan achthonderd [1]."
    assert row["citations"][0]["source"] == "monitor.txt" and row["citations"][0]["text"].startswith("meer dan")
    assert row["filters"] == {"years": [2023]} and row["ui_language"] == "en" and row["answerable"] == 1
    assert row["index_generation"] == "gen-000001" and row["language"] == "nl"
    fb.save("t1", answer(), rating=None)  # thumbs withdrawn; the comment stays
    assert fb.get("t1")["rating"] is None and fb.get("t1")["comment"] == "Het jaartal klopt niet."
    assert fb.counts() == {"total": 1, "up": 0, "down": 0}
    assert fb.get("missing") is None


def test_plain_sqlite_file_is_readable_by_other_tools(tmp_path):
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).save("t1", answer(), rating=1)
    with sqlite3.connect(path) as db:
        rating, question, citations = db.execute("SELECT rating, question, citations FROM feedback").fetchone()
    assert rating == 1 and "Oekraïners" in question and json.loads(citations)[0]["n"] == 1


def test_answer_as_dict_and_refusal(tmp_path):
    fb = FeedbackStore(tmp_path / "f.sqlite3")
    fb.save("r1", {"question": "Wat is de hoofdstad van Frankrijk?", "language": "nl", "answerable": False,
                   "answer": "Dat staat niet in de documenten.", "citations": []}, rating=0)
    row = fb.get("r1")
    assert row["answerable"] == 0 and row["citations"] == []


def test_bad_rating_is_refused(tmp_path):
    fb = FeedbackStore(tmp_path / "f.sqlite3")
    with pytest.raises(ValueError):
        fb.save("t", answer(), rating=5)
    with pytest.raises(ValueError):
        FeedbackStore(tmp_path)  # a folder, not a file


def test_csv_export_has_one_row_per_answer_and_neutralises_formulas(tmp_path):
    fb = FeedbackStore(tmp_path / "f.sqlite3")
    fb.save("a", answer(), rating=1)
    fb.save("b", answer(question="=HYPERLINK(\"http://evil\",\"klik\")", text="+31 [1]"), rating=0,
            comment="@SUM(A1) klopt niet")
    rows = read_csv(fb.export_csv())
    assert [r["id"] for r in rows] == ["a", "b"]
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["rating"] == "up" and rows[1]["rating"] == "down"
    assert rows[0]["sources"] == "[1] Monitor 2023 · Bevolking (monitor.txt)"
    assert json.loads(rows[0]["citations_json"])[0]["url"] == "https://example.org/m"
    assert rows[1]["question"].startswith("'=") and rows[1]["answer"].startswith("'+")
    assert rows[1]["comment"].startswith("'@")
    assert rows[0]["answerable"] == "yes"


def test_empty_export_has_the_header(tmp_path):
    rows = FeedbackStore(tmp_path / "f.sqlite3").export_csv().decode("utf-8-sig").splitlines()
    assert rows == [",".join(CSV_COLUMNS)]


def test_concurrent_sessions_can_write(tmp_path):
    fb = FeedbackStore(tmp_path / "f.sqlite3")
    errors = []

    def work(k):
        try:
            for i in range(20):
                fb.save(f"{k}-{i}", answer(), rating=i % 2)
                fb.save(f"{k}-{i}", answer(), comment=f"opmerking {i}")
        except Exception as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert fb.counts() == {"total": 120, "up": 60, "down": 60}
    # a second store object on the same file (another process) sees everything
    assert len(FeedbackStore(tmp_path / "f.sqlite3").all()) == 120
