"""The figures a unit of evidence holds for a question: which value cells of a table row
(or numbers of a sentence) answer it, with their measure, unit and year, as
:class:`assistant.calc.Figure` records that the composer quotes and calculates with."""
from __future__ import annotations

import re

from .calc import Figure
from .evidence import (VALUE_HEADERS, YEAR_HEADERS, Unit, abbreviated_in, answer_numbers, column_dated, header_terms,
                       matched_terms, note_figures, text_keys, years_in)
from .language import NEGATING_PARTS, STOPWORDS, content_tokens, stem_keys, tokens
from .numbers import NumberMention, digits_for_words, extract_numbers
from .question import IDENTIFIER_HEADER, IDENTIFIER_RE, YEAR_RE, Question, counted_terms

PERCENT_UNIT = re.compile(r"^\s*(%|percent|procent|percentage|pct)\b", re.I)
CURRENCY = re.compile(r"€|\$|£|\b(?:euro|eur|usd|dollars?|pounds?)\b", re.I)
# a currency sign written before a number, and a unit of measure written after it: the
# figure is cited with them ("€ 27,50", "2 m³", "141 kilo"), as the source writes it
_SIGN_BEFORE = re.compile(r"(?:€|\$|£)\s?$")
_UNIT_AFTER = re.compile(
    r"^\s?(?:euro|eur|kg|kilo(?:gram)?|ton(?:nes?)?|km|kilometer|kilometres?|m[²³23]|meter|metres?|"
    r"uur|hours?|minuten|minutes|dagen|days|werkdagen|working days|weken|weeks|jaar|years?|maanden|months)\b", re.I)
# units of measure, each with the forms it is written in (Dutch and English), for
# telling a figure in kilos from one in tonnes: general units, not a domain's words
_UNIT_FORMS = {
    "kg": ("kg", "kilo", "kilos", "kilo's", "kilogram", "kilograms", "kilogrammes"),
    "t": ("ton", "tons", "tonne", "tonnes"),
    "km": ("km", "kilometer", "kilometers", "kilometre", "kilometres"),
    "m2": ("m2", "m²", "vierkante meter", "square metres", "square meters"),
    "m3": ("m3", "m³", "kuub", "cubic metres", "cubic meters"),
    "h": ("uur", "uren", "hour", "hours"),
    "min": ("minuut", "minuten", "minute", "minutes"),
    "d": ("dag", "dagen", "day", "days", "werkdag", "werkdagen", "working day", "working days", "business days"),
    "wk": ("week", "weken", "weeks"),
    "eur": ("euro", "euros", "eur", "€"),
}
_UNIT_OF = {form: unit for unit, forms in _UNIT_FORMS.items() for form in forms}
_UNITS_RX = "|".join(sorted(map(re.escape, _UNIT_OF), key=len, reverse=True))
UNITS_RX = _UNITS_RX  # every unit's forms, as one alternation (longest first)
_UNIT_WORD = re.compile(rf"(?<!\w)({_UNITS_RX})(?!\w)", re.I)
# "hoeveel ton", "how many hours", "in tonnes", "in kilo's": the unit a question asks its figure in
_ASKED_UNIT = re.compile(rf"\b(?:hoeveel|how\s+many|how\s+much|in|aantal)\s+({_UNITS_RX})(?!\w)", re.I)


def asked_unit(q: Question) -> str | None:
    """The unit the question asks its figure in ("hoeveel ton" -> "t"), or None."""
    m = _ASKED_UNIT.search(q.text)
    return _UNIT_OF[m.group(1).lower()] if m else None


def units_in(text: str) -> set[str]:
    """The units of measure a text writes ("141 kilo" -> {"kg"})."""
    return {_UNIT_OF[m.group(1).lower()] for m in _UNIT_WORD.finditer(text)}


def figure_unit(f: Figure) -> str | None:
    """The unit a figure is given in (its table's unit, or the word after it), or None."""
    if f.money:
        return "eur"
    m = _UNIT_WORD.search(f"{f.unit} {f.text}")
    return _UNIT_OF[m.group(1).lower()] if m else None


_MODIFIERS = re.compile(
    r"(?:\b(?:meer dan|minder dan|ruim|bijna|ongeveer|circa|ca\.|zo'n|rond|ten minste|minstens|"
    r"more than|less than|over|almost|nearly|about|around|approximately|at least|some)\s+)$", re.I)


def _cell_percent(u: Unit, value: str) -> bool:
    return value.strip().endswith("%") or bool(PERCENT_UNIT.match(u.unit_label or ""))


