"""Candidate evidence and its features.

A *unit* is one retrieved passage, which is one sentence of prose or one table row
(ingest cuts prose into sentences), together with what the ranker and the composer
need to know about it: its numbers and years, a row's cells, how well it covers the
question's terms (directly, through a translation, or only through its title or
heading), and whether it holds the kind of answer the question asks for.

:func:`build_units` turns hits into units; :func:`unit_features` gives the feature
matrix that the learned ranker (:mod:`assistant.ranker`) scores and that
``python -m eval.train`` fits it on. The same code computes the features at answer
time and at training time.

    >>> from assistant.passages import Hit, Passage
    >>> u = build_units([Hit(Passage("a", "Tabel — year: 2023; value: 13.1; unit: percent", kind="table_row"), 1.0, 0.9)])[0]
    >>> u.kind, sorted(u.years), [c.canon for c in u.cells_numbers()]
    ('row', [2023], ['2023', '13.1'])
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .language import _TOKEN_RE, direction_pairs, stem_keys, tokens
from .numbers import MONTH_RE, NumberMention, extract_numbers
from .question import YEAR_RE, Question
from .passages import Hit, Passage

# Header names that mark a column as a row's year, its unit, a link or a note: general
# table vocabulary of both languages (the tabular loader uses the same for years/URLs).
YEAR_HEADERS = ("year", "jaar", "jaartal", "period", "periode", "peildatum", "date", "datum")
UNIT_HEADERS = ("unit", "eenheid")
VALUE_HEADERS = ("value", "waarde", "aantal", "count", "number", "amount", "bedrag", "total", "totaal")
SKIP_HEADERS = ("source_url", "url", "link", "href", "bron", "source", "website")
NOTE_HEADERS = ("notes", "note", "opmerking", "opmerkingen", "toelichting", "comment", "comments")
_ROW_FIELD = re.compile(r"(?:^|;\s)([^;:]{1,60}?):\s")
_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_URL = re.compile(r"https?://\S+")
# an amount of money (or that something costs nothing) and a time of day, in either language
MONEY_RE = re.compile(r"(€|\$|£|\beuros?\b|\beur\b|\bdollars?\b|\busd\b|\bgbp\b|\bguilders?\b|\bgulden\b|"
                      r"(?<!\bper\s)\bcents?\b|\bkosteloos\b|\bgratis\b|\bfree of charge\b|\bfree\b)", re.I)
CLOCK_RE = re.compile(r"\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s?(?:am|pm|uur)\b", re.I)
# a length of time, a distance and how often, as a text gives them: a number (in digits, not part of a
# time of day like "7.30 uur", or a small number in words) and its unit, or a span in words
_AMOUNT = (r"(?:(?<![\d.:])\d+(?:,\d+)?|\b(?:een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|"
           r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|several|enkele))")
_DURATION = (
        # (not a period of a frequency: "four times a year", "eens per vier weken")
        r"(?<!\btimes\s)(?<!\bkeer\s)(?<!\bmaal\s)(?<!\bper\s)" + _AMOUNT + r"\s*(?:-\s*)?(?:(?:working|business|calendar)\s+)?(?:werk)?(?:seconden|seconde|minuten|minuut|uren|"
        r"uur|dagen|dag|weken|week|maanden|maand|jaren|jaar|eeuwen|eeuw|seconds?|minutes?|hours?|days?|weeks?|"
        r"months?|years?|decades?|centur(?:y|ies))\b|\b(?:eeuwenlang|jarenlang|decennia|decades|centuries)\b|"
        # an age written as one word: "het 35-jarig jubileum", "a 75-year-old link"
        r"\b\d+\s*-\s*(?:jarige?|year-old)\b")
_DURATION_RE = re.compile(_DURATION, re.I)
MEASURE_RE = {
    "duration": _DURATION_RE,
    # how long something has lasted: a length of time, or the year it began (see gives_measure)
    "age": _DURATION_RE,
    "distance": re.compile(
        r"(?<![\d.:])\d+(?:[.,]\d+)?\s*(?:km|kilometers?|kilometres?|meters?|metres?|mijl|miles?)\b", re.I),
    # how often: a word for it ("jaarlijks", "weekly") or a number of times per period
    "frequency": re.compile(
        r"\b(?:(?:twee|half)?(?:jaarlijks|maandelijks|wekelijks|dagelijks)e?|annual(?:ly)?|yearly|monthly|weekly|daily|"
        r"(?:elke?|iedere?|per|every|each)\s+(?:\w+\s+)?(?:jaar|jaren|maand|maanden|week|weken|dag|dagen|"
        r"kwartaal|years?|months?|weeks?|days?|quarter)|"
        r"(?:eens|een\s+keer|twee\s+keer|\d+\s*(?:keer|maal|x))\s+(?:per|in\s+de)|"
        # "om de week", "om de twee weken": every (other) period
        r"om\s+de\s+(?:\w+\s+)?(?:week|weken|dag|dagen|maand|maanden|jaar)|"
        r"(?:once|twice|\w+\s+times)\s+(?:a|per|every))\b", re.I),
    # a calendar date: a day and month (with a year or not), or a date in digits
    "date": re.compile(rf"\b\d{{1,2}}\s+(?:{MONTH_RE})\b|\b(?:{MONTH_RE})\s+\d{{1,2}}\b(?!\d)|"
                       r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[-/]\d{1,2}[-/]\d{4}\b", re.I),
}
MIN_TAIL = 4  # shortest last part of a compound that covers a word (see matched_terms)


def split_row(text: str) -> tuple[str, str]:
    """A table row's text as ingest writes it: ``"Title — a: 1; b: 2"`` -> ``("Title", "a: 1; b: 2")``
    (no title: ``("", text)``)."""
    title, sep, body = text.partition(" — ")
    return (title.strip(), body) if sep else ("", text)


def parse_row(text: str) -> tuple[str, dict[str, str]]:
    """``"Title — a: 1; b: 2"`` -> ``("Title", {"a": "1", "b": "2"})``."""
    title, body = split_row(text)
    fields: dict[str, str] = {}
    matches = list(_ROW_FIELD.finditer(body))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        key = m.group(1).strip()
        val = body[m.end():end].strip().rstrip(";").strip()
        if key and key not in fields:
            fields[key] = val
    return title, fields


def _header_is(header: str, names: tuple[str, ...]) -> bool:
    h = header.lower().strip()
    return h in names or any(h.endswith("_" + n) or h.endswith(" " + n) for n in names)


def years_in(text: str) -> set[int]:
    """Years a text is about: years written out, and every year of a range "2016-2022"."""
    found, ranges = _year_marks(text)
    ys = set(found)
    for a, b in ranges:
        if a < b <= a + 40:
            ys |= set(range(a, b + 1))
    return ys


def column_dated(header: str, q: Question) -> float:
    """How well a column named by a year or period fits the years asked: 3 for its exact
    name in the question, else twice the share of its years asked; 0 for a column not
    named by a year, and for a period that only touches the asked one ("1961-1971" for
    "1951-1961": two periods)."""
    ys = years_in(header)
    if not ys or not q.years:
        return 0.0
    if header.strip() and header.strip() in q.text:
        return 3.0
    if q.trend and len(q.years) == 2 and min(q.years) <= min(ys) and max(ys) <= max(q.years) \
            and len(ys) > 1 and not ys >= q.years:
        # "how did it develop from 1951 to 2011?": each period between the two years
        # ("1961-1971") is asked, as a point of the development
        return 1.0
    shared = ys & q.years
    if len(shared) == 1 and len(ys) > 1 and len(q.years) > 1:
        return 0.0
    return 2.0 * len(shared) / len(ys)


def period_columns_asked(u: "Unit", q: Question) -> bool | None:
    """For a row with a column per year or period (a wide table): whether it has a
    column for the years asked; None for other rows and sentences, and when no year is asked."""
    if u.kind != "row" or not q.years:
        return None
    dated = [c for c in u.cells if c.role == "value" and c.numeric and years_in(c.header)]
    if not dated:
        return None
    return any(column_dated(c.header, q) > 0 for c in dated)


@lru_cache(maxsize=50000)
def _year_marks(text: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...]]:
    # the text read once (the set is built afresh each time: callers may change it)
    return (tuple(int(y) for y in YEAR_RE.findall(text)),
            tuple((int(m.group(1)), int(m.group(2))) for m in _RANGE.finditer(text)))


@dataclass
class Cell:
    header: str
    value: str
    numbers: list[NumberMention]
    role: str  # "year" | "unit" | "link" | "note" | "value"

    @property
    def numeric(self) -> bool:
        """The cell is a figure ("13.1", "~75000", "1 in 8", "2016-2022"), not words that
        happen to hold a number ("(monitor 2023 summary)")."""
        if not self.numbers:
            return False
        alnum = [ch for ch in self.value if ch.isalnum()]
        digits = sum(ch.isdigit() for ch in alnum)
        return digits >= 0.5 * len(alnum) or all(
            len(w) <= 3 or w.lower() in ("op", "de", "in", "of", "per") for w in re.findall(r"[^\W\d_]+", self.value))


@dataclass
class Unit:
    """One candidate piece of evidence: a sentence or a table row."""

    hit: Hit
    rank: int                      # fused retrieval rank (0 = best); neighbours rank after
    kind: str                      # "sentence" | "row"
    text: str                      # verbatim passage text
    table: str = ""                # a row's table title
    cells: list[Cell] = field(default_factory=list)
    numbers: list[NumberMention] = field(default_factory=list)
    years: set[int] = field(default_factory=set)   # years it is about (a row: its year cell)
    neighbour_of: str | None = None                # id of the hit it was added next to
    score: float = 0.0                              # ranker probability
    covered: set[str] = field(default_factory=set)  # question terms it covers (text, title, heading)
    side: str = ""                                  # "a" / "b": the best evidence for a side of a comparison

    @property
    def passage(self) -> Passage:
        return self.hit.passage

    @property
    def id(self) -> str:
        return self.hit.passage.id

    def cells_numbers(self) -> list[NumberMention]:
        return [n for c in self.cells if (c.role == "value" and c.numeric) or c.role == "year" for n in c.numbers]

    @property
    def unit_label(self) -> str:
        for c in self.cells:
            if c.role == "unit":
                return c.value
        return ""

    @property
    def match_text(self) -> str:
        """The words that say what the unit is about (a row without links and notes)."""
        if self.kind == "row":
            return " ; ".join(c.value for c in self.cells if c.role in ("value", "year", "unit"))
        return self.text

    @property
    def headers(self) -> str:
        """A row's column headers (of its values, years and units): what its cells are."""
        if self.kind != "row":
            return ""
        return " ; ".join(c.header for c in self.cells if c.role in ("value", "year", "unit"))

    @property
    def all_years(self) -> set[int]:
        if self.years:
            return self.years
        return {self.passage.year} if self.passage.year else set()


