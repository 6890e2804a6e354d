"""The extractive composer: write the answer from the ranked evidence, in the
question's language, quoting the evidence verbatim.

Nothing here generates facts. An answer is

* a **lead** that answers: for a figure, the value(s), what they measure (the table's
  measure, or the quoted sentence below), the year and the source; for a comparison,
  the computed difference with its inputs ("13,1% − 11,6% = 1,5 procentpunt [1][2]");
  for a development, the series in year order with each point cited; when sources
  give different figures for the same thing, each with its source;
* then the **evidence**: up to three units the ranker scores as relevant (more for a
  list), each quoted verbatim with its ``[n]``; a Dutch quote in an English answer is
  marked as Dutch (and the other way round), never translated.

Entry point: :func:`compose` (ranked units -> :class:`Composed`). Pure functions over
plain data.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from urllib.parse import urlparse

from messages import t

from .calc import (Calculation, Figure, Series, clock_minutes, difference, duration, mean, ranking, relative_change,
                   series, share, total)
from .evidence import (MEASURE_RE, MONEY_RE, VALUE_HEADERS, Unit, answer_numbers, column_dated, gives_measure, matched_terms, period_columns_asked,
                       text_keys, weight_share, years_in)
from .figures import PERCENT_UNIT
from .figures import (TOTAL_ROW, WHOLE_WORD, asked_unit, column_figures, figure_unit, figures_of, named_columns,
                      column_named, names_row, note_year_figures, ranked_row, row_label, value_column, words_after_match)
from .language import STOPWORDS, direction_pairs, fold, tokens
from .numbers import NumberMention, months_in
from .question import (CHANGE_ALTERNATIVES, CHANGE_WORDS, MONEY_CUES, RANK_LOW_RE, RANK_RE, SUPERLATIVES, WHICH_KIND, WHO_START,
                       YEAR_RE, YES_NO_START, Question, asks_development, counted_terms, counts_years)
from .passages import Passage

MAX_EVIDENCE = 3
NEGATED_SAME = 0.5  # stems two row labels that differ by a negation share (of the shorter label's)
# the words that ask for a percentage itself ("share" or "deel" may be answered "1 in 8")
PERCENT_ASKED = re.compile(r"\b(?:percentage|procent|percent|pct)\b|%", re.I)
# "higher than in 2020", "meer dan in 2020": the same thing now against that year
THAN_YEAR = re.compile(r"\b(?:than|dan)\s+(?:in\s+|(?:the\s+)?year\s+)?((?:19|20)\d\d)\b", re.I)
# two years side by side ("in 2022 and in 2023", "2019 en 2020"), not one named by the
# other ("in 2020, according to the monitor of 2021")
YEARS_TOGETHER = re.compile(r"\b(?:19|20)\d\d\s*(?:,|and|en|&|as well as|as|or|of)\s+(?:in\s+|(?:the\s+)?year\s+)?"
                            r"(?:19|20)\d\d\b", re.I)
RANK_STATED_COVER = 0.3  # share of a ranking question's weight a passage stating its superlative covers
MAX_LIST_ITEMS = 8
LIST_ROW_SHARE = 0.3  # a table row joins the best row's list when it scores this share of it
SHORT_SENTENCE_WORDS = 12
# words that open a sentence by pointing back at the one before it ("Zij mogen geen ...",
# "These are ..."): closed-class grammar, like the stop words. Not "het"/"it" or
# "er"/"there", which as often point at nothing.
ANAPHORIC_OPENERS = frozenset({
    "zij", "ze", "hij", "dit", "deze", "daarom", "daarmee", "daardoor", "hierdoor", "daarvoor",
    "hiervoor", "daarnaast", "hiermee", "hun",
    "they", "he", "she", "this", "these", "those", "their", "its", "therefore", "thus",
})
# A figure joins a calculation or a series only from a unit the ranker finds at least
# this relevant (the evidence shown may go lower: see Models.support_threshold).
CALC_MIN_SCORE = 0.3
# The second figure of a comparison between two years may score lower (the ranker
# prefers one year); it must then be the same measure in the same table.
PAIR_MIN_SCORE = 0.05
COUNT_LISTED_MAX = 200  # the most rows of a table counted for "how many ... are in the table?", each cited
SAME_MEASURE = 0.3  # label overlap of two rows that measure the same thing
BOUND_SIGNS = ("<", ">", "≤", "≥")  # a figure written as a bound ("> 20000 jobs")
SERIES_SAME_LABEL = 0.5  # label overlap with the best row that keeps a low-scored row in a series
RANK_SHOWN = 3  # rows of a table's ranking shown in the lead
SOURCES_APART = 2.0  # the most two sources' figures for one measure differ by, as a factor
LIST_SHOWN = 12  # rows past a bound ("which states grew more than 30%") shown in the lead
SERIES_SHARE = 0.5  # a series point scores at least this share of the best point
MONTH_SHARE = 0.5  # a passage naming the month asked leads when it scores at least this share of the best
_BRACKETS = re.compile(r"\([^)]*\)")


def short_title(p: Passage) -> str:
    title = (p.title or p.source or "").strip()
    head = title.split(":")[0].strip() if ":" in title and len(title.split(":")[0]) >= 12 else title
    return head


def source_of(p: Passage) -> str:
    """Who gives a passage's figure: a table row's own source (its link, when the table
    gives one per row: a table that gathers figures from several publishers), else its
    document."""
    return (p.url or p.source) if p.kind == "table_row" else p.source


def source_name(p: Passage) -> str:
    """A source as the answer names it: a table row with a link of its own by the link's
    site ("sleutelstad.nl"), any other passage by its document's title."""
    if p.kind == "table_row" and p.url:
        host = urlparse(p.url).netloc.lower()
        if host:
            return host[4:] if host.startswith("www.") else host
    return short_title(p)


def _quote(text: str) -> str:
    return f"„{text}”"


def row_line(u: Unit, language: str) -> str:
    """A table row as "„label” (year): value unit" or, with several values,
    "„label” (year): „header: value; ...”", without links."""
    label = row_label(u)
    vals = [c for c in u.cells if c.role == "value" and c.numeric]
    unit = u.unit_label
    pct = bool(PERCENT_UNIT.match(unit or ""))
    # a row whose value is words ("value: Italian"): that cell is what the row says,
    # not part of what it is about
    said = None if vals else next((c for c in reversed(u.cells) if c.role == "value" and c.value
                                   and c.header.lower().strip() in VALUE_HEADERS), None)
    if said is not None:
        label, shown = row_label(u, skip=said), said.value
    elif len(vals) == 1:
        v = vals[0].value + ("%" if pct and not vals[0].value.endswith("%") and len(vals[0].numbers) == 1 else "")
        duration = not YEAR_RE.fullmatch(v.strip())
        shown = v + (f" {_unit_text(unit, v, duration)}" if _unit_text(unit, v, duration) and not pct else "")
    else:  # the row's own cells under their headers: the source's words, so quoted
        shown = _quote("; ".join(f"{c.header}: {c.value}" for c in vals)) if vals else ""
    years = ", ".join(c.value for c in u.cells if c.role == "year" and c.value)
    notes = "; ".join(c.value for c in u.cells if c.role == "note" and c.value)
    out = (_quote(label) + " " if label else "") + (f"({years})" if years else "")
    out = (out.strip() + ": " if out.strip() else "") + shown
    if notes:
        out += f" ({t('note', language)}: {_quote(notes)})"
    if not out.strip():
        # a row read without cells (a one-column table under a long title): its own words
        return _quote(u.text.split(" — ", 1)[-1])
    return out.strip()


@dataclass
class Composed:
    text: str
    units: list[Unit]                      # cited units, in marker order of their passages
    passages: list[Passage]                # passages[i] has marker i+1
    calculations: list[Calculation] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    lead: str = ""
    column: str = ""  # the table column whose every row the lead ranks ("highest in 2001-2011")


class _Marks:
    def __init__(self) -> None:
        self.order: list[Passage] = []
        self.units: list[Unit] = []
        self.n: dict[str, int] = {}

    def __call__(self, u: Unit) -> int:
        if u.id not in self.n:
            self.order.append(u.passage)
            self.units.append(u)
            self.n[u.id] = len(self.order)
        return self.n[u.id]


def _join(parts: list[str], language: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('and', language)} " + parts[-1]


# Units that name the kind of value rather than measure it: not written after a figure.
KIND_UNITS = frozenset("year jaar years date datum dates ratio period periode name naam category categorie list lijst".split())
# ... except that a number of years ("4 years"), not a year itself, is measured in them
DURATION_UNITS = frozenset("year jaar years jaren".split())


def _unit_text(unit: str, value_text: str, duration: bool = False) -> str:
    """The unit written after a value (empty when it names the kind of value; with
    ``duration``, a value that is not a year counts years in a "years" unit)."""
    u = (unit or "").strip()
    if not u or u.lower() in value_text.lower():
        return ""
    if u.lower() in KIND_UNITS and not (duration and u.lower() in DURATION_UNITS):
        return ""
    return u


def _fig_text(f: Figure, language: str) -> str:
    txt = f.text.strip()
    if f.percent and not txt.endswith("%") and not re.search(r"procent|percent", txt, re.I):
        txt += "%"
    elif not f.percent and not f.is_year and _unit_text(f.unit, txt, duration=True):
        txt += f" {_unit_text(f.unit, txt, duration=True)}"
    return txt


# an item of a numbered list opens with its number or letter ("1. ", "2) ", "(b) ") and
# may end with the word that joins the last item ("...; and")
_ITEM_NUMBER = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s")
_JOINS_LAST = re.compile(r"[;,]\s*(?:and|or|en|of)$", re.I)


def _list_like(text: str) -> bool:
    """Whether a sentence reads as an item of a list (or what announces one).

    >>> [_list_like(t) for t in ("2. System caching;", "3. Storage at the direction of users; and",
    ...                           "4. Information location tools.", "The limitations apply.")]
    [True, True, True, False]
    """
    t_ = text.strip()
    return (t_.endswith((";", ":", ",")) or t_[:1].islower() or t_[:1] in "•-–*·"
            or bool(_ITEM_NUMBER.match(t_)) or bool(_JOINS_LAST.search(t_)))


def list_block(best: Unit, units: list[Unit]) -> list[Unit]:
    """The list ``best`` belongs to or announces: the sentences of the same source and
    section next to it that read as list items (ending in ";" or ",", starting in lower
    case, or following a line that ends in ":"), in document order."""
    p = best.passage
    same = {u.passage.position: u for u in units if u.kind == "sentence" and u.passage.source == p.source
            and u.passage.section == p.section}
    same[p.position] = best
    pos = p.position
    if not (_list_like(best.text) or best.text.rstrip().endswith(":")):
        # the best sentence may stand just before the list it introduces
        nxt = same.get(pos + 1)
        if nxt is None or not nxt.text.rstrip().endswith(":"):
            return [best]
    lo = pos
    while lo - 1 in same and (_list_like(same[lo - 1].text) or same[lo - 1].text.rstrip().endswith(":")):
        lo -= 1
    hi = pos
    while hi + 1 in same and (_list_like(same[hi + 1].text) or same[hi].text.rstrip().endswith(":")):
        hi += 1
    return [same[i] for i in range(lo, hi + 1)]


def _next_sentence(u: Unit, units: list[Unit], step: int = 1) -> Unit | None:
    p = u.passage
    for x in units:
        xp = x.passage
        if x.kind == "sentence" and xp.source == p.source and xp.section == p.section \
                and xp.position == p.position + step:
            return x
    return None


def _points_back(u: Unit) -> bool:
    """The sentence opens with a word that points at the sentence before it."""
    first = tokens(u.text[:40])[:1]
    return bool(first) and first[0] in ANAPHORIC_OPENERS


_FIELD = re.compile(r"^\s*[^\W\d_][^:\n]{0,40}:\s*(?P<value>[^:\n]{1,40})$")


def _bare_time(u: Unit) -> bool:
    """A sentence that is a field name and a time and nothing else ("Jaartal: 2023")."""
    if u.kind != "sentence" or not u.numbers:
        return False
    m = _FIELD.match(u.text.strip())
    if m is None or not all(n.kind in ("date", "day") or YEAR_RE.fullmatch(n.canon) for n in u.numbers):
        return False
    # nothing but the time in the value: its numbers and month names
    return all(months_in(w) for w in re.findall(r"[^\W\d_]{3,}", m.group("value")))


# things named one after another: "A, B, C en D", "A, B and C" (three or more): the word
# that joins the last one, read with the items before it (a look back of ENUMERATION_BACK
# characters keeps this linear on a long text of commas)
_LAST_JOINED = re.compile(r"\b(?:en|and|of|or)\s+[^\W\d_]", re.I)
ENUMERATION_ITEM = 40
ENUMERATION_BACK = 4 * ENUMERATION_ITEM


def _enumerates(text: str) -> bool:
    """Whether a sentence names three or more things one after another.

    >>> _enumerates("Deze groep omvat onder andere arbeidsmigranten, kenniswerkers, internationale studenten en vluchtelingen.")
    True
    >>> _enumerates("Deze monitor bevat cijfers over hun vestiging en vertrek, hun woon- en gezinssituatie.")
    False
    """
    for m in _LAST_JOINED.finditer(text):
        before = text[max(0, m.start() - ENUMERATION_BACK):m.start()]
        parts = re.split(r"[;:.]", before)[-1].split(",")
        if len(parts) >= 3 and len(parts[-1].strip()) <= ENUMERATION_ITEM \
                and 1 <= len(parts[-2].strip()) <= ENUMERATION_ITEM and re.search(r"[^\W\d_]", parts[-3]):
            return True
    return False


_LISTED = re.compile(r"\b(?:which|welke|noem(?:\s+(?:de|het|alle))?|list(?:\s+the)?|name\s+the|what\s+are\s+the|"
                     r"wat\s+zijn\s+de)\s+(.+)", re.I)


def _listed_thing(q: Question) -> str | None:
    """The first question word after the words that ask for a list ("Which groups ...",
    "Noem de containers ...", "What are the goals ..."): what the list is of.

    >>> from assistant.question import analyze
    >>> _listed_thing(analyze("Welke groepen internationals onderscheidt de monitor?", "nl"))
    'groepen'
    >>> _listed_thing(analyze("Wat zijn de doelen van de visie?", "nl"))
    'doelen'
    """
    m = _LISTED.search(q.text)
    return next((w for w in tokens(m.group(1)) if w in q.terms), None) if m else None


