"""Fit the evidence ranker and the answerability model: ``python -m eval.train``.

For every question of the tuning sets (see eval/corpora.py) the assistant retrieves its
candidate units exactly as when answering, and each unit is labelled: evidence when it
comes from a source that holds the gold answer and contains a gold number or one of the
gold keywords (title and heading included). Two logistic regressions are fitted
(scikit-learn):

* the **evidence ranker** over the unit features (assistant.evidence.FEATURES);
* the **answerability model** over question-level features of the ranking
  (assistant.ranker.ANSWERABLE_FEATURES), on the ranker's *out-of-fold* scores, so it
  sees scores like those of questions the ranker was not fitted on.

Settings are chosen by cross-validation grouped by question (GroupKFold): the
regularisation of each model, the refusal threshold (on out-of-fold answerability
scores: the most accurate threshold with at most 10 % of answerable questions refused
where one exists) and the relevance level above which a unit is shown as evidence. The
fitted models are written as JSON to assistant/models/ranker.json with the
cross-validated figures; a municipality refits on its own question sets with::

    python -m eval.train --set mycorpus=/path/to/docs:/path/to/questions.jsonl

Options: ``--folds`` (default 5), ``--out`` (default the shipped model file),
``--set NAME=FOLDER:QUESTIONS[,QUESTIONS]`` (replaces the default sets; repeatable),
``--no-realpdf``.
"""
from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.compose import row_line
from assistant.evidence import FEATURES
from assistant.numbers import contains_number
from assistant.ranker import ANSWERABLE_FEATURES, MODEL_PATH, LinearModel, Models, answerable_features
from eval.corpora import CORPORA, Corpus, open_assistant
from eval.harness import load_questions

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
ANSWERABLE_REPEATS = 5  # shuffled cross-validation splits averaged for the answerability model
MAX_FALSE_REFUSALS = 0.10


@dataclass
class QData:
    qid: str
    corpus: str
    answerable: bool
    question: object
    features: np.ndarray
    labels: np.ndarray
    units: list = field(default_factory=list)
    gold: dict = field(default_factory=dict)
    language: str = "nl"


def unit_is_evidence(q: dict, unit) -> bool:
    """The labelling rule (see the module docstring)."""
    if not q.get("answerable", True):
        return False
    p = unit.passage
    if q.get("sources") and p.source not in q["sources"]:
        return False
    # a table row also as the answer writes it ("value: 34.5; unit: percent" -> "34.5%")
    shown = row_line(unit, "en") if unit.kind == "row" else ""
    text = f"{p.title}\n{p.section or ''}\n{unit.text}\n{shown}"
    for n in q.get("numbers") or []:
        if contains_number(text, n):
            return True
    low = text.lower()
    return any(k.lower() in low for group in q.get("keywords") or [] for k in group)


def collect(corpora: list[Corpus], log=print) -> list[QData]:
    out: list[QData] = []
    for corpus in corpora:
        paths = [p for p in corpus.questions if p.exists()]
        if not paths or not corpus.available():
            log(f"train: {corpus.name}: skipped (no questions or no documents)")
            continue
        questions = load_questions(paths)
        t0 = time.perf_counter()
        bot = open_assistant(corpus, models=Models.untrained())
        prep = bot.prepared()
        for q in questions:
            resolved, lang = bot.resolve(q["question"], q.get("history"))
            cand = bot.candidates(resolved, q.get("lang") or lang, None, prep)
            labels = np.array([unit_is_evidence(q, u) for u in cand.units], dtype=np.int8)
            out.append(QData(q["id"], corpus.name, bool(q.get("answerable", True)), cand.question,
                             cand.features, labels, cand.units, {k: v for k, v in q.items() if k != "_file"},
                             q.get("lang") or lang))
        log(f"train: {corpus.name}: {len(questions)} questions, "
            f"{sum(len(d.labels) for d in out if d.corpus == corpus.name)} units, {time.perf_counter() - t0:.1f} s")
    return out