def _row_year(u: Unit) -> int | None:
    ys = [int(y) for c in u.cells if c.role == "year" for y in YEAR_RE.findall(c.value)]
    if len(set(ys)) == 1:
        return ys[0]
    if not any(c.role == "year" for c in u.cells):
        return u.passage.year
    return None


def row_label(u: Unit, skip=None) -> str:
    """What a row is about: its text cells (not figures, links, notes), but ``skip``."""
    parts = [c.value for c in u.cells if c.role == "value" and not c.numeric and c.value and c is not skip]
    return " · ".join(parts)


def _best_value_cells(u: Unit, q: Question) -> list:
    # (a column of version or section numbers names the row: no figure)
    cells = [c for c in u.cells if c.role == "value" and c.numeric and not IDENTIFIER_HEADER.match(c.header)]
    if not cells:
        # "985 births; 1040 deaths": the figures stand inside words
        return [c for c in u.cells if c.role == "value" and c.numbers and not IDENTIFIER_HEADER.match(c.header)][-1:]
    def dated(c) -> float:
        return column_dated(c.header, q)

    if q.years and any(years_in(c.header) for c in cells):
        # a column per year or period: only the columns of the years asked; none when
        # the row has no column for them (its other periods do not answer)
        asked = [c for c in cells if dated(c) > 0]
        cells = asked + [c for c in cells if not years_in(c.header)]
        if not cells:
            return []
    # a question word the table's heading holds itself is about every column ("firearm"
    # of "NICS Firearm Background Checks" names no column, though "Handgun" is near it)
    heading = matched_terms(q, text_keys(u.table))[0] if u.table else set()
    if heading:
        # (a word joined by a hyphen is in the heading when all its parts are: "firearm" of
        # "multiple-firearm checks" is, "multiple" names the column "**Multiple")
        hk = text_keys(u.table)
        heading = {t for t in heading if "-" not in t
                   or all(set(stem_keys(p)) & hk for p in t.split("-") if p and p not in STOPWORDS)}
    # ... and a question word that names the row itself names no column ("handgun checks
    # in total": the row "Totals", its column "Handgun", not its column "Totals")
    label = row_label(u)
    heading = heading.union(*matched_terms(q, text_keys(label))) if label else heading
    heading = heading | _adding_words(q)
    scored = []
    for c in cells:
        own, tr = matched_terms(q, text_keys(c.header))
        own, tr = own - heading, (tr | abbreviated_in(q, c.header)) - heading
        # a number of the header the question gives ("under 18" for "Under 18 years")
        said = len(q.numbers & {m.canon for m in extract_numbers(c.header)}) if q.numbers else 0
        scored.append((sum(q.weights[x] for x in own | tr) + dated(c) + said, c.header.lower() in VALUE_HEADERS, c))
    if q.wants_percent and any(s > 0 and not TOTAL_ROW.match(c.header) for s, _v, c in scored):
        # "What share of Texas's total checks were handgun checks?": the column of totals
        # is the whole the share is of, the other column named is the part asked
        scored = [(0.0 if TOTAL_ROW.match(c.header) else s, v, c) for s, v, c in scored]
    top = max(s[0] for s in scored)
    if top > 0:
        best = [c for s, _v, c in scored if s == top]
        # of headers that match the question equally, the ones that say least besides:
        # "Handgun" for "handgun checks", not also "Pre-Pawn / Handgun"
        # ("Total / Under 18 years" before "Male / Under 18 years": a total says no more)
        extra = [_unmatched_words(c.header, q) - _total_words(c.header) for c in best]
        return [c for c, e in zip(best, extra) if e == min(extra)][:3]
    named = [c for _s, v, c in scored if v]
    if named or len(cells) == 1:
        return named[:1] or cells
    # no column named: the last when it is the latest period or a total ("2001-2011",
    # "Totals"); of columns that each measure something else ("mpg", "hp", "carb") none
    # is the answer, and the row is quoted whole
    last = cells[-1]
    return [last] if years_in(last.header) or TOTAL_ROW.match(last.header) else []


def _total_words(header: str) -> int:
    """How many words of a column header are a general one ("Total", "aantal")."""
    return sum(1 for w in re.findall(r"[^\W\d_]+", header) if w.lower() in VALUE_HEADERS)


