"""Feedback on answers: thumbs up/down and an optional comment, kept in one SQLite file
together with the question, the answer and its citations, and exported as CSV for staff.

    >>> from assistant.feedback import FeedbackStore
    >>> fb = FeedbackStore("var/feedback.sqlite3")                      # doctest: +SKIP
    >>> fb.save("turn-1", answer, rating=0, comment="wrong year")       # doctest: +SKIP
    >>> open("feedback.csv", "wb").write(fb.export_csv())               # doctest: +SKIP

One row per answer (``entry_id``, e.g. the chat turn's id): rating a second time or
adding a comment updates that row. Every call opens its own connection, so one store can
be shared by all sessions of the app (threads) and by several processes (SQLite's WAL
journal and a busy timeout take care of concurrent writers).
"""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from pathlib import Path

RATINGS = {1: "up", 0: "down"}  # st.feedback("thumbs"): 1 = thumbs up, 0 = thumbs down
MAX_COMMENT = 4000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id               TEXT PRIMARY KEY,
    created          TEXT NOT NULL,
    updated          TEXT NOT NULL,
    rating           INTEGER,            -- 1 up, 0 down, NULL none (yet)
    comment          TEXT NOT NULL DEFAULT '',
    question         TEXT NOT NULL,
    language         TEXT,
    answerable       INTEGER,
    answer           TEXT NOT NULL,
    citations        TEXT NOT NULL,      -- JSON list of the answer's citations
    resolved_question TEXT,
    filters          TEXT,               -- JSON: the document/year filters in use
    ui_language      TEXT,
    index_generation TEXT
)
"""

CSV_COLUMNS = ("id", "created", "updated", "rating", "comment", "language", "question", "answer",
               "answerable", "sources", "resolved_question", "filters", "ui_language",
               "index_generation", "citations_json")

_UNSET = object()


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _plain(obj):
    return asdict(obj) if is_dataclass(obj) else dict(obj)


def _csv_cell(value) -> str:
    """A cell that a spreadsheet shows as text: values starting with = + - @ (or a tab /
    carriage return) get a leading apostrophe (no formula injection from a question,
    comment or document passage)."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


class FeedbackStore:
    """Feedback rows in the SQLite file ``path`` (created with its folder if missing)."""

    def __init__(self, path: str | Path, timeout: float = 10.0):
        self.path = Path(path).expanduser()
        if str(self.path) == "" or self.path.is_dir():
            raise ValueError(f"feedback database must be a file path, got {str(path)!r}")
        self.timeout = timeout
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=self.timeout)
        db.row_factory = sqlite3.Row
        try:
            with db:  # one transaction: commit, or roll back on an exception
                yield db
        finally:
            db.close()

    # ------------------------------------------------------------------ writing
    def save(self, entry_id: str, answer, *, rating=_UNSET, comment=_UNSET, filters: dict | None = None,
             ui_language: str | None = None, index_generation: str | None = None) -> None:
        """Insert or update the row for ``entry_id``.

        ``answer`` is an :class:`assistant.types.Answer` (or a dict with the same
        fields). ``rating``: 1 (up), 0 (down) or None (withdrawn); ``comment``: text.
        Arguments that are not given leave the stored value as it is."""
        a = answer if isinstance(answer, dict) else _plain(answer)
        citations = [_plain(c) for c in a.get("citations") or []]
        if rating is not _UNSET and rating not in (None, 0, 1):
            raise ValueError(f"rating must be 1 (up), 0 (down) or None, got {rating!r}")
        if comment is not _UNSET:
            comment = (comment or "").strip()[:MAX_COMMENT]
        now = _now()
        row = {
            "id": str(entry_id), "created": now, "updated": now,
            "rating": None if rating is _UNSET else rating,
            "comment": "" if comment is _UNSET else comment,
            "question": a.get("question") or "", "language": a.get("language"),
            "answerable": None if a.get("answerable") is None else int(bool(a.get("answerable"))),
            "answer": a.get("answer") or "",
            "citations": json.dumps(citations, ensure_ascii=False),
            "resolved_question": a.get("resolved_question"),
            "filters": json.dumps(filters or {}, ensure_ascii=False),
            "ui_language": ui_language, "index_generation": index_generation,
        }
        updates = ["updated = excluded.updated"]
        if rating is not _UNSET:
            updates.append("rating = excluded.rating")
        if comment is not _UNSET:
            updates.append("comment = excluded.comment")
        columns = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        with self._connect() as db:
            db.execute(f"INSERT INTO feedback ({columns}) VALUES ({marks}) "
                       f"ON CONFLICT(id) DO UPDATE SET {', '.join(updates)}", row)

    # ------------------------------------------------------------------ reading
    def get(self, entry_id: str) -> dict | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM feedback WHERE id = ?", (str(entry_id),)).fetchone()
        return self._row(row) if row else None

    def all(self) -> list[dict]:
        """Every row, oldest first; ``citations`` and ``filters`` decoded from JSON."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM feedback ORDER BY created, id").fetchall()
        return [self._row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """``{"total": n, "up": n, "down": n}``."""
        with self._connect() as db:
            total, up, down = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END), 0), "
                "COALESCE(SUM(CASE WHEN rating = 0 THEN 1 ELSE 0 END), 0) FROM feedback"
            ).fetchone()
        return {"total": int(total), "up": int(up), "down": int(down)}

    @staticmethod
    def _row(row: sqlite3.Row) -> dict:
        out = dict(row)
        out["citations"] = json.loads(out["citations"] or "[]")
        out["filters"] = json.loads(out["filters"] or "{}")
        return out

    # ------------------------------------------------------------------ export
    def export_csv(self) -> bytes:
        """All feedback as CSV (UTF-8 with BOM, so spreadsheets read the accents), one row
        per answer: rating up/down, comment, question, answer, a readable list of the
        cited sources and the full citations as JSON."""
        buf = io.StringIO()
        writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for r in self.all():
            sources = "\n".join(
                f"[{c.get('n')}] {c.get('title') or c.get('source')}"
                + (f" · {c.get('locator')}" if c.get("locator") else "")
                + f" ({c.get('source')})"
                for c in r["citations"]
            )
            values = {
                **r,
                "rating": RATINGS.get(r["rating"], ""),
                "answerable": "" if r["answerable"] is None else ("yes" if r["answerable"] else "no"),
                "sources": sources,
                "filters": json.dumps(r["filters"], ensure_ascii=False) if r["filters"] else "",
                "citations_json": json.dumps(r["citations"], ensure_ascii=False),
            }
            writer.writerow([_csv_cell(values.get(col)) for col in CSV_COLUMNS])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")

