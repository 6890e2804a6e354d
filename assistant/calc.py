"""Figures computed from cited figures: differences, changes between years, rankings,
and series over the years. Nothing here reads text a second time: it works on the
figures the composer picked from the cited units, and every result carries the
citation numbers of its inputs so the guard can check it.

    >>> a, b = Figure("13,1%", 13.1, True, 2023, 1), Figure("11,6%", 11.6, True, 2022, 2)
    >>> c = difference(a, b, "nl")
    >>> c.expression, c.result, c.unit
    ('13,1% − 11,6%', '1,5', 'procentpunt')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import extract_numbers

UNITS = {
    "pp": {"nl": "procentpunt", "en": "percentage points"},
    "years": {"nl": "jaar", "en": "years"},
    "pct": {"nl": "%", "en": "%"},
    "hours": {"nl": "uur", "en": "hours"},
}
_HOURS = frozenset(UNITS["hours"].values())
# a time of day as written: "8.30", "16:30", "4.30 pm", "9 am" (a bare number is no time)
_CLOCK = re.compile(r"^(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?$", re.I)


def clock_minutes(text: str) -> int | None:
    """Minutes after midnight of a time of day as written; None when ``text`` is none
    (a time needs its minutes or "am"/"pm").

    >>> clock_minutes("16.30"), clock_minutes("4.30 pm"), clock_minutes("12 am"), clock_minutes("8")
    (990, 990, 0, None)
    """
    m = _CLOCK.match(text.strip())
    if m is None or not (m.group("m") or m.group("ampm")):
        return None
    h, mins = int(m.group("h")), int(m.group("m") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "")
    if ampm and not 1 <= h <= 12:
        return None
    if ampm:
        h = h % 12 + (12 if ampm == "pm" else 0)
    if h > 24 or mins > 59:
        return None
    return h * 60 + mins


def duration(start: str, end: str, citation: int, language: str) -> Calculation | None:
    """How many hours from one time of day to a later one ("16.30 − 8.30 = 8 uur").

    >>> duration("8.30 am", "4.30 pm", 1, "en").expression, duration("8.30", "17.00", 1, "nl").result
    ('4.30 pm − 8.30 am', '8,5')
    """
    a, b = clock_minutes(start), clock_minutes(end)
    if a is None or b is None or b <= a:
        return None
    hours = (b - a) / 60
    dec = 0 if hours == int(hours) else (1 if (b - a) % 6 == 0 else 2)
    return Calculation(f"{end.strip()} − {start.strip()}", fmt(hours, dec, language == "nl"), UNITS["hours"][language],
                       [citation, citation], [end.strip(), start.strip()])


@dataclass
class Figure:
    """One figure as cited: its text, value, whether it is a percentage, the year it is
    about (or None) and the citation number of its passage."""

    text: str
    value: float
    percent: bool
    year: int | None
    citation: int
    unit: str = ""          # the table's unit or ""
    label: str = ""         # what it measures, as the source words it
    source: str = ""
    is_year: bool = False   # the figure is itself a year (a start year, a date's year)
    money: bool = False     # an amount of money (a currency in its unit or beside it)
    ratio: bool = False     # a ratio ("1 in 5"), not a count
    column: str = ""        # the column of a row of several figures it stands in ("Handgun")


@dataclass
class Calculation:
    expression: str
    result: str
    unit: str
    inputs: list[int] = field(default_factory=list)
    values: list[str] = field(default_factory=list)  # the input figures as written

    def to_json(self) -> dict:
        return {"expression": self.expression, "result": self.result, "unit": self.unit,
                "inputs": list(self.inputs)}


def _decimals(text: str) -> int:
    s = text.strip().rstrip("%").strip()
    for sep in (",", "."):
        if sep in s:
            tail = s.rsplit(sep, 1)[1]
            if tail.isdigit() and len(tail) != 3:
                return len(tail)
    return 0


def _comma(texts: list[str], language: str) -> bool:
    for t in texts:
        s = t.strip().rstrip("%").strip()
        for sep in (",", "."):
            if sep in s and len(s.rsplit(sep, 1)[1]) != 3:
                return sep == ","
    return language == "nl"


def fmt(value: float, decimals: int, comma: bool) -> str:
    q = Decimal(1).scaleb(-decimals) if decimals else Decimal(1)
    s = str(Decimal(repr(value)).quantize(q))
    if s.startswith("-0") and Decimal(s) == 0:
        s = s[1:]
    return s.replace(".", ",") if comma else s


_DIGITS_ADDED = re.compile(r"\(([^()]*\d[^()]*)\)\s*$")


def _as_written(f: Figure) -> str:
    t = f.text.strip()
    added = _DIGITS_ADDED.search(t)
    if added and re.fullmatch(r"[^\W\d_]+", t[:added.start()].strip()):
        # one number word with its digits added ("twee (2)"): the digits are the operand
        # ("meer dan achthonderd (800)" keeps its words, and no calculation holds for it)
        t = added.group(1).strip()
    if f.percent and not t.endswith("%"):
        t = t.rstrip() + "%"
    return t


def difference(a: Figure, b: Figure, language: str) -> Calculation:
    """a − b, in percentage points for two percentages, in years for two years."""
    dec = max(_decimals(a.text), _decimals(b.text))
    comma = _comma([a.text, b.text], language)
    result = fmt(a.value - b.value, dec, comma)
    if a.percent and b.percent:
        unit = UNITS["pp"][language]
    elif a.is_year and b.is_year:
        unit = UNITS["years"][language]
    else:
        unit = a.unit if a.unit == b.unit else ""
    return Calculation(f"{_as_written(a)} − {_as_written(b)}", result, unit,
                       [a.citation, b.citation], [a.text, b.text])


def total(figures: list[Figure], language: str) -> Calculation:
    """a + b (+ ...), in the unit they share.

    >>> total([Figure("23,519", 23519, False, None, 1), Figure("22,348", 22348, False, None, 2)], "en").result
    '45867'
    """
    texts = [f.text for f in figures]
    dec = max(_decimals(t) for t in texts)
    units = {f.unit for f in figures}
    return Calculation(" + ".join(_as_written(f) for f in figures), fmt(sum(f.value for f in figures), dec,
                       _comma(texts, language)), units.pop() if len(units) == 1 else "",
                       [f.citation for f in figures], texts)


def mean(figures: list[Figure], language: str) -> Calculation:
    """(a + b (+ ...)) / n, in the unit they share, to one decimal more than they have.

    >>> mean([Figure("34,878", 34878, False, None, 1), Figure("19,904", 19904, False, None, 2)], "en").result
    '27391'
    """
    added = total(figures, language)
    dec = max(_decimals(f.text) for f in figures)
    value = sum(f.value for f in figures) / len(figures)
    dec = dec if value == round(value, dec) else dec + 1
    return Calculation(f"({added.expression}) / {len(figures)}", fmt(value, dec, _comma(added.values, language)),
                       added.unit, added.inputs, added.values)


def relative_change(new: Figure, old: Figure, language: str) -> Calculation | None:
    """(new − old) / old, as a percentage (for counts, not for percentages or years)."""
    if new.percent or old.percent or new.is_year or old.is_year or old.value == 0:
        return None
    comma = _comma([new.text, old.text], language)
    pct = (new.value - old.value) / old.value * 100
    return Calculation(f"({_as_written(new)} − {_as_written(old)}) / {_as_written(old)} × 100%",
                       fmt(pct, 1, comma), "%", [new.citation, old.citation], [new.text, old.text])


def share(part: Figure, whole: Figure, language: str) -> Calculation | None:
    """part / whole, as a percentage (of two counts: "3,600 of the 12000")."""
    if part.percent or whole.percent or part.is_year or whole.is_year or whole.value <= 0:
        return None
    comma = _comma([part.text, whole.text], language)
    pct = part.value / whole.value * 100
    return Calculation(f"{_as_written(part)} / {_as_written(whole)} × 100%", fmt(pct, 1, comma), "%",
                       [part.citation, whole.citation], [part.text, whole.text])


def constants(expression: str, n_inputs: int) -> set[str]:
    """The numbers a calculation's expression writes that are no cited input: the 100 of a
    percentage ("× 100%") and the count a mean divides by ("(a + b + c) / 3")."""
    out = {"100"} if "× 100%" in expression else set()
    n_of = re.search(r"\)\s*/\s*(\d+)$", expression)
    if n_of is not None and int(n_of.group(1)) == n_inputs:
        out.add(n_of.group(1))
    return out


def verify(calc: Calculation) -> bool:
    """Recompute a calculation from its expression: the guard's check that the shown
    result follows from the shown inputs."""
    res = [m.signed for m in extract_numbers(calc.result) if m.kind == "number"]
    if len(res) != 1:
        return False
    expr = calc.expression
    if calc.unit in _HOURS and expr.count(" − ") == 1:  # from one time of day to another
        end, start = (clock_minutes(x) for x in expr.split(" − "))
        if end is not None and start is not None:
            return abs((end - start) / 60 - res[0]) <= 0.5 * 10 ** (-_decimals(calc.result)) + 1e-9
    vals = [m.signed for m in extract_numbers(calc.expression) if m.kind == "number"]
    if expr.startswith("count(") and expr.endswith(")"):
        # the figures counted, separated by ";" (a figure may hold a space: "180 116")
        inner = expr[len("count("):-1].strip()
        return res[0] == len([x for x in inner.split(";") if x.strip()]) if inner else res[0] == 0
    try:
        if "/" in expr and " + " in expr and "−" not in expr and "×" not in expr:  # a mean: (a + b) / n
            got = sum(vals[:-1]) / vals[-1]
        elif "/" in expr and "−" not in expr and len(vals) == 3:  # a share: part / whole × 100%
            got = vals[0] / vals[1] * 100
        elif "/" in expr and len(vals) >= 3:
            got = (vals[0] - vals[1]) / vals[2] * 100
        elif "−" in expr and len(vals) == 2:
            got = vals[0] - vals[1]
        elif " + " in expr and "−" not in expr and len(vals) == expr.count(" + ") + 1:
            got = sum(vals)
        else:
            return False
    except ZeroDivisionError:
        return False
    dec = _decimals(calc.result)
    return abs(got - res[0]) <= 0.5 * 10 ** (-dec) + 1e-9


@dataclass
class Series:
    label: str
    unit: str
    points: list[Figure]

    def to_json(self) -> dict:
        return {"label": self.label, "unit": self.unit,
                "points": [{"year": p.year, "value": p.text.strip().rstrip("%").strip(), "citation": p.citation}
                           for p in self.points]}


def series(figures: list[Figure]) -> Series | None:
    """One point per year (the first given for that year wins: callers pass figures best
    first), in year order; None with fewer than two years."""
    by_year: dict[int, Figure] = {}
    for f in figures:
        if f.year is not None and f.year not in by_year:
            by_year[f.year] = f
    if len(by_year) < 2:
        return None
    pts = [by_year[y] for y in sorted(by_year)]
    first = figures[0]
    unit = "%" if first.percent else first.unit
    return Series(first.label, unit, pts)


def ranking(figures: list[Figure], descending: bool = True) -> list[Figure]:
    return sorted(figures, key=lambda f: f.value, reverse=descending)
