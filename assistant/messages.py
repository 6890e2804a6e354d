"""User-facing strings of the assistant, in Dutch and English.

    >>> t("refusal", "en")
    'The documents do not answer this question.'
"""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "answer_is": {"nl": "Het antwoord is {figures}.", "en": "The answer is {figures}."},
    "answer_to": {
        "nl": "Op de vraag „{subject}” geeft de bron: {figures}.",
        "en": "For “{subject}”, the Dutch source gives {figures}.",
    },
    "answer_to_en_source": {
        "nl": "Op de vraag „{subject}” geeft de (Engelstalige) bron: {figures}.",
        "en": "For “{subject}”, the source gives {figures}.",
    },
    "found_in": {"nl": "Dit staat in {title}:", "en": "This is in {title}:"},
    "found_in_dutch": {
        "nl": "Dit staat in {title}:",
        "en": "This is in {title}, a Dutch source; quoted as written, not translated:",
    },
    "quote_dutch": {"nl": "{quote}", "en": "In Dutch: {quote}"},
    "quote_english": {"nl": "In het Engels: {quote}", "en": "{quote}"},
    "row_english": {"nl": "Uit de Engelstalige tabel: {row}", "en": "{row}"},
    "row_dutch": {"nl": "{row}", "en": "From the Dutch table: {row}"},
    "answer_is_table": {
        "nl": "Volgens de cijfertabel is het antwoord {figures}.",
        "en": "According to the table, the answer is {figures}.",
    },
    "and": {"nl": "en", "en": "and"},
    "from_source": {"nl": "volgens {title}", "en": "according to {title}"},
    "refusal": {
        "nl": "De documenten geven geen antwoord op deze vraag.",
        "en": "The documents do not answer this question.",
    },
    "refusal_year": {
        "nl": "De documenten geven hierover geen cijfer voor {years}.",
        "en": "The documents give no figure on this for {years}.",
    },
    "refusal_number": {
        "nl": "De documenten noemen hierover geen cijfer.",
        "en": "The documents give no figure for this.",
    },
    "closest": {
        "nl": "Het dichtst in de buurt komen deze passages: {list}.",
        "en": "The closest passages are: {list}.",
    },
    "no_index": {
        "nl": "Er zijn nog geen documenten geïndexeerd.",
        "en": "No documents have been indexed yet.",
    },
    "empty_question": {
        "nl": "Stel een vraag over het internationaliseringsbeleid van Leiden.",
        "en": "Ask a question about Leiden's internationalisation policy.",
    },
    "curated_note": {"nl": "(gevalideerd antwoord)", "en": "(validated answer)"},
}

UNIT_LABELS: dict[str, dict[str, str]] = {
    "percent": {"nl": "procent", "en": "percent"},
    "persons": {"nl": "personen", "en": "persons"},
    "people": {"nl": "personen", "en": "people"},
    "places": {"nl": "plaatsen", "en": "places"},
    "pupils": {"nl": "leerlingen", "en": "pupils"},
    "schools": {"nl": "scholen", "en": "schools"},
    "cities": {"nl": "steden", "en": "cities"},
    "years": {"nl": "jaar", "en": "years"},
    "years of age": {"nl": "jaar oud", "en": "years of age"},
    "aims": {"nl": "doelen", "en": "aims"},
    "beds": {"nl": "bedden", "en": "beds"},
    "jobs": {"nl": "banen", "en": "jobs"},
    "days": {"nl": "dagen", "en": "days"},
    "municipalities": {"nl": "gemeenten", "en": "municipalities"},
    "registrations": {"nl": "inschrijvingen", "en": "registrations"},
    "eur": {"nl": "euro", "en": "EUR"},
    "eur per year": {"nl": "euro per jaar", "en": "EUR per year"},
}
# Units that only say what kind of value a row holds; not written after the value.
SILENT_UNITS = frozenset({
    "ratio", "date", "dates", "year", "name", "category", "list", "definition", "frequency",
    "website", "document type", "period", "ranking", "decision number", "trend (no number)",
    "percent (persons)", "resident profiles",
})


def t(key: str, language: str, **kwargs) -> str:
    """The message ``key`` in ``language`` (nl/en), formatted with ``kwargs``."""
    table = MESSAGES[key]
    text = table.get(language) or table["en"]
    return text.format(**kwargs) if kwargs else text


def unit_label(unit: str, language: str) -> str:
    """How a table's unit is written after a value in ``language`` ("" for silent units)."""
    u = (unit or "").strip()
    if not u or u.lower() in SILENT_UNITS:
        return ""
    lab = UNIT_LABELS.get(u.lower())
    return lab[language] if lab else u