def select(units: list[Unit], q: Question, threshold: float) -> list[Unit]:
    """The units to show, best first: those at or above ``threshold`` (at least the
    best one), at most MAX_EVIDENCE; for a list question, the best unit's list."""
    ranked = sorted(units, key=lambda u: -u.score)
    if not ranked:
        return []
    chosen: list[Unit] = [ranked[0]]
    seen_text = {ranked[0].text}
    for u in ranked[1:]:
        if len(chosen) >= MAX_EVIDENCE:
            break
        if u.score < threshold or u.text in seen_text:
            continue
        chosen.append(u)
        seen_text.add(u.text)
    if q.wants_list and ranked[0].kind == "row":
        # a list question whose best passage is a table row: the rows of that table found
        # relevant too ("Which screens were in the sample?": each screen is a row), after
        # the best one in the table's order
        top = ranked[0]
        rows = sorted((u for u in ranked[1:] if u.kind == "row" and u.table == top.table
                       and u.passage.source == top.passage.source and u.score >= LIST_ROW_SHARE * top.score),
                      key=lambda u: u.passage.position)[:MAX_LIST_ITEMS - 1]
        if rows:
            chosen = [top] + rows + [u for u in chosen[1:] if u not in rows]
    elif q.wants_list:
        block = list_block(ranked[0], units)
        if len(block) > 1:
            chosen = block[:MAX_LIST_ITEMS] + [u for u in chosen if u not in block]
        else:
            # the best sentence is no list and names no things one after another: a shown
            # sentence that does ("arbeidsmigranten, kenniswerkers, internationale studenten
            # en vluchtelingen"), with the thing listed and every question word the best one
            # has, leads
            listed = _listed_thing(q)
            listing = next((u for u in ranked[1:] if u.score >= threshold and u.kind == "sentence"
                            and _enumerates(u.text) and listed in u.covered
                            and ranked[0].covered <= u.covered), None) \
                if ranked[0].kind == "sentence" and not _enumerates(ranked[0].text) else None
            # or else the list a relevant sentence announces
            header = next((u for u in ranked[1:] if u.score >= threshold and u.kind == "sentence"
                           and u.text.rstrip().endswith(":")), None) if listing is None else None
            block = list_block(header, units) if header is not None else []
            if listing is not None:
                chosen = [listing] + [u for u in chosen if u is not listing][:MAX_EVIDENCE - 1]
            elif len(block) > 1:
                chosen = [ranked[0]] + block[:MAX_LIST_ITEMS] + [u for u in chosen[1:] if u not in block]
    # a sentence that announces a list (ends in ":") is shown with its items; a short
    # lead-in ("X is more than economics.") with the sentence that says what it means
    out: list[Unit] = []
    for u in chosen:
        if u in out:
            continue
        # "Zij mogen geen ...": shown with the sentence it points back at (before it,
        # except that the best unit stays first: it leads the answer)
        prev = _next_sentence(u, units, -1) if u.kind == "sentence" and _points_back(u) else None
        if prev is not None and prev not in out and out:
            out.append(prev)
        out.append(u)
        if prev is not None and prev not in out:
            out.append(prev)
        if u.kind != "sentence":
            continue
        if u.text.rstrip().endswith(":"):
            out.extend(x for x in list_block(u, units)[:MAX_LIST_ITEMS] if x not in out)
        elif len(u.text.split()) < SHORT_SENTENCE_WORDS:
            nxt = _next_sentence(u, units)
            if nxt is not None and nxt not in out:
                out.append(nxt)
    # the best sentence names what is asked about but holds no figure or date, and the
    # sentence after it says it ("... jointly evaluate the effects of Title I ..." / "This
    # study is due 24 months after ..."): that one is shown right after it
    best = out[0]
    if best.kind == "sentence" and q.wants_figure and not answer_numbers(best, q):
        nxt = _next_sentence(best, units)
        if nxt is not None and nxt not in out[:2] and answer_numbers(nxt, q) \
                and (_points_back(nxt) or bool(nxt.covered)):
            out = [best, nxt] + [u for u in out[1:] if u is not nxt]
    return out


# a row's label that is a bracket of values: "56–60", "55 or under", "71 or older"
_RANGE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[-–—]\s*(\d+(?:[.,]\d+)?)\s*$")
_UP_TO = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s+(?:or|of)\s+(?:under|less|younger|fewer|below|lower|"
                    r"minder|jonger|lager|kleiner)\s*$", re.I)
_FROM = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s+(?:or|of)\s+(?:older|more|over|above|higher|greater|"
                   r"ouder|meer|hoger|groter)\s*$", re.I)


def _bracket(label: str) -> tuple[float, float] | None:
    """The values a row label stands for when it is a bracket ("56–60" -> 56..60)."""
    def num(x: str) -> float:
        return float(x.replace(",", "."))
    if (m := _RANGE.match(label)) is not None and num(m.group(1)) < num(m.group(2)):
        return num(m.group(1)), num(m.group(2))
    if (m := _UP_TO.match(label)) is not None:
        return float("-inf"), num(m.group(1))
    if (m := _FROM.match(label)) is not None:
        return num(m.group(1)), float("inf")
    return None


def _change_of_year(chosen: list[Unit], q: Question) -> Unit | None:
    """For a question how something changed in one year ("Did the population grow or
    shrink in 2020?", "By how much did the population change in 2020?"), not since it: the
    shown unit of that year that names a change ("population decline during 2020"). It
    answers, not a series over the years, nor the level of that year."""
    if not (q.trend or (q.difference and not q.compare)) or len(q.years) != 1 or q.since:
        return None
    return next((u for u in chosen if q.years <= set(u.all_years) and _names_change(u)), None)


def _first_leads(chosen: list[Unit], ok) -> list[Unit]:
    """``chosen`` with the first unit after the best one for which ``ok`` holds put in
    the lead (``chosen`` as it is when there is none)."""
    for u in chosen[1:]:
        if ok(u):
            return [u] + [x for x in chosen if x is not u]
    return chosen


def _bracket_first(chosen: list[Unit], q: Question) -> list[Unit]:
    """A question that gives a value no shown passage holds ("if I am 58"), over rows of
    one table labelled by brackets ("55 or under", "56–60", ...): the row whose bracket
    holds the value leads (the ranker cannot see that 58 is in 56–60)."""
    rows = [u for u in chosen if u.kind == "row" and u.cells]
    if len(rows) < 2 or not q.numbers:
        return chosen
    values = []
    for n in q.numbers:
        try:
            v = float(n)
        except ValueError:
            continue
        written = re.compile(rf"(?<![\d.,]){re.escape(n)}(?![\d.,]*\d)")
        if int(v) not in q.years and not any(written.search(u.text) for u in chosen):
            values.append(v)
    if len(values) != 1:
        return chosen
    table = rows[0].table
    holding = [u for u in rows if u.table == table and (b := _bracket(u.cells[0].value)) is not None
               and b[0] <= values[0] <= b[1]]
    if len(holding) != 1:
        return chosen
    return holding + [u for u in chosen if u is not holding[0]]


_NEGATION = re.compile(r"\b(not|no|non|never|without|niet|geen|zonder|nooit)\b", re.I)


def _negated_first(chosen: list[Unit], q: Question) -> list[Unit]:
    """A question with a negation ("how many rows did not fit", "niet-Nederlandse
    respondenten") over rows of one table that differ by one ("Rows that fit" / "Rows
    not fitted"): the best shown row whose label is negated too leads, when the best row's
    label is not and the two are about the same (they share words besides the negation).
    Matching stems cannot tell the two apart: they share every other word."""
    if not chosen or chosen[0].kind != "row" or not _NEGATION.search(q.text):
        return chosen
    top = chosen[0]
    if _NEGATION.search(row_label(top)):
        return chosen
    plain = text_keys(_NEGATION.sub(" ", row_label(top)))
    for u in chosen[1:]:
        if u.kind != "row" or u.table != top.table or not _NEGATION.search(row_label(u)):
            continue
        other = text_keys(_NEGATION.sub(" ", row_label(u)))
        if plain and other and len(plain & other) / min(len(plain), len(other)) >= NEGATED_SAME:
            return [u] + [x for x in chosen if x is not u]
    return chosen


def _states_rank(u: Unit, q: Question) -> bool:
    """The best passage itself uses the question's superlative (or the other language's:
    "het meest" and "most"): a sentence ("The largest consistent table was about
    hurricanes" for "What was the largest consistent table about?") or a row's label
    ("most common migration background: Moroccan"). It says what ranks first, and no
    ranking is computed over it."""
    words = {w.lower() for w in RANK_RE.findall(q.text)}
    said = u.text if u.kind == "sentence" else row_label(u)

    def says(w: str) -> bool:
        alike = next((g for g in SUPERLATIVES if w in g), (w,))
        # a superlative, not a quantity or a bound: not "most of the states", "at least"
        return any(re.search(rf"(?<!\bat )(?<!\bten )\b{re.escape(x)}\b(?!\s+(?:of|van)\b)", said, re.I)
                   for x in alike)
    return bool(words) and all(says(w) for w in words)


def _rank_stated_first(chosen: list[Unit], q: Question) -> list[Unit]:
    """A ranking question ("Welke migratieachtergrond komt het meest voor?") whose best
    passage does not use its superlative, while another shown one does and is about what
    is asked (it covers at least RANK_STATED_COVER of the question's weight) ("most
    common migration background: Moroccan"): that one says what ranks first, and leads."""
    if not q.rank or not chosen or _states_rank(chosen[0], q):
        return chosen
    return _first_leads(chosen, lambda u: _states_rank(u, q) and bool(q.terms)
                        and weight_share(q, u.covered) >= RANK_STATED_COVER)


def _named_first(chosen: list[Unit], units: list[Unit], q: Question) -> list[Unit]:
    """A best sentence that points back ("Deze is te vinden op YouTube") and holds a
    question word only through its heading ("monitor" of "Monitor 2023") yields to a
    sentence found relevant that says what the best one says of the question's words
    and names one of those it holds only through its heading, in its own words ("De
    monitor is te vinden op Leiden in Cijfers"): that one says it of what is asked."""
    if not chosen or chosen[0].kind != "sentence" or not _points_back(chosen[0]):
        return chosen
    top = chosen[0]
    said = set().union(*matched_terms(q, text_keys(top.text)))
    heading_only = top.covered - said
    if not heading_only:
        return chosen
    for u in sorted(units, key=lambda u: -u.score):
        if u is top or u.kind != "sentence" or u.score < PAIR_MIN_SCORE or _points_back(u):
            continue
        own = set().union(*matched_terms(q, text_keys(u.text)))
        if said <= own and own & heading_only:
            return [u] + [x for x in chosen if x is not u]
    return chosen


# "In which policy domains does ...", "Welke partners wil ...": the things asked for, the
# noun after the question word (at most three words, then the verb); closed-class words
# ("what" asks as often for a description: "what kinds of information ...")
_WHAT_KIND = re.compile(r"^\s*(?:what|wat voor(?:\s+een)?)\s+", re.I)


def _kind_named_first(chosen: list[Unit], units: list[Unit], q: Question) -> list[Unit]:
    """A question for things of a kind ("In which policy domains ...") whose best passage
    does not name the kind (by its word, a translation or a near word), while a passage
    worth showing does and covers more of the question: that one leads (a row about
    the vision's year is no answer to which domains the vision names)."""
    m = WHICH_KIND.match(q.text)
    if m is None and not q.wants_figure and _WHAT_KIND.match(q.text):
        # "What role does the municipality want to play …?" asks which role, as "which"
        # does (a noun of one word: "what kinds of information" names no kind)
        m = WHICH_KIND.match(_WHAT_KIND.sub("which ", q.text, count=1))
        m = m if m is not None and len(m.group(1).split()) == 1 else None
    if m is None or not chosen or q.wants_year or q.wants_date:
        return chosen
    head = next((t for t in reversed(tokens(m.group(1))) if t in q.keys), None)
    if head is None or head in chosen[0].covered:
        return chosen
    need = weight_share(q, chosen[0].covered)
    for u in sorted(units, key=lambda u: -u.score):
        if u.score < PAIR_MIN_SCORE:
            break
        if head in u.covered and weight_share(q, u.covered) > need:
            return [u] + [x for x in chosen if x is not u][:MAX_EVIDENCE - 1]
    return chosen


def _month_first(chosen: list[Unit], units: list[Unit], q: Question) -> list[Unit]:
    """A question for a month ("in September 2022") whose best passage names another
    month ("2022 (Oct)") or none while a shown one names the month asked ("2022 (Sept)"):
    that one leads. When none shown names it, the best passage that does (and has the
    year asked) leads if it scores at least MONTH_SHARE of the best one: a month is as
    much a part of what is asked as a year, and the ranker does not read months."""
    asked = months_in(q.text)
    if not asked or not chosen:
        return chosen
    if months_in(chosen[0].text) & asked:
        return chosen
    named = lambda u: bool(months_in(u.text) & asked)  # noqa: E731
    if any(named(u) for u in chosen[1:]):
        return _first_leads(chosen, named)
    floor = MONTH_SHARE * chosen[0].score
    for u in sorted(units, key=lambda u: -u.score):
        if u.score < floor:
            break
        if u not in chosen and named(u) and (not q.years or q.years & u.all_years):
            return [u] + chosen[:MAX_EVIDENCE - 1]
    return chosen


# a place a text names as where something is, comes from or goes to: a name (capitalised
# words) after a preposition of place, with or without an article ("in the Netherlands",
# "naar Leiden"); closed-class words of both languages
_NAME = r"(?:the\s+|de\s+|het\s+)?((?:[^\W\d_a-z][\w'’-]*)(?:\s+[^\W\d_a-z][\w'’-]*)*)"
_PLACE = {
    # where a question's figure is, or where what it counts goes or comes from
    "asked": re.compile(r"\b(?:in|to|from|into|within|naar|uit|vanuit|binnen)\s+" + _NAME),
    # where a passage's figure is ("sheltered in the Netherlands"; not "Monday to Friday")
    "given": re.compile(r"\b(?:in|within|across|throughout|binnen)\s+" + _NAME),
}


def places_in(text: str, kind: str = "given") -> set[str]:
    """The places ``text`` names (folded, lower case): where its figure is (``kind``
    "given"), or for a question also where something goes or comes from ("asked").

    >>> sorted(places_in("Ukrainian refugees sheltered in the Netherlands")), places_in("moved to Leiden", "asked")
    (['netherlands'], {'leiden'})
    >>> places_in("the age of the centre in May 2013")   # a month is no place
    set()
    >>> places_in("work in Leiden's greenhouses", "asked")   # (a possessive names the place)
    {'leiden'}
    """
    return {fold(_POSSESSIVE.sub("", m.group(1)).lower()) for m in _PLACE[kind].finditer(text)
            if not months_in(m.group(1))}


_POSSESSIVE = re.compile(r"['’]s?$")


def _other_place(u: Unit, asked: set[str], q: Question | None = None) -> bool:
    """The unit names where its figure is ("in the Netherlands") and no place the question
    names ("Leiden"): they share no word ("Leiden region" and "Universiteit Leiden" have
    "Leiden"), nor does the unit say the question's place in its own language ("in the
    Netherlands" for "in Nederland": its place matches a place the question names)."""
    own = places_in(u.match_text)
    words = {w for a in asked for w in a.split()}
    if not own or any(w in words for b in own for w in b.split()):
        return False
    if q is not None and words & set(q.keys):
        said = set().union(*(x for b in own for x in matched_terms(q, text_keys(b))))
        return not (words & said)
    return True