def _unmatched_words(header: str, q: Question) -> int:
    """How many content words of a column header match no word of the question. A word
    the question writes as such counts as matched even when it is too common to be one
    of its terms (the column "*Other" for "kolom 'Other'")."""
    n = 0
    asked = set(tokens(q.text))
    # the unit of a number the question gives ("years" of "Under 18 years" for "under 18")
    asked |= {m.group(2).lower() for m in re.finditer(r"(\d+)\s*([^\W\d_]+)", header) if m.group(1) in q.numbers}
    for word in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", header):
        keys = text_keys(word)
        if keys:
            own, tr = matched_terms(q, keys)
            n += not (own or tr or word.lower() in asked or abbreviated_in(q, word))
    return n


def names_row(u: Unit, q: Question) -> bool:
    """Whether the question names this row of a wide table by what it is about
    ("... in Daman and Diu", "... in Washington"): every word of the row's label is a
    word of the question, and the question writes one of them as a name."""
    if u.kind != "row" or not q.names:
        return False
    keys = text_keys(" ".join(content_tokens(row_label(u))))
    own, tr = matched_terms(q, keys)
    return bool(keys) and bool(own & q.names) and keys <= frozenset().union(*(q.keys[t] for t in own | tr))


# a word for the whole of what is counted: a row's label "total students enrolled", the
# adding up of "the sum of the handgun checks" (matched against a whole word)
WHOLE_WORD = re.compile(r"totals?|totaal|totale|sum|som|all|alle", re.I)


def _adding_words(q: Question) -> set[str]:
    """Of a question that adds figures up ("the sum of the handgun checks in Ohio and
    Michigan"), the words that say so: they name no column of totals."""
    return {t for t in q.terms if WHOLE_WORD.fullmatch(t)} if q.sum else set()


def named_columns(u: Unit, q: Question) -> list:
    """The numeric columns of a wide row that the question names by their headers
    ("handgun or long gun checks": Handgun, Long Gun) or periods, one per thing named:
    of headers that match the same question words, the one that says least besides
    ("Handgun", not also "Pre-Pawn / Handgun")."""
    if u.kind != "row":
        return []
    heading = matched_terms(q, text_keys(u.table))[0] if u.table else set()
    heading = heading | _adding_words(q)
    best: dict[frozenset, tuple[int, object]] = {}
    for c in u.cells:
        if c.role != "value" or not c.numeric or IDENTIFIER_HEADER.match(c.header):
            continue
        # (by the header's own words when it has any: "Handgun" is not also "gun" translated)
        own, tr = matched_terms(q, text_keys(c.header))
        named = frozenset((own or tr or abbreviated_in(q, c.header)) - heading)
        if column_dated(c.header, q) >= 3:
            named |= {c.header}
        if not named:
            continue
        extra = _unmatched_words(c.header, q) - _total_words(c.header)
        if named not in best or extra < best[named][0]:
            best[named] = (extra, c)
    # a header that matches a part of what another matches ("Gun" beside "Long Gun") is
    # not a thing of its own
    return [c for named, (_e, c) in best.items() if not any(named < other for other in best)]


def column_figures(u: Unit, cells: list | None = None) -> list[Figure]:
    """The figure of each of these cells of a wide row (None: of every numeric column),
    labelled with its header."""
    if cells is None:
        # (a column that sums the others, "Totals", is not one of them)
        cells = [c for c in u.cells if c.role == "value" and c.numeric and not IDENTIFIER_HEADER.match(c.header)
                 and not TOTAL_ROW.match(c.header)]
    out = []
    for c in cells:
        m = next((m for m in c.numbers if not m.label), None)
        if m is None:
            continue
        try:
            value = _value(m)
        except ValueError:
            continue
        year = min(years) if len(years := years_in(c.header)) == 1 else None
        out.append(Figure(c.value.strip(), value, m.percent or _cell_percent(u, c.value), year, 0, unit=u.unit_label,
                          label=f"{row_label(u)} · {c.header}", source=u.passage.source,
                          money=bool(CURRENCY.search(f"{u.unit_label} {c.header} {c.value}"))))
    return out


SIBLING_TAIL = 6  # the shortest head two compounds share to be two kinds of one thing