def _fit_lr(x: np.ndarray, y: np.ndarray, c: float, weight=None):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    sc = StandardScaler().fit(x)
    lr = LogisticRegression(C=c, max_iter=2000, class_weight=weight)
    lr.fit(sc.transform(x), y)
    return sc, lr


def _to_model(names, sc, lr, **kw) -> LinearModel:
    scale = [float(s) if s > 0 else 1.0 for s in sc.scale_]
    return LinearModel(list(names), [float(m) for m in sc.mean_], scale, [float(c) for c in lr.coef_[0]],
                       float(lr.intercept_[0]), **kw)


def _folds(groups: np.ndarray, k: int):
    from sklearn.model_selection import GroupKFold

    return list(GroupKFold(n_splits=k).split(np.zeros(len(groups)), groups=groups))


def ranking_metrics(data: list[QData], probs_by_q: list[np.ndarray]) -> dict:
    """P@1, recall@3 (some evidence in the top 3) and MRR over answerable questions
    with at least one evidence unit among the candidates."""
    p1 = r3 = mrr = n = 0
    for d, pr in zip(data, probs_by_q):
        if not d.answerable or not d.labels.any():
            continue
        order = np.argsort(-pr)
        ranks = [i for i, j in enumerate(order, start=1) if d.labels[j]]
        n += 1
        p1 += ranks[0] == 1
        r3 += ranks[0] <= 3
        mrr += 1 / ranks[0]
    n = n or 1
    return {"questions": n, "p@1": round(p1 / n, 3), "recall@3": round(r3 / n, 3), "mrr": round(mrr / n, 3)}


