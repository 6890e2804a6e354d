"""What the chat shows for one :class:`~assistant.types.Answer`: plain data that ``app.py``
renders without deciding anything (this module knows nothing of Streamlit).

    >>> from assistant.types import Answer, Citation
    >>> row = Citation(n=1, source="t.csv", title="Facts", page=None, locator="row 3", score=0.9,
    ...                text="Facts — measure: inhabitants; year: 2024; value: 130067", url=None, kind="table_row")
    >>> a = Answer("q", "en", True, "Leiden had 130067 inhabitants [1].", citations=[row])
    >>> v = answer_view(a, "en", turn_id="t1")
    >>> v.lead_md
    'Leiden had 130067 inhabitants [\\\\[1\\\\]](#vb-t1-1)\\\\.'
    >>> [(c.n, c.open, c.table_title, c.rows[2]) for c in v.cards]
    [(1, True, 'Facts', ('value', ':orange-background[**130067**]'))]

* The **lead** is the answer's first paragraph (``Answer.lead``, else the text up to the
  first line break); its ``[n]`` markers are links ``#vb-<turn>-<n>`` that the page's
  script turns into "open card n".
* One **card** per cited passage, in marker order, the first one open. A table row is a
  small two-column table (column, value) under the table's title, never ``key: value``
  text; prose is the passage with the numbers the answer cites from it highlighted
  (never a number inside a link).
* **Titles** are the documents' own; a file name anywhere in a passage (a table's notes
  naming the file a figure comes from) is replaced by that file's title, and a title that
  is only a generated upload name falls back to a readable file name.
* A **series** becomes chart points (year, value, source) for a line chart and its table.
* A **refusal** keeps its first sentence (the related passages are cards, not text),
  shows only related passages at or above :data:`RELATED_MIN_SCORE`, and the contact
  points of the deployment (:func:`load_contacts`).
* **Copy**: the lead and its sources as Markdown, ready for a memo.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from assistant import ui_text as ui
from assistant.evidence import parse_row
from assistant.numbers import extract_numbers
from assistant.types import Answer, Citation
from messages import t

# A related passage is shown with a refusal only when the evidence ranker gives it at least
# this probability of answering a question like it (the ranker's scores are calibrated
# probabilities; below one in five the "related" passages of an off-topic question were
# unrelated sentences in every case we looked at).
RELATED_MIN_SCORE = 0.2
CONTACTS_FILE = "contacts.toml"

_MARKER = re.compile(r"\[(\d+)\]")
_URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+")
# Generated names: "000_ff2256da419d7abb.txt", an upload folder "uploads/3fa4c2d1e9/…".
_GENERATED = re.compile(r"(?i)(?:^|/)(?:\d{3}_)?[0-9a-f]{10,}(?:\.\w{1,5})?$")
_HEX_DIR = re.compile(r"(?i)^(?:.*/)?[0-9a-f]{10,}/")


@dataclass
class Card:
    n: int
    key: str                 # widget key; the page finds the card by its CSS class st-key-<key>
    label: str               # inert Markdown: [n] title · page/row · year
    open: bool
    url: str | None
    text_md: str = ""        # prose: escaped passage with cited numbers highlighted
    table_title: str = ""    # table row: the table's title (plain text)
    rows: list[tuple[str, str]] = field(default_factory=list)  # (column, value Markdown), escaped

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


@dataclass
class Point:
    year: int
    value: float
    value_text: str
    n: int
    source: str              # human title of the cited source
    label: str


@dataclass
class Contact:
    name: str
    url: str | None
    detail: str = ""


@dataclass
class AnswerView:
    answerable: bool
    lead_md: str
    cards: list[Card]
    copy_md: str
    points: list[Point] = field(default_factory=list)
    unit: str = ""
    contacts: list[Contact] = field(default_factory=list)
    filters_active: bool = False


# --------------------------------------------------------------------------- titles

def readable_name(source: str) -> str:
    """A file name fit to show: the upload folder dropped, extension and separators gone.

        >>> readable_name("uploads/3fa4c2d1e9/kwakelfonds-note.md")
        'kwakelfonds note'
    """
    base = _HEX_DIR.sub("", source or "").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return " ".join(re.split(r"[-_]+", stem)).strip() or base


def human_title(title: str | None, source: str) -> str:
    """The document's title; a generated name (hash) is never shown as one."""
    title = (title or "").strip()
    if title and not _GENERATED.search(title) and title != source:
        return title
    if _GENERATED.search(source.rsplit("/", 1)[-1]):
        return "Document"  # the same word in Dutch and English
    return readable_name(source)


def replace_sources(text: str, titles: dict[str, str]) -> str:
    """Every file name of ``titles`` in ``text`` replaced by its title (a table's notes
    often name the file a figure was taken from)."""
    for source in sorted(titles, key=len, reverse=True):
        base = source.rsplit("/", 1)[-1]
        if base and base in text:
            text = text.replace(base, titles[source])
    return text