@lru_cache(maxsize=50000)
def _row_parts(text: str) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    title, fields = parse_row(text)
    out = []
    for h, v in fields.items():
        if _header_is(h, YEAR_HEADERS):
            role = "year"
        elif _header_is(h, UNIT_HEADERS):
            role = "unit"
        elif _header_is(h, SKIP_HEADERS) or _URL.match(v):
            role = "link"
        elif _header_is(h, NOTE_HEADERS):
            role = "note"
        else:
            role = "value"
        out.append((h, v, role))
    return title, tuple(out)


@lru_cache(maxsize=50000)
def _numbers(text: str) -> tuple[NumberMention, ...]:
    return tuple(extract_numbers(_URL.sub(" ", text)) if "http" in text else extract_numbers(text))


def make_unit(hit: Hit, rank: int, neighbour_of: str | None = None) -> Unit:
    p = hit.passage
    if p.kind == "table_row":
        title, parts = _row_parts(p.text)
        cells = [Cell(h, v, list(_numbers(v)) if role != "link" else [], role) for h, v, role in parts]
        year_cells = [c for c in cells if c.role == "year"]
        years: set[int] = set()
        for c in year_cells:
            years |= years_in(c.value)
        if not year_cells:
            # a wide table with a column per year or period ("1991-2001: 28.62"): the row
            # is about the years of its columns
            for c in cells:
                if c.role == "value" and c.numbers:
                    years |= years_in(c.header)
        if not years and len(in_title := years_in(title)) == 1:
            years = in_title  # "Table 325. Arrests by Race: 2009": every row is of that year
        nums = [n for c in cells if c.role in ("value", "year", "note") for n in c.numbers]
        return Unit(hit, rank, "row", p.text, title, cells, nums, years, neighbour_of)
    nums = list(_numbers(p.text))
    return Unit(hit, rank, "sentence", p.text, "", [], nums, years_in(p.text), neighbour_of)