def fit(data: list[QData], folds: int = 5, log=print) -> Models:
    from sklearn.metrics import log_loss, roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    qids = np.array([d.qid for d in data])
    # ---------------------------------------------------------------- evidence ranker
    x = np.concatenate([d.features for d in data if len(d.labels)])
    y = np.concatenate([d.labels for d in data if len(d.labels)])
    g = np.concatenate([[i] * len(d.labels) for i, d in enumerate(data) if len(d.labels)])
    fold_idx = _folds(g, folds)
    best = None
    for c in C_GRID:
        oof = np.zeros(len(y))
        for tr, te in fold_idx:
            sc, lr = _fit_lr(x[tr], y[tr], c)
            oof[te] = lr.predict_proba(sc.transform(x[te]))[:, 1]
        per_q = [oof[g == i] for i in range(len(data))]
        m = ranking_metrics(data, per_q)
        loss = log_loss(y, np.clip(oof, 1e-6, 1 - 1e-6))
        log(f"  ranker C={c:<5} p@1 {m['p@1']:.3f}  recall@3 {m['recall@3']:.3f}  mrr {m['mrr']:.3f}  log-loss {loss:.4f}")
        key = (m["mrr"], -loss)
        if best is None or key > best[0]:
            best = (key, c, oof, m, loss)
    _key, c_ev, oof_ev, m_ev, loss_ev = best
    auc = roc_auc_score(y, oof_ev)
    per_q = [oof_ev[g == i] for i in range(len(data))]
    base = ranking_metrics(data, [d.features[:, FEATURES.index("fused_rank_inv")] if len(d.labels) else np.zeros(0)
                                  for d in data])
    log(f"train: ranker: C={c_ev}, cross-validated AUC {auc:.3f}, {m_ev}; retrieval order alone {base}")
    # support threshold: the level above which a unit is shown, chosen for the answers it
    # gives: the share of answerable questions whose composed answer (out-of-fold scores)
    # holds the gold numbers and keywords
    results = []
    for thr in np.arange(0.0, 0.61, 0.05):
        ok = answers_correct(data, per_q, float(thr))
        share = float(np.mean([o for o, d in zip(ok, data) if d.answerable]))
        log(f"  support threshold {thr:.2f}: answerable questions answered right {share:.3f}")
        results.append((float(round(thr, 2)), share, ok))
    # the highest threshold within one standard error of the best (the one-standard-error
    # rule): no passage is shown that the ranker finds unlikely, unless that measurably
    # costs answers
    n_ans = sum(d.answerable for d in data)
    top = max(r[1] for r in results)
    se = math.sqrt(top * (1 - top) / max(1, n_ans))
    thr_s, share_s, answer_ok = max((r for r in results if r[1] >= top - se), key=lambda r: r[0])
    best_t = (share_s, thr_s)
    log(f"train: support threshold {thr_s} (answerable answered right {share_s:.3f}; best {top:.3f}, "
        f"one standard error {se:.3f}; cross-validated)")

    # ---------------------------------------------------------------- answerability
    ax = np.stack([answerable_features(d.units, d.features, pr, d.question) for d, pr in zip(data, per_q)])
    ay = np.array([d.answerable for d in data], dtype=np.int8)
    # out-of-fold scores averaged over ANSWERABLE_REPEATS shuffled splits (stratified by
    # answerable or not), so that the threshold below does not rest on one split's luck
    splits = [list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=r).split(ax, ay))
              for r in range(ANSWERABLE_REPEATS)]
    best_a = None
    for c in C_GRID:
        oof = np.zeros(len(ay))
        for qf in splits:
            for tr, te in qf:
                sc, lr = _fit_lr(ax[tr], ay[tr], c)
                oof[te] += lr.predict_proba(sc.transform(ax[te]))[:, 1] / len(splits)
        loss = log_loss(ay, np.clip(oof, 1e-6, 1 - 1e-6))
        if best_a is None or loss < best_a[0]:
            best_a = (loss, c, oof)
    loss_a, c_an, oof_an = best_a
    thr, stats = choose_threshold(oof_an, ay, np.array(answer_ok, dtype=bool))
    log(f"train: answerable: C={c_an}, log-loss {loss_a:.4f}, AUC {roc_auc_score(ay, oof_an):.3f}; "
        f"threshold {thr:.3f}: {stats}")
    by_corpus = {}
    for name in sorted({d.corpus for d in data}):
        idx = [i for i, d in enumerate(data) if d.corpus == name]
        sub = [data[i] for i in idx]
        r = ranking_metrics(sub, [per_q[i] for i in idx])
        pred = oof_an[idx] >= thr
        lab = ay[idx]
        by_corpus[name] = {**r, "false_refusals": f"{int(((~pred) & (lab == 1)).sum())}/{int((lab == 1).sum())}",
                           "refused_unanswerable": f"{int(((~pred) & (lab == 0)).sum())}/{int((lab == 0).sum())}"}
        log(f"  {name:<8} {by_corpus[name]}")

    # ---------------------------------------------------------------- final fit on everything
    sc, lr = _fit_lr(x, y, c_ev)
    evidence = _to_model(FEATURES, sc, lr, info={"C": c_ev})
    # the answerability model is fitted on the ranker's out-of-fold scores (as above)
    sc_a, lr_a = _fit_lr(ax, ay, c_an)
    answerable = _to_model(ANSWERABLE_FEATURES, sc_a, lr_a, threshold=thr, info={"C": c_an})
    info = {
        "fitted": time.strftime("%Y-%m-%d"),
        "questions": len(data), "units": int(len(y)), "evidence_units": int(y.sum()),
        "corpora": sorted({d.corpus for d in data}),
        "cv": {"folds": folds, "ranker": {**m_ev, "auc": round(float(auc), 3), "log_loss": round(float(loss_ev), 4)},
               "retrieval_order_alone": base, "answerable_answered_right": round(best_t[0], 3),
               "answerable": {**stats, "auc": round(float(roc_auc_score(ay, oof_an)), 3)},
               "by_corpus": by_corpus},
    }
    return Models(evidence, answerable, best_t[1], info)


def answers_correct(data: list[QData], per_q: list[np.ndarray], threshold: float) -> list[bool]:
    """Whether each question's composed answer would be right (answerable questions),
    with the given unit scores and support threshold."""
    from assistant.compose import compose
    from eval.harness import score_answer

    out = []
    for d, pr in zip(data, per_q):
        if not d.answerable or not len(pr):
            out.append(False)
            continue
        for u, s in zip(d.units, pr):
            u.score = float(s)
        comp = compose(d.units, d.question, d.language, threshold)
        out.append(score_answer(d.gold, {"answerable": True, "answer": comp.text}))
    return out


