"""Numbers in Dutch and English text: find them, normalise them, and guard answers.

Every number is reduced to a canonical string so that the forms a source and an answer
may use compare equal:

=====================================  =================
written                                canonical
=====================================  =================
``13,1%`` / ``13.1 %`` / ``13.1 procent``  ``13.1`` (percent=True)
``130.067`` / ``130,067`` / ``130067``     ``130067``
``1:5`` / ``1 op de 5`` / ``1 in 5`` / ``één op de vijf`` / ``one in five``  ``1:5``
``achthonderd`` / ``eight hundred``     ``800``
``17 september 2020`` / ``2020-09-17``  ``2020-09-17`` (parts ``17``, ``2020``)
=====================================  =================

    >>> [m.canon for m in extract_numbers("Met 13,1% is 1 op de 8 Leidenaren international")]
    ['13.1', '1:8']
    >>> check_numbers("Meer dan 800 [1].", {1: "meer dan achthonderd Oekraïners"}).ok
    True

The guard (:func:`check_numbers`) splits an answer into segments that end in citation
markers ``[n]`` and requires every number of a segment to stand in one of the passages
that segment cites; so a figure that belongs to another passage (12 % on the visie page
versus 13,1 % in the 2023 monitor) fails even when both passages are cited elsewhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# --------------------------------------------------------------------------- words
#
# Written-out numbers are read by text2num (Dutch and English grammars of number words).

from text_to_num import text2num as _text2num

# a year of the last two centuries and this one (the one definition the assistant shares)
YEAR_PATTERN = r"\b(?:1[89]\d\d|20\d\d)\b"  # a year, as a pattern to build others with
YEAR_RE = re.compile(f"({YEAR_PATTERN})")

_EN_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Words that are numbers only in a number context ("een" is also the article "a").
_AMBIGUOUS_ONE = {"een", "eén", "one", "a", "an"}
_NOT_NUMBERS = {"en", "and", "nul"}


def _words_value(word: str, lang: str) -> int | None:
    w = word.lower()
    # one letter is no number word (text2num reads "o" as zero, as in a phone number
    # read out; in writing it is the "o" of "t.o.v.")
    if len(w) < 2 or w in _NOT_NUMBERS or not w.replace("-", "").isalpha():
        return None
    try:
        v = _text2num(w, lang)
    except (ValueError, IndexError, KeyError):
        return None
    return int(v) if isinstance(v, int) else None


@lru_cache(maxsize=4096)
def parse_dutch_number_word(word: str) -> int | None:
    """Value of one Dutch number word (``achthonderd`` -> 800, ``vijfendertig`` -> 35,
    ``tweeduizend`` -> 2000), or None."""
    return _words_value(word.replace("-", ""), "nl")


@lru_cache(maxsize=4096)
def _en_word_value(tok: str) -> int | None:
    """Value of one English number word below a hundred ("seven", "forty-two")."""
    v = _words_value(tok, "en")
    return v if v is not None and v < 100 else None


# --------------------------------------------------------------------------- digits

_MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
MONTH_RE = _MONTH_RE  # the month names as one alternation (longest first)
MONTH_NAMES = frozenset(_MONTHS)
_WORD_RE = re.compile(r"[^\W\d_]+")


def months_in(text: str) -> set[int]:
    """The months a text names (Dutch or English; "may" only as "May", the month).

    >>> sorted(months_in("How did it change from October to November 2015?"))
    [10, 11]
    >>> months_in("How many people may come in mei?")
    {5}
    >>> sorted(months_in("2022 (Sept); 3 Oct. 2021")), months_in("Jan de Vries")
    ([9, 10], set())
    """
    found = {_MONTHS[w.lower()] for w in _WORD_RE.findall(text)
             if w.lower() in _MONTHS and (w.lower() != "may" or w == "May")}
    # a month abbreviated ("Sept", "okt."), only next to a number or in brackets: "Jan" is
    # also a name
    found |= {_MONTH_ABBR[m.group(1).lower()] for m in _ABBR_RE.finditer(text)}
    return found


def month_words(month: int) -> set[str]:
    """The names of a month (1-12) in both languages, with their short forms.

    >>> sorted(month_words(3))
    ['maart', 'mar', 'march', 'mrt']
    """
    return {w for w, n in (*_MONTHS.items(), *_MONTH_ABBR.items()) if n == month}


_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12}
_ABBR_RE = re.compile(r"(?:(?<=\d )|(?<=\())(" + "|".join(_MONTH_ABBR) + r")\b\.?(?=\s*\)|\s*\d)", re.I)

# Thousands grouped by a space ("180 116", also a no-break or thin space), as in many
# printed tables: one number when no other digits stand right before or after it (a
# line of space-separated columns, "0 859 100 12", stays separate numbers).
_GAP = "[ \u00a0\u202f]"
_SPACED = rf"(?<!\d{_GAP})[1-9]\d{{0,2}}(?:{_GAP}\d{{3}})+(?!{_GAP}?\d)(?:[.,]\d+)?"
_NUM = rf"(?:{_SPACED}|\d+(?:[.,]\d+)*)"
_PCT = r"(?:\s?%|\s+(?:procent|percent|per\s?cent)\b)"
_RATIO_SEP = r"(?:\s*:\s*|\s+op\s+de\s+|\s+op\s+|\s+in\s+|\s+out\s+of\s+|\s+of\s+every\s+)"

_WORD = r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)?"


@lru_cache(maxsize=65536)  # the same figures (years above all) come back in text after text
def canon_decimal(raw: str) -> str | None:
    """``13,1`` -> ``13.1``; ``130.067`` / ``130,067`` -> ``130067``; ``20.0233`` stays.

    A separator followed by exactly three digits is a thousands separator when the
    first group has one to three digits and is not ``0``; otherwise it is a decimal
    point (Dutch comma or English point alike)."""
    s = re.sub(_GAP, "", raw.strip())
    if not s:
        return None
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        # the later one is the decimal separator
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        s = s.replace(thou, "").replace(dec, ".")
    elif has_dot or has_comma:
        sep = "." if has_dot else ","
        groups = s.split(sep)
        if len(groups) > 2 or (
            len(groups[-1]) == 3 and 1 <= len(groups[0]) <= 3 and groups[0] != "0"
            and all(len(g) == 3 for g in groups[1:])
        ):
            if all(len(g) == 3 for g in groups[1:]):
                s = "".join(groups)
            else:
                return None
        else:
            s = groups[0] + "." + groups[1]
    try:
        d = Decimal(s)
    except InvalidOperation:
        return None
    if d == d.to_integral():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


@dataclass(frozen=True)
class NumberMention:
    """One number found in a text.

    canon    canonical value: "13.1", "130067", "1:8", "2020-09-17"
    kind     "number" | "ratio" | "date"
    percent  written with %, procent or percent
    start, end  character span in the text
    text     the text as written
    parts    canonical numbers the mention also stands for (a date's day and year,
             a ratio's two sides)
    words    written out in words ("achthonderd")
    label    part of a label, not a figure: a group of a dotted number such as a
             section or version number ("1.3.4", "2.5.10")
    """

    canon: str
    kind: str
    start: int
    end: int
    text: str
    percent: bool = False
    parts: tuple[str, ...] = ()
    words: bool = False
    label: bool = False
    negative: bool = False  # a minus sign before it ("-0.47"): canon stays the digits

    @property
    def signed(self) -> float:
        """The value with its sign (a number's canon, not a ratio's or a date's)."""
        v = float(self.canon)
        return -v if self.negative else v

    @property
    def yearlike(self) -> bool:
        """A whole number that may be a year ("1988"); one written with a thousands
        separator ("1,957", "1 957") is a count, never a year.

        >>> [m.yearlike for m in extract_numbers("In 1988: 1,957 checks")]
        [True, False]
        """
        return self.kind == "number" and self.canon.isdigit() and YEAR_RE.fullmatch(self.canon) is not None \
            and not _GROUPED.search(self.text)


# digits in groups of three ("1,957", "1 957", "1.957"): how a count is written, not a year
_GROUPED = re.compile(r"\d[,.\s\u00a0\u202f]\d{3}")
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\s+(\d{{4}})\b", re.I)
_DATE_MDY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})\s?,?\s+(\d{{4}})\b", re.I)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# a date in figures, day first as Dutch (and most European) texts write it: "31/12/2017",
# "15-10-2015", "17.09.2020" (month first only where the day cannot be the month: "12/31/2017")
_DATE_NUMERIC = re.compile(r"(?<![\w./-])(\d{1,2})([/.-])(\d{1,2})\2((?:19|20)\d\d)(?![\w/-]|[.,]\d)")
_WORDNUM = (
    r"(?:\d+|één|eén|een|one|[a-z]*(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tig|honderd|duizend)"
    r"|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)"
)
_RATIO = re.compile(rf"(?<![\w.,])({_WORDNUM}){_RATIO_SEP}({_WORDNUM})\b(?![.,]\d)", re.I)
_DAY_BEFORE_MONTH = re.compile(rf"(?:\s*[-–]\s*\d{{1,2}})?\s+(?:{_MONTH_RE})\b", re.I)
_DIGITS = re.compile(rf"(?<![\w.,])({_NUM})({_PCT})?(?!\w)", re.I)
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
# a minus sign (hyphen, minus, or the en dash typeset tables use) and what may stand
# before it for it to be a sign, not a hyphen or a range's dash
_MINUS = "-\u2212\u2013"
_BEFORE_SIGN = " \t\n\u00a0(:;=\"'“„[/|"

