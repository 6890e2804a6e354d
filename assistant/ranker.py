"""The learned parts of answering: which units are evidence, and whether the question
is answerable at all.

Both are logistic regressions over general features (assistant.evidence.FEATURES for a
unit; :data:`ANSWERABLE_FEATURES` for a question), fitted by ``python -m eval.train`` on
relevance labels derived from question sets (a unit is evidence when it comes from a
source that holds the gold answer and contains a gold number or keyword), with the
settings and the refusal threshold chosen by cross-validation over questions. The
fitted model is a small JSON file (``assistant/models/ranker.json``); a deployment
refits it on its own questions with the same command. Scoring is a dot product, so
answering needs no machine-learning library.

    >>> m = LinearModel(["a"], [0.0], [1.0], [2.0], 0.0)
    >>> round(float(m.predict(np.array([[1.0]]))[0]), 3)
    0.881
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from .evidence import FEATURES, Unit, matched_terms, text_keys
from .language import fold, tokens

MODEL_PATH = Path(__file__).resolve().parent / "models" / "ranker.json"

ANSWERABLE_FEATURES = (
    "p1", "p2", "gap", "logit_p1", "n_good", "top_cov_all", "top_uncovered", "top_num_ok",
    "top_num_missing", "top_qyear_match", "top_qyear_other", "unknown_mass", "max_dense",
    "good_year_match", "q_years", "q_wants_number", "uncovered_by_all", "max_uncovered_idf",
    "unknown_years", "best_complete", "top_cov_rare",
    "top_money_missing", "best_money", "top_clock_missing", "best_clock", "weakest_end_year",
    "names_missing", "best_names",
)


@dataclass
class LinearModel:
    """Standardised logistic regression: p = sigmoid(((x - mean) / scale) . coef + intercept)."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float = 0.5
    info: dict = field(default_factory=dict)

    def __post_init__(self):
        n = len(self.features)
        if not (len(self.mean) == len(self.scale) == len(self.coef) == n):
            raise ValueError("LinearModel: features, mean, scale and coef must have the same length")
        self._mean = np.asarray(self.mean, dtype=np.float64)
        self._scale = np.where(np.asarray(self.scale, dtype=np.float64) > 0, self.scale, 1.0)
        self._coef = np.asarray(self.coef, dtype=np.float64)

    def decision(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64).reshape(-1, len(self.features))
        return ((x - self._mean) / self._scale) @ self._coef + self.intercept

    def predict(self, x: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-self.decision(x)))

    def to_dict(self) -> dict:
        d = asdict(self)
        return {k: v for k, v in d.items() if not k.startswith("_")}

    @classmethod
    def from_dict(cls, d: dict) -> "LinearModel":
        return cls(list(d["features"]), list(d["mean"]), list(d["scale"]), list(d["coef"]),
                   float(d["intercept"]), float(d.get("threshold", 0.5)), dict(d.get("info", {})))


@dataclass
class Models:
    evidence: LinearModel
    answerable: LinearModel
    support_threshold: float = 0.5   # a unit below this is not shown as evidence
    info: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"evidence": self.evidence.to_dict(), "answerable": self.answerable.to_dict(),
                           "support_threshold": self.support_threshold, "info": self.info},
                          indent=1, ensure_ascii=False)

    @classmethod
    def untrained(cls) -> "Models":
        """All-zero models: every unit scores 0.5 (what ``python -m eval.train`` starts from)."""
        z = lambda names: LinearModel(list(names), [0.0] * len(names), [1.0] * len(names),  # noqa: E731
                                      [0.0] * len(names), 0.0, threshold=0.0)
        return cls(z(FEATURES), z(ANSWERABLE_FEATURES), 0.5, {"untrained": True})

    @classmethod
    def from_json(cls, text: str) -> "Models":
        d = json.loads(text)
        ev, an = LinearModel.from_dict(d["evidence"]), LinearModel.from_dict(d["answerable"])
        if tuple(ev.features) != FEATURES:
            raise ValueError("ranker model was fitted on other features; refit it with `python -m eval.train`")
        if tuple(an.features) != ANSWERABLE_FEATURES:
            raise ValueError("answerability model was fitted on other features; refit it with `python -m eval.train`")
        return cls(ev, an, float(d.get("support_threshold", 0.5)), dict(d.get("info", {})))


