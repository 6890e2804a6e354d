"""The chat interface's own words (Dutch and English) and the helpers that turn text
from documents and questions into *inert* Markdown for Streamlit.

Labels
    ``t(key, lang, **fields)`` returns the label in ``"nl"`` or ``"en"``;
    ``ui_language(locale, accept_language)`` picks the interface language from the
    browser (``st.context.locale``, else the ``Accept-Language`` header).

Safe rendering
    Document text and questions are never trusted as markup. :func:`md_escape`
    backslash-escapes every ASCII punctuation character (CommonMark allows that for all
    of them), so ``<script>``, ``![img](http://…)``, ``[link](…)``, ``*``, ``$…$``
    (LaTeX), Streamlit's ``:color[…]`` / ``:material/…:`` directives, emoji short
    codes render as the characters they are; bare ``http://``, ``www.`` and e-mail
    addresses (which GFM links even when escaped) get an invisible word joiner in front
    so they are not linked either. Line structure is kept with hard breaks; leading indentation is dropped so no
    line turns into a code block.

        >>> print(md_escape("<b>13,1%</b> ![x](p.png)"))
        \\<b\\>13\\,1\\%\\<\\/b\\> \\!\\[x\\]\\(p\\.png\\)

    :func:`passage_markdown` escapes a passage and highlights the numbers the answer
    cites from it (``:orange-background[**…**]`` around already escaped text).
"""
from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}