_PCT_AFTER = re.compile(_PCT, re.I)
_MARKER = re.compile(r"\[\d+\]")
# Cheap tests that let most texts skip the slow patterns (each a necessary condition of
# a match, with the same flags, so the result is the same): a month name for the dates
# and days; for a ratio, the position of its separator (the colon, or the whitespace
# right before "op", "in", "out", "of"). _RATIO tried at every position costs more than
# all the other patterns together; a ratio's left side is a word run right before its
# separator, so it is tried only at the start of that run.
_MONTH_HINT = re.compile(_MONTH_RE, re.I)
# the characters other than A-Z that re.I matches with a letter a-z (sre's case folding:
# "İ" and "ı" with i, "ſ" with s, the Kelvin sign with k)
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")
_RATIO_HINT = re.compile(r":|\s(?=(?:op|in|out|of)\s)", re.I)


def _word_or_digit_value(tok: str) -> int | None:
    if tok.isdigit():
        return int(tok)
    t = tok.lower()
    if t in ("een", "één", "eén", "one", "a", "an"):
        return 1
    v = parse_dutch_number_word(t)
    if v is None:
        v = _en_word_value(t)
    return v


def _ratio_matches(text: str):
    """What ``_RATIO.finditer(text)`` gives, found from the separators' positions. A
    match's left side is a run of word characters (not after a word character, a point
    or a comma) that ends where its separator's whitespace or colon begins, so for each
    separator there is one place where a match can start; those places come in the
    order of the separators, and a match ends after its separator."""
    pos = 0
    for h in _RATIO_HINT.finditer(text):
        e = h.start()
        while e > 0 and text[e - 1].isspace():
            e -= 1
        p = e
        while p > 0 and (text[p - 1].isalnum() or text[p - 1] == "_"):
            p -= 1
        if p == e or p < pos:
            continue
        m = _RATIO.match(text, p)
        if m is not None:
            yield m
            pos = m.end()