def gives_measure(u: Unit, kind: str) -> bool:
    """Whether the unit gives the kind of measure a question asks for (Question.measure:
    MEASURE_RE); how long something has lasted also by the year it is about (a row of
    that year, a sentence that names it: "since 2013")."""
    return bool(MEASURE_RE[kind].search(u.text)) or (kind == "age" and bool(u.years))


def note_figures(u: Unit) -> list[tuple[NumberMention, int]]:
    """The figures a row's notes give with a year of their own ("33,700 in 2022", "rose
    to 22% in 2021"): each number that is not itself a year or date, with the first year
    written after it (before the next number), else the last one before it."""
    out: list[tuple[NumberMention, int]] = []
    for c in u.cells:
        if c.role != "note" or not c.numbers:
            continue
        years = [(m.start(), int(m.group(0))) for m in YEAR_RE.finditer(c.value)]
        if not years:
            continue
        nums = sorted((m for m in c.numbers if m.kind not in ("date", "day") and not m.label
                       and not (m.canon.isdigit() and YEAR_RE.fullmatch(m.canon))), key=lambda m: m.start)
        for i, m in enumerate(nums):
            nxt = nums[i + 1].start if i + 1 < len(nums) else len(c.value)
            after = [y for at, y in years if m.end <= at < nxt]
            before = [y for at, y in years if at < m.start]
            year = after[0] if after else (before[-1] if before else None)
            if year is not None:
                out.append((m, year))
    return out