# --------------------------------------------------------------------------- markers and highlights

def linked_markdown(text: str, prefix: str) -> str:
    """``text`` as inert Markdown whose ``[n]`` markers link to ``#<prefix>-<n>``."""
    def esc(seg: str) -> str:
        if not seg.strip():
            return " " if seg else ""
        return (" " if seg[0].isspace() else "") + ui.md_escape_inline(seg) + (" " if seg[-1].isspace() else "")

    out, pos = [], 0
    for m in _MARKER.finditer(text or ""):
        out.append(esc(text[pos:m.start()]))
        out.append(f"[\\[{m.group(1)}\\]](#{prefix}-{m.group(1)})")
        pos = m.end()
    out.append(esc((text or "")[pos:]))
    return "".join(out).strip()


def cited_spans(text: str, values: set[str]) -> list[tuple[int, int]]:
    """Spans of the numbers in ``text`` that the answer cites (``values``), never one
    inside a link or web address."""
    urls = [m.span() for m in _URL.finditer(text)]
    return [(a, b) for a, b in ui.cited_number_spans(text, values)
            if not any(ua <= a < ub for ua, ub in urls)]


def _highlight(text: str, values: set[str]) -> str:
    return ui.highlighted_markdown(text, cited_spans(text, values))


# --------------------------------------------------------------------------- cards

def _cell(value: str, values: set[str]) -> str:
    """A table cell; its cited numbers are highlighted only when the cell is a figure
    (what is left without them is a few characters: "13.1", ">800", "130067 persons"),
    not a label or a note that happens to hold the same number ("monitor 2023 summary")."""
    spans = cited_spans(value, values)
    rest = value
    for a, b in sorted(spans, reverse=True):
        rest = rest[:a] + rest[b:]
    if len(re.sub(r"\W", "", rest)) > 12:
        spans = []
    return ui.highlighted_markdown(value, spans)


def place_label(c: Citation, lang: str) -> str:
    """Page or table row, and year, in the interface language (plain text)."""
    parts = []
    locator = (c.locator or "").strip()
    page = c.page_label or c.page
    if page is not None and not re.match(r"p\. ", locator):
        parts.append(t("page", lang, page=page))
    if locator:
        parts.append(ui.locator_label(locator, lang))
    if c.year:
        parts.append(t("year", lang, year=c.year))
    return " · ".join(str(p) for p in parts)


def card_for(c: Citation, answer_text: str, lang: str, titles: dict[str, str], key: str,
             open_: bool, highlight: bool = True) -> Card:
    title = human_title(c.title, c.source)
    place = place_label(c, lang)
    label = f"\\[{int(c.n)}\\] " + ui.md_escape_inline(" · ".join(p for p in (title, place) if p))
    values = ui.numbers_cited_from(answer_text, c.n) if highlight else set()
    card = Card(n=c.n, key=key, label=label, open=open_, url=ui.safe_url(c.url))
    if c.kind == "table_row":
        table, fields = parse_row(c.text)
        if fields:
            card.table_title = replace_sources(table, titles) or title
            card.rows = [(ui.md_escape_inline(col), _cell(replace_sources(val, titles), values))
                         for col, val in fields.items() if val.strip()]
            return card
    card.text_md = _highlight(replace_sources(c.text, titles), values)
    return card


# --------------------------------------------------------------------------- the answer

def lead_of(answer: Answer) -> str:
    """The answer's first paragraph."""
    if answer.lead:
        return answer.lead.strip()
    return (answer.answer or "").strip().split("\n", 1)[0].strip()


def refusal_text(answer: Answer) -> str:
    """A refusal's own sentence, without the list of related passages (shown as cards)."""
    own = t("refusal", answer.language)
    return own if (answer.answer or "").startswith(own) else (answer.answer or "").strip()


def copy_markdown(answer: Answer, lead: str, cited: list[Citation], titles: dict[str, str], lang: str) -> str:
    """The answer and its sources as Markdown for a memo: the lead with its [n] markers,
    then one line per source (title, page or row, year, URL) and the quoted passage (a
    table row as a small table)."""
    lines = [lead, "", f"**{t('sources', lang)}**", ""]
    for c in cited:
        where = place_label(c, lang)
        line = f"[{c.n}] {human_title(c.title, c.source)}" + (f", {where}" if where else "")
        url = ui.safe_url(c.url)
        if url:
            line += f". <{url}>"
        lines.append(line)
        table, fields = parse_row(c.text) if c.kind == "table_row" else ("", {})
        if fields:  # a table row as a small table, never "key: value" text
            lines += ["", f"| {table or t('column', lang)} | |", "|---|---|"]
            lines += [f"| {_cell_md(k)} | {_cell_md(replace_sources(v, titles))} |" for k, v in fields.items() if v.strip()]
        else:
            lines.append(f"> {' '.join(replace_sources(c.text, titles).split())}")
        lines.append("")
    return "\n".join(lines).strip() + "\n"