# key: (Dutch, English)
LABELS: dict[str, tuple[str, str]] = {
    "page_title": ("Vraagbaak internationalisering", "Internationalisation Q&A"),
    "title": ("Vraagbaak internationalisering Leiden", "Leiden internationalisation Q&A"),
    "language_short": ("Taal", "Language"),
    "intro": (
        "Stel een vraag over het internationaliseringsbeleid van de gemeente Leiden, in het "
        "Nederlands of in het Engels. Elk antwoord komt letterlijk uit de documenten en noemt "
        "zijn bron met een nummer [1].",
        "Ask a question about the City of Leiden's internationalisation policy, in Dutch or "
        "English. Every answer is taken word for word from the documents and names its "
        "source with a number [1].",
    ),
    "examples": ("Probeer bijvoorbeeld:", "For example:"),
    "chat_placeholder": ("Stel een vraag (Nederlands of Engels)…", "Ask a question (English or Dutch)…"),
    "thinking": ("Zoeken in de documenten…", "Searching the documents…"),
    "new_chat": ("Nieuw gesprek", "New conversation"),
    "ui_language": ("Taal van de interface", "Interface language"),
    "refusal": ("Geen antwoord in de documenten", "No answer in the documents"),
    "sources": ("Bronnen", "Sources"),
    "closest": ("Dichtstbijzijnde passages (geen antwoord op de vraag)",
                "Closest passages (they do not answer the question)"),
    "resolved": ("Gezocht als: {question}", "Searched as: {question}"),
    "page": ("pagina {page}", "page {page}"),
    "year": ("jaar {year}", "year {year}"),
    "row": ("tabelrij", "table row"),
    "open_source": ("Open de bron", "Open the source"),
    "source_file": ("Bestand: {source}", "File: {source}"),
    "ask_failed": ("Er ging iets mis bij het beantwoorden. Probeer het opnieuw.",
                   "Something went wrong while answering. Please try again."),
    "filters_active": ("Gezocht binnen de gekozen filters.", "Searched within the chosen filters."),
    "filters_refusal": ("Er staan filters aan: misschien staat het antwoord in wat ze uitsluiten.",
                        "Filters are on: the answer may be in what they leave out."),
    "clear_filters": ("Filters wissen", "Clear filters"),
    "filters_cleared": ("Filters gewist: stel de vraag opnieuw.", "Filters cleared: ask the question again."),
    "ask_instead": ("Hier kunt u het vragen:", "Where you can ask instead:"),
    "copy": ("Kopieer als Markdown", "Copy as Markdown"),
    "copy_help": ("Het antwoord met bronnen, klaar voor een notitie: kopieer met het icoon rechtsboven.",
                  "The answer with its sources, ready for a memo: copy with the icon at the top right."),
    "column": ("kolom", "column"),
    "value": ("waarde", "value"),
    "chart_year": ("jaar", "year"),
    "chart_value": ("waarde", "value"),
    "chart_source": ("bron", "source"),
    "about": ("Over deze vraagbaak", "About this Q&A"),
    "about_text": (
        "De standaardverzameling bestaat uit twee korte openbare webpagina's van de gemeente Leiden "
        "(een samenvatting van de Monitor internationalisering 2023 en het nieuwsbericht over de Visie "
        "internationalisering) en een zelf samengestelde tabel met openbare feiten uit verschillende "
        "bronnen, elk met een link. Het is dus niet de volledige visie of monitor. Eigen documenten "
        "kunt u toevoegen.",
        "The default collection is two short public web pages of the City of Leiden (a summary of the "
        "Monitor internationalisering 2023 and the news item on the Visie internationalisering) and a "
        "compiled table of public facts from several sources, each with its link. It is not the full "
        "vision or monitor. You can add your own documents.",
    ),
    "about_extractive": (
        "Antwoorden zijn letterlijke fragmenten uit de documenten, met een korte eerste zin die het cijfer "
        "en de bron noemt; elk getal staat in de geciteerde passage of is een getoonde berekening daarvan.",
        "Answers are extracts quoted from the documents, with a short first sentence naming the figure "
        "and its source; every number stands in the cited passage or is a calculation shown from it.",
    ),
    "about_llm": (
        "Antwoorden worden geschreven door een taalmodel op deze server en daarna gecontroleerd: elk getal "
        "moet in een geciteerde passage staan, anders wordt het letterlijke fragment getoond.",
        "Answers are written by a language model on this server and then checked: every number must stand "
        "in a cited passage, otherwise the quoted extract is shown.",
    ),
    # feedback
    "feedback_prompt": ("Was dit antwoord nuttig?", "Was this answer helpful?"),
    "feedback_comment": ("Toelichting (optioneel)", "Comment (optional)"),
    "feedback_comment_help": ("Wat klopte er niet, of wat miste je?", "What was wrong, or what was missing?"),
    "feedback_send": ("Toelichting versturen", "Send comment"),
    "feedback_thanks": ("Bedankt, je feedback is opgeslagen.", "Thank you, your feedback has been saved."),
    "feedback_failed": ("Je feedback kon niet worden opgeslagen.", "Your feedback could not be saved."),
    # sidebar: index
    "indexed": ("Wat is geïndexeerd", "What is indexed"),
    "n_documents": ("Documenten", "Documents"),
    "n_chunks": ("Passages", "Passages"),
    "indexed_at": ("Laatst bijgewerkt: {when}", "Last indexed: {when}"),
    "no_index": ("Er is nog geen index.", "There is no index yet."),
    "document_list": ("Documenten in de index", "Documents in the index"),
    "loading_index": ("Index laden…", "Loading the index…"),
    # sidebar: filters
    "filters": ("Filters", "Filters"),
    "filter_documents": ("Alleen in deze documenten", "Only in these documents"),
    "filter_years": ("Alleen over deze jaren", "Only about these years"),
    "filter_all_documents": ("Alle documenten", "All documents"),
    "filter_all_years": ("Alle jaren", "All years"),
    "filter_help": ("Leeg laten = alles doorzoeken.", "Leave empty to search everything."),
    # sidebar: upload
    "upload": ("Documenten toevoegen", "Add documents"),
    "upload_label": ("PDF, DOCX, HTML, TXT, MD, CSV of XLSX (max. {mb} MB per bestand)",
                     "PDF, DOCX, HTML, TXT, MD, CSV or XLSX (max. {mb} MB per file)"),
    "upload_button": ("Toevoegen aan de index", "Add to the index"),
    "upload_none": ("Kies eerst een of meer bestanden.", "Choose one or more files first."),
    "upload_running": ("Bestanden controleren en indexeren…", "Checking and indexing files…"),
    "upload_done": ("Upload: {ok} toegevoegd, {bad} niet toegevoegd",
                    "Upload: {ok} added, {bad} not added"),
    "upload_keeps_answering": ("De bestaande index blijft intussen antwoorden.",
                               "The existing index keeps answering meanwhile."),
    "status_ingested": ("toegevoegd ({chunks} passages)", "added ({chunks} passages)"),
    "status_unchanged": ("stond al in de index", "was already in the index"),
    "status_rejected": ("geweigerd", "rejected"),
    "status_failed": ("mislukt", "failed"),
    "status_skipped": ("overgeslagen", "skipped"),
    # sidebar: staff
    "staff": ("Voor medewerkers", "For staff"),
    "feedback_count": ("{total} reacties ({up} 👍, {down} 👎)", "{total} responses ({up} 👍, {down} 👎)"),
    "export": ("Feedback exporteren (CSV)", "Export feedback (CSV)"),
}