def build_units(hits: list[Hit], neighbours: dict[str, list[Hit]] | None = None) -> list[Unit]:
    """Units of the hits, then of their neighbours (not already hits), in that order. A
    document's table of contents is no evidence of anything (see :func:`is_contents`)."""
    units = [make_unit(h, i) for i, h in enumerate(hits) if not is_contents(h.passage.text)]
    seen = {h.passage.id for h in hits}
    n = len(hits)
    for hid, extra in (neighbours or {}).items():
        for h in extra:
            if h.passage.id in seen:
                continue
            seen.add(h.passage.id)
            if not is_contents(h.passage.text):
                units.append(make_unit(h, n, neighbour_of=hid))
    return units


# an entry of a table of contents: a section number, its title, its page
# ("2.1 Opdrachtomschrijving 6")
_CONTENTS_ENTRY = re.compile(r"(?<!\S)\d{1,2}(?:\.\d{1,2})*\.?\s+[^\W\d_][^\d]{0,80}?\s+(\d{1,3})(?!\S)")
# the fewest entries, and the least of the text they fill, that make a table of contents
CONTENTS_ENTRIES = 4
CONTENTS_SHARE = 0.8
# dot leaders: the run of dots from an entry of a table of contents to its page
_LEADERS = re.compile(r"\.{8,}")