@lru_cache(maxsize=65536)
def _word_start(low: str) -> tuple[int | None, bool]:
    """(the Dutch value of the lower-case word ``low``, whether a number in words can
    start with it): a Dutch number word, an English one below a hundred, or "a"/"an"
    (before a scale word). A word that is none of these ends the English reading at
    once, so the loop below skips it."""
    v = parse_dutch_number_word(low)
    return v, v is not None or _en_word_value(low) is not None or low in ("a", "an")


@lru_cache(maxsize=65536)
def _token_starts(token: str) -> bool:
    return _word_start(token.lower())[1]


def _has_month(text: str) -> bool:
    """Whether ``_MONTH_HINT`` finds a month name in ``text``: without the characters
    that re.I folds to a-z, the lower-cased text holds one exactly when it does (a
    substring test is several times faster than the pattern)."""
    if _FOLDS_TO_ASCII.isdisjoint(text):
        low = text.lower()
        return any(m in low for m in _MONTHS)
    return _MONTH_HINT.search(text) is not None


# a capitalised word inside a sentence (after a word, a comma or a bracket), and a whole
# number right after it that closes the sentence or a clause: "Kringloopweg 12.",
# "(Stadswinkel, Marktplein 1)"
_NAME_BEFORE = re.compile(r"[\w,;()] +([A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*) $")
_CLAUSE_END = re.compile(r"(?:[.,;)](?!\d)|\s*$)")