EXAMPLES: dict[str, tuple[str, ...]] = {
    "nl": (
        "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?",
        "Wanneer is de visie internationalisering vastgesteld?",
    ),
    "en": (
        "How many inhabitants did Leiden have on 1 January 2024?",
        "What share of Leiden residents are internationals?",
    ),
}


def t(key: str, lang: str, **fields) -> str:
    """The label ``key`` in ``lang`` ("nl" or "en"), with ``{fields}`` filled in."""
    nl, en = LABELS[key]
    text = nl if lang == "nl" else en
    return text.format(**fields) if fields else text


def ui_language(locale: str | None = None, accept_language: str | None = None,
                default: str = DEFAULT_LANGUAGE) -> str:
    """"nl" or "en" for a browser locale ("nl-NL", "en-GB") or an Accept-Language header
    ("en-US,en;q=0.9,nl;q=0.8"). Dutch and English map to themselves; any other
    language gets English (an international visitor); nothing known gets ``default``."""
    for raw in (locale, accept_language):
        if not raw:
            continue
        first = raw.split(",")[0].split(";")[0].strip().lower()
        if not first or first == "*":
            continue
        return "nl" if first.startswith("nl") else "en"
    return default


# --------------------------------------------------------------------------- safe markdown

_PUNCT = frozenset(string.punctuation)
# Characters that are invisible or reorder text and could disguise what a passage says.
_INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


# GFM turns bare URLs and e-mail addresses into links *after* parsing (on plain text,
# where backslash escapes are already gone). A word joiner (U+2060, invisible) right
# before "http", "www." and "@" leaves no word boundary there, so nothing is linked.
_AUTOLINK_START = re.compile(r"(?i)(?=https?:|www\.|ftp:|mailto:|xmpp:|@)")
WORD_JOINER = "\u2060"


def _escape_chars(text: str) -> str:
    text = _AUTOLINK_START.sub(WORD_JOINER, text)
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in text)