@lru_cache(maxsize=20000)
def is_contents(text: str) -> bool:
    """Whether a passage is a table of contents: at least CONTENTS_ENTRIES entries
    ("1 Managementsamenvatting 4 2 Inleiding 6 2.1 Opdrachtomschrijving 6 ...") that
    fill most of it, their pages in order. Its numbers are section and page numbers,
    which an answer would read as figures.

    >>> is_contents("1 Samenvatting 4 2 Inleiding 6 2.1 Opdracht 6 2.2 Wijzigingen 7 3 Het onderzoek 9")
    True
    >>> is_contents("In 2022 kwamen 800 Oekraïners, 300 Polen en 120 Syriërs naar de stad.")
    False

    A line with dot leaders (a run of dots to its page number) is an entry of one too, also
    cut off from the others ("27 Principe 2: Bedienbaar 30 Principe 4: Robuust ........").

    >>> is_contents("33 5 Overige adviezen en opmerkingen ..............................."), is_contents("Zo... en zo.")
    (True, False)
    """
    if _LEADERS.search(text):
        return True
    entries = list(_CONTENTS_ENTRY.finditer(text))
    if len(entries) < CONTENTS_ENTRIES:
        return False
    pages = [int(m.group(1)) for m in entries]
    filled = sum(len(m.group(0)) for m in entries)
    return pages == sorted(pages) and filled >= CONTENTS_SHARE * len(text.strip())


# --------------------------------------------------------------------------- matching

# "No. 2900-0826", "nr. 12": the word "number" written short before one (a stop word alone)
_NUMBER_SHORT = re.compile(r"(?:\bNo|\b[Nn]r)\.\s?\d|№")


@lru_cache(maxsize=100000)
def text_keys(text: str) -> frozenset[str]:
    """Stem keys of a text (hyphenated words also by their parts; "number" and "nummer"
    where one is written short before a number: "Control No. 2900-0826").

    >>> {"number", "nummer"} <= text_keys("OMB Control No. 2900-0826")
    True
    >>> "number" in text_keys("No, the answer is no.")
    False
    """
    # word by word through a cache: the passages of a question are new texts, but
    # their words mostly are not (``tokens`` reads each word on its own)
    keys = frozenset().union(*map(_word_keys, _TOKEN_RE.findall(text)))
    if ("No" in text or "r." in text or "№" in text) and _NUMBER_SHORT.search(text):
        keys |= _NUMBER_KEYS
    return keys


@lru_cache(maxsize=100000)
def _word_keys(word: str) -> tuple[str, ...]:
    out: list[str] = []
    for tok in tokens(word):
        out.extend(stem_keys(tok))
        if "-" in tok:
            for part in tok.split("-"):
                if part:
                    out.extend(stem_keys(part))
    return tuple(out)


_NUMBER_KEYS = frozenset(_word_keys("number") + _word_keys("nummer"))


@lru_cache(maxsize=100000)
def _sorted_keys(keys: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(keys))


@lru_cache(maxsize=100000)
def _tails(keys: frozenset[str]) -> frozenset[str]:
    """Every proper ending of the keys of a text at least MIN_TAIL letters long (the
    parts a compound can end with), once per text."""
    return frozenset(k[i:] for k in keys for i in range(1, len(k) - MIN_TAIL + 1))


def _has_prefix(keys: frozenset[str], stem: str) -> bool:
    """Some key of ``keys`` starts with ``stem``: in sorted order, the first key not
    below ``stem`` does (sorting once per text is cheaper than listing every prefix)."""
    ordered = _sorted_keys(keys)
    i = bisect_left(ordered, stem)
    return i < len(ordered) and ordered[i].startswith(stem)


def header_terms(q: Question, header: str) -> set[str]:
    """The question terms a table's column header names: by their words and translations,
    or written short ("hp" for "horsepower": Question.abbrev; in a header only, where
    tables write words short, not in running text)."""
    own, trans = matched_terms(q, text_keys(header))
    return own | trans | abbreviated_in(q, header)