def _sibling_in(term: str, text: str) -> bool:
    """``text`` has another compound of ``term``'s head: a longer word that ends as
    ``term`` does, in at least SIBLING_TAIL letters, but starts otherwise
    ("eenpersoonshuishouden" for "meerpersoonshuishouden").

    >>> _sibling_in("meerpersoonshuishouden", "voor een eenpersoonshuishouden")
    True
    >>> _sibling_in("ophaalbeurt", "met maximaal 2 m³ per keer"), _sibling_in("huishouden", "elk huishouden")
    (False, False)
    """
    for w in tokens(text):
        if w == term or len(w) <= SIBLING_TAIL or len(term) <= SIBLING_TAIL:
            continue
        n = 0
        while n < min(len(w), len(term)) and w[-1 - n] == term[-1 - n]:
            n += 1
        if n >= SIBLING_TAIL and n < len(term) and n < len(w):
            return True
    return False


def _figures_asked(u: Unit, nums: list[NumberMention], q: Question) -> list[NumberMention]:
    """Of several figures in one sentence, those of the asked year (see
    :func:`_of_years_asked`), then those whose own clause matches the question:
    "migratieachtergrond (32%), een niet-Nederlandse nationaliteit (12%)" answers a
    question about nationality with 12%, one about both with both."""
    text = u.text
    nums = _of_years_asked(text, nums, q)
    if len(nums) < 2:
        return nums
    if q.wants_year and q.numbers:
        # "In which year were 365 fines issued?" of "412 boetes, tegen 365 in 2022": the
        # year written nearest the figure the question gives
        given = [m for m in u.numbers if m.canon in q.numbers]
        years = [m for m in nums if m.yearlike]
        if given and years:
            return [min(years, key=lambda y: min(abs(y.start - g.end) if y.start >= g.end else abs(g.start - y.end)
                                                 for g in given))]
    title_terms = set().union(*matched_terms(q, text_keys(u.passage.title or "")))
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:]\s|\s(?:en|and|t\.o\.v\.|versus)\s", text)] + [len(text)]
    scores, found, exact = [], [], []
    whole = {term: set(stem_keys(term)) for term in q.terms}
    for m in nums:
        start = max(c for c in cuts if c <= m.start)
        end = min((c for c in cuts if c >= m.end), default=len(text))
        keys = text_keys(text[start:end])
        own, tr = matched_terms(q, keys)
        # a clause that negates a word of the question ("33% van de niet-Nederlandse
        # respondenten", asked about "Nederlandse respondenten") is not about it
        denied = _negated_terms(text[start:end], q)
        scores.append(0.0 if denied else sum(q.weights[x] for x in (own | tr) - title_terms))
        found.append({x for x in own | tr if _sibling_in(x, text[start:end])})
        exact.append({x for x in own if whole[x] & keys})
    top = max(scores)
    if top <= 0:
        return nums
    kept = [i for i, sc in enumerate(scores) if sc > 0 and sc >= 0.5 * top]
    # a clause that has, instead of a question word, another compound of its head yields
    # to one that has the word itself ("€ 298,75 voor een eenpersoonshuishouden en
    # € 372,75 voor een meerpersoonshuishouden", asked for "een meerpersoonshuishouden")
    said = set().union(*(exact[i] for i in kept))
    exact_kept = [i for i in kept if not (found[i] - exact[i]) & said]
    return [nums[i] for i in (exact_kept or kept)]


def _negated_terms(clause: str, q: Question) -> set[str]:
    """The question's words that a hyphenated word of ``clause`` negates ("niet-Nederlandse",
    "non-Dutch"), when the question does not negate them itself."""
    asked = {t for t in tokens(q.text) if "-" in t}
    out: set[str] = set()
    for tok in tokens(clause):
        head, _, rest = tok.partition("-")
        if rest and head in NEGATING_PARTS and tok not in asked:
            out |= set().union(*matched_terms(q, text_keys(rest)))
    return out


# the words between a figure and a year that make the figure a difference from that
# year's ("13 meer dan in 2023", "12% more than in 2022", "6,5% hoger dan in 2023")
_COMPARED = re.compile(
    r"\s*(?:%|procent|percent)?\s*(?:[^\W\d_]+\s+){0,2}?(?:meer|minder|hoger|lager|groter|kleiner|more|fewer|less|"
    r"higher|lower|larger|smaller|bigger)\s+(?:dan|than)\s+(?:in\s+)?$", re.I)