def _place_first(chosen: list[Unit], q: Question) -> list[Unit]:
    """A question about a place ("How many refugees did Leiden take in?", "... moved to
    Leiden") whose best passage is about another ("sheltered in the Netherlands") while a
    shown one is not: that one leads. (A place the documents are all about weighs nothing in
    the ranking, as any word in every passage does.)"""
    away = {u.id for u, other in zip(chosen, elsewhere(chosen, q)) if other}
    if not chosen or chosen[0].id not in away:
        return chosen
    # (one that names what the question counts, the first word after "how many", as the
    # best one does: a sentence about Ukrainians in Leiden does not answer how many
    # knowledge workers live there)
    counted = counted_terms(q)
    first = {next(t for t in q.terms if t in counted)} & chosen[0].covered if counted else set()
    return _first_leads(chosen, lambda u: u.id not in away and first <= u.covered)


def elsewhere(units: list[Unit], q: Question) -> list[bool]:
    """For each unit: it is about another place than the question asks about (all False
    when the question names no place). The question's places are those it names as a
    place, and its names that a unit names as a place ("did Leiden take in", "in Leiden")."""
    seen = set().union(*(places_in(u.match_text) for u in units)) if units else set()
    asked = places_in(q.text, "asked") | {fold(n) for n in q.names if fold(n) in seen}
    return [bool(asked) and _other_place(u, asked, q) for u in units]


def _bound_larger(pair: tuple[Figure, Figure]) -> tuple[Figure, Figure] | None:
    """(the larger, the smaller) of two figures of which one or both are bounds (">800"
    against 390: more than 800 is more than 390), or None when the bounds leave it open
    ("<800" against 390)."""
    def span(f: Figure) -> tuple[float, float]:
        sign = f.text.lstrip()[:1]
        v = float(f.value)
        return (v, float("inf")) if sign in (">", "≥") else (float("-inf"), v) if sign in ("<", "≤") else (v, v)
    (alo, ahi), (blo, bhi) = span(pair[0]), span(pair[1])
    if alo > bhi:
        return pair[0], pair[1]
    if blo > ahi:
        return pair[1], pair[0]
    return None


def _measure_first(chosen: list[Unit], q: Question) -> list[Unit]:
    """A question for a length of time, a distance or how often (Question.measure) whose
    best passage gives none while a shown one does ("Jaarlijks publiceert de gemeente ..."
    for "hoe vaak verschijnt de monitor?"): that one leads."""
    if not q.measure or not chosen or gives_measure(chosen[0], q.measure):
        return chosen
    return _first_leads(chosen, lambda u: gives_measure(u, q.measure))


def _rarest_first(chosen: list[Unit], units: list[Unit], q: Question) -> list[Unit]:
    """The best passage lacks the question's weightiest word, one found relevant writes it
    and has every word the best one has (and the year asked, when the best one has it):
    that one leads ("Opdrachtgever: Ministerie van VWS" for "Wie was de opdrachtgever van
    het onderzoek?", not a sentence that says what the research was)."""
    if not chosen or len(q.terms) < 2:
        return chosen
    top = chosen[0]
    rare = max(q.terms, key=lambda t: q.weights[t])
    has = top.covered | set().union(*matched_terms(q, text_keys(top.match_text)))
    if rare in has or not q.known.get(rare, True):
        return chosen
    for u in sorted(units, key=lambda u: -u.score):
        if u is top or u.score < PAIR_MIN_SCORE:
            continue
        if q.years and top.all_years & q.years and not u.all_years & q.years:
            continue  # (nor the year asked, which the best one has)
        own, translated = matched_terms(q, text_keys(u.match_text))
        if rare not in own:
            continue
        theirs = u.covered | own | translated
        # (or it lacks one word the best one has, and has more of the question's weight:
        # "Asbest … tot maximaal 35 m² per huishouden per jaar" in the Dutch guide's section
        # "Milieustraat", for "How much asbestos can I bring to the recycling centre each year?")
        # (and the figures the question names that the best one holds: "version 2.1")
        # (a row that lacks a word of the best one may measure something else: one with a
        # figure of another kind than asked, a share for "how many", does)
        if has <= theirs or (len(has - theirs) == 1 and weight_share(q, theirs) > weight_share(q, has)
                             and _numbers_named(top, q) <= _numbers_named(u, q) and _of_kind_asked(u, q)):
            return [u] + [x for x in chosen if x is not u]
    return chosen


def _of_kind_asked(u: Unit, q: Question) -> bool:
    """Whether a unit is a sentence, or a row whose figure is a share when the question
    asks for one and a count when it does not."""
    if u.kind != "row":
        return True
    figs = figures_of(u, q, 0)
    return bool(figs) and figs[0].percent == q.wants_percent


def _numbers_named(u: Unit, q: Question) -> set[str]:
    """The numbers the question names (not years) that a unit holds."""
    if not q.numbers:
        return set()
    return q.numbers & {m.canon for m in (u.cells_numbers() if u.kind == "row" else u.numbers)}


def _agent_first(chosen: list[Unit], units: list[Unit], q: Question) -> list[Unit]:
    """A question for who ("Who publishes the monitor?", "Wie stelde de visie vast?") is
    not answered by a figure: when the best passage is a row whose value is a number or a
    year, the best passage found relevant that is a sentence or a row without a figure and
    holds every question word the best one holds leads ("Jaarlijks publiceert de gemeente Leiden de monitor", not
    "year the first monitor appeared: 2020"). A comparison ("who is keener ...") compares
    figures, and is left as it is."""
    if not chosen or not WHO_START.match(q.text) or q.compare or q.difference or q.rank or q.trend:
        return chosen
    top = chosen[0]
    if top.kind != "row" or not figures_of(top, q, 0):
        return chosen
    has = top.covered
    for u in sorted(units, key=lambda u: -u.score):
        if u is top or u.score < PAIR_MIN_SCORE:
            continue
        # (a sentence may say who with a date: "vastgesteld door de gemeenteraad op ...")
        if has <= u.covered and (u.kind == "sentence" or not figures_of(u, q, 0)):
            return [u] + [x for x in chosen if x is not u]
    return chosen


# the least share of the best row's score a row that names less besides the question has,
# to lead it (see _whole_first)
NARROWER_SHARE = 0.5


def _whole_first(chosen: list[Unit], units: list[Unit], q: Question) -> list[Unit]:
    """A question for a figure that names no part of a whole ("How many students does
    Leiden University have?") is answered by the whole: a row of the same table whose
    label says it counts all ("total students enrolled at Leiden University") and names
    every word of the question leads the best row when that one's label names a
    part the question does not ("students with non-Dutch nationality")."""
    if not chosen or chosen[0].kind != "row" or not q.wants_number or q.wants_percent or not q.terms:
        return chosen
    top = chosen[0]
    rest = label_rest(top, q)
    if not rest or any(WHOLE_WORD.fullmatch(w) for w in rest):
        return chosen
    # (the words the question asks with: its general ones, "number", "total", need no row
    # to name them, and the table's title names what every row counts: "Total" of "Arrests
    # by Race" for "the total number of arrests")
    asked = {t for t in q.terms if t not in VALUE_HEADERS}
    for u in sorted(units, key=lambda u: -u.score):
        if u is not top and u.kind == "row" and u.table == top.table and u.score >= PAIR_MIN_SCORE \
                and (any(WHOLE_WORD.fullmatch(w) for w in label_rest(u, q)) or TOTAL_ROW.match(row_label(u))) \
                and asked <= set().union(*matched_terms(q, text_keys(f"{u.table} {row_label(u)}"))):
            return [u] + [x for x in chosen if x is not u]
    # ... or by a row of the same year and unit that names all the best one names of the
    # question with fewer words the question does not name ("inhabitants on 1 January" for
    # "Hoeveel inwoners had Leiden in 2020?", not "residents without Dutch nationality")
    named = set().union(*matched_terms(q, text_keys(row_label(top))))
    if not named:  # (a label that names nothing of the question, "71 or older", is no measure asked)
        return chosen
    for u in sorted(units, key=lambda u: -u.score):
        if u is top or u.kind != "row" or u.table != top.table or u.score < NARROWER_SHARE * top.score \
                or u.unit_label != top.unit_label or (q.years and not u.all_years & q.years):
            continue
        if len(label_rest(u, q)) < len(rest) and named <= set().union(*matched_terms(q, text_keys(row_label(u)))):
            return [u] + [x for x in chosen if x is not u]
    return chosen