def abbreviated_in(q: Question, header: str) -> set[str]:
    """The question terms a column header writes short (Question.abbrev)."""
    if not q.abbrev:
        return set()
    keys = text_keys(header)
    return {t for t, ks in q.abbrev.items() if ks & keys}


# a name with its short form in brackets, as documents define them: "the Vessel Hull
# Design Protection Act (VHDPA)", "National Telecommunications and Information
# Administration (NTIA)"; the short form's letters are the initials of the name's last
# capitalised words (small words between them aside)
_SHORT_FORM = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_CAPITALISED = re.compile(r"[A-Z][\w'’-]*")


def short_forms(texts) -> dict[str, str]:
    """The short forms the texts define, with the name each stands for.

    >>> short_forms(["Title V, the Vessel Hull Design Protection Act (VHDPA), adds a chapter."])
    {'VHDPA': 'Vessel Hull Design Protection Act'}
    >>> short_forms(["met de National Telecommunications and Information Administration (NTIA) en (IE)"])
    {'NTIA': 'National Telecommunications and Information Administration'}
    """
    out: dict[str, str] = {}
    for text in texts:
        for m in _SHORT_FORM.finditer(text):
            short = m.group(1)
            letters = [c for c in short if c.isupper()]
            if len(letters) < 2:
                continue
            words = list(_CAPITALISED.finditer(text, max(0, m.start() - 200), m.start()))
            name = words[-len(letters):] if len(words) >= len(letters) else []
            if name and "".join(w.group(0)[0] for w in name) == "".join(letters) \
                    and m.start() - name[-1].end() <= 2:
                out.setdefault(short, text[name[0].start():name[-1].end()])
    return out


def matched_terms(q: Question, keys: frozenset[str]) -> tuple[set[str], set[str]]:
    """(terms matched by their own stems, terms matched only through a translation).
    A Dutch compound matches its head ("monitorpagina" covers "monitor")."""
    own, trans = set(), set()
    tails = None
    for term, ks in q.keys.items():
        compound = q.compounds.get(term)
        if compound is not None:
            # a compound the dictionary knows only by its parts: the word itself (or a
            # near word), or every part that translates; one part is not enough
            # ("werkloosheidspercentage" is not covered by "percent")
            whole, parts = compound
            if whole & keys:
                (own if set(stem_keys(term)) & keys else trans).add(term)
            elif all(p & keys for p in parts):
                trans.add(term)
            else:
                if tails is None:
                    tails = _tails(keys)
                if set(stem_keys(term)) & tails:
                    own.add(term)
            continue
        if ks & keys:
            own.add(term)
            continue
        stem = min(ks, key=len)
        if len(stem) >= 5 and _has_prefix(keys, stem):
            own.add(term)
            continue
        if q.trans.get(term) and (q.trans[term] & keys or q.begun.get(term, frozenset()) & keys):
            # (a translation's stem begins a word of the text, as a word's own stem may:
            # "ukrain" of "Oekraïne" in "Ukrainian": Question.begun)
            trans.add(term)
            continue
        # a Dutch compound is a kind of its last part ("grofvuil" is "vuil", waste):
        # it covers the word or a translation that it ends with
        if tails is None:
            tails = _tails(keys)
        if ks & tails:
            own.add(term)
        elif q.trans.get(term) and q.trans[term] & tails:
            trans.add(term)
    return own, trans


def weight_share(q: Question, terms: set[str]) -> float:
    """The share of the question's weight (idf) that ``terms`` carry."""
    return sum(q.weights[t] for t in terms) / q.total_weight