def _names_number(text: str, start: int, end: int, canon: str) -> bool:
    """A whole number that is part of a name (a house number: "Kringloopweg 12."), not a
    figure: it follows a capitalised word inside a sentence and ends the sentence or a
    clause. A year ("in de Monitor 2023.") and a day after a month are figures.

    >>> [(m.canon, m.label) for m in extract_numbers("Recycling centre Kringloopweg 12. Open daily.")]
    [('12', True)]
    >>> [(m.canon, m.label) for m in extract_numbers("De inwoners van Oosterwold 64 kilo, in Leiden 2023.")]
    [('64', False), ('2023', False)]
    """
    if not canon.isdigit() or (len(canon) == 4 and 1800 <= int(canon) <= 2100):
        return False
    m = _NAME_BEFORE.search(text, max(0, start - 60), start)
    if m is None or m.group(1).lower() in _MONTHS:
        return False
    return _CLAUSE_END.match(text, end) is not None


# a code in capitals right before a number names a standard, a version or a form
# ("EN 301 549", "ISO 9001", "WCAG 2.1"), except a currency's ("EUR 15")
_CODE_BEFORE = re.compile(r"(?:^|[\s(])([A-Z]{2,6}) $")
_CURRENCY_CODES = frozenset({"EUR", "USD", "GBP", "CHF", "JPY", "CNY", "AUD", "CAD", "SEK", "NOK", "DKK", "PLN",
                             "INR", "NZD", "HKD", "SGD", "ZAR", "BRL", "MXN", "TRY", "RUB", "CZK", "HUF"})


# the words of a document's structure before a number that names its part: "version 2.1",
# "artikel 12", "hoofdstuk 3", "table 4", "criterion 1.3.4" (closed-class words of documents)
IDENTIFIER_WORDS = (r"versie|version|release|artikel|article|hoofdstuk|chapter|paragraaf|section|sectie|bijlage|"
                    r"appendix|tabel|table|figuur|figure|criterium|criterion|succescriterium|success\s+criterion")
# (not "figure": in English prose "the figure 3,600" is a figure)
_PART_BEFORE = re.compile(rf"\b(?:{IDENTIFIER_WORDS.replace('|figure|', '|')})\s+$", re.I)


def _names_part(text: str, start: int) -> bool:
    """The number names a part of a document ("Een volledig overzicht is opgenomen in
    hoofdstuk 4."): a label, not a figure.

    >>> [(m.canon, m.label) for m in extract_numbers("opgenomen in hoofdstuk 4, met 12 tabellen; zie Table 2")]
    [('4', True), ('12', False), ('2', True)]
    """
    return _PART_BEFORE.search(text, max(0, start - 30), start) is not None


def _after_code(text: str, start: int) -> bool:
    """The number follows a code in capitals ("EN 301 549", "WCAG 2.1"): part of a name.

    >>> [(m.text, m.label) for m in extract_numbers("opgenomen in standaard EN 301 549, kosten EUR 15")]
    [('301 549', True), ('15', False)]
    """
    if re.fullmatch(r"(?:18|19|20)\d\d", text[start:start + 5].rstrip(" .,;:)")):
        return False  # a year ("CBS 2021") is a time, not a name
    m = _CODE_BEFORE.search(text, max(0, start - 8), start)
    return m is not None and m.group(1) not in _CURRENCY_CODES