def _of_years_asked(text: str, nums: list[NumberMention], q: Question) -> list[NumberMention]:
    """Of several figures in one sentence, those of the asked year when the sentence
    says which is which: a figure's year is the first year written after it (before the
    next figure), else the last one before it: "van 162 kilo in 2022 naar 141 kilo in
    2023" gives 141 for 2023, "In 2023 ... 412 boetes, tegen 365 in 2022" 412 for 2023.
    All of them when none is of an asked year."""
    if len(nums) < 2 or not q.years:
        return nums
    years = [(m.start(), int(m.group(0))) for m in YEAR_RE.finditer(text)]
    spans = sorted(nums, key=lambda m: m.start)
    own: dict[int, int | None] = {}
    bases: set[int] = set()
    for i, m in enumerate(spans):
        nxt = spans[i + 1].start if i + 1 < len(spans) else len(text)
        after = [(at, y) for at, y in years if m.end <= at < nxt]
        if after and _COMPARED.match(text, m.end, after[0][0]):
            # "158 containers, 13 more than in 2023": 13 is a difference, of no year
            bases.add(after[0][1])
            own[id(m)] = None
            continue
        before = [y for at, y in years if at < m.start]
        own[id(m)] = after[0][1] if after else (before[-1] if before else None)
    asked = [m for m in nums if own[id(m)] in q.years]
    if not asked and q.years <= bases:
        return []  # the asked year is only what another year is compared with
    return asked or nums


def value_column(u: Unit, q: Question) -> str | None:
    """The header of the column that answers ``q`` in a wide table row, where a column
    names a measure or a period ("2001-2011", "Handgun") and each row is one thing
    (a state, a month); None for a row whose value sits under a general header
    ("value", "aantal": a long table, one measure per row) and for a sentence."""
    if u.kind != "row":
        return None
    cells = _best_value_cells(u, q)
    if not cells or not cells[0].numeric:
        return None
    general = cells[0].header.lower().strip() in VALUE_HEADERS
    if general and sum(c.role == "value" and c.numeric for c in u.cells) < 2:
        return None  # one figure a row under "value": a long table (a "Total" among columns is one)
    return cells[0].header


# a row that sums the others ("Totals", "Totaal", "ALL INDIA") is not one of the things ranked
TOTAL_ROW = re.compile(r"^\s*(?:grand\s+)?(?:totals?|totaal|total\s+\w+|sum|all\s+\w+)\s*$", re.I)


def ranked_row(units: list[Unit], q: Question, min_score: float) -> Unit | None:
    """The row whose column a "which ... has the most ..." question ranks: the best row
    the ranker finds relevant, or else the best row whose answering column the
    question names by a word of its header ("the most handgun checks": Handgun),
    however it scores (such a question names no row)."""
    rows = [u for u in sorted(units, key=lambda u: -u.score) if u.kind == "row"]
    best = next((u for u in rows if u.score >= min_score), None)
    if best is not None and column_named(best, q):
        return best
    # (a best row whose column the question does not name is of another table: "Which cars
    # have more than 200 hp?" reads the column "hp", not an arrest table's "Total")
    named = next((u for u in rows if column_named(u, q)), None)
    return named if named is not None else best


def column_named(u: Unit, q: Question) -> bool:
    """Whether the question names the row's answering column by a word of its header (or
    that word written short: "hp")."""
    col = value_column(u, q)
    return col is not None and bool(header_terms(q, col))


def _value(m: NumberMention) -> float:
    """A figure's value: a number with its sign, a date by its year, a ratio by its
    right-hand side."""
    if m.kind == "number":
        return m.signed
    return float(m.parts[-1] if m.kind == "date" else m.canon.split(":")[-1])


def note_year_figures(u: Unit, citation: int, skip: set[str] | frozenset[str] = frozenset()) -> list[Figure]:
    """The figures a row's notes give for other years ("28% in 2017"), as figures of the
    row's measure (not the numbers in ``skip``: those the question gives)."""
    out = []
    for m, y in note_figures(u):
        if m.canon in skip:
            continue
        try:
            value = m.signed if m.kind == "number" else float(m.canon.split(":")[-1])
        except ValueError:
            continue
        out.append(Figure(m.text, value, m.percent or _cell_percent(u, m.text), y, citation, unit=u.unit_label,
                          label=row_label(u), source=u.passage.source,
                          money=bool(CURRENCY.search(f"{u.unit_label} {m.text}"))))
    return out


# the one or two words right after a number
WORDS_AFTER = re.compile(r"((?:\s+[^\W\d_][\w-]*){1,2})")


def words_after_match(text: str, end: int, q: Question) -> set[str]:
    """The question's terms that the one or two words after a number (ending at ``end``)
    match, by stem or translation: "2579 abroad" for "left for abroad"."""
    after = WORDS_AFTER.match(text, end)
    return set().union(*matched_terms(q, text_keys(after.group(1)))) if after is not None else set()


