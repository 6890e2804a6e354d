"""Questions that name a year by an event: "How many people moved here in the year in
which the council adopted the vision?". The event's year is asked first (its own
question, answered from the documents like any other), then the question itself with
that year in place of the event.

The cues are Dutch and English question forms ("in het jaar waarin", "op het moment
dat", "in the year (in which|when|that)", "at the time (when)"), not words of a subject.

    >>> n = split("Hoeveel mensen verhuisden naar Leiden in het jaar waarin de eerste monitor verscheen?", "nl")
    >>> n.inner
    'In welk jaar de eerste monitor verscheen?'
    >>> n.outer(2020)
    'Hoeveel mensen verhuisden naar Leiden in 2020?'
    >>> split("In the year Nagasaki became a sister city, what share of students came from abroad?", "en").outer(2017)
    'In 2017, what share of students came from abroad?'
    >>> split("How many people moved here in 2021?", "en") is None
    True
    >>> split("Hoeveel inwoners telde Leiden in 2016, het jaar van de eerste agenda?", "nl") is None
    True
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import YEAR_RE

# "(in|of|van|op) het jaar (waarin|dat|waarop) ...", "(in|of) the year (in which|when|that) ...",
# "op het moment (dat|waarop) ...", "at the time (when|that) ..."; the event runs to the
# end of the clause (a comma, a question mark or the end)
_CUE = re.compile(
    r"(?P<prep>\b(?:in|of|van|op|during|tijdens)\s+)?"
    r"(?:(?:het|the)\s+(?:jaar|year)\s+(?:waarin|waarop|dat|in\s+which|when|that)?"
    r"|(?:het\s+moment|the\s+time|the\s+moment)\s+(?:dat|waarop|when|that)?)\s*"
    r"(?P<event>[^,?;]{8,}?)\s*(?=[,?;]|$)",
    re.I)
_ASK_YEAR = {"nl": "In welk jaar {event}?", "en": "In which year {event}?"}
_PREP = {"nl": "in", "en": "in"}


@dataclass
class Nested:
    inner: str         # the question for the event's year
    template: str      # the question with "{year}" where the event was

    def outer(self, year: int) -> str:
        return self.template.format(year=year)


def split(question: str, language: str) -> Nested | None:
    """The event question and the question around it, or None when the question names
    no year by an event."""
    m = _CUE.search(question)
    if m is None:
        return None
    event = m.group("event").strip()
    if len(event.split()) < 2:
        return None
    # "in 2016, the year of the first agenda": the year is named already
    if YEAR_RE.search(question[:m.start()] + " " + question[m.end():]) or YEAR_RE.fullmatch(event):
        return None
    lang = language if language in _ASK_YEAR else "en"
    prep = m.group("prep")
    # "op het moment dat" / "at the time when" become "in <year>"; "of the year" keeps "of"
    if prep is None or prep.strip().lower() in ("op", "during", "tijdens"):
        start_cap = m.start() == 0
        word = _PREP[lang].capitalize() if start_cap else _PREP[lang]
        lead = f"{word} "
    else:
        lead = prep
    before, after = question[:m.start()], question[m.end():]
    template = (before.replace("{", "{{").replace("}", "}}") + lead + "{year}"
                + after.replace("{", "{{").replace("}", "}}"))
    return Nested(_ASK_YEAR[lang].format(event=event), template)


def event_year(units, question, min_score: float) -> tuple[object, int] | None:
    """The year the best unit gives for an event question (a year or a date's year
    among its figures, else the one year it is about), with that unit; None when no
    unit scoring at least ``min_score`` gives one year."""
    from .figures import figures_of

    for u in sorted(units, key=lambda u: -u.score)[:3]:
        if u.score < min_score:
            break
        years = [int(f.value) for f in figures_of(u, question, 0) if f.is_year]
        if not years and len(u.all_years) == 1:
            years = list(u.all_years)
        if years:
            return u, years[0]
    return None
