"""The Answer returned by the assistant; its JSON form is the command-line contract
(see README, "ask --jsonl"): other tools depend on these field names."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal


@dataclass
class Citation:
    n: int                   # the [n] marker used in the answer text
    source: str              # file name in corpus/
    title: str
    page: int | None
    locator: str             # section or table row
    text: str                # the cited passage, verbatim
    url: str | None
    score: float
    year: int | None = None  # extra (not in the contract's minimum); shown in the app
    language: str | None = None
    kind: str = "text"       # "text" | "table_row"
    page_label: str | None = None  # the page as printed ("iii") where the PDF has page labels


@dataclass
class Answer:
    question: str
    language: Literal["nl", "en"]
    answerable: bool
    answer: str
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    id: str | None = None
    # Extras for the app and eval (not part of the minimum contract):
    closest: list[Citation] = field(default_factory=list)  # for refusals: nearest passages
    retrieved: list[dict] = field(default_factory=list)    # ranked chunks seen (source, locator, score)
    curated: bool = False                                  # answered from the curated file
    resolved_question: str | None = None                   # follow-up merged with history
    gate: dict = field(default_factory=dict)               # answerability score and features (not in JSON)
    calculations: list[dict] = field(default_factory=list) # computed figures, shown in the answer
    series: list[dict] = field(default_factory=list)       # a measure over the years, each point cited
    lead: str = ""                                         # the answer's first sentence (not in JSON)
    generator: str = "extractive"                          # "extractive" | "llm"
    llm_rejected: str | None = None                        # why a written answer was not shown

    def to_json(self) -> dict:
        """The contract's object: id, question, language, answerable, answer, citations, timings_ms."""
        out = {
            "id": self.id,
            "question": self.question,
            "language": self.language,
            "answerable": self.answerable,
            "answer": self.answer,
            "citations": [asdict(c) for c in self.citations],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
        if self.resolved_question and self.resolved_question != self.question:
            out["resolved_question"] = self.resolved_question
        if self.closest:
            out["closest"] = [asdict(c) for c in self.closest]
        if self.retrieved:
            out["retrieved"] = self.retrieved
        if self.calculations:
            out["calculations"] = self.calculations
        if self.series:
            out["series"] = self.series
        out["generator"] = self.generator
        out["llm_rejected"] = self.llm_rejected
        return out