def compose(units: list[Unit], q: Question, language: str, threshold: float = 0.5,
            calculate: bool = True, step: tuple[Unit, int] | None = None) -> Composed:
    """Write the answer from scored units (``Unit.score`` set by the ranker).
    ``calculate=False`` leaves out differences and series (the fallback when a
    calculation does not pass the guard). ``step`` is the unit that gave the year of
    an event the question names, and that year (assistant.nested): said after the lead,
    and not itself the answer."""
    if step is not None:
        units = [u for u in units if u.id != step[0].id]
    bare = {u.id for u in units if _bare_time(u)} if not (q.wants_year or q.wants_date) else set()
    if bare:
        # a bare field of a time ("Jaartal: 2023", "Datum: 8 juli 2022") answers a question
        # for a year or a date only; when it was the best unit and no other one is found
        # relevant in its own right, nothing answers the question
        best = max(units, key=lambda u: u.score)
        units = [u for u in units if u.id not in bare]
        if best.id in bare and not any(u.score >= CALC_MIN_SCORE for u in units):
            return Composed("", [], [])
    chosen = _month_first(_rank_stated_first(_negated_first(_bracket_first(select(units, q, threshold), q), q), q), units, q)
    chosen = _place_first(_measure_first(_named_first(_kind_named_first(chosen, units, q), units, q), q), q)
    chosen = _agent_first(_whole_first(_rarest_first(chosen, units, q), units, q), units, q)
    if not chosen:
        return Composed("", [], [])
    of_year = _change_of_year(chosen, q)
    if of_year is not None:
        chosen = [of_year] + [u for u in chosen if u is not of_year]
    mark = _Marks()
    for u in chosen:
        mark(u)
    if step is not None:
        mark(step[0])
    calcs: list[Calculation] = []
    series_out: list[Series] = []
    lines: list[str] = []
    figs = {u.id: figures_of(u, q, mark(u)) for u in chosen}
    lead = ""
    in_lead = None
    led_too: list[Unit] = []  # other units the lead quotes whole (not repeated below it)
    ranked_column = ""

    # trends: the series of the best unit's kind of figure over the years
    # (two years asked side by side, "in 2022 and in 2023", are a series of two)
    # (years added up, "in 2019 and 2020 combined", are a sum: below)
    if calculate and of_year is None and (q.trend or (not (q.sum or q.average) and (q.years and len(q.years) >= 3 or (
            len(q.years) == 2 and YEARS_TOGETHER.search(q.text) and not (q.compare or q.difference or q.rank))))):
        pool = [u for u in sorted(units, key=lambda u: -u.score) if u.score >= PAIR_MIN_SCORE]
        # the other years of a row in the pool, labelled exactly as it, however they score
        pool += [u for u in sorted(units, key=lambda u: -u.score) if u.score < PAIR_MIN_SCORE and u.kind == "row"
                 and any(p.kind == "row" and p.table == u.table and label_similarity(p, u) >= SERIES_SAME_LABEL
                         for p in pool)]
        # two years asked side by side are those two years: a measure lacking one of them
        # is not their series (each year's best figure is given instead, below)
        together = not q.trend and len(q.years) == 2
        s = _series(pool, q, language, mark, both_ends=together)
        if s is None and together:
            lead = _per_year(pool, q, language, mark)
        if s is None and not lead and q.trend and pool and (periods := _periods_asked(pool[0], q)):
            # "how did Kerala's growth develop from 1951 to 2011?" of a wide row, a column
            # per period: each period between the two years, and the change over them
            n = mark(pool[0])
            for f in periods:
                f.citation = n
            pts = [f"{_fig_text(f, language)} ({f.label.rsplit(' · ', 1)[-1]})" for f in periods]
            first, last = periods[0], periods[-1]
            c = difference(last, first, language)
            calcs.append(c)
            lead = t("series", language, label=_quote(row_label(pool[0])), points=", ".join(pts) + f" [{n}]")
            lead += " " + t("change", language, y1=min(years_in(first.label)), y2=max(years_in(last.label)),
                            calc=f"{c.expression} = {c.result} [{n}][{n}]")
        if s is not None:
            series_out.append(s)
            pts = [f"{_fig_text(p, language)} ({p.year}) [{p.citation}]" for p in s.points]
            lead = t("series", language, label=_label(s.points[0], language), points=", ".join(pts))
            first, last = s.points[0], s.points[-1]
            c = difference(last, first, language)
            calcs.append(c)
            lead += " " + t("change", language, y1=first.year, y2=last.year,
                            calc=f"{c.expression} = {c.result}{(' ' + c.unit) if c.unit and c.unit != '%' else ''}"
                            f" [{last.citation}][{first.citation}]")
            # "by what percentage did it drop": the change of a count also relative to the first year
            rel = relative_change(last, first, language) if PERCENT_ASKED.search(q.text) else None
            if rel is not None:
                calcs.append(rel)
                lead += " " + t("relative", language, calc=f"{rel.expression} = {rel.result}% "
                                f"[{last.citation}][{first.citation}]")
    # a development between two years asked for, and neither a series of it nor a
    # passage that states one: a figure for a single year is no development ("Hoe
    # ontwikkelde het aantal inwoners zich tussen 2020 en 2024?" with only 1 January
    # 2024 given)
    if calculate and asks_development(q) and len(q.years) >= 2 and not series_out and not lead \
            and not any(_states_change(u, q) for u in chosen):
        return Composed("", [], [])
    # "is the share higher than 15%?": the best figure of that kind, said against the
    # question's number (which the answer does not repeat: it is in no passage)
    if calculate and not lead and q.threshold and not _WH_WORD.search(q.text):
        value, pct, more = q.threshold
        kind = [(u, f) for u in chosen for f in figs[u.id][:1] if not f.is_year and not f.ratio and f.percent == pct]
        found = kind[0][1] if kind else None
        if kind and not q.years:
            # no year asked: the latest figure of the best one's measure
            head = kind[0][0]
            same = [f for u, f in kind if f.year is not None and (
                u is head or (u.kind == head.kind == "row" and label_similarity(u, head) >= SAME_MEASURE))]
            found = max(same, key=lambda f: f.year, default=found)
        if found is not None and found.value != value:
            lead = t("threshold_yes" if (found.value > value) == more else "threshold_no", language,
                     figure=f"{_fig_desc(found, language)} [{found.citation}]")
    # "how many states had negative growth in 2001-2011", "... more than 100,000 checks":
    # the rows of that column past the bound, counted over every row of the table (core
    # reads them all), the count shown as a calculation over the cited figures
    # "how many states are listed in the table?": the table's rows (but a row that sums
    # the others), counted over every row of it (core reads them all), shown as a count of
    # the cited rows
    if calculate and not lead and q.count_listed and not q.rank:
        col, peers = _listed(chosen, units)
        # (every row is cited: a table of thousands is not counted so)
        if 1 < len(peers) <= COUNT_LISTED_MAX:
            peers = sorted(peers, key=lambda u: (u.passage.source, u.passage.position))
            # (a label's own ";" would read as two items of the count)
            names = [(row_label(u) or u.text).replace(";", ",") for u in peers]
            cites = [mark(u) for u in peers]
            c = Calculation("count(" + "; ".join(names) + ")", str(len(peers)), "", cites, names)
            calcs.append(c)
            lead = t("count_listed", language, table=_quote(col),
                     n=c.result, items="; ".join(f"„{n}” [{i}]" for n, i in zip(names[:RANK_SHOWN], cites)))
            ranked_column = col
    if calculate and not lead and q.count_rows and not q.rank:
        col, peers = _table_column(chosen, units, q)
        if len(peers) > 1:
            bound, _pct, more = q.threshold if q.threshold else (0.0, False, False)
            past = [(u, fs[0]) for u in peers for fs in [figures_of(u, q, 0)] if fs
                    and (fs[0].value > bound if more else fs[0].value < bound)]
            past.sort(key=lambda e: e[1].value, reverse=more)
            for u, f in past:
                f.citation = mark(u)
            c = Calculation("count(" + "; ".join(f.text for _u, f in past) + ")", str(len(past)), "",
                            [f.citation for _u, f in past], [f.text for _u, f in past])
            calcs.append(c)
            lead = t("count_rows" if past else "count_rows_none", language, column=col, n=c.result,
                     items="; ".join(f"{_fig_desc(f, language)} [{f.citation}]" for _u, f in past[:RANK_SHOWN]))
            ranked_column = col
    # "how many criteria under Operable were not applicable": a table of kinds, not of
    # figures (every row's cells are words); its rows of the best row's kind counted
    if calculate and not lead and q.how_many and not q.count_rows and _count_asked(q):
        rows, what = category_rows(chosen[0], units, q)
        if len(rows) >= 2:
            cites = [mark(u) for u in rows]
            names = [_ITEM_SEP.sub(",", row_label(u)) for u in rows]
            c = Calculation("count(" + "; ".join(names) + ")", str(len(rows)), "", cites, names)
            calcs.append(c)
            lead = t("count_kind", language, what=" · ".join(_quote(w) for w in what), n=c.result,
                     items="; ".join(f"{_quote(n)} [{i}]" for i, n in zip(cites[:RANK_SHOWN], names))
                     + ("; …" if len(rows) > RANK_SHOWN else ""))
    # "how many municipalities can book there": a row whose value is a list of names
    # ("Leiden, Leiderdorp, Voorschoten, Zoeterwoude"), its items counted
    if calculate and not lead and q.how_many and not q.count_rows and _count_asked(q) \
            and chosen and chosen[0].kind == "row" and not figs[chosen[0].id]:
        cell, items = list_items(chosen[0])
        label = row_label(chosen[0], skip=cell) if items else ""
        # what the question counts is what the row lists: its label names it
        # ("municipalities whose residents can book ..." for "how many municipalities")
        named = set().union(*matched_terms(q, text_keys(label))) if label else set()
        if items and named & counted_terms(q):
            cite = mark(chosen[0])
            c = Calculation("count(" + "; ".join(items) + ")", str(len(items)), "", [cite] * len(items), items)
            calcs.append(c)
            lead = t("count_items", language, label=_quote(label), n=c.result, items=", ".join(items), c=cite)
    # "which ... had negative growth in 2001-2011", "which ... grew more than 30%": the rows
    # of that column past the bound (zero), over every row of the table (core reads them
    # all for such a question), furthest first
    if calculate and not lead and (q.negative or q.past_bound) and not q.rank:
        col, peers = _table_column(chosen, units, q)
        bound, _pct, more = q.threshold if q.past_bound and q.threshold else (0.0, False, False)
        past = sorted(((u, fs[0]) for u in peers for fs in [figures_of(u, q, 0)]
                       if fs and (fs[0].value > bound if more else fs[0].value < bound)),
                      key=lambda e: e[1].value, reverse=more)
        shown = past[:RANK_SHOWN] if q.negative else past[:LIST_SHOWN]
        # (the bound is not repeated: the question's number is in no passage)
        found_key, none_key = (("negative_table", "negative_none") if q.negative else
                               ("above_table", "above_none") if more else ("below_table", "below_none"))
        if len(peers) > 1 and past:
            for u, f in shown:
                f.citation = mark(u)
            lead = t(found_key, language, column=col, items="; ".join(
                f"{_fig_desc(f, language)} [{f.citation}]" for _u, f in shown) + ("; …" if len(past) > len(shown) else ""))
            ranked_column = col
        elif len(peers) > 1:
            lead = t(none_key, language, column=col)
            ranked_column = col
    # "which twinning is the oldest": the things found that have a year (a date, a year
    # begun), in order of it
    if calculate and not lead and q.chrono and not q.years:
        dated = _dated(units, q)
        if len({f.value for _u, f in dated}) >= 2:
            dated.sort(key=lambda e: e[1].value, reverse=q.chrono > 0)
            for u, f in dated[:RANK_SHOWN]:
                f.citation = mark(u)
            lead = t("chrono_newest" if q.chrono > 0 else "chrono_oldest", language, items="; ".join(
                f"{_fig_desc(f, language)} [{f.citation}]" for _u, f in dated[:RANK_SHOWN]))
    # "how many hours is it open on Tuesday": from the start to the end of the time span
    # the best unit that has one gives (of its spans, the one a question word comes
    # closest before), in hours
    if calculate and not lead and q.hours and not (q.compare or q.difference):
        span = _time_span(chosen, q)
        if span is not None:
            u, start, end = span
            c = duration(start, end, mark(u), language)
            if c is not None:
                calcs.append(c)
                lead = t("hours", language, start=start, end=end, n=c.inputs[0],
                         calc=f"{c.expression} = {c.result} {c.unit}")
    # comparisons and differences between two figures
    if calculate and not lead and (q.sum or q.average) and not (q.compare or q.difference) \
            and len(added := _summands(units, q)) >= 2:
        for u, f in added:
            f.citation = mark(u)
        # ("the average of A and B": their mean, else their sum)
        c = (mean if q.average else total)([f for _u, f in added], language)
        calcs.append(c)
        lead = "; ".join(f"{_fig_desc(f, language)} [{f.citation}]" for _u, f in added) + ". " + t(
            "mean" if q.average else "sum", language,
            calc=f"{c.expression} = {c.result}{(' ' + c.unit) if c.unit else ''} "
                 + "".join(f"[{f.citation}]" for _u, f in added))
    if calculate and not lead and (q.compare or q.difference or q.rank):
        pair = _pair(chosen, units, q, CALC_MIN_SCORE, mark)
        if pair is not None and any(f.text.lstrip().startswith(BOUND_SIGNS) for f in pair):
            # a bound (">800") is no figure to subtract from or to; which is more it may
            # tell (">800" against 390), said without a calculation
            larger = _bound_larger(pair) if q.compare and not q.difference else None
            if larger is not None:
                a, b = larger
                more = t("more_than", language, a=_fig_desc(a, language), b=_fig_desc(b, language))
                lead = f"{more.rstrip('.')} [{a.citation}][{b.citation}]."
            pair = None
        inflow = _balance_order(pair, q) if pair is not None and q.balance and not q.rank else None
        if inflow is not None:
            # "net migration from abroad": what came in less what went out, whichever is
            # larger (a balance may be negative)
            a, b = inflow
            c = difference(a, b, language)
            calcs.append(c)
            lead = t("balance", language, a=_fig_desc(a, language), b=_fig_desc(b, language),
                     calc=f"{c.expression} = {c.result}{(' ' + c.unit) if c.unit else ''} [{a.citation}][{b.citation}]")
        elif pair is not None and not q.rank:
            a, b = pair
            if b.value > a.value:
                a, b = b, a
            c = difference(a, b, language)
            calcs.append(c)
            # a change over time also as a relative change (not between two things at one
            # time), from the earlier year's figure
            rel = None
            if a.year and b.year and a.year != b.year:
                new_, old_ = (a, b) if a.year > b.year else (b, a)
                rel = relative_change(new_, old_, language)
                rel_cites = f"[{new_.citation}][{old_.citation}]"
            more = t("more_than", language, a=_fig_desc(a, language), b=_fig_desc(b, language))
            lead = f"{more} " + t("difference", language, calc=f"{c.expression} = {c.result}"
                                  f"{(' ' + c.unit) if c.unit else ''} [{a.citation}][{b.citation}]")
            if rel is not None:
                calcs.append(rel)
                lead += " " + t("relative", language, calc=f"{rel.expression} = {rel.result}% " + rel_cites)
        elif q.rank and not _states_rank(chosen[0], q):
            low = bool(RANK_LOW_RE.search(q.text))
            col, peers = _table_column(chosen, units, q)
            own_row = chosen[0] if names_row(chosen[0], q) else None
            cells = named_columns(own_row, q) if own_row is not None else []
            # "Which decade had the highest growth in Daman and Diu?": the question names the
            # row, so its columns rank (those it names, else all of them)
            row_figs = column_figures(own_row, cells or None) if own_row is not None and len(cells) != 1 else []
            if len(row_figs) >= 2 and all(_same_kind(f, row_figs[0]) for f in row_figs):
                n = mark(own_row)
                for f in row_figs:
                    f.citation = n
                lead = _ranking_lead(ranking(row_figs, descending=not low)[:RANK_SHOWN], low, language)
            elif len(peers) > len(chosen):
                # a wide table's column: every row in it, the first RANK_SHOWN shown and cited
                entries = [(u, fs[0]) for u in peers for fs in [figures_of(u, q, 0)] if fs]
                entries.sort(key=lambda e: e[1].value, reverse=not low)
                shown = entries[:RANK_SHOWN]
                for u, f in shown:
                    f.citation = mark(u)
                lead = t("ranking_table_low" if low else "ranking_table", language,
                         items="; ".join(f"{_fig_desc(f, language)} [{f.citation}]" for _u, f in shown))
                ranked_column = col
            else:
                # only figures of one measure rank against each other (not a share against an age)
                pairs = [(u, f) for u in chosen for f in figs[u.id][:1]]
                head = chosen[0]
                if q.wants_year and head.kind != "row":
                    # (a sentence that gives one year's figure ranks no years: the best
                    # shown row's measure has them)
                    head = next((u for u in chosen if u.kind == "row" and figs[u.id]), head)
                    pairs = [(head, figs[head.id][0])] + [e for e in pairs if e[0] is not head] \
                        if head.kind == "row" else pairs
                if q.wants_year and head.kind == "row" and pairs:
                    # "which year had the most": a measure of one year ranks no years; the
                    # best row found relevant whose measure has more years is the one asked
                    years_of = Counter((x.table, row_label(x)) for x in units if x.kind == "row")
                    if years_of[(head.table, row_label(head))] < 2:
                        other = next((u for u in sorted(units, key=lambda u: -u.score)
                                      if u.kind == "row" and u.score >= PAIR_MIN_SCORE
                                      and years_of[(u.table, row_label(u))] >= 2 and figures_of(u, q, 0)), None)
                        if other is not None:
                            head = other
                            pairs = [(other, f) for f in figures_of(other, q, mark(other))[:1]]
                if head.kind == "row" and pairs:
                    # the other years of the best row's measure (rows of its table labelled
                    # exactly as it), however they score: "which year had the most" ranks
                    # every year (a word-overlap likeness would take "moving to Leiden from
                    # abroad" for "moving from Leiden to abroad")
                    label = row_label(head)
                    taken = {u.id for u, _f in pairs}
                    pairs += [(u, f) for u in sorted(units, key=lambda u: -u.score)
                              if u.id not in taken and u.kind == "row" and u.table == head.table
                              and row_label(u) == label
                              for f in figures_of(u, q, 0)[:1] if f.year is not None]
                flist = [f for u, f in pairs if not f.is_year and f.percent == pairs[0][1].percent
                         and (f.unit or "").lower() == (pairs[0][1].unit or "").lower()
                         and (u.kind != "row" or pairs[0][0].kind != "row"
                              or label_similarity(u, pairs[0][0]) >= SAME_MEASURE)] if pairs else []
                if len(flist) >= 2:
                    for u, f in pairs:
                        if f.citation == 0 and f in flist:
                            f.citation = mark(u)
                    lead = _ranking_lead(ranking(flist, descending=not low), low, language)
    # a figure (or several), with conflicting sources said as such
    if not lead:
        if _one_period_only(q, chosen):
            return Composed("", [], [])
        top = chosen[0]
        tf = figs[top.id]
        if not q.years and q.wants_figure and not (q.wants_year or q.wants_date) and q.chrono >= 0 \
                and top.kind == "row" and tf and tf[0].year is not None:
            # no year asked: the latest year's figure of the best row's measure, among the
            # rows shown or found relevant. The measure is the rows labelled the same but for
            # what stands in brackets and for words the question names ("inhabitants of
            # Leiden on 1 January" beside "inhabitants on 1 January (BRP)", asked about
            # Leiden); for "the most recent figure", any label alike (a figure of the same kind)
            def same(u: Unit) -> bool:
                return label_similarity(u, top) >= SAME_MEASURE if q.chrono > 0 else same_but_asked(u, top, q)
            newer = [(u, fs[0]) for u in units if u is not top and u.kind == "row" and u.table == top.table
                     and (u in chosen or u.score >= PAIR_MIN_SCORE) and same(u)
                     for fs in [figures_of(u, q, 0)] if fs and fs[0].year is not None and fs[0].year > tf[0].year
                     and _same_kind(fs[0], tf[0])]
            if newer:
                top, _f = max(newer, key=lambda e: (e[1].year, e[0].score))
                if top not in chosen:
                    chosen = [top] + chosen[:MAX_EVIDENCE - 1]
                figs[top.id] = figures_of(top, q, mark(top))
                tf = figs[top.id]
        # (a wide row with no column named stands whole: it holds the answer, unnamed)
        wide = top.kind == "row" and sum(c.role == "value" and c.numeric for c in top.cells) >= 2
        counted = counted_terms(q) if q.how_many else set()
        # (a length of time said in words answers "how long": "al eeuwenlang")
        said_measure = bool(q.measure) and gives_measure(top, q.measure)
        if _count_asked(q) and not tf and not wide and not said_measure:
            # "how many": the best unit without a figure does not answer it; the best
            # shown unit with one that the ranker finds relevant in its own right (as a
            # calculation's input) and that is about the same (it covers the rarest
            # question word the best one holds itself) does; without one the question
            # is not answered
            own, _tr = matched_terms(q, text_keys(top.match_text))
            unfigured = top
            # (of a question that asks two things, the words of the first: "Hoeveel gratis
            # ophaalbeurten …, en wat kost een extra ophaalbeurt?" counts pick-ups)
            key = _weightiest(own - _second_terms(q), q) or _weightiest(own, q)
            top = next((u for u in chosen[1:] if figs[u.id] and u.score >= CALC_MIN_SCORE
                        and (key is None or key in u.covered)), None)
            if top is None and PERCENT_ASKED.search(q.text):
                # ... or, for a percentage, the best shown unit that gives one and covers
                # every word the best one covers (of the same thing, in the kind asked)
                top = next((u for u in chosen[1:] if figs[u.id] and figs[u.id][0].percent
                            and own <= u.covered), None)
            if top is None and counted:
                # ... or a sentence found relevant whose figure is followed by what is
                # counted ("Grootte van steekproef: 2 schermen")
                top = _counting_sentence(units, q, counted)
                if top is not None:
                    figs[top.id] = figures_of(top, q, mark(top))
            if top is None and YES_NO_START.match(q.text) and not q.threshold:
                # "Is there a limit to the number of issues ...?" asks whether, not how many:
                # "There is no limit to the number of issues that you may submit."
                top = unfigured
            if top is None:
                return Composed("", [], [])
            tf = figs[top.id]
        elif _count_asked(q) and tf and (counted_all := counted_terms(q)) and not counted_all & top.covered \
                and not _in_unit_asked(tf[0], q):
            # "hoeveel leerlingen": a figure of a unit that does not name what is counted
            # ("twee ... basisscholen") yields to a shown one that does ("21 pupils")
            other = next((u for u in chosen[1:] if figs[u.id] and counted_all & u.covered), None)
            if other is not None:
                top, tf = other, figs[other.id]
        # "how many findings": a figure followed by what is counted ("0 bevindingen")
        # answers before one of a sentence that does not name what is counted in the
        # question's own word, nor by its figure ("alle 50 succescriteria"); a figure in
        # the unit asked names it ("35 m²" for "how many square metres")
        # (nor does a figure that says how often: "every household ... four times a year"
        # counts no households)
        if _count_asked(q) and counted and tf and top.kind == "sentence" \
                and (not matched_terms(q, text_keys(top.text))[0] & counted or _how_often(top, tf[0], q)) \
                and not _counts_named(top, tf[0], q, counted) and not _in_unit_asked(tf[0], q):
            named = _counting_sentence(units, q, counted)
            if named is not None:
                top = named
                tf = figs[named.id] = figures_of(named, q, mark(named))
        # "hoeveel ton": a figure given in another unit (kilos, per resident) is of
        # another measure; the best shown one in the unit asked answers, or none does
        want = asked_unit(q)
        if want and tf and figure_unit(tf[0]) not in (None, want):
            top = next((u for u in chosen[1:] if figs[u.id] and figure_unit(figs[u.id][0]) == want
                        and u.score >= CALC_MIN_SCORE), None)
            if top is None:
                return Composed("", [], [])
            tf = figs[top.id]
        # "hoeveel procent", "what percentage": a figure that is no percentage (a count)
        # yields to the best shown one that is, found relevant in its own right
        if tf and not tf[0].percent and (PERCENT_ASKED.search(q.text) or (q.wants_percent and not tf[0].ratio)):
            # (a share, "welk aandeel", also: a count is none; a ratio, "1 op de 8", is one)
            pct = next((u for u in chosen[1:] if figs[u.id] and figs[u.id][0].percent
                        and u.score >= CALC_MIN_SCORE), None)
            if pct is not None:
                top, tf = pct, figs[pct.id]
        # "hoeveel kost", "how much does it cost": a figure that is no amount of money
        # ("maximaal 2 m³ per keer") is no answer; the best shown one that is answers
        if tf and q.wants_money and not tf[0].money:
            # (one about the same thing: it holds the weightiest question word the best
            # unit holds; a replacement pass at €15 does not answer for bulky waste)
            # or it writes a word of the question the best one lacks, besides the asking for
            # money ("an extra bulky waste pick-up": "Een extra ophaalbeurt kost € 27,50")
            key = _weightiest(top.covered, q)
            paid = next((u for u in chosen[1:] if figs[u.id] and figs[u.id][0].money
                         and (key is None or key in u.covered
                              or any(not MONEY_CUES.fullmatch(w) for w in
                                     matched_terms(q, text_keys(u.match_text))[0] - top.covered))), None)
            if paid is not None:
                top, tf = paid, figs[paid.id]
            elif top.kind == "sentence" and MONEY_RE.search(top.text):
                tf = []  # no price but what it says ("picked up for free four times a year"): quoted
        # "hoeveel jaar", "how many years": a figure in another unit ("3 cities") is no
        # answer; the best shown one counted in years answers
        if tf and counts_years(q) and _unit_text(tf[0].unit, "") and not _in_years(tf[0]):
            span = next((u for u in chosen[1:] if figs[u.id] and _in_years(figs[u.id][0])), None)
            if span is not None:
                top, tf = span, figs[span.id]
        # a question that names one of a wide row's period columns asks for that cell
        # a question for a date or a year ("on which day", "when") is not answered by
        # another kind of number: then the lead quotes the evidence
        when_only = (q.wants_date or q.wants_year) and not q.wants_number
        if when_only and not any(f.is_year for f in tf):
            # the best shown unit with a date or a year that the ranker finds relevant in
            # its own right answers "when" (a decision number does not)
            dated = next((u for u in chosen[1:] if any(f.is_year for f in figs[u.id])
                          and u.score >= CALC_MIN_SCORE), None)
            if dated is not None:
                top, tf = dated, [f for f in figs[dated.id] if f.is_year]
        other_kind = when_only and not any(f.is_year for f in tf)
        # "for how long is it planned?": a row whose figure is of another kind ("~400
        # places") while its note gives the length ("for five years") is quoted
        other_kind = other_kind or (bool(q.measure) and top.kind == "row" and bool(tf)
                                    and gives_measure(top, q.measure) and not _row_value_measures(top, q.measure))
        if (q.wants_figure or period_columns_asked(top, q)) and tf and not other_kind:
            # rows found relevant that state the top sentence's very figure: what they
            # are labelled is what it measures
            namers = [u for u in units if top.kind == "sentence" and u.kind == "row" and u.score >= threshold
                      and any(f.value == tf[0].value for f in figures_of(u, q, 0)[:1])]
            same_kind = [(u, figs[u.id][0]) for u in chosen[1:] if figs[u.id]
                         and figs[u.id][0].percent == tf[0].percent and not figs[u.id][0].is_year]
            differ = [(u, f) for u, f in same_kind
                      if f.value != tf[0].value and source_of(u.passage) != source_of(top.passage)
                      and (f.year == tf[0].year or f.year is None or tf[0].year is None)
                      and _another_source_same_measure(u, f, top, tf[0], namers, q)]
            if differ and not q.years - {tf[0].year}:
                items = [f"{_fig_text(tf[0], language)} ({t('per_source', language, title=source_name(top.passage))}) [{tf[0].citation}]"]
                items += [f"{_fig_text(f, language)} ({t('per_source', language, title=source_name(u.passage))}) [{f.citation}]"
                          for u, f in differ]
                lead = t("sources_differ", language, items="; ".join(items))
            else:
                year = tf[0].year
                parts = [f"{_fig_text(f, language)}" for f in tf]
                # what a row's figure measures is its label (not a cell of figures with
                # words: "383000 (4.2% of labour force)"); a sentence says it around the figure
                labels, columns = {f.label for f in tf}, {f.column for f in tf}
                label = labels.pop() if top.kind == "row" and len(labels) == 1 else ""
                column = columns.pop() if label and len(columns) == 1 else ""
                if label and not column:  # figures of several columns: each is named by its own
                    parts = [f"{p} ({f.column})" if f.column else p for p, f in zip(parts, tf)]
                label = " · ".join(part for part in [*label.split(" · "), column]
                                   if part and not any(f.text in part for f in tf))
                lead = t("according_label" if label else "according", language,
                         title=_quote(short_title(top.passage)), label=_quote(label),
                         year=f" ({year})" if year else "", figures=_join(parts, language) + f" [{tf[0].citation}]")
                whole = _whole_of(top, tf[0], q) if calculate else None
                c = share(tf[0], whole, language) if whole is not None else None
                if c is not None:
                    # "what percentage of the X are Y": the part a row's note counts of
                    # the row's whole ("of whom 3,600 expats" of 12000), as a share
                    calcs.append(c)
                    lead += " " + t("share_of", language, calc=f"{c.expression} = {c.result}% "
                                                               f"[{tf[0].citation}][{whole.citation}]")
                elif _asks_two(q) and calculate:
                    # "How many left for abroad in 2020, and how many came from abroad?": the
                    # best other shown passage with a figure that has a word of the second ask
                    second = _second_ask(chosen, figs, top, tf[0], q)
                    if _holds_more(top, tf, q) and (second is None or _says_more_of(top, q)):
                        # "How many internationals ..., and how many of them are expats?": the
                        # passage that holds both follows in the lead (its note: "of whom 3,600
                        # expats and families")
                        lead += f" {evidence_line(top, language)} [{tf[0].citation}]"
                        in_lead = top
                    elif second is not None:
                        lead += f" {evidence_line(second, language)} [{mark(second)}]"
        else:
            # no figure asked: the lead quotes the best evidence itself
            p = top.passage
            lead = t("according_quote", language, title=_quote(short_title(p)),
                     year=f" ({p.year})" if (p.year and top.kind == "sentence") else "",
                     quote=evidence_line(top, language), n=mark(top))
            in_lead = top
            nxt = _announced(top, units)
            if nxt is not None:
                # "Bij het testen zijn de volgende besturingssystemen gebruikt:" announces
                # what follows, which answers: it follows in the lead
                lead += f" {evidence_line(nxt, language)} [{mark(nxt)}]"
                led_too.append(nxt)
            only = _second_terms(q, own_words=True)
            if _asks_two(q) and calculate and q.wants_figure and only and not top.covered & only:
                # "How many free pick-ups …, and what does an extra one cost?": the first
                # ask quoted (no figure: "four times a year"), the second's figure after it,
                # from a passage with a word only the second ask has (when the quoted one
                # has such a word, it may answer both)
                second = _second_ask(chosen, figs, top, None, q, only)
                if second is not None:
                    lead += f" {evidence_line(second, language)} [{mark(second)}]"
    lines.append(lead)
    if step is not None:
        su, year = step
        lines.append(t("event_year", language, year=year, quote=evidence_line(su, language), n=mark(su)))
    for u in list(mark.units):
        if u is in_lead or any(u is x for x in led_too) or (step is not None and u is step[0]):
            continue
        lines.append(f"- {evidence_line(u, language)} [{mark(u)}]")
    return Composed("\n".join(lines), mark.units, mark.order, calcs, series_out, lead, ranked_column)