def _cell_md(text: str) -> str:
    """A cell of a Markdown table: one line, its pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _number(value: str) -> float | None:
    found = extract_numbers(str(value))
    if not found or found[0].kind != "number":
        return None
    try:
        return float(found[0].canon)
    except ValueError:
        return None


def series_points(answer: Answer, titles: dict[str, str]) -> tuple[list[Point], str]:
    """The first series of the answer as chart points (value read from the cited text:
    "11,6" -> 11.6), and its unit."""
    if not answer.series:
        return [], ""
    s = answer.series[0]
    by_n = {c.n: c for c in answer.citations}
    points = []
    for p in s.get("points") or []:
        value = _number(p.get("value", ""))
        if value is None or p.get("year") is None:
            continue
        c = by_n.get(p.get("citation"))
        source = human_title(c.title, c.source) if c else ""
        points.append(Point(int(p["year"]), value, str(p.get("value")), int(p.get("citation") or 0), source,
                            replace_sources(str(s.get("label") or ""), titles)))
    return (sorted(points, key=lambda p: p.year) if len(points) >= 2 else []), str(s.get("unit") or "")


def answer_view(answer: Answer, lang: str, *, turn_id: str, titles: dict[str, str] | None = None,
                contacts: list[Contact] | None = None, filters_active: bool = False) -> AnswerView:
    """Everything the chat shows for ``answer`` (``lang``: the interface language for labels;
    the answer's own text is in the question's language)."""
    titles = {s: human_title(tt, s) for s, tt in (titles or {}).items()}
    prefix = f"vb-{turn_id}"
    if answer.answerable:
        lead = lead_of(answer)
        cited = ui.cited_only(answer.citations, answer.answer)
        # highlighted: the numbers the shown lead takes from each passage
        cards = [card_for(c, lead, lang, titles, f"{prefix}-{c.n}", i == 0) for i, c in enumerate(cited)]
        points, unit = series_points(answer, titles)
        return AnswerView(True, linked_markdown(lead, prefix), cards, copy_markdown(answer, lead, cited, titles, lang),
                          points, unit, filters_active=filters_active)
    related = [c for c in (answer.closest or []) if c.score >= RELATED_MIN_SCORE]
    cards = [card_for(c, "", answer.language, titles, f"{prefix}-{c.n}", False, highlight=False) for c in related]
    text = refusal_text(answer)
    return AnswerView(False, ui.md_escape(text), cards, text + "\n", contacts=list(contacts or []),
                      filters_active=filters_active)


# --------------------------------------------------------------------------- contact points

DEFAULT_CONTACTS = {
    "nl": [Contact("Gemeente Leiden: algemeen contact (telefoon 14 071)", "https://gemeente.leiden.nl/contact/"),
           Contact("Leiden International Centre: vragen van internationals", "https://www.leideninternationalcentre.nl/")],
    "en": [Contact("Municipality of Leiden: general contact (phone 14 071)", "https://gemeente.leiden.nl/contact/"),
           Contact("Leiden International Centre: help for internationals", "https://www.leideninternationalcentre.nl/")],
}


def load_contacts(folder: str | Path | None, lang: str) -> list[Contact]:
    """Where to ask instead, in ``lang``: ``<folder>/contacts.toml`` when the deployment
    has one, else :data:`DEFAULT_CONTACTS`. Each ``[[contact]]`` has ``name`` (text, or a
    table ``{nl = …, en = …}``), ``url`` and optionally ``detail``. A broken file is
    reported in the log and the defaults are used."""
    path = Path(folder) / CONTACTS_FILE if folder else None
    if path is None or not path.is_file():
        return DEFAULT_CONTACTS.get(lang, DEFAULT_CONTACTS["en"])
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        import logging

        logging.getLogger(__name__).warning("%s cannot be read (%s); default contact points shown", path, exc)
        return DEFAULT_CONTACTS.get(lang, DEFAULT_CONTACTS["en"])

    def pick(v) -> str:
        if isinstance(v, dict):
            return str(v.get(lang) or v.get("en") or v.get("nl") or next(iter(v.values()), ""))
        return str(v or "")

    out = [Contact(pick(c.get("name")), ui.safe_url(pick(c.get("url"))), pick(c.get("detail")))
           for c in data.get("contact") or [] if isinstance(c, dict) and pick(c.get("name"))]
    return out or DEFAULT_CONTACTS.get(lang, DEFAULT_CONTACTS["en"])