# a telephone number in groups of digits ("Call the Waste Line on 14 0529", "bel 071 516
# 5000") is one number, and a name rather than a figure: the cue words of both languages
_PHONE_CUE = re.compile(r"\b(?:call|phone|telephone|tel|bel|bellen|belt|telefoon|telefoonnummer|telefonisch|"
                        r"whatsapp|fax)\b", re.I)
_PHONE = re.compile(r"(?<![\w.,])\+?\d{1,4}(?:[ \-]\d{2,4}){1,4}(?![\w.,]\d)")


def extract_numbers(text: str) -> list[NumberMention]:
    """All numbers in ``text`` (digits, words, ratios, dates), in order of position.

    Citation markers like ``[3]`` are skipped. Ranges ("18-39") give two numbers. The
    Dutch article "een" and English "one"/"a" count only inside a ratio or before a
    scale word ("een miljoen")."""
    if not text:
        return []
    taken = bytearray(len(text) + 1)  # 1 = part of a number found (or of a marker)
    found: list[NumberMention] = []

    def free(a: int, b: int) -> bool:
        return taken.find(1, a, b) < 0

    def take(m: NumberMention) -> None:
        taken[m.start:m.end] = b"\1" * (m.end - m.start)
        found.append(m)

    for mk in _MARKER.finditer(text) if "[" in text else ():
        taken[mk.start():mk.end()] = b"\1" * (mk.end() - mk.start())

    has_month = _has_month(text)
    for rx, order in ((_DATE_DMY, "dmy"), (_DATE_MDY, "mdy")) if has_month else ():
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if order == "dmy":
                d, mon, y = int(m.group(1)), _MONTHS[m.group(2).lower()], int(m.group(3))
            else:
                mon, d, y = _MONTHS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
            if not 1 <= d <= 31:
                continue
            take(NumberMention(f"{y:04d}-{mon:02d}-{d:02d}", "date", m.start(), m.end(),
                               m.group(0), parts=(str(d), str(y))))
    for m in _DATE_NUMERIC.finditer(text):
        if not free(m.start(), m.end()):
            continue
        a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
        d, mon = (a, b) if 1 <= b <= 12 else (b, a)
        if 1 <= mon <= 12 and 1 <= d <= 31:
            take(NumberMention(f"{y:04d}-{mon:02d}-{d:02d}", "date", m.start(), m.end(),
                               m.group(0), parts=(str(d), str(mon), str(y))))
    for m in _DATE_ISO.finditer(text) if "-" in text else ():
        if not free(m.start(), m.end()):
            continue
        y, mon, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mon <= 12 and 1 <= d <= 31:
            take(NumberMention(f"{y:04d}-{mon:02d}-{d:02d}", "date", m.start(), m.end(),
                               m.group(0), parts=(str(d), str(y))))

    for cue in _PHONE_CUE.finditer(text):
        m = _PHONE.search(text, cue.end(), min(len(text), cue.end() + 50))
        if m is not None and free(m.start(), m.end()):
            take(NumberMention(re.sub(r"\D", "", m.group(0)), "number", m.start(), m.end(), m.group(0), label=True))

    for m in _ratio_matches(text):
        if not free(m.start(), m.end()):
            continue
        sep = text[m.end(1):m.start(2)].strip().lower()
        a, b = _word_or_digit_value(m.group(1)), _word_or_digit_value(m.group(2))
        if a is None or b is None or b == 0:
            continue
        if sep != ":":
            # "1 in 5", "1 op de 8": the left side is one (or a small count), the right
            # side a small denominator, never a year ("3065 in 2021").
            if not (1 <= a <= 10 and a < b <= 1000):
                continue
        else:
            if not (1 <= a <= 100 and 1 <= b <= 10000):
                continue
            # a time of day like 10:30 is not a ratio
            if len(m.group(2)) == 2 and m.group(2).isdigit() and m.group(2).startswith(("0", "3")) and a > 1:
                continue
        words = not (m.group(1).isdigit() and m.group(2).isdigit())
        take(NumberMention(f"{a}:{b}", "ratio", m.start(), m.end(), m.group(0),
                           parts=(str(a), str(b)), words=words))

    for m in _DIGITS.finditer(text):
        if not free(m.start(), m.end()):
            continue
        raw = m.group(1)
        canon = canon_decimal(raw)
        if canon is None:
            # "1.2.3" style (a section or version number): the digit groups, marked as
            # a label's, so that a text quoting it still has its numbers
            for g in re.finditer(r"\d+", raw):
                take(NumberMention(str(int(g.group(0))), "number", m.start(1) + g.start(),
                                   m.start(1) + g.end(), g.group(0), label=True))
            continue
        start, negative = m.start(), False
        if start and text[start - 1] in _MINUS and (start == 1 or text[start - 2] in _BEFORE_SIGN) \
                and canon.strip("0.") and free(start - 1, start):
            # "-0.47", "−1.2%": a sign right before the digits, after a space or the start
            # of a cell (not "2001-2011", a range). The canon stays the digits: a text
            # that says "shrank by 1022" cites the "-1022" of a table
            start, negative = start - 1, True
        take(NumberMention(canon, "number", start, m.end(), text[start:m.end()],
                           percent=bool(m.group(2)), negative=negative,
                           label=not m.group(2) and not negative and (_names_number(text, start, m.end(), canon)
                                                                       or _after_code(text, start)
                                                                       or _names_part(text, start))))

    # number words: single Dutch compound words, English word sequences
    if any(map(_token_starts, _TOKEN.findall(text))):
        toks = [t for t in _TOKEN.finditer(text) if free(t.start(), t.end())]
    else:  # no word of the text is a number word (or "a"/"an"): nothing to read
        toks = []
    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.group(0).lower()
        v, starts = _word_start(low)
        if not starts:  # neither a Dutch nor an English number word can start here
            i += 1
            continue
        if v is not None and low not in _AMBIGUOUS_ONE:
            end = t.end()
            pm = _PCT_AFTER.match(text, end)
            pct = bool(pm)
            if pm:
                end = pm.end()
            take(NumberMention(str(v), "number", t.start(), end, text[t.start():end],
                               percent=pct, words=True))
            i += 1
            continue
        # English: [one..ninety-nine] [hundred [and] [..]] [thousand ...]
        total, current, j, used = 0, 0, i, False
        while j < len(toks):
            w = toks[j].group(0).lower()
            if j > i and text[toks[j - 1].end():toks[j].start()].strip() not in ("", "-"):
                break
            wv = _en_word_value(w)
            if wv is not None and (w not in _AMBIGUOUS_ONE or (
                j + 1 < len(toks) and toks[j + 1].group(0).lower() in _EN_SCALES)):
                current += wv
                used = True
            elif w in ("a", "an") and j + 1 < len(toks) and toks[j + 1].group(0).lower() in _EN_SCALES:
                current += 1
            elif w in _EN_SCALES and (used or current):
                scale = _EN_SCALES[w]
                if scale == 100:
                    current = max(current, 1) * 100
                else:
                    total += max(current, 1) * scale
                    current = 0
                used = True
            elif w == "and" and used and j + 1 < len(toks) and _en_word_value(toks[j + 1].group(0).lower()) is not None:
                pass
            else:
                break
            j += 1
        if used and j > i:
            end = toks[j - 1].end()
            pm = _PCT_AFTER.match(text, end)
            pct = bool(pm)
            if pm:
                end = pm.end()
            take(NumberMention(str(total + current), "number", t.start(), end,
                               text[t.start():end], percent=pct, words=True))
            i = j
            continue
        i += 1

    # a number right before a month name is a day ("8-10 June", "26 mei"), not a count
    for i, m in enumerate(found if has_month else ()):
        if m.kind == "number" and _DAY_BEFORE_MONTH.match(text, m.end):
            found[i] = NumberMention(m.canon, "day", m.start, m.end, m.text, m.percent, m.parts, m.words)
    found.sort(key=lambda m: m.start)
    return found