def _announced(top: Unit, units: list[Unit]) -> Unit | None:
    """What a sentence that announces it ("... de volgende besturingssystemen gebruikt:")
    is followed by: the read passage right after it in its source; None for a sentence that
    announces nothing, or when the next passage was not read."""
    if top.kind != "sentence" or not top.text.rstrip().endswith(":"):
        return None
    p = top.passage
    return next((u for u in units if u is not top and u.passage.source == p.source
                 and u.passage.position == p.position + 1), None)


# a question that asks two things: a second question word after "and" ("How many X, and
# how many of them are Y?", "..., en om hoeveel personen ging het?")
# (after a word: the question's own first word is no second question)
_TWO_ASKS = re.compile(r"\w,?\s+(?:and|en)\s+(?:[^\W\d_]+\s+){0,2}?(?:how|what|when|where|who|which|"
                       r"hoeveel|hoe|wat|wanneer|waar|wie|welke?)\b", re.I)


def _asks_two(q: Question) -> bool:
    """Whether the question asks two things, the second after "and" / "en".

    >>> from assistant.question import analyze
    >>> _asks_two(analyze("How many live there, and how many of them are expats?", "en"))
    True
    >>> _asks_two(analyze("Welk percentage was van westerse herkomst, en om hoeveel personen ging het?", "nl"))
    True
    >>> _asks_two(analyze("How many moved to Leiden and Delft in 2021?", "en"))
    False
    """
    return bool(_TWO_ASKS.search(q.text))


def _second_ask(chosen: list[Unit], figs: dict, top: Unit, first: Figure | None, q: Question,
                words: set[str] | None = None) -> Unit | None:
    """For a question that asks two things (_asks_two), the best shown unit besides ``top``
    whose figure differs from the lead's and that has a word of the second ask (the words
    after its "and how many", "en hoeveel"), found relevant in its own right; None when
    there is none."""
    second = _second_terms(q) if words is None else words
    for u in chosen:
        if u is top or not u.covered & second:
            continue
        f = figs.get(u.id)
        if f:
            if (first is None or f[0].value != first.value) and not f[0].is_year:
                return u
        # (when the first ask is answered in words, a figure of another kind than it asks
        # for: "How many free pick-ups …? four times a year …, and what does an extra one cost?")
        elif first is None and any(not m.yearlike and m.kind == "number"
                                   for m in (u.cells_numbers() if u.kind == "row" else u.numbers)):
            return u
    return None


def _second_terms(q: Question, own_words: bool = False) -> set[str]:
    """The question's terms in its second ask (after "and how many", "en hoeveel"); with
    ``own_words``, those the first ask does not have."""
    m = _TWO_ASKS.search(q.text)
    if not m:
        return set()
    second = set(tokens(q.text[m.start() + 1:])) & set(q.terms)
    if not own_words:
        return second
    first = set(tokens(q.text[:m.start() + 1])) & set(q.terms)
    # (a word of the first ask in another form, "ophaalbeurten" / "ophaalbeurt", is no word of its own)
    first_keys = frozenset().union(*(q.keys[w] for w in first)) if first else frozenset()
    return {w for w in second - first if not q.keys[w] & first_keys}


def _says_more_of(u: Unit, q: Question) -> bool:
    """Whether a row, its note among it, has a word of the second ask ("of whom 3,600
    expats" for "and how many of them are expats?"); a sentence may say it anywhere."""
    if u.kind != "row":
        return True
    note = " ".join(c.value for c in u.cells if c.role == "note")
    own, tr = matched_terms(q, text_keys(f"{u.match_text} {note}"))
    return bool((own | tr) & _second_terms(q))


