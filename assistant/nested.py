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

from messages import t

from .calc import Figure, difference
from .compose import Composed, evidence_line
from .evidence import Unit
from .language import STOPWORDS, content_tokens, detect_language, tokens
from .numbers import YEAR_RE
from .question import MEASURE_WORD, YES_NO_START

# "(in|of|van|op) het jaar (waarin|dat|waarop) ...", "(in|of) the year (in which|when|that) ...",
# "op het moment (dat|waarop) ...", "at the time (when|that) ..."; the event runs to the
# end of the clause (a comma, a question mark or the end)
_CUE = re.compile(
    r"(?P<prep>\b(?:in|of|van|op|during|tijdens)\s+)?"
    r"(?:(?:het|the)\s+(?:jaar|year)\s+(?:waarin|waarop|dat|in\s+which|when|that)?"
    r"|(?:the\s+same\s+year\s+as|hetzelfde\s+jaar\s+als)"
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
    """The year the best units give for an event question (a year or a date's year
    among its figures; else the one year it is about), with that unit; None when none
    of the three best units scoring at least ``min_score`` gives one year."""
    from .figures import figures_of

    top = [u for u in sorted(units, key=lambda u: -u.score)[:3] if u.score >= min_score]
    # a unit whose figure is the year (a start year, a date) before one that is only dated
    for u in top:
        years = [int(f.value) for f in figures_of(u, question, 0) if f.is_year]
        if years:
            return u, years[0]
    for u in top:
        if len(u.years) == 1:  # a year it names (not its document's date)
            return u, next(iter(u.years))
    return None


# "how many years (passed|were there) between A and B", "hoeveel jaar (zat er) tussen A en B"
_BETWEEN = re.compile(
    r"\b(?:how\s+many\s+years|hoeveel\s+jaar)\b(?:\s+[\w']+){0,3}?\s+(?:between|tussen)\s+"
    r"(?P<a>.+?)\s+(?:and|en)\s+(?P<b>[^?]+)", re.I)


# "how many years after A was B (signed)", "hoeveel jaar na A werd B (getekend)": the same two events
# (or any verb before a second side that points back: "... begon die met Toruń")
_AFTER = re.compile(
    r"\b(?:how\s+many\s+years|hoeveel\s+jaar)\s+(?:after|before|na|voor)\s+(?P<a>.+?)\s+"
    r"(?:was|were|did|is|are|has|had|werd|werden|was|waren|is|zijn|kwam|kwamen|"
    r"[^\W\d_]+(?=\s+(?:die|dat|deze|the\s+one|that|those)\s+(?:met|van|with|of|in|uit|from)\b))\s+(?P<b>[^?]+)",
    re.I)


# "how much older is A than B", "hoeveel jaar ouder was A dan die met B": the years of
# two events, as between them
_OLDER = re.compile(
    r"\b(?:how\s+much|how\s+many\s+years|hoeveel(?:\s+jaar)?)\s+(?:older|younger|earlier|later|ouder|jonger|"
    r"eerder|later)\s+(?:is|was|are|were|zijn|waren|werd|werden)?\s*(?P<a>.+?)\s+(?:than|dan)\s+(?P<b>[^?]+)", re.I)
# "how old was A when B", "hoe oud was A toen / op het moment dat B": the years of two
# events, as between them
_OLD_WHEN = re.compile(
    r"\b(?:how\s+old|hoe\s+oud)\s+(?:was|were|is|are|werd|waren|zijn)\s+(?P<a>.+?)\s+(?:when|at\s+the\s+time|"
    r"by\s+the\s+time|toen|op\s+het\s+moment\s+dat|ten\s+tijde\s+van|bij)\s+(?P<b>[^?]+)", re.I)
# "which twinning is older, the one with Oxford or the one with Toruń?", "welke stedenband is
# ouder, die met Oxford of die met Toruń?": the same two events, the head ("stedenband")
# said once
def _which_older(either: str) -> re.Pattern:
    return re.compile(
        r"\b(?:which|welke|welk|wat)(?:\s+(?P<head>[^,?]+?))?\s+(?:(?:is|was|are|were|zijn|waren)\s+(?:the\s+|het\s+)?"
        r"(?:older|oldest|younger|youngest|earlier|later|ouder|oudst|oudste|jonger|jongst|jongste|eerder)|"
        # "which came first", "wat kwam eerst": the one that began earlier
        r"(?:came|happened|started|began|kwam|gebeurde|begon|startte)\s+(?:first|earlier|eerst|eerder))\s*[,:]?\s*"
        rf"(?P<a>.+?)\s+{either}\s+(?P<b>[^?,]+)", re.I)


# "or" / "of": the Dutch word for "or" is an English preposition
_WHICH_OLDER = {"en": _which_older("or"), "nl": _which_older("of")}
# "... dan die met Toruń", "... than the one with Toruń": the other side names only what differs
_STANDS_IN = re.compile(r"^(?:die|dat|deze|the\s+one|that|those)\s+(?=(?:met|van|with|of|in|uit|from)\b)", re.I)
_LAST_PREP = re.compile(r"^(?P<head>.+?)\s+(?:met|van|with|of|in|uit|from)\s+\S.*$", re.I)


def split_between(question: str, language: str) -> tuple[str, str] | None:
    """The two event questions of "how many years between A and B" (None when the
    question is not of that form, or names the years itself).

    >>> split_between("How many years passed between the first agenda and the adoption of the vision?", "en")
    ('In which year the first agenda?', 'In which year the adoption of the vision?')
    >>> split_between("Hoeveel jaar na de band met Oxford werd de band met Toruń getekend?", "nl")
    ('In welk jaar de band met Oxford?', 'In welk jaar de band met Toruń getekend?')
    >>> split_between("Hoeveel jaar na de band met Oxford begon die met Toruń?", "nl")
    ('In welk jaar de band met Oxford?', 'In welk jaar de band met Toruń?')
    >>> split_between("Hoeveel ouder is de band met Oxford dan die met Toruń?", "nl")
    ('In welk jaar de band met Oxford?', 'In welk jaar de band met Toruń?')
    >>> split_between("Welke stedenband is ouder, die met Oxford of die met Toruń, en hoeveel jaar scheelt dat?", "nl")
    ('In welk jaar stedenband met Oxford?', 'In welk jaar stedenband met Toruń?')
    >>> split_between("Which twinning is older: the one with Oxford or the one with Nagasaki?", "en")
    ('In which year twinning with Oxford?', 'In which year twinning with Nagasaki?')
    >>> split_between("Which came first: the friendship with Nagasaki or the link with Juigalpa?", "en")
    ('In which year the friendship with Nagasaki?', 'In which year the link with Juigalpa?')
    >>> split_between("How old was the link with Oxford when the council adopted the vision?", "en")
    ('In which year the link with Oxford?', 'In which year the council adopted the vision?')
    >>> split_between("Hoeveel jaar zit er tussen 2016 en 2020?", "nl") is None
    True
    """
    m = _BETWEEN.search(question) or _AFTER.search(question) or _OLDER.search(question) or _OLD_WHEN.search(question) \
        or _WHICH_OLDER["nl" if language == "nl" else "en"].search(question)
    if m is None or YEAR_RE.search(m.group("a")) or YEAR_RE.search(m.group("b")):
        return None
    a, b = m.group("a").strip(), m.group("b").strip(" .")
    if m.groupdict().get("head"):  # "which twinning ..., the one with A or the one with B"
        for side in ("a", "b"):
            text = a if side == "a" else b
            stand = _STANDS_IN.match(text)
            text = m.group("head").strip() + " " + text[stand.end():] if stand else text
            a, b = (text, b) if side == "a" else (a, text)
    stand = _STANDS_IN.match(b)
    head = _LAST_PREP.match(a)
    if stand and head:
        b = head.group("head") + " " + b[stand.end():]
    ask = _ASK_YEAR[language if language in _ASK_YEAR else "en"]
    return ask.format(event=a), ask.format(event=b)


def which_first(question: str) -> bool:
    """The question asks which of two events came first ("which twinning is older, ...")."""
    return any(rx.search(question) for rx in _WHICH_OLDER.values())


def event_name(asked: str, language: str) -> str:
    """The event of a question made by :func:`split_between` ("In welk jaar de band met
    Oxford?" -> "de band met Oxford")."""
    head, _sep, _tail = _ASK_YEAR[language if language in _ASK_YEAR else "en"].partition("{event}")
    return asked[len(head):].rstrip("?").strip() if asked.startswith(head) else asked


def compose_between(events: list[tuple[Unit, int]], language: str, names: list[str] | None = None) -> Composed:
    """The years of two events and the years between them, each year cited; with
    ``names`` (the events as the question names them, in its order), the lead says
    which came first."""
    named = list(zip(events, names)) if names and len(names) == len(events) else None
    (ua, ya), (ub, yb) = sorted(events, key=lambda e: -e[1])
    fa = Figure(str(ya), float(ya), False, None, 1, source=ua.passage.source, is_year=True)
    fb = Figure(str(yb), float(yb), False, None, 2, source=ub.passage.source, is_year=True)
    c = difference(fa, fb, language)
    lead = t("difference", language, calc=f"{c.expression} = {c.result} {c.unit} [1][2]")
    if named and ya != yb:
        first = min(named, key=lambda e: e[0][1])[1]
        lead = t("came_first", language, event=first, year=yb) + " " + lead
    lines = [lead] + [f"- {evidence_line(u, language)} [{i}]" for i, u in enumerate((ua, ub), start=1)]
    return Composed("\n".join(lines), [ua, ub], [ua.passage, ub.passage], [c], [], lead)


# "..., right?", "..., toch?", "Klopt het dat ...?", "Is it true that ...?": the question
# states a claim to check, and a year in it is the claim, not the year the answer must be of
_CLAIM = re.compile(
    r",\s*(?:right|correct|true|isn'?t\s+(?:it|that\s+so)|wasn'?t\s+it|didn'?t\s+(?:it|they|he|she|we)"
    r"|is\s+that\s+(?:right|correct|so)|toch|klopt\s+dat|of\s+niet|niet\s+waar|is\s+dat\s+zo)\s*\?\s*$"
    r"|^\s*(?:is\s+it\s+(?:true|correct|right)\s+that|klopt\s+het\s+dat|is\s+het\s+(?:waar|zo)\s+dat)\b", re.I)


def split_claim(question: str) -> tuple[str, set[int]] | None:
    """(the question to search for, the years it claims) for a question that checks a
    claim with a year in it; None otherwise.

    >>> split_claim("The council adopted the vision back in 2016, right?")
    ('The council adopted the vision back in which year, right?', {2016})
    >>> split_claim("Klopt het dat de visie in 2016 is vastgesteld?")[1]
    {2016}
    >>> split_claim("How many people moved here in 2021?") is None
    True
    """
    if not _CLAIM.search(question):
        return None
    years = {int(y) for y in YEAR_RE.findall(question)}
    if not years:
        return None
    # the year claimed is what is asked: "in which year", so that a year or a date answers
    which = "welk jaar" if detect_language(question) == "nl" else "which year"
    return re.sub(r"\s+([,?.])", r"\1", re.sub(r"\s+", " ", YEAR_RE.sub(f" {which} ", question))).strip(), years


# "A than B", "A dan B", "A compared with B": what the question compares its subject with
_COMPARED = re.compile(r"\s(?:compared\s+(?:with|to)|vergeleken\s+met|ten\s+opzichte\s+van)\s", re.I)
_THAN = re.compile(r"\s(?:than|dan|compared\s+(?:with|to)|vergeleken\s+met|ten\s+opzichte\s+van)\s+(?P<b>[^?]+)", re.I)
# "How does A compare to B?", "Hoe verhoudt A zich tot B?": two things side by side
_HOW_COMPARE = re.compile(r"^\s*(?:how\s+(?:does|do|did)\s+(?P<a>.+?)\s+compare\s+(?:to|with)|"
                          r"hoe\s+(?:verhoudt|verhouden|verhield|verhielden)\s+(?P<a2>.+?)\s+zich\s+tot)\s+"
                          r"(?P<b>[^?]+)", re.I)
# "Which was larger: A, or B?", "Wat was groter: A of B?": two things named side by side
_OR = {lang: re.compile(rf"^(?P<head>[^:?]*?):\s*(?P<a>[^?]+?),?\s+{word}\s+(?P<b>[^?]+)", re.I)
       for lang, word in (("en", "or"), ("nl", "of"))}
# "Which had more checks in total, Ohio or Michigan?": two short names after a comma
_OR_TAIL = {lang: re.compile(rf"^(?P<head>[^,:?]+),\s*(?P<a>(?:[^\s,?]+\s+){{0,3}}?[^\s,?]+)\s+{word}\s+"
                             rf"(?P<b>(?:[^\s,?]+\s+){{0,3}}?[^\s,?]+)\s*\?\s*$", re.I)
            for lang, word in (("en", "or"), ("nl", "of"))}
# "Which is larger, the share with a migration background or with a non-Dutch nationality?":
# two things after a comma, each with words of its own (short names: _OR_TAIL)
_OR_COMMA = {lang: re.compile(rf"^(?P<head>[^,:?]+),\s*(?P<a>[^?]+?),?\s+{word}\s+(?P<b>[^?]+)", re.I)
             for lang, word in (("en", "or"), ("nl", "of"))}
# "Is A larger than B?", "Is het aandeel A hoger dan B?": a question that opens with its
# verb (question.YES_NO_START), and the word that compares before "than"
_COMPARING = re.compile(r"\s+(?:(?:much|veel|even|nog)\s+)?(?:[^\W\d_]+er|more|less|fewer|meer|minder)\s*$", re.I)
# "How many percentage points higher was A ...", "Hoeveel groter is A ...": the question
# word, what the difference is counted in, the word that compares, the verb, then A
_HOW_MUCH_MORE = re.compile(r"^\s*(?:how\s+(?:many|much)|hoeveel)\s+(?:[^\W\d_]+\s+){0,2}?"
                            r"(?:[^\W\d_]+er|more|less|fewer|meer|minder)\s+"
                            r"(?:is|was|are|were|zijn|waren|ligt|lag|liggen|lagen)\s+(?P<thing>.+)$", re.I)
# "than that of B", "dan dat van B": the other side named by a word that points back
_POINTER = re.compile(r"(?:that|those|the\s+ones?|dat|die|deze|het|de)\s+(?=(?:of|for|among|van|voor|onder|bij)\b)", re.I)
# "the difference between A and B", "het verschil tussen A en B": two things named side by
# side after "between" (two years, "between 2019 and 2023", are one thing's change)
_BETWEEN_SIDES = {lang: re.compile(rf"^(?P<head>[^?]*?)\s{between}\s+(?P<a>[^?]+?)\s+{word}\s+(?P<b>[^?]+)", re.I)
                  for lang, between, word in (("en", "between", "and"), ("nl", "tussen", "en"))}
_ARTICLES = frozenset({"a", "an", "the", "de", "het", "een"})
_ASK_WHAT = {"nl": "Wat is", "en": "What is"}
_ASK_COUNT = {"nl": "Hoeveel", "en": "How many"}
_WH = re.compile(r"^\s*(?P<wh>how\s+(?:many|much)|hoeveel|what|wat|which|welke?)\b", re.I)


@dataclass
class Sides:
    a: str | None   # the question for the first thing (None: the question itself)
    b: str          # the question for the other thing


def _shared_head(a: str, b: str, terms) -> str:
    """The second of two things named side by side, whole: "the levy for a single household
    or for a larger one" -> "the levy for a larger one": a second side that starts with a
    preposition of the first starts where it does there, and shares what comes before it."""
    first = (tokens(b) or [""])[0]
    at = re.search(rf"\b{re.escape(first)}\b", a, re.I) if first in STOPWORDS and first not in _ARTICLES else None
    return a[:at.start()] + b if at is not None and terms(a[:at.start()]) else b


def split_sides(question: str, q) -> Sides | None:
    """The two sides of a comparison between two things, each as its own question with
    the question's year. "How many more people came in 2021 than left for abroad?" ->
    the question itself and "How many people left for abroad in 2021?"; "Which was
    larger: A, or B?" -> "What is A?" and "What is B?". None when the question compares
    one thing in two years ("than in 2020"), or is not a comparison.

    >>> from assistant.question import analyze
    >>> s = "Hoeveel meer mensen kwamen er in 2021 vanuit het buitenland naar Leiden dan er naar het buitenland vertrokken?"
    >>> split_sides(s, analyze(s, "nl")).b
    'Hoeveel mensen er naar het buitenland vertrokken in 2021?'
    >>> s = "Which was larger in 2022: the number of newcomers from Ukraine, or the number of refugees sheltered?"
    >>> sides = split_sides(s, analyze(s, "en")); sides.a, sides.b
    ('What is the number of newcomers from Ukraine in 2022?', 'What is the number of refugees sheltered in 2022?')
    >>> s = "Which is higher: the levy for a single household, or for a large household?"
    >>> split_sides(s, analyze(s, "en")).b
    'What is the levy for a large household?'
    >>> s = "Did more people move here in 2021 than in 2020?"
    >>> split_sides(s, analyze(s, "en")) is None
    True
    >>> s = "Which had more background checks in total, Ohio or Michigan?"
    >>> sides = split_sides(s, analyze(s, "en")); sides.a, sides.b
    ('Which had more background checks in total: Ohio?', 'Which had more background checks in total: Michigan?')
    >>> s = "Is the share of international master students higher than that of bachelor students?"
    >>> split_sides(s, analyze(s, "en")).b
    'What is share of bachelor students?'
    >>> s = "How many percentage points higher was the share of master students than of bachelor students in 2023?"
    >>> split_sides(s, analyze(s, "en")).a
    'What is the share of master students in 2023?'
    >>> s = "How does the share with a migration background compare to the share with a foreign nationality?"
    >>> sides = split_sides(s, analyze(s, "en")); sides.a, sides.b
    ('What is the share with a migration background?', 'What is the share with a foreign nationality?')
    >>> s = "Is the share with a migration background larger than the share with a foreign nationality?"
    >>> split_sides(s, analyze(s, "en")).a
    'What is the share with a migration background?'
    >>> s = "Which is larger, the share of residents with a migration background or with a foreign nationality?"
    >>> split_sides(s, analyze(s, "en")).b
    'What is the share of residents with a foreign nationality?'
    >>> s = "How many places did the centre have compared to the refugees sheltered in 2022?"
    >>> split_sides(s, analyze(s, "en")).a
    'How many places did the centre have in 2022?'
    >>> s = "What is the difference between the share of internationals in Leiden and in Delft?"
    >>> sides = split_sides(s, analyze(s, "en")); sides.a, sides.b
    ('What is the share of internationals in Leiden?', 'What is the share of internationals in Delft?')
    >>> s = "Hoe groot is het verschil in afvalstoffenheffing tussen Leiden en Delft?"
    >>> split_sides(s, analyze(s, "nl")).b
    'Hoe groot is het verschil in afvalstoffenheffing: Delft?'
    >>> s = "What is the difference between the number of people who came in 2021 and the number who left?"
    >>> split_sides(s, analyze(s, "en")) is None  # the second side leans on the first
    True
    >>> s = "Which is larger? What share has a migration background? What share has a foreign nationality?"
    >>> sides = split_sides(s, analyze(s, "en")); sides.a, sides.b
    ('What share has a migration background?', 'What share has a foreign nationality?')
    >>> s = "What is the difference between a knowledge worker and a labour migrant?"
    >>> split_sides(s, analyze(s, "en")) is None  # not a figure: what sets two words apart
    True
    """
    if not (q.compare or q.difference) or len(q.years) > 1:
        return None
    lang = q.language if q.language in _ASK_WHAT else "en"
    year = next(iter(q.years)) if q.years else None

    def with_year(text: str) -> str:
        return text + (f" in {year}" if year is not None and not YEAR_RE.search(text) else "")

    def terms(text: str) -> list[str]:
        # (a period, "2001-2011", is a time as a year is)
        return [w for w in content_tokens(text) if not YEAR_RE.fullmatch(w) and not w.isdigit()
                and not re.fullmatch(r"\d{4}\s*[-–]\s*\d{2,4}", w)]

    def own_terms(text: str) -> list[str]:
        # (a word for a measure, "the number", "het aandeel", names no thing of its own)
        return [w for w in terms(text) if not MEASURE_WORD.fullmatch(w)]

    asked = [s.strip() + "?" for s in question.split("?") if s.strip()]
    if len(asked) == 3 and len(own_terms(asked[1])) >= 2 and len(own_terms(asked[2])) >= 2 \
            and len(own_terms(asked[0])) <= 1 and len(content_tokens(asked[0])) <= 3:
        # "Which is larger? <question> <question>" (a comparison asked after two
        # questions, with both): each side is one of the two
        return Sides(with_year(asked[1][:-1]) + "?", with_year(asked[2][:-1]) + "?")
    m = _HOW_COMPARE.match(question)
    a = (m.group("a") or m.group("a2")) if m is not None else None
    if m is not None and own_terms(a) and own_terms(m.group("b")):
        # "How does A compare to B?", "Hoe verhoudt A zich tot B?": each asked as its own
        ask = _ASK_WHAT[lang]
        b = _shared_head(a, m.group("b").strip(" ,."), terms)
        return Sides(with_year(f"{ask} {a.strip(' ,')}") + "?", with_year(f"{ask} {b}") + "?")
    m = _OR[lang].search(question)
    if m is not None and terms(m.group("a")) and terms(m.group("b")):
        ask = _ASK_WHAT[lang]
        a, b = m.group("a").strip(" .,"), m.group("b").strip(" .,")
        b = _shared_head(a, b, terms)
        return Sides(with_year(f"{ask} {a}") + "?", with_year(f"{ask} {b}") + "?")
    # (only for figures: "the difference between a knowledge worker and a labour migrant"
    # asks what sets two words apart)
    m = _BETWEEN_SIDES[lang].search(question) if q.wants_number or q.wants_money else None
    if m is not None and terms(m.group("a")) and terms(m.group("b")):
        a, b = m.group("a").strip(" .,"), m.group("b").strip(" .,")
        b = _shared_head(a, b, terms)  # "between the share in Leiden and in Delft"
        if len(own_terms(a)) >= 2 and len(own_terms(b)) >= 2:
            # each side a thing of its own: "the share with a migration background" (not
            # "the number who left", which leans on the first side: not split)
            return Sides(with_year(f"{_ASK_WHAT[lang]} {a}") + "?", with_year(f"{_ASK_WHAT[lang]} {b}") + "?")
        # two names of the head's thing: "the difference in checks between Ohio and Michigan"
        head = m.group("head").strip(" ,")
        if len(terms(head)) >= 2:  # (not just "what is the difference")
            return Sides(with_year(f"{head}: {a}") + "?", with_year(f"{head}: {b}") + "?")
    m = _OR_COMMA[lang].search(question)
    if m is not None:
        a, b = m.group("a").strip(" .,"), m.group("b").strip(" .,")
        b = _shared_head(a, b, terms)
        if len(own_terms(a)) >= 2 and len(own_terms(b)) >= 2:
            return Sides(with_year(f"{_ASK_WHAT[lang]} {a}") + "?", with_year(f"{_ASK_WHAT[lang]} {b}") + "?")
    m = _OR_TAIL[lang].search(question)
    if m is not None and terms(m.group("a")) and terms(m.group("b")) and terms(m.group("head")):
        # each name asked with the question's head: "Which had more checks in total: Ohio?"
        head = m.group("head").strip()
        return Sides(with_year(f"{head}: {m.group('a').strip()}") + "?",
                     with_year(f"{head}: {m.group('b').strip()}") + "?")
    m = _THAN.search(question)
    if m is None:
        return None
    wh = _WH.match(question)
    counting = wh is not None and wh.group("wh").lower().startswith(("how", "hoeveel"))
    other = m.group("b").strip(" .")
    other_terms = terms(other)
    if not other_terms:  # "than in 2020", "dan vorig jaar": the same thing at another time
        return None
    # the thing counted: the word after "more"/"meer" ("more people"), else the first
    # content word after "how many" ("how many people ... than")
    subject = question[wh.end() if wh else 0:m.start()]
    pointer = _POINTER.match(other)
    if pointer is not None:
        # "the share of master students higher than that of bachelor students": "that"
        # is the first side's thing, its first word ("share", "aandeel")
        thing = next((w for w in content_tokens(subject) if not w.isdigit()), "")
        if thing:
            other = f"{thing} {other[pointer.end():]}"
    comp = re.search(r"\b(?:more|fewer|less|meer|minder)\s+([^\W\d_]+)", subject, re.I)
    head_text = comp.group(1) if comp and comp.group(1).lower() in content_tokens(comp.group(1)) else ""
    if not head_text and counting:
        head = next((w for w in content_tokens(subject) if w not in other_terms and not w.isdigit()), "")
        hm = re.search(rf"\b{re.escape(head)}\b", subject, re.I) if head else None
        head_text = hm.group(0) if hm else ""
    # "... than [there] left": the other side is a clause about the same thing, which it
    # needs; "... than births" names its own thing (a counting question keeps the head:
    # the one unit that holds both, "985 births; 1040 deaths", is then found for both)
    first = (tokens(other) or [""])[0]
    if head_text.lower() in other_terms or not (counting or first in STOPWORDS):
        head_text = ""
    if counting:
        ask = wh.group("wh")
    else:
        ask = _ASK_COUNT[lang] if q.wants_number and not q.wants_percent else _ASK_WHAT[lang]
    # "How many places did the centre have compared to the refugees sheltered?": what
    # comes before "compared to" is the first side's own question
    before = question[:m.start()].strip(" ,")
    a = None
    if _COMPARED.match(question, m.start()) and wh is not None and terms(question[wh.end():m.start()]):
        a = with_year(before) + "?"
    elif counting and (how := _HOW_MUCH_MORE.match(before)) and len(own_terms(how.group("thing"))) >= 2:
        # "How many percentage points higher was A than B?": A asked as its own question,
        # as for "Is A larger than B?" below
        a = with_year(f"{_ASK_WHAT[lang]} {how.group('thing').strip(' ,')}") + "?"
    elif wh is None and (verb := YES_NO_START.match(before)) and (cmp := _COMPARING.search(before)):
        # "Is A larger than B?": A asked as its own question, as B is (the question as a
        # whole names both, and its best passage may be B's)
        thing = before[verb.end():cmp.start()].strip(" ,")
        if len(own_terms(thing)) >= 2:
            a = with_year(f"{_ASK_WHAT[lang]} {thing}") + "?"
    return Sides(a, with_year(" ".join(x for x in (ask, head_text, other) if x)) + "?")