def _noted_counts(u: Unit, q: Question, citation: int, year: int | None, label: str) -> tuple[list[Figure], bool]:
    """For "how many <things>", the figures of a row's notes followed by what the question
    counts ("~20 volunteers, almost 6,000 inquiries" for "met hoeveel vrijwilligers"),
    and whether the words after one of them count something the row's label does not
    name ("~3,000 indirect" for "hoeveel indirecte banen" in a row of employment)."""
    counted = counted_terms(q)
    if not counted or u.kind != "row":
        return [], False
    # what is counted comes first after "how many" ("internationals" in "hoeveel
    # internationals woonden er"): words after a figure that name only a later word (the
    # verb, "woonden": "~127,000 inhabitants") count something else
    first = next(t for t in q.terms if t in counted)
    out, said_all = [], set()
    for c in u.cells:
        if c.role != "note":
            continue
        for m in c.numbers:
            if m.kind in ("date", "day") or m.label or (m.canon.isdigit() and YEAR_RE.fullmatch(m.canon)):
                continue
            said = words_after_match(c.value, m.end, q) & counted
            if first in said:
                try:
                    value = _value(m)
                except ValueError:
                    continue
                # with the words or the sign that make it an estimate or a bound ("almost
                # 6,000", "~20")
                mod = _MODIFIERS.search(c.value[max(0, m.start - 20):m.start])
                sign = _SIGN_BEFORE.search(c.value[max(0, m.start - 2):m.start])
                bound = c.value[m.start - 1] if m.start > 0 and c.value[m.start - 1] in "~≈<>" else ""
                text = (mod.group(0) if mod else "") + bound + (sign.group(0) if sign else "") + m.text
                out.append(Figure(text, value, m.percent, year, citation, label=label, source=u.passage.source))
                said_all |= said
    if not out:  # (most rows: the label is not read for them)
        return [], False
    # (what stands in brackets qualifies the label, "(Expat Centre page)": it names nothing counted)
    named = set().union(*matched_terms(q, text_keys(f"{re.sub(r'[(][^)]*[)]', ' ', label)} {u.unit_label or ''}")))
    return out, bool(said_all - named)


def _named_parts(value: str, nums: list[NumberMention], q: Question) -> list[NumberMention]:
    """The figures of a cell that names each of them ("985 births; 1040 deaths") that the
    question asks for: those whose part of the cell (between ";" or ",") has a word of
    the question, when some parts have one and others not; else all of them."""
    bounds = [0] + [m.end() for m in re.finditer(r"[;,]\s+", value)] + [len(value) + 1]

    def part(m: NumberMention) -> str:
        i = max(k for k, b in enumerate(bounds[:-1]) if b <= m.start)
        return value[bounds[i]:bounds[i + 1]]

    named = [m for m in nums if any(matched_terms(q, text_keys(part(m))))]
    return named if named and len(named) < len(nums) else nums


# the unit of a figure that is a length of time (a row's "unit: years")
_TIME_UNIT = re.compile(r"(?:years?|jaren|jaar|months?|maanden|maand|weeks?|weken|days?|dagen|hours?|uren|uur)"
                        r"(?:\s+(?:old|of age|oud))?", re.I)


def figures_of(u: Unit, q: Question, citation: int) -> list[Figure]:
    """The figures of a unit that answer ``q`` (best first). "How many <things>" is
    answered by a count or a share of a whole, not by an amount of money or a year
    ("Hoeveel kleine ondernemers betalen reinigingsrecht?" is not answered by "€ 312,00");
    "in absolute numbers" by a count only."""
    out = _unit_figures(u, q, citation)
    counts, absolute = q.counting
    if not counts:
        return out
    # (a share of a whole answers how many of it have something; a length of time, "4
    # years" old, counts no things: "How many expats visit the centre each year?")
    return [f for f in out if not (f.money or f.is_year or ((f.percent or f.ratio) and absolute)
                                   or _TIME_UNIT.fullmatch((f.unit or "").strip()))]


