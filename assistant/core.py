# SPINE-READY
"""Question -> Answer: the assistant's pipeline.

    >>> from assistant.core import Assistant
    >>> bot = Assistant.from_settings()                        # doctest: +SKIP
    >>> bot.ask("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?").answer  # doctest: +SKIP

Steps of :meth:`Assistant.ask` (all in memory; nothing is read from disk or loaded per
question):

1. follow-up: merge a short follow-up with the conversation (assistant.followup);
2. language of the question: nl or en (assistant.language);
3. curated answers, when enabled and a close match exists (assistant.curated);
4. hybrid retrieval: e5 dense + BM25 (Dutch and English stemming), RRF fusion, filters
   by source and year, boosts for the years and sources the question names
   (assistant.retrieval);
5. evidence: sentences and table rows of the top passages, scored against the
   question's key terms, years and wanted kind of figure (assistant.compose);
6. refusal gate (assistant.gate);
7. extractive answer in the question's language with [n] citations (assistant.compose);
8. number guard: every number in the answer must stand in a passage it cites
   (assistant.numbers); an answer that fails is replaced by the bare quotes, and refused
   if even those fail.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence

from assistant.compose import Composed, Unit, build_units, compose, select_evidence, short_title
from assistant.curated import CuratedAnswers
from assistant.followup import previous_language, resolve
from assistant.gate import Decision, GateConfig, decide
from assistant.language import detect_language
from assistant.messages import t
from assistant.numbers import check_numbers
from assistant.question import TermStats, analyze, Question
from assistant.retrieval import Filters, Hit, HybridRetriever, Passage, StoreBackend
from assistant.types import Answer, Citation
from config import Settings
from index.store import IndexStore

log = logging.getLogger(__name__)


class _Prepared:
    """Everything derived from one index generation: passages, term statistics, the
    retriever, neighbours by position, source titles, curated answers."""

    def __init__(self, store: IndexStore, settings: Settings, use_curated: bool):
        self.generation = store.generation
        self.backend = StoreBackend(store)
        self.retriever = HybridRetriever(self.backend, top_k=max(settings.top_k, 1))
        self.stats = TermStats([f"{p.title} {p.section or ''} {p.text}" for p in self.backend.passages])
        self.by_pos: dict[tuple[str, int], Passage] = {(p.source, p.position): p for p in self.backend.passages}
        self.titles: dict[str, str] = {}
        for p in self.backend.passages:
            self.titles.setdefault(p.source, p.title)
        self.curated: CuratedAnswers | None = None
        if use_curated and settings.curated_file:
            self.curated = CuratedAnswers.load(settings.curated_file, store.embed_query)


class Assistant:
    """Answers questions from an :class:`IndexStore`. Safe to share between threads.

    Options: ``use_curated`` (answer close matches from ``settings.curated_file``;
    default on when a file is set), ``gate`` (a :class:`GateConfig`)."""

    def __init__(self, store: IndexStore, settings: Settings | None = None, *,
                 use_curated: bool | None = None, gate: GateConfig | None = None):
        self.store = store
        self.settings = settings or store.settings
        self.use_curated = bool(self.settings.curated_file) if use_curated is None else use_curated
        self.gate = gate or GateConfig()
        self._prep: _Prepared | None = None
        self._lock = threading.Lock()
        self._checked = time.monotonic()

    @classmethod
    def from_settings(cls, settings: Settings | None = None, *, build_if_missing: bool = True,
                      progress=None, **kwargs) -> "Assistant":
        settings = settings or Settings.from_env()
        store = IndexStore.open(settings.index_dir, settings=settings)
        if not store.exists() and build_if_missing:
            store.update([settings.corpus_dir], progress=progress)
        bot = cls(store, settings, **kwargs)
        bot.warm()
        return bot

    # ------------------------------------------------------------------ set-up
    def warm(self) -> None:
        """Prepare the in-memory structures (and load the embedder) before the first question."""
        prep = self._prepared()
        if prep is not None and len(prep.backend):
            prep.retriever.retrieve("warm up", k=1)

    # How often (seconds) to look whether another process (e.g. `vraagbaak ingest` while
    # the app runs) has put a new index generation in place.
    RELOAD_CHECK_S = 2.0

    def _prepared(self) -> _Prepared | None:
        if not self.store.loaded:
            if not self.store.exists():
                return None
            self.store.load()
        elif time.monotonic() - self._checked > self.RELOAD_CHECK_S:
            self._checked = time.monotonic()
            try:
                self.store.load()  # reads CURRENT; loads only when it names another generation
            except Exception as exc:  # keep answering from the generation in memory
                log.warning("index reload failed, keeping the loaded one: %s", exc)
        gen = self.store.generation
        prep = self._prep
        if prep is not None and prep.generation == gen:
            return prep
        with self._lock:
            if self._prep is None or self._prep.generation != self.store.generation:
                self._prep = _Prepared(self.store, self.settings, self.use_curated)
            return self._prep

    # ------------------------------------------------------------------ asking
    def ask(self, question: str, history: Sequence | None = None,
            filters: dict | Filters | None = None, id: str | None = None) -> Answer:
        t0 = time.perf_counter()
        question = question or ""
        prev_lang = previous_language(history)
        resolved = resolve(question, history)
        lang = detect_language(question, previous=prev_lang)
        if not question.strip():
            return self._plain(question, lang, t("empty_question", lang), id, t0)
        prep = self._prepared()
        if prep is None or not len(prep.backend):
            return self._plain(question, lang, t("no_index", lang), id, t0, resolved)
        filt = Filters.from_any(filters)

        # curated answers
        if prep.curated is not None and len(prep.curated) and filt is None:
            qvec = self.store.embed_query(resolved)
            m = prep.curated.match(resolved, lang, qvec)
            if m is not None:
                return self._curated_answer(question, resolved, lang, m, id, t0)

        q = analyze(resolved, lang, prep.stats)
        hint_sources = self._hinted_sources(q, prep)
        hits = prep.retriever.retrieve(resolved, filt, boost_sources=hint_sources)
        t1 = time.perf_counter()
        units = build_units(hits, max_hits=len(hits))
        neighbours = self._neighbour_units(hits, prep) if q.wants_list else None
        ev = select_evidence(units, q, source_hint_sources=hint_sources, neighbours=neighbours)
        decision = decide(q, hits, ev, self.gate)
        answer = None
        if decision.answerable:
            answer = self._answer(question, resolved, lang, q, ev, hits, id)
            if answer is None:
                decision = Decision(False, "guard", decision.features)
        if answer is None:
            answer = self._refusal(question, resolved, lang, decision, hits, id)
        t2 = time.perf_counter()
        answer.timings_ms = {"retrieve": (t1 - t0) * 1e3, "answer": (t2 - t1) * 1e3, "total": (t2 - t0) * 1e3}
        # the passages seen, re-ranked by their best evidence unit (fusion rank kept)
        best_unit: dict[str, float] = {}
        for u in ev.ranked:
            best_unit[u.passage.id] = max(best_unit.get(u.passage.id, -9.0), u.score)
        order = sorted(range(len(hits)), key=lambda i: (-best_unit.get(hits[i].passage.id, -9.0), i))
        answer.retrieved = [
            {"id": hits[i].passage.id, "source": hits[i].passage.source, "locator": hits[i].passage.locator or "",
             "score": round(hits[i].score, 5), "evidence_score": round(best_unit.get(hits[i].passage.id, 0.0), 4),
             "fusion_rank": i + 1} for i in order
        ]
        answer.gate = {"reason": decision.reason, **decision.features}
        return answer

    def ask_many(self, items: Iterable[dict]) -> Iterable[Answer]:
        for item in items:
            yield self.ask(item["question"], history=item.get("history"), filters=item.get("filters"),
                           id=item.get("id"))

    # ------------------------------------------------------------------ parts
    @staticmethod
    def _hinted_sources(q: Question, prep: _Prepared) -> set[str]:
        """Sources whose title matches the source the question names ("volgens de visie")."""
        if not q.source_hint:
            return set()
        from assistant.compose import _covered, _keys_of

        hint_q = analyze(q.source_hint, q.language)
        terms = {t_ for t_ in hint_q.terms if hint_q.weights.get(t_, 1) > 0.2 and not t_.isdigit()}
        if not terms:
            return set()
        out = set()
        for source, title in prep.titles.items():
            cov = _covered(hint_q, _keys_of(title))
            if cov & terms:
                out.add(source)
        # a hint that fits every source says nothing
        return out if len(out) < len(prep.titles) else set()

    @staticmethod
    def _neighbour_units(hits: list[Hit], prep: _Prepared) -> list[Unit]:
        """Units of the chunks next to the top hits (same source and section): list
        items that retrieval did not return."""
        out: list[Unit] = []
        seen = {h.passage.id for h in hits}
        for h in hits[:3]:
            p = h.passage
            for d in range(-8, 9):
                n = prep.by_pos.get((p.source, p.position + d))
                if n is None or n.id in seen or n.section != p.section:
                    continue
                seen.add(n.id)
                out.extend(build_units([Hit(n, 0.0)]))
        return out

    def _citations(self, comp: Composed, hits: list[Hit]) -> list[Citation]:
        by_id = {h.passage.id: h for h in hits}
        cites = []
        for i, p in enumerate(comp.passages, start=1):
            h = by_id.get(p.id)
            score = (h.dense if h and h.dense is not None else (h.score if h else 0.0))
            cites.append(self._citation_for(i, p, score))
        return cites

    @staticmethod
    def _citation_for(n: int, p: Passage, score: float) -> Citation:
        return Citation(n=n, source=p.source, title=p.title, page=p.page, locator=p.locator or p.section or "",
                        text=p.text, url=p.url, score=round(float(score), 4), year=p.year,
                        language=p.language, kind=p.kind)

    def _answer(self, question, resolved, lang, q, ev, hits, id) -> Answer | None:
        comp = compose(ev, q, lang)
        if not comp.text:
            return None
        texts = {i: f"{p.title}\n{p.text}" for i, p in enumerate(comp.passages, start=1)}
        guard = check_numbers(comp.text, texts)
        if not guard.ok:
            log.warning("number guard: %s unsupported in answer to %r; falling back to quotes",
                        guard.unsupported, question)
            # the bare quotes: the evidence lines only, each with its marker
            lines = [ln for ln in comp.text.split("\n") if ln.startswith("- ")]
            p0 = comp.passages[0]
            key = "found_in_dutch" if (lang == "en" and (p0.language or "nl") != "en") else "found_in"
            head = t(key, lang, title=short_title(p0))
            text = "\n".join([head] + lines)
            if not lines or not check_numbers(text, texts).ok:
                return None
            comp = Composed(text, comp.units, comp.passages)
        return Answer(question=question, language=lang, answerable=True, answer=comp.text,
                      citations=self._citations(comp, hits), id=id, resolved_question=resolved)

    def _refusal(self, question, resolved, lang, decision: Decision, hits, id) -> Answer:
        if decision.reason == "year" and decision.missing_years:
            text = t("refusal_year", lang, years=", ".join(str(y) for y in decision.missing_years))
        elif decision.reason == "no_number":
            text = t("refusal_number", lang)
        else:
            text = t("refusal", lang)
        closest = [self._citation_for(i, h.passage, h.dense if h.dense is not None else h.score)
                   for i, h in enumerate(hits[:3], start=1)]
        if closest:
            names = []
            for c in closest:
                label = short_title(Passage(c.source, "", source=c.source, title=c.title))
                loc = f" ({c.locator})" if c.locator else ""
                if f"{label}{loc}" not in names:
                    names.append(f"{label}{loc}")
            text += " " + t("closest", lang, list="; ".join(names))
        return Answer(question=question, language=lang, answerable=False, answer=text, citations=[],
                      closest=closest, id=id, resolved_question=resolved)

    def _curated_answer(self, question, resolved, lang, match, id, t0) -> Answer:
        pair, text, sim = match
        cites = []
        for i, s in enumerate(pair.sources, start=1):
            cites.append(Citation(n=i, source=str(s.get("source") or ""), title=str(s.get("title") or s.get("source") or ""),
                                  page=s.get("page"), locator=str(s.get("locator") or ""), text=str(s["text"]),
                                  url=s.get("url"), score=round(sim, 4), year=s.get("year"),
                                  language=s.get("language"), kind=str(s.get("kind") or "text")))
        if "[1]" not in text and cites:
            text = f"{text} [1]"
        t1 = time.perf_counter()
        return Answer(question=question, language=lang, answerable=True, answer=text, citations=cites,
                      timings_ms={"retrieve": 0.0, "answer": (t1 - t0) * 1e3, "total": (t1 - t0) * 1e3},
                      id=id, curated=True, resolved_question=resolved)

    def _plain(self, question, lang, text, id, t0, resolved=None) -> Answer:
        t1 = time.perf_counter()
        return Answer(question=question, language=lang, answerable=False, answer=text, id=id,
                      timings_ms={"retrieve": 0.0, "answer": (t1 - t0) * 1e3, "total": (t1 - t0) * 1e3},
                      resolved_question=resolved or question)