def answer_numbers(u: Unit, q: Question) -> list[NumberMention]:
    """The numbers of a unit that can be an answer: not a number or year the question
    itself names, and a year only when a year or date is asked for."""
    out = []
    src = u.cells_numbers() if u.kind == "row" else u.numbers
    # a row's value that looks like a year ("1914") is a count when the row's unit says
    # what it counts ("persons"), as figures_of reads it
    counts = set()
    if u.kind == "row" and (u.unit_label or "").strip().lower() not in ("", *YEAR_HEADERS):
        counts = {id(m) for c in u.cells if c.role == "value" and c.numeric for m in c.numbers}
    for m in src:
        if m.label:  # a group of a section or version number ("1.3.4")
            continue
        if m.kind in ("date", "day"):
            if q.wants_date or q.wants_year:
                out.append(m)
            continue
        if m.canon in q.numbers:
            continue
        is_year = m.yearlike and id(m) not in counts
        if is_year and (int(m.canon) in q.years or not (q.wants_year or q.wants_date)):
            continue
        out.append(m)
    return out


# --------------------------------------------------------------------------- features

# a row's unit that makes its value a percentage ("%", "procent", "percent of residents")
PERCENT_LABEL = re.compile(r"^\s*(%|percent|procent|percentage|pct)\b", re.I)

FEATURES = (
    "dense", "dense_gap", "dense_rank_inv", "bm25_norm", "fused_rank_inv", "neighbour",
    "cov_own", "cov_trans", "cov_ctx", "cov_rare", "cov_all", "uncovered_known",
    "unknown_mass",
    "num_ok", "num_missing", "pct_ok", "pct_missing", "year_ok", "ratio_ok",
    "qyear_match", "qyear_other", "qyear_none",
    "is_row", "same_lang", "log_len", "n_numbers", "cell_match", "list_q",
    "dir_agree", "dir_conflict", "money_ok", "money_missing", "clock_ok", "clock_missing",
)


def _rank_inv(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: -values[i])
    out = [0.0] * len(values)
    for r, i in enumerate(order, start=1):
        out[i] = 1.0 / r
    return out


def direction_match(q: Question, q_pairs, text: str) -> tuple[float, float]:
    """The shares of the question's (direction, word) pairs (language.direction_pairs)
    that ``text`` has with the same direction, and with the opposite one only. The word
    matches by its stems or translations, so "naar het buitenland" agrees with "to
    abroad" and conflicts with "from abroad"."""
    if not q_pairs:
        return 0.0, 0.0
    found = [(way, text_keys(word)) for way, word in direction_pairs(text)]
    agree = conflict = 0
    for way, term in q_pairs:
        ks = q.keys[term] | q.trans.get(term, frozenset())
        ways = {w for w, keys in found if keys & ks}
        if way in ways:
            agree += 1
        elif ways:
            conflict += 1
    return agree / len(q_pairs), conflict / len(q_pairs)


def _kind_present(wanted: bool, pattern: re.Pattern, u: Unit) -> tuple[float, float]:
    """(has it, lacks it) for a kind of value the question asks for (money, a time of
    day); (0, 0) when the question does not ask for it."""
    if not wanted:
        return 0.0, 0.0
    has = bool(pattern.search(u.text) or (u.table and pattern.search(u.table)))
    return float(has), float(not has)


def _by_short_form(q: Question, u: Unit, defined: dict[str, str]) -> set[str]:
    """The question terms a unit has through a short form: the words of the name a short
    form in it stands for, or a short form the question writes whose name it spells out."""
    if not defined:
        return set()
    keys: set[str] = set()
    for short, name in defined.items():
        if re.search(rf"\b{re.escape(short)}\b", u.text):
            keys |= text_keys(name)
        elif short.lower() in q.keys and name.lower() in u.text.lower():
            keys |= text_keys(short)
    if not keys:
        return set()
    own, trans = matched_terms(q, frozenset(keys))
    return own | trans