def _unit_figures(u: Unit, q: Question, citation: int) -> list[Figure]:
    p = u.passage
    if u.kind == "row":
        out = []
        year = _row_year(u)
        label = row_label(u)
        # a value that looks like a year ("1914") is a count when the row's unit says so
        unit = (u.unit_label or "").strip().lower()
        counted = bool(unit) and unit not in YEAR_HEADERS
        if len(q.years) == 1 and year is not None and year not in q.years:
            # the asked year's figure in the note of a row of another year ("33,700 in
            # 2022") is the figure
            out = [f for f in note_year_figures(u, citation, skip=q.numbers) if f.year in q.years]
            if out:  # the row's own value is of another year: not an answer
                return out
        # of a row of several figures, the column says what each one measures
        several = sum(c.role == "value" and c.numeric for c in u.cells) > 1
        for c in _best_value_cells(u, q):
            column = c.header if several and c.header.lower() not in (*VALUE_HEADERS, *YEAR_HEADERS) else ""
            # a day of a month ("8-10 June") answers only a question for a date
            nums = [m for m in c.numbers if m.canon not in q.numbers and not m.label
                    and (m.kind != "day" or q.wants_date or q.wants_year)]
            if not c.numeric and len(nums) > 1:
                nums = _named_parts(c.value, nums, q)
            if len(nums) > 1:
                # "11232 (2579 abroad)": the figure followed by a word of the question
                # ("left for abroad") is the one asked for (not when a percentage is asked
                # and it is none: "12 (13774 persons)" for "what percentage")
                # (nor a percentage when things are counted: "383000 (4.2% of labour force)"
                # for "how many knowledge workers")
                counts = q.counting[0] and not q.wants_percent
                named = [m for m in nums if words_after_match(c.value, m.end, q)
                         and (m.percent or not q.wants_percent) and not (m.percent and counts)]
                nums = named if named and len(named) < len(nums) else nums
            for m in (nums if not c.numeric else nums[:1])[:3]:
                is_year = m.kind == "date" or (not counted and m.yearlike)
                try:
                    value = _value(m)
                except ValueError:
                    continue
                short = len(c.numbers) == 1 and len(c.value) <= len(m.text) + 3  # "~75000", ">800"
                # a figure cell of several numbers ("10000-15000", "430 / >11700") is cited whole
                short = short or (len(c.numbers) > 1 and len(c.value) <= 40 and not re.search(r"[^\W\d_]", c.value))
                col_years = years_in(c.header)
                fyear = year if not col_years else (min(col_years) if len(col_years) == 1 else None)
                out.append(Figure(c.value if short else m.text, value,
                                  (m.percent or _cell_percent(u, c.value)) and not m.kind == "ratio", fyear, citation,
                                  unit=u.unit_label, label=label, source=p.source, is_year=is_year,
                                  money=bool(CURRENCY.search(f"{u.unit_label} {c.header} {c.value}")),
                                  ratio=m.kind == "ratio", column=column))
        noted, more = _noted_counts(u, q, citation, year, label)
        if noted and (more or all(f.is_year for f in out)):
            # the row's notes count what is asked ("~20 volunteers" of a row whose value
            # is the years they staffed a helpdesk; "~3,000 indirect" jobs besides the
            # row's direct ones)
            return noted
        return out
    nums = answer_numbers(u, q)
    if q.wants_percent and any(m.percent for m in nums):
        nums = [m for m in nums if m.percent or m.kind == "ratio"]
    nums = _figures_asked(u, nums, q)
    years_here = [int(y) for y in YEAR_RE.findall(u.text)]
    out = []
    for m in nums[:3]:
        own_year = m.yearlike
        other_years = [y for y in years_here if not (own_year and str(y) == m.canon)]
        year = other_years[0] if len(set(other_years)) == 1 else (p.year if not other_years else None)
        try:
            value = _value(m)
        except ValueError:
            continue
        before = u.text[max(0, m.start - 20):m.start]
        mod = _MODIFIERS.search(before)
        # a number written in words gets its digits: "meer dan achthonderd (800)"
        text = (mod.group(0) if mod else "") + (digits_for_words(m.text, q.language) if m.words else m.text)
        if not m.percent and not m.words:
            sign = _SIGN_BEFORE.search(u.text[max(0, m.start - 2):m.start])
            unit = _UNIT_AFTER.match(u.text[m.end:m.end + 16])
            text = (sign.group(0) if sign else "") + text + (unit.group(0) if unit and m.kind == "number" else "")
        out.append(Figure(text.strip(), value, m.percent, year, citation, label="", source=p.source,
                          is_year=own_year or m.kind == "date",
                          money=bool(CURRENCY.search(u.text[max(0, m.start - 8):m.end + 8])), ratio=m.kind == "ratio"))
    return out


# --------------------------------------------------------------------------- writing


# a table is wide (a matrix: one thing per row, one measure or period per column) from
# this many figure columns on
WIDE_COLUMNS = 2