def _holds_more(u: Unit, shown: list[Figure], q: Question) -> bool:
    """Whether the unit gives more figures than the lead would show (a row's note, a
    second figure of a sentence)."""
    values = {f.value for f in shown}
    nums = u.numbers if u.kind == "sentence" else [n for c in u.cells if c.role in ("value", "note") for n in c.numbers]
    return any(m.kind == "number" and not m.label and not m.yearlike and m.signed not in values
               and m.canon not in q.numbers for m in nums)


def _periods_asked(u: Unit, q: Question) -> list[Figure]:
    """The figures of a wide row's period columns that lie between the two years a
    development is asked over ("from 1951 to 2011": 1951-1961 ... 2001-2011), in order;
    [] for any other unit, or fewer than two such columns."""
    if u.kind != "row" or len(q.years) != 2:
        return []
    cells = sorted((c for c in u.cells if c.role == "value" and c.numeric and len(years_in(c.header)) > 1
                    and column_dated(c.header, q) > 0), key=lambda c: min(years_in(c.header)))
    figs = column_figures(u, cells)
    return figs if len(figs) >= 2 and len(figs) == len(cells) else []


def _dated(units: list[Unit], q: Question) -> list[tuple[Unit, Figure]]:
    """The units found likely enough that give a year or a date as their figure, and
    are about the same thing as the best of them: they have the weightiest question
    word it has ("link" of "twin city link"), in their own words or a translation."""
    dated = [(u, fs[0]) for u in sorted(units, key=lambda u: -u.score) if u.score >= PAIR_MIN_SCORE
             for fs in [figures_of(u, q, 0)] if fs and fs[0].is_year]
    if not dated:
        return []
    key = _weightiest(dated[0][0].covered, q)
    return [(u, f) for u, f in dated if key is None or key in u.covered]


def _listed(chosen: list[Unit], units: list[Unit]) -> tuple[str, list[Unit]]:
    """The table a "how many ... are listed in the table?" question counts (the best
    shown row's, else the best row's) and its rows: but a row that sums the others, and
    a row with fewer than half the fields its fullest rows have (a page's header or footer
    read as a row: "Tipo: ANEXO I-A-1; Importe: Página 12 de 14")."""
    head = next((u for u in chosen if u.kind == "row"), None) or \
        next((u for u in sorted(units, key=lambda u: -u.score) if u.kind == "row"), None)
    if head is None:
        return "", []
    rows = [u for u in units if u.kind == "row" and u.table == head.table and u.passage.source == head.passage.source
            and not TOTAL_ROW.match(row_label(u))]
    fields = [sum(1 for c in u.cells if c.value.strip()) for u in rows]
    full = max(fields, default=0)
    return head.table or short_title(head.passage), [u for u, n in zip(rows, fields) if 2 * n >= full]


def _table_column(chosen: list[Unit], units: list[Unit], q: Question) -> tuple[str | None, list[Unit]]:
    """The wide-table column a ranking or a "which ... negative" question reads, and
    its rows: the column of the best shown unit when it is a row, else of the row
    core.Assistant._column_peers read the table for (a sentence may rank above every
    row). A row that sums the others ("Totals", "ALL INDIA") is not one of them."""
    head = chosen[0] if chosen[0].kind == "row" and column_named(chosen[0], q) else None
    head = head or ranked_row(units, q, PAIR_MIN_SCORE) or (chosen[0] if chosen[0].kind == "row" else None)
    col = value_column(head, q) if head is not None else None
    if col is None:
        return None, []
    return col, [u for u in units if u.kind == "row" and u.table == head.table and value_column(u, q) == col
                 and not TOTAL_ROW.match(row_label(u))]


# a question with one of these asks for something other than yes or no
_WH_WORD = re.compile(r"\b(?:who|what|which|where|when|how|why|whom|whose|wie|wat|welk|welke|waar|wanneer|hoe|"
                      r"hoeveel|waarom)\b", re.I)


def _one_period_only(q: Question, shown: list[Unit]) -> bool:
    """A question between two years ("how many more in 2024 than in 2021") or two
    months ("from October to November") whose evidence has only one of them: not
    answered by it."""
    if (q.compare or q.difference) and not q.trend and len(q.years) == 2 \
            and not q.years <= set().union(*(u.all_years for u in shown)):
        return True
    months = months_in(q.text)
    return len(months) >= 2 and (q.compare or q.difference or q.trend) and not months <= set().union(
        *(months_in(f"{u.passage.title} {u.passage.section or ''} {u.text}") for u in shown))


_ITEM_SEP = re.compile(r"\s*;\s*")


def categorical(u: Unit) -> bool:
    """A table row whose cells are all words (a kind, a result), no figure."""
    vals = [c for c in u.cells if c.role == "value"]
    return u.kind == "row" and bool(vals) and not any(c.numeric for c in u.cells if c.role in ("value", "year"))


def columns_of(u: Unit) -> tuple[str, ...]:
    """A row's column headers, in order."""
    return tuple(c.header for c in u.cells)


def _places(u: Unit, q: Question) -> dict[str, set[str]]:
    """The question words a row holds, each with where: "" for its table's heading, else
    the column (its header or its cell); where the word itself stands, when it does
    (not where only a translation or a near word of it does)."""
    own_at: dict[str, set[str]] = {}
    tr_at: dict[str, set[str]] = {}
    for place, text in [("", u.table or "")] + [(c.header, f"{c.header} {c.value}") for c in u.cells]:
        own, tr = matched_terms(q, text_keys(text))
        for w in own:
            own_at.setdefault(w, set()).add(place)
        for w in tr - own:
            tr_at.setdefault(w, set()).add(place)
    return {w: own_at.get(w) or tr_at[w] for w in set(own_at) | set(tr_at)}


def category_rows(top: Unit, units: list[Unit], q: Question) -> tuple[list[Unit], list[str]]:
    """For "how many criteria under Operable were not applicable": the best row is of a
    table of kinds (its cells are words: "Principe 2: Bedienbaar — Succescriterium: 2.2.1:
    Timing aanpasbaar; Resultaat: Niet van toepassing"); the rows to count are those of its
    document with the same columns that hold every question word it holds (in its cells
    or its table's heading), and what they share that the question names (the heading,
    the cells). No count when a row so matched has a figure: the table then gives one."""
    if top.kind != "row" or not categorical(top):
        return [], []
    heads = columns_of(top)
    same = [u for u in units if u.kind == "row" and u.passage.source == top.passage.source and columns_of(u) == heads]
    # each question word where the best row holds it: in the table's heading, or in the
    # cell of a column ("Geluidsbediening" in the criterion's name is not "Principe 2:
    # Bedienbaar" in the heading)
    need = _places(top, q)
    if not need:
        return [], []
    rows = [u for u in same for has in [_places(u, q)] if all(need[w] & has.get(w, set()) for w in need)]
    if any(not categorical(u) for u in rows):
        return [], []
    what = []
    for text in [top.table or ""] + [c.value for c in top.cells if c.role == "value"]:
        own, tr = matched_terms(q, text_keys(text))
        if (own | tr) and text:
            what.append(text)
    # what they share: a cell every counted row has alike (not the name of each)
    what = [w for w in what if all(w == (u.table or "") or any(c.value == w for c in u.cells) for u in rows)]
    rows.sort(key=lambda u: (u.passage.page or 0, u.passage.position))
    return rows, what


def _counted_after(text: str, end: int, q: Question, counted: set[str]) -> bool:
    """The one or two words after a number (ending at ``end``) name what the question
    counts (the word or its translation): "0 bevindingen", "~20 volunteers"."""
    return bool(words_after_match(text, end, q) & counted)


def _whole_of(u: Unit, part: Figure, q: Question) -> Figure | None:
    """For a question for a percentage answered by a count that is not the row's own
    figure (a part its note counts, "of whom 3,600 expats"): the row's own count, the whole
    it is part of; None otherwise."""
    if u.kind != "row" or part.percent or not (PERCENT_ASKED.search(q.text) or q.wants_percent):
        return None
    # a wide row's column of totals ("What share of all checks in Kentucky were permit checks?");
    # a row of one figure is that figure (of which its note counts a part)
    totals = [c for c in u.cells if c.role == "value" and c.numeric and TOTAL_ROW.match(c.header)]
    values = [c for c in u.cells if c.role == "value" and c.numeric]
    whole = next((f for f in column_figures(u, totals or (values if len(values) == 1 else []))
                  if not f.percent and not f.money and not f.is_year and f.value > part.value), None)
    if whole is None:
        return None
    whole.citation = part.citation
    return whole


def _in_unit_asked(f: Figure, q: Question) -> bool:
    """The figure is given in the unit the question counts in ("35 m²" for "how many
    square metres"): it names what is counted."""
    want = asked_unit(q)
    return want is not None and figure_unit(f) == want


def _counting_sentence(units: list[Unit], q: Question, counted: set[str]) -> Unit | None:
    """The best scored sentence found relevant whose figure is followed by what the
    question counts ("Er zijn 0 bevindingen", "Grootte van steekproef: 2 schermen")."""
    return next((u for u in sorted(units, key=lambda u: -u.score)
                 if u.kind == "sentence" and u.score >= PAIR_MIN_SCORE
                 and (fs := figures_of(u, q, 0)) and _counts_named(u, fs[0], q, counted)), None)


def _row_value_measures(u: Unit, kind: str) -> bool:
    """Whether a row's own value (with its unit) is a measure of that kind ("10 working
    days", "9300 km"), not only its notes."""
    text = " ; ".join(f"{c.value} {u.unit_label}" for c in u.cells if c.role in ("value", "year"))
    return bool(MEASURE_RE[kind].search(text)) or (kind == "age" and bool(u.years))


def _how_often(u: Unit, f: Figure, q: Question) -> bool:
    """Whether the figure is the number of times of a frequency the sentence gives ("four
    times a year", "eens per vier weken") and the question does not ask how often.

    >>> from assistant.passages import Hit, Passage
    >>> from assistant.evidence import make_unit
    >>> from assistant.question import analyze
    >>> u = make_unit(Hit(Passage("s", "Every household can have bulky waste picked up four times a year."), 1.0, 0.5), 0)
    >>> q = analyze("How many households are there?", "en")
    >>> _how_often(u, figures_of(u, q, 1)[0], q), _how_often(u, figures_of(u, q, 1)[0], analyze("How often?", "en"))
    (True, False)
    """
    if q.measure == "frequency":
        return False
    m = _written_at(u, f)
    return m is not None and any(x.start() <= m.start() < x.end() for x in MEASURE_RE["frequency"].finditer(u.text))


def _written_at(u: Unit, f: Figure) -> re.Match | None:
    """Where the sentence writes the figure (a number in words is shown with its digits,
    "four (4)": found by its words)."""
    written = f.text.split(" (")[0]
    return re.search(rf"(?<![\w.,]){re.escape(written)}(?![\w]|[.,]\d)", u.text)


def _counts_named(u: Unit, f: Figure, q: Question, counted: set[str]) -> bool:
    """The sentence names what the question counts right after the figure: "Er zijn 0
    bevindingen" for "how many findings"."""
    m = _written_at(u, f)
    return m is not None and _counted_after(u.text, m.end(), q, counted)


# the separators of a list written in one cell: commas, semicolons, "and", "en", "&"
_LIST_SEP = re.compile(r"\s*(?:[,;]|\s(?:and|en|&)\s)\s*", re.I)
MAX_ITEM_WORDS = 4


def list_items(u: Unit) -> tuple[object, list[str]]:
    """(the cell, its items) of the row's value that is a list of names ("Leiden,
    Leiderdorp, Voorschoten en Zoeterwoude"): two or more short items, none with a
    figure or a bracket; (None, []) when no value cell is such a list.

    >>> from assistant.passages import Hit, Passage
    >>> from assistant.evidence import make_unit
    >>> row = make_unit(Hit(Passage("r", "T — measure: places; value: Leiden, Leiderdorp and Oegstgeest", kind="table_row"), 1.0, 0.5), 0)
    >>> list_items(row)[1]
    ['Leiden', 'Leiderdorp', 'Oegstgeest']
    """
    best: tuple[object, list[str]] = (None, [])
    for c in u.cells:
        if c.role != "value" or c.numeric or not c.value or re.search(r"[\d()\[\]]", c.value):
            continue
        items = [x.strip(" .") for x in _LIST_SEP.split(c.value)]
        if len(items) >= 2 and all(x and len(x.split()) <= MAX_ITEM_WORDS for x in items) \
                and len(items) > len(best[1]):
            best = (c, items)
    return best


def _count_asked(q: Question) -> bool:
    """The question asks for an amount (how many, how much, what share), not for a date,
    a list, a trend or a comparison (answered in their own ways)."""
    return (q.wants_number and not (q.wants_date or q.wants_year or q.wants_list)
            and not (q.trend or q.compare or q.difference or q.rank))


def _balance_order(pair: tuple[Figure, Figure], q: Question) -> tuple[Figure, Figure] | None:
    """For a balance ("net migration from abroad"): the pair as (what came in, what went
    out), the first the figure whose label goes the question's way ("moving to Leiden
    from abroad") and the second the one that goes the other way ("from Leiden to
    abroad"); None when the labels do not tell. A balance "with" a place that gives no
    direction ("migratiesaldo met het buitenland") is what came from it less what went
    to it."""
    def with_translations(keys: frozenset[str]) -> frozenset[str]:
        return keys.union(*(q.trans.get(t, ()) for t, ks in q.keys.items() if ks & keys))

    asked = [(way, with_translations(text_keys(w))) for way, w in direction_pairs(q.text)] \
        or [("from", with_translations(keys)) for keys in q.keys.values()]

    def agrees(f: Figure) -> int:
        """1 when the label goes the question's way, -1 the other way, 0 when it does not say."""
        for way, w in direction_pairs(f.label):
            for a_way, keys in asked:
                if text_keys(w) & keys:
                    return 1 if way == a_way else -1
        return 0

    a, b = pair
    ways = (agrees(a), agrees(b))
    if ways == (1, -1):
        return a, b
    if ways == (-1, 1):
        return b, a
    return None


def _same_figure(m: NumberMention, f: Figure) -> bool:
    """A number mention that is the figure ``f`` (same value, both or neither percent)."""
    if m.kind != "number" or m.percent != f.percent:
        return False
    return m.signed == f.value


