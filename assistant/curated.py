"""Curated answers: validated question/answer pairs with their sources.

The file (``Settings.curated_file``, JSONL) holds one pair a line::

    {"id": "c1", "question": "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?",
     "language": "nl",                       # optional; detected when missing
     "answer": "Meer dan achthonderd (800) [1].",   # or {"nl": "...", "en": "..."}
     "sources": [{"source": "monitor-2023.txt", "title": "Monitor 2023", "locator": "",
                  "text": "… (meer dan achthonderd) Oekraïners in 2022 …", "url": null}]}

A question is answered from the file when it is a close match of a curated question:
the e5 similarity of the two questions is at least ``min_similarity``, they name the
same years and numbers, share most of their key terms, and name no different group
(Ukrainians vs Poles). The answer must exist in the question's language. Every pair is
checked when the file is loaded: its answer's numbers must stand in its sources (the
number guard); pairs that fail are skipped with a warning. Never write pairs from eval
questions: the eval harness runs with curated answers off unless asked.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

import re

from .language import detect_language
from .numbers import check_numbers, number_values
from .question import YEAR_RE, analyze

log = logging.getLogger(__name__)


@dataclass
class CuratedPair:
    id: str
    question: str
    language: str
    answers: dict[str, str]
    sources: list[dict]
    keys: set[str]
    years: set[int]
    numbers: set[str]
    groups: set[str]


def _groups(text: str) -> set[str]:
    """The names a question gives (capitalised words after its first): "Ukrainians"
    and "Poles" make two questions different however close their vectors are."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return {w.lower() for w in words[1:] if w[:1].isupper()}


def _keyset(text: str, language: str) -> set[str]:
    q = analyze(text, language)
    out: set[str] = set()
    for term, ks in q.keys.items():
        if q.weights.get(term, 1.0) > 0.2:
            out.add(min(ks, key=len))
    return out


class CuratedAnswers:
    """Loaded curated pairs and their question vectors.

    ``embed`` is a function text -> L2-normalised vector (the index's query embedder)."""

    def __init__(self, pairs: list[CuratedPair], embed: Callable[[str], np.ndarray],
                 min_similarity: float = 0.9, min_overlap: float = 0.5):
        if not 0 < min_similarity <= 1:
            raise ValueError("min_similarity must be in (0, 1]")
        self.pairs = pairs
        self.embed = embed
        self.min_similarity = min_similarity
        self.min_overlap = min_overlap
        self.matrix = (np.vstack([embed(p.question) for p in pairs]).astype(np.float32)
                       if pairs else np.zeros((0, 1), dtype=np.float32))

    @classmethod
    def load(cls, path: str | Path, embed: Callable[[str], np.ndarray], **kwargs) -> "CuratedAnswers":
        pairs: list[CuratedPair] = []
        p = Path(path)
        if not p.is_file():
            log.warning("curated answers: %s not found; none loaded", p)
            return cls([], embed, **kwargs)
        for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                question = str(item["question"]).strip()
                sources = list(item.get("sources") or [])
                ans = item["answer"]
            except (ValueError, KeyError, TypeError) as exc:
                log.warning("curated answers: %s line %d skipped (%s)", p, lineno, exc)
                continue
            lang = item.get("language") or detect_language(question)
            answers = dict(ans) if isinstance(ans, dict) else {lang: str(ans)}
            if not sources or not all(isinstance(s, dict) and s.get("text") for s in sources):
                log.warning("curated answers: %s line %d skipped (no sources with text)", p, lineno)
                continue
            texts = {i + 1: f"{s.get('title') or ''}\n{s['text']}" for i, s in enumerate(sources)}
            bad = [a for a in answers.values() if not check_numbers(a, texts).ok]
            if bad:
                log.warning("curated answers: %s line %d skipped (numbers not in its sources)", p, lineno)
                continue
            years = {int(y) for y in YEAR_RE.findall(question)}
            pairs.append(CuratedPair(
                id=str(item.get("id") or f"curated-{lineno}"), question=question, language=lang,
                answers=answers, sources=sources, keys=_keyset(question, lang), years=years,
                numbers=number_values(question, with_parts=False) - {str(y) for y in years},
                groups=_groups(question),
            ))
        log.info("curated answers: %d pairs loaded from %s", len(pairs), p)
        return cls(pairs, embed, **kwargs)

    def __len__(self) -> int:
        return len(self.pairs)

    def match(self, question: str, language: str, qvec: np.ndarray | None = None) -> tuple[CuratedPair, str, float] | None:
        """(pair, answer text in ``language``, similarity) of the closest match, or None."""
        if not self.pairs:
            return None
        v = self.embed(question) if qvec is None else qvec
        sims = self.matrix @ v
        order = np.argsort(-sims)[:3]
        years = {int(y) for y in YEAR_RE.findall(question)}
        nums = number_values(question, with_parts=False) - {str(y) for y in years}
        keys = _keyset(question, language)
        groups = _groups(question)
        for i in order:
            sim = float(sims[i])
            if sim < self.min_similarity:
                break
            p = self.pairs[int(i)]
            if language not in p.answers:
                continue
            if p.years != years or p.numbers != nums or p.groups != groups:
                continue
            union = keys | p.keys
            if union and len(keys & p.keys) / len(union) < self.min_overlap:
                continue
            return p, p.answers[language], sim
        return None