def named_cell(units: list[Unit], q: Question) -> Unit | None:
    """The one row of a wide table that the question names both by its row and by a
    column: every word of the row's label ("Utah") and of the column's header
    ("Returned/Disposition / *Other") is a word of the question (the label's in its own
    spelling, as a name is not translated), or the column is a
    period it asks for. A question that names a cell asks for it, whatever else the
    passages say; None when no row, or more than one, is named so."""
    found = named_cells(units, q)
    return found[0] if len(found) == 1 else None


def named_cells(units: list[Unit], q: Question) -> list[Unit]:
    """The rows of wide tables that the question names by row and column (see named_cell):
    one for a question about one cell, two for one that compares two ("How many more
    total checks did Texas have than Florida?")."""
    found = []
    for u in units:
        if u.kind != "row":
            continue
        figures = [c for c in u.cells if c.role == "value" and c.numeric]
        labels = [c for c in u.cells if c.role == "value" and not c.numeric and c.value.strip()]
        if len(figures) < WIDE_COLUMNS or not labels:
            continue
        best = _best_value_cells(u, q)
        # (a general word of the header, "Total" of "Male / Total", needs no naming)
        if len(best) != 1 or not best[0].numeric or _unmatched_words(best[0].header, q) > _total_words(best[0].header):
            continue
        named_by = header_terms(q, best[0].header)
        dated = column_dated(best[0].header, q) > 0
        # (or by a number of its header the question gives: "under 18" for "Total / Under 18 years")
        said = bool(q.numbers & {m.canon for m in extract_numbers(best[0].header)})
        if not named_by and not dated and not said:
            continue
        if q.years and not dated and not q.asks_year(u.all_years):
            continue  # a table of November 2015 does not name a cell of 2016
        # the row's label is named by words the column's header does not already take
        named = True
        for c in labels:
            for word in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", c.value):
                keys = text_keys(word)
                if keys:
                    # a name is not translated: the question's own word ("Utah")
                    own, _tr = matched_terms(q, keys)
                    named = named and bool(own - named_by)
        if named:
            found.append(u)
    return found


# "What does the figure of 13.1% refer to?", "Waar staat 774 voor?", "What is 1 in 8
# about?": figures given, what they stand for asked (closed-class words of both languages)
_ABOUT_FIGURE = re.compile(r"^\s*(?:what|wat|waar|waarvoor|waarop|waarover)\b.*\b(?:refers?|mean|means|stands?|about|"
                           r"betekent|betekenen|staat|staan|gaat|gaan|slaat|slaan)\b", re.I)


def asks_what_figure_is(q: Question) -> bool:
    """Whether the question gives figures and asks what they stand for."""
    return bool(q.numbers) and bool(_ABOUT_FIGURE.search(q.text))


def unit_stating(units: list[Unit], q: Question) -> Unit | None:
    """For a question that gives figures and asks what they stand for, or in which year
    something had them ("In which year was residual waste per resident 162 kilos?"), the
    best scored unit that states them all (a row in its cells, a sentence in its text);
    None otherwise, or when none does."""
    if not (asks_what_figure_is(q) or (q.wants_year and q.numbers and not (q.compare or q.difference))):
        return None
    for u in sorted(units, key=lambda u: -u.score):
        have = {m.canon for m in (u.cells_numbers() if u.kind == "row" else u.numbers)}
        if q.numbers <= have:
            return u
    return None


def row_named_by_number(units: list[Unit], q: Question) -> Unit | None:
    """The one row with a cell whose value is a number the question names and whose
    header a question word names ("version 2.1" -> the row with "versie: 2.1"); None
    when no row, or more than one, is named so."""
    # "criterion 1.4.3": a row whose label opens with that number ("1.4.3: Contrast")
    ids = {m.group(1) for m in IDENTIFIER_RE.finditer(q.text) if "." in m.group(1)}
    if not q.numbers and not ids:
        return None
    found = []
    for u in units:
        if u.kind != "row":
            continue
        label = row_label(u)
        if ids and any(re.match(rf"{re.escape(i)}(?!\d)(?!\.\d)", label) for i in ids):
            found.append(u)
            continue
        for c in u.cells:
            if c.role != "value" or not c.numbers or len(c.numbers) != 1 or c.numbers[0].canon not in q.numbers:
                continue
            if len(c.value.strip()) > len(c.numbers[0].text) + 2:
                continue  # a number inside words, not the cell's value
            own, tr = matched_terms(q, text_keys(c.header))
            if own or tr:
                found.append(u)
                break
    return found[0] if len(found) == 1 else None
