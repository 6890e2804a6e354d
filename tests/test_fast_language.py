"""The language decision asks fastText only when it can change the outcome: the answer
must be the one the full computation gives, on every question of the repo's question
sets (follow-ups and short fragments included) and on short mixed strings."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import language as lang_mod

QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "questions"


def _full(text: str, previous=None, default=lang_mod.DEFAULT_LANGUAGE) -> str:
    """detect_language as it was: fastText always asked."""
    if previous not in lang_mod.LANGUAGES:
        previous = None
    wnl, wen = lang_mod.word_scores(text)
    fnl, fen = lang_mod.fasttext_scores(text)
    n_words = len(lang_mod._WORD_RE.findall(text))
    wf = 2.0 * min(1.0, n_words / 6.0)
    nl, en = wnl + wf * fnl, wen + wf * fen
    margin = abs(nl - en)
    if margin < 0.5 or (n_words <= 2 and margin < 1.0 and max(wnl, wen) < 1):
        known = lang_mod.known_shares(text) if 2 <= n_words <= lang_mod.SEARCH_WORDS else None
        if known is not None and abs(known[0] - known[1]) >= lang_mod.KNOWN_MARGIN:
            return "nl" if known[0] > known[1] else "en"
        return previous or default
    return "nl" if nl > en else "en"


def _texts() -> list[str]:
    out = []
    for f in sorted(QUESTIONS.glob("*.jsonl")):
        if f.name == "dev2.jsonl":  # kept out of everything but the final evaluation
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append(row["question"])
                out.extend(t.get("question", "") for t in row.get("history", []) if isinstance(t, dict))
    out += ["en in 2021?", "TISA?", "and in 2020?", "Leiden", "wat?", "hoeveel", "the number", "en de prijs?",
            "Welke organisatie?", "Which one?", "Internationals in Leiden 2023", "Kosten per jaar", ""]
    return out


def test_fasttext_is_not_imported_for_a_clear_question(monkeypatch):
    monkeypatch.setattr(lang_mod, "_FT_TRIED", True)
    monkeypatch.setattr(lang_mod, "_ft_detect", None)
    lang_mod.fasttext_scores.cache_clear()
    calls = []
    monkeypatch.setattr(lang_mod, "_ft_detect", lambda *a, **k: calls.append(a) or [])
    assert lang_mod.detect_language("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?") == "nl"
    assert lang_mod.detect_language("How many Ukrainians moved to Leiden in 2022?") == "en"
    assert calls == []
    lang_mod.fasttext_scores.cache_clear()


@pytest.mark.parametrize("previous", [None, "en", "nl"])
def test_the_decision_is_the_full_computations(previous):
    lang_mod.fasttext_scores.cache_clear()
    texts = _texts()
    assert len(texts) > 300
    for text in texts:
        assert lang_mod.detect_language(text, previous=previous) == _full(text, previous), text
