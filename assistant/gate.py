"""The refusal gate: does the evidence answer the question?

A retrieval system always returns *something*; the gate decides whether that something
answers the question. It looks at the chosen evidence, not just at scores:

* **years**: every year the question names must be a year of the evidence (a year in
  the sentence, a table row's year or year range, or, for a sentence that names no year,
  its document's year). "Hoeveel Oekraïners kwamen er in 2019?" is refused when the
  documents give 2022 only.
* **a number for a number question**: "how many / hoeveel / what percentage" needs a
  figure in the evidence ("Polish nationals: considerable rise, no number" is refused).
* **key terms**: the question's content words, weighted by rarity in the corpus (a word
  the corpus never uses weighs most), must be covered by the evidence (in Dutch or
  English, through stems and the glossary): the covered share of the weight is the
  coverage; names in the question (Oxford, TISA, Syrians) must appear in the evidence
  itself.
* **retrieval similarity**: the dense (e5) similarity of the best passage; a weakly
  covered question is accepted only when the passage is also semantically close.

Thresholds were calibrated on eval/questions (dev + extra, with unanswerable questions
and traps); see ``GateConfig``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .compose import Evidence, Unit, _covered, _keys_of, answer_numbers
from .language import tokens
from .question import YEAR_RE, Question
from .retrieval import Hit


@dataclass(frozen=True)
class GateConfig:
    """min_coverage      weighted key-term coverage that suffices on its own
    min_coverage_dense  lower coverage accepted when dense similarity >= min_dense
    min_dense           e5 cosine similarity of the best passage for that case
    """

    min_coverage: float = 0.6
    min_coverage_dense: float = 0.4
    min_dense: float = 0.83

    def __post_init__(self):
        for name in ("min_coverage", "min_coverage_dense", "min_dense"):
            v = getattr(self, name)
            if not 0 <= v <= 1:
                raise ValueError(f"GateConfig.{name} must be between 0 and 1, got {v}")


@dataclass
class Decision:
    answerable: bool
    reason: str                   # "ok" | "no_evidence" | "year" | "no_number" | "terms" | "entity"
    features: dict = field(default_factory=dict)
    missing_years: list[int] = field(default_factory=list)


def unit_years(u: Unit) -> set[int]:
    if u.years:
        return set(u.years)
    return {u.passage.year} if u.passage.year else set()


def decide(q: Question, hits: list[Hit], evidence: Evidence, config: GateConfig | None = None) -> Decision:
    """Answerable or not, with the reason and the features it looked at."""
    c = config or GateConfig()
    best = evidence.best
    if best is None or not hits:
        return Decision(False, "no_evidence")
    # The best unit must answer on its own (a figure from one passage and the subject
    # from another do not make an answer); the items of a list count together.
    chosen = [best]
    if q.wants_list:
        chosen = [u for u in evidence.chosen if u.passage.source == best.passage.source
                  and u.passage.section == best.passage.section] or [best]
    dense = max((h.dense for h in hits[:3] if h.dense is not None), default=0.0)
    keys = set()
    for u in chosen:
        keys |= _keys_of(u.match_text)
    ctx = set()
    for u in chosen:
        ctx |= _keys_of(" ".join(x for x in (u.passage.title, u.passage.section or "") if x))
    covered = _covered(q, keys)
    covered_ctx = _covered(q, keys | ctx)
    tw = q.total_weight
    coverage = (sum(q.weights[t] for t in covered) + 0.5 * sum(q.weights[t] for t in covered_ctx - covered)) / tw
    uncovered = [t for t in q.terms if t not in covered_ctx]
    years = set()
    hint_years: set[int] = set()
    for u in chosen:
        years |= unit_years(u)
        # a year that names the source ("volgens de monitor 2023") is the document's
        # year (or a year in its title), not the year the figure is about
        hint_years |= {u.passage.year} if u.passage.year else set()
        hint_years |= {int(y) for y in YEAR_RE.findall(u.passage.title or "")}
    feats = {"coverage": round(coverage, 3), "dense": round(dense, 3), "best_score": round(best.score, 3),
             "uncovered": uncovered, "evidence_years": sorted(years)}
    missing = sorted(y for y in q.years if y not in years and not (y in q.hint_years and y in hint_years))
    if missing:
        return Decision(False, "year", feats, missing)
    if q.wants_number and not any(answer_numbers(u, q) for u in chosen):
        return Decision(False, "no_number", feats)
    # names the question gives must stand in the evidence itself
    ent_missing = []
    for e in q.entities:
        toks = tokens(e)
        tok = toks[0] if toks else ""
        if tok in q.keys and tok not in covered:
            ent_missing.append(e)
    # "how many pupils ...": what is counted must be what the evidence is about
    if q.wants_number and q.counted and q.counted in q.keys and q.weights.get(q.counted, 0) > 0.2 \
            and q.counted not in covered_ctx:
        ent_missing.append(q.counted)
    if ent_missing:
        feats["entities_missing"] = ent_missing
        return Decision(False, "entity", feats)
    if coverage >= c.min_coverage or (coverage >= c.min_coverage_dense and dense >= c.min_dense):
        return Decision(True, "ok", feats)
    return Decision(False, "terms", feats)