def unit_features(units: list[Unit], q: Question) -> np.ndarray:
    """The feature matrix (units x FEATURES) for ranking ``units`` against ``q``."""
    if not units:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    dense = [u.hit.dense if u.hit.dense is not None else 0.0 for u in units]
    max_dense = max(dense)
    dense_ri = _rank_inv(dense)
    top_bm25 = max((u.hit.bm25 or 0.0) for u in units) or 1.0
    rare = sorted(q.terms, key=lambda t: -q.weights[t])[:2]
    unknown = weight_share(q, {t for t in q.terms if not q.known.get(t, True)})
    by_id = {u.id: u for u in units}
    defined = short_forms(u.text for u in units)
    # a balance ("net migration from abroad") is of both directions: its "from" is not one
    q_pairs = [] if q.balance else [(way, t) for way, t in direction_pairs(q.text) if t in q.keys]
    rows = []
    for i, u in enumerate(units):
        p = u.passage
        own, trans = matched_terms(q, text_keys(u.match_text))
        # a name written by the short form another candidate defines ("The VHDPA expires
        # ..."), as a word matched through its translation is
        trans |= _by_short_form(q, u, defined) - own
        ctx_own, ctx_trans = matched_terms(q, text_keys(" ".join(x for x in (p.title, p.section or "", u.table,
                                                                           u.headers) if x)))
        # (a header may write a question word short: "hp")
        ctx = (ctx_own | ctx_trans | abbreviated_in(q, u.headers)) - own - trans
        allm = own | trans | ctx
        u.covered = allm
        nums = answer_numbers(u, q)
        pct = any(m.percent for m in nums) or (
            u.kind == "row" and bool(PERCENT_LABEL.match(u.unit_label)) and bool(nums))
        is_year_or_date = any(m.kind == "date" or (m.canon.isdigit() and YEAR_RE.fullmatch(m.canon)) for m in nums)
        ratio = any(m.kind == "ratio" for m in nums)
        uy = u.all_years
        data_years = q.years
        asked_col = period_columns_asked(u, q)
        if asked_col is not None:  # a wide row: its columns say which years it has
            match, other, none = asked_col, not asked_col, False
        elif data_years:
            match = q.asks_year(uy)
            if not match and u.kind == "row" and u.years and len(q.years) == 1:
                # the asked year's figure in the note of a row of another year ("33,700 in 2022")
                match = any(y in q.years for _m, y in note_figures(u))
            other = bool(uy) and not match
            none = not uy
        else:
            match = other = none = False
        cell_match = 0.0
        if u.kind == "row":
            for c in u.cells:
                if c.role == "value" and c.numeric:
                    cell_match = max(cell_match, weight_share(q, header_terms(q, c.header)))
        neighbour = 0.0
        if u.neighbour_of and u.neighbour_of in by_id:
            neighbour = 1.0
        rows.append([
            dense[i], dense[i] - max_dense, dense_ri[i], (u.hit.bm25 or 0.0) / top_bm25,
            1.0 / (u.rank + 1), neighbour,
            weight_share(q, own), weight_share(q, trans), weight_share(q, ctx),
            (len([t for t in rare if t in own | trans]) / len(rare)) if rare else 0.0,
            weight_share(q, allm), weight_share(q, {t for t in q.terms if q.known.get(t, True)} - allm),
            unknown,
            float(q.wants_number and bool(nums)), float(q.wants_number and not nums),
            float(q.wants_percent and pct), float(q.wants_percent and not pct),
            float((q.wants_year or q.wants_date or bool(q.chrono)) and is_year_or_date),
            float(q.wants_ratio and ratio),
            float(match), float(other), float(none and bool(data_years)),
            float(u.kind == "row"), float((p.language or "") == q.language),
            math.log1p(len(u.text)) / 6.0, min(len(nums), 5) / 5.0, cell_match,
            float(q.wants_list), *direction_match(q, q_pairs, u.match_text),
            *_kind_present(q.wants_money, MONEY_RE, u), *_kind_present(q.wants_clock, CLOCK_RE, u),
        ])
    return np.asarray(rows, dtype=np.float32)
