"""The kind of value a question asks for, beyond "a number", and whether a piece of
evidence holds one: an amount of money, a distance, a time of day, a phone number, an
e-mail or web address, a person.

"Hoeveel kost een extra container?" wants an amount of money: a sentence that only says
"eens per vier weken" holds a number but not an answer. The cues are question forms of
Dutch and English and the shapes of the values (currency signs, units of length, clock
times, phone numbers), not words of any subject. The answerability model
(:mod:`assistant.ranker`) reads them as features.

    >>> wanted_kinds("Hoeveel kost een extra grijze container?")
    {'money'}
    >>> sorted(wanted_kinds("What are the opening hours and the phone number of the centre?"))
    ['clock', 'phone']
    >>> holds_kind("Een extra ophaalbeurt kost € 27,50.", "money")
    True
    >>> holds_kind("Eens per vier weken op donderdag.", "money")
    False
    >>> holds_kind("Open van 9.00 tot 17.00 uur.", "clock")
    True
"""
from __future__ import annotations

import re

_CUES: dict[str, re.Pattern] = {
    "money": re.compile(
        r"\b(kost|kosten|kostte|costs?|price|prices|prijs|prijzen|tarief|tarieven|fee|fees|bedrag|bedragen|"
        r"how much (?:does|do|did|is|was|will)\b.*\b(?:cost|pay|charge)|hoeveel (?:betaal|betaalt|betalen)|"
        r"budget|begroting|salaris|salary|loon|wage|rent|huur)\b", re.I),
    "distance": re.compile(r"\b(how far|hoe ver|hoever|afstand|distance|how many (?:kilometres|kilometers|miles))\b", re.I),
    "clock": re.compile(
        r"\b(opening hours|openingstijden|openingsuren|what time|hoe laat|at what time|om hoe laat|"
        r"when (?:is|are) (?:it|they|the \w+) open|wanneer (?:is|zijn) .{0,30}open)\b", re.I),
    "phone": re.compile(r"\b(telefoonnummer|phone number|telephone number|telefoon|phone|bel ik|can i call|bellen)\b", re.I),
    "address": re.compile(r"\b(e-?mail(?:adres)?|website|webadres|web address|url|internetadres)\b", re.I),
    "person": re.compile(r"^\s*(?:wie|who)\b|\b(?:naam van de|name of the)\b", re.I),
}

_SHAPES: dict[str, re.Pattern] = {
    "money": re.compile(r"(€|\$|£|¥|\b(?:eur|euro|euros|usd|dollars?|pounds?|gbp)\b)", re.I),
    "distance": re.compile(
        r"\b\d+(?:[.,]\d+)?\s?(?:km|kilometers?|kilometres?|miles?|mijl|meters?|metres?|m)\b", re.I),
    "clock": re.compile(r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b|\b\d{1,2}\s?(?:uur|u\.|am|pm|a\.m\.|p\.m\.)(?!\w)", re.I),
    "phone": re.compile(r"(?<![\d.,])(?:\+\d{1,3}[\s-]?)?(?:\(?0\d{1,4}\)?[\s-]?)\d{2,4}[\s-]?\d{2,4}(?:[\s-]?\d{2,4})?(?![\d]|[.,]\d)"),
    "address": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\bhttps?://|\bwww\.[\w-]+\.", re.I),
    # two capitalised words in a row that do not start the text: a name ("Jan de Vries" also
    # matches through "Vries" after a lower-case particle is skipped below)
    "person": re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-zà-ÿ]+(?:\s+(?:van|de|der|den|ten|ter|von|le|la)){0,2}\s+[A-Z][a-zà-ÿ]+"),
}

KINDS = tuple(_CUES)


def wanted_kinds(question: str) -> set[str]:
    """The kinds of value ``question`` asks for (empty: none beyond the usual figures)."""
    return {k for k, cue in _CUES.items() if cue.search(question)}


def holds_kind(text: str, kind: str) -> bool:
    """Whether ``text`` holds a value of ``kind``."""
    shape = _SHAPES[kind]
    if kind == "phone":
        return any(sum(ch.isdigit() for ch in m.group(0)) >= 9 for m in shape.finditer(text))
    return bool(shape.search(text))


def kind_match(text: str, kinds: set[str]) -> float:
    """The share of the wanted ``kinds`` that ``text`` holds (1.0 when none is wanted)."""
    if not kinds:
        return 1.0
    return sum(holds_kind(text, k) for k in kinds) / len(kinds)