def number_values(text: str, with_parts: bool = True) -> set[str]:
    """The canonical numbers of ``text`` (with the parts of dates and ratios)."""
    out: set[str] = set()
    for m in extract_numbers(text):
        out.add(m.canon)
        if with_parts:
            out.update(m.parts)
    return out


def normalize_number(s: str) -> list[tuple[str, bool]]:
    """The canonical (value, percent) pairs written in a short string such as a gold
    answer number: ``"13,1%"`` -> ``[("13.1", True)]``; ``"1 op de 8"`` -> ``[("1:8", False)]``.
    A bare word number ("achthonderd") counts; so does a lone "één"/"one"."""
    ms = extract_numbers(s)
    if not ms:
        v = _word_or_digit_value(s.strip().lower())
        return [(str(v), False)] if v is not None else []
    return [(m.canon, m.percent) for m in ms]


def contains_number(text: str, gold: str) -> bool:
    """Whether ``text`` contains the number(s) of ``gold`` after normalising. A gold
    percentage must be written as a percentage in the text (%, procent, percent)."""
    wanted = normalize_number(gold)
    if not wanted:
        return gold.strip().lower() in text.lower()
    mentions = extract_numbers(text)
    have_pct = {m.canon for m in mentions if m.percent}
    have = set()
    for m in mentions:
        have.add(m.canon)
        have.update(m.parts)
    for canon, pct in wanted:
        if pct and canon not in have_pct:
            return False
        if canon not in have:
            return False
    return True