@lru_cache(maxsize=4)
def load_models(path: str | Path = MODEL_PATH) -> Models:
    p = Path(path)
    try:
        return Models.from_json(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{p}: no fitted ranker; run `python -m eval.train`") from None


def answerable_features(units: list[Unit], feats: np.ndarray, probs: np.ndarray, q) -> np.ndarray:
    """The question-level features (ANSWERABLE_FEATURES) from the scored units."""
    idx = {n: i for i, n in enumerate(FEATURES)}
    if len(units) == 0:
        return np.zeros(len(ANSWERABLE_FEATURES), dtype=np.float64)
    order = np.argsort(-probs)
    p1 = float(probs[order[0]])
    p2 = float(probs[order[1]]) if len(order) > 1 else 0.0
    top = feats[order[0]]
    good = probs >= 0.3
    good_year = float(np.max(feats[good, idx["qyear_match"]])) if good.any() else 0.0
    # question terms that no candidate covers (in its text, title or heading)
    covered: set[str] = set()
    for u in units:
        covered |= u.covered
    missing = [t for t in q.terms if t not in covered]
    uncovered = sum(q.weights[t] for t in missing) / q.total_weight if q.terms else 0.0
    max_idf = max((q.weights[t] for t in missing), default=0.0) / 10.0
    # the best unit that has what is asked: a figure for a figure, the year for a year
    ok = np.ones(len(units), dtype=bool)
    if q.wants_number:
        ok &= feats[:, idx["num_ok"]] > 0
    if q.years:
        ok &= feats[:, idx["qyear_match"]] > 0
    complete = float(np.max(probs[ok])) if ok.any() else 0.0
    eps = 1e-4
    return np.array([
        p1, p2, p1 - p2, float(np.log((p1 + eps) / (1 - p1 + eps))), min(int((probs >= 0.5).sum()), 3) / 3.0,
        top[idx["cov_all"]], top[idx["uncovered_known"]], top[idx["num_ok"]], top[idx["num_missing"]],
        top[idx["qyear_match"]], top[idx["qyear_other"]], top[idx["unknown_mass"]],
        float(np.max(feats[:, idx["dense"]])), good_year, float(bool(q.years)), float(q.wants_number),
        uncovered, max_idf, _unknown_times(q), complete, top[idx["cov_rare"]],
        *_kind_scores(feats, probs, top, idx, "money"), *_kind_scores(feats, probs, top, idx, "clock"),
        _weakest_end_year(units, probs, q), *_name_scores(units, probs, order, good, q),
    ], dtype=np.float64)


def _unknown_times(q) -> float:
    """The share of the years a question names that no passage mentions, a year named with
    a month no passage names among them ("December 2015", Question.unknown_month_years)."""
    return len(q.unknown_years | (q.unknown_month_years & q.years)) / max(1, len(q.years))


def _name_scores(units: list[Unit], probs: np.ndarray, order: np.ndarray, good: np.ndarray, q) -> tuple[float, float]:
    """For a question that names something (Question.names): the share of its names that
    neither the top unit nor another likely one has (in its text, title or heading), and
    the best score of a unit that has them all; (0, 0) when it names nothing. A name is
    not paraphrased: a passage that answers about "TISA" says "TISA". A comparison
    ("Texas than Florida") has each thing in a unit of its own, one of them likely, the
    other not (it lacks the first name), as does a sum ("Ohio and Michigan combined"):
    there the names are looked for in every unit."""
    names = q.names
    if not names:
        return 0.0, 0.0
    # a name may be there in the other language's spelling ("Ukrainians" / "Oekraïners",
    # "Syria" / "Syrië"), in a passage of the other language even when the documents use
    # the question's spelling elsewhere: a unit has it when one of its words shares a run
    # of letters with it (see _spelled_alike)
    covers = _covered_names(units, q, names)
    has = [c | {t for t in names - c if _spelled_alike(t, u) or _initials_of(t, u)} for u, c in zip(units, covers)]
    covered = set(has[order[0]])
    for i in (range(len(units)) if (q.compare or q.difference or q.rank or q.sum) else np.flatnonzero(good)):
        covered |= has[i]
    missing = sum(1 for t in names if t not in covered) / len(names)
    best = max((float(p) for h, p in zip(has, probs) if names <= h), default=0.0)
    return missing, best


def _covered_names(units: list[Unit], q, names: frozenset[str]) -> list[set[str]]:
    """The names each unit covers, not counting words the term vectors alone put near a
    name (Question.near): those are other names used alike ("Poland" is near "Rijnland"
    and "Nederland" in documents about the Netherlands), not the same one."""
    near = {t: q.near.get(t, frozenset()) for t in names}
    if not any(near.values()):
        return [set(u.covered) for u in units]
    strict = replace(q, trans={t: (k - near[t] if t in near else k) for t, k in q.trans.items()})
    out = []
    for u in units:
        if not (names & u.covered):
            out.append(set(u.covered))
            continue
        p = u.passage
        own, tr = matched_terms(strict, text_keys(" ".join(x for x in (u.match_text, p.title, p.section or "",
                                                                        u.table, u.headers) if x)))
        out.append((u.covered - names) | (names & (own | tr)))
    return out


# the shortest run of letters two spellings of a name share to count as the same name
NAME_RUN = 4


def _spelled_alike(name: str, u: Unit) -> bool:
    """Some word of the unit (what it is about: a row without its notes, a title or heading)
    or more, and at least half of the shorter word, with ``name`` (diacritics folded):
    "ukrainians" and "oekraïners" share "krain"."""
    from difflib import SequenceMatcher

    a = fold(name)
    p = u.passage
    text = _folded(" ".join(x for x in (u.match_text, p.title, p.section or "") if x))
    # a shared run of NAME_RUN letters means a shared NAME_RUN-gram: most units have
    # none, found by substring search before any word is compared
    grams = {a[i:i + NAME_RUN] for i in range(len(a) - NAME_RUN + 1)}
    if not any(g in text for g in grams):
        return False
    for b in set(tokens(text)):
        if len(b) < NAME_RUN or not any(g in b for g in grams):
            continue
        m = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        # (an ending both words have is a kind of name, not the same name: "Poland" and
        # "Holland" share "land")
        ending = m.a + m.size == len(a) and m.b + m.size == len(b)
        # (a short run must be most of the shorter word: "syri" of "Syria" / "Syrië", not
        # "onta" of "Ontario" / "Montana")
        long_enough = m.size > NAME_RUN or 3 * m.size >= 2 * min(len(a), len(b))
        if m.size >= NAME_RUN and 2 * m.size >= min(len(a), len(b)) and long_enough and not ending:
            return True
    return False


# the longest name read as a run of initials ("LIC", "COA", "ISL")
INITIALS_MAX = 5
_CAPITALISED = re.compile(r"[A-ZÀ-Þ][\w'’-]*")


def _initials_of(name: str, u: Unit) -> bool:
    """Whether ``name`` is the initials of a run of capitalised words in the unit (what it
    is about, its title or heading): "ISL" is written out as "International School
    Leiden", "LIC" as "Leiden International Centre". A short name asked as an
    abbreviation is often spelled out in the passage that answers.

    >>> from types import SimpleNamespace as N
    >>> u = N(match_text="pupils at International School Leiden at start", passage=N(title="Figures", section=None))
    >>> _initials_of("isl", u), _initials_of("lic", u)
    (True, False)
    """
    if not 2 <= len(name) <= INITIALS_MAX:
        return False
    p = u.passage
    text = " ".join(x for x in (u.match_text, p.title, p.section or "") if x)
    return name in _initial_runs(text, len(name))


@lru_cache(maxsize=4096)
def _initial_runs(text: str, n: int) -> frozenset[str]:
    """The initials (folded) of every run of ``n`` capitalised words standing next to each other."""
    runs, run = set(), []
    for m in re.finditer(r"\S+", text):
        w = m.group().strip(".,;:()[]\"'„”")
        if w and _CAPITALISED.fullmatch(w):
            run.append(fold(w[0].lower()))
            if len(run) >= n:
                runs.add("".join(run[-n:]))
        else:
            run = []
    return frozenset(runs)


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text.lower())


def _weakest_end_year(units: list[Unit], probs: np.ndarray, q) -> float:
    """For a question over two or more years (a change, a comparison, a period): the
    best score of a unit about its first year and of one about its last, the lower of
    the two (a change from 2021 needs something said about 2021); 0 otherwise."""
    if len(q.years) < 2:
        return 0.0
    ends = (min(q.years), max(q.years))
    return min(max((float(p) for u, p in zip(units, probs) if y in u.all_years), default=0.0) for y in ends)


def _kind_scores(feats: np.ndarray, probs: np.ndarray, top: np.ndarray, idx: dict, kind: str) -> tuple[float, float]:
    """For a question that asks for a kind of value (money, a time of day): whether the
    top unit lacks it, and the best score of a unit that has it; (0, 0) otherwise."""
    has = feats[:, idx[f"{kind}_ok"]] > 0
    return float(top[idx[f"{kind}_missing"]]), float(np.max(probs[has])) if has.any() else 0.0