def _clean(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _INVISIBLE.sub("", text)


def _join_lines(lines: Iterable[str]) -> str:
    """Lines -> Markdown that keeps the line structure: blank lines separate paragraphs,
    other line ends become hard breaks; indentation is dropped (no code blocks)."""
    out: list[str] = []
    paragraph: list[str] = []
    for line in lines:
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            out.append("  \n".join(paragraph))
            paragraph = []
    if paragraph:
        out.append("  \n".join(paragraph))
    return "\n\n".join(out)


def md_escape(text: str) -> str:
    """``text`` as Markdown that renders exactly as the characters of ``text``: no HTML,
    link, image, emphasis, heading, list, table, LaTeX, directive or auto-link."""
    return _join_lines(_escape_chars(line) for line in _clean(text).split("\n"))


def md_escape_inline(text: str) -> str:
    """Like :func:`md_escape` on one line (labels of expanders, status lines)."""
    return _escape_chars(" ".join(_clean(text).split()))


def highlighted_markdown(text: str, spans: Sequence[tuple[int, int]],
                         style: str = "orange-background") -> str:
    """Escape ``text`` and wrap the character ``spans`` (start, end) in
    ``:style[**…**]``. Overlapping or out-of-range spans are merged / clipped. Spans do
    not cross line ends (a span that does is cut at the line end)."""
    text = _clean(text)
    merged: list[list[int]] = []
    for a, b in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        if a >= b:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    lines_out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        pieces: list[str] = []
        cursor = start
        for a, b in merged:
            a, b = max(a, start), min(b, end)
            if a >= b or a < cursor:
                continue
            pieces.append(_escape_chars(text[cursor:a]))
            inner = _escape_chars(text[a:b].strip())
            lead = text[a:b][: len(text[a:b]) - len(text[a:b].lstrip())]
            trail = text[a:b][len(text[a:b].rstrip()):]
            pieces.append(lead + (f":{style}[**{inner}**]" if inner else "") + trail)
            cursor = b
        pieces.append(_escape_chars(text[cursor:end]))
        lines_out.append("".join(pieces))
    return _join_lines(lines_out)


# --------------------------------------------------------------------------- answers and citations

_MARKERS = re.compile(r"\[(\d+)\]")
_SEGMENT = re.compile(r"(.*?)((?:\s*\[\d+\])+)", re.S)


def cited_numbers(answer_text: str) -> set[int]:
    """The citation numbers ``n`` that occur as ``[n]`` in an answer."""
    return {int(n) for n in _MARKERS.findall(answer_text or "")}


def cited_only(citations: Sequence, answer_text: str) -> list:
    """The citations whose ``[n]`` marker the answer uses, in marker order."""
    used = cited_numbers(answer_text)
    return sorted((c for c in citations if c.n in used), key=lambda c: c.n)


def _numbers(text: str):
    try:
        from assistant.numbers import extract_numbers
    except Exception:  # pragma: no cover - numbers module unavailable: no highlighting
        return []
    try:
        return extract_numbers(text)
    except Exception:  # pragma: no cover - a bug there must not break rendering
        return []


def numbers_cited_from(answer_text: str, n: int) -> set[str]:
    """Canonical values of the numbers in the answer's segments that cite ``[n]`` (a
    segment is the text up to a group of markers)."""
    values: set[str] = set()
    for m in _SEGMENT.finditer(answer_text or ""):
        if n in {int(x) for x in _MARKERS.findall(m.group(2))}:
            for mention in _numbers(m.group(1)):
                values.add(mention.canon)
    return values


def cited_number_spans(passage: str, values: set[str]) -> list[tuple[int, int]]:
    """Character spans of the numbers in ``passage`` whose canonical value (or one of
    its parts, e.g. the year of a date) is in ``values``."""
    if not values:
        return []
    spans = []
    for mention in _numbers(_clean(passage)):
        if mention.canon in values or (mention.kind == "date" and values & set(mention.parts)):
            spans.append((mention.start, mention.end))
    return spans


def passage_markdown(passage: str, answer_text: str, n: int) -> str:
    """The passage of citation ``n`` as inert Markdown with the numbers that the answer
    takes from it highlighted."""
    spans = cited_number_spans(passage, numbers_cited_from(answer_text, n))
    return highlighted_markdown(passage, spans)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL without spaces or control characters,
    else None (a ``javascript:`` or ``data:`` link is never offered)."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if len(url) > 2048 or _INVISIBLE.search(url) or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


_LOCATOR_WORDS = {"nl": (("p.", "pagina"), ("table", "tabel"), ("row", "rij")),
                  "en": (("p.", "page"),)}


def locator_label(locator: str | None, lang: str) -> str:
    """The chunker's locator ("p. 3 · Heading", "table 2, row 12") in the interface
    language ("pagina 3 · Heading", "tabel 2, rij 12")."""
    out = (locator or "").strip()
    for word, local in _LOCATOR_WORDS.get(lang, ()):
        out = re.sub(rf"(?<!\w){re.escape(word)} (\d+)", rf"{local} \1", out)
    return out


def citation_label(c, lang: str) -> str:
    """One line for a source card: ``[n] title · page 3 · row 12 · year 2023`` (inert
    Markdown: the title and locator come from the document)."""
    parts = [c.title or c.source]
    locator = (c.locator or "").strip()
    if c.page is not None and not re.match(rf"p\. {int(c.page)}\b", locator):
        parts.append(t("page", lang, page=c.page))
    if locator:
        parts.append(locator_label(locator, lang))
    if c.year:
        parts.append(t("year", lang, year=c.year))
    return f"\\[{int(c.n)}\\] " + md_escape_inline(" · ".join(str(p) for p in parts))


def format_timestamp(raw: str | None) -> str:
    """Manifest time ``2024-11-23T08:47:55+0000`` -> ``2024-11-23 08:47``."""
    if not raw:
        return "—"
    m = re.match(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})", raw)
    return f"{m.group(1)} {m.group(2)}" if m else raw