def _another_source_same_measure(u: Unit, f: Figure, top: Unit, tf: Figure,
                                  namers: list[Unit] = (), q: Question | None = None) -> bool:
    """Whether ``f`` (of unit ``u``) may be another source's figure for what the top
    unit's ``tf`` measures: the ranker finds ``u`` relevant in its own right (as for a
    calculation's input), the units agree where both are given, and two table rows
    have alike labels. A lower-ranked passage with another number is otherwise
    evidence shown below the lead, not a disagreement between sources. When the top
    unit is a sentence, a relevant row with its very figure (``namers``) names what it
    measures: a row labelled otherwise measures something else."""
    if u.score < CALC_MIN_SCORE:
        return False
    if f.unit and tf.unit and f.unit.strip().lower() != tf.unit.strip().lower():
        return False
    if f.money != tf.money or f.ratio != tf.ratio:
        return False
    lo, hi = sorted((abs(f.value), abs(tf.value)))
    if hi > SOURCES_APART * lo:
        # sources that differ on one measure differ by a little (12% against 13.1%); 774
        # students welcomed are no other source's count of the 33500 enrolled
        return False
    if u.kind == "row" and top.kind == "row" and label_similarity(u, top) < (
            1.0 if u.table == top.table else SAME_MEASURE):
        # (two rows of one table, each with a source of its own, are of one measure when
        # labelled the same but for what stands in brackets, their source)
        return False
    if _names_change(u) != _names_change(top) and not (q is not None and (q.trend or q.difference)):
        # a growth is not a share ("growth in number over twenty years: 83%" is no other
        # source for "13,1% of the residents")
        return False
    if (u.kind == "sentence" and any(_same_figure(m, tf) for m in u.numbers)) \
            or (top.kind == "sentence" and any(_same_figure(m, f) for m in top.numbers)):
        # a sentence that also states the other's figure agrees with it; its own figure
        # is of something else ("33% of non-Dutch respondents (against 14% of Dutch ones)")
        return False
    named = [r for r in namers if r is not u]
    if u.kind == "row" and top.kind == "sentence" and named \
            and all(label_similarity(u, r) < SAME_MEASURE for r in named):
        return False
    if "sentence" in (u.kind, top.kind) and q is not None and top.covered:
        # a sentence is about what the top unit is about when it has the question's
        # words the top unit has, by weight, as much as two rows' labels must overlap
        # (SAME_MEASURE) ("illegaal dumpen: € 380"; a replacement pass that costs €15
        # has only "cost")
        shared = sum(q.weights.get(w, 0.0) for w in top.covered & u.covered)
        if shared < SAME_MEASURE * sum(q.weights.get(w, 0.0) for w in top.covered):
            return False
    return True


# words that name a change (the question's, and the nouns of change a label uses): a
# measure of growth is not one of a state
# a word that names a change, as a passage or a table's label writes it ("growth rate",
# "population decline"), the Dutch ones also as the end of a compound ("bevolkingsgroei",
# "bevolkingsaanwas")
CHANGE_NAMED = re.compile(rf"\b(?:{CHANGE_ALTERNATIVES}|growth|grows|growing|increases|decreases|rise|rises|"
                          r"fall|falls|decline|declines|changes|stijging|daling|groei\w*|verander\w*|mutaties?)\b|"
                          r"(?:groei|toename|afname|stijging|daling|verandering|aanwas)(?:en|s)?\b", re.I)


def _names_change(u: Unit) -> bool:
    return bool(CHANGE_NAMED.search(row_label(u) if u.kind == "row" else u.text))


def _states_change(u: Unit, q: Question) -> bool:
    """The unit itself tells how something developed: it names a change ("daalde van 162
    naar 141 kilo", "growth rate"), is about the very period asked, gives figures of two or
    more years ("3.720 in 2019 en 2.595 in 2020"), or is a row with a column per year or
    period, of the years asked when some are."""
    if _names_change(u):
        return True
    # a figure for the very period asked ("extra beds created 2014-2018" for "between
    # 2014 and 2018"): what came about over it, not a figure of one year
    if len(q.years) >= 2 and len(u.years) >= 2 and u.years == set(range(min(q.years), max(q.years) + 1)):
        return True
    if u.kind == "row":
        dated = [c for c in u.cells if c.role == "value" and c.numeric and years_in(c.header)]
        return len(dated) >= 2 or bool(period_columns_asked(u, q))
    figures = [m for m in u.numbers if not (m.canon.isdigit() and YEAR_RE.fullmatch(m.canon))]
    return len(years_in(u.text)) >= 2 and len(figures) >= 2


def evidence_line(u: Unit, language: str) -> str:
    """A unit as quoted in an answer: verbatim, marked when in the other language."""
    if u.kind == "row":
        line = row_line(u, language)
        if (u.passage.language or "en") != language and u.passage.language in ("nl", "en"):
            line = t("row_in_" + u.passage.language, language, row=line)
        return line
    line = _quote(u.text)
    if (u.passage.language or "nl") != language and u.passage.language in ("nl", "en"):
        line = t("quote_in_" + u.passage.language, language, quote=line)
    return line


def _label(f: Figure, language: str) -> str:
    return _quote(f.label) if f.label else t("the_figure", language)


def _fig_desc(f: Figure, language: str) -> str:
    bits = _fig_text(f, language)
    ctx = []
    if f.label:
        ctx.append(_quote(f.label))
    if f.year and not f.is_year:
        ctx.append(str(f.year))
    return f"{bits} ({', '.join(ctx)})" if ctx else bits


# a span of time of day: "8.30 – 16.30 uur", "from 8.30 am to 4.30 pm", "van 9.00 tot 17.00"
_CLOCK_AT = r"\d{1,2}(?:[.:]\d{2})?(?:\s*(?:[ap]m\b|[ap]\.m\.))?"
_TIME_SPAN = re.compile(rf"(?<![\d.,:])(?P<a>{_CLOCK_AT})\s*(?:uur\s*)?(?:[–—-]|\b(?:to|tot|until|till)\b)\s*"
                        rf"(?P<b>{_CLOCK_AT})(?![\d.,:]?\d)", re.I)
_WORD_AT = re.compile(r"\w+")


def _time_span(chosen: list[Unit], q: Question) -> tuple[Unit, str, str] | None:
    """(unit, start, end) of the first chosen unit that gives a span between two times
    of day; of several spans in it, the one a question word comes closest before
    ("Tuesday to Friday from 8.30 am to 4.30 pm and on Saturday from 9 am to 3 pm")."""
    asked = set().union(*q.keys.values(), *q.trans.values())
    for u in chosen:
        spans = [m for m in _TIME_SPAN.finditer(u.text)
                 if clock_minutes(m.group("a")) is not None and clock_minutes(m.group("b")) is not None]
        if not spans:
            continue
        said = [w.end() for w in _WORD_AT.finditer(u.text) if text_keys(w.group(0)) & asked]

        def gap(m: re.Match) -> int:
            before = [e for e in said if e <= m.start()]
            return m.start() - before[-1] if before else len(u.text)

        best = min(spans, key=gap)
        return u, best.group("a").strip(), best.group("b").strip()
    return None


def _summands(units: list[Unit], q: Question) -> list[tuple[Unit, Figure]]:
    """The figures a question adds up ("New York and Virginia combined"): the same column
    of the rows of one table it names, else the columns it names of the one row it names."""
    rows: dict[str, Unit] = {}
    for u in sorted(units, key=lambda u: -u.score):
        if names_row(u, q):
            rows.setdefault(row_label(u).lower(), u)
    named = list(rows.values())
    if len(named) >= 2:
        cols = {value_column(u, q) for u in named}
        if len(cols) != 1 or None in cols or len({u.table for u in named}) != 1:
            return []
        col = cols.pop()
        out = [(u, replace(fs[0], label=f"{fs[0].label} · {col}")) for u in named for fs in [figures_of(u, q, 0)] if fs]
    elif len(named) == 1:
        out = [(named[0], f) for f in column_figures(named[0], named_columns(named[0], q))]
    elif len(q.years) >= 2:
        # "X in 2019 and 2020 combined": the figures of one measure, one for each year
        # asked (of the measure whose figures the ranker finds most relevant together)
        entries = [(u, f) for u in sorted(units, key=lambda u: -u.score) if u.score >= PAIR_MIN_SCORE
                   for f in figures_of(u, q, 0)[:1] if f.year in q.years and not f.is_year]
        best: tuple[float, list] | None = None
        for g in _measure_groups(entries):
            per: dict[int, tuple[Unit, Figure]] = {}
            for u, f in g:
                per.setdefault(f.year, (u, f))
            weight = sum(u.score for u, _f in per.values())
            if set(per) >= q.years and (best is None or weight > best[0]):
                best = (weight, [per[y] for y in sorted(q.years)])
        out = best[1] if best else []
    else:
        return []
    return out if len(out) >= 2 and all(_same_kind(f, out[0][1]) for _u, f in out) else []


def _ranking_lead(order: list[Figure], low: bool, language: str) -> str:
    return t("ranking_low" if low else "ranking", language,
             items="; ".join(f"{_fig_desc(f, language)} [{f.citation}]" for f in order))


def _per_year(pool: list[Unit], q: Question, language: str, mark) -> str:
    """Each asked year's best scored figure (of the kind of the best one: a share, a
    ratio, an amount or a count), when no one measure has a figure for each: "8.2% (share
    without Dutch nationality, 2010) [1]; 13.1% (share with a non-Dutch nationality, 2023) [2]"."""
    best: dict[int, tuple[Unit, Figure]] = {}
    for u in pool:  # best scored first
        for f in figures_of(u, q, 0):
            if f.year in q.years and not f.is_year and f.year not in best and (
                    not best or _same_kind(f, next(iter(best.values()))[1], units=False)):
                best[f.year] = (u, f)
                break
    if len(best) < 2:
        return ""
    items = []
    for y in sorted(best):
        u, f = best[y]
        f.citation = mark(u)
        items.append(f"{_fig_desc(f, language)} [{f.citation}]")
    return t("per_year", language, items="; ".join(items))


def _series(pool: list[Unit], q: Question, language: str, mark, both_ends: bool = False) -> Series | None:
    """Figures of one measure, one per year (the best scored first), within the years
    the question spans; the measure is the one whose figures score highest together
    (with ``both_ends``, only a measure with a figure for the first and the last year)."""
    entries: list[tuple[Unit, Figure]] = []
    for u in pool:
        fs = [f for f in figures_of(u, q, 0) if f.year is not None and not f.is_year]
        if fs:
            entries.append((u, fs[0]))
            if u.kind == "row":  # "(note: 28% in 2017)": the measure's figure of another year
                entries.extend((u, f) for f in note_year_figures(u, 0, skip=q.numbers)
                               if f.year != fs[0].year and f.percent == fs[0].percent)
    groups = _measure_groups(entries)
    lo, hi = _year_span(q)
    # ("since 2006": a measure with a figure of 2006 answers before one that starts later)
    ends = {lo, hi} if len(q.years) >= 2 else {lo} if q.since else set()
    best = None
    for g in groups:
        top = max(u.score for u, _f in g)
        # rows of one table that the ranker finds much less relevant than the best one
        # measure something else the question does not ask for (another household type)
        # (a row labelled much as the best one is the same measure in another year,
        # however the ranker scores it)
        head = max(g, key=lambda e: e[0].score)[0]
        # (two years side by side, "in 2012 and in 2024", are those two years only)
        g = [(u, f) for u, f in g if lo <= f.year <= hi and (not both_ends or f.year in q.years) and (
             u.score >= SERIES_SHARE * top or (
                 u.kind == head.kind == "row" and label_similarity(u, head) >= SERIES_SAME_LABEL))]
        years = {f.year for _u, f in g}
        if len(years) < 2:
            continue
        weight = sum(max(u.score for u, f in g if f.year == y) for y in years)
        # "from 2021 to 2023": a measure with a figure for both years named answers
        # before one the ranker likes better that lacks one of them
        if both_ends and not ends <= years:
            continue
        # "how did the number of X change": a measure counted before one in percent the
        # ranker likes better (and the other way round for "the share of X")
        key = (bool(ends) and ends <= years, _kind_asked(q, [f for _u, f in g]), weight)
        if best is None or key > best[0]:
            best = (key, g)
    if best is None:
        return None
    chosen: dict[int, tuple[Unit, Figure]] = {}
    for u, f in sorted(best[1], key=lambda e: -e[0].score):
        chosen.setdefault(f.year, (u, f))
    for _y, (u, f) in chosen.items():
        f.citation = mark(u)
    return series([f for _u, f in sorted(chosen.values(), key=lambda e: -e[0].score)])


def _kind_asked(q: Question, figs: list[Figure]) -> bool:
    """Whether figures are of the kind the question names: shares for "what share",
    counts for "how many" / "the number of" (any kind when it names neither)."""
    if q.wants_percent:
        return all(f.percent for f in figs)
    if counted_terms(q):  # "how many X", "the number of X", "het aantal X"
        return not any(f.percent or f.money or f.ratio for f in figs)
    return True


def _year_span(q: Question) -> tuple[int, int]:
    """The years a trend question spans: between its two years, from its one year on
    ("since 2010"), or all."""
    if len(q.years) >= 2:
        return min(q.years), max(q.years)
    if len(q.years) == 1:
        return min(q.years), 9999
    return 0, 9999


def label_words(u: Unit) -> tuple[str, ...]:
    """The words of a row's label but for what stands in brackets."""
    return tuple(tokens(_BRACKETS.sub(" ", row_label(u))))


def unasked_words(words, q: Question, asked: dict[str, bool] | None = None) -> list[str]:
    """Of ``words``, those that are no stop word nor a word the question names (``asked``:
    a cache of the test, word -> named, for many labels read against one question)."""
    asked = {} if asked is None else asked
    out = []
    for w in words:
        if w not in asked:
            asked[w] = w in STOPWORDS or any(matched_terms(q, text_keys(w)))
        if not asked[w]:
            out.append(w)
    return out


def label_rest(u: Unit, q: Question) -> list[str]:
    """The words of a row's label but for what stands in brackets, stop words and words the
    question names."""
    return unasked_words(label_words(u), q)


def same_but_asked(a: Unit, b: Unit, q: Question) -> bool:
    """Two rows labelled the same but for what stands in brackets and for words the
    question names ("inhabitants of Leiden on 1 January", "inhabitants on 1 January (BRP)",
    asked "how many inhabitants does Leiden have"); "bachelor" beside "master" is another
    measure when the question names neither."""
    return label_rest(a, q) == label_rest(b, q)


def label_similarity(a: Unit, b: Unit) -> float:
    """How alike two rows' labels are, without what stands in brackets (a source or
    edition: "(monitor 2023 summary)"): the mean of the word overlap (Jaccard over
    stems) and the overlap of word pairs in order, so that "moving to X from abroad"
    and "moving from X to abroad", the same words in another order, are not one measure.

    >>> from assistant.passages import Hit, Passage
    >>> from assistant.evidence import make_unit
    >>> row = lambda label: make_unit(Hit(Passage("r", f"T — measure: {label}; value: 1", kind="table_row"), 1.0, 0.5), 0)
    >>> label_similarity(row("people moving to X from abroad"), row("people moving to X from abroad"))
    1.0
    >>> label_similarity(row("people moving to X from abroad"), row("people moving from X to abroad")) < 0.6
    True
    """
    la, lb = _BRACKETS.sub(" ", row_label(a)), _BRACKETS.sub(" ", row_label(b))
    ka, kb = text_keys(la), text_keys(lb)
    if not ka or not kb:
        return 0.0
    ta, tb = tokens(la), tokens(lb)
    pa, pb = set(zip(ta, ta[1:])), set(zip(tb, tb[1:]))
    pairs = len(pa & pb) / len(pa | pb) if pa and pb else float(ta == tb)
    return (len(ka & kb) / len(ka | kb) + pairs) / 2