def choose_threshold(scores: np.ndarray, labels: np.ndarray, answer_ok: np.ndarray | None = None) -> tuple[float, dict]:
    """The refusal threshold: of those whose share of right outcomes (an answerable
    question answered right when ``answer_ok`` says its answer is right, an unanswerable
    one refused) is within one standard error of the best and that refuse at most
    MAX_FALSE_REFUSALS of the answerable questions, the highest.

    The share is flat over a wide range of thresholds (each further refusal of an
    unanswerable question costs about one answerable question answered right), so its
    maximum lands anywhere in that range by the luck of a question or two. Within the
    range the thresholds are equally good by the data; the highest refuses the most
    unanswerable questions, which is what the false-refusal bound allows (the one-
    standard-error rule, as for the support threshold)."""
    if answer_ok is None:
        answer_ok = labels.astype(bool)
    labels = np.asarray(labels).astype(int)
    answer_ok = np.asarray(answer_ok, dtype=bool)
    order = np.argsort(scores, kind="stable")
    s, lab, ok = scores[order], labels[order].astype(bool), answer_ok[order]
    n, n_pos, n_neg = len(s), int(lab.sum()), int((~lab).sum())
    # refusing the i lowest-scored questions (i = 0..n), by cumulative counts
    fr = np.concatenate([[0], np.cumsum(lab)])
    ru = np.concatenate([[0], np.cumsum(~lab)])
    right = int((lab & ok).sum()) - np.concatenate([[0], np.cumsum(lab & ok)]) + ru
    acc = right / max(1, n)
    # a threshold halfway between the i-th and the (i+1)-th score (a question is answered
    # when its score is at or above it); only cuts between distinct scores are possible
    thr = np.concatenate([[0.0], (s[:-1] + s[1:]) / 2, [s[-1] + 1e-6]]) if n else np.zeros(1)
    valid = np.concatenate([[True], s[1:] > s[:-1], [True]]) if n else np.ones(1, dtype=bool)
    allowed = valid & (fr <= MAX_FALSE_REFUSALS * n_pos)
    if not allowed.any():
        allowed = valid
    top = float(acc[allowed].max())
    se = math.sqrt(top * (1 - top) / max(1, n))
    i = int(np.flatnonzero(allowed & (acc >= top - se))[-1])
    return float(thr[i]), {"right": round(float(acc[i]), 3), "false_refusals": f"{int(fr[i])}/{n_pos}",
                           "refused_unanswerable": f"{int(ru[i])}/{n_neg}", "best_right": round(top, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.train", description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--set", action="append", default=[], metavar="NAME=FOLDER:QUESTIONS",
                    help="a corpus folder and its question files (replaces the default sets)")
    ap.add_argument("--no-realpdf", action="store_true", help="leave out the real-PDF corpus")
    ap.add_argument("--dump", default=None, help=argparse.SUPPRESS)  # pickle the collected data (experiments)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    if args.set:
        corpora = []
        for spec in args.set:
            name, _, rest = spec.partition("=")
            folder, _, qs = rest.partition(":")
            if not name or not folder or not qs:
                print(f"train: --set {spec!r}: expected NAME=FOLDER:QUESTIONS", file=sys.stderr)
                return 2
            corpora.append(Corpus(name, Path(folder), tuple(Path(q) for q in qs.split(","))))
    else:
        corpora = [c for n, c in CORPORA.items() if not (args.no_realpdf and n == "realpdf")]
    log = lambda m: print(m, file=sys.stderr)  # noqa: E731
    data = collect(corpora, log)
    if args.dump:
        import pickle

        Path(args.dump).write_bytes(pickle.dumps(data))
    if len(data) < 2 * args.folds:
        print("train: too few questions to fit", file=sys.stderr)
        return 2
    models = fit(data, args.folds, log)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(models.to_json() + "\n", encoding="utf-8")
    tmp.replace(out)
    print(json.dumps(models.info["cv"], indent=1))
    print(f"(written to {out})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