# --------------------------------------------------------------------------- guard

_SEGMENT = re.compile(r"((?:\s*\[\d+\])+)")


@dataclass
class GuardResult:
    ok: bool
    unsupported: list[str] = field(default_factory=list)  # numbers with no citing passage

    def __bool__(self) -> bool:  # pragma: no cover - convenience
        return self.ok


def check_numbers(answer: str, passages: dict[int, str], allowed: set[str] | None = None,
                  values: dict[int, set[str]] | None = None) -> GuardResult:
    """Check that every number in ``answer`` stands in a passage it cites.

    ``passages`` maps marker numbers to the cited passage texts. The answer is split
    into segments, each closed by one or more markers ``[n]``; the numbers of a segment
    must be found in one of the passages of its own markers. Text after the last marker
    (and a segment whose markers cite nothing known) is checked against all passages.
    ``allowed`` are canonical numbers that need no support (none by default); ``values``
    the passages' numbers when read already (number_values of each: a caller that checks
    many short texts against the same passages reads them once)."""
    allowed = allowed or set()
    if values is None:
        values = {n: number_values(t) for n, t in passages.items()}
    everything: set[str] = set().union(*values.values()) if values else set()
    bad: list[str] = []
    parts = _SEGMENT.split(answer)
    # parts: text, markers, text, markers, ..., text
    for i in range(0, len(parts), 2):
        seg = parts[i]
        markers = parts[i + 1] if i + 1 < len(parts) else ""
        ns = [int(x) for x in re.findall(r"\d+", markers)]
        support: set[str] = set()
        for n in ns:
            support |= values.get(n, set())
        if not ns or not support:
            support = everything
        for m in extract_numbers(seg):
            if m.canon in allowed or m.canon in support:
                continue
            # a date is supported by the same date only; a ratio by the same ratio
            bad.append(m.text)
    return GuardResult(ok=not bad, unsupported=bad)


def digits_for_words(text: str, language: str = "nl") -> str:
    """Add digits after numbers written in words: ``meer dan achthonderd`` ->
    ``meer dan achthonderd (800)``; ``één op de vijf`` -> ``één op de vijf (1 op de 5)``."""
    out, last = [], 0
    for m in extract_numbers(text):
        if not m.words:
            continue
        out.append(text[last:m.end])
        if m.kind == "ratio":
            a, b = m.canon.split(":")
            out.append(f" ({a} {'in' if language == 'en' else 'op de'} {b})")
        else:
            out.append(f" ({m.canon}{'%' if m.percent else ''})")
        last = m.end
    out.append(text[last:])
    return "".join(out)