def _measure_groups(entries: list[tuple[Unit, Figure]]) -> list[list[tuple[Unit, Figure]]]:
    """The figures grouped by measure: the most alike pairs are joined first, two groups
    only when every figure of one measures the same as every figure of the other
    (_same_measure), and one measure has one value per year in a table, so not when a
    row of one and a row of the same table in the other give different values for the
    same year. Joining the most alike first keeps a sibling measure ("master intake"
    next to "bachelor intake") out of a group whose own figure for that year is there,
    in whatever order the figures come."""
    group = list(range(len(entries)))
    members = {i: [i] for i in range(len(entries))}
    same = {(i, j) for i in range(len(entries)) for j in range(i + 1, len(entries))
            if _same_measure(entries[i], entries[j])}
    pairs = sorted(((_measure_similarity(entries[i], entries[j]), i, j) for i, j in same),
                   key=lambda x: (-x[0], x[1], x[2]))

    def clash(ga: int, gb: int) -> bool:
        for a in members[ga]:
            for b in members[gb]:
                (ua, fa), (ub, fb) = entries[a], entries[b]
                if (min(a, b), max(a, b)) not in same or (
                        ua.kind == "row" and ua.table == ub.table and fa.year == fb.year and fa.value != fb.value):
                    return True
        return False

    for _sim, i, j in pairs:
        ga, gb = group[i], group[j]
        if ga == gb or clash(ga, gb):
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for k in members.pop(gone):
            group[k] = keep
            members[keep].append(k)
    return [[entries[k] for k in sorted(ks)] for _g, ks in sorted(members.items())]


def _measure_similarity(a: tuple[Unit, Figure], b: tuple[Unit, Figure]) -> float:
    return label_similarity(a[0], b[0]) if a[0].kind == b[0].kind == "row" else 0.0


def _in_years(f: Figure) -> bool:
    """A figure counted in years ("35 years"), not a year itself."""
    return not f.is_year and (f.unit or "").strip().lower() in DURATION_UNITS


def _same_kind(fa: Figure, fb: Figure, units: bool = True) -> bool:
    """Two figures of one kind (share, year, money, ratio or count) and, with ``units``,
    in the same unit."""
    ua, ub = _unit_text(fa.unit, ""), _unit_text(fb.unit, "")
    # a figure quoted from a sentence has no unit column: it matches any
    return (fa.percent == fb.percent and fa.is_year == fb.is_year and fa.money == fb.money and fa.ratio == fb.ratio
            and (ua == ub or not ua or not ub or not units))


def _same_measure(a: tuple[Unit, Figure], b: tuple[Unit, Figure]) -> bool:
    """Whether two figures measure the same thing: the same kind of figure, and for
    table rows the same table with labels that share most of their words."""
    (ua, fa), (ub, fb) = a, b
    if not _same_kind(fa, fb) or ua.kind != ub.kind:
        return False
    if ua.kind == "row":
        return ua.table == ub.table and label_similarity(ua, ub) >= SAME_MEASURE
    return ua.passage.source == ub.passage.source


# the comparatives of time: two years compared say which is older, earlier or later
_TIME_COMPARED = re.compile(r"\b(?:older|younger|earlier|later|first|newer|oudere?|jongere?|eerder|eerst|nieuwer)\b",
                            re.I)


def _pair(chosen: list[Unit], units: list[Unit], q: Question, threshold: float, mark) -> tuple[Figure, Figure] | None:
    """Two figures to compare: the same measure in the two years the question names,
    else the two best figures of the same kind with different values (from two units,
    or two figures of one sentence), else two years for "how many years between"."""
    pool = [u for u in sorted(units, key=lambda u: -u.score) if u.score >= PAIR_MIN_SCORE]
    years_q = bool(re.search(r"\b(how many years|hoeveel jaar|hoe lang|how long|how old|hoe oud)\b", q.text, re.I))
    # a year that is a row's value ("year the first monitor appeared: 2020") is compared
    # only when the question asks about time, not in "more international than a year ago"
    time_asked = years_q or q.wants_year or q.wants_date or bool(q.chrono) or bool(_TIME_COMPARED.search(q.text))
    if len(q.years) < 2 and pool and names_row(pool[0], q) and len(named := named_columns(pool[0], q)) == 2:
        # "Did Washington have more handgun or long gun checks?": the two columns the
        # question names of the row it names (before what was found for each side)
        two = column_figures(pool[0], named)
        if len(two) == 2 and two[0].value != two[1].value and _same_kind(two[0], two[1]):
            for f in two:
                f.citation = mark(pool[0])
            return two[0], two[1]
    other = next((u for u in units if u.side == "b"), None)
    own = figures_of(other, q, 0) if other is not None else []
    if not time_asked:
        own = [f for f in own if not f.is_year]
    if own and len(q.years) <= 1 and not any(_same_kind(f, own[0]) and f.value != own[0].value for f in own[1:]):
        # "A than B", "A or B": B's figure from the unit found for B; A's from the unit
        # found for A, else from the best other unit (a unit that holds both, "985 births;
        # 1040 deaths", is left to the paths below)
        fb = own[0]
        firsts = [u for u in units if u.side == "a"] + pool
        for ua in firsts:
            if ua.id == other.id or ua.side == "b":
                continue
            # (the unit found for A is compared as the question asks, in whatever unit it
            # counts: "places" asked for against "persons" housed)
            fa = next((f for f in figures_of(ua, q, 0) if _same_kind(f, fb, units=ua.side != "a") and f.value != fb.value
                       and (time_asked or not f.is_year)
                       and (not q.years or f.year in q.years or f.year is None)
                       and not _years_of_one_measure(q, (ua, f), (other, fb))), None)
            if fa is not None:
                fa.citation, fb.citation = mark(ua), mark(other)
                return fa, fb
    then = THAN_YEAR.search(q.text) if len(q.years) == 1 and other is None else None
    if then is not None:
        # "Is the share higher than in 2020?": the best figure of that year against the
        # latest one of the same measure (a row of the same table, labelled alike)
        year, now_q = int(then.group(1)), replace(q, years=set())
        for ub in pool:
            fb = next((f for f in figures_of(ub, q, 0) if f.year == year and not f.is_year), None)
            if fb is None or ub.kind != "row":
                continue
            later = [(u, f) for u in sorted(units, key=lambda u: -u.score) if u.kind == "row" and u.id != ub.id
                     and u.table == ub.table and label_similarity(u, ub) >= SAME_MEASURE
                     for f in figures_of(u, now_q, 0)[:1]
                     if f.year is not None and f.year > year and _same_kind(f, fb)]
            if later:
                ua, fa = max(later, key=lambda e: e[1].year)  # (the best scored of the latest year)
                fa.citation, fb.citation = mark(ua), mark(ub)
                return fa, fb
            break
    if len(q.years) == 1 and q.difference and not (q.compare or q.balance or q.rank) and other is None \
            and then is None and pool and not any(_names_change(u) for u in chosen) \
            and (head := next((u for u in pool if u.kind == "row"), None)) is not None and head in chosen:
        # "How much did the number of X increase in 2024?" (and no passage shown states a
        # change): that year's figure of the best row's measure against the one of the year
        # before (rows of its table labelled exactly as it: a likeness of words would take
        # the glass bins of 2024 for the same measure as the residual waste containers)
        year = next(iter(q.years))
        fa = next((f for f in figures_of(head, q, 0) if f.year == year and not f.is_year), None)
        if pool[0] is not head and not CHANGE_WORDS.search(q.text) \
                and len([f for f in figures_of(pool[0], q, 0) if f.year == year and not f.is_year]) >= 2:
            # (the best passage gives two figures of that year, "€ 298,75 voor een
            # eenpersoonshuishouden en € 372,75 voor een meerpersoonshuishouden": the two
            # asked side by side, compared below, not a change since the year before)
            fa = None
        label, any_year = row_label(head), replace(q, years=set())
        before = None if fa is None else next(
            ((u, f) for u in sorted(units, key=lambda u: -u.score) if u.kind == "row" and u.id != head.id
             and u.table == head.table and row_label(u) == label
             for f in figures_of(u, any_year, 0)[:1] if f.year == year - 1 and _same_kind(f, fa)), None)
        if before is not None:
            ub, fb = before
            fa.citation, fb.citation = mark(head), mark(ub)
            return fa, fb
    if len(q.years) >= 2 and pool and pool[0].kind == "row":
        # "Kerala's growth in 1991-2001 compared with 2001-2011": two columns of the best
        # row (a wide table, a column per period) that the question names by their names
        head = pool[0]
        named = [c for c in head.cells if c.role == "value" and c.numeric and column_dated(c.header, q) >= 3]
        figs = figures_of(head, q, 0)
        two = [replace(f, label=f"{f.label} · {c.header}") for c in named
               for f in figs if c.value.strip().startswith(f.text.strip())][:2]
        if len(named) == 2 and len(two) == 2 and two[0].value != two[1].value:
            for f in two:
                f.citation = mark(head)
            return two[0], two[1]
    if len(q.years) >= 2:
        ya, yb = min(q.years), max(q.years)
        best = None
        per_year: dict[int, list[tuple[Unit, Figure]]] = {ya: [], yb: []}
        for u in pool:
            for y in (ya, yb):
                if y in u.all_years:
                    fs = [f for f in figures_of(u, q, 0) if not (f.is_year and f.value == y)]
                    per_year[y].extend((u, f) for f in fs[:1])
        for a in per_year[yb]:
            for b in per_year[ya]:
                if a[0].id == b[0].id or not _same_kind(a[1], b[1]):
                    continue
                if a[0].kind == "row" and b[0].kind == "row" and a[0].table != b[0].table:
                    continue
                sim = label_similarity(a[0], b[0]) if a[0].kind == b[0].kind == "row" else 0.0
                if other is None and a[0].kind == b[0].kind == "row" and sim < SAME_MEASURE \
                        and not _names_both(q, a[0], b[0]):
                    # one thing asked for in two years: a row of another measure is not its
                    # figure for the other year ("moved to Leiden from abroad" in 2021 is
                    # not compared with the Ukrainians housed in 2022); two rows the
                    # question names each ("Kerala's ... than Tamil Nadu's") are compared
                    continue
                w = a[0].score + b[0].score + sim
                if best is None or w > best[0]:
                    best = (w, a, b)
        if best is not None:
            _w, (ua, fa), (ub, fb) = best
            fa.citation, fb.citation = mark(ua), mark(ub)
            return fa, fb
    one_year = next(iter(q.years)) if len(q.years) == 1 else None
    cands: list[tuple[Unit, Figure]] = []
    for u in pool:
        fs = figures_of(u, q, 0)
        if years_q:
            fs = [_as_year(f) for f in fs if f.is_year] or [
                Figure(str(int(y)), float(y), False, None, 0, source=u.passage.source, is_year=True)
                for y in _years_written(u) if y not in q.years][:1]
        elif one_year is not None:
            # "in 2021, more X than Y": both figures of that year
            fs = [f for f in fs if f.year == one_year]
        if q.wants_money:  # a price is compared with a price
            fs = [f for f in fs if f.money]
        if not time_asked:
            fs = [f for f in fs if not f.is_year]
        for f in fs[:2]:
            cands.append((u, f))
    if q.wants_percent and any(f.percent for _u, f in cands):
        # "which is larger", asked of two shares: shares are compared, not counts
        cands = [(u, f) for u, f in cands if f.percent]
    if not cands or cands[0][0].score < threshold:
        return None
    ua, fa = cands[0]
    for ub, fb in cands[1:]:
        if fb.value == fa.value or not _same_kind(fa, fb):
            continue
        # a change ("is X gegroeid?") is of one measure; two things are compared only
        # when the question sets them side by side ("than", "or")
        if not q.compare and ua.kind == ub.kind == "row" and ua.id != ub.id and not _same_measure((ua, fa), (ub, fb)):
            continue
        # ... nor is a growth taken from a level: "grew 83% in twenty years" is the change
        # asked for, not one side of a difference with "13,1% of the residents"
        if not q.compare and ua.id != ub.id and _names_change(ua) != _names_change(ub):
            continue
        if q.compare and _years_of_one_measure(q, (ua, fa), (ub, fb)):
            continue
        if len(q.years) >= 2 and other is None and ua.kind == ub.kind == "row" and ua.id != ub.id \
                and not _same_measure((ua, fa), (ub, fb)) and not _names_both(q, ua, ub):
            continue  # (as above: one thing in two years is not compared with another)
        # a question that names two years compares a figure of each
        if len(q.years) >= 2 and not years_q and not (fa.year != fb.year and {fa.year, fb.year} <= q.years):
            continue
        fa.citation, fb.citation = mark(ua), mark(ub)
        return fa, fb
    return None


def _weightiest(words: set[str], q: Question) -> str | None:
    """The word of ``words`` that weighs most in the question (the rarest), or None: what
    another unit must hold to be about the same thing as the one that holds ``words``."""
    return max(words, key=lambda w: q.weights.get(w, 0.0), default=None)


def _names_both(q: Question, a: Unit, b: Unit) -> bool:
    """Whether the question names what sets each of two rows apart: a word of its own
    that each row's label holds and the other's does not."""
    ka = set().union(*matched_terms(q, text_keys(row_label(a))))
    kb = set().union(*matched_terms(q, text_keys(row_label(b))))
    return bool(ka - kb) and bool(kb - ka)


def _years_of_one_measure(q: Question, a: tuple[Unit, Figure], b: tuple[Unit, Figure]) -> bool:
    """Whether two figures are one measure's in two years while the question names at
    most one: two things set side by side ("lower for masters than for bachelors") are
    not compared by a change the question did not ask about."""
    (ua, fa), (ub, fb) = a, b
    return (len(q.years) < 2 and ua.kind == ub.kind == "row" and None not in (fa.year, fb.year)
            and fa.year != fb.year and _same_measure(a, b))


def _as_year(f: Figure) -> Figure:
    """A year figure written as its year ("2020-09-17" -> "2020"), for "how many years"."""
    return Figure(str(int(f.value)), f.value, False, None, f.citation, label=f.label, source=f.source, is_year=True)


def _years_written(u: Unit) -> list[int]:
    """The years a unit writes, for "how many years": a table row's own date (its year
    column) says when the row was measured, not when what it counts happened, so only
    the years in its values and notes count."""
    nums = u.numbers if u.kind != "row" else [m for c in u.cells if c.role in ("value", "note") for m in c.numbers]
    out = []
    for m in nums:
        if m.kind == "date":
            out.append(int(m.parts[-1]))
        elif m.kind == "number" and m.canon.isdigit() and YEAR_RE.fullmatch(m.canon):
            out.append(int(m.canon))
    return out
