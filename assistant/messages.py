"""User-facing strings of the answers, in Dutch and English.

    >>> t("refusal", "en")
    'The documents do not answer this question.'
"""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "event_year": {"nl": "(Dat jaar is {year}: {quote} [{n}].)", "en": "(That year is {year}: {quote} [{n}].)"},
    "according": {"nl": "Volgens {title}{year}: {figures}.", "en": "According to {title}{year}: {figures}."},
    "according_quote": {"nl": "Volgens {title}{year}: {quote} [{n}]", "en": "According to {title}{year}: {quote} [{n}]"},
    "sources_differ": {
        "nl": "De bronnen geven verschillende cijfers: {items}.",
        "en": "The sources give different figures: {items}.",
    },
    "per_source": {"nl": "volgens {title}", "en": "according to {title}"},
    "series": {"nl": "Ontwikkeling van {label}: {points}.", "en": "How {label} developed: {points}."},
    "change": {"nl": "Verandering {y1}–{y2}: {calc}.", "en": "Change {y1}–{y2}: {calc}."},
    "the_figure": {"nl": "het cijfer", "en": "the figure"},
    "more_than": {"nl": "{a} is meer dan {b}.", "en": "{a} is more than {b}."},
    "difference": {"nl": "Verschil: {calc}.", "en": "Difference: {calc}."},
    "relative": {"nl": "Relatieve verandering: {calc}.", "en": "Relative change: {calc}."},
    "ranking": {"nl": "Van hoog naar laag: {items}.", "en": "From high to low: {items}."},
    "quote_in_nl": {"nl": "{quote}", "en": "In Dutch: {quote}"},
    "quote_in_en": {"nl": "In het Engels: {quote}", "en": "{quote}"},
    "row_in_en": {"nl": "Uit de Engelstalige tabel: {row}", "en": "{row}"},
    "row_in_nl": {"nl": "{row}", "en": "From the Dutch table: {row}"},
    "note": {"nl": "toelichting", "en": "note"},
    "and": {"nl": "en", "en": "and"},
    "refusal": {
        "nl": "De documenten geven geen antwoord op deze vraag.",
        "en": "The documents do not answer this question.",
    },
    "closest": {
        "nl": "Wel verwant zijn deze passages: {list}.",
        "en": "Related passages that do not answer it: {list}.",
    },
    "no_index": {
        "nl": "Er zijn nog geen documenten geïndexeerd.",
        "en": "No documents have been indexed yet.",
    },
    "empty_question": {
        "nl": "Stel een vraag over de documenten.",
        "en": "Ask a question about the documents.",
    },
    "curated_note": {"nl": "(gevalideerd antwoord)", "en": "(validated answer)"},
}


def t(key: str, language: str, **kwargs) -> str:
    """The message ``key`` in ``language`` (nl/en), formatted with ``kwargs``."""
    table = MESSAGES[key]
    text = table.get(language) or table["en"]
    return text.format(**kwargs) if kwargs else text
